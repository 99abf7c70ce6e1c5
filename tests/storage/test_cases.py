"""Storage round trips, search, optimistic locking and encryption, on SQLite and PostgreSQL."""

import threading
from datetime import date

import pytest
from sqlalchemy import select, text

from counsel_app.domain.case import Case, HouseholdMember, Interpreter, Person
from counsel_app.domain.enums import CaseStatus, Decision, ReasonCategory, Relation, Sex
from counsel_app.errors import NotFound, UserError, ValidationError
from counsel_app.storage.cases import CaseConflict, CaseRepository
from counsel_app.storage.models import CaseRow
from tests.conftest import TEST_PASSWORD


def make_case(name="Fatoumata Camara", native="", country="GN"):
    return Case(
        person=Person(native, name, Sex.FEMALE, date(1994, 3, 4), nationality=country,
                      languages=["fr"], preferred_language="fr", phone="+224 600 00 00"),
        household=[HouseholdMember(Relation.CHILD, "Ibrahima", 6, True)],
        counsellor="admin",
        interpreter=Interpreter("ff", "INT-3"),
        host_country="NE",
        return_country=country,
        return_region="GN-C",
        return_town="Conakry",
        reason=ReasonCategory.STRANDED_IN_TRANSIT,
        reason_note="Stuck in Agadez for eight months",
    )


def test_round_trip(ctx):
    created = ctx.cases.create(make_case(), year=2026)
    assert created.reference == "AVRR-2026-000001"
    loaded = ctx.cases.get(created.id)
    assert loaded.person == created.person
    assert loaded.household == created.household
    assert loaded.interpreter == created.interpreter
    assert loaded.reason_note == "Stuck in Agadez for eight months"
    assert loaded.created_at.tzinfo is not None
    assert ctx.cases.get_by_reference("avrr-2026-000001").id == created.id


def test_references_count_up_per_year(ctx):
    refs = [ctx.cases.create(make_case(), year=2026).reference for _ in range(3)]
    refs.append(ctx.cases.create(make_case(), year=2027).reference)
    assert refs == ["AVRR-2026-000001", "AVRR-2026-000002", "AVRR-2026-000003",
                    "AVRR-2027-000001"]


def test_invalid_case_is_not_stored(ctx):
    with pytest.raises(ValidationError):
        ctx.cases.create(Case())
    assert ctx.cases.count() == 0


def test_missing_case(ctx):
    with pytest.raises(NotFound):
        ctx.cases.get(999)
    with pytest.raises(NotFound):
        ctx.cases.get_by_reference("AVRR-2026-000999")


def test_status_and_decision_persist(ctx):
    case = ctx.cases.create(make_case())
    case.move_to(CaseStatus.COUNSELLING)
    case = ctx.cases.save(case)
    case.move_to(CaseStatus.DECISION_TAKEN, Decision.DECLINED)
    ctx.cases.save(case)
    again = ctx.cases.get(case.id)
    assert again.status is CaseStatus.DECISION_TAKEN and again.decision is Decision.DECLINED


def test_list_search_filter_sort(ctx):
    a = ctx.cases.create(make_case("Fatoumata Camara", country="GN"))
    b = ctx.cases.create(make_case("Mohamed Traoré", country="ML"))
    c = ctx.cases.create(make_case("Hélène Traore", native="Элен", country="ML"))
    names = lambda rows: sorted(r.name for r in rows)  # noqa: E731
    assert names(ctx.cases.list(text="traore")) == ["Hélène Traore", "Mohamed Traoré"]
    assert names(ctx.cases.list(text="tra")) == ["Hélène Traore", "Mohamed Traoré"]
    assert names(ctx.cases.list(text="helene tra")) == ["Hélène Traore"]
    assert names(ctx.cases.list(text="элен")) == ["Hélène Traore"]
    assert names(ctx.cases.list(text="nobody")) == []
    assert [r.id for r in ctx.cases.list(text=a.reference)] == [a.id]
    assert names(ctx.cases.list(country="ML")) == ["Hélène Traore", "Mohamed Traoré"]
    assert ctx.cases.count(country="ML") == 2
    b.move_to(CaseStatus.COUNSELLING)
    ctx.cases.save(b)
    assert [r.id for r in ctx.cases.list(status=CaseStatus.COUNSELLING)] == [b.id]
    by_ref = ctx.cases.list(order_by="reference", descending=False)
    assert [r.id for r in by_ref] == [a.id, b.id, c.id]
    page = ctx.cases.list(order_by="reference", descending=False, offset=1, limit=1)
    assert [r.id for r in page] == [b.id]


def test_filters_of_the_same_shape_find_their_own_cases(ctx):
    # the list's statement is built once per shape of filter and run with each one's values
    gn = ctx.cases.create(make_case("Aissatou Bah", country="GN"))
    ml = ctx.cases.create(make_case("Oumar Keita", country="ML"))
    sn = ctx.cases.create(make_case("Awa Ndiaye", country="SN"))
    ids = lambda rows: sorted(r.id for r in rows)  # noqa: E731
    assert ids(ctx.cases.list(country="GN")) == [gn.id]
    assert ids(ctx.cases.list(country="ML")) == [ml.id]
    assert ids(ctx.cases.list(country=["ML", "SN"])) == [ml.id, sn.id]
    assert ids(ctx.cases.list(text="bah")) == [gn.id]
    assert ids(ctx.cases.list(text="keita")) == [ml.id]
    assert ids(ctx.cases.list(text="awa ndiaye")) == [sn.id]
    assert ids(ctx.cases.list(text="keita", country="SN")) == []
    assert [ctx.cases.count(country=c) for c in ("GN", "ML", "TN")] == [1, 1, 0]
    assert [len(ctx.cases.list(limit=n)) for n in (1, 2, 3)] == [1, 2, 3]
    # a country's name typed in the search box finds its cases (the list looks it up)
    assert ids(ctx.cases.list(text="senegal", text_countries=["sn"])) == [sn.id]
    assert ids(ctx.cases.list(text="mal", text_countries=["ML", "SN"])) == [ml.id, sn.id]
    assert ctx.cases.count(text="senegal", text_countries=["SN"]) == 1


