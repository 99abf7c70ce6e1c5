"""Databases made by earlier schema versions, holding a case with consents, a plan, travel
and a handover (``tests/storage/fixtures/*.sql``, made by ``make_fixture.py``), upgrade to
the latest version and read back through the services; a new migration without its
fixture fails here.

One fixture per schema version main has had (each distinct tree of migrations, found by
walking ``git log`` of ``counsel_app/storage/migrations/versions``), each made by
``make_fixture.py`` run on a checkout of that version, through its own ``demo`` command and
services; the fixtures made this way say on their first lines which commit made them and what
they hold (the demo went less far in the first versions: no consents, plan or handover yet).

* ``schema-0a-foundation``: 0001_foundation (made at fbeafef; d433c00, the last commit of that
  version, cannot run: it lists model modules that did not exist yet);
* ``schema-0b-handover``: with 0007_handover (made at 4b74282; 3a24a7c..c62605c cannot run on
  their own for the same reason);
* ``schema-0c-session`` (bdffef4), ``schema-0d-security`` (ea57a83), ``schema-0e-consent``
  (b689a00), ``schema-0f-opportunities`` (1c391fc), ``schema-0g-retention`` (2f8d193: the
  security migration changed without a new revision), ``schema-0h-plan`` (f9aab21);
* ``schema-0i-plan-handover``: the version main had from 22 November to 4 December (made at
  347e857: the plan and handover migrations as they were then, the longest-lived schema);
* ``schema-0j-waivers`` (2160bd9), ``schema-0k-security-chains`` (2d34d57);
* ``schema-1-before-settings``: with 0008_travel, before the office migration (made at 8ae5aa9);
* ``schema-1a-office``: 0016_office (made at 5ec1a36);
* ``schema-1b-partners``: 0020_partners as it first landed, without ``case_referrals``
  (made at 85af8c1; that migration was edited afterwards: 0023_case_referrals adds the
  table to such a database, and this fixture shows it does);
* ``schema-1c-referrals``: 0020_partners with ``case_referrals`` (made at fdb35c8);
* ``schema-2-settings``: 0016_settings (made at 7b8453e, with the partners' heads);
* ``schema-3-projects``: the community projects' migration (0022_projects);
* ``schema-4-office-questions``, ``schema-5-account-profile``, ``schema-6-case-referrals``: later heads;
* ``schema-7-text-language``: the languages of follow-up notes and waiver reasons recorded
  (0024_followup_text_language, 0024_waiver_text_language).
"""

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
from counsel_app.partners.referrals import ReferralService
from counsel_app.plan.service import PlanService
from counsel_app.questions.store import OfficeQuestions
from counsel_app.storage import migrate
from counsel_app.storage.db import Database
from tests.storage.fixtures.make_fixture import PASSWORD, QUESTION

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.sql"))
#: fixtures a known defect keeps from reading back (strict: the test fails once it is fixed)
KNOWN_BROKEN: dict[str, str] = {}


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


def _schema(dump: Path) -> frozenset[str]:
    """The fixture's revisions and the statements that make its tables and indexes."""
    lines = dump.read_text("utf-8").split(";\n")
    return frozenset(_revisions(dump)) | frozenset(s.strip() for s in lines if s.strip().startswith("CREATE"))


def test_each_fixture_is_a_schema_version_of_its_own():
    made = [_schema(f) for f in FIXTURES]
    assert len(set(made)) == len(made), "two fixtures were made at the same schema version"


def _marked(dump: Path):
    reason = KNOWN_BROKEN.get(dump.stem)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(dump, id=dump.stem, marks=marks)


def _holds(dump: Path) -> tuple[CaseStatus, set[str]]:
    """What the fixture's ``-- holds:`` line says its version recorded; a fixture made before
    that line holds the whole demo and the centre settings (and the question where the schema
    had office_questions)."""
    for line in dump.read_text("utf-8").splitlines()[:5]:
        if line.startswith("-- holds: "):
            status, *kinds = line[len("-- holds: "):].split()
            return CaseStatus(status.removeprefix("status=")), set(kinds)
    kinds = {"consents", "plan", "handover", "ceilings", "idle"}
    if "0022_office_questions" in _revisions(dump):
        kinds.add("question")
    return CaseStatus.FOLLOW_UP, kinds


def test_each_old_fixture_says_what_made_it():
    """The fixtures made from earlier commits name the commit and what they hold."""
    for dump in FIXTURES:
        if dump.stem.startswith("schema-0") or dump.stem == "schema-1-before-settings":
            head = dump.read_text("utf-8").splitlines()[:2]
            assert head[0].startswith("-- made by tests/storage/fixtures/make_fixture.py at ")
            assert head[1].startswith("-- holds: status="), dump.stem


@pytest.mark.parametrize("dump", [_marked(f) for f in FIXTURES])
def test_a_database_of_an_earlier_version_upgrades_and_reads_back(dump, tmp_path):
    status, holds = _holds(dump)
    db = _load(dump, tmp_path)
    try:
        migrate.upgrade(db)
        assert migrate.current_revisions(db) == migrate.head_revisions()
        ctx = unlock(db, "admin", PASSWORD)
        assert ctx.trail is None or ctx.trail.ok, ctx.trail.message()
        [case] = ctx.cases.list()
        case = ctx.cases.get(case.id)
        assert case.is_sample and case.person.name_latin == "Aissatou Barry"
        assert case.status is status
        consents = load_state(ctx, case.reference)
        assert consents.intact
        assert consents.is_given(Purpose.DATA_PROCESSING) == ("consents" in holds)
        plan = PlanService(ctx).get(case.reference)
        if "plan" in holds:
            assert plan.version > 0 and plan.budget and plan.currency
        sent = [p for p in packages_for_case(ctx, case.id)
                if p["kind"] == "handover" and p["direction"] == "sent"]
        if "handover" in holds:
            assert sent and sent[0]["content"]["case"] and sent[0]["content"]["consents"]
        else:
            assert sent == []
        assert settings.get(db, "grant_ceilings") == (
            {"GNF": Decimal("15000000")} if "ceilings" in holds else {})
        idle = settings.get(db, "idle_timeout_seconds")
        assert idle == 600 if "idle" in holds else idle == settings.setting("idle_timeout_seconds").default
        questions = OfficeQuestions(ctx).all()
        if "question" in holds:
            assert [(q.country, q.topic, q.text) for q in questions] == [("GN", "health", QUESTION)]
        else:
            assert questions == []
        assert ReferralService(ctx).list(case) == []  # the plan's Referrals followed tab
        # the upgraded database takes new work: a counsellor saves the old case again
        case.person.phone = "+224 620 00 00 00"
        ctx.cases.save(case)
        assert ctx.cases.get(case.id).person.phone == "+224 620 00 00 00"
    finally:
        db.dispose()
