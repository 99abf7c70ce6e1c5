"""The audit trail: chains per account, tamper detection (edit, delete, insert, shorten,
wipe, head and anchor removed or rolled back), no lock-out, repair, concurrency, atomicity.

Every attack edits the database as an attacker without the data key would: the SQLite file
through Python's own ``sqlite3`` module, PostgreSQL through a plain connection."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import select, text

from counsel_app.context import unlock
from counsel_app.security import audit
from counsel_app.security.accounts import add_user
from counsel_app.security.models import AuditAnchor, AuditChain, AuditEvent
from tests.conftest import TEST_PASSWORD
from tests.security.conftest import person_case

PW = "a long enough password"


def tamper(db, *statements: str, **params) -> None:
    """Run SQL on the database behind the app's back (the attacker's edit)."""
    if db.is_sqlite:
        conn = sqlite3.connect(db.engine.url.database)
        try:
            for statement in statements:
                conn.execute(statement, params)
            conn.commit()
        finally:
            conn.close()
    else:
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), params)


def scalar(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def verify(ctx):
    return audit.verify(ctx.db, ctx.vault.data_key)


def _fill(ctx, n=5):
    case = ctx.cases.create(person_case())
    for _ in range(n):
        ctx.cases.get(case.id)
    ctx.audit("print", case.reference, "reintegration plan")
    return case


def test_chain_verifies(ctx):
    _fill(ctx)
    result = verify(ctx)
    assert result.ok and result.count >= 7, result.message()
    assert "intact" in result.message()


def test_each_account_writes_its_own_chain(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    cora = unlock(ctx.db, "cora", PW)
    _fill(cora, n=2)
    _fill(ctx, n=1)
    with ctx.db.read_session() as s:
        chains = dict(s.execute(select(AuditChain.chain, AuditChain.count)).all())
        cora_events = s.scalars(select(AuditEvent.chain_seq).where(
            AuditEvent.chain == "cora").order_by(AuditEvent.seq)).all()
    assert set(chains) == {"admin", "cora"}
    assert cora_events == list(range(1, len(cora_events) + 1)) == list(
        range(1, chains["cora"] + 1))
    assert verify(ctx).ok


def test_edited_row_is_found(ctx):
    _fill(ctx)
    tamper(ctx.db, "UPDATE audit_events SET username = 'someone' WHERE seq = 4")
    result = verify(ctx)
    assert not result.ok and result.broken_seq == 4 and "changed" in result.problem


def test_edit_with_recomputed_plain_hash_is_found(ctx):
    """Without the key the chain cannot be rebuilt: a forger's SHA-256 does not match."""
    import hashlib

    _fill(ctx)
    tamper(ctx.db, "UPDATE audit_events SET action = 'export', hash = :h WHERE seq = 3",
           h=hashlib.sha256(b"forged").hexdigest())
    result = verify(ctx)
    assert not result.ok and result.broken_seq in (3, 4)


def test_deleted_row_is_found(ctx):
    _fill(ctx)
    tamper(ctx.db, "DELETE FROM audit_events WHERE seq = 3")
    result = verify(ctx)
    assert not result.ok and result.broken_seq == 4 and "missing" in result.problem


def test_inserted_row_is_found(ctx):
    _fill(ctx)
    prev = scalar(ctx.db, "SELECT hash FROM audit_events WHERE seq = 3")
    tamper(ctx.db,
           "UPDATE audit_events SET chain_seq = chain_seq + 1000 WHERE chain = 'admin' "
           "AND chain_seq > 3",
           "UPDATE audit_events SET chain_seq = chain_seq - 999 WHERE chain = 'admin' "
           "AND chain_seq > 1000",
           "INSERT INTO audit_events (seq, chain, chain_seq, at, username, role, action, "
           "reference, detail, prev_hash, hash) SELECT 900, chain, 4, at, 'ghost', role, "
           "'view', reference, '', hash, hash FROM audit_events WHERE seq = 3")
    assert prev
    result = verify(ctx)
    assert not result.ok and result.broken_seq == 900


# -- shortening and wiping (issue 17, item 2) ------------------------------------------------------

