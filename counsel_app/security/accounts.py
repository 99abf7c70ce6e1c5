"""Accounts: first administrator, sign-in with back-off and lock-out, users, passwords.

A password is checked twice over: against its Argon2id hash (``users.password_hash``), and
by unwrapping the database's data key from the account's key slot ``user:<username>``.
Repeated failures make the account wait longer and longer before the next attempt is even
checked, and after :data:`LOCK_AFTER` failures lock it until an administrator unlocks it.
The clock is injectable so tests check the back-off without sleeping.

Role, account status and lock-out carry an integrity MAC (``security.integrity``) that only
a process holding the data key can write; a sign-in checks it (and the audit trail) before
it writes anything, and refuses an account whose record was changed outside the app.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from counsel_app.domain.case import as_utc, utcnow
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, ngettext
from counsel_app.security import audit, integrity
from counsel_app.security.models import UserRow
from counsel_app.security.roles import Permission, Role, parse_role
from counsel_app.storage import keys
from counsel_app.storage.crypto import FieldCipher, WrappedKey, new_key, wrap_key
from counsel_app.storage.db import Database
from counsel_app.storage.models import KeySlot as KeySlotRow
from counsel_app.storage.models import MetaEntry

Clock = Callable[[], datetime]

#: Failures allowed before any waiting starts.
FREE_ATTEMPTS = 3
#: Failures after which the account is locked (an administrator unlocks it).
LOCK_AFTER = 10
MAX_DELAY_SECONDS = 300
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def slot_label(username: str) -> str:
    """The key slot that the password of ``username`` unlocks."""
    return f"user:{username}"


def password_hasher() -> PasswordHasher:
    if os.environ.get("COUNSEL_APP_FAST_KDF") == "1":
        return PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    # RFC 9106 second recommended option, as for the key slots
    return PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2)


def wait_message(seconds: int) -> str:
    """What the sign-in says while a back-off lasts: "wait 1 second", "wait 4 seconds" (the
    login screen counts it down with the same sentence)."""
    return ngettext("Too many failed attempts: wait {seconds} second before trying again.",
                    "Too many failed attempts: wait {seconds} seconds before trying again.",
                    seconds).format(seconds=seconds)


def backoff_seconds(failures: int) -> int:
    """How long an account waits after ``failures`` consecutive failures (0, then 2, 4, 8...)."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1))


class SignInError(UserError):
    """Wrong name or password, a locked account, or one that must wait."""


class AccountLocked(SignInError):
    pass


class AccountAltered(SignInError):
    """The account's role, status or lock-out was changed outside the app."""


class MustWait(SignInError):
    def __init__(self, message: str, seconds: int):
        super().__init__(message)
        self.seconds = seconds


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    active: bool
    locked: bool
    failed_attempts: int
    created_at: datetime
    #: "ok", or what its integrity check found ("altered", "lock-cleared", "replaced",
    #: "unsealed"); "unknown" when read without the data key
    integrity: str = "unknown"
    #: the name prints carry (empty: none set) and the work contact
    display_name: str = ""
    contact: str = ""

    @property
    def needs_repair(self) -> bool:
        return self.integrity not in ("ok", "unknown")


def check_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            _("“{name}” is not a valid account name: use 2 to 64 lower-case letters, digits, "
              "dots, dashes or underscores.").format(name=username), "username")
    return name


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH),
            "password")


def needs_first_administrator(db: Database) -> bool:
    """True on a new database: no accounts and no data key yet."""
    with db.read_session() as session:
        return (session.scalar(select(func.count(UserRow.id))) == 0
                and session.scalar(select(KeySlotRow.id).limit(1)) is None)


