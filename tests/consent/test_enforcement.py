"""Nothing leaves beyond consent: every consent and recipient combination, and random
histories (hypothesis), checked against an independent statement of the rules."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counsel_app.consent import (
    ConsentEvent,
    ConsentRequired,
    ConsentState,
    DataCategory,
    EventKind,
    Purpose,
    filter_for_recipient,
    withheld_categories,
)
from tests.consent.helpers import AT, OFFICE, PARTNER

RECIPIENTS = (OFFICE, PARTNER)
KEYS = [
    (Purpose.RETURN_DECISION, ""),
    (Purpose.DATA_PROCESSING, ""),
    (Purpose.SHARE_WITH_RECIPIENT, OFFICE),
    (Purpose.SHARE_WITH_RECIPIENT, PARTNER),
    (Purpose.SHARE_HEALTH_DATA, ""),
    (Purpose.FOLLOW_UP_CONTACT, ""),
    (Purpose.KEEP_ID_DOCUMENTS, ""),
]
#: how each consent may stand: given, refused, given then withdrawn, given then withdrawn
#: then given again (never asked behaves as refused; the random histories below cover it)
HISTORIES = {
    "given": [EventKind.GIVEN],
    "refused": [EventKind.REFUSED],
    "withdrawn": [EventKind.GIVEN, EventKind.WITHDRAWN],
    "regiven": [EventKind.GIVEN, EventKind.WITHDRAWN, EventKind.GIVEN],
}

FULL_BUNDLE = {c.value: {"secret": f"{c.value} data"} for c in DataCategory}
FULL_BUNDLE["unknown_extra"] = {"secret": "should never go"}
FULL_BUNDLE["asylum"] = {"secret": "should never go"}


def _events(sequence):
    return [
        ConsentEvent(seq=i + 1, event_id=str(i), kind=kind, purpose=purpose,
                     recipient_id=recipient, recorded_at=AT + timedelta(minutes=i))
        for i, (purpose, recipient, kind) in enumerate(sequence)
    ]


def expected_sections(given: set[tuple[Purpose, str]], recipient: str) -> set[str]:
    """The rules, written independently of the implementation (docs/consent.md)."""
    def g(purpose, r=""):
        return (purpose, r) in given

    if not (g(Purpose.RETURN_DECISION) and g(Purpose.DATA_PROCESSING)
            and g(Purpose.SHARE_WITH_RECIPIENT, recipient)):
        return set()
    # the route and the reception request go with the plan (no health, no documents)
    out = {"identification", "plan", "assessments", "travel"}
    if g(Purpose.SHARE_HEALTH_DATA):
        out.add("health")
    if g(Purpose.FOLLOW_UP_CONTACT):
        out.add("follow_up_contact")
    if g(Purpose.KEEP_ID_DOCUMENTS):
        out.add("identity_documents")
    if g(Purpose.SHARE_CONFIDENTIAL, recipient):  # consent (7), for this very recipient
        out.add("confidential")
    return out


def test_every_combination_of_consents_and_recipients():
    names = list(HISTORIES)
    checked = 0
    for combo in itertools.product(names, repeat=len(KEYS)):
        sequence = [(p, r, kind) for (p, r), name in zip(KEYS, combo)
                    for kind in HISTORIES[name]]
        state = ConsentState.from_events("AVRR-2026-000001", _events(sequence))
        in_force = {key for key, name in zip(KEYS, combo) if name in ("given", "regiven")}
        for recipient in RECIPIENTS:
            expected = expected_sections(in_force, recipient)
            out = filter_for_recipient(FULL_BUNDLE, state, recipient)
            assert set(out) == expected, (combo, recipient)
            assert all(out[k] is FULL_BUNDLE[k] for k in out)
            assert {c.value for c in state.sharable_sections(recipient)} == expected
            assert state.allows(Purpose.SHARE_WITH_RECIPIENT, recipient) == bool(expected)
            checked += 1
    assert checked == len(HISTORIES) ** len(KEYS) * len(RECIPIENTS)


def test_asylum_history_and_unknown_keys_never_leave_even_with_every_consent():
    sequence = [(p, r, EventKind.GIVEN) for p, r in KEYS + [(Purpose.SHARE_CONFIDENTIAL,
                                                             OFFICE)]]
    state = ConsentState.from_events("AVRR-2026-000001", _events(sequence))
    out = filter_for_recipient(FULL_BUNDLE, state, OFFICE)
    assert "asylum_history" not in out and "unknown_extra" not in out and "asylum" not in out
    assert set(withheld_categories(FULL_BUNDLE, state, OFFICE)) == {
        "asylum_history", "unknown_extra", "asylum"}
    with pytest.raises(ConsentRequired, match="never shared"):
        state.require_category(DataCategory.ASYLUM_HISTORY, OFFICE)


def test_the_confidential_part_needs_consent_seven_for_that_recipient():
    """Every standing of sharing with the office and of consent (7) towards the office and
    towards a partner: the confidential part goes only where (7) is in force for it."""
    names = list(HISTORIES)
    keys = [(Purpose.SHARE_WITH_RECIPIENT, OFFICE), (Purpose.SHARE_CONFIDENTIAL, OFFICE),
            (Purpose.SHARE_WITH_RECIPIENT, PARTNER), (Purpose.SHARE_CONFIDENTIAL, PARTNER)]
    base = [(Purpose.RETURN_DECISION, ""), (Purpose.DATA_PROCESSING, "")]
    for combo in itertools.product(names, repeat=len(keys)):
        sequence = [(p, r, EventKind.GIVEN) for p, r in base] + [
            (p, r, kind) for (p, r), name in zip(keys, combo) for kind in HISTORIES[name]]
        state = ConsentState.from_events("AVRR-2026-000001", _events(sequence))
        in_force = set(base) | {key for key, name in zip(keys, combo)
                                if name in ("given", "regiven")}
        for recipient in RECIPIENTS:
            out = filter_for_recipient(FULL_BUNDLE, state, recipient)
            assert set(out) == expected_sections(in_force, recipient), (combo, recipient)
            assert ("confidential" in out) == (
                (Purpose.SHARE_CONFIDENTIAL, recipient) in in_force
                and (Purpose.SHARE_WITH_RECIPIENT, recipient) in in_force)


def test_a_recipient_nobody_agreed_to_gets_nothing():
    sequence = [(p, r, EventKind.GIVEN) for p, r in KEYS]
    state = ConsentState.from_events("AVRR-2026-000001", _events(sequence))
    assert filter_for_recipient(FULL_BUNDLE, state, "GOV-GN-POLICE") == {}
    assert filter_for_recipient(FULL_BUNDLE, state, "") == {}
    with pytest.raises(ConsentRequired, match="GOV-GN-POLICE"):
        state.require(Purpose.SHARE_WITH_RECIPIENT, "GOV-GN-POLICE")


def test_a_broken_history_shares_nothing():
    sequence = [(p, r, EventKind.GIVEN) for p, r in KEYS]
    state = ConsentState.from_events("AVRR-2026-000001", _events(sequence), intact=False)
    assert filter_for_recipient(FULL_BUNDLE, state, OFFICE) == {}
    assert not state.allows(Purpose.DATA_PROCESSING)
    with pytest.raises(ConsentRequired, match="integrity check"):
        state.require(Purpose.SHARE_WITH_RECIPIENT, OFFICE)


keys_st = st.sampled_from(KEYS + [(Purpose.SHARE_WITH_RECIPIENT, "OTHER-1")] + [
    (Purpose.SHARE_CONFIDENTIAL, r) for r in (OFFICE, PARTNER, "OTHER-1")])
kinds_st = st.sampled_from(list(EventKind))
bundle_st = st.dictionaries(
    st.one_of(st.sampled_from([c.value for c in DataCategory]), st.text(max_size=12)),
    st.integers(), max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(keys_st, kinds_st), max_size=25), bundle_st,
       st.sampled_from(RECIPIENTS + ("OTHER-1", "NOBODY")))
def test_random_histories_never_let_anything_out_beyond_consent(history, bundle, recipient):
    sequence = [(p, r, kind) for (p, r), kind in history]
    state = ConsentState.from_events("AVRR-2026-000001", _events(sequence))
    last: dict[tuple[Purpose, str], EventKind] = {}
    for p, r, kind in sequence:
        last[(p, r)] = kind
    in_force = {key for key, kind in last.items() if kind is EventKind.GIVEN}
    allowed = expected_sections(in_force, recipient)
    out = filter_for_recipient(bundle, state, recipient)
    assert set(out) <= allowed
    assert set(out) == {k for k in bundle if k in allowed}
    assert all(out[k] == bundle[k] for k in out)