def test_deleted_last_rows_with_rewritten_head_are_found(ctx):
    """Delete the last events and rewrite the head's count and hash in clear: the head's MAC
    (under the data key) no longer matches."""
    _fill(ctx)
    count = scalar(ctx.db, "SELECT count FROM audit_chains WHERE chain = 'admin'")
    keep = scalar(ctx.db, "SELECT hash FROM audit_events WHERE chain = 'admin' AND "
                          "chain_seq = :n", n=count - 3)
    tamper(ctx.db, "DELETE FROM audit_events WHERE chain = 'admin' AND chain_seq > :n",
           "UPDATE audit_chains SET count = :n, last_hash = :h WHERE chain = 'admin'",
           n=count - 3, h=keep)
    result = verify(ctx)
    assert not result.ok and "altered outside the app" in result.message()


def test_tail_cut_back_to_an_older_head_copy_is_found_after_a_sign_in(ctx):
    """The attacker keeps a copy of an older head (its MAC is valid) and later deletes what
    came after it: the anchor renewed at any sign-in in between still names the longer
    chain."""
    _fill(ctx)
    old = ctx.db.engine.connect().execute(text(
        "SELECT count, last_hash, mac FROM audit_chains WHERE chain = 'admin'")).one()
    ctx.cases.create(person_case("Later Action"))
    unlock(ctx.db, "admin", TEST_PASSWORD)  # anchors the longer chain
    tamper(ctx.db, "DELETE FROM audit_events WHERE chain = 'admin' AND chain_seq > :n",
           "UPDATE audit_chains SET count = :n, last_hash = :h, mac = :m WHERE chain = 'admin'",
           n=old.count, h=old.last_hash, m=old.mac)
    result = verify(ctx)
    assert not result.ok and "shorter than when it was last anchored" in result.message()


def test_wiped_trail_is_found_even_after_the_verifiers_own_sign_in(ctx):
    """Issue 17: deleting everything passed, because the verify command's own sign-in wrote
    a fresh event 1 before it verified."""
    add_user(ctx, "cora", "counsellor", PW)
    _fill(ctx)
    tamper(ctx.db, "DELETE FROM audit_events", "DELETE FROM audit_chains")
    again = unlock(ctx.db, "admin", TEST_PASSWORD)  # what `audit verify` does first
    assert not again.trail.ok  # the sign-in itself says so
    result = verify(again)
    assert not result.ok and "was removed" in result.message()


