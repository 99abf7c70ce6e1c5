"""Session: encrypted parts of the counselling session, per case.

Revision ID: 0003_session
Revises: 0001_foundation
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_session"
down_revision = "0001_foundation"
branch_labels = ("session",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(32), nullable=False),
        sa.Column("data_enc", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_session_parts_case_id_cases", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_session_parts"),
        sa.UniqueConstraint("case_id", "part", name="uq_session_parts_case_part"),
    )
    op.create_index("ix_session_parts_case_id", "session_parts", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_session_parts_case_id", table_name="session_parts")
    op.drop_table("session_parts")
