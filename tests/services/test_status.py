"""Status changes obey their preconditions whatever path asks for them: the guard registry,
``change_status``, and a plain ``case.move_to(...)`` + ``ctx.cases.save`` (both engines)."""

from __future__ import annotations

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.workflow import IllegalTransition
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.services.status import (
    StatusBlocked,
    change_status,
    guards_for,
    register_guard,
    status_blockers,
)
from tests.workflow_helpers import advance, record_minimum_consents, record_sent_package

S = CaseStatus


def new_case(ctx) -> Case:
    return ctx.cases.create(Case(person=Person(name_latin="Guard Person"),
                                 return_country="GN", counsellor=ctx.user))


def decided(ctx) -> Case:
    return advance(ctx, new_case(ctx), S.COUNSELLING, S.DECISION_TAKEN)


def test_shipped_guards_are_registered():
    assert guards_for(S.CONSENTED) and guards_for(S.HANDED_OVER)
    assert not guards_for(S.COUNSELLING)


def test_consented_needs_consents_1_and_2_on_every_path(ctx):
    case = decided(ctx)
    # change_status says why and changes nothing
    with pytest.raises(StatusBlocked) as info:
        change_status(ctx, case, S.CONSENTED)
    assert len(info.value.reasons) == 2 and "not given" in str(info.value)
    assert ctx.cases.get(case.id).status is S.DECISION_TAKEN
    # the bypass: move_to + save is refused the same way
    case.move_to(S.CONSENTED)
    with pytest.raises(IllegalTransition):
        ctx.cases.save(case)
    assert ctx.cases.get(case.id).status is S.DECISION_TAKEN
    # with the consents it moves, and the change is audited
    case = ctx.cases.get(case.id)
    record_minimum_consents(ctx, case)
    assert status_blockers(ctx, case, S.CONSENTED) == []
    case = change_status(ctx, case, S.CONSENTED)
    assert ctx.cases.get(case.id).status is S.CONSENTED


def test_handed_over_needs_a_sent_handover(ctx):
    from counsel_app.handover.package import move_status

    case = advance(ctx, decided(ctx), S.CONSENTED)
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    case = advance(ctx, case, S.PLAN_READY)
    with pytest.raises(StatusBlocked) as info:
        change_status(ctx, case, S.HANDED_OVER)
    assert "handover" in str(info.value)
    case.move_to(S.HANDED_OVER)
    with pytest.raises(StatusBlocked):
        ctx.cases.save(case)
    with pytest.raises(StatusBlocked):  # the in-transaction path of the handover area
        with ctx.db.session() as session:
            move_status(session, case.id, S.HANDED_OVER)
    assert ctx.cases.get(case.id).status is S.PLAN_READY
    record_sent_package(ctx, case)
    case = change_status(ctx, ctx.cases.get(case.id), S.HANDED_OVER)
    assert ctx.cases.get(case.id).status is S.HANDED_OVER


def test_statuses_without_guards_and_the_workflow_still_apply(ctx):
    case = new_case(ctx)
    with pytest.raises(IllegalTransition):  # the workflow itself
        change_status(ctx, case, S.PLAN_READY)
    case = change_status(ctx, case, S.COUNSELLING)
    case = change_status(ctx, case, S.DECISION_TAKEN, Decision.DECLINED)
    case = change_status(ctx, case, S.CLOSED)
    assert ctx.cases.get(case.id).status is S.CLOSED
    # saving a case without a status change is never checked
    case.person.name_latin = "Guard Person Renamed"
    ctx.cases.save(case)


def test_a_registered_guard_is_asked(sqlite_ctx):
    from counsel_app.services import status

    def no_closing(ctx, case):
        return ["Closing is paused for this test."]

    register_guard(S.CLOSED, no_closing)
    try:
        case = new_case(sqlite_ctx)
        assert status_blockers(sqlite_ctx, case, S.CLOSED) == ["Closing is paused for this test."]
        case.move_to(S.CLOSED)
        with pytest.raises(StatusBlocked):
            sqlite_ctx.cases.save(case)
    finally:
        status._GUARDS[S.CLOSED].remove(no_closing)
