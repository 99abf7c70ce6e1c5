"""Opening a database: SQLite in the user's data folder by default, PostgreSQL by URL."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from counsel_app.errors import UsageError
from counsel_app.i18n import _
from counsel_app.paths import default_database_path, ensure_private_dir


#: Seconds to wait for a PostgreSQL server to answer a connection.
PG_CONNECT_TIMEOUT_S = 10


def normalise_url(url: str | None) -> str:
    """Turn what a user typed (a URL or a file path) into a SQLAlchemy URL."""
    if not url:
        url = os.environ.get("COUNSEL_APP_DB_URL") or ""
    if not url:
        return f"sqlite:///{default_database_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(_("“{url}” is not a database URL.").format(url=_redact(url))) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):  # postgres:// is the common short form
        if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed.render_as_string(hide_password=False)
    if backend == "sqlite":
        return url
    raise UsageError(
        _("Unsupported database “{backend}”: use SQLite (a file) or PostgreSQL.").format(
            backend=backend
        )
    )


def sqlite_file(url: str | None) -> Path | None:
    """The file of a SQLite database ``url`` (which may not exist yet: opening it would
    create an empty database there), else ``None`` (in memory, or a server)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def display_url(url: str | None) -> str:
    """The database a user asked for, as messages may name it (no password)."""
    return _redact(normalise_url(url))


def _redact(url: str) -> str:
    try:
        return shown_url(make_url(url))
    except ArgumentError:
        return url.split("@")[-1]


