"""Marking a plan ready (both engines): the service's reasons, the guard on every path
(``mark_ready``, ``change_status``, a plain ``move_to`` + save)."""

from __future__ import annotations

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.domain.workflow import IllegalTransition
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.services.status import StatusBlocked, guards_for, status_blockers
from tests.workflow_helpers import advance

S = CaseStatus


def decided(ctx) -> Case:
    case = ctx.cases.create(Case(person=Person(name_latin="Ready Person"),
                                 return_country="GN", counsellor=ctx.user))
    return advance(ctx, case, S.COUNSELLING, S.DECISION_TAKEN)


def test_plan_ready_has_a_guard():
    assert guards_for(S.PLAN_READY)


def test_plan_ready_needs_a_valid_plan_within_the_ceiling(ctx):
    case = advance(ctx, decided(ctx), S.CONSENTED)
    service = PlanService(ctx)
    assert "not been saved" in " ".join(status_blockers(ctx, case, S.PLAN_READY))
    case.move_to(S.PLAN_READY)
    with pytest.raises(StatusBlocked):
        ctx.cases.save(case)
    case = ctx.cases.get(case.id)
    plan = service.save(sample_plan(case.reference, "fr"))
    service.set_ceiling("GNF", plan.budget_total - 1)  # over by one franc
    with pytest.raises(StatusBlocked) as info:
        service.mark_ready(case.reference)
    assert "ceiling" in str(info.value)
    assert ctx.cases.get(case.id).status is S.CONSENTED
    service.set_ceiling("GNF", plan.budget_total)
    case = service.mark_ready(case.reference)
    assert case.status is S.PLAN_READY and ctx.cases.get(case.id).status is S.PLAN_READY


def test_plan_ready_needs_a_consented_case(ctx):
    case = decided(ctx)
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    reasons = PlanService(ctx).ready_blockers(case.reference)
    assert any("not consented" in r for r in reasons)
    with pytest.raises(IllegalTransition):
        PlanService(ctx).mark_ready(case.reference)


def test_the_over_ceiling_warning_names_amounts_in_the_interface_language():
    from decimal import Decimal

    from counsel_app.i18n import set_interface_language
    from counsel_app.plan.model import (
        BudgetLine,
        GrantCeiling,
        OverCeiling,
        ReintegrationPlan,
        save_blockers,
    )

    plan = ReintegrationPlan("AVRR-2026-000001", currency="GNF",
                             budget=[BudgetLine("Machine", Decimal("10400000"))])
    ceiling = GrantCeiling(Decimal("10000000"), "GNF")
    problems = plan.validate(ceiling)
    assert [type(p) for p in problems] == [OverCeiling] and save_blockers(problems) == []
    assert "GNF10,400,000" in str(problems[0]) and "GNF10,000,000" in str(problems[0])
    set_interface_language("fr")
    try:
        assert "10\u202f400\u202f000" in str(plan.validate(ceiling)[0])
    finally:
        set_interface_language("en")
