"""Bring a test case along the workflow the way the app does: each guarded status with its
real precondition (consents (1) and (2) recorded, a valid plan saved, a sent handover
package recorded), never by skipping it."""

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

    for target in targets:
        if target is CaseStatus.CONSENTED:
            record_minimum_consents(ctx, case)
        elif target is CaseStatus.HANDED_OVER:
            record_sent_package(ctx, case)
        case = change_status(ctx, case, target,
                             decision if target is CaseStatus.DECISION_TAKEN else None)
    return case
