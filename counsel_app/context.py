"""The services one signed-in user works with, handed to commands and screens.

A context (:class:`AppContext`, defined in :mod:`counsel_app.security.context`) is made
after the database is opened and unlocked; screens receive the services they need from it,
never the whole window. Here: opening a database and signing in for the commands.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.security.context import AppContext, TracedCaseRepository
from counsel_app.storage import migrate
from counsel_app.storage.db import Database

__all__ = ["AppContext", "TracedCaseRepository", "credentials_from_environment",
           "database_errors", "open_database", "sign_in_from_environment", "unlock",
           "warn_about_trail"]


@contextmanager
def database_errors(db: Database) -> Iterator[None]:
    """Turn a driver's error (not a database, server down, no permission) into one line."""
    from sqlalchemy.exc import DatabaseError

    try:
        yield
    except DatabaseError as exc:
        reason = str(exc.orig or exc).strip().splitlines()
        first = reason[0] if reason else type(exc).__name__
        raise UserError(
            _("Cannot open the database {url}: {reason}").format(
                url=db.url, reason=_sqlite_reason(first) or first
            )
        ) from None


def _sqlite_reason(text: str) -> str | None:
    """SQLite's most common refusals in the interface language (its own text is English);
    None for anything else (a server's message is passed on as it is)."""
    from counsel_app.i18n import N_

    known = {
        "file is not a database": N_("the file is not a database (or it is damaged)"),
        "database disk image is malformed": N_("the database file is damaged"),
        "unable to open database file": N_("the file cannot be opened (check the path and "
                                           "its folder's permissions)"),
        "attempt to write a readonly database": N_("the database file is read-only"),
        "database is locked": N_("another program is using the database; try again"),
    }
    message = known.get(text.strip().lower())
    return _(message) if message else None


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
    A damaged audit trail is reported on standard error (``warn``), never a refusal.
    A SQLite file that does not exist, a folder, or a database without a schema is refused,
    and nothing is created or written: a mistyped ``--db`` would otherwise make an empty
    database there and then answer “wrong user name or password”."""
    from counsel_app.storage.db import display_url, sqlite_file

    empty = _("The database {url} is empty: check --db (or COUNSEL_APP_DB_URL), or set it "
              "up with “counsel-app user init NAME”.")
    path = sqlite_file(url)  # opening a SQLite file that is not there would create it
    if path is not None:
        if not path.exists():
            raise UserError(_("There is no database at {path}: check --db (or "
                              "COUNSEL_APP_DB_URL), or set one up with “counsel-app user "
                              "init NAME”.").format(path=path))
        if path.is_dir():
            raise UserError("--db: " + _("{file} is a folder, not a file.").format(file=path))
        if path.stat().st_size == 0:
            raise UserError(empty.format(url=display_url(url)))
    db = open_database(url, upgrade=False)
    with database_errors(db):
        if migrate.needs_upgrade(db):
            if not migrate.current_revisions(db):  # no schema, hence no account either
                raise UserError(empty.format(url=db.url))
            migrate.upgrade(db)
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
