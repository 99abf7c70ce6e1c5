"""Shared fixtures: an isolated data folder, a fixed locale, databases on both engines.

* Every test runs with its own ``COUNSEL_APP_DATA_DIR`` (never the real user's folder),
  Qt offscreen, the interface in English and fast (test-only) Argon2 parameters.
* ``db`` is parametrised over SQLite and PostgreSQL. PostgreSQL comes from
  ``COUNSEL_TEST_PG_URL`` (``.ci/bootstrap.py test`` starts a throwaway server); without it
  the PostgreSQL variants skip, except on CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import os
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["COUNSEL_APP_FAST_KDF"] = "1"
os.environ.pop("COUNSEL_APP_DB_URL", None)
os.environ.pop("COUNSEL_APP_PASSWORD", None)
os.environ.pop("COUNSEL_APP_USER", None)

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from counsel_app.i18n import set_interface_language  # noqa: E402

PG_URL = os.environ.get("COUNSEL_TEST_PG_URL", "")
ON_CI = os.environ.get("CI") == "true"
TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def _areas_plugged_in():
    """The areas plugged in as the program's entry points do (``counsel_app.areas``)."""
    from counsel_app import areas

    areas.load()
    areas.load_screens()


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    data = tmp_path / "userdata"
    monkeypatch.setenv("COUNSEL_APP_DATA_DIR", str(data))
    monkeypatch.setenv("COUNSEL_APP_FAST_KDF", "1")
    monkeypatch.delenv("COUNSEL_APP_DB_URL", raising=False)
    monkeypatch.delenv("COUNSEL_APP_PASSWORD", raising=False)
    set_interface_language("en")
    yield
    set_interface_language("en")


def _require_pg() -> str:
    if not PG_URL:
        if ON_CI:
            pytest.fail("CI=true but COUNSEL_TEST_PG_URL is not set: PostgreSQL tests must run")
        pytest.skip("no PostgreSQL server (set COUNSEL_TEST_PG_URL)")
    return PG_URL


@pytest.fixture
def pg_database_url():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    base = make_url(_require_pg()).set(drivername="postgresql+psycopg")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
            ), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database URL on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("pg_database_url")


@pytest.fixture
def db(database_url):
    """An upgraded, empty database on each engine."""
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    database = Database(database_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path):
    """An upgraded SQLite database only (for tests that are about one engine)."""
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    database = Database(f"sqlite:///{tmp_path / 'test.sqlite'}")
    migrate.upgrade(database)
    yield database
    database.dispose()


def make_context(database):
    """Set up the database with the administrator ``admin`` (password TEST_PASSWORD, key
    slot ``user:admin``) and return their signed-in context."""
    from counsel_app.security.accounts import create_first_administrator

    return create_first_administrator(database, "admin", TEST_PASSWORD)


@pytest.fixture
def ctx(db):
    """A signed-in context (administrator) on each engine."""
    return make_context(db)


@pytest.fixture
def sqlite_ctx(sqlite_db):
    return make_context(sqlite_db)


@pytest.fixture
def admin_database_url(sqlite_db) -> str:
    """The URL of a closed SQLite database with the administrator ``admin`` (password
    TEST_PASSWORD): for a test that starts the program in a process of its own."""
    make_context(sqlite_db)
    sqlite_db.dispose()
    return str(sqlite_db.engine.url)
