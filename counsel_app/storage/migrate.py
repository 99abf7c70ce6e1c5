"""Schema upgrades with Alembic, run from the app (``counsel-app db upgrade``) or tests.

Parts of the app keep their own migration branches off the foundation revision; ``heads``
upgrades them all.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from counsel_app.storage.db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db is not None:
        config.set_main_option(
            "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False)
        )
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(db: Database, target: str = "heads") -> None:
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def needs_upgrade(db: Database) -> bool:
    return current_revisions(db) != head_revisions()