def _adopt_legacy_slot(db: Database, name: str, password: str, now: datetime) -> bool:
    """A database set up before accounts existed has a bare key slot named after the
    administrator (e.g. ``admin``) and no users: the first sign-in with its password turns
    it into an administrator account with the slot ``user:<name>``."""
    with db.read_session() as session:
        if session.scalar(select(func.count(UserRow.id))) != 0:
            return False
    vault = keys.unlock(db, name, password)
    if vault is None:
        return False
    wrapped = wrap_key(vault.data_key, password, slot_label(name))
    with db.session() as session:
        audit.lock_anchor(session)
        session.query(KeySlotRow).filter(KeySlotRow.label == name).delete()
        _add_slot(session, vault, name, wrapped, now)
        session.add(_user_row(vault, name, Role.ADMINISTRATOR, password, now))
        session.flush()
        audit.seal(session, vault.data_key,
                   audit.inspect(session, vault.data_key, slot_version=1))
    return True


def create_first_administrator(db: Database, username: str, password: str, *,
                               clock: Clock = utcnow):
    """First run: create the data key, the administrator and their key slot, atomically.
    Returns the signed-in context."""
    from counsel_app.security.context import AppContext

    username = check_username(username)
    check_password(password)
    if not needs_first_administrator(db) or keys.is_initialised(db):
        raise UserError(_("This database is already set up; sign in instead."))
    data_key = new_key()
    vault = keys.Vault(data_key, FieldCipher(data_key))
    now = clock()
    wrapped = wrap_key(vault.data_key, password, slot_label(username))
    ctx = AppContext(db, vault, username, Role.ADMINISTRATOR.value)
    # one transaction: key slot, account, its first event and the trail's first anchor
    with db.session() as session:
        audit.lock_anchor(session)
        _add_slot(session, vault, username, wrapped, now)
        session.add(_user_row(vault, username, Role.ADMINISTRATOR, password, now))
        if session.get(MetaEntry, "database_id") is None:
            session.add(MetaEntry(key="database_id", value=str(uuid.uuid4())))
        session.flush()
        ctx.audit("user_add", None, "first administrator")
        audit.start_trail(session, data_key)
    return ctx


def _user_row(vault: keys.Vault, username: str, role: Role, password: str, now: datetime):
    row = UserRow(username=username, role=role.value,
                  password_hash=password_hasher().hash(password), active=True,
                  failed_attempts=0, created_at=now, password_changed_at=now)
    integrity.seal_account(integrity.integrity_key(vault.data_key), row)
    return row


def _add_slot(session, vault: keys.Vault, username: str, wrapped: WrappedKey,
              now: datetime) -> None:
    """The account's key slot (``wrapped`` made before the transaction: Argon2 is slow);
    it receives the anchor's copy when the caller renews the anchor."""
    session.add(KeySlotRow(label=slot_label(username), salt=wrapped.salt,
                           kdf=wrapped.params.as_dict(), wrapped_key=wrapped.blob,
                           key_id=vault.cipher.key_id, created_at=now))


def sign_in(db: Database, username: str, password: str | None, *, clock: Clock = utcnow):
    """Check the password and unlock the data key; returns an ``AppContext``.

    Raises :class:`SignInError` (same message for an unknown name and a wrong password),
    :class:`MustWait` during the back-off, :class:`AccountLocked` once locked.
    """
    name = (username or "").strip().lower()
    wrong = SignInError(_("Wrong user name or password."))
    if not password:
        raise SignInError(_("A password is needed: set COUNSEL_APP_PASSWORD or run the "
                            "command at a terminal."))
    now = clock()
    with db.read_session() as session:
        user = session.scalar(select(UserRow).where(UserRow.username == name))
        if user is None and _adopt_legacy_slot(db, name, password, now):
            user = session.scalar(select(UserRow).where(UserRow.username == name))
        if user is None:
            raise wrong
        state = (user.active, user.locked_at, user.failed_attempts, as_utc(user.last_failed_at),
                 user.password_hash, user.role)
    active, locked_at, failures, last_failed, stored_hash, role = state
    if not active:
        raise SignInError(_("The account “{name}” is disabled.").format(name=name))
    if locked_at is not None:
        raise AccountLocked(_("The account “{name}” is locked after too many failed attempts; "
                              "an administrator must unlock it.").format(name=name))
    wait = backoff_seconds(failures)
    if wait and last_failed is not None:
        remaining = (last_failed + timedelta(seconds=wait) - now).total_seconds()
        if remaining > 0:
            seconds = int(remaining) + (remaining % 1 > 0)
            raise MustWait(wait_message(seconds), seconds)
    ok = False
    try:
        ok = password_hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        ok = False
    vault = keys.unlock(db, slot_label(name), password) if ok else None
    if vault is None:
        locked = _record_failure(db, name, now)
        if locked:
            raise AccountLocked(_("Too many failed attempts: the account “{name}” is now "
                                  "locked; an administrator must unlock it.").format(name=name))
        raise wrong
    return _open_session(db, vault, name, password, stored_hash, failures)


