import pytest

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus as S
from counsel_app.domain.enums import Decision
from counsel_app.domain.workflow import TRANSITIONS, IllegalTransition
from counsel_app.errors import ValidationError

HAPPY_PATH = [S.COUNSELLING, S.DECISION_TAKEN, S.CONSENTED, S.PLAN_READY, S.HANDED_OVER,
              S.DEPARTED, S.ARRIVED, S.FOLLOW_UP, S.CLOSED]


def test_full_return_path():
    case = Case()
    for target in HAPPY_PATH:
        case.move_to(target, Decision.RETURN if target is S.DECISION_TAKEN else None)
    assert case.status is S.CLOSED
    assert case.decision is Decision.RETURN


def test_declined_is_recorded_and_closes():
    case = Case(status=S.COUNSELLING)
    case.move_to(S.DECISION_TAKEN, Decision.DECLINED)
    assert case.decision is Decision.DECLINED
    with pytest.raises(IllegalTransition):
        case.move_to(S.CONSENTED)
    case.move_to(S.CLOSED)
    assert case.status is S.CLOSED


def test_needs_more_time_returns_to_counselling_and_clears_decision():
    case = Case(status=S.COUNSELLING)
    case.move_to(S.DECISION_TAKEN, Decision.NEEDS_MORE_TIME)
    case.move_to(S.COUNSELLING)
    assert case.status is S.COUNSELLING and case.decision is None


def test_reopen_closed_case():
    case = Case(status=S.CLOSED, decision=Decision.DECLINED)
    case.move_to(S.COUNSELLING)
    assert case.status is S.COUNSELLING and case.decision is None


def test_decision_needed_to_take_decision():
    case = Case(status=S.COUNSELLING)
    with pytest.raises(ValidationError):
        case.move_to(S.DECISION_TAKEN)
    assert case.status is S.COUNSELLING


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_illegal_transition_names_both_states(current, target):
    if target in TRANSITIONS[current]:
        return
    case = Case(status=current, decision=Decision.RETURN)
    with pytest.raises(IllegalTransition) as info:
        case.move_to(target, Decision.RETURN)
    message = str(info.value)
    assert current.label in message and target.label in message
    assert case.status is current


def test_transition_table_covers_every_status():
    assert set(TRANSITIONS) == set(S)


def test_departure_sits_between_handover_and_arrival_and_can_be_cancelled():
    case = Case(status=S.PLAN_READY, decision=Decision.RETURN)
    with pytest.raises(IllegalTransition):
        case.move_to(S.DEPARTED)  # the handover (with the reception request) comes first
    case.move_to(S.HANDED_OVER)
    case.move_to(S.DEPARTED)
    case.move_to(S.HANDED_OVER)  # the flight was missed: departure cancelled
    case.move_to(S.DEPARTED)
    case.move_to(S.ARRIVED)
    assert case.status is S.ARRIVED
    with pytest.raises(IllegalTransition):
        case.move_to(S.DEPARTED)
