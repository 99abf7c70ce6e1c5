"""Command-line sub-commands, one module per area."""

from __future__ import annotations

#: the largest count or record number a command takes (a larger one overflows the database)
MAX_WHOLE_NUMBER = 1_000_000_000


def whole_number(text: str) -> int:
    """An argparse ``type`` for counts and record numbers (``--limit``, ``--partner``,
    ``--copies``): a whole number from 0 to :data:`MAX_WHOLE_NUMBER`, else one sentence
    (argparse's own ``int`` let 10**25 through to the database, which stopped the command
    with “Something went wrong”)."""
    import argparse

    from counsel_app.i18n import _

    try:
        number = int(text.strip())
    except ValueError:
        number = None
    if number is None or not 0 <= number <= MAX_WHOLE_NUMBER:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number from 0 to {most}").format(
                value=text, most=MAX_WHOLE_NUMBER))
    return number