def _open_session(db: Database, vault: keys.Vault, name: str, password: str, stored_hash: str,
                  failures: int):
    """The keyed part of a sign-in, in one transaction: the account's integrity and the
    audit trail are checked before anything is written; then the sign-in event, the
    renewed anchor, and (for a slot older than the anchored trail) the slot re-wrapped."""
    from counsel_app.security.context import AppContext

    key = integrity.integrity_key(vault.data_key)
    rewrapped = (wrap_key(vault.data_key, password, slot_label(name))
                 if vault.slot_version == 1 else None)
    hasher = password_hasher()
    refused = None
    with db.session() as session:
        audit.lock_anchor(session)
        found = audit.before_first_write(session, vault.data_key,
                                         slot_version=vault.slot_version)
        user = session.scalar(select(UserRow).where(UserRow.username == name))
        state = integrity.account_state(key, user)
        anchored = ((found.anchor or {}).get("accounts") or {}).get(name)
        if state not in ("ok", "locked-later"):
            refused = state
        elif anchored is not None and anchored != user.mac:
            refused = "replaced"
        if refused:
            ctx = AppContext(db, vault, name, "")
            ctx.audit("sign_in_refused", None, f"account record {refused}")
        else:
            ctx = AppContext(db, vault, name, user.role)
            if user.failed_attempts or user.last_failed_at is not None:
                user.failed_attempts = 0
                user.last_failed_at = None
            if hasher.check_needs_rehash(stored_hash):
                user.password_hash = hasher.hash(password)
            if rewrapped is not None:
                session.query(KeySlotRow).filter(KeySlotRow.label == slot_label(name)).delete()
                session.flush()
                _add_slot(session, vault, name, rewrapped, utcnow())
            # failures cannot be chained when they happen (no key without the password):
            # the next successful sign-in records how many there were
            ctx.audit("sign_in", None, f"after {failures} failed attempts" if failures else "")
        audit.renew_anchor(session, vault.data_key, found)
    if refused:
        raise AccountAltered(_("The account “{name}” was changed outside the app (its role, "
                               "status or lock-out no longer matches its integrity check). "
                               "It stays refused until an administrator repairs it.").format(
            name=name))
    ctx.trail = audit.quick_result(found)
    return ctx


def _record_failure(db: Database, name: str, now: datetime) -> bool:
    with db.session() as session:
        user = session.scalar(select(UserRow).where(UserRow.username == name).with_for_update())
        user.failed_attempts += 1
        user.last_failed_at = now
        if user.failed_attempts >= LOCK_AFTER and user.locked_at is None:
            user.locked_at = now
            return True
    return False


def add_user(ctx, username: str, role: str | Role, password: str, *, clock: Clock = utcnow) -> Account:
    """An administrator adds an account: its hash and a key slot wrapping the data key."""
    ctx.require(Permission.USERS_MANAGE)
    username = check_username(username)
    role = parse_role(role) if isinstance(role, str) else role
    check_password(password)
    now = clock()
    wrapped = wrap_key(ctx.vault.data_key, password, slot_label(username))
    with ctx.db.session() as session:
        audit.lock_anchor(session)
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise ValidationError(_("There is already an account “{name}”.").format(name=username),
                                  "username")
        session.query(KeySlotRow).filter(KeySlotRow.label == slot_label(username)).delete()
        _add_slot(session, ctx.vault, username, wrapped, now)
        session.add(_user_row(ctx.vault, username, role, password, now))
        session.flush()
        ctx.audit("user_add", None, f"{username} as {role.value}")
        audit.renew_anchor(session, ctx.vault.data_key)
    return get_account(ctx.db, username)


