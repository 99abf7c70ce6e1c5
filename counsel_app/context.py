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

    @cached_property
    def cases(self) -> CaseRepository:
        return CaseRepository(self.db, self.vault.cipher)

    def audit(self, action: str, reference: str | None = None, detail: str = "") -> None:
        """Record that this user did ``action`` (view, change, print, export, import...)
        on case ``reference``. ``detail`` must hold no personal data."""
        for listener in AUDIT_LISTENERS:
            listener(self, action, reference, detail)


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
    db = Database(url)
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


def unlock(db: Database, user: str, password: str | None) -> AppContext:
    if not password:
        raise UserError(
            _("A password is needed: set COUNSEL_APP_PASSWORD or run the command at a terminal.")
        )
    vault = keys.unlock(db, user, password)
    if vault is None:
        raise UserError(_("Wrong user name or password."))
    return AppContext(db, vault, user)