def test_wiped_trail_with_anchor_and_copies_removed_is_found(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    _fill(ctx)
    tamper(ctx.db, "DELETE FROM audit_events", "DELETE FROM audit_chains",
           "DELETE FROM audit_anchor", "UPDATE key_slots SET audit_anchor = NULL")
    cora = unlock(ctx.db, "cora", PW)
    assert not cora.trail.ok and "empty although accounts exist" in cora.trail.message()
    # the problem is carried in the new anchor: it stays reported at the next sign-in
    result = verify(unlock(ctx.db, "admin", TEST_PASSWORD))
    assert not result.ok and "empty although accounts exist" in result.message()


def test_lost_anchor_row_locks_nobody_out_and_an_administrator_rebuilds_it(ctx):
    """Issue 17: deleting only the head row made every sign-in fail for everyone."""
    add_user(ctx, "cora", "counsellor", PW)
    _fill(ctx)
    tamper(ctx.db, "DELETE FROM audit_anchor")
    cora = unlock(ctx.db, "cora", PW)  # signs in, and may work
    cora.cases.create(person_case("Works On"))
    result = verify(cora)
    assert not result.ok and "anchor row is missing" in result.message()
    admin = unlock(ctx.db, "admin", TEST_PASSWORD)
    repaired = audit.repair(admin)
    assert repaired.ok and repaired.acknowledged >= 1, repaired.message()
    assert "acknowledged" in repaired.message()
    assert audit.events(ctx.db, action="audit_repair")[-1].username == "admin"


def test_lost_chain_head_locks_nobody_out(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    cora = unlock(ctx.db, "cora", PW)
    _fill(cora, n=2)
    tamper(ctx.db, "DELETE FROM audit_chains WHERE chain = 'cora'")
    cora = unlock(ctx.db, "cora", PW)  # continues in a new chain, never over the old one
    cora.cases.create(person_case("Still Working"))
    with ctx.db.read_session() as s:
        assert "cora/2" in s.scalars(select(AuditChain.chain)).all()
    result = verify(ctx)
    assert not result.ok and "head of the chain of cora is missing" in result.message()
    assert audit.repair(ctx).ok
    assert verify(unlock(ctx.db, "cora", PW)).ok


def test_rolled_back_anchor_is_found(ctx):
    _fill(ctx)
    old = ctx.db.engine.connect().execute(text(
        "SELECT generation, content, mac FROM audit_anchor")).one()
    unlock(ctx.db, "admin", TEST_PASSWORD)
    content = old.content if isinstance(old.content, str) else __import__("json").dumps(
        old.content)
    tamper(ctx.db, "UPDATE audit_anchor SET generation = :g, content = :c, mac = :m",
           g=old.generation, c=content, m=old.mac)
    result = verify(ctx)
    assert not result.ok and "replaced by an older one" in result.message()


def test_forged_anchor_is_found(ctx):
    _fill(ctx)
    tamper(ctx.db, "UPDATE audit_anchor SET generation = generation + 5")
    assert "anchor was altered" in verify(ctx).message()


def test_repair_acknowledges_an_edited_event_and_the_trail_goes_on(ctx):
    _fill(ctx)
    tamper(ctx.db, "UPDATE audit_events SET detail = 'edited' WHERE seq = 3")
    assert not verify(ctx).ok
    result = audit.repair(ctx)
    assert result.ok and result.acknowledged == 1
    ctx.cases.create(person_case("After Repair"))
    assert verify(ctx).ok
    # a new edit elsewhere is found again
    tamper(ctx.db, "UPDATE audit_events SET detail = 'edited' WHERE seq = 5")
    result = verify(ctx)
    assert not result.ok and result.broken_seq == 5


def test_repair_needs_an_administrator(ctx):
    from counsel_app.security.roles import PermissionDenied

    add_user(ctx, "sam", "supervisor", PW)
    with pytest.raises(PermissionDenied):
        audit.repair(unlock(ctx.db, "sam", PW))


# -- one transaction with the action (issue 25, item 1) ---------------------------------------------

def test_an_action_and_its_event_commit_together_or_not_at_all(ctx):
    before = len(audit.events(ctx.db))
    with pytest.raises(RuntimeError), ctx.db.session() as session:
        case = ctx.cases.create(person_case("Never Stored"))
        assert len(audit.events(ctx.db)) == before + 1  # the same transaction sees it
        raise RuntimeError("power cut")
    assert len(audit.events(ctx.db)) == before
    with ctx.db.read_session() as session:
        assert session.execute(text("SELECT count(*) FROM cases")).scalar() == 0
    assert case.reference  # it had been given one inside the rolled-back transaction
    assert verify(ctx).ok


def test_a_failed_event_undoes_the_action(ctx, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit.ChainWriter, "append", broken)
    # on PostgreSQL a create writes its case and its event as one statement
    monkeypatch.setattr(audit.ChainWriter, "change_with_event", broken)
    with pytest.raises(RuntimeError):
        ctx.cases.create(person_case("No Event No Case"))
    monkeypatch.undo()
    assert ctx.cases.count() == 0
    assert verify(ctx).ok


# -- concurrency -----------------------------------------------------------------------------------

def test_concurrent_writers_keep_the_chains(ctx):
    from counsel_app.storage.db import Database

    for n in range(3):
        add_user(ctx, f"u{n}", "counsellor", PW)
    url = ctx.db.engine.url.render_as_string(hide_password=False)
    errors = []

    def write(name):
        db = Database(url)
        try:
            other = unlock(db, name, PW)
            for i in range(12):
                other.audit("view", f"AVRR-2026-{i:06d}")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            db.dispose()

    # three accounts, and the third twice at once (two stations, one chain)
    threads = [threading.Thread(target=write, args=(n,)) for n in ("u0", "u1", "u2", "u2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify(ctx)
    assert result.ok, result.message()
    assert len(audit.events(ctx.db, action="view")) == 48
    with ctx.db.read_session() as s:
        assert s.get(AuditChain, "u2").count == 26  # 2 sign-ins + 24 views, no gaps


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


def test_a_period_that_holds_no_day_is_refused_to_every_reader(sqlite_ctx):
    from datetime import date, datetime, timezone

    from counsel_app.errors import ValidationError

    _fill(sqlite_ctx, n=1)
    start = datetime(2026, 2, 10, tzinfo=timezone.utc)
    with pytest.raises(ValidationError, match=r"^The end of the period \(Feb 5, 2026\) must "):
        audit.read_events(sqlite_ctx, since=start, until=start.replace(day=5))
    since, until = audit.day_period(date(2026, 2, 10), date(2026, 2, 10))  # one whole day
    assert (since, until) == (start, start.replace(day=11))
    # the days as the date boxes show them (the interface's medium date)
    with pytest.raises(ValidationError, match=r"^The last day of the period \(Feb 9, 2026\) "
                                             r"is before its first day \(Feb 10, 2026\)\.$"):
        audit.day_period(date(2026, 2, 10), date(2026, 2, 9))


def test_long_values_are_cut_to_fit_and_failed_sign_ins_are_traced(ctx):
    from counsel_app.security.accounts import SignInError

    ctx.audit("an_action_name_longer_than_thirty_two_chars", "AVRR-2026-000001-EXTRA-LONG",
              "x" * 400)
    ev = audit.events(ctx.db, descending=True, limit=1)[0]
    assert len(ev.action) == 32 and len(ev.reference) == 20 and len(ev.detail) == 255
    add_user(ctx, "cora", "counsellor", PW)
    for _ in range(2):
        with pytest.raises(SignInError):
            unlock(ctx.db, "cora", "wrong password!")
    unlock(ctx.db, "cora", PW)
    last = audit.events(ctx.db, username="cora", action="sign_in")[-1]
    assert last.detail == "after 2 failed attempts"
    assert verify(ctx).ok


def test_the_anchor_is_mirrored_into_every_key_slot(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    unlock(ctx.db, "cora", PW)
    with ctx.db.read_session() as s:
        anchor = s.get(AuditAnchor, 1)
        mirrors = s.execute(text("SELECT audit_anchor FROM key_slots")).scalars().all()
    assert len(mirrors) == 2
    for mirror in mirrors:
        mirror = mirror if isinstance(mirror, dict) else __import__("json").loads(mirror)
        assert mirror["generation"] == anchor.generation and mirror["mac"] == anchor.mac
    assert set(anchor.content["chains"]) == {"admin", "cora"}
    assert set(anchor.content["accounts"]) == {"admin", "cora"}


def test_what_the_check_says_counts_events_and_problems_in_the_singular_or_plural():
    """"1 event", "1 earlier problem was", "1 further problem": never "1 events"; Arabic
    takes the form its plural rule asks for."""
    from counsel_app.i18n import set_interface_language

    assert audit.VerifyResult(True, 1).message() == (
        "The audit trail is intact: 1 event, chain unbroken.")
    assert audit.VerifyResult(True, 9, acknowledged=1).message().endswith(
        " 1 earlier problem was acknowledged by an administrator (see the “repaired the audit "
        "trail” events).")
    removed = audit.Problem("chain_removed", chain="cora", count=1)
    shortened = audit.Problem("chain_shortened", chain="cora", count=1, now=0)
    assert removed.text == "the chain of cora (1 event when last anchored) was removed."
    assert shortened.text.endswith("last anchored (0 of 1 event).")
    broken = audit.VerifyResult(False, 4, None, removed.text, (removed, shortened))
    assert broken.message() == ("The audit trail is broken: the chain of cora (1 event when "
                                "last anchored) was removed. 1 further problem.")
    assert audit.Problem("chain_removed", chain="cora", count=3).text.startswith(
        "the chain of cora (3 events ")
    set_interface_language("fr")
    assert audit.VerifyResult(True, 1).message().startswith(
        "Le journal d’audit est intact : 1 événement,")
    set_interface_language("ar")
    assert audit.VerifyResult(True, 3).message() != audit.VerifyResult(True, 11).message(
        ).replace("11", "3")  # 3 to 10 and 11 to 99 take different Arabic forms
