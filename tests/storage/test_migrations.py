"""The migrations build exactly the schema the models describe, on both engines."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from counsel_app.storage import migrate
from counsel_app.storage.db import Database
from counsel_app import areas
from counsel_app.storage.models import Base


def test_upgrade_empty_database_to_head_matches_models(database_url):
    db = Database(database_url)
    assert migrate.current_revisions(db) == set()
    migrate.upgrade(db)
    assert migrate.current_revisions(db) == migrate.head_revisions()
    areas.load_models()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    db.dispose()


def test_upgrade_is_idempotent(database_url):
    db = Database(database_url)
    migrate.upgrade(db)
    migrate.upgrade(db)
    assert not migrate.needs_upgrade(db)
    db.dispose()


def test_the_settings_migration_moves_the_ceilings_and_the_idle_timeout(database_url):
    """A database made before the centre settings had the grant ceilings in ``app_meta``
    and the inactivity timeout in ``security_settings``: both read back as settings."""
    from decimal import Decimal

    from sqlalchemy import text

    from counsel_app import settings

    db = Database(database_url)
    for head in migrate.head_revisions() - {"0016_settings"}:
        migrate.upgrade(db, head)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES "
                          "('plan.grant_ceilings', '{\"GNF\": \"15000000\"}')"))
        conn.execute(text("INSERT INTO security_settings (key, value) VALUES "
                          "('idle_timeout_seconds', '{\"value\": 90}')"))
    migrate.upgrade(db)
    assert settings.get(db, "grant_ceilings") == {"GNF": Decimal("15000000")}
    assert settings.get(db, "idle_timeout_seconds") == 90
    with db.engine.connect() as conn:  # one place for each: the old rows are gone
        assert conn.execute(text("SELECT count(*) FROM app_meta WHERE key = "
                                 "'plan.grant_ceilings'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM security_settings")).scalar() == 0
    db.dispose()
