"""A child with a health need, returning from Tunis to Conakry through Istanbul: the case,
its consents (sharing with the office, health included), screening, plan and travel
details, built the way the app builds them (services, guards), never by a back door."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus, Decision, Sex
from counsel_app.travel.model import (
    Companion,
    Escort,
    Fitness,
    Itinerary,
    Leg,
    Reception,
    TransitPoint,
    TravelDocument,
    TravelRecord,
)

TODAY = date.today()
DEPART = TODAY  # the departure is marked on the day
CHILD = "Mariama Test-Diallo"
ADULT = "Ibrahima Escort-Test"
ESCORT = "Dr Aminata Medic-Test"
MEDICINES = "salbutamol inhaler"
HEALTH_NOTE = "severe asthma"


def child_case(ctx, office_fingerprint: str = "", office_name: str = "", *,
               travel: TravelRecord | None = None,
               until: CaseStatus = CaseStatus.PLAN_READY) -> Case:
    """A 15-year-old flagged as an unaccompanied child with health needs, the screening's
    steps ticked (fitness to travel and the escort decision are the travel record's: pass
    ``travel`` to record them before the plan is marked ready), consented (sharing with the
    office, health data included, when an office is given), plan saved; stops at ``until``
    (*consented* or *plan ready*)."""
    from counsel_app.consent import Capacity, Choice, Circumstances, Guardian, record
    from counsel_app.consent.purposes import Method, Purpose
    from counsel_app.plan.store import PlanRepository
    from counsel_app.services.status import change_status
    from counsel_app.session.decision import record_decision
    from counsel_app.session.record import SessionRecord
    from counsel_app.session.store import SessionStore
    from counsel_app.travel.service import TravelService
    from tests.handover.helpers import make_plan
    from tests.workflow_helpers import assess_voluntariness

    case = ctx.cases.create(Case(
        person=Person(name_native=CHILD, name_latin=CHILD, sex=Sex.FEMALE,
                      date_of_birth=TODAY.replace(year=TODAY.year - 15) - timedelta(days=3),
                      nationality="GN", languages=["fr"], preferred_language="fr"),
        counsellor="admin", host_country="TN", return_country="GN", return_town="Conakry"))
    store = SessionStore(ctx.db, ctx.vault.cipher)
    session = SessionRecord(case.id, case.reference)
    session.screening.set_flag("child", True, "")
    session.screening.set_flag("health", True, HEALTH_NOTE)
    for step in ("guardian", "best_interests", "family_assessment", "accompaniment",
                 "reception_care", "continuity_of_care"):
        session.screening.mark_step(step, True)
    store.save_part(session, "screening")
    case = change_status(ctx, case, CaseStatus.COUNSELLING)
    assess_voluntariness(ctx, case)  # the three elements, and the guardian for a child
    case = record_decision(ctx, case, Decision.RETURN, counsellor=ctx.user).case
    choices = [Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True)]
    if office_fingerprint:
        choices += [Choice(Purpose.SHARE_WITH_RECIPIENT, True, office_fingerprint, office_name),
                    Choice(Purpose.SHARE_HEALTH_DATA, True)]
    record(ctx, case.reference, choices,
           Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                         at=datetime.now().astimezone(), teach_back_done=True,
                         teach_back_note="Goes home and can stop at any time.",
                         capacity=Capacity(guardian=Guardian("Test Guardian", "guardian",
                                                             "+000 000 000"),
                                           best_interests_ref="BID-TEST-1")))
    case = change_status(ctx, case, CaseStatus.CONSENTED)
    PlanRepository(ctx.db, ctx.vault.cipher).save(make_plan(case.reference), user="admin")
    if travel is not None:
        travel.reference = case.reference
        TravelService(ctx).save(case, travel)
    if until is CaseStatus.CONSENTED:
        return case
    return change_status(ctx, case, CaseStatus.PLAN_READY)


def travel_record(reference: str = "", *, with_adult: bool = True) -> TravelRecord:
    """Documents issued, cleared fit, a medical escort, Tunis → Istanbul → Conakry today,
    the reception requested."""
    at = datetime.combine(DEPART, datetime.min.time())
    return TravelRecord(
        reference=reference,
        documents=[TravelDocument("person", "laissez_passer", "issued", "Consulate of Guinea, Tunis",
                                  TODAY - timedelta(days=20), None, TODAY - timedelta(days=2),
                                  TODAY + timedelta(days=60))],
        fitness=Fitness("fit", TODAY - timedelta(days=3), "Dr Test, Tunis clinic", MEDICINES),
        escort=Escort("medical", "asthma attacks on long flights", ESCORT, "+216 20 111 222",
                      TODAY - timedelta(days=3)),
        itinerary=Itinerary(
            departure_date=DEPART, meeting_point="Tunis-Carthage, terminal 1, 05:00",
            departure_contact="Counsellor on duty", departure_phone="+216 71 000 000",
            legs=[Leg("TUN", "IST", "TK 662", at.replace(hour=7, minute=30),
                      at.replace(hour=11, minute=5)),
                  Leg("IST", "CKY", "TK 553", at.replace(hour=13, minute=40),
                      at.replace(hour=18, minute=55))],
            transits=[TransitPoint("IST", "Transit desk, gate area", "Transit assistant",
                                   "+90 212 000 00 00")],
            luggage="23 kg + 8 kg cabin", bring=["travel_document", "this_sheet", "medicines"],
            accompanying_adult=Companion(ADULT if with_adult else "",
                                         "escort" if with_adult else "",
                                         "+216 20 333 444" if with_adult else "")),
        reception=Reception("Reception office staff", "Conakry airport, arrivals hall",
                            "+224 620 00 00 00", "Office car to Conakry centre",
                            "Transit centre, Conakry (3 nights)",
                            at.replace(hour=10) + timedelta(days=1), "Office, Kaloum"),
    )
