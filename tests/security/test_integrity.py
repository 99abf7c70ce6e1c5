"""Integrity of accounts (issue 17, item 1): a role, a lock-out or an account status
edited in the database file is refused at sign-in, audited, and repaired by an
administrator; an older copy of a row put back is found through the anchor.

The edits go straight to the SQLite file with Python's ``sqlite3`` (and through a plain
connection on PostgreSQL), as an attacker with the file but no key would make them."""

from __future__ import annotations

import pytest

from counsel_app.context import unlock
from counsel_app.security import audit
from counsel_app.security.accounts import (
    LOCK_AFTER,
    AccountAltered,
    AccountLocked,
    SignInError,
    add_user,
    list_users,
    repair_account,
    set_account_active,
    unlock_account,
)
from counsel_app.security.roles import PermissionDenied
from tests.conftest import TEST_PASSWORD
from tests.security.test_audit import scalar, tamper

PW = "a long enough password"


@pytest.fixture
def cora(ctx):
    add_user(ctx, "cora", "counsellor", PW)
    return ctx


def _states(ctx):
    return {a.username: a.integrity for a in list_users(ctx)}


def test_a_counsellor_who_makes_herself_administrator_is_refused(cora):
    ctx = cora
    tamper(ctx.db, "UPDATE users SET role = 'administrator' WHERE username = 'cora'")
    with pytest.raises(AccountAltered, match="changed outside the app"):
        unlock(ctx.db, "cora", PW)
    refused = audit.events(ctx.db, action="sign_in_refused")
    assert refused and refused[-1].username == "cora" and "altered" in refused[-1].detail
    admin = unlock(ctx.db, "admin", TEST_PASSWORD)
    assert _states(admin)["cora"] == "altered"
    assert audit.verify(ctx.db, ctx.vault.data_key).ok  # the trail itself holds
    # the administrator checks the role and repairs the account
    repair_account(admin, "cora", "counsellor")
    signed = unlock(ctx.db, "cora", PW)
    assert signed.role == "counsellor"
    with pytest.raises(PermissionDenied):
        add_user(signed, "mallory", "administrator", PW)
    assert audit.events(ctx.db, action="user_repair")[-1].detail.startswith("cora: altered")


def test_a_cleared_lock_out_is_refused(cora, clock):
    ctx = cora
    for _ in range(LOCK_AFTER):
        clock.advance(400)
        with pytest.raises(SignInError):
            from counsel_app.security.accounts import sign_in

            sign_in(ctx.db, "cora", "wrong password!", clock=clock)
    with pytest.raises(AccountLocked):
        unlock(ctx.db, "cora", PW)
    unlock(ctx.db, "admin", TEST_PASSWORD)  # any keyed sign-in confirms the lock-out
    tamper(ctx.db, "UPDATE users SET locked_at = NULL, failed_attempts = 0, "
                   "last_failed_at = NULL WHERE username = 'cora'")
    with pytest.raises(AccountAltered):
        unlock(ctx.db, "cora", PW)
    admin = unlock(ctx.db, "admin", TEST_PASSWORD)
    assert _states(admin)["cora"] == "lock-cleared"
    with pytest.raises(Exception, match="repair it first"):
        unlock_account(admin, "cora")
    repair_account(admin, "cora")
    assert unlock(ctx.db, "cora", PW).role == "counsellor"


def test_a_lock_out_by_failed_sign_ins_is_lifted_by_an_administrator(cora, clock):
    from counsel_app.security.accounts import sign_in

    ctx = cora
    for _ in range(LOCK_AFTER):
        clock.advance(400)
        with pytest.raises(SignInError):
            sign_in(ctx.db, "cora", "wrong password!", clock=clock)
    unlock_account(ctx, "cora")
    assert unlock(ctx.db, "cora", PW).role == "counsellor"


def test_a_disabled_account_enabled_again_in_the_file_is_refused(cora):
    ctx = cora
    set_account_active(ctx, "cora", False)
    with pytest.raises(SignInError, match="disabled"):
        unlock(ctx.db, "cora", PW)
    tamper(ctx.db, "UPDATE users SET active = :t WHERE username = 'cora'", t=True)
    with pytest.raises(AccountAltered):
        unlock(ctx.db, "cora", PW)
    with pytest.raises(Exception, match="repair it first"):
        set_account_active(ctx, "cora", True)
    repair_account(ctx, "cora")  # the administrator looked: enabled is right after all
    assert unlock(ctx.db, "cora", PW).user == "cora"


def test_an_older_copy_of_an_account_row_is_found(cora):
    """A former administrator puts back their old row (its MAC was valid then)."""
    ctx = cora
    add_user(ctx, "olga", "administrator", PW)
    old = ctx.db.engine.connect().exec_driver_sql(
        "SELECT role, mac FROM users WHERE username = 'olga'").one()
    repair_account(ctx, "olga", "counsellor")  # demoted
    tamper(ctx.db, "UPDATE users SET role = :r, mac = :m WHERE username = 'olga'",
           r=old.role, m=old.mac)
    with pytest.raises(AccountAltered):
        unlock(ctx.db, "olga", PW)
    result = audit.verify(ctx.db, ctx.vault.data_key)
    assert not result.ok and "account olga was changed outside the app" in result.message()
    assert _states(ctx)["olga"] == "replaced"


def test_an_account_row_inserted_in_the_file_cannot_sign_in(cora):
    ctx = cora
    tamper(ctx.db,
           "INSERT INTO users (username, role, password_hash, active, failed_attempts, "
           "created_at, password_changed_at) SELECT 'mallory', 'administrator', "
           "password_hash, active, 0, created_at, password_changed_at FROM users "
           "WHERE username = 'cora'",
           "INSERT INTO key_slots (label, salt, kdf, wrapped_key, key_id, created_at) "
           "SELECT 'user:mallory', salt, kdf, wrapped_key, key_id, created_at FROM key_slots "
           "WHERE label = 'user:cora'")
    with pytest.raises(SignInError):
        unlock(ctx.db, "mallory", PW)  # cora's password, cora's slot under another name
    assert _states(ctx)["mallory"] == "unsealed"
    assert scalar(ctx.db, "SELECT count(*) FROM users") == 3


def test_list_and_repair_need_an_administrator(cora):
    counsellor = unlock(cora.db, "cora", PW)
    with pytest.raises(PermissionDenied):
        repair_account(counsellor, "cora", "administrator")
    with pytest.raises(PermissionDenied):
        set_account_active(counsellor, "admin", False)
