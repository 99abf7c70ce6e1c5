"""Waivers: the language the supervisor typed the reason (and the reason of a revocation)
in, recorded when it is saved, so the person's copy names it ("written in French") and not
the language of whoever prints it. NULL for the waivers given before (the copy keeps its
earlier rule for those); "" when it is not known.

Revision ID: 0024_waiver_text_language
Revises: 0015_waivers
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_waiver_text_language"
down_revision = "0015_waivers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("waivers") as batch:
        batch.add_column(sa.Column("reason_language", sa.String(16), nullable=True))
        batch.add_column(sa.Column("revoke_reason_language", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("waivers") as batch:
        batch.drop_column("revoke_reason_language")
        batch.drop_column("reason_language")
