"""The travel phase end to end through the services, across a sending station and the
office in the country of return: documents, clearance, escort, itinerary, the reception
request in the handover, the office's confirmation in its acknowledgement, the departure
(refused while the child's escort is missing), the arrival."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError
from counsel_app.handover.ack import export_ack
from counsel_app.handover.package import export_handover, import_package
from counsel_app.services.status import StatusBlocked
from counsel_app.travel.service import TravelService
from tests.handover.helpers import pair
from tests.travel.helpers import ADULT, ESCORT, HEALTH_NOTE, MEDICINES, child_case, travel_record


def test_a_child_with_a_health_need_departs_only_when_everything_is_ready(tmp_path):
    sender, office = pair(tmp_path)
    office_fp = office.keys.station().fingerprint
    ctx = sender.ctx
    case = child_case(ctx, office_fp, office.name, until=CaseStatus.CONSENTED)
    travel = TravelService(ctx)

    # the escort decision and the clearance answer the screening's steps: until they are
    # recorded in the travel record, the plan cannot be marked ready
    checklist = travel.checklist(case)
    steps = {i.key: i for i in checklist.items if i.key.startswith("step:")}
    assert not steps["step:medical_escort"].done and steps["step:medical_escort"].where == \
        "departure"
    from counsel_app.plan.service import PlanService
    from counsel_app.services.status import status_blockers

    blockers = " ".join(status_blockers(ctx, case, CaseStatus.PLAN_READY))
    assert "Decision on a medical escort taken" in blockers
    assert "Fitness to travel assessed" in blockers
    record = travel_record(case.reference, with_adult=False)
    record = travel.save(case, record)
    case = PlanService(ctx).mark_ready(case.reference)
    checklist = travel.checklist(case)
    items = {i.key: i for i in checklist.items}
    assert items["step:medical_escort"].done and items["step:fitness_to_travel"].done
    assert not items["child_escort"].done  # no adult named yet to accompany the child
    assert items["document:person"].done
    assert not items["reception_confirmed"].done

    # not handed over yet: the workflow refuses the departure outright
    with pytest.raises(UserError):
        travel.depart(case.reference)

    # the handover carries the route and the reception request, and (health consent
    # given) the clearance and the escort's kind
    result = export_handover(ctx, case.reference, office_fp, tmp_path / "h.cahp",
                             receipt_pdf=False)
    assert "travel" in result.shared and "health" in result.shared
    received = import_package(office.ctx, tmp_path / "h.cahp")
    data = received.content["data"]
    assert [leg["destination"] for leg in data["travel"]["legs"]] == ["IST", "CKY"]
    assert data["travel"]["reception"]["meeting_point"] == "Conakry airport, arrivals hall"
    assert data["health"]["travel"]["escort"]["kind"] == "medical"
    assert "documents" not in data["travel"]  # travel documents stay at the station
    assert HEALTH_NOTE not in str(data["travel"])

    # the office confirms the reception and says so in its acknowledgement
    office_travel = TravelService(office.ctx)
    local = office.ctx.cases.get_by_reference(received.local_reference)
    assert office_travel.received_request(local)["request_id"] == record.request_id()
    office_travel.answer_reception(received.local_reference, "confirmed",
                                   contact_name="Mr Camara-Test",
                                   contact_phone="+224 620 55 55 55")
    export_ack(office.ctx, received.local_reference, tmp_path / "a1.cahp")
    import_package(ctx, tmp_path / "a1.cahp")

    case = ctx.cases.get(case.id)
    assert case.status is CaseStatus.HANDED_OVER
    items = {i.key: i for i in travel.checklist(case).items}
    assert items["reception_confirmed"].done
    # the child's escort is still missing: the departure is refused, and says why
    with pytest.raises(StatusBlocked) as refused:
        travel.depart(case.reference)
    assert "An adult accompanies the child throughout the journey" in str(refused.value)
    assert ctx.cases.get(case.id).status is CaseStatus.HANDED_OVER

    # the adult is named (who accompanies the child is not part of what the office
    # confirms): the checklist is complete
    record = travel.record(case)
    record.itinerary.accompanying_adult.name = ADULT
    record.itinerary.accompanying_adult.role = "escort"
    travel.save(case, record)
    assert travel.checklist(case).complete, travel.checklist(case).blockers()

    case = travel.depart(case.reference)
    assert case.status is CaseStatus.DEPARTED
    assert travel.record(case).departed_on == date.today()

    # arrival: recorded by the office, carried back, the sender's case moves on
    from counsel_app.followup.service import FollowupService

    FollowupService(office.ctx).record_arrival(received.local_reference, date.today(), True)
    export_ack(office.ctx, received.local_reference, tmp_path / "a3.cahp")
    import_package(ctx, tmp_path / "a3.cahp")
    assert ctx.cases.get(case.id).status is CaseStatus.ARRIVED


def test_the_travel_sheet_never_shows_health_unless_asked(tmp_path):
    sender, office = pair(tmp_path)
    ctx = sender.ctx
    case = child_case(ctx, travel=travel_record())
    travel = TravelService(ctx)
    from pypdf import PdfReader

    path = tmp_path / "sheet.pdf"
    travel.render_sheet(case.reference, "en", out=path)
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert len(PdfReader(path).pages) <= 2
    assert "TK 553" in text and "Conakry" in text and ADULT in text and ESCORT in text
    for secret in (MEDICINES, HEALTH_NOTE, "medical", "Medical", "asthma", "child",
                   "Unaccompanied"):
        assert secret not in text, secret
    record = travel.record(case)
    record.sheet.show_health = True
    travel.save(case, record)
    travel.render_sheet(case.reference, "en", out=path)
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert MEDICINES in text and "asthma" not in text


def test_a_route_changed_after_the_confirmation_needs_a_new_one(tmp_path):
    from counsel_app.travel.checklist import Facts, build_checklist
    from tests.travel.helpers import child_case as _unused  # noqa: F401
    from counsel_app.domain.case import Case, Person

    case = Case(reference="AVRR-2026-000001", return_country="GN",
                person=Person(name_latin="Adult Test", date_of_birth=date(1990, 1, 1)))
    record = travel_record(case.reference)
    answer = {"state": "confirmed", "request_id": record.request_id(),
              "answered_on": "2026-12-01"}
    facts = Facts(case=case, record=record, answer=answer, plan_problems=[])
    assert {i.key for i in build_checklist(facts).open_items} == set()
    item = {i.key: i for i in build_checklist(facts).items}["reception_confirmed"]
    assert item.detail == "confirmed on Dec 1, 2026"  # the day as the screens show it
    record.itinerary.legs[1].carrier = "TK 555"
    item = {i.key: i for i in build_checklist(facts).items}["reception_confirmed"]
    assert item.state == "open" and "changed since" in item.detail
    assert "confirmed the request of Dec 1, 2026;" in item.detail
    answer["state"] = "not_possible"
    answer["note"] = "no staff on that day"
    item = {i.key: i for i in build_checklist(facts).items}["reception_confirmed"]
    assert item.state == "open" and "no staff on that day" in item.detail
    assert "(Dec 1, 2026)" in item.detail and "2026-12-01" not in item.detail


def test_overdue_documents_are_reminded_across_cases(sqlite_ctx):
    from datetime import timedelta

    from counsel_app.travel.model import TravelDocument

    case = child_case(sqlite_ctx, travel=travel_record())
    travel = TravelService(sqlite_ctx)
    record = travel.record(case)
    record.documents = [TravelDocument("person", "laissez_passer", "requested", "Consulate",
                                       date.today() - timedelta(days=10),
                                       date.today() - timedelta(days=2))]
    travel.save(case, record)
    notes = travel.open_reminders()
    assert [(c.reference, n.field) for c, n in notes] == [(case.reference, "documents[0]")]
    assert "Overdue" in notes[0][1].text and "laissez-passer" in notes[0][1].text


def test_a_supervisor_may_waive_the_confirmation_and_the_person_departs(sqlite_ctx):
    from counsel_app.services.status import change_status
    from counsel_app.waivers import service as waivers
    from tests.workflow_helpers import record_sent_package

    ctx = sqlite_ctx
    case = child_case(ctx, travel=travel_record())
    record_sent_package(ctx, case)
    case = change_status(ctx, case, CaseStatus.HANDED_OVER)
    travel = TravelService(ctx)
    assert [i.key for i in travel.checklist(case).open_items] == ["reception_confirmed"]
    # only through the travel service: a plain status change is refused
    with pytest.raises(StatusBlocked) as refused:
        change_status(ctx, case, CaseStatus.DEPARTED)
    assert "travel depart" in str(refused.value)
    assert "travel:reception_confirmed" in {i.key for i in waivers.open_items(ctx, case)}
    waivers.waive(ctx, case, "travel:reception_confirmed",
                  "Confirmed by phone with the office, written confirmation follows.")
    item = {i.key: i for i in travel.checklist(case).items}["reception_confirmed"]
    assert item.state == "waived" and item.waiver.by == "admin"
    case = travel.depart(case.reference)
    assert case.status is CaseStatus.DEPARTED
    # the departure did not happen after all: back to handed over, the day cleared
    case = travel.cancel_departure(case.reference, "The flight was cancelled by the airline.")
    assert case.status is CaseStatus.HANDED_OVER and travel.record(case).departed_on is None
