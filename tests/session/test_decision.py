"""Voluntariness enforced in the core (both engines, no Qt): the decision service, the status
guard on every path, the guardian's part, and withdrawal that is never refused."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.workflow import IllegalTransition
from counsel_app.services.status import StatusBlocked, change_status, status_blockers
from counsel_app.session.decision import (
    assess_element,
    record_decision,
    save_voluntariness,
    set_guardian,
    start_counselling,
    withdraw_decision,
)
from counsel_app.session.store import SessionStore
from counsel_app.session.voluntariness import DecisionBlocked
from tests.workflow_helpers import advance, assess_voluntariness

S = CaseStatus
ELEMENTS = ("freedom_of_choice", "informed_decision", "legal_capacity")
LABELS = {"freedom_of_choice": "Freedom of choice", "informed_decision": "Informed decision",
          "legal_capacity": "Legal capacity"}


def adult_case(ctx, **person) -> Case:
    person = {"name_latin": "Fatou Camara", "date_of_birth": date(1990, 1, 1), **person}
    case = ctx.cases.create(Case(person=Person(**person), return_country="GN"))
    return start_counselling(ctx, case)


def record_of(ctx, case):
    return SessionStore(ctx.db, ctx.vault.cipher).load(case.id, case.reference)


def assess(ctx, case, **holds):
    record = record_of(ctx, case)
    for key in ELEMENTS:
        assess_element(record, key, holds.get(key, True), "checked")
    save_voluntariness(ctx, case, record)
    return record


@pytest.mark.parametrize("missing", ELEMENTS)
def test_a_return_missing_one_element_is_refused_on_every_path_naming_it(ctx, missing):
    case = adult_case(ctx)
    assess(ctx, case, **{missing: None})
    # the service
    with pytest.raises(DecisionBlocked) as info:
        record_decision(ctx, case, Decision.RETURN, counsellor="ana")
    assert LABELS[missing] in str(info.value) and "not been assessed" in str(info.value)
    # the status service and a screen's blockers
    with pytest.raises(StatusBlocked) as blocked:
        change_status(ctx, case, S.DECISION_TAKEN, Decision.RETURN)
    assert LABELS[missing] in str(blocked.value)
    assert any(LABELS[missing] in r for r in status_blockers(ctx, case, S.DECISION_TAKEN,
                                                             Decision.RETURN))
    # a plain move_to + save, and a decision set by hand
    case.move_to(S.DECISION_TAKEN, Decision.RETURN)
    with pytest.raises(StatusBlocked):
        ctx.cases.save(case)
    stored = ctx.cases.get(case.id)
    assert (stored.status, stored.decision) == (S.COUNSELLING, None)
    assert record_of(ctx, stored).voluntariness.decisions == []


def test_an_element_that_does_not_hold_refuses_the_return(ctx):
    case = adult_case(ctx)
    assess(ctx, case, freedom_of_choice=False)
    with pytest.raises(DecisionBlocked, match="would not be voluntary"):
        record_decision(ctx, case, Decision.RETURN, counsellor="ana")


def test_a_return_with_the_three_elements_is_recorded_and_audited(ctx):
    from counsel_app.security.audit import read_events

    case = adult_case(ctx)
    assess(ctx, case)
    outcome = record_decision(ctx, case, Decision.RETURN, counsellor="ana",
                              note="goes home to open a salon")
    assert (outcome.case.status, outcome.case.decision) == (S.DECISION_TAKEN, Decision.RETURN)
    current = record_of(ctx, case).voluntariness.current
    assert current.decision == "return" and current.counsellor == "ana"
    assert any(e.action == "decision" and e.detail == "return"
               for e in read_events(ctx, reference=case.reference))


@pytest.mark.parametrize("decision", [Decision.NEEDS_MORE_TIME, Decision.DECLINED])
def test_needs_more_time_and_declined_need_no_check(ctx, decision):
    case = adult_case(ctx, date_of_birth=None)  # not assessed, age unknown: no matter
    outcome = record_decision(ctx, case, decision, counsellor="ana")
    assert outcome.case.decision is decision
    # nor through the status service
    case = ctx.cases.create(Case(person=Person(name_latin="Other"), return_country="GN"))
    case = change_status(ctx, start_counselling(ctx, case), S.DECISION_TAKEN, decision)
    assert case.status is S.DECISION_TAKEN


def test_a_child_needs_the_guardians_decision_and_best_interests_recorded(ctx):
    case = adult_case(ctx, date_of_birth=date(2014, 5, 5))
    record = assess(ctx, case)
    with pytest.raises(DecisionBlocked) as info:
        record_decision(ctx, case, Decision.RETURN, counsellor="ana", record=record)
    assert "minor" in str(info.value) and "best-interests" in str(info.value)
    with pytest.raises(StatusBlocked, match="guardian"):
        change_status(ctx, case, S.DECISION_TAKEN, Decision.RETURN)
    set_guardian(record, name="Mariama Sow", relation="mother", contact="+224 620 00 00 00",
                 decision="agrees", best_interests_ref="BID-2026-017")
    save_voluntariness(ctx, case, record)
    assert record_decision(ctx, case, Decision.RETURN, counsellor="ana").case.status \
        is S.DECISION_TAKEN
    stored = record_of(ctx, case).voluntariness.guardian
    assert (stored.name, stored.decision, stored.best_interests_ref) == (
        "Mariama Sow", "agrees", "BID-2026-017")


def test_an_element_withdrawn_after_the_decision_stops_every_later_step(ctx):
    case = advance(ctx, adult_case(ctx), S.DECISION_TAKEN)
    record = record_of(ctx, case)
    assess_element(record, "freedom_of_choice", False, "her family pushes her to go")
    save_voluntariness(ctx, case, record)
    from tests.workflow_helpers import record_minimum_consents

    record_minimum_consents(ctx, case)
    with pytest.raises(StatusBlocked, match="must still be voluntary"):
        change_status(ctx, case, S.CONSENTED)


def test_withdrawing_the_decision_is_never_refused(ctx):
    case = advance(ctx, adult_case(ctx), S.DECISION_TAKEN, S.CONSENTED)
    record = record_of(ctx, case)
    assess_element(record, "freedom_of_choice", None)  # whatever the elements say now
    save_voluntariness(ctx, case, record)
    outcome = withdraw_decision(ctx, case, counsellor="ana", note="wants to stay")
    assert outcome.case.status is S.COUNSELLING and outcome.case.decision is None
    assert outcome.consent_withdrawn
    history = record_of(ctx, case).voluntariness
    assert history.current is None and history.decisions[-1].withdrawn
    from counsel_app.consent.purposes import Purpose
    from counsel_app.consent.service import load_state

    assert not load_state(ctx, case.reference).is_given(Purpose.RETURN_DECISION)


def test_a_handed_over_case_can_still_go_back_when_the_person_changes_their_mind(ctx):
    from counsel_app.plan.samples import sample_plan
    from counsel_app.plan.service import PlanService

    case = advance(ctx, adult_case(ctx), S.DECISION_TAKEN, S.CONSENTED)
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    case = advance(ctx, case, S.PLAN_READY, S.HANDED_OVER)
    outcome = record_decision(ctx, case, Decision.NEEDS_MORE_TIME, counsellor="ana")
    assert outcome.case.status is S.DECISION_TAKEN and outcome.consent_withdrawn


def test_a_decision_cannot_be_changed_by_hand_at_the_same_status(ctx):
    case = adult_case(ctx)
    case = record_decision(ctx, case, Decision.DECLINED, counsellor="ana").case
    case.decision = Decision.RETURN  # no move: a door around the guard
    with pytest.raises(IllegalTransition):
        ctx.cases.save(case)
    assert ctx.cases.get(case.id).decision is Decision.DECLINED


def test_the_status_cannot_be_set_by_hand_past_the_workflow(ctx):
    case = adult_case(ctx)
    case.status = S.ARRIVED  # no guard on arrived: the workflow still holds
    with pytest.raises(IllegalTransition):
        ctx.cases.save(case)
    assert ctx.cases.get(case.id).status is S.COUNSELLING


def test_a_test_helper_assessment_is_what_the_app_records(ctx):
    case = adult_case(ctx, date_of_birth=None)
    assess_voluntariness(ctx, case)
    assert record_decision(ctx, case, Decision.RETURN, counsellor="ana").case.status \
        is S.DECISION_TAKEN
