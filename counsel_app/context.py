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
                url=db.url, reason=_driver_reason(first) or first
            )
        ) from None


def _driver_reason(text: str) -> str | None:
    """A driver's most common refusals in the interface language, or None for anything
    else (passed on as it is). SQLite's and libpq's own texts are English; a PostgreSQL
    server's are in its own language (English unless its ``lc_messages`` says otherwise)."""
    return _sqlite_reason(text) or _server_reason(text)


def _sqlite_reason(text: str) -> str | None:
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


def _server_reason(text: str) -> str | None:
    """What a PostgreSQL client (libpq, through psycopg) says when the connection fails,
    in words: where it tried (host and port, or the local socket) and what went wrong."""
    import re

    from counsel_app.i18n import N_

    if text.strip().lower().startswith("connection timeout expired"):
        return _("the database server did not answer in time: check its address and port")
    unknown_host = re.search(r"failed to resolve host '([^']*)'|could not translate host "
                             r'name "([^"]*)" to address', text)
    if unknown_host:
        return _("the server name “{host}” is not known: check it, or give the server's "
                 "address").format(host=unknown_host.group(1) or unknown_host.group(2))
    where = re.search(r'connection to server at "([^"]*)"(?: \([^)]*\))?, port (\d+) '
                      r"failed: (.*)", text)
    socket = re.search(r'connection to server on socket "([^"]*)" failed: (.*)', text)
    if where:
        host, port, detail = where.group(1), where.group(2), where.group(3)
    elif socket:
        host, port, detail = socket.group(1), "", socket.group(2)
    else:
        return None
    detail = detail.strip()
    if detail.startswith(("Connection refused", "No such file or directory")):
        if socket:
            return _("no PostgreSQL server is running on this computer (no socket {socket})"
                     ).format(socket=socket.group(1))
        return _("no PostgreSQL server answers at {host}, port {port}: is it running, and "
                 "does it accept connections from this computer?").format(host=host,
                                                                          port=port)
    if detail.lower().startswith(("timeout expired", "connection timeout expired")):
        return _("the server at {host}, port {port} did not answer in time").format(
            host=host, port=port)
    named = {  # the server's FATAL message: (pattern, sentence with {host} and {name})
        r'database "([^"]*)" does not exist': N_(
            "the server at {host} has no database “{name}”: check the name at the end of "
            "the URL"),
        r'role "([^"]*)" does not exist': N_(
            "the server at {host} has no user “{name}”: check the user name in the URL"),
        r'password authentication failed for user "([^"]*)"': N_(
            "the server at {host} refused the password of the user “{name}”"),
        r'no pg_hba\.conf entry for host "[^"]*", user "([^"]*)"': N_(
            "the server at {host} does not accept the user “{name}” from this computer (its "
            "pg_hba.conf has no entry for it)"),
        r'permission denied for database "([^"]*)"': N_(
            "the user in the URL may not connect to the database “{name}” on the server at "
            "{host}"),
    }
    for pattern, sentence in named.items():
        found = re.search(r"FATAL:\s+" + pattern, detail)
        if found:
            return _(sentence).format(host=host, name=found.group(1))
    plain = {
        "fe_sendauth: no password supplied": N_(
            "the server at {host} asks for a password: give it in the URL or in the "
            ".pgpass file of the user running the app"),
        "sorry, too many clients already": N_(
            "the server at {host} has too many connections open; try again in a moment"),
        "the database system is starting up": N_(
            "the server at {host} is starting; try again in a moment"),
        "the database system is shutting down": N_(
            "the server at {host} is shutting down"),
        "server does not support SSL, but SSL was required": N_(
            "the server at {host} offers no encrypted connection, and the URL requires one "
            "(sslmode)"),
        "received invalid response to SSL negotiation": N_(
            "what answers at {host} is not a PostgreSQL server: check the port"),
    }
    for start, sentence in plain.items():
        if start in detail:
            return _(sentence).format(host=host)
    return None


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
