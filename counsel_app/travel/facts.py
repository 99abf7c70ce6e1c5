"""The travel record answers two of the screening's required steps (one fact each).

* ``medical_escort`` ("decision on a medical escort taken") is the escort decision;
* ``fitness_to_travel`` ("assessed by a medical professional") is the medical clearance,
  done once its result (fit, or not fit) is recorded.

(``accompaniment``, "accompaniment throughout the journey arranged", stays a tick of the
screening: it is arranged before the plan is ready; *who* accompanies the child on the
journey is the itinerary's accompanying adult, an item of the pre-departure checklist.)

Registered with :mod:`counsel_app.services.step_facts`; the screening screen shows these
steps read-only, pointing to the Departure step where they are recorded.
"""

from __future__ import annotations

from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.services.step_facts import StepFact, register_step_fact
from counsel_app.travel.model import CLEARANCES, COMPANION_ROLES, ESCORTS, TravelRecord

WHERE = "departure"


def _record(ctx, case) -> TravelRecord:
    from counsel_app.travel.store import TravelRepository

    return TravelRepository(ctx.db, ctx.vault.cipher).get(case.reference)


def escort_fact(record: TravelRecord) -> StepFact:
    e = record.escort
    if not e.kind:
        return StepFact(False, _("Escort: not decided yet (Departure step)."), WHERE)
    text = _("Escort: {kind}").format(kind=_(ESCORTS[e.kind]))
    if e.reason:
        text += f" — {e.reason}"
    return StepFact(True, text, WHERE)


def fitness_fact(record: TravelRecord) -> StepFact:
    f = record.fitness
    label = _(CLEARANCES.get(f.clearance, f.clearance))
    if f.clearance in ("fit", "not_fit"):
        when = f" ({show_date(f.assessed_on, interface_language())})" if f.assessed_on else ""
        return StepFact(True, _("Medical clearance: {state}").format(state=label) + when, WHERE)
    return StepFact(False, _("Medical clearance: {state} (Departure step).").format(
        state=label), WHERE)


def accompaniment_fact(record: TravelRecord) -> StepFact:
    adult = record.itinerary.accompanying_adult
    if not adult.name.strip():
        return StepFact(False, _("No adult named yet to accompany the child throughout "
                                 "(Departure step)."), WHERE)
    role = _(COMPANION_ROLES[adult.role][0]) if adult.role in COMPANION_ROLES else ""
    return StepFact(True, _("Accompanied throughout by {name}").format(
        name=adult.name) + (f" ({role})" if role else ""), WHERE)


register_step_fact("medical_escort", lambda ctx, case: escort_fact(_record(ctx, case)))
register_step_fact("fitness_to_travel", lambda ctx, case: fitness_fact(_record(ctx, case)))
