"""The services one signed-in user works with, handed to commands and screens.

A context is made after the database is opened and unlocked; screens receive the services
they need from it, never the whole window.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.storage import keys, migrate
from counsel_app.storage.cases import CaseRepository
from counsel_app.storage.db import Database


#: Called as ``listener(ctx, action, reference, detail)`` for every audited action; the
#: security package registers the audit trail here.
AUDIT_LISTENERS: list[Callable[[AppContext, str, str | None, str], None]] = []


@dataclass
class AppContext:
    db: Database
    vault: keys.Vault
    user: str
    #: counsellor, supervisor, administrator or caseworker (see counsel_app.security.roles)
    role: str = "administrator"
    #: what the sign-in's check of the audit trail found (``security.audit.VerifyResult``;
    #: ``None`` when the context was not made by a sign-in); a broken trail never stops
    #: anyone working, it is reported
    trail: object = None

    def __post_init__(self) -> None:
        import counsel_app.security  # noqa: F401  (registers the audit trail listener)

    @cached_property
    def cases(self) -> CaseRepository:
        """The cases this user may see; every read and change goes to the audit trail."""
        from counsel_app.security.access import case_scope

        return TracedCaseRepository(self, scope=case_scope(self.user, self.role))

    def allows(self, permission: str) -> bool:
        from counsel_app.security.roles import allows

        return allows(self.role, permission)

    def require(self, permission: str) -> None:
        """Raise a :class:`UserError` naming the role when it does not allow ``permission``
        (names in :class:`counsel_app.security.roles.Permission`)."""
        from counsel_app.security.roles import check

        check(self.role, permission)

    def audit(self, action: str, reference: str | None = None, detail: str = "") -> None:
        """Record that this user did ``action`` (view, change, print, export, import...)
        on case ``reference``. ``detail`` must hold no personal data.

        Called inside ``with ctx.db.session():`` the event is part of that transaction: the
        action and its event commit together or neither does. Put the call there for
        every change; outside a transaction (a print, an export) the event is a
        transaction of its own."""
        for listener in AUDIT_LISTENERS:
            listener(self, action, reference, detail)


class TracedCaseRepository(CaseRepository):
    """The case repository seen through one signed-in user: role checked, reads and
    changes recorded in the audit trail (``view``, ``create``, ``change``, ``erase``)."""

    def __init__(self, ctx: AppContext, *, scope=None):
        super().__init__(ctx.db, ctx.vault.cipher, scope=scope)
        self._ctx = ctx

    def create(self, case, *, year=None):
        self._ctx.require("cases.write")
        return super().create(case, year=year)

    def get(self, case_id):
        self._ctx.require("cases.read")
        with self.db.session():  # the read and its "view" event: one transaction
            case = super().get(case_id)
            self._ctx.audit("view", case.reference)
        return case

    def get_by_reference(self, reference):
        self._ctx.require("cases.read")
        with self.db.session():
            case = super().get_by_reference(reference)
            self._ctx.audit("view", case.reference)
        return case

    def save(self, case, *, overwrite=False):
        self._ctx.require("cases.write")
        from counsel_app.services.status import check_saved_status

        check_saved_status(self._ctx, case)  # a status change obeys its preconditions
        return super().save(case, overwrite=overwrite)

    def delete(self, case_id):
        self._ctx.require("cases.erase")
        CaseRepository.get(self, case_id)  # "not found" outside this user's scope
        super().delete(case_id)

    def _written(self, session, action, reference):
        self._ctx.audit(action, reference)  # joins the change's transaction

    def list(self, **kwargs):
        self._ctx.require("cases.read")
        return super().list(**kwargs)


@contextmanager
def database_errors(db: Database) -> Iterator[None]:
    """Turn a driver's error (not a database, server down, no permission) into one line."""
    from sqlalchemy.exc import DatabaseError

    try:
        yield
    except DatabaseError as exc:
        reason = str(exc.orig or exc).strip().splitlines()
        raise UserError(
            _("Cannot open the database {url}: {reason}").format(
                url=db.url, reason=reason[0] if reason else type(exc).__name__
            )
        ) from None


def open_database(url: str | None, *, upgrade: bool = True) -> Database:
    """Open (and bring up to date) the database at ``url`` (default: the data folder)."""
    try:
        db = Database(url)
    except OSError as exc:  # its folder cannot be created or read
        from counsel_app.storage.db import display_url

        raise UserError(_("Cannot open the database {url}: {reason}").format(
            url=display_url(url), reason=exc.strerror or type(exc).__name__)) from None
    with database_errors(db):
        if upgrade and migrate.needs_upgrade(db):
            migrate.upgrade(db)
    return db


def credentials_from_environment(default_user: str = "admin") -> tuple[str, str | None]:
    """User and password for headless commands: COUNSEL_APP_USER / COUNSEL_APP_PASSWORD,
    or a prompt when a person is at the terminal. Never a command-line argument (it would
    show in the process list)."""
    user = os.environ.get("COUNSEL_APP_USER") or default_user
    password = os.environ.get("COUNSEL_APP_PASSWORD")
    if password is None and sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(_("Password for {user}: ").format(user=user))
    return user, password


def sign_in_from_environment(url: str | None, *, warn: bool = True) -> AppContext:
    """For headless commands: open the database at ``url`` and sign in with
    :func:`credentials_from_environment`; a driver's error is one line naming the database.
    A damaged audit trail is reported on standard error (``warn``), never a refusal."""
    db = open_database(url)
    with database_errors(db):
        ctx = unlock(db, *credentials_from_environment())
    if warn:
        warn_about_trail(ctx)
    return ctx


def warn_about_trail(ctx: AppContext) -> None:
    from counsel_app.security.audit import sign_in_warning

    message = sign_in_warning(ctx)
    if message:
        print(message, file=sys.stderr)


def unlock(db: Database, user: str, password: str | None) -> AppContext:
    """Sign ``user`` in (password checked, back-off and lock-out applied, data key
    unwrapped from their key slot); see :mod:`counsel_app.security.accounts`."""
    from counsel_app.security.accounts import sign_in

    return sign_in(db, user, password)
