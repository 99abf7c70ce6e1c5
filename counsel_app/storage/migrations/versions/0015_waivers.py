"""Waivers: a supervisor's written waiver of an open item (a screening step, a checklist
item), with who, role, when and the encrypted reason; revocation kept as history.

Revision ID: 0015_waivers
Revises: 0001_foundation
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_waivers"
down_revision = "0001_foundation"
branch_labels = ("waivers",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(96), nullable=False),
        sa.Column("waived_by", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("waived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_enc", sa.LargeBinary(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(128), nullable=False),
        sa.Column("revoke_reason_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_waivers_case_id_cases",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_waivers"),
        sa.UniqueConstraint("uid", name="uq_waivers_uid"),
    )
    op.create_index("ix_waivers_case_id", "waivers", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_waivers_case_id", table_name="waivers")
    op.drop_table("waivers")
