"""Partners: the table of each case's referrals, for databases made while 0020_partners
did not have it yet (0020_partners was changed after it had landed: a database upgraded
in between is at that head without ``case_referrals``). Creates it when it is missing;
nothing else.

Revision ID: 0023_case_referrals
Revises: 0020_partners
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_case_referrals"
down_revision = "0020_partners"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "case_referrals" in sa.inspect(op.get_bind()).get_table_names():
        return
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
    """Nothing: the table belongs to 0020_partners on every other database."""
