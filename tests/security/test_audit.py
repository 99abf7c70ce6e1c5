"""The audit trail: chain, tamper detection (edit, delete, insert), concurrency, listing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select, update

from counsel_app.security import audit
from counsel_app.security.models import AuditEvent, AuditHead
from tests.security.conftest import person_case


def key(ctx):
    return audit.audit_key(ctx.vault.data_key)


def _fill(ctx, n=5):
    case = ctx.cases.create(person_case())
    for _ in range(n):
        ctx.cases.get(case.id)
    ctx.audit("print", case.reference, "reintegration plan")
    return case


def test_chain_verifies(ctx):
    _fill(ctx)
    result = audit.verify(ctx.db, key(ctx))
    assert result.ok and result.count >= 7, result.message()
    assert "intact" in result.message()


def test_edited_row_is_found(ctx):
    _fill(ctx)
    with ctx.db.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(username="someone"))
    result = audit.verify(ctx.db, key(ctx))
    assert not result.ok and result.broken_seq == 4 and "changed" in result.problem


def test_edit_with_recomputed_plain_hash_is_found(ctx):
    """Without the key the chain cannot be rebuilt: a forger's SHA-256 does not match."""
    import hashlib

    _fill(ctx)
    with ctx.db.session() as s:
        ev = s.get(AuditEvent, 3)
        ev.action = "export"
        ev.hash = hashlib.sha256(b"forged").hexdigest()
    result = audit.verify(ctx.db, key(ctx))
    assert not result.ok and result.broken_seq == 3


def test_deleted_row_is_found(ctx):
    _fill(ctx)
    with ctx.db.session() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == 3))
    result = audit.verify(ctx.db, key(ctx))
    assert not result.ok and result.broken_seq == 3 and "missing" in result.problem


def test_deleted_last_rows_are_found(ctx):
    _fill(ctx)
    with ctx.db.session() as s:
        last = s.scalar(select(AuditHead.last_seq))
        s.execute(delete(AuditEvent).where(AuditEvent.seq == last))
    result = audit.verify(ctx.db, key(ctx))
    assert not result.ok and result.broken_seq == last and "end of the trail" in result.problem


def test_inserted_row_is_found(ctx):
    from sqlalchemy import insert

    _fill(ctx)
    table = AuditEvent.__table__
    with ctx.db.engine.begin() as conn:
        last = conn.scalar(select(AuditHead.last_seq))
        for seq in range(last, 3, -1):  # make room after event 3
            conn.execute(update(table).where(table.c.seq == seq).values(seq=seq + 1))
        prev = conn.execute(select(table).where(table.c.seq == 3)).one()
        conn.execute(insert(table).values(
            seq=4, at=prev.at, username="ghost", role="administrator", action="view",
            reference=prev.reference, detail="", prev_hash=prev.hash, hash=prev.hash))
    result = audit.verify(ctx.db, key(ctx))
    assert not result.ok and result.broken_seq == 4


def test_concurrent_writers_keep_the_chain(ctx):
    from counsel_app.storage.db import Database

    dbs = [Database(ctx.db.engine.url.render_as_string(hide_password=False)) for _ in range(4)]
    k = key(ctx)
    errors = []

    def write(db, n):
        try:
            for i in range(15):
                audit.append(db, k, username=f"u{n}", role="counsellor", action="view",
                             reference=f"AVRR-2026-{i:05d}")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d, n)) for n, d in enumerate(dbs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for d in dbs:
        d.dispose()
    assert errors == []
    result = audit.verify(ctx.db, k)
    assert result.ok, result.message()
    assert len(audit.events(ctx.db, action="view")) == 60


def test_filters(ctx):
    case = _fill(ctx, n=2)
    other = ctx.cases.create(person_case("Kadiatou Bah"))
    assert {e.reference for e in audit.events(ctx.db, reference=case.reference)} == {case.reference}
    prints = audit.events(ctx.db, action="print")
    assert len(prints) == 1 and prints[0].detail == "reintegration plan"
    assert audit.events(ctx.db, username="admin", action="create")[-1].reference == other.reference
    assert audit.events(ctx.db, username="nobody") == []
    newest = audit.events(ctx.db, descending=True, limit=1)[0]
    assert newest.action == "create" and newest.reference == other.reference


def test_long_values_are_cut_to_fit_and_failed_sign_ins_are_traced(ctx):
    from counsel_app.context import unlock
    from counsel_app.security.accounts import SignInError, add_user

    ctx.audit("an_action_name_longer_than_thirty_two_chars", "AVRR-2026-000001-EXTRA-LONG",
              "x" * 400)
    ev = audit.events(ctx.db, descending=True, limit=1)[0]
    assert len(ev.action) == 32 and len(ev.reference) == 20 and len(ev.detail) == 255
    add_user(ctx, "cora", "counsellor", "a long enough password")
    for _ in range(2):
        with pytest.raises(SignInError):
            unlock(ctx.db, "cora", "wrong password!")
    unlock(ctx.db, "cora", "a long enough password")
    last = audit.events(ctx.db, username="cora", action="sign_in")[-1]
    assert last.detail == "after 2 failed attempts"
    assert audit.verify(ctx.db, key(ctx)).ok


def test_wiped_trail_is_found(ctx):
    _fill(ctx)
    with ctx.db.session() as s:
        s.execute(delete(AuditEvent))
        s.execute(update(AuditHead).values(last_seq=0, last_hash=audit.GENESIS))
    result = audit.verify(ctx.db, key(ctx))
    assert not result.ok and result.broken_seq == 1 and "empty" in result.problem
