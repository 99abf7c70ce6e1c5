"""argparse's own messages (``usage:``, “the following arguments are required”, “invalid
choice”…) in the interface language.

argparse looks its messages up through the module-level ``_`` it imported from
:mod:`gettext`, which has no catalog for them; :func:`install` points it at the app's
catalog, where the messages below are translated like any other. A message argparse words
differently in another Python version stays in English (never an error).
"""

from __future__ import annotations

import argparse

from counsel_app.i18n import N_, _, ngettext

#: the messages a user can see (Python 3.11's wording); marked for extraction
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def install() -> None:
    """Make argparse translate through the interface catalog (idempotent)."""
    argparse._ = _  # type: ignore[attr-defined]  # noqa: SLF001 - argparse's lookup
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
