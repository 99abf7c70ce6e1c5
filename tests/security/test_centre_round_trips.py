"""A centre on one PostgreSQL (issue 25): what each action of a counsellor costs the server.

Twenty counsellors share two cores with the server, so every statement and every
transaction an action needs is paid twenty times over. These tests pin down what each
action sends: an audited open is one statement that reads the case and writes its event
(both or neither); a save at the version the session read, without a status change, is
one statement that changes the case and writes its event (both or neither); a save with a
status change reads the stored case once (its status check uses that read), changes it
and writes its event in one transaction; a list is one statement without a
transaction block around it; a create takes its number in one statement of its own, then
writes the case, its search tokens and its event in one more (both or neither); no
connection is pinged before every transaction, only after a pause. The guarantees stay:
the event with its action, a conflict found, the trail intact."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from counsel_app.context import unlock
from counsel_app.errors import ConflictError
from counsel_app.security import audit
from counsel_app.security.accounts import add_user
from counsel_app.storage import db as storage_db
from tests.security.conftest import person_case

PW = "a long enough password"


class Traffic:
    """What one Database sends: statements (first words) and connection checkouts (one per
    transaction or read), and how many pings."""

    def __init__(self, database, monkeypatch):
        self.statements: list[str] = []
        #: per statement, whether it ran inside a transaction block (BEGIN sent before it)
        self.in_block: list[bool] = []
        self.checkouts = 0
        self.pings = 0
        event.listen(database.engine, "before_cursor_execute", self._statement)
        event.listen(database.engine, "after_cursor_execute", self._after)
        event.listen(database.engine.pool, "checkout", self._checkout)
        dialect = database.engine.dialect
        real_ping = dialect.do_ping

        def counted_ping(dbapi_connection):
            self.pings += 1
            return real_ping(dbapi_connection)

        monkeypatch.setattr(dialect, "do_ping", counted_ping)

    def _statement(self, _conn, _cursor, statement, *_args):
        self.statements.append(" ".join(statement.split()[:3]))

    def _after(self, _conn, cursor, *_args):
        from psycopg.pq import TransactionStatus

        status = cursor.connection.info.transaction_status
        self.in_block.append(status is not TransactionStatus.IDLE)

    def _checkout(self, *_args):
        self.checkouts += 1

    def reset(self):
        self.statements.clear()
        self.in_block.clear()
        self.checkouts = 0
        self.pings = 0


@pytest.fixture
def centre(pg_database_url, monkeypatch):
    """An administrator and the counsellors cora and omar on a PostgreSQL database, each
    signed in on a database of their own (as on their own station); cora's traffic."""
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    admin_db = Database(pg_database_url)
    migrate.upgrade(admin_db)
    admin = make_context(admin_db)
    add_user(admin, "cora", "counsellor", PW)
    add_user(admin, "omar", "counsellor", PW)
    cora = unlock(Database(pg_database_url), "cora", PW)
    omar = unlock(Database(pg_database_url), "omar", PW)
    yield admin, cora, omar, Traffic(cora.db, monkeypatch)
    for ctx in (cora, omar, admin):
        ctx.db.dispose()


@pytest.mark.postgres
def test_an_audited_open_is_one_statement_that_reads_the_case_and_writes_its_event(centre):
    admin, cora, _omar, traffic = centre
    case = cora.cases.create(person_case())
    cora.cases.list()
    traffic.reset()
    by_reference = cora.cases.get_by_reference(case.reference.lower())
    by_id = cora.cases.get(case.id)
    assert by_reference.person.name_latin == by_id.person.name_latin == "Fatoumata Diallo"
    assert by_id.version == 1 and by_id.reference == case.reference
    assert [s.split()[0] for s in traffic.statements] == ["WITH", "WITH"]
    assert traffic.in_block == [False, False]  # each commits by itself, with its event
    assert (traffic.checkouts, traffic.pings) == (2, 0)
    views = audit.events(admin.db, username="cora", action="view")
    assert [e.reference for e in views] == [case.reference] * 2
    assert audit.verify(admin.db, admin.vault.data_key).ok


@pytest.mark.postgres
def test_an_open_of_a_missing_case_writes_no_event_and_the_next_open_still_does(centre):
    from counsel_app.errors import NotFound

    admin, cora, _omar, _traffic = centre
    case = cora.cases.create(person_case())
    cora.cases.get(case.id)
    for missing in ("AVRR-2020-000999", "AVRR-" + "9" * 40, "'; DROP TABLE cases; --"):
        with pytest.raises(NotFound):
            cora.cases.get_by_reference(missing)
    cora.cases.get_by_reference(case.reference)
    views = audit.events(admin.db, username="cora", action="view")
    assert [e.reference for e in views] == [case.reference] * 2
    assert audit.verify(admin.db, admin.vault.data_key).ok


