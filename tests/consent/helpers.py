"""Shared builders for the consent tests."""

from __future__ import annotations

from datetime import date, datetime, timezone

from counsel_app.consent import Capacity, Choice, Circumstances, Guardian, InterpreterInfo
from counsel_app.consent.purposes import Method, Purpose
from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus

AT = datetime(2026, 11, 20, 10, 30, tzinfo=timezone.utc)
OFFICE = "IOM-GN-CKY"
PARTNER = "NGO-GN-42"


def adult() -> Person:
    return Person(name_latin="Fatou Camara", date_of_birth=date(1990, 1, 1), nationality="GN",
                  languages=["fr"], preferred_language="fr")


def minor() -> Person:
    return Person(name_latin="Ibrahima Sow", date_of_birth=date(2012, 5, 5), nationality="GN")


def make_case(ctx, person: Person | None = None, *, decided: bool = True) -> Case:
    case = ctx.cases.create(Case(person=person or adult(), return_country="GN",
                                 host_country="TN", counsellor="admin"))
    if decided:
        from tests.workflow_helpers import advance

        case = advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN)
    return case


def circumstances(**overrides) -> Circumstances:
    values = dict(
        language="en", method=Method.PAPER_SIGNATURE, counsellor="admin", at=AT,
        interpreter=InterpreterInfo(True, "ff", "INT-07"), teach_back_done=True,
        teach_back_note="She said she goes home in March and can stop at any time.",
    )
    values.update(overrides)
    return Circumstances(**values)


def guardian_capacity() -> Capacity:
    return Capacity(guardian=Guardian("Mariama Sow", "mother", "+224 620 00 00 00"),
                    best_interests_ref="BID-2026-017")


def all_given(recipient: str = OFFICE) -> list[Choice]:
    return [
        Choice(Purpose.RETURN_DECISION, True),
        Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, recipient, "IOM Conakry"),
        Choice(Purpose.SHARE_HEALTH_DATA, True),
        Choice(Purpose.FOLLOW_UP_CONTACT, True),
        Choice(Purpose.KEEP_ID_DOCUMENTS, True),
    ]
