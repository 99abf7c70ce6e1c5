"""Screening, voluntariness and assessment rules: plain data, no Qt, no database."""

from datetime import date

import pytest

from counsel_app.domain.case import Case, HouseholdMember, Person
from counsel_app.domain.enums import Decision, ReasonCategory, Relation
from counsel_app.errors import UserError
from counsel_app.session import assessment as A
from counsel_app.session.record import Screening
from counsel_app.session.screening import (
    FLAGS,
    RULES,
    STEPS,
    Flag,
    required_steps,
    strictly_confidential,
    suggested_flags,
)
from counsel_app.session.voluntariness import (
    DecisionBlocked,
    Voluntariness,
    blocking_reasons,
    record_decision,
)


def keys(flags):
    return [s.key for s in required_steps(flags)]


def test_every_domain_category_is_screened_and_has_a_next_step():
    assert set(FLAGS) == set(RULES) and len(FLAGS) == 12
    for flag, steps in RULES.items():
        assert steps, flag
        assert set(steps) <= STEPS.keys()


def test_child_requires_guardian_best_interests_family_assessment_and_accompaniment():
    assert keys({Flag.CHILD})[:4] == ["guardian", "best_interests", "family_assessment",
                                       "accompaniment"]


def test_health_requires_fitness_escort_and_continuity_of_care():
    assert keys({Flag.HEALTH}) == ["fitness_to_travel", "medical_escort", "continuity_of_care"]


def test_trafficking_requires_risk_assessment_and_strict_confidentiality():
    steps = keys({Flag.TRAFFICKING})
    assert {"risk_assessment", "strict_confidentiality", "no_sharing_without_agreement"} <= set(steps)
    assert strictly_confidential({Flag.TRAFFICKING})
    assert not strictly_confidential({Flag.HEALTH, Flag.CHILD})


def test_a_step_required_by_two_flags_is_listed_once_naming_both():
    steps = required_steps({Flag.HEALTH, Flag.PREGNANCY})
    fitness = [s for s in steps if s.key == "fitness_to_travel"]
    assert len(fitness) == 1 and set(fitness[0].flags) == {Flag.HEALTH, Flag.PREGNANCY}


def test_no_flags_no_steps_and_unknown_flag_is_refused():
    assert required_steps(set()) == []
    with pytest.raises(ValueError):
        required_steps({"bogus"})


def test_open_steps_shrink_as_steps_are_done():
    s = Screening()
    s.set_flag(Flag.HEALTH, True)
    assert s.open_steps() == ["fitness_to_travel", "medical_escort", "continuity_of_care"]
    s.mark_step("medical_escort", True)
    assert s.open_steps() == ["fitness_to_travel", "continuity_of_care"]
    assert s.steps["medical_escort"].done_at
    s.set_flag(Flag.HEALTH, False)
    assert s.open_steps() == []


def test_suggestions_from_intake_data():
    today = date(2026, 11, 22)
    child = Case(person=Person(name_latin="A", date_of_birth=date(2011, 1, 1)))
    assert [s.flag for s in suggested_flags(child, today)] == [Flag.CHILD]
    with_parent = Case(person=Person(name_latin="A", date_of_birth=date(2011, 1, 1)),
                       household=[HouseholdMember(Relation.PARENT, "M", 40, True)])
    assert suggested_flags(with_parent, today) == []
    mother = Case(person=Person(name_latin="B", date_of_birth=date(1990, 1, 1)),
                  household=[HouseholdMember(Relation.CHILD, "C", 4, True)],
                  reason=ReasonCategory.TRAFFICKING_VICTIM)
    assert {s.flag for s in suggested_flags(mother, today)} == {Flag.SINGLE_PARENT,
                                                               Flag.TRAFFICKING}


def assessed(**holds):
    vol = Voluntariness()
    for key, value in holds.items():
        vol.elements[key].holds = value
        vol.elements[key].note = "noted"
    return vol


def test_return_needs_all_three_elements():
    vol = assessed(freedom_of_choice=True, informed_decision=True)
    reasons = blocking_reasons(vol, Decision.RETURN)
    assert len(reasons) == 1 and "Legal capacity" in reasons[0]
    vol.elements["freedom_of_choice"].holds = False
    reasons = blocking_reasons(vol, Decision.RETURN)
    assert any("would not be voluntary" in r and "Freedom of choice" in r for r in reasons)
    vol = assessed(freedom_of_choice=True, informed_decision=True, legal_capacity=True)
    assert blocking_reasons(vol, Decision.RETURN) == []


def test_needs_more_time_and_declined_are_always_recordable():
    vol = assessed(freedom_of_choice=False)
    for decision in (Decision.NEEDS_MORE_TIME, Decision.DECLINED):
        rec = record_decision(vol, decision, counsellor="ana", decided_on=date(2026, 11, 22),
                              note="wants to talk to family")
        assert rec.decision == decision.value and rec.counsellor == "ana"
    assert [d.decision for d in vol.decisions] == ["needs_more_time", "declined"]


def test_blocked_return_is_not_recorded():
    vol = assessed(freedom_of_choice=True)
    with pytest.raises(DecisionBlocked) as info:
        record_decision(vol, Decision.RETURN, counsellor="ana", decided_on=date(2026, 11, 22))
    assert len(info.value.reasons) == 2 and vol.decisions == []