@pytest.mark.postgres
def test_opens_from_two_stations_of_one_account_and_inside_a_transaction_all_count(centre):
    """When the head is not where a station left it (the other station wrote), the open
    takes the usual, checked way; inside an open transaction the event joins it."""
    from counsel_app.storage.db import Database

    admin, cora, _omar, _traffic = centre
    second = unlock(Database(cora.db.engine.url.render_as_string(hide_password=False)),
                    "cora", PW)
    case = cora.cases.create(person_case())
    for n in range(6):
        station = cora if n % 3 else second
        assert station.cases.get_by_reference(case.reference).id == case.id
    with pytest.raises(RuntimeError), cora.db.session():
        cora.cases.get(case.id)
        raise RuntimeError("rolled back with its event")
    cora.cases.get(case.id)
    views = audit.events(admin.db, username="cora", action="view")
    assert len(views) == 7
    assert audit.verify(admin.db, admin.vault.data_key).ok
    second.db.dispose()


@pytest.mark.postgres
def test_a_save_at_the_version_read_is_one_statement_with_its_event(centre):
    admin, cora, omar, traffic = centre
    case = cora.cases.create(person_case())
    case.reason_note = "first"
    case = cora.cases.save(case)
    traffic.reset()
    case.reason_note = "second"
    saved = cora.cases.save(case)
    assert saved.version == 3
    assert [" ".join(s.split()[:2]) for s in traffic.statements] == ["WITH changed"]
    assert traffic.in_block == [False]  # commits by itself, with its event
    assert (traffic.checkouts, traffic.pings) == (1, 0)
    stored = omar.cases.get(case.id)
    assert (stored.reason_note, stored.version) == ("second", 3)
    assert [e.action for e in audit.events(admin.db, username="cora")
            if e.reference == case.reference] == ["create", "change", "change"]
    assert audit.verify(admin.db, admin.vault.data_key).ok


@pytest.mark.postgres
def test_a_save_with_a_status_change_reads_the_case_once_in_its_own_transaction(centre):
    """A status change takes the usual way: its checks judge the row the save reads."""
    from counsel_app.domain.enums import CaseStatus

    admin, cora, _omar, traffic = centre
    case = cora.cases.create(person_case())
    traffic.reset()
    case.status = CaseStatus.COUNSELLING
    saved = cora.cases.save(case)
    assert saved.version == 2
    reads = [s for s in traffic.statements if s.startswith("SELECT cases.")]
    assert len(reads) == 1, traffic.statements  # no separate read of the stored status
    assert traffic.statements[-1] == "WITH moved AS"  # its event, before the commit
    assert all(traffic.in_block)
    assert admin.cases.get(case.id).status is CaseStatus.COUNSELLING
    assert [e.action for e in audit.events(admin.db, username="cora")
            if e.reference == case.reference] == ["create", "change"]


@pytest.mark.postgres
def test_a_save_after_another_station_of_the_account_wrote_is_undone_and_redone(
        centre, pg_database_url):
    """The row would change but its event cannot follow the head this writer left: the
    statement fails whole (nothing saved, no event) and the save takes the usual way."""
    from counsel_app.storage.db import Database

    admin, cora, _omar, traffic = centre
    case = cora.cases.create(person_case())
    second_station = unlock(Database(pg_database_url), "cora", PW)
    try:
        second_station.cases.get(case.id)  # cora's head moves on the other station
        traffic.reset()
        case.reason_note = "after the other station"
        saved = cora.cases.save(case)
    finally:
        second_station.db.dispose()
    assert traffic.statements[0].startswith("WITH changed")
    assert any(s.startswith("SELECT cases.") for s in traffic.statements[1:])
    assert saved.version == 2
    stored = admin.cases.get(case.id)
    assert (stored.reason_note, stored.version) == ("after the other station", 2)
    assert [e.action for e in audit.events(admin.db, username="cora")
            if e.reference == case.reference] == ["create", "view", "change"]
    assert audit.verify(admin.db, admin.vault.data_key).ok


