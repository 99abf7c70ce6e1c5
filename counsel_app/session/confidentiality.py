"""Strict confidentiality: one rule, held at every door (no Qt, no widget decides it).

A vulnerability flag is *strictly confidential* when it is one of trafficking, gender-based
violence or risk linked to sexual orientation or gender identity (always), or one the
centre marks so (the centre setting ``strictly_confidential_flags``, kept in the database so
every station of the centre applies the same list: :func:`mark_flags`, ``counsel-app case
confidential-flags``, ``counsel-app settings set`` and the Settings dialog all change it
through :func:`counsel_app.settings.update`, administrators only, audited).

What such a flag says about the person (the flag, its note, and the screening steps that
only such a flag requires, such as "strict confidentiality" or "GBV referral") is the
``confidential`` data category. It leaves the station only with consent (7), "sharing what
makes my case strictly confidential", given for that very recipient
(:data:`counsel_app.consent.rules.CATEGORY_PURPOSE`). The doors:

* handover package: :func:`counsel_app.handover.sources.build_bundle` files it under
  ``confidential`` (not under ``assessments`` or ``health``); the consent filter drops it
  without that consent, and the package's list of withheld parts never names it (that list
  goes to the office: naming it would tell them the case has something to hide); the
  case's tracked referrals go there too (a referral to a GBV or anti-trafficking partner
  would tell the flag, and a partner's type does not say which partners those are);
* monitoring export: the figures by vulnerability category leave these flags out;
* printed plan, handout and travel sheet: carry no screening data at all (tests keep it so);
* the subject-access copy to the person shows everything, these flags included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from counsel_app.errors import ValidationError
from counsel_app.i18n import _
from counsel_app.session.screening import CONFIDENTIAL_FLAGS, FLAGS, RULES

#: Always strictly confidential, whatever the centre sets.
ALWAYS: frozenset[str] = CONFIDENTIAL_FLAGS
#: The data category a handover files the confidential part under.
CATEGORY = "confidential"
SETTING_KEY = "strictly_confidential_flags"


def centre_marked(db) -> frozenset[str]:
    """The flags the centre marked strictly confidential on top of :data:`ALWAYS`."""
    from counsel_app import settings

    return frozenset(settings.get(db, SETTING_KEY))


def confidential_flags(ctx) -> frozenset[str]:
    """Every flag that is strictly confidential at this centre."""
    return ALWAYS | centre_marked(ctx.db)


def mark_flags(ctx, flags: Iterable[str]) -> frozenset[str]:
    """Set the flags the centre marks strictly confidential (besides :data:`ALWAYS`).

    Needs the settings permission; audited. An unknown flag is refused and nothing changes.
    Returns the full set now in force."""
    from counsel_app import settings
    from counsel_app.security.roles import Permission

    ctx.require(Permission.SETTINGS)
    wanted = [str(f).strip() for f in flags if str(f).strip()]
    unknown = sorted(set(wanted) - FLAGS.keys())
    if unknown:
        raise ValidationError(
            _("“{flag}” is not a vulnerability flag; the flags are: {flags}.").format(
                flag=unknown[0], flags=", ".join(FLAGS)), "flags")
    extra = sorted(set(wanted) - ALWAYS, key=list(FLAGS).index)
    settings.update(ctx, {SETTING_KEY: extra})
    return ALWAYS | frozenset(extra)


def is_strictly_confidential(flags: Iterable[str], marked: Iterable[str] = ALWAYS) -> bool:
    """Whether any of ``flags`` is strictly confidential (``marked``: the centre's set)."""
    return bool(set(flags) & set(marked))


def confidential_steps(flags: Iterable[str], marked: Iterable[str] = ALWAYS) -> frozenset[str]:
    """The screening steps that would tell a reader a confidential flag is set: those a
    confidential flag requires and none of the case's other flags does."""
    flags, marked = set(flags), set(marked)
    by_confidential = {s for f in marked for s in RULES.get(f, ())}
    by_others = {s for f in flags - marked for s in RULES.get(f, ())}
    return frozenset(by_confidential - by_others)


def split_screening(flags: Mapping[str, str], steps: Mapping[str, Any],
                    marked: Iterable[str] = ALWAYS
                    ) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
    """The screening's flags (flag -> note) and steps cut in two: what may travel with the
    rest of the case, and the confidential part (``{"flags": ..., "steps": ...}``, empty
    when the case has no confidential flag)."""
    marked = set(marked)
    secret_steps = confidential_steps(flags.keys(), marked)
    open_flags = {f: n for f, n in flags.items() if f not in marked}
    open_steps = {k: v for k, v in steps.items() if k not in secret_steps}
    part: dict[str, Any] = {}
    hidden_flags = {f: n for f, n in flags.items() if f in marked}
    hidden_steps = {k: v for k, v in steps.items() if k in secret_steps}
    if hidden_flags or hidden_steps:
        part = {"flags": hidden_flags, "steps": hidden_steps}
    return open_flags, open_steps, part


def shown_withheld(withheld: Iterable[str]) -> list[str]:
    """The withheld parts a package or its receipt may name (never the confidential one)."""
    return [w for w in withheld if w != CATEGORY]
