"""Follow-up: the language the arrival notes and each action's note and outcome were typed
in, recorded when they are saved, so the person's copy names it ("written in French") and
not the language of whoever prints it. NULL for what was saved before (the copy keeps its
earlier rule for those); "" when it is not known. The visits' notes, the feasibility grid's
lines and the community projects record theirs inside their encrypted JSON.

Revision ID: 0024_followup_text_language
Revises: 0022_projects
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_followup_text_language"
down_revision = "0022_projects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("followup_cases") as batch:
        batch.add_column(sa.Column("notes_language", sa.String(16), nullable=True))
    with op.batch_alter_table("followup_action_progress") as batch:
        batch.add_column(sa.Column("note_language", sa.String(16), nullable=True))
        batch.add_column(sa.Column("outcome_language", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("followup_action_progress") as batch:
        batch.drop_column("outcome_language")
        batch.drop_column("note_language")
    with op.batch_alter_table("followup_cases") as batch:
        batch.drop_column("notes_language")
