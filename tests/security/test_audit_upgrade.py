"""A database made before chains per account (one chain, a head in clear, slots of the
first kind) is upgraded, sealed at the first sign-in, and cannot be made to look like one
again afterwards."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import text

from counsel_app.context import unlock
from counsel_app.security import audit
from counsel_app.security.accounts import password_hasher
from counsel_app.storage import crypto, migrate
from counsel_app.storage.db import Database
from tests.conftest import TEST_PASSWORD
from tests.security.test_audit import tamper


def _old_database(url: str, *, edit_event: int | None = None) -> Database:
    """What the app wrote before revision 0008: an administrator, a slot wrapped with the
    first associated data, three events of the single chain and its clear head."""
    db = Database(url)
    migrate.upgrade(db, "0002_security")
    data_key = crypto.new_key()
    salt, nonce = os.urandom(16), os.urandom(12)
    params = crypto.default_kdf()
    kek = crypto.derive_key(TEST_PASSWORD, salt, params)
    blob = nonce + AESGCM(kek).encrypt(nonce, data_key, crypto.SLOT_AAD_V1 + b"user:admin")
    key = audit.audit_key(data_key)
    now = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    prev, events = audit.GENESIS, []
    for seq, action in enumerate(["user_add", "sign_in", "create"], start=1):
        at = now + timedelta(minutes=seq)
        digest = audit.event_hash(key, prev, seq, at, "admin", "administrator", action,
                                  "AVRR-2026-000001" if action == "create" else None, "")
        events.append({"seq": seq, "at": at, "action": action, "prev": prev, "hash": digest,
                       "ref": "AVRR-2026-000001" if action == "create" else None})
        prev = digest
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO key_slots (label, salt, kdf, wrapped_key, key_id, created_at) "
            "VALUES ('user:admin', :salt, :kdf, :blob, :kid, :at)"),
            {"salt": salt, "kdf": __import__("json").dumps(params.as_dict()), "blob": blob,
             "kid": crypto.FieldCipher(data_key).key_id, "at": now})
        conn.execute(text(
            "INSERT INTO users (username, role, password_hash, active, failed_attempts, "
            "created_at, password_changed_at) VALUES ('admin', 'administrator', :h, :t, 0, "
            ":at, :at)"), {"h": password_hasher().hash(TEST_PASSWORD), "t": True, "at": now})
        for ev in events:
            conn.execute(text(
                "INSERT INTO audit_events (seq, at, username, role, action, reference, detail, "
                "prev_hash, hash) VALUES (:seq, :at, 'admin', 'administrator', :action, :ref, "
                "'', :prev, :hash)"), ev)
        conn.execute(text("UPDATE audit_chain_head SET last_seq = 3, last_hash = :h"),
                     {"h": prev})
        if edit_event:
            conn.execute(text("UPDATE audit_events SET detail = 'edited' WHERE seq = :s"),
                         {"s": edit_event})
    migrate.upgrade(db)
    return db


def test_the_single_chain_is_sealed_at_the_first_sign_in(database_url):
    db = _old_database(database_url)
    ctx = unlock(db, "admin", TEST_PASSWORD)
    assert ctx.trail.ok, ctx.trail.message()
    result = audit.verify(db, ctx.vault.data_key)
    assert result.ok and result.count == 4, result.message()
    assert [e.action for e in audit.events(db)] == ["user_add", "sign_in", "create", "sign_in"]
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT mac FROM audit_chains WHERE chain = '*'")).scalar()
        assert conn.execute(text("SELECT mac FROM users")).scalar()
    assert unlock(db, "admin", TEST_PASSWORD).vault.slot_version == 2  # re-wrapped
    ctx.cases.count()
    db.dispose()


def test_a_damaged_single_chain_is_reported_not_sealed_over(database_url):
    db = _old_database(database_url, edit_event=2)
    ctx = unlock(db, "admin", TEST_PASSWORD)  # nobody is locked out
    assert not ctx.trail.ok
    result = audit.verify(db, ctx.vault.data_key)
    assert not result.ok and result.broken_seq == 2 and "changed" in result.problem
    db.dispose()


def test_a_sealed_trail_made_to_look_unsealed_is_reported(database_url):
    db = _old_database(database_url)
    ctx = unlock(db, "admin", TEST_PASSWORD)
    ctx.audit("print", "AVRR-2026-000001", "plan")
    # the attacker removes everything written since the upgrade
    tamper(db, "DELETE FROM audit_events WHERE chain <> '*'",
           "DELETE FROM audit_chains WHERE chain <> '*'",
           "UPDATE audit_chains SET mac = NULL", "DELETE FROM audit_anchor",
           "UPDATE key_slots SET audit_anchor = NULL")
    again = unlock(db, "admin", TEST_PASSWORD)  # a slot of the second kind proves the seal
    assert not again.trail.ok and "no anchor" in again.trail.message()
    db.dispose()
