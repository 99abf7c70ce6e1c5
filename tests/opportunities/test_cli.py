"""``counsel-app opportunities``: import, template, list, match, sample."""

from __future__ import annotations

import csv

import pytest

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.opportunities.importer import COLUMN_NAMES
from counsel_app.opportunities.model import Occupation, SkillsProfile
from counsel_app.opportunities.service import OpportunityService, clear_cache
from counsel_app.storage.db import Database

from ..conftest import TEST_PASSWORD, make_context
from .helpers import row, write_text


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_template_csv_and_xlsx(capsys, tmp_path, url):
    code, out, _ = run(capsys, "--db", url, "opportunities", "template",
                       "--out", str(tmp_path / "t.csv"))
    assert code == 0 and "Template saved" in out
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == list(COLUMN_NAMES)
    code, _, _ = run(capsys, "--db", url, "opportunities", "template",
                     "--out", str(tmp_path / "t.xlsx"))
    assert code == 0
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "t.xlsx", read_only=True)
    assert workbook.sheetnames == ["opportunities", "help", "codes"]
    assert [c.value for c in next(workbook["opportunities"].iter_rows())] == list(COLUMN_NAMES)


def test_import_reports_rows_and_exit_codes(capsys, tmp_path, url):
    good = write_text(tmp_path / "good.csv", [row("A1"), row("A2")])
    code, out, _ = run(capsys, "--db", url, "opportunities", "import", str(good), "--dry-run")
    assert code == 0 and "Nothing was imported" in out
    code, out, _ = run(capsys, "--db", url, "opportunities", "list")
    assert "0 of 0 opportunities shown." in out
    mixed = write_text(tmp_path / "mixed.csv", [row("A1"), row("A3", country="XX")])
    code, out, _ = run(capsys, "--db", url, "opportunities", "import", str(mixed),
                       "--report", str(tmp_path / "problems.csv"))
    assert code == 3
    assert "1 new, 0 updated, 1 rejected" in out
    assert "Row 3, column country" in out
    assert (tmp_path / "problems.csv").exists()
    code, out, _ = run(capsys, "--db", url, "opportunities", "list", "--country", "sn")
    assert code == 0 and "Welding course" in out and "1 of 1 opportunity shown." in out, out
    # the kind and the title with the language's colon, the place with its separator
    assert "#1 Vocational training: Welding course — Centre Étoile — Thiès, Thiès, SN (open)\n" \
        in out, out
    code, out, _ = run(capsys, "--db", url, "--lang", "ar", "opportunities", "list",
                       "--country", "sn")
    assert code == 0 and "، SN (" in out and ", SN" not in out, out
    from counsel_app.i18n import set_interface_language

    set_interface_language("en")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["opportunities"], "required: ACTION"),
        (["opportunities", "import"], "required: FILE"),
        (["opportunities", "template"], "required: --out"),
        (["opportunities", "template", "--out", "x.pdf"], ".csv or .xlsx"),
        (["opportunities", "list", "--country", "Senegal"], "not a two-letter country code"),
        (["opportunities", "list", "--kind", "party"], "choose one of"),
        (["opportunities", "match"], "required: REFERENCE"),
    ],
)
def test_bad_arguments_one_line_exit_2(capsys, url, argv, fragment):
    code, out, err = run(capsys, "--db", url, *argv)
    assert code == 2 and fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err


def test_missing_file_and_missing_columns_are_one_line(capsys, tmp_path, url):
    code, _, err = run(capsys, "--db", url, "opportunities", "import", str(tmp_path / "no.csv"))
    assert code == 1 and "does not exist" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("title_en,country\nx,SN\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", url, "opportunities", "import", str(bad))
    assert code == 1 and "required columns" in err and "provider_reference" in err


def test_sample_then_match_needs_sign_in(capsys, monkeypatch, tmp_path, url):
    code, out, _ = run(capsys, "--db", url, "opportunities", "sample")
    assert code == 0 and "39 new" in out
    db = Database(url)
    ctx = make_context(db)
    case = ctx.cases.create(Case(person=Person(name_latin="Test", languages=["fr"]),
                                 return_country="SN", return_region="SN-DK", is_sample=True))
    OpportunityService(ctx).save_profile(
        case, SkillsProfile(occupations=[Occupation("7231", "car mechanic", 3)]))
    db.dispose()
    clear_cache()
    monkeypatch.setattr("sys.stdin", None)
    code, _, err = run(capsys, "--db", url, "opportunities", "match", case.reference)
    assert code == 1 and "password" in err
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code, out, _ = run(capsys, "--db", url, "opportunities", "match", case.reference)
    assert code == 0
    lines = out.splitlines()
    assert f"opportunities in SN for case {case.reference}" in lines[0]
    assert "Motor mechanics training" in lines[1]
    assert "matches previous occupation: car mechanic" in out
    assert "sample data, not a real offer" in out
    assert lines[0].endswith(f" opportunities in SN for case {case.reference}, best first:")


def test_match_counts_one_opportunity_in_the_singular(capsys, monkeypatch, url):
    """One open opportunity left is "1 opportunity in SN …", in Spanish "1 oportunidad"."""
    from datetime import date, timedelta

    from sqlalchemy import update

    from counsel_app.opportunities.tables import OpportunityRow

    assert run(capsys, "--db", url, "opportunities", "sample")[0] == 0
    db = Database(url)
    case = make_context(db).cases.create(Case(person=Person(name_latin="Test"),
                                              return_country="SN", is_sample=True))
    with db.session() as s:
        first = min(s.scalars(OpportunityRow.__table__.select().with_only_columns(
            OpportunityRow.id).where(OpportunityRow.country == "SN")))
        past, future = date.today() - timedelta(days=2), date.today() + timedelta(days=60)
        s.execute(update(OpportunityRow).where(OpportunityRow.country == "SN",
                                               OpportunityRow.id != first)
                  .values(deadline=past, end_date=past))
        s.execute(update(OpportunityRow).where(OpportunityRow.id == first)
                  .values(deadline=future, end_date=future))
        s.commit()
    db.dispose()
    clear_cache()
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code, out, _ = run(capsys, "--db", url, "opportunities", "match", case.reference)
    assert code == 0
    assert out.splitlines()[0] == f"1 opportunity in SN for case {case.reference}, best first:"
    code, out, _ = run(capsys, "--db", url, "--lang", "es", "opportunities", "match",
                       case.reference)
    assert out.splitlines()[0] == \
        f"1 oportunidad en SN para el caso {case.reference}, la mejor primero:"


def test_match_on_a_station_without_opportunities_says_how_to_import_some(capsys, monkeypatch, url):
    from counsel_app.storage import migrate

    db = Database(url)
    migrate.upgrade(db)
    ctx = make_context(db)
    person = Person(name_latin="Test", languages=["fr"])
    case = ctx.cases.create(Case(person=person, return_country="SN", is_sample=True))
    case_gt = ctx.cases.create(Case(person=person, return_country="GT", is_sample=True))
    db.dispose()
    clear_cache()
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code, out, _ = run(capsys, "--db", url, "opportunities", "match", case.reference)
    assert code == 0
    assert "No opportunities are imported on this station yet" in out
    assert "counsel-app opportunities import FILE" in out and "opportunities sample" in out
    # with lists for other countries only, it says so instead
    assert run(capsys, "--db", url, "opportunities", "sample")[0] == 0
    clear_cache()
    code, out, _ = run(capsys, "--db", url, "opportunities", "match", case_gt.reference)
    assert code == 0 and "No opportunities in GT" in out and "other countries" in out