def get_account(db: Database, username: str) -> Account:
    with db.read_session() as session:
        user = session.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise UserError(_("There is no account “{name}”.").format(name=username))
        return _account(user)


def _account(user, integrity_state: str = "unknown") -> Account:
    try:
        role = Role(user.role)
    except ValueError:  # an edited row: shown as the lowest role, flagged for repair
        role, integrity_state = Role.SUPERVISOR, "altered"
    return Account(user.username, role, user.active, user.locked_at is not None,
                   user.failed_attempts, as_utc(user.created_at), integrity_state,
                   user.display_name or "", user.contact or "")


def _integrity_states(session, data_key: bytes) -> dict[str, str]:
    key = integrity.integrity_key(data_key)
    found = audit.inspect(session, data_key)
    anchored = (found.anchor or {}).get("accounts") or {}
    states = {}
    for row in session.scalars(select(UserRow)):
        state = integrity.account_state(key, row)
        if state == "locked-later":
            state = "ok"
        if state == "ok" and row.username in anchored and anchored[row.username] != row.mac:
            state = "replaced"
        states[row.username] = state
    return states


def list_users(ctx) -> list[Account]:
    """The accounts, each with what its integrity check finds."""
    ctx.require(Permission.USERS_MANAGE)
    with ctx.db.session() as session:  # under the anchor's lock: it and the rows hold still
        audit.lock_anchor(session)
        states = _integrity_states(session, ctx.vault.data_key)
        return [_account(u, states.get(u.username, "altered"))
                for u in session.scalars(select(UserRow).order_by(UserRow.username))]


def _locked_row(session, username: str) -> UserRow:
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    if user is None:
        raise UserError(_("There is no account “{name}”.").format(name=username))
    return user


def unlock_account(ctx, username: str) -> None:
    """An administrator lifts a lock-out and clears the failure count."""
    ctx.require(Permission.USERS_MANAGE)
    with ctx.db.session() as session:
        audit.lock_anchor(session)
        user = _locked_row(session, username)
        state = integrity.account_state(integrity.integrity_key(ctx.vault.data_key), user)
        if state not in ("ok", "locked-later"):
            raise UserError(_("The account “{name}” was changed outside the app; repair it "
                              "first (check its role).").format(name=username))
        user.locked_at = None
        user.failed_attempts = 0
        user.last_failed_at = None
        integrity.seal_account(integrity.integrity_key(ctx.vault.data_key), user)
        ctx.audit("user_unlock", None, username)
        audit.renew_anchor(session, ctx.vault.data_key, accounts={username})


def set_account_active(ctx, username: str, active: bool) -> None:
    """An administrator disables an account (it can no longer sign in; its records and
    events stay) or enables it again."""
    ctx.require(Permission.USERS_MANAGE)
    if not active and username == ctx.user:
        raise UserError(_("You cannot disable your own account."))
    with ctx.db.session() as session:
        audit.lock_anchor(session)
        user = _locked_row(session, username)
        state = integrity.account_state(integrity.integrity_key(ctx.vault.data_key), user)
        if state not in ("ok", "locked-later"):
            raise UserError(_("The account “{name}” was changed outside the app; repair it "
                              "first (check its role).").format(name=username))
        user.active = bool(active)
        integrity.seal_account(integrity.integrity_key(ctx.vault.data_key), user)
        ctx.audit("user_enable" if active else "user_disable", None, username)
        audit.renew_anchor(session, ctx.vault.data_key, accounts={username})


def repair_account(ctx, username: str, role: str | Role | None = None) -> Account:
    """An administrator repairs an account whose record was changed outside the app: it gets
    ``role`` (by default the role its row shows now — check it), is unlocked, and its
    integrity MAC is written again. Audited with what was found."""
    ctx.require(Permission.USERS_MANAGE)
    key = integrity.integrity_key(ctx.vault.data_key)
    with ctx.db.session() as session:
        audit.lock_anchor(session)
        found = _integrity_states(session, ctx.vault.data_key).get(username, "altered")
        user = _locked_row(session, username)
        new_role = (parse_role(role) if isinstance(role, str) else role) if role else \
            parse_role(user.role)
        user.role = new_role.value
        user.locked_at = None
        user.failed_attempts = 0
        user.last_failed_at = None
        integrity.seal_account(key, user)
        ctx.audit("user_repair", None, f"{username}: {found}; role {new_role.value}")
        # the repaired record is the one in force
        audit.renew_anchor(session, ctx.vault.data_key, accounts={username})
    return _account(user, "ok")


