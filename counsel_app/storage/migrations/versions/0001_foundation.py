"""Foundation: cases, search tokens, key slots, reference counters, meta.

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.String(1024), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_app_meta"),
    )
    op.create_table(
        "key_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(128), nullable=False),
        sa.Column("salt", sa.LargeBinary(32), nullable=False),
        sa.Column("kdf", sa.JSON(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(128), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_key_slots"),
        sa.UniqueConstraint("label", name="uq_key_slots_label"),
    )
    op.create_table(
        "reference_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name="pk_reference_counters"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20), nullable=True),
        sa.Column("host_country", sa.String(2), nullable=False),
        sa.Column("return_country", sa.String(2), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name_enc", sa.LargeBinary(), nullable=False),
        sa.Column("personal_enc", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("reference", name="uq_cases_reference"),
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_return_country", "cases", ["return_country"])
    op.create_index("ix_cases_created_at", "cases", ["created_at"])
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])
    op.create_table(
        "case_search_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.LargeBinary(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_search_tokens_case_id_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_search_tokens"),
        sa.UniqueConstraint("case_id", "token", name="uq_case_search_tokens_case_token"),
    )
    op.create_index("ix_case_search_tokens_token", "case_search_tokens", ["token"])


def downgrade() -> None:
    op.drop_table("case_search_tokens")
    op.drop_table("cases")
    op.drop_table("reference_counters")
    op.drop_table("key_slots")
    op.drop_table("app_meta")
