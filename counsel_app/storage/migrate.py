"""Schema upgrades with Alembic, run from the app (``counsel-app db upgrade``) or tests.

Parts of the app keep their own migration branches off the foundation revision; ``heads``
upgrades them all.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from counsel_app.storage.db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db is not None:
        config.set_main_option(
            "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False)
        )
    return config


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(db: Database) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(db: Database, target: str = "heads") -> None:
    from alembic import command

    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def needs_upgrade(db: Database) -> bool:
    """Whether the schema is behind. Start-up fast path: when the stored revisions equal
    the heads read from the migration files' literal ``revision``/``down_revision`` (no
    Alembic import, about 0.2 s saved), the answer is no; otherwise (or with any
    ``depends_on``) Alembic decides."""
    try:
        quick = _quick_heads()
        if quick and _stored_revisions(db) == quick:
            return False
    except Exception:  # noqa: BLE001 - anything unusual: let Alembic decide
        pass
    return current_revisions(db) != head_revisions()


#: a migration file's module-level ``revision = ...`` line (and its parents, dependencies)
_REVISION_LINE = re.compile(r"^(revision|down_revision|depends_on)\s*(?::[^=]*)?=\s*(.+?)\s*$",
                            re.MULTILINE)


def _quick_heads() -> set[str]:
    """The heads, from each migration file's literal one-line ``revision`` and
    ``down_revision`` (a regular expression, not a parse of the whole file: the start waits
    on this). An empty set when any file says something else (Alembic then decides)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = {}
        for name, literal in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            try:
                values[name] = ast.literal_eval(literal)
            except (ValueError, SyntaxError):  # spread over lines, or not a literal
                return set()
        if not isinstance(values.get("revision"), str):
            return set()
        if values.get("depends_on"):
            return set()  # cross-branch dependencies: leave it to Alembic
        revisions.add(values["revision"])
        value = values.get("down_revision")
        if isinstance(value, str):
            parents.add(value)
        elif isinstance(value, (tuple, list)):
            parents.update(value)
    return revisions - parents


def _stored_revisions(db: Database) -> set[str]:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        return {row[0] for row in connection.execute(text(
            "SELECT version_num FROM alembic_version"))}
