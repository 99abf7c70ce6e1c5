"""Databases made by earlier schema versions, holding a case with consents, a plan, travel
and a handover (``tests/storage/fixtures/*.sql``, made by ``make_fixture.py``), upgrade to
the latest version and read back through the services; a new migration without its
fixture fails here."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from counsel_app import settings
from counsel_app.consent.purposes import Purpose
from counsel_app.consent.service import load_state
from counsel_app.context import unlock
from counsel_app.domain.enums import CaseStatus
from counsel_app.handover.records import packages_for_case
from counsel_app.plan.service import PlanService
from counsel_app.questions.store import OfficeQuestions
from counsel_app.storage import migrate
from counsel_app.storage.db import Database
from tests.storage.fixtures.make_fixture import PASSWORD, QUESTION

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.sql"))


def _revisions(dump: Path) -> set[str]:
    prefix = 'INSERT INTO "alembic_version" VALUES(\''
    return {line[len(prefix):].split("'")[0]
            for line in dump.read_text("utf-8").splitlines() if line.startswith(prefix)}


def _load(dump: Path, tmp_path: Path) -> Database:
    path = tmp_path / f"{dump.stem}.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(dump.read_text("utf-8"))
    connection.close()
    return Database(f"sqlite:///{path}")


def test_the_newest_fixture_was_made_at_the_latest_schema():
    heads = migrate.head_revisions()
    made = [_revisions(f) for f in FIXTURES]
    assert len(FIXTURES) >= 2 and all(made)
    assert heads in made, (
        f"no fixture database was made at the latest schema ({', '.join(sorted(heads))}): "
        "after adding a migration, run tests/storage/fixtures/make_fixture.py NAME")


@pytest.mark.parametrize("dump", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_database_of_an_earlier_version_upgrades_and_reads_back(dump, tmp_path):
    db = _load(dump, tmp_path)
    try:
        migrate.upgrade(db)
        assert migrate.current_revisions(db) == migrate.head_revisions()
        ctx = unlock(db, "admin", PASSWORD)
        assert ctx.trail is None or ctx.trail.ok, ctx.trail.message()
        [case] = ctx.cases.list()
        case = ctx.cases.get(case.id)
        assert case.is_sample and case.person.name_latin
        assert case.status is CaseStatus.FOLLOW_UP
        consents = load_state(ctx, case.reference)
        assert consents.intact and consents.is_given(Purpose.DATA_PROCESSING)
        plan = PlanService(ctx).get(case.reference)
        assert plan.version > 0 and plan.budget and plan.currency
        sent = [p for p in packages_for_case(ctx, case.id)
                if p["kind"] == "handover" and p["direction"] == "sent"]
        assert sent and sent[0]["content"]["case"] and sent[0]["content"]["consents"]
        assert settings.get(db, "grant_ceilings") == {"GNF": Decimal("15000000")}
        assert settings.get(db, "idle_timeout_seconds") == 600
        questions = OfficeQuestions(ctx).all()
        if "0022_office_questions" in _revisions(dump):
            assert [(q.country, q.topic, q.text) for q in questions] == [("GN", "health", QUESTION)]
        else:
            assert questions == []
    finally:
        db.dispose()
