"""The vulnerability screening's required next steps, enforced where it matters (Qt-free).

Each step the screening's flags require (:func:`counsel_app.session.screening.required_steps`:
fitness to travel, a decision on a medical escort, a best-interests assessment...) must be
done, or waived by a supervisor with a written reason (:mod:`counsel_app.waivers`), before
the case may be marked *plan ready* or *handed over*. The guards below hold on every path;
:func:`next_step_reasons` is the plain rule, :func:`next_step_blockers` reads a stored case.

Waiver item keys: ``"screening:<step key>"``.

A step answered by another area's fact (:mod:`counsel_app.services.step_facts`: the escort
decision and the medical clearance recorded in the Departure step) is done when the fact
says so, never by a tick here: ``facts`` maps such step keys to done / not done.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus
from counsel_app.i18n import _
from counsel_app.services.status import StatusChange, register_guard
from counsel_app.session.record import Screening, StepState
from counsel_app.session.screening import FLAGS, STEPS, RequiredStep
from counsel_app.waivers.service import WaivableItem, register_waivable, waived_items

PREFIX = "screening:"


def item_key(step: str) -> str:
    return f"{PREFIX}{step}"


def _done(screening: Screening, key: str, facts: Mapping[str, bool] | None) -> bool:
    if facts is not None and key in facts:
        return facts[key]
    return screening.steps.get(key, StepState()).done


def open_steps(screening: Screening, waived: Collection[str] = (),
               facts: Mapping[str, bool] | None = None) -> list[RequiredStep]:
    """The required steps neither done nor waived (``waived``: item keys in force;
    ``facts``: steps answered by another area's record, key -> done)."""
    return [r for r in screening.required()
            if not _done(screening, r.key, facts) and item_key(r.key) not in waived]


def next_step_reasons(screening: Screening, waived: Collection[str] = (),
                      facts: Mapping[str, bool] | None = None) -> list[str]:
    """One sentence per required step that is neither done nor waived (translated)."""
    return [_("“{step}” (required by {flags}) is not done, and no supervisor has waived "
              "it.").format(step=_(r.label), flags=", ".join(_(FLAGS[f][0]) for f in r.flags))
            for r in open_steps(screening, waived, facts)]


def step_facts(ctx, case: Case, screening: Screening) -> dict[str, bool]:
    """The required steps of ``screening`` that another area's record answers: key -> done."""
    from counsel_app.services.step_facts import fact_keys, step_fact

    keys = fact_keys() & {r.key for r in screening.required()}
    return {key: step_fact(ctx, case, key).done for key in keys}


def stored_screening(ctx, case: Case) -> Screening:
    from counsel_app.session.store import SessionStore

    data, _version = SessionStore(ctx.db, ctx.vault.cipher).load_part(
        case.id, case.reference, "screening")
    return Screening.from_json(data)


def next_step_blockers(ctx, case: Case) -> list[str]:
    """Why ``case`` cannot move on yet for its screening (stored steps and waivers)."""
    screening = stored_screening(ctx, case)
    return next_step_reasons(screening, waived_items(ctx, case),
                             step_facts(ctx, case, screening))


def _next_steps_guard(ctx, change: StatusChange) -> list[str]:
    """*Plan ready* and *handed over*: every required next step done or waived."""
    return next_step_blockers(ctx, change.case)


def _waivable_steps(ctx, case: Case) -> list[WaivableItem]:
    screening = stored_screening(ctx, case)
    return [WaivableItem(item_key(r.key), r.label, tuple(FLAGS[f][0] for f in r.flags))
            for r in open_steps(screening, (), step_facts(ctx, case, screening))]


register_guard(CaseStatus.PLAN_READY, _next_steps_guard)
register_guard(CaseStatus.HANDED_OVER, _next_steps_guard)
register_waivable(PREFIX, _waivable_steps,
                  lambda key: STEPS.get(key[len(PREFIX):]) if key.startswith(PREFIX) else None)
