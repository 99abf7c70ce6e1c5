"""Recording, withdrawing and verifying consent on both database engines."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from counsel_app import consent
from counsel_app.consent import (
    Choice,
    ConsentBlocked,
    ConsentRequired,
    DataCategory,
    EventKind,
    Purpose,
)
from counsel_app.consent.models import ConsentEventRow, ConsentHeadRow, ConsentTextRow
from counsel_app.consent.texts import TextStore
from counsel_app.domain.enums import CaseStatus
from counsel_app.domain.workflow import IllegalTransition
from counsel_app.errors import UserError
from tests.consent.helpers import (
    OFFICE,
    PARTNER,
    all_given,
    circumstances,
    guardian_capacity,
    make_case,
    minor,
)


def _rows(ctx, case_id):
    with ctx.db.read_session() as s:
        return s.scalars(select(ConsentEventRow).where(ConsentEventRow.case_id == case_id)
                         .order_by(ConsentEventRow.seq)).all()


def test_recording_consents_moves_the_case_to_consented(ctx):
    case = make_case(ctx)
    case, state = consent.record_and_mark_consented(ctx, case.reference, all_given(),
                                                    circumstances())
    assert case.status is CaseStatus.CONSENTED
    assert ctx.cases.get(case.id).status is CaseStatus.CONSENTED
    assert state.sharable_sections(OFFICE) == frozenset(DataCategory) - {
        DataCategory.ASYLUM_HISTORY, DataCategory.CONFIDENTIAL}  # consent (7) not asked
    assert state.sharable_sections(PARTNER) == frozenset()
    events, report = consent.events(ctx, case.reference)
    assert report.ok and len(events) == 6
    first = events[0]
    assert first.text_version == 1 and first.text_language == "en"
    assert first.details["interpreter"] == {"used": True, "language": "ff",
                                            "name_or_id": "INT-07"}
    assert first.details["teach_back"]["done"] is True
    assert first.method is consent.Method.PAPER_SIGNATURE
    assert events[2].details["recipient_name"] == "IOM Conakry"


def test_refusing_the_processing_keeps_the_case_from_consented(ctx):
    case = make_case(ctx)
    choices = [Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, False)]
    with pytest.raises(IllegalTransition, match="Processing of personal data"):
        consent.record_and_mark_consented(ctx, case.reference, choices, circumstances())
    assert ctx.cases.get(case.id).status is CaseStatus.DECISION_TAKEN
    # the refusal itself is recorded: it is a fact of the case
    state = consent.load_state(ctx, case.reference)
    assert state.standing(Purpose.DATA_PROCESSING).kind is EventKind.REFUSED
    with pytest.raises(IllegalTransition):
        consent.mark_consented(ctx, case.reference)


def test_a_minor_is_blocked_until_guardian_and_best_interests_exist(ctx):
    case = make_case(ctx, minor())
    with pytest.raises(ConsentBlocked) as info:
        consent.record(ctx, case.reference, all_given(), circumstances())
    assert "minor" in str(info.value) and "best-interests" in str(info.value)
    assert _rows(ctx, case.id) == []  # nothing half-recorded
    state = consent.record(ctx, case.reference, all_given(),
                           circumstances(capacity=guardian_capacity(),
                                         signer=consent.Signer.GUARDIAN))
    assert state.allows(Purpose.SHARE_WITH_RECIPIENT, OFFICE)
    event = consent.events(ctx, case.reference)[0][0]
    assert event.signer is consent.Signer.GUARDIAN
    assert event.details["capacity"]["guardian"]["name"] == "Mariama Sow"
    assert event.details["capacity"]["best_interests_ref"] == "BID-2026-017"


def test_personal_parts_are_encrypted_at_rest(ctx):
    case = make_case(ctx)
    consent.record(ctx, case.reference, all_given(), circumstances())
    for row in _rows(ctx, case.id):
        assert b"INT-07" not in row.details_enc and b"March" not in row.details_enc
        assert b"admin" not in row.details_enc


def test_withdrawal_stops_sharing_keeps_history_and_tells_listeners(ctx, monkeypatch):
    heard = []
    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [])
    consent.on_withdrawal(lambda c, w: heard.append(w))
    case = make_case(ctx)
    consent.record_and_mark_consented(ctx, case.reference, all_given(), circumstances())
    state = consent.withdraw(ctx, case.reference, reason="wants to think again")
    assert state.sharable_sections(OFFICE) == frozenset()
    assert not state.allows(Purpose.DATA_PROCESSING)
    events, report = consent.events(ctx, case.reference)
    assert report.ok and len(events) == 12  # six given, six withdrawn: nothing deleted
    assert [e.kind for e in events[6:]] == [EventKind.WITHDRAWN] * 6
    assert events[-1].details["reason"] == "wants to think again"
    assert len(heard) == 1 and heard[0].reference == case.reference
    assert (Purpose.SHARE_WITH_RECIPIENT, OFFICE) in heard[0].withdrawn
    assert heard[0].stops_all_sharing
    # the person changed their mind about returning: back to counselling, no penalty
    assert ctx.cases.get(case.id).status is CaseStatus.COUNSELLING


def test_withdrawing_one_consent_leaves_the_others(ctx, monkeypatch):
    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [])
    case = make_case(ctx)
    consent.record_and_mark_consented(ctx, case.reference, all_given(), circumstances())
    state = consent.withdraw(ctx, case.reference, [(Purpose.SHARE_HEALTH_DATA, "")])
    assert DataCategory.HEALTH not in state.sharable_sections(OFFICE)
    assert DataCategory.PLAN in state.sharable_sections(OFFICE)
    assert ctx.cases.get(case.id).status is CaseStatus.CONSENTED
    with pytest.raises(ConsentRequired, match="Sharing health data"):
        state.require(Purpose.SHARE_HEALTH_DATA, OFFICE)
    with pytest.raises(UserError, match="not in force"):
        consent.withdraw(ctx, case.reference, [(Purpose.SHARE_HEALTH_DATA, "")])


def test_a_failing_listener_does_not_undo_the_withdrawal(ctx, monkeypatch):
    def broken(c, w):
        raise RuntimeError("handover store offline")

    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [broken])
    case = make_case(ctx)
    consent.record(ctx, case.reference, all_given(), circumstances())
    with pytest.raises(UserError, match="withdrawal is recorded"):
        consent.withdraw(ctx, case.reference, [(Purpose.SHARE_WITH_RECIPIENT, OFFICE)])
    assert not consent.load_state(ctx, case.reference).allows(
        Purpose.SHARE_WITH_RECIPIENT, OFFICE)


# -- consent texts ------------------------------------------------------------------------
def test_a_used_text_version_is_frozen_and_can_only_be_superseded(ctx):
    store = TextStore(ctx.db, "admin")
    draft = store.write_version(Purpose.DATA_PROCESSING, "en", "Your data", "We keep it.")
    edited = store.edit(draft.id, "Your data", "We keep your data locked.")
    assert edited.version == draft.version and edited.body == "We keep your data locked."
    case = make_case(ctx)
    consent.record(ctx, case.reference, [Choice(Purpose.DATA_PROCESSING, True)],
                   circumstances())
    assert store.get(draft.id).frozen
    with pytest.raises(UserError, match="cannot be changed"):
        store.edit(draft.id, "Your data", "Something else")
    newer = store.write_version(Purpose.DATA_PROCESSING, "en", "Your data", "Version two.")
    assert newer.version == draft.version + 1
    assert store.current(Purpose.DATA_PROCESSING, "en").id == newer.id
    event = consent.events(ctx, case.reference)[0][0]
    assert event.text_id == draft.id  # the consent keeps pointing at what was read


def test_a_language_without_translation_falls_back_to_english(ctx):
    store = TextStore(ctx.db, "admin")
    text = store.current(Purpose.RETURN_DECISION, "x_none")
    assert text.language == "en" and text.is_default
    assert "change my mind" in text.body


# -- tamper evidence ----------------------------------------------------------------------
@pytest.fixture
def recorded(ctx, monkeypatch):
    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [])
    case = make_case(ctx)
    consent.record(ctx, case.reference, all_given(), circumstances())
    consent.withdraw(ctx, case.reference, [(Purpose.FOLLOW_UP_CONTACT, "")])
    assert consent.verify(ctx, case.reference).ok
    return case


def _problems(ctx, case):
    report = consent.verify(ctx, case.reference)
    assert not report.ok
    assert not consent.load_state(ctx, case.reference).allows(Purpose.DATA_PROCESSING)
    return {b.problem for b in report.breaks}


def test_a_changed_event_is_detected(ctx, recorded):
    with ctx.db.session() as s:  # a refusal turned into consent behind the app's back
        s.execute(update(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                ConsentEventRow.seq == 7)
                  .values(kind="given"))
    assert "changed" in _problems(ctx, recorded)


def test_a_deleted_event_in_the_middle_is_detected(ctx, recorded):
    with ctx.db.session() as s:
        s.execute(delete(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                ConsentEventRow.seq == 3))
    assert "deleted" in _problems(ctx, recorded)


def test_a_deleted_last_event_is_detected(ctx, recorded):
    with ctx.db.session() as s:  # the withdrawal erased
        s.execute(delete(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                ConsentEventRow.seq == 7))
    assert _problems(ctx, recorded) == {"deleted"}


def test_reordered_events_are_detected(ctx, recorded):
    with ctx.db.session() as s:
        s.execute(update(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                ConsentEventRow.seq == 2).values(seq=100))
        s.execute(update(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                ConsentEventRow.seq == 3).values(seq=2))
        s.execute(update(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                ConsentEventRow.seq == 100).values(seq=3))
    problems = _problems(ctx, recorded)
    assert "changed" in problems and "inserted" in problems


def test_an_inserted_event_is_detected_even_with_a_well_formed_hash(ctx, recorded):
    from counsel_app.consent.store import _row_hash

    rows = _rows(ctx, recorded.id)
    with ctx.db.session() as s:
        # make room after event 2 and forge an event chained on event 2
        for seq in range(len(rows), 2, -1):
            s.execute(update(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id,
                                                    ConsentEventRow.seq == seq)
                      .values(seq=seq + 1))
        forged = ConsentEventRow(
            case_id=recorded.id, seq=3, event_id="forged-0000", kind="given",
            purpose="share_with_recipient", recipient_id="GOV-GN-POLICE",
            recorded_at=rows[1].recorded_at, text_id=None, text_sha256="", method="",
            signer="person", details_enc=rows[1].details_enc, prev_hash=rows[1].hash, hash="")
        forged.hash = _row_hash(recorded.reference, forged, rows[1].hash)
        s.add(forged)
    problems = _problems(ctx, recorded)
    assert "inserted" in problems  # the next event no longer follows
    assert "unreadable" in problems  # the copied personal part is bound to another event


def test_a_swapped_personal_part_is_detected(ctx, recorded):
    rows = _rows(ctx, recorded.id)
    with ctx.db.session() as s:
        s.execute(update(ConsentEventRow).where(ConsentEventRow.id == rows[0].id)
                  .values(details_enc=rows[1].details_enc))
    assert {"changed", "unreadable"} <= _problems(ctx, recorded)


def test_an_edited_consent_text_after_use_is_detected(ctx, recorded):
    text_id = _rows(ctx, recorded.id)[0].text_id
    with ctx.db.session() as s:
        s.execute(update(ConsentTextRow).where(ConsentTextRow.id == text_id)
                  .values(body="I agree to everything."))
    assert _problems(ctx, recorded) == {"text_changed"}


def test_a_history_deleted_entirely_is_detected(ctx, recorded):
    with ctx.db.session() as s:
        s.execute(delete(ConsentEventRow).where(ConsentEventRow.case_id == recorded.id))
    assert _problems(ctx, recorded) == {"deleted"}


def test_the_chain_continues_across_recordings(ctx, recorded):
    with ctx.db.read_session() as s:
        head = s.get(ConsentHeadRow, recorded.id)
    rows = _rows(ctx, recorded.id)
    assert head.last_seq == len(rows) == 7 and head.head_hash == rows[-1].hash
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))


# -- who may do what ----------------------------------------------------------------------
def test_a_supervisor_reads_but_cannot_record_or_withdraw(sqlite_ctx):
    from counsel_app.security.accounts import add_user, sign_in

    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, all_given(), circumstances())
    add_user(sqlite_ctx, "sup", "supervisor", "another long passphrase 42")
    sup = sign_in(sqlite_ctx.db, "sup", "another long passphrase 42")
    assert consent.load_state(sup, case.reference).allows(Purpose.DATA_PROCESSING)
    with pytest.raises(UserError):
        consent.record(sup, case.reference, all_given(), circumstances())
    with pytest.raises(UserError):
        consent.withdraw(sup, case.reference)
    with pytest.raises(UserError):
        consent.write_text_version(sup, Purpose.DATA_PROCESSING, "en", "T", "B")
    assert len(consent.events(sqlite_ctx, case.reference)[0]) == 6


def test_a_caseworker_cannot_read_the_consents_of_a_case_not_handed_to_them(sqlite_ctx):
    from counsel_app.security.accounts import add_user, sign_in

    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, all_given(), circumstances())
    add_user(sqlite_ctx, "cw", "caseworker", "another long passphrase 42")
    cw = sign_in(sqlite_ctx.db, "cw", "another long passphrase 42")
    with pytest.raises(UserError):
        consent.load_state(cw, case.reference)


def test_an_improved_default_translation_supersedes_a_used_default_version(ctx, monkeypatch):
    from counsel_app.consent import texts

    store = TextStore(ctx.db, "admin")
    first = store.current(Purpose.FOLLOW_UP_CONTACT, "en")
    case = make_case(ctx)
    consent.record(ctx, case.reference, [Choice(Purpose.FOLLOW_UP_CONTACT, True)],
                   circumstances())
    monkeypatch.setattr(texts, "default_text_in",
                        lambda purpose, lang: ("en", "Being contacted", "Clearer wording."))
    newer = store.current(Purpose.FOLLOW_UP_CONTACT, "en")
    assert newer.version == first.version + 1 and newer.body == "Clearer wording."
    assert store.get(first.id).body == first.body  # the used version is untouched
    assert consent.verify(ctx, case.reference).ok


def test_the_organisations_own_version_is_never_replaced_by_a_default(ctx):
    store = TextStore(ctx.db, "admin")
    own = store.write_version(Purpose.FOLLOW_UP_CONTACT, "en", "Follow-up", "Our words.")
    assert store.current(Purpose.FOLLOW_UP_CONTACT, "en").id == own.id


def test_the_text_version_shown_is_the_one_recorded(ctx):
    store = TextStore(ctx.db, "admin")
    shown = store.current(Purpose.DATA_PROCESSING, "en")
    store.write_version(Purpose.DATA_PROCESSING, "en", "Data", "A newer version.")
    case = make_case(ctx)
    consent.record(ctx, case.reference,
                   [Choice(Purpose.DATA_PROCESSING, True, text_id=shown.id)], circumstances())
    assert consent.events(ctx, case.reference)[0][0].text_id == shown.id
    other = store.current(Purpose.RETURN_DECISION, "en")
    with pytest.raises(UserError, match="belongs to another consent"):
        consent.record(ctx, case.reference,
                       [Choice(Purpose.DATA_PROCESSING, True, text_id=other.id)],
                       circumstances())
