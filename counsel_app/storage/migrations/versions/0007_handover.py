"""Handover and follow-up: station keys, trusted keys, packages, post-arrival records.

Revision ID: 0007_handover
Revises: 0001_foundation
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_handover"
down_revision = "0001_foundation"
branch_labels = ("handover",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("x25519_public", sa.LargeBinary(32), nullable=False),
        sa.Column("ed25519_public", sa.LargeBinary(32), nullable=False),
        sa.Column("private_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_station_keys"),
        sa.UniqueConstraint("fingerprint", name="uq_station_keys_fingerprint"),
    )
    op.create_table(
        "trusted_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("x25519_public", sa.LargeBinary(32), nullable=False),
        sa.Column("ed25519_public", sa.LargeBinary(32), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(128), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trusted_keys"),
        sa.UniqueConstraint("fingerprint", name="uq_trusted_keys_fingerprint"),
    )
    op.create_table(
        "handover_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("remote_reference", sa.String(20), nullable=False),
        sa.Column("peer_fingerprint", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_handover_packages_case_id_cases", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_handover_packages"),
        sa.UniqueConstraint("package_id", name="uq_handover_packages_package_id"),
    )
    op.create_index("ix_handover_packages_case_id", "handover_packages", ["case_id"])
    op.create_index("ix_handover_packages_remote_reference", "handover_packages",
                    ["remote_reference"])
    op.create_index("ix_handover_packages_peer_fingerprint", "handover_packages",
                    ["peer_fingerprint"])
    op.create_table(
        "followup_cases",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=True),
        sa.Column("reception_done", sa.Boolean(), nullable=False),
        sa.Column("plan_refined_on", sa.Date(), nullable=True),
        sa.Column("feasibility_enc", sa.LargeBinary(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.String(30), nullable=True),
        sa.Column("notes_enc", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_followup_cases_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name="pk_followup_cases"),
    )
    op.create_table(
        "followup_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("scores_enc", sa.LargeBinary(), nullable=False),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_followup_visits_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_visits"),
        sa.UniqueConstraint("uid", name="uq_followup_visits_uid"),
    )
    op.create_index("ix_followup_visits_case_id", "followup_visits", ["case_id"])
    op.create_table(
        "followup_action_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action_key", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note_enc", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_followup_action_progress_case_id_cases",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_action_progress"),
        sa.UniqueConstraint("case_id", "action_key",
                            name="uq_followup_action_progress_case_action"),
    )
    op.create_index("ix_followup_action_progress_case_id", "followup_action_progress",
                    ["case_id"])


def downgrade() -> None:
    op.drop_table("followup_action_progress")
    op.drop_table("followup_visits")
    op.drop_table("followup_cases")
    op.drop_table("handover_packages")
    op.drop_table("trusted_keys")
    op.drop_table("station_keys")
