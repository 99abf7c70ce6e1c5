"""Opportunities: catalogue, change batches, per-case encrypted skills profile.

Revision ID: 0004_opportunities
Revises: 0001_foundation
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_opportunities"
down_revision = "0001_foundation"
branch_labels = ("opportunities",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("town", sa.String(100), nullable=False),
        sa.Column("isco", sa.String(2), nullable=False),
        sa.Column("education_min", sa.Integer(), nullable=True),
        sa.Column("languages", sa.String(200), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("provider_name", sa.String(200), nullable=False),
        sa.Column("provider_key", sa.String(200), nullable=False),
        sa.Column("provider_contact", sa.String(200), nullable=False),
        sa.Column("provider_address", sa.String(300), nullable=False),
        sa.Column("provider_ref", sa.String(100), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("pay_type", sa.String(10), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_opportunities"),
        sa.UniqueConstraint("provider_key", "provider_ref", name="uq_opportunities_provider_ref"),
    )
    op.create_index("ix_opportunities_country_region", "opportunities", ["country", "region"])
    op.create_table(
        "opportunity_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("user", sa.String(128), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_opportunity_batches"),
    )
    op.create_table(
        "case_opportunity_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("profile_enc", sa.LargeBinary(), nullable=False),
        sa.Column("grid_enc", sa.LargeBinary(), nullable=False),
        sa.Column("chosen_enc", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_opportunity_profiles_case_id_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_opportunity_profiles"),
        sa.UniqueConstraint("case_id", name="uq_case_opportunity_profiles_case_id"),
    )


def downgrade() -> None:
    op.drop_table("case_opportunity_profiles")
    op.drop_table("opportunity_batches")
    op.drop_index("ix_opportunities_country_region", table_name="opportunities")
    op.drop_table("opportunities")
