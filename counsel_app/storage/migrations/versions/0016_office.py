"""The office after arrival: visits with type, people present, note, edits and deletion;
plan actions with date and outcome; the history of every change (arrival, visits, actions).

Revision ID: 0016_office
Revises: 0007_handover
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_office"
down_revision = "0007_handover"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("followup_visits") as batch:
        batch.add_column(sa.Column("visit_type", sa.String(10), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("details_enc", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("followup_visits") as batch:
        batch.alter_column("visit_type", server_default=None)
    with op.batch_alter_table("followup_action_progress") as batch:
        batch.add_column(sa.Column("action_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("outcome_enc", sa.LargeBinary(), nullable=True))
    op.create_table(
        "followup_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(80), nullable=False),
        sa.Column("change", sa.String(12), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(128), nullable=False),
        sa.Column("before_enc", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_followup_history_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_history"),
        sa.UniqueConstraint("uid", name="uq_followup_history_uid"),
    )
    op.create_index("ix_followup_history_case_id", "followup_history", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_followup_history_case_id", table_name="followup_history")
    op.drop_table("followup_history")
    with op.batch_alter_table("followup_action_progress") as batch:
        batch.drop_column("outcome_enc")
        batch.drop_column("action_date")
    with op.batch_alter_table("followup_visits") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("updated_at")
        batch.drop_column("details_enc")
        batch.drop_column("visit_type")
