"""Two stations (separate data folders and SQLite databases) and a consented case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from counsel_app.consent.purposes import EventKind, Method, Purpose
from counsel_app.consent.rules import ConsentEvent, ConsentState
from counsel_app.domain.case import Case, HouseholdMember, Person
from counsel_app.domain.enums import CaseStatus, Decision, ReasonCategory, Relation, Sex
from counsel_app.handover.keys import KeyStore
from counsel_app.handover.sources import HandoverSources
from counsel_app.session.record import SessionRecord
from counsel_app.session.store import SessionStore
from counsel_app.storage import migrate
from counsel_app.storage.db import Database

NAME = "Fatoumata Kanté-Testperson"
PHONE = "+224 620 11 22 33"
ASYLUM_NOTE = "asylum claim rejected at second instance"
HEALTH_NOTE = "insulin-dependent diabetes"
SKILLS = "tailoring, 6 years"

PLAN_ACTIONS = ["Buy a sewing machine", "Rent a market stall"]
MEDICAL_DETAIL = "monthly insulin supply"


def make_plan(reference: str):
    from counsel_app.plan.model import Action, Assistance, Dimension, Goal, ReintegrationPlan

    return ReintegrationPlan(
        reference=reference,
        summary={Dimension.ECONOMIC: "Open a tailoring workshop"},
        assistance=[Assistance("micro_business", "tailoring workshop"),
                    Assistance("medical", MEDICAL_DETAIL, True)],
        goals=[Goal("Workshop", Dimension.ECONOMIC,
                    [Action("returnee", PLAN_ACTIONS[0]), Action("mentor", PLAN_ACTIONS[1])])],
        place_of_return="Kindia",
    )


@dataclass
class Station:
    name: str
    ctx: object
    folder: Path

    @property
    def keys(self) -> KeyStore:
        return KeyStore(self.ctx)


def make_station(tmp_path: Path, name: str) -> Station:
    from tests.conftest import make_context

    folder = tmp_path / name
    folder.mkdir()
    db = Database(f"sqlite:///{folder / 'counsel.sqlite'}")
    migrate.upgrade(db)
    ctx = make_context(db)
    station = Station(name, ctx, folder)
    station.keys.station(name=name)
    return station


def pair(tmp_path: Path) -> tuple[Station, Station]:
    """A sending station (host country) and a receiving office, trusting each other."""
    sender = make_station(tmp_path, "Tunis counselling office")
    office = make_station(tmp_path, "Conakry reintegration office")
    introduce(sender, office)
    introduce(office, sender)
    return sender, office


def introduce(a: Station, b: Station) -> None:
    """``a`` imports ``b``'s public key file (as a person would, checking the fingerprint)."""
    path = b.folder / "station-key.json"
    b.keys.export_bundle(path)
    bundle = a.keys.read_bundle(path)
    a.keys.import_bundle(bundle, role="office", expected_fingerprint=bundle["fingerprint"])


def event(seq: int, purpose: Purpose, kind: EventKind = EventKind.GIVEN,
          recipient: str = "") -> ConsentEvent:
    return ConsentEvent(seq=seq, event_id=str(uuid.uuid4()), kind=kind, purpose=purpose,
                        recipient_id=recipient,
                        recorded_at=datetime(2026, 11, 20, 10, seq, tzinfo=timezone.utc),
                        text_id=seq, text_version=1, text_language="fr",
                        method=Method.PAPER_SIGNATURE)


def consents(recipient: str, *, health=False, contact=False, share=True,
             withdrawn_share=False) -> list[ConsentEvent]:
    events = [event(1, Purpose.RETURN_DECISION), event(2, Purpose.DATA_PROCESSING)]
    if share:
        events.append(event(3, Purpose.SHARE_WITH_RECIPIENT, recipient=recipient))
    if health:
        events.append(event(4, Purpose.SHARE_HEALTH_DATA))
    if contact:
        events.append(event(5, Purpose.FOLLOW_UP_CONTACT))
    if withdrawn_share:
        events.append(event(6, Purpose.SHARE_WITH_RECIPIENT, EventKind.WITHDRAWN, recipient))
    return events


def sources_for(events: list[ConsentEvent]) -> HandoverSources:
    """The real plan and session sources, with the consent history given here."""
    def consent_state(ctx, case):
        return ConsentState.from_events(case.reference, events)

    return HandoverSources(consent_state=consent_state)


BASELINE = {"income": 1, "work": 2, "debt": 2, "food": 3, "economic_satisfaction": 1,
            "housing": 2, "education": 3, "justice": 3, "health": 2, "documents": 4,
            "networks": 3, "participation": 2, "belonging": 3, "safety": 3, "wellbeing": 2}


def consented_case(station: Station, *, country: str = "GN") -> Case:
    """A case at *plan ready* with screening (health and trafficking flags) and a baseline."""
    ctx = station.ctx
    case = ctx.cases.create(Case(
        person=Person(name_native=NAME, name_latin=NAME, sex=Sex.FEMALE,
                      date_of_birth=date(1994, 3, 2), nationality=country,
                      languages=["fr"], preferred_language="fr", phone=PHONE),
        household=[HouseholdMember(Relation.CHILD, "Awa Testchild", 5, True)],
        counsellor="admin", host_country="TN", return_country=country,
        return_town="Kindia", reason=ReasonCategory.ASYLUM_REJECTED, reason_note=ASYLUM_NOTE,
    ))
    from counsel_app.plan.store import PlanRepository
    from tests.workflow_helpers import advance

    case = advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)
    PlanRepository(ctx.db, ctx.vault.cipher).save(make_plan(case.reference), user="admin")
    case = advance(ctx, case, CaseStatus.PLAN_READY)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = SessionRecord(case.id, case.reference)
    record.screening.set_flag("health", True, HEALTH_NOTE)
    record.screening.set_flag("trafficking", True, "")
    for step in record.screening.required():  # each required next step done, as before handover
        record.screening.mark_step(step.key, True)
    record.assessment.scores.update(BASELINE)
    record.assessment.skills = SKILLS
    store.save_part(record, "screening")
    from tests.workflow_helpers import record_travel_decisions

    record_travel_decisions(ctx, case)  # fitness to travel and the escort: the travel record
    store.save_part(record, "assessment")
    return case


def handed_over(tmp_path: Path, *, contact: bool = False, departure: date | None = None,
                ) -> tuple[Station, Station, Case, str]:
    """A consented case handed over by a first station and imported by a second (the
    office): ``(sender, office, case, the case's reference at the office)``; with
    ``departure``, the sender recorded that day of departure with the travel first."""
    from counsel_app.handover.package import export_handover, import_package

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    if departure is not None:
        from counsel_app.travel.service import TravelService

        travel = TravelService(sender.ctx)
        record = travel.record(case)
        record.itinerary.departure_date = departure
        travel.save(case, record)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp, contact=contact)), receipt_pdf=False)
    return sender, office, case, import_package(office.ctx, tmp_path / "p.cahp").local_reference