def test_renaming_updates_search(ctx):
    case = ctx.cases.create(make_case("Awa Sow"))
    case.person.name_latin = "Awa Diop"
    ctx.cases.save(case)
    assert ctx.cases.list(text="sow") == []
    assert [r.id for r in ctx.cases.list(text="diop")] == [case.id]


def test_conflict_is_detected_and_resolvable(ctx):
    case = ctx.cases.create(make_case())
    mine = ctx.cases.get(case.id)
    theirs = ctx.cases.get(case.id)
    theirs.person.phone = "+224 611 11 11"
    ctx.cases.save(theirs)
    mine.return_town = "Kindia"
    with pytest.raises(CaseConflict) as info:
        ctx.cases.save(mine)
    assert info.value.theirs.person.phone == "+224 611 11 11"
    assert "changed by someone else" in str(info.value)
    assert ctx.cases.get(case.id).return_town == "Conakry"  # nothing overwritten silently
    ctx.cases.save(mine, overwrite=True)
    assert ctx.cases.get(case.id).return_town == "Kindia"


def test_personal_data_is_encrypted_in_the_database(ctx):
    case = ctx.cases.create(make_case("Zainab Kamara"))
    with ctx.db.engine.connect() as conn:
        raw = conn.execute(text("SELECT * FROM cases")).all()
        tokens = conn.execute(text("SELECT token FROM case_search_tokens")).all()
    dump = repr(raw) + repr(tokens)
    for secret in ("Zainab", "Kamara", "Agadez", "1994-03-04", "600 00 00", "Ibrahima"):
        assert secret not in dump
    assert case.reference in dump  # the reference is pseudonymous and stays readable


def test_encrypted_blob_moved_to_another_case_does_not_decrypt(ctx):
    from counsel_app.storage.crypto import DecryptionError

    a = ctx.cases.create(make_case("Awa Sow"))
    b = ctx.cases.create(make_case("Binta Bah"))
    with ctx.db.session() as session:
        row_a = session.get(CaseRow, a.id)
        row_b = session.get(CaseRow, b.id)
        row_b.personal_enc = row_a.personal_enc
    with pytest.raises(DecryptionError):
        ctx.cases.get(b.id)


def test_other_key_cannot_read(ctx):
    from counsel_app.storage import keys

    ctx.cases.create(make_case())
    assert keys.unlock(ctx.db, "user:admin", "wrong password") is None
    assert keys.unlock(ctx.db, "user:nobody", "x") is None
    assert keys.unlock(ctx.db, "user:admin", "correct horse battery staple") is not None


@pytest.mark.postgres
def test_concurrent_edit_conflict_on_postgresql(pg_database_url):
    """Two counsellors, two connections, the same case: one wins, one gets a conflict."""
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    db1 = Database(pg_database_url)
    migrate.upgrade(db1)
    ctx1 = make_context(db1)
    db2 = Database(pg_database_url)
    repo2 = CaseRepository(db2, ctx1.vault.cipher)
    case = ctx1.cases.create(make_case())
    first, second = ctx1.cases.get(case.id), repo2.get(case.id)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name, repo, item):
        item.return_town = name
        barrier.wait()
        try:
            repo.save(item)
            outcomes[name] = "saved"
        except CaseConflict:
            outcomes[name] = "conflict"

    threads = [threading.Thread(target=save, args=("one", ctx1.cases, first)),
               threading.Thread(target=save, args=("two", repo2, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(k for k, v in outcomes.items() if v == "saved")
    stored = ctx1.cases.get(case.id)
    assert stored.return_town == winner and stored.version == case.version + 1
    db1.dispose()
    db2.dispose()


def test_engine_settings_sqlite(sqlite_db):
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_search_tokens_deleted_with_case(ctx):
    case = ctx.cases.create(make_case())
    ctx.cases.delete(case.id)
    with ctx.db.read_session() as session:
        assert session.scalars(select(CaseRow)).all() == []
        assert session.execute(text("SELECT count(*) FROM case_search_tokens")).scalar() == 0


def test_an_in_memory_database_is_one_database_for_every_thread():
    """The desktop app opens its database on a worker thread and uses it on the GUI thread:
    an in-memory database must not be a new, empty one on each thread."""
    from counsel_app.security.accounts import create_first_administrator, sign_in
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    db = Database("sqlite://")
    worker = threading.Thread(target=lambda: (migrate.upgrade(db), create_first_administrator(
        db, "admin", TEST_PASSWORD)))
    worker.start()
    worker.join()
    assert sign_in(db, "admin", TEST_PASSWORD).user == "admin"
    db.dispose()


def test_a_postgresql_server_that_never_answers_is_reported_not_waited_on(monkeypatch):
    import socket
    import time

    from counsel_app.context import open_database
    from counsel_app.storage import db as storage

    monkeypatch.setattr(storage, "PG_CONNECT_TIMEOUT_S", 2)
    silent = socket.socket()  # accepts connections (the backlog) and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    port = silent.getsockname()[1]
    start = time.monotonic()
    try:
        with pytest.raises(UserError) as refused:
            open_database(f"postgresql://someone:secret@127.0.0.1:{port}/centre")
    finally:
        silent.close()
    assert time.monotonic() - start < 30
    message = str(refused.value)
    assert message.startswith("Cannot open the database") and "secret" not in message
