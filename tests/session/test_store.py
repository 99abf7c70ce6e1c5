"""Encrypted per-part session storage: round trip, conflicts, cascade, binding to the case."""

import pytest
from sqlalchemy import select, update

from counsel_app.domain.case import Case, Person
from counsel_app.session.record import SessionRecord
from counsel_app.session.screening import Flag
from counsel_app.session.store import SessionConflict, SessionPartRow, SessionStore
from counsel_app.storage.crypto import DecryptionError


@pytest.fixture
def stored(ctx):
    case = ctx.cases.create(Case(person=Person(name_latin="Fatou Diallo")))
    return ctx, SessionStore(ctx.db, ctx.vault.cipher), case


def test_parts_round_trip_encrypted(stored):
    ctx, store, case = stored
    rec = store.load(case.id, case.reference)
    rec.screening.set_flag(Flag.TRAFFICKING, True, "met recruiter in Agadez")
    rec.progress.last_step = "screening"
    store.save_part(rec, "screening")
    store.save_part(rec, "progress")
    again = store.load(case.id, case.reference)
    assert again.screening.flags == {Flag.TRAFFICKING: "met recruiter in Agadez"}
    assert store.last_step(case.id, case.reference) == "screening"
    with ctx.db.read_session() as s:
        blobs = s.scalars(select(SessionPartRow.data_enc)).all()
    assert blobs and all(b"Agadez" not in b for b in blobs)


def test_many_small_saves_keep_the_last(stored):
    _ctx, store, case = stored
    rec = store.load(case.id, case.reference)
    for i in range(20):
        rec.information.note = f"note {i}"
        store.save_part(rec, "information")
    assert store.load(case.id, case.reference).information.note == "note 19"
    assert rec.versions["information"] == 20


def test_two_stations_conflict_then_keep_mine_or_take_theirs(stored):
    _ctx, store, case = stored
    first = store.load(case.id, case.reference)
    first.information.note = "base"
    store.save_part(first, "information")
    mine = store.load(case.id, case.reference)
    theirs = store.load(case.id, case.reference)
    theirs.information.note = "theirs"
    store.save_part(theirs, "information")
    mine.information.note = "mine"
    with pytest.raises(SessionConflict) as info:
        store.save_part(mine, "information")
    assert info.value.theirs["note"] == "theirs" and info.value.mine["note"] == "mine"
    # other parts are unaffected by the conflict
    mine.progress.last_step = "information"
    store.save_part(mine, "progress")
    store.take_theirs(mine, info.value)
    assert mine.information.note == "theirs"
    mine.information.note = "mine again"
    store.save_part(mine, "information")  # now in line with the stored version
    theirs.information.note = "late"
    with pytest.raises(SessionConflict):
        store.save_part(theirs, "information")
    store.save_part(theirs, "information", overwrite=True)
    assert store.load(case.id, case.reference).information.note == "late"


def test_two_first_saves_of_the_same_part_conflict(stored):
    _ctx, store, case = stored
    a = SessionRecord(case.id, case.reference)
    b = SessionRecord(case.id, case.reference)
    a.assessment.skills = "tailor"
    store.save_part(a, "assessment")
    b.assessment.skills = "driver"
    with pytest.raises(SessionConflict):
        store.save_part(b, "assessment")


def test_deleting_the_case_deletes_its_session(stored):
    ctx, store, case = stored
    rec = store.load(case.id, case.reference)
    store.save_part(rec, "progress")
    ctx.cases.delete(case.id)
    with ctx.db.read_session() as s:
        assert s.scalars(select(SessionPartRow)).all() == []


def test_a_part_moved_to_another_case_does_not_decrypt(stored):
    ctx, store, case = stored
    other = ctx.cases.create(Case(person=Person(name_latin="Other Person")))
    rec = store.load(case.id, case.reference)
    rec.information.note = "secret"
    store.save_part(rec, "information")
    with ctx.db.session() as s:
        s.execute(update(SessionPartRow).values(case_id=other.id))
    with pytest.raises(DecryptionError):
        store.load(other.id, other.reference)


def test_plugged_in_step_parts(stored):
    _ctx, store, case = stored
    rec = store.load(case.id, case.reference)
    rec.part("consent_ui")["seen"] = True
    store.save_part(rec, "consent_ui")
    assert store.load(case.id, case.reference).extra == {"consent_ui": {"seen": True}}
    with pytest.raises(ValueError):
        store.save_part(rec, "bad part; drop")
