"""Questions to offices in countries of origin (they were kept in questions.json in the
data folder; the app moves that file's questions in on first use).

Revision ID: 0022_office_questions
Revises: 0001_foundation
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_office_questions"
down_revision = "0001_foundation"
branch_labels = ("office_questions",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("qid", sa.String(24), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("topic", sa.String(30), nullable=False),
        sa.Column("text_enc", sa.LargeBinary(), nullable=False),
        sa.Column("asked", sa.Date(), nullable=False),
        sa.Column("asked_by", sa.String(128), nullable=False),
        sa.Column("sent", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_office_questions"),
        sa.UniqueConstraint("qid", name="uq_office_questions_qid"),
    )
    op.create_index("ix_office_questions_country", "office_questions", ["country"])


def downgrade() -> None:
    op.drop_index("ix_office_questions_country", table_name="office_questions")
    op.drop_table("office_questions")