@pytest.mark.postgres
def test_a_colleagues_save_in_between_is_still_a_conflict_and_changes_nothing(centre):
    admin, cora, omar, traffic = centre
    case = cora.cases.create(person_case())
    theirs = omar.cases.get_by_reference(case.reference)
    mine = cora.cases.get_by_reference(case.reference)
    theirs.reason_note = "omar's"
    omar.cases.save(theirs)
    mine.reason_note = "cora's"
    traffic.reset()
    with pytest.raises(ConflictError) as raised:
        cora.cases.save(mine)
    # shown both versions: hers and his, as stored now
    assert (raised.value.mine.reason_note, raised.value.theirs.reason_note) == (
        "cora's", "omar's")
    assert raised.value.theirs.version == 2
    # the refused save, then one read of the stored case; no transaction around them
    assert [" ".join(s.split()[:2]) for s in traffic.statements] == [
        "WITH changed", "SELECT cases.id,"], traffic.statements
    assert traffic.in_block == [False, False]
    assert admin.cases.get(case.id).reason_note == "omar's"
    changes = [e.username for e in audit.events(admin.db, action="change")]
    assert changes == ["omar"]  # cora's refused save left no event


@pytest.mark.postgres
def test_saving_a_copy_older_than_one_seen_since_is_a_conflict_found_by_one_read(centre):
    # cora keeps an old copy while she has seen omar's newer version (a conflict shown,
    # an open): saving the old copy is refused after one read, not inside a transaction
    # (whose rollback would also make the driver drop every statement it had prepared)
    admin, cora, omar, traffic = centre
    case = cora.cases.create(person_case())
    old = cora.cases.get_by_reference(case.reference)
    theirs = omar.cases.get_by_reference(case.reference)
    theirs.reason_note = "omar's"
    omar.cases.save(theirs)
    assert cora.cases.get_by_reference(case.reference).version == 2  # she has seen it
    old.reason_note = "cora's, from the old copy"
    traffic.reset()
    with pytest.raises(ConflictError) as raised:
        cora.cases.save(old)
    assert raised.value.theirs.reason_note == "omar's" and raised.value.theirs.version == 2
    assert [" ".join(s.split()[:2]) for s in traffic.statements] == [
        "SELECT cases.id,"], traffic.statements
    assert traffic.in_block == [False]
    assert admin.cases.get(case.id).reason_note == "omar's"
    # a copy at the stored version still saves (the usual one statement)
    latest = cora.cases.get_by_reference(case.reference)
    latest.reason_note = "cora's"
    cora.cases.save(latest)
    assert admin.cases.get(case.id).reason_note == "cora's"
    changes = [e.username for e in audit.events(admin.db, action="change")]
    assert changes == ["omar", "cora"]


@pytest.mark.postgres
def test_a_status_change_a_guard_refuses_is_refused_inside_the_save(centre):
    from counsel_app.domain.enums import CaseStatus
    from counsel_app.domain.workflow import IllegalTransition

    admin, cora, _omar, _traffic = centre
    case = cora.cases.create(person_case())
    case.status = CaseStatus.DEPARTED  # by hand, skipping every step
    with pytest.raises(IllegalTransition):
        cora.cases.save(case)
    stored = admin.cases.get(case.id)
    assert stored.status is CaseStatus.DRAFT and stored.version == 1
    assert not audit.events(admin.db, username="cora", action="change")


