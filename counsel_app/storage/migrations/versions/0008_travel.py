"""Travel: one encrypted travel record per case (documents, fitness, itinerary, reception).

Revision ID: 0008_travel
Revises: 0001_foundation
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_travel"
down_revision = "0001_foundation"
branch_labels = ("travel",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "travel_records",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data_enc", sa.LargeBinary(), nullable=False),
        sa.Column("departed_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_travel_records_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name="pk_travel_records"),
    )
    op.create_index("ix_travel_records_departed_on", "travel_records", ["departed_on"])


def downgrade() -> None:
    op.drop_table("travel_records")
