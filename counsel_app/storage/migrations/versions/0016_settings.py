"""Centre settings: one table for the settings of the whole centre (``counsel_app.settings``);
the grant ceilings (``app_meta``) and the inactivity timeout (``security_settings``) move
into it.

Revision ID: 0016_settings
Revises: 0001_foundation
Create Date: 2026-12-05
"""

import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0016_settings"
down_revision = "0001_foundation"
branch_labels = ("settings",)
depends_on = None

CEILINGS_KEY = "plan.grant_ceilings"
IDLE_KEY = "idle_timeout_seconds"

meta = sa.table("app_meta", sa.column("key", sa.String), sa.column("value", sa.String))
security = sa.table("security_settings", sa.column("key", sa.String),
                    sa.column("value", sa.JSON))


def upgrade() -> None:
    table = op.create_table(
        "centre_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_centre_settings"),
    )
    conn = op.get_bind()
    now = datetime.now(timezone.utc)
    rows = []
    ceilings = conn.execute(sa.select(meta.c.value).where(meta.c.key == CEILINGS_KEY)).scalar()
    if ceilings:
        try:
            value = {str(k): str(v) for k, v in json.loads(ceilings).items()}
        except (ValueError, AttributeError):
            value = None
        if value:
            rows.append({"key": "grant_ceilings", "value": {"value": value}})
    # an older database has the security tables already; a new one gets them on its own
    # branch, with nothing to move (so no ``depends_on``: the start-up check stays quick)
    has_security = sa.inspect(conn).has_table("security_settings")
    if has_security:
        idle = conn.execute(sa.select(security.c.value)
                            .where(security.c.key == IDLE_KEY)).scalar()
        if isinstance(idle, dict) and "value" in idle:
            rows.append({"key": IDLE_KEY, "value": {"value": idle["value"]}})
    if rows:
        op.bulk_insert(table, [dict(r, changed_at=now, changed_by="(migration)") for r in rows])
    conn.execute(meta.delete().where(meta.c.key == CEILINGS_KEY))
    if has_security:
        conn.execute(security.delete().where(security.c.key == IDLE_KEY))


def downgrade() -> None:
    conn = op.get_bind()
    table = sa.table("centre_settings", sa.column("key", sa.String),
                     sa.column("value", sa.JSON))
    stored = dict(conn.execute(sa.select(table.c.key, table.c.value)).all())
    if "grant_ceilings" in stored:
        conn.execute(meta.insert().values(
            key=CEILINGS_KEY, value=json.dumps(stored["grant_ceilings"]["value"],
                                               sort_keys=True)))
    if IDLE_KEY in stored and sa.inspect(conn).has_table("security_settings"):
        conn.execute(security.insert().values(key=IDLE_KEY, value=stored[IDLE_KEY]))
    op.drop_table("centre_settings")
