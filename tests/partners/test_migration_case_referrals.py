"""A database upgraded while 0020_partners had no ``case_referrals`` (it was added to that
landed migration later) gets the table from 0023_case_referrals; one that has it keeps it
and its rows."""

from __future__ import annotations

from sqlalchemy import inspect, text

from counsel_app.storage import migrate
from counsel_app.storage.db import Database


def test_the_missing_table_is_created_and_an_existing_one_kept(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    migrate.upgrade(db)
    assert "0023_case_referrals" in migrate.current_revisions(db)
    # as a database made between the two versions of 0020_partners
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE case_referrals"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0020_partners' "
                                "WHERE version_num = '0023_case_referrals'"))
    assert "case_referrals" not in inspect(db.engine).get_table_names()
    assert migrate.needs_upgrade(db)
    migrate.upgrade(db)
    assert "case_referrals" in inspect(db.engine).get_table_names()
    assert "0023_case_referrals" in migrate.current_revisions(db)
    # a database that had the table: upgrading again from 0020 leaves it as it is
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0020_partners' "
                                "WHERE version_num = '0023_case_referrals'"))
    migrate.upgrade(db)
    assert "ix_case_referrals_case_id" in {
        i["name"] for i in inspect(db.engine).get_indexes("case_referrals")}
    db.dispose()