@pytest.mark.postgres
def test_a_connection_is_pinged_only_after_a_pause(centre, monkeypatch, pg_database_url):
    from sqlalchemy import create_engine

    _admin, cora, _omar, traffic = centre
    case = cora.cases.create(person_case())
    for _ in range(3):
        cora.cases.get_by_reference(case.reference)
    assert traffic.pings == 0  # used a moment ago: not pinged
    # the server drops cora's connection during a pause (a restart, a network cut)
    server = create_engine(pg_database_url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        dropped = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND usename = current_user AND application_name = ''")).scalar()
    server.dispose()
    assert dropped
    monkeypatch.setattr(storage_db, "PING_AFTER_IDLE_S", 0.0)  # the pause is over
    traffic.reset()
    opened = cora.cases.get_by_reference(case.reference)  # works: pinged, reconnected
    assert opened.reference == case.reference
    assert traffic.pings >= 1


@pytest.mark.postgres
def test_a_list_is_one_statement_without_begin_and_rollback_around_it(centre):
    _admin, cora, _omar, traffic = centre
    case = cora.cases.create(person_case())
    traffic.reset()
    assert [r.reference for r in cora.cases.list(text="Fatoumata")] == [case.reference]
    assert cora.cases.count() == 1
    assert len(traffic.statements) == 2 and traffic.in_block == [False, False]
    assert (traffic.checkouts, traffic.pings) == (2, 0)
    with cora.db.session():  # inside a transaction a list reads that transaction
        cora.cases.create(person_case("Omar Diallo"))
        assert cora.cases.count() == 2
    assert cora.cases.count() == 2


@pytest.mark.postgres
def test_a_create_takes_its_number_then_writes_case_tokens_and_event_in_one_statement(centre):
    admin, cora, omar, traffic = centre
    cora.cases.create(person_case())
    traffic.reset()
    case = cora.cases.create(person_case("Aminata Diallo"))
    assert [" ".join(s.split()[:2]) for s in traffic.statements] == [
        "UPDATE reference_counters", "WITH moved"]
    assert traffic.in_block == [False, False]  # each commits by itself
    assert (traffic.checkouts, traffic.pings) == (2, 0)
    assert case.reference.endswith("-000002") and case.version == 1
    stored = omar.cases.get(case.id)
    assert (stored.reference, stored.person.name_latin) == (case.reference, "Aminata Diallo")
    assert [r.reference for r in omar.cases.list(text="aminata")] == [case.reference]
    assert [e.reference for e in audit.events(admin.db, username="cora", action="create")
            ][-1] == case.reference
    case.reason_note = "saved after the create"
    assert cora.cases.save(case).version == 2
    assert audit.verify(admin.db, admin.vault.data_key).ok


@pytest.mark.postgres
def test_a_create_after_another_station_of_the_account_wrote_takes_the_usual_way(
        centre, pg_database_url):
    from counsel_app.storage.db import Database

    admin, cora, _omar, traffic = centre
    first = cora.cases.create(person_case())
    second_station = unlock(Database(pg_database_url), "cora", PW)
    try:
        second_station.cases.get(first.id)  # cora's head moves on the other station
        traffic.reset()
        case = cora.cases.create(person_case("Aminata Diallo"))
    finally:
        second_station.db.dispose()
    # the one statement wrote nothing; the usual transaction used the same number
    assert traffic.statements[1].startswith("WITH moved") and traffic.in_block[1] is False
    assert traffic.statements[2].startswith("INSERT INTO cases") and all(traffic.in_block[2:])
    assert case.reference.endswith("-000002")
    creates = audit.events(admin.db, username="cora", action="create")
    assert [e.reference for e in creates] == [first.reference, case.reference]
    assert cora.cases.count() == 2
    assert audit.verify(admin.db, admin.vault.data_key).ok


@pytest.mark.postgres
def test_a_create_whose_case_cannot_be_written_writes_no_event(centre):
    """The case and its event are one statement: a reference already taken (a counter set
    back by hand) fails it whole; the create goes on with the next number."""
    admin, cora, _omar, _traffic = centre
    made = [cora.cases.create(person_case(f"Person Number{n}")).reference for n in range(2)]
    with admin.db.autocommit() as conn:
        conn.execute(text("UPDATE reference_counters SET last_number = 0"))
    case = cora.cases.create(person_case("Aminata Diallo"))
    assert case.reference.endswith("-000003")
    creates = audit.events(admin.db, username="cora", action="create")
    assert [e.reference for e in creates] == [*made, case.reference]
    assert cora.cases.count() == 3
    assert audit.verify(admin.db, admin.vault.data_key).ok


def test_search_follows_the_names_through_saves_that_keep_or_change_them(ctx):
    """A save that keeps the names leaves the search tokens alone; one that changes a name
    (Latin or native) replaces them (both engines)."""
    case = ctx.cases.create(person_case("Awa Sow"))
    for note in ("first", "second"):
        case.reason_note = note
        case = ctx.cases.save(case)
    assert [r.id for r in ctx.cases.list(text="sow")] == [case.id]
    case.person.name_native = "أوا"
    case = ctx.cases.save(case)
    assert [r.id for r in ctx.cases.list(text="أوا")] == [case.id]
    case.person.name_latin = "Awa Diop"
    case.reason_note = "third"
    case = ctx.cases.save(case)
    assert ctx.cases.list(text="sow") == []
    assert [r.id for r in ctx.cases.list(text="diop")] == [case.id]
    assert [r.id for r in ctx.cases.list(text="أوا")] == [case.id]
    case.person.name_native = ""
    ctx.cases.save(case)
    assert ctx.cases.list(text="أوا") == []
    assert ctx.cases.get(case.id).reason_note == "third"


@pytest.mark.postgres
def test_a_save_of_a_case_erased_meanwhile_says_so_and_writes_nothing(centre):
    from counsel_app.errors import NotFound

    admin, cora, _omar, _traffic = centre
    case = cora.cases.create(person_case())
    admin.cases.delete(case.id)
    case.reason_note = "too late"
    with pytest.raises(NotFound, match="no longer exists"):
        cora.cases.save(case)
    assert [e.action for e in audit.events(admin.db, username="cora")] == ["sign_in", "create"]
    assert audit.verify(admin.db, admin.vault.data_key).ok
