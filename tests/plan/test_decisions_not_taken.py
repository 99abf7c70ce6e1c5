"""A plan never prints a decision that was not taken, and an empty plan is never ready."""

from __future__ import annotations

import re
from datetime import date

import pytest

from counsel_app.domain.enums import CaseStatus
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.plan.model import (
    ArrivalArrangements,
    ReintegrationPlan,
    plan_from_data,
    plan_to_data,
)
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import ready_reasons
from tests.documents.helpers import flat

REF = "AVRR-2026-000123"


@pytest.mark.parametrize("escort", [None, True, False])
def test_the_escort_decision_round_trips_including_not_decided(escort):
    plan = ReintegrationPlan(REF, arrival=ArrivalArrangements(medical_escort=escort))
    assert plan_from_data(plan_to_data(plan)).arrival.medical_escort is escort


def test_a_plan_stored_before_undecided_existed_is_not_read_as_a_no():
    data = plan_to_data(ReintegrationPlan(REF))
    data["arrival"].pop("medical_escort_decided")
    data["arrival"]["medical_escort"] = False  # what the unticked box stored
    assert plan_from_data(data).arrival.medical_escort is None
    data["arrival"]["medical_escort"] = True
    assert plan_from_data(data).arrival.medical_escort is True


def test_the_printed_plan_says_not_yet_decided_never_no():
    plan = sample_plan(REF, "en")
    plan.arrival.medical_escort = None
    plan.arrival.medical_escort_details = ""
    doc = PlanDocument(plan, person_name="Sample Person", country="NG", is_sample=True,
                       printed_on=date(2026, 11, 22))
    text = flat(render_plan(doc, "en"))
    assert "Medical escort Not yet decided" in text or "Medical escort: Not yet decided" in text
    assert not re.search(r"Medical escort:? No\b", text)


def test_an_empty_plan_is_never_ready_and_says_what_is_missing():
    empty = ReintegrationPlan(REF)
    reasons = ready_reasons(CaseStatus.CONSENTED, empty.validate(), has_plan=True, plan=empty)
    assert len(reasons) == 2
    assert "no type of assistance" in reasons[0] and "no goal" in reasons[1]
    full = sample_plan(REF, "fr")
    assert ready_reasons(CaseStatus.CONSENTED, full.validate(), has_plan=True, plan=full) == []
    goals_only = sample_plan(REF, "fr")
    goals_only.assistance = []
    assert ready_reasons(CaseStatus.CONSENTED, [], has_plan=True, plan=goals_only)


def test_the_service_and_the_guard_refuse_an_empty_plan(ctx):
    from counsel_app.domain.case import Case, Person
    from counsel_app.plan.service import PlanService
    from counsel_app.services.status import StatusBlocked, change_status, status_blockers
    from tests.workflow_helpers import advance

    case = ctx.cases.create(Case(person=Person(name_latin="Empty Plan",
                                               date_of_birth=date(1990, 1, 1)),
                                 return_country="GN"))
    case = advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)
    service = PlanService(ctx)
    service.save(service.get(case.reference))  # saved as it opens: nothing in it
    assert any("no type of assistance" in r for r in status_blockers(ctx, case,
                                                                     CaseStatus.PLAN_READY))
    with pytest.raises(StatusBlocked, match="no goal"):
        change_status(ctx, case, CaseStatus.PLAN_READY)
