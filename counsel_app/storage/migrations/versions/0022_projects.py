"""Community projects and structural actions: for a place, linked to the cases they serve.

Revision ID: 0022_projects
Revises: 0016_office
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_projects"
down_revision = "0016_office"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("data_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_community_projects"),
        sa.UniqueConstraint("uid", name="uq_community_projects_uid"),
    )
    op.create_index("ix_community_projects_country", "community_projects", ["country"])
    op.create_table(
        "community_project_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("linked_by", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["community_projects.id"],
                                name="fk_community_project_cases_project_id_community_projects",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_community_project_cases_case_id_cases",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_community_project_cases"),
        sa.UniqueConstraint("project_id", "case_id",
                            name="uq_community_project_cases_project_case"),
    )
    op.create_index("ix_community_project_cases_project_id", "community_project_cases",
                    ["project_id"])
    op.create_index("ix_community_project_cases_case_id", "community_project_cases",
                    ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_community_project_cases_case_id", table_name="community_project_cases")
    op.drop_index("ix_community_project_cases_project_id", table_name="community_project_cases")
    op.drop_table("community_project_cases")
    op.drop_index("ix_community_projects_country", table_name="community_projects")
    op.drop_table("community_projects")
