"""Bring a test case along the workflow the way the app does: each guarded status with its
real precondition (the three voluntariness elements assessed and the decision recorded
through the session's service, consents (1) and (2) recorded, a valid plan saved, a sent
handover package recorded), never by skipping it."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus, Decision

AT = datetime(2026, 11, 20, 10, 30, tzinfo=timezone.utc)


def record_minimum_consents(ctx, case: Case) -> None:
    """Consents (1) decision to return and (2) data processing, given with teach-back (and
    a guardian when the person's age is unknown or they are a minor)."""
    from counsel_app.consent import Capacity, Choice, Circumstances, Guardian, record
    from counsel_app.consent.purposes import Method, Purpose

    capacity = {}
    minor = case.person.is_minor_on(AT.date())
    if minor is None or minor:
        capacity["capacity"] = Capacity(
            guardian=Guardian("Test Guardian", "guardian", "+000 000 000"),
            best_interests_ref="BID-TEST-1")
    record(ctx, case.reference,
           [Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True)],
           Circumstances(language="en", method=Method.PAPER_SIGNATURE, counsellor="admin",
                         at=AT, teach_back_done=True,
                         teach_back_note="Goes home and can stop at any time.", **capacity))


def assess_voluntariness(ctx, case: Case) -> None:
    """The three elements assessed and holding, with notes; for a minor or a person whose
    age is not known, the guardian's decision and the best-interests reference."""
    from counsel_app.session.decision import assess_element, save_voluntariness, set_guardian
    from counsel_app.session.store import SessionStore

    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    for key in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        assess_element(record, key, True, "Checked with the person, in their language.")
    minor = case.person.is_minor_on(AT.date())
    if minor is None or minor:
        set_guardian(record, name="Test Guardian", relation="guardian",
                     contact="+000 000 000", decision="agrees",
                     best_interests_ref="BID-TEST-1")
    save_voluntariness(ctx, case, record, store)


def record_sent_package(ctx, case: Case) -> None:
    """A handover package recorded as sent for the case (what an export leaves)."""
    from counsel_app.handover.models import HandoverPackageRow
    from counsel_app.handover.package import content_aad

    package_id = uuid.uuid4().hex
    now = datetime.now(timezone.utc)
    with ctx.db.session() as session:
        session.add(HandoverPackageRow(
            package_id=package_id, kind="handover", direction="sent", case_id=case.id,
            remote_reference="", peer_fingerprint="test-office", created_at=now,
            recorded_at=now, recorded_by=ctx.user,
            content_enc=ctx.vault.cipher.encrypt_json({"test": True},
                                                      content_aad(package_id))))


def advance(ctx, case: Case, *targets: CaseStatus,
            decision: Decision = Decision.RETURN) -> Case:
    """Move ``case`` through ``targets`` in order, meeting each precondition for real.
    *plan ready* needs the case's plan saved beforehand (the caller's own plan)."""
    from counsel_app.services.status import change_status

    from counsel_app.session.decision import record_decision

    for target in targets:
        if target is CaseStatus.DECISION_TAKEN:
            if decision is Decision.RETURN:
                assess_voluntariness(ctx, case)
            case = record_decision(ctx, case, decision, counsellor=ctx.user).case
            continue
        if target is CaseStatus.CONSENTED:
            record_minimum_consents(ctx, case)
        elif target is CaseStatus.HANDED_OVER:
            record_sent_package(ctx, case)
        case = change_status(ctx, case, target)
    return case


def record_travel_decisions(ctx, case: Case, *, clearance: bool = True,
                            escort: bool = True) -> None:
    """The screening's "fitness to travel assessed" and "decision on a medical escort taken"
    are the travel record's medical clearance and escort decision (one fact each): record
    them the way the Departure step does (cleared fit today; no escort needed)."""
    from datetime import date

    from counsel_app.travel.service import TravelService

    service = TravelService(ctx)
    record = service.record(case)
    if clearance:
        record.fitness.clearance, record.fitness.assessed_on = "fit", date.today()
    if escort:
        record.escort.kind = "none"
    service.save(case, record)


def complete_next_steps(ctx, case: Case) -> None:
    """Every step the stored screening requires, done: the ticks in the screening, and the
    decisions the travel record holds (see :func:`record_travel_decisions`)."""
    from counsel_app.session.store import SessionStore

    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    for step in record.screening.required():
        record.screening.mark_step(step.key, True)
    store.save_part(record, "screening")
    keys = {r.key for r in record.screening.required()}
    if keys & {"fitness_to_travel", "medical_escort"}:
        record_travel_decisions(ctx, case, clearance="fitness_to_travel" in keys,
                                escort="medical_escort" in keys)
