"""Accounts: the name a counsellor's prints carry and their work contact (a login such as
"admin" means nothing to the person who takes the plan home).

Revision ID: 0021_account_profile
Revises: 0008_security_chains
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_account_profile"
down_revision = "0008_security_chains"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(120), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("contact", sa.String(200), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("contact")
        batch.drop_column("display_name")