def change_password(ctx, old_password: str, new_password: str, *, clock: Clock = utcnow) -> None:
    """The signed-in user changes their own password: new hash, key slot re-wrapped."""
    check_password(new_password)
    with ctx.db.read_session() as session:
        stored = session.scalar(select(UserRow.password_hash).where(UserRow.username == ctx.user))
    try:
        password_hasher().verify(stored or "", old_password)
    except (VerificationError, InvalidHashError):
        raise UserError(_("The current password is wrong; the password was not changed.")) from None
    _set_password(ctx, ctx.user, new_password, clock())


def reset_password(ctx, username: str, new_password: str, *, clock: Clock = utcnow) -> None:
    """An administrator sets a new password for another account (e.g. a forgotten one)."""
    ctx.require(Permission.USERS_MANAGE)
    check_password(new_password)
    get_account(ctx.db, username)
    _set_password(ctx, username, new_password, clock())


def _set_password(ctx, username: str, password: str, now: datetime) -> None:
    wrapped = wrap_key(ctx.vault.data_key, password, slot_label(username))
    hashed = password_hasher().hash(password)
    with ctx.db.session() as session:
        audit.lock_anchor(session)
        user = _locked_row(session, username)
        user.password_hash = hashed
        user.password_changed_at = now
        session.query(KeySlotRow).filter(KeySlotRow.label == slot_label(username)).delete()
        session.flush()
        _add_slot(session, ctx.vault, username, wrapped, now)
        ctx.audit("password_change", None, username)
        audit.renew_anchor(session, ctx.vault.data_key)


# -- the name on prints ------------------------------------------------------------------------
DISPLAY_NAME_MAX = 120
CONTACT_MAX = 200


def set_profile(ctx, username: str | None, display_name: str, contact: str) -> Account:
    """Set the name an account's prints carry and its work contact (phone or e-mail).
    Everyone sets their own; an administrator anyone's. Audited (without the values)."""
    username = (username or ctx.user).strip().lower()
    if username != ctx.user:
        ctx.require(Permission.USERS_MANAGE)
    display_name = " ".join((display_name or "").split())
    contact = " ".join((contact or "").split())
    if len(display_name) > DISPLAY_NAME_MAX:
        raise ValidationError(_("The name on prints is too long: at most {n} characters.")
                              .format(n=DISPLAY_NAME_MAX), "display_name")
    if len(contact) > CONTACT_MAX:
        raise ValidationError(_("The contact on prints is too long: at most {n} characters.")
                              .format(n=CONTACT_MAX), "contact")
    with ctx.db.session() as session:
        user = _locked_row(session, username)
        user.display_name = display_name
        user.contact = contact
        ctx.audit("user_profile", None, username)
        return _account(user)


def printed_counsellor(db: Database, name: str) -> tuple[str, str]:
    """(name, contact) to print for the counsellor recorded as ``name``. A login prints as
    its account's display name and contact, or not at all while the account has none (a
    login such as "admin" means nothing to the person reading); any other ``name`` (typed
    in a consent record) prints as typed, without a contact."""
    name = (name or "").strip()
    if not name:
        return "", ""
    with db.read_session() as session:
        row = session.execute(select(UserRow.display_name, UserRow.contact)
                              .where(UserRow.username == name.lower())).first()
    if row is None:
        return name, ""
    return (row.display_name or "").strip(), (row.contact or "").strip()


def verify_password(db: Database, username: str, password: str) -> bool:
    """For the inactivity lock: is this the account's password? (no back-off bookkeeping
    for a correct password; a wrong one counts as a failure)."""
    try:
        sign_in(db, username, password)
    except (MustWait, AccountLocked):
        raise  # the message says what to do
    except SignInError:
        return False
    return True