def shown_url(url: URL) -> str:
    """``url`` as messages name it: no password, no driver (``postgresql://``, as a
    centre's URL is written; the app picks the driver), and the database as it was typed,
    where SQLAlchemy's own rendering quotes it (``sqlite:///%3Amemory%3A``)."""
    shown = url._replace(database=None, drivername=url.get_backend_name()).render_as_string(
        hide_password=True)  # (set() keeps a None database)
    if url.database is None:
        return shown
    head, mark, query = shown.partition("?")  # the first "?" starts the query
    return f"{head}/{url.database}{mark}{query}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit is on disk when it returns, so a power cut loses nothing committed
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _private_sqlite_file(path: Path) -> None:
    """Personal data at rest is its owner's only: a missing folder is made 0700 (an existing
    one is left as it is: it may be shared, or the system's temporary folder), a new
    database file is created empty and 0600 before SQLite opens it (SQLite would follow the
    umask, often 0644, and gives its ``-wal`` and ``-shm`` files the database's modes), and
    a database of ours readable by others is narrowed to 0600 (with its ``-wal``, ``-shm``)."""
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
    except FileExistsError:
        if os.name != "posix":
            return
        for part in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm")):
            try:
                info = part.stat()
                if not stat.S_ISREG(info.st_mode):  # a folder (a wrong --db): not ours
                    continue
                if info.st_mode & 0o077 and info.st_uid == os.geteuid():
                    part.chmod(0o600)
            except OSError:  # missing, or not ours to change: SQLite says what it can
                pass
    except OSError:
        return  # SQLite opens it (or reports why not) in the user's words
    else:
        os.close(fd)


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            if Path(database).is_dir():
                raise UsageError(_("The database {path} is a folder, not a file: give the "
                                   "database file in it (such as counsel.sqlite).").format(
                    path=database))
            _private_sqlite_file(Path(database))
        options = {}
        if not database or database == ":memory:":
            # one in-memory database for every thread (the desktop app opens it on a
            # worker thread and uses it on the GUI thread), not one per thread
            options = {"poolclass": StaticPool,
                       "connect_args": {"check_same_thread": False}}
        # hide_parameters: SQL errors (which may reach the log) never show values
        engine = create_engine(url, echo=echo, hide_parameters=True, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # a server that does not answer is reported after this many seconds, not waited on
    # for ever (a URL may set its own connect_timeout)
    connect_args = {} if "connect_timeout" in parsed.query else {
        "connect_timeout": PG_CONNECT_TIMEOUT_S}
    engine = create_engine(url, echo=echo, hide_parameters=True, connect_args=connect_args)
    _ping_after_idle(engine)
    return engine


#: A pooled connection to a server that has not been used for this many seconds is pinged
#: before it is used again (the server may have restarted, the network dropped it during a
#: pause); one used more recently is not. SQLAlchemy's ``pool_pre_ping`` pinged before
#: every transaction: a round trip (and a wake-up of the server) on every action, which at
#: twenty counsellors on one server cost a fifth of its throughput (issue 25). A connection
#: lost within this time fails that one action with the driver's error, which invalidates
#: the pool: the next action connects afresh.
PING_AFTER_IDLE_S = 10.0

_IDLE_SINCE = "counsel_idle_since"


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return  # new, or used a moment ago
        dialect = engine.dialect
        try:
            alive = dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()  # the ping opened a transaction
        except dialect.loaded_dbapi.Error:
            alive = False
        if not alive:  # the pool drops this connection and checks out a new one
            raise DisconnectionError("the connection to the server was lost")


#: The transactions open in this thread (or task): ``((database, session), ...)``. A
#: ``Database.session()`` opened inside another one on the same database joins it, so an
#: action and its audit event (written by whatever the action calls) commit or roll back
#: together.
_OPEN_TRANSACTIONS: ContextVar[tuple] = ContextVar("counsel_open_transactions", default=())


class Database:
    """An engine and its session factory. One short session per user action."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        #: id of a statement -> its compiled form (:meth:`run_alone`)
        self._compiled: dict[int, tuple | bool] = {}

    @property
    def url(self) -> str:
        return shown_url(self.engine.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def open_transaction(self) -> Session | None:
        """The session of the transaction this thread has open on this database, if any."""
        for database, session in reversed(_OPEN_TRANSACTIONS.get()):
            if database is self:
                return session
        return None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error.

        Inside another ``session()`` of this database (same thread), it *joins* that
        transaction instead: nothing commits until the outermost block ends, and an error
        anywhere rolls the whole of it back. That is how an action and its audit event
        become one transaction (``with db.session(): do(); ctx.audit(...)``)."""
        outer = self.open_transaction()
        if outer is not None:
            yield outer
            return
        with self._sessions() as session, session.begin():
            token = _OPEN_TRANSACTIONS.set(_OPEN_TRANSACTIONS.get() + ((self, session),))
            try:
                yield session
            finally:
                _OPEN_TRANSACTIONS.reset(token)

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading; inside a ``session()`` it reads that transaction (and
        sees its uncommitted changes)."""
        outer = self.open_transaction()
        if outer is not None:
            yield outer
            return
        with self._sessions() as session:
            yield session

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A connection for reads of one statement each (a case list, a count).

        Inside a ``session()`` it is that transaction's connection (it sees its changes,
        flushed first).
        Otherwise, on PostgreSQL, each statement runs in a transaction of its own
        (autocommit): a reader of PostgreSQL's default isolation (read committed) sees
        exactly what it would see inside a transaction, each statement its own snapshot,
        without the round trips of ``BEGIN`` and ``ROLLBACK`` around it. Never for a read
        that must see several statements at one moment (use ``read_session`` there)."""
        outer = self.open_transaction()
        if outer is not None:
            outer.flush()  # what the transaction changed through the ORM, as a query would
            yield outer.connection()
            return
        with self.autocommit() as conn:
            yield conn

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection of its own (never the transaction this thread has open) on which,
        on PostgreSQL, each statement commits by itself; on SQLite a plain connection
        (rolled back when the block ends: for reads)."""
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    def run_alone(self, statement, params: dict) -> list | None:
        """PostgreSQL, no transaction open in this thread: ``statement`` (an object the
        caller built once and keeps) as one statement that commits by itself, on a pooled
        connection, straight through the driver; its rows as named tuples. ``None``
        (nothing run) elsewhere: SQLite, a transaction open, a statement whose text
        depends on its values (an ``IN`` of a list) -- the caller takes the usual way
        (:meth:`autocommit`, :meth:`read_connection`).

        Why: each statement through SQLAlchemy's connection and result objects cost the
        counsellor's process about 0.16 ms of CPU more than the driver's own call (pool
        checkout with the isolation level set and reset, execution context, result
        metadata): a quarter of the CPU of a typical action, in code whose working set
        every process switch evicts (issue 25). The statement is compiled by SQLAlchemy
        once (its text and its values' processing), errors come back as SQLAlchemy's
        (``IntegrityError``, ``DBAPIError``, never showing values), a connection found
        broken is dropped from the pool, and the pool's ping after an idle pause holds."""
        if self.is_sqlite or self.open_transaction() is not None:
            return None
        compiled = self._compiled.get(id(statement))
        if compiled is None:
            compiled = self._compile(statement)
        if compiled is False:
            return None
        _kept, sql, compiled_statement, processors = compiled
        values = compiled_statement.construct_params(params, _check=False)
        for key, process in processors:
            if key in values:
                values[key] = process(values[key])
        dbapi = self.engine.dialect.loaded_dbapi
        pooled = self.engine.pool.connect()  # checkout (and the ping after a pause)
        connection = pooled.dbapi_connection
        try:
            connection.autocommit = True
            try:
                with connection.cursor(row_factory=_named_rows) as cursor:
                    dispatch = self.engine.dispatch  # who watches the engine sees it too
                    if dispatch.before_cursor_execute:
                        dispatch.before_cursor_execute(None, cursor, sql, values, None, False)
                    cursor.execute(sql, values)
                    if dispatch.after_cursor_execute:
                        dispatch.after_cursor_execute(None, cursor, sql, values, None, False)
                    # (not ``description``: it builds an object per column, each time)
                    result = cursor.pgresult
                    return cursor.fetchall() if result is not None and result.nfields else []
            finally:
                if not connection.closed:
                    connection.autocommit = False
        except dbapi.Error as exc:
            disconnect = self.engine.dialect.is_disconnect(exc, connection, None)
            if disconnect:
                pooled.invalidate(exc)
            from sqlalchemy.exc import DBAPIError

            raise DBAPIError.instance(sql, None, exc, dbapi.Error, hide_parameters=True,
                                      connection_invalidated=disconnect,
                                      dialect=self.engine.dialect) from exc
        finally:
            pooled.close()  # back to the pool (rolled back there: nothing is open)

    def _compile(self, statement):
        """(the statement, its text, the compiled form, its values' processors), or
        ``False`` when its text depends on its values; kept for :meth:`run_alone`."""
        compiled = statement.compile(dialect=self.engine.dialect)
        if (getattr(compiled, "literal_execute_params", None)
                or getattr(compiled, "post_compile_params", None)):
            entry = False
        else:
            processors = tuple((key, process) for key, process
                               in (compiled._bind_processors or {}).items())
            entry = (statement, compiled.string, compiled, processors)
        if len(self._compiled) > 512:  # callers pass statements they keep; bounds a misuse
            self._compiled.clear()
        self._compiled[id(statement)] = entry
        return entry

    def dispose(self) -> None:
        self.engine.dispose()


def _named_rows(cursor):
    """The driver's named-tuple rows (``row.column``), imported when first needed."""
    from psycopg.rows import namedtuple_row

    return namedtuple_row(cursor)
