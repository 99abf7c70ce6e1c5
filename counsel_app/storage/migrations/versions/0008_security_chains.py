"""Security: one audit chain per account tied together by an anchor; integrity MACs.

* ``audit_events`` gains ``chain`` and ``chain_seq``; ``seq`` becomes an identity (PostgreSQL
  sequence), so appends no longer take one shared row lock. Events written before this
  revision form the chain ``*`` (their hashes keep the earlier formula).
* ``audit_chain_head`` (one row for everybody) becomes ``audit_chains`` (one row per chain);
  the old head is kept, unsealed (``mac`` NULL), until the first sign-in seals it under
  the data key (a migration has no key).
* ``audit_anchor``: every chain's head and every account's MAC, under the data key's MAC;
  mirrored into ``key_slots.audit_anchor``.
* ``users.mac`` and ``security_settings.mac``: integrity of roles, lock-outs, account
  status and settings.

Revision ID: 0008_security_chains
Revises: 0002_security
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_security_chains"
down_revision = "0002_security"
branch_labels = None
depends_on = None

LEGACY_CHAIN = "*"


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("key_slots") as batch:
        batch.add_column(sa.Column("audit_anchor", sa.JSON(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))
    with op.batch_alter_table("security_settings") as batch:
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))

    op.add_column("audit_events", sa.Column("chain", sa.String(80), nullable=True))
    op.add_column("audit_events", sa.Column("chain_seq", sa.Integer(), nullable=True))
    op.execute(sa.text("UPDATE audit_events SET chain = :c, chain_seq = seq").bindparams(
        c=LEGACY_CHAIN))
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("chain", existing_type=sa.String(80), nullable=False)
        batch.alter_column("chain_seq", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_audit_events_chain_seq", ["chain", "chain_seq"])
    if bind.dialect.name == "postgresql":
        # an identity for the reading order: nextval() never waits on another writer
        op.execute("CREATE SEQUENCE audit_events_seq_seq OWNED BY audit_events.seq")
        op.execute("ALTER TABLE audit_events ALTER COLUMN seq "
                   "SET DEFAULT nextval('audit_events_seq_seq')")
        op.execute("SELECT setval('audit_events_seq_seq', "
                   "COALESCE((SELECT MAX(seq) FROM audit_events), 0) + 1, false)")
    # (SQLite: an INTEGER PRIMARY KEY already takes the next number by itself)

    chains = op.create_table(
        "audit_chains",
        sa.Column("chain", sa.String(80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("chain", name="pk_audit_chains"),
    )
    old = bind.execute(sa.text("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1")
                       ).first()
    if old is not None and old[0] > 0:
        op.bulk_insert(chains, [{"chain": LEGACY_CHAIN, "count": old[0], "last_hash": old[1],
                                 "mac": None}])
    op.drop_table("audit_chain_head")
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_anchor"),
    )


def downgrade() -> None:
    """Back to one chain: only the events written before the upgrade (chain ``*``) can be
    kept, since later ones were chained per account."""
    bind = op.get_bind()
    op.drop_table("audit_anchor")
    legacy = bind.execute(sa.text("SELECT count, last_hash FROM audit_chains WHERE chain = :c")
                          .bindparams(c=LEGACY_CHAIN)).first()
    op.drop_table("audit_chains")
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain_head"),
    )
    op.bulk_insert(head, [{"id": 1, "last_seq": legacy[0] if legacy else 0,
                           "last_hash": legacy[1] if legacy else "0" * 64}])
    op.execute(sa.text("DELETE FROM audit_events WHERE chain <> :c").bindparams(c=LEGACY_CHAIN))
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_events ALTER COLUMN seq DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS audit_events_seq_seq")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint("uq_audit_events_chain_seq", type_="unique")
        batch.drop_column("chain_seq")
        batch.drop_column("chain")
    with op.batch_alter_table("security_settings") as batch:
        batch.drop_column("mac")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("mac")
    with op.batch_alter_table("key_slots") as batch:
        batch.drop_column("audit_anchor")
