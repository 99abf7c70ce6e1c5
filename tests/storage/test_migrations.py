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
