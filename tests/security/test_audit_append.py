"""Appending at a centre (issue 25): a counsellor's event follows the head its own writer
left without reading it again, and falls back to the locked, checked read whenever the
head is not exactly there (another station of the same account, a rolled-back
transaction, an alteration); a create never waits on another counsellor's unfinished
create."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from counsel_app.context import unlock
from counsel_app.security import audit
from counsel_app.security.accounts import add_user
from counsel_app.security.models import AuditChain
from tests.security.conftest import person_case
from tests.security.test_audit import scalar, tamper, verify

PW = "a long enough password"


def test_many_events_of_two_stations_of_one_account_interleave_in_one_chain(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    first, second = unlock(ctx.db, "cora", PW), unlock(ctx.db, "cora", PW)
    case = first.cases.create(person_case())
    for n in range(6):
        (first if n % 3 else second).cases.get(case.id)
    with pytest.raises(RuntimeError), first.db.session():
        first.cases.get(case.id)
        raise RuntimeError("the view is rolled back")
    first.cases.get(case.id)
    second.cases.get(case.id)
    assert verify(ctx).ok
    assert scalar(ctx.db, "SELECT count(DISTINCT chain) FROM audit_events "
                          "WHERE username = 'cora'") == 1
    views = audit.events(ctx.db, username="cora", action="view")
    assert len(views) == 8


def test_a_head_altered_while_signed_in_is_found_at_the_next_event(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    cora = unlock(ctx.db, "cora", PW)
    case = cora.cases.create(person_case())
    cora.cases.get(case.id)
    tamper(ctx.db, "UPDATE audit_chains SET mac = CASE WHEN substr(mac, 1, 1) = '0' THEN '1' "
                   "ELSE '0' END || substr(mac, 2) WHERE chain = 'cora'")
    cora.cases.get(case.id)  # the head is not where cora's writer left it: checked, refused
    with ctx.db.read_session() as s:
        assert "cora/2" in s.scalars(select(AuditChain.chain)).all()
    result = verify(ctx)
    assert not result.ok and "altered outside the app" in result.message()


@pytest.mark.postgres
def test_a_create_does_not_wait_for_another_counsellors_unfinished_create(pg_database_url):
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    db = Database(pg_database_url)
    migrate.upgrade(db)
    admin = make_context(db)
    add_user(admin, "cora", "counsellor", PW)
    other_db = Database(pg_database_url)
    cora = unlock(other_db, "cora", PW)
    done: list[str] = []
    with admin.db.session():  # admin's create is still open (not committed)
        mine = admin.cases.create(person_case("Open Transaction"))
        thread = threading.Thread(
            target=lambda: done.append(cora.cases.create(person_case("Meanwhile")).reference))
        thread.start()
        thread.join(timeout=30)
        finished_meanwhile = not thread.is_alive()
    thread.join()
    assert finished_meanwhile, "cora's create waited for admin's transaction"
    assert done and done[0] != mine.reference
    assert {c.reference for c in admin.cases.list()} == {mine.reference, done[0]}
    assert audit.verify(db, admin.vault.data_key).ok
    other_db.dispose()
    db.dispose()


@pytest.mark.postgres
def test_a_create_inside_a_transaction_that_imported_a_case_does_not_wait_on_itself(
        pg_database_url):
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    db = Database(pg_database_url)
    migrate.upgrade(db)
    admin = make_context(db)
    made: list[str] = []

    def import_then_create():
        with admin.db.session() as session:
            made.append(admin.cases.insert(session, person_case("Imported")).reference)
            made.append(admin.cases.create(person_case("Created")).reference)

    thread = threading.Thread(target=import_then_create, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the create waited on its own transaction"
    assert len(set(made)) == 2
    assert {c.reference for c in admin.cases.list()} == set(made)
    db.dispose()
