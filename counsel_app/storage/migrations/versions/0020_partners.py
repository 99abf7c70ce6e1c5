"""Partners: the directory of organisations to refer returnees to, and each case's
referrals to them.

Revision ID: 0020_partners
Revises: 0001_foundation
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_partners"
down_revision = "0001_foundation"
branch_labels = ("partners",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("town", sa.String(100), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("languages", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(300), nullable=False),
        sa.Column("hours", sa.String(200), nullable=False),
        sa.Column("procedure", sa.Text(), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_partners"),
        sa.UniqueConstraint("country", "name_key", name="uq_partners_country_name"),
    )
    op.create_index("ix_partners_country_region", "partners", ["country", "region"])
    op.create_table(
        "case_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("partner_type", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("data_enc", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_referrals_case_id_cases",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_case_referrals"),
        sa.UniqueConstraint("case_id", "key", name="uq_case_referrals_key"),
    )
    op.create_index("ix_case_referrals_case_id", "case_referrals", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_referrals_case_id", table_name="case_referrals")
    op.drop_table("case_referrals")
    op.drop_index("ix_partners_country_region", table_name="partners")
    op.drop_table("partners")
