"""Accounts: first run, sign-in, wrong passwords, back-off, lock-out, password change."""

from __future__ import annotations

import pytest

from counsel_app.context import AppContext, unlock
from counsel_app.errors import UserError, ValidationError
from counsel_app.security import accounts
from counsel_app.security.accounts import (
    LOCK_AFTER,
    AccountLocked,
    MustWait,
    SignInError,
    add_user,
    backoff_seconds,
    change_password,
    sign_in,
    unlock_account,
)
from counsel_app.security.models import UserRow
from counsel_app.security.roles import PermissionDenied, Role
from counsel_app.storage import keys
from tests.conftest import TEST_PASSWORD

PW = "counsellor password 1"


def test_first_run_creates_administrator_and_slot(db):
    assert accounts.needs_first_administrator(db)
    ctx = accounts.create_first_administrator(db, "Admin", TEST_PASSWORD)
    assert isinstance(ctx, AppContext) and ctx.user == "admin" and ctx.role == "administrator"
    assert not accounts.needs_first_administrator(db)
    assert keys.unlock(db, "user:admin", TEST_PASSWORD) is not None
    with db.read_session() as s:
        stored = s.query(UserRow).one().password_hash
    assert stored.startswith("$argon2id$") and TEST_PASSWORD not in stored
    with pytest.raises(UserError, match="already set up"):
        accounts.create_first_administrator(db, "other", TEST_PASSWORD)


def test_weak_password_and_bad_name_refused(db):
    with pytest.raises(ValidationError, match="at least 10"):
        accounts.create_first_administrator(db, "admin", "short")
    with pytest.raises(ValidationError, match="not a valid account name"):
        accounts.create_first_administrator(db, "bad name!", TEST_PASSWORD)
    assert accounts.needs_first_administrator(db)


def test_sign_in_right_and_wrong(ctx):
    add_user(ctx, "awa", "counsellor", PW)
    signed = unlock(ctx.db, "awa", PW)
    assert signed.role == "counsellor" and signed.vault.data_key == ctx.vault.data_key
    with pytest.raises(SignInError, match="Wrong user name or password"):
        unlock(ctx.db, "awa", "not the password")
    with pytest.raises(SignInError, match="Wrong user name or password"):
        unlock(ctx.db, "nobody", PW)
    with pytest.raises(SignInError, match="password is needed"):
        unlock(ctx.db, "awa", "")


def test_back_off_grows_then_locks_and_admin_unlocks(ctx, clock):
    add_user(ctx, "awa", "counsellor", PW)
    waits = []
    for attempt in range(1, LOCK_AFTER + 1):
        try:
            sign_in(ctx.db, "awa", "wrong password!", clock=clock)
        except MustWait as exc:  # pragma: no cover - the loop waits out every delay
            pytest.fail(f"attempt {attempt} refused to wait: {exc}")
        except AccountLocked:
            assert attempt == LOCK_AFTER
            break
        except SignInError:
            pass
        delay = backoff_seconds(attempt)
        waits.append(delay)
        if delay:
            # trying again before the delay is over is refused without checking the password
            clock.advance(delay - 1)
            with pytest.raises(MustWait) as info:
                sign_in(ctx.db, "awa", PW, clock=clock)
            assert info.value.seconds == 1 and "wait 1 second before" in str(info.value)
            clock.advance(1)
    assert waits[:3] == [0, 0, 2] and waits == sorted(waits) and waits[-1] > waits[3]
    # locked: even the right password is refused, with a clear message
    with pytest.raises(AccountLocked, match="locked"):
        sign_in(ctx.db, "awa", PW, clock=clock)
    clock.advance(10_000)
    with pytest.raises(AccountLocked):
        sign_in(ctx.db, "awa", PW, clock=clock)
    unlock_account(ctx, "awa")
    assert sign_in(ctx.db, "awa", PW, clock=clock).user == "awa"


def test_success_resets_failures(ctx, clock):
    add_user(ctx, "awa", "counsellor", PW)
    for _ in range(3):
        with pytest.raises(SignInError):
            sign_in(ctx.db, "awa", "wrong password!", clock=clock)
    clock.advance(backoff_seconds(3))
    sign_in(ctx.db, "awa", PW, clock=clock)
    assert accounts.get_account(ctx.db, "awa").failed_attempts == 0
    with pytest.raises(SignInError):
        sign_in(ctx.db, "awa", "wrong password!", clock=clock)
    # one fresh failure does not make the next attempt wait
    sign_in(ctx.db, "awa", PW, clock=clock)


def test_only_admin_adds_users(ctx):
    add_user(ctx, "awa", Role.COUNSELLOR, PW)
    counsellor = unlock(ctx.db, "awa", PW)
    with pytest.raises(PermissionDenied, match="Counsellor.*manage accounts"):
        add_user(counsellor, "bob", "counsellor", PW)
    with pytest.raises(ValidationError, match="already an account"):
        add_user(ctx, "awa", "supervisor", PW)
    with pytest.raises(UserError, match="not a role"):
        add_user(ctx, "carl", "boss", PW)


def test_password_change_rewraps_slot(ctx):
    add_user(ctx, "awa", "counsellor", PW)
    me = unlock(ctx.db, "awa", PW)
    with pytest.raises(UserError, match="current password is wrong"):
        change_password(me, "nope nope nope", "a brand new password")
    change_password(me, PW, "a brand new password")
    assert keys.unlock(ctx.db, "user:awa", PW) is None
    assert keys.unlock(ctx.db, "user:awa", "a brand new password") is not None
    with pytest.raises(SignInError):
        unlock(ctx.db, "awa", PW)
    assert unlock(ctx.db, "awa", "a brand new password").user == "awa"


def test_database_from_before_accounts_is_adopted(db):
    """A bare key slot "admin" (how the foundation set databases up) becomes an account."""
    vault = keys.initialise(db, "admin", TEST_PASSWORD)
    assert not accounts.needs_first_administrator(db)
    with pytest.raises(SignInError):
        unlock(db, "admin", "wrong password!!")
    ctx = unlock(db, "admin", TEST_PASSWORD)
    assert ctx.role == "administrator" and ctx.vault.data_key == vault.data_key
    assert keys.unlock(db, "admin", TEST_PASSWORD) is None  # the bare slot is gone
    assert keys.unlock(db, "user:admin", TEST_PASSWORD) is not None
    assert unlock(db, "admin", TEST_PASSWORD).user == "admin"