CHILD = Person(name_latin="Ibrahima Sow", date_of_birth=date(2014, 5, 5))
ADULT = Person(name_latin="Fatou Camara", date_of_birth=date(1990, 1, 1))
ON = date(2026, 11, 22)


def test_child_return_needs_the_guardians_decision_and_best_interests_in_fields():
    vol = assessed(freedom_of_choice=True, informed_decision=True, legal_capacity=True)
    assert blocking_reasons(vol, Decision.RETURN, ADULT, ON) == []
    reasons = blocking_reasons(vol, Decision.RETURN, CHILD, ON)
    assert len(reasons) == 1 and "minor" in reasons[0]
    for missing in ("who the guardian is", "guardian's decision", "best-interests"):
        assert missing in reasons[0]
    vol.guardian.name, vol.guardian.relation = "Mariama Sow", "mother"
    vol.guardian.decision = "agrees"
    reasons = blocking_reasons(vol, Decision.RETURN, CHILD, ON)
    assert "best-interests" in reasons[0] and "who the guardian is" not in reasons[0]
    vol.guardian.best_interests_ref = "BID-2026-017"
    assert blocking_reasons(vol, Decision.RETURN, CHILD, ON) == []
    vol.guardian.decision = "does_not_agree"
    assert "does not agree" in blocking_reasons(vol, Decision.RETURN, CHILD, ON)[0]
    # a note under legal capacity is not the guardian's decision
    note_only = assessed(freedom_of_choice=True, informed_decision=True, legal_capacity=True)
    note_only.elements["legal_capacity"].note = "Guardian: her mother, agrees, BID-2026-017"
    assert blocking_reasons(note_only, Decision.RETURN, CHILD, ON)


def test_an_adult_without_capacity_or_of_unknown_age_needs_a_guardian_too():
    vol = assessed(freedom_of_choice=True, informed_decision=True, legal_capacity=True)
    vol.guardian.lacks_capacity = True
    assert "lack the capacity" in blocking_reasons(vol, Decision.RETURN, ADULT, ON)[0]
    unknown = Person(name_latin="No Age")
    vol.guardian.lacks_capacity = False
    assert "age is not known" in blocking_reasons(vol, Decision.RETURN, unknown, ON)[0]
    # saying no never needs a guardian
    assert blocking_reasons(vol, Decision.DECLINED, unknown, ON) == []


def test_a_withdrawn_decision_no_longer_stands():
    from counsel_app.session.voluntariness import record_withdrawal

    vol = assessed(freedom_of_choice=True, informed_decision=True, legal_capacity=True)
    assert record_withdrawal(vol, counsellor="ana") is None  # nothing stands
    record_decision(vol, Decision.RETURN, counsellor="ana", decided_on=ON, person=ADULT)
    assert vol.current.decision == "return"
    entry = record_withdrawal(vol, counsellor="ana", note="wants to stay")
    assert entry.withdrawn and vol.current is None and len(vol.decisions) == 2
    assert Voluntariness.from_json(vol.to_json()).current is None


def test_a_decision_needs_a_counsellor_and_a_date_not_in_the_future():
    vol = Voluntariness()
    with pytest.raises(DecisionBlocked) as info:
        record_decision(vol, Decision.DECLINED, counsellor=" ",
                        decided_on=date.today().replace(year=date.today().year + 1))
    assert len(info.value.reasons) == 2 and vol.decisions == []


def test_voluntariness_round_trips_through_json():
    vol = assessed(freedom_of_choice=True, informed_decision=True, legal_capacity=True)
    record_decision(vol, "return", counsellor="ana", decided_on=date(2026, 11, 22))
    again = Voluntariness.from_json(vol.to_json())
    assert again.to_json() == vol.to_json() and again.current.decision == "return"


def test_assessment_scores_range_and_dimension_scores():
    cfg = A.DEFAULT_CONFIG
    assert {i.dimension for i in cfg.indicators} == set(A.DIMENSIONS)
    a = A.Assessment()
    assert A.dimension_score(a, cfg, "economic") is None  # never a made-up zero
    A.set_score(a, cfg, "income", 1)
    A.set_score(a, cfg, "food", 5)
    assert A.dimension_score(a, cfg, "economic") == pytest.approx(0.5)
    assert A.overall_score(a, cfg) == pytest.approx(0.5)
    with pytest.raises(UserError):
        A.set_score(a, cfg, "income", 9)
    with pytest.raises(UserError):
        A.set_score(a, cfg, "nope", 3)
    A.set_score(a, cfg, "income", None)
    assert A.dimension_score(a, cfg, "economic") == pytest.approx(1.0)


def test_assessment_config_weights_from_json(tmp_path):
    path = tmp_path / "cfg.json"
    path.write_text('{"scale": [0, 4], "indicators": ['
                    '{"key": "a", "dimension": "economic", "weight": 3},'
                    '{"key": "b", "dimension": "economic", "weight": 1}]}')
    cfg = A.load_config(path)
    a = A.Assessment(scores={"a": 4, "b": 0})
    assert A.dimension_score(a, cfg, "economic") == pytest.approx(0.75)
    path.write_text('{"indicators": [{"key": "a", "dimension": "spiritual"}]}')
    with pytest.raises(UserError, match="not valid"):
        A.load_config(path)
    with pytest.raises(UserError, match="Cannot read"):
        A.load_config(tmp_path / "missing.json")
