"""The start-up fast path of ``migrate.needs_upgrade`` agrees with Alembic."""

from sqlalchemy import text

from counsel_app.storage import migrate
from counsel_app.storage.db import Database


def test_quick_heads_equal_alembic_heads():
    assert migrate._quick_heads() == migrate.head_revisions()


def test_needs_upgrade_fast_path_and_fallback(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert migrate.needs_upgrade(db)  # empty database: no version table
    migrate.upgrade(db)
    assert not migrate.needs_upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version WHERE version_num = '0003_session'"))
    assert migrate.needs_upgrade(db)
    db.dispose()
