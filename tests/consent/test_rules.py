"""Teach-back, legal capacity and the other rules for recording a consent (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counsel_app.consent import (
    Capacity,
    Choice,
    ConsentEvent,
    ConsentRequired,
    ConsentState,
    EventKind,
    Guardian,
    InterpreterInfo,
    Purpose,
    blocking_reasons,
)
from counsel_app.domain.case import Person
from tests.consent.helpers import AT, OFFICE, adult, circumstances, guardian_capacity, minor

GIVE = [Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True)]
REFUSE = [Choice(Purpose.RETURN_DECISION, False), Choice(Purpose.DATA_PROCESSING, False)]


def test_an_adult_with_teach_back_can_consent():
    assert blocking_reasons(adult(), circumstances(), GIVE) == []


@pytest.mark.parametrize("done, note", [(False, "explained"), (True, "  "), (False, "")])
def test_consent_cannot_be_informed_without_teach_back_check_and_note(done, note):
    reasons = blocking_reasons(adult(), circumstances(teach_back_done=done,
                                                      teach_back_note=note), GIVE)
    assert len(reasons) == 1 and "teach-back" in reasons[0]


def test_a_refusal_needs_neither_teach_back_nor_guardian():
    assert blocking_reasons(minor(), circumstances(teach_back_done=False,
                                                   teach_back_note=""), REFUSE) == []


def test_a_minor_cannot_consent_alone_and_the_reason_says_so():
    reasons = blocking_reasons(minor(), circumstances(), GIVE)
    assert len(reasons) == 1
    assert "minor" in reasons[0]
    assert "guardian" in reasons[0] and "best-interests" in reasons[0]


def test_a_minor_with_guardian_and_best_interests_reference_can_consent():
    assert blocking_reasons(minor(), circumstances(capacity=guardian_capacity()), GIVE) == []


def test_a_guardian_without_contact_or_a_missing_reference_still_blocks():
    half = Capacity(guardian=Guardian("Mariama Sow", "mother", ""), best_interests_ref="")
    reasons = blocking_reasons(minor(), circumstances(capacity=half), GIVE)
    assert "guardian's name, relation or role and contact" in reasons[0]
    assert "best-interests determination" in reasons[0]
    no_ref = Capacity(guardian=guardian_capacity().guardian, best_interests_ref="")
    reasons = blocking_reasons(minor(), circumstances(capacity=no_ref), GIVE)
    assert "best-interests" in reasons[0] and "contact" not in reasons[0]


def test_minority_is_judged_on_the_day_of_consent():
    eighteen_tomorrow = Person(name_latin="A", date_of_birth=date(2008, 11, 21))
    assert blocking_reasons(eighteen_tomorrow, circumstances(), GIVE)  # AT is 2026-11-20
    later = circumstances(at=AT + timedelta(days=1))
    assert blocking_reasons(eighteen_tomorrow, later, GIVE) == []


def test_an_adult_without_capacity_needs_a_guardian():
    reasons = blocking_reasons(adult(), circumstances(capacity=Capacity(lacks_capacity=True)),
                               GIVE)
    assert "capacity" in reasons[0]
    ok = Capacity(lacks_capacity=True, guardian=guardian_capacity().guardian,
                  best_interests_ref="BID-1")
    assert blocking_reasons(adult(), circumstances(capacity=ok), GIVE) == []


def test_unknown_age_blocks_until_age_or_guardian_is_recorded():
    reasons = blocking_reasons(Person(name_latin="X"), circumstances(), GIVE)
    assert "age is not known" in reasons[0]


def test_sharing_needs_a_named_recipient_and_an_interpreter_needs_details():
    reasons = blocking_reasons(
        adult(), circumstances(interpreter=InterpreterInfo(True, "", "")),
        [Choice(Purpose.SHARE_WITH_RECIPIENT, True, "")])
    assert any("Name the office" in r for r in reasons)
    assert any("interpreter" in r for r in reasons)


def test_the_same_consent_twice_is_refused():
    reasons = blocking_reasons(adult(), circumstances(),
                               [Choice(Purpose.DATA_PROCESSING, True),
                                Choice(Purpose.DATA_PROCESSING, False)])
    assert any("twice" in r for r in reasons)


def test_reasons_are_translated(monkeypatch):
    from counsel_app.consent import rules

    monkeypatch.setattr(rules, "_", lambda s: "«" + s + "»")
    reasons = blocking_reasons(minor(), circumstances(), GIVE)
    assert reasons[0].startswith("«")


def _state(*items):
    events = [ConsentEvent(seq=i + 1, event_id=str(i), kind=k, purpose=p, recipient_id=r,
                           recorded_at=AT, details={"recipient_name": "IOM Conakry"} if r else {})
              for i, (p, r, k) in enumerate(items)]
    return ConsentState.from_events("AVRR-2026-000009", events)


def test_require_names_every_missing_consent():
    state = _state((Purpose.DATA_PROCESSING, "", EventKind.GIVEN),
                   (Purpose.SHARE_WITH_RECIPIENT, OFFICE, EventKind.REFUSED))
    with pytest.raises(ConsentRequired) as info:
        state.require(Purpose.SHARE_HEALTH_DATA, OFFICE)
    message = str(info.value)
    assert "Decision to return" in message and "IOM Conakry" in message
    assert "Sharing health data" in message
    assert "Processing of personal data" not in message
    assert {p for p, _ in info.value.missing} == {
        Purpose.RETURN_DECISION, Purpose.SHARE_WITH_RECIPIENT, Purpose.SHARE_HEALTH_DATA}


def test_withdrawal_ends_a_consent_and_a_new_consent_restores_it():
    state = _state((Purpose.DATA_PROCESSING, "", EventKind.GIVEN),
                   (Purpose.DATA_PROCESSING, "", EventKind.WITHDRAWN))
    assert not state.allows(Purpose.DATA_PROCESSING)
    assert state.standing(Purpose.DATA_PROCESSING).kind is EventKind.WITHDRAWN
    state = _state((Purpose.DATA_PROCESSING, "", EventKind.GIVEN),
                   (Purpose.DATA_PROCESSING, "", EventKind.WITHDRAWN),
                   (Purpose.DATA_PROCESSING, "", EventKind.GIVEN))
    assert state.allows(Purpose.DATA_PROCESSING)


def test_the_case_can_be_marked_consented_only_with_return_and_processing_given():
    assert len(_state().consented_blockers()) == 2
    only_return = _state((Purpose.RETURN_DECISION, "", EventKind.GIVEN))
    assert only_return.consented_blockers() == [
        "“Processing of personal data by the organisation” is not given."]
    both = _state((Purpose.RETURN_DECISION, "", EventKind.GIVEN),
                  (Purpose.DATA_PROCESSING, "", EventKind.GIVEN))
    assert both.consented_blockers() == []



def test_a_consent_cannot_be_dated_in_the_future():
    from datetime import datetime, timezone

    later = circumstances(at=datetime(2099, 1, 1, tzinfo=timezone.utc))
    assert any("future" in r for r in blocking_reasons(adult(), later, GIVE))
