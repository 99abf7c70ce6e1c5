"""Cohort figures: scores by dimension over time since arrival, grouped by country, quarter,
assistance and referral outcome; averages on fewer than five cases never shown; the same
figures in the CSV (formula cells neutralised), on the command line and in the printed
programme report."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date, timedelta

import pytest

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.followup import cohorts
from counsel_app.followup.rss import indicator_keys
from counsel_app.followup.service import FollowupService
from tests.conftest import TEST_PASSWORD

ARRIVAL = date.today() - timedelta(days=300)


def _all(score: int) -> dict[str, int]:
    return {key: score for key in indicator_keys()}


def _returnee(ctx, name: str, country: str, early: int, late: int | None = None,
              sample: bool = False) -> Case:
    case = ctx.cases.create(Case(person=Person(name_latin=name), return_country=country,
                                 is_sample=sample))
    service = FollowupService(ctx)
    service.record_arrival(case.reference, ARRIVAL, True)
    service.record_visit(case.reference, _all(early), ARRIVAL + timedelta(days=20))
    if late is not None:
        service.record_visit(case.reference, _all(late), ARRIVAL + timedelta(days=120))
    return case


@pytest.fixture
def cohort(sqlite_ctx):
    ctx = sqlite_ctx
    for n in range(6):  # six to Iraq: 0.5 in the first months, then 0.75
        _returnee(ctx, f"Iraq {n}", "IQ", early=3, late=4)
    for n in range(2):  # two to Guinea: too few to show
        _returnee(ctx, f"Guinea {n}", "GN", early=1)
    _returnee(ctx, "Sample", "IQ", early=5, sample=True)  # samples never count
    return ctx


def test_averages_by_period_and_small_cells_suppressed(cohort):
    report = cohorts.collect(cohort)
    assert report.cases == 8
    overall = report.table("all", "overall")
    first = overall.cell("all", "m0_3")
    # six cases at 0.5 and two at 0.0
    assert first.cases == 8 and first.average == pytest.approx(6 * 0.5 / 8)
    later = overall.cell("all", "m3_6")
    assert later.cases == 6 and later.average == pytest.approx(0.75)
    by_country = report.table("country", "economic")
    assert by_country.groups == ["GN", "IQ"]
    assert by_country.cell("IQ", "m3_6").average == pytest.approx(0.75)
    guinea = by_country.cell("GN", "m0_3")
    assert guinea.cases == 2 and guinea.average is None and guinea.shown_cases == "<5"
    quarter = report.table("quarter", "overall")
    assert quarter.groups == [cohorts.quarter(ARRIVAL)]
    assert report.table("referral", "overall").groups == ["no_referral"]
    assert report.table("assistance", "overall").groups == ["none"]


def test_csv_never_shows_a_small_cell(cohort, tmp_path):
    report = cohorts.collect(cohort)
    out = tmp_path / "cohorts.csv"
    cohorts.write_csv(report, out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    guinea = [r for r in rows if r["group"] == "GN"]
    assert guinea and all(r["average"] == "" and r["cases"] == "<5" for r in guinea)
    iraq = [r for r in rows if r["group"] == "IQ" and r["measure"] == "overall"
            and r["period"] == "m3_6"]
    assert iraq == [{"grouping": "country", "group": "IQ", "measure": "overall",
                     "period": "m3_6", "average": "0.750", "cases": "6"}]


def test_command_line_and_printed_report(cohort, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    pdf = tmp_path / "report.pdf"
    code = main(["--db", str(cohort.db.url), "followup", "cohorts", "--pdf", str(pdf),
                 "--csv", str(tmp_path / "c.csv"), "--lang", "fr"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Cases counted" in out and "0.75 (n=6)" in out
    # in a French interface the averages are written as the screens write them
    code = main(["--db", str(cohort.db.url), "--lang", "fr", "followup", "cohorts"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Dossiers comptés" in out and "0,75 (n=6)" in out, out
    assert not re.search(r"\d\.\d", out), out  # never "0.75"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Guinée" in text and "Irak" in text  # countries named in French
    assert "0,75" in text  # French decimal comma
    assert "Guinea 0" not in text and "Iraq 0" not in text  # no name ever


def test_unknown_report_language_is_refused(cohort, monkeypatch, capsys):
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", str(cohort.db.url), "followup", "cohorts", "--lang", "xx"])
    assert code != 0
    assert "unknown document language" in capsys.readouterr().err


@pytest.mark.parametrize("lang, label, joiner", [("fr", "Économique : ", " ; "),
                                                ("ar", "اقتصادي: ", "؛ ")])
def test_command_line_cohorts_punctuated_as_the_language_writes(cohort, monkeypatch, capsys,
                                                                lang, label, joiner):
    """The label's colon, the "n=" of each figure and the separator between periods come
    from the catalog: "Économique : … ; …" in French, "؛" between periods in Arabic."""
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", str(cohort.db.url), "--lang", lang, "followup", "cohorts"])
    out = capsys.readouterr().out
    assert code == 0, out
    line = next(row for row in out.splitlines() if row.startswith(label.split(":")[0]))
    assert line.startswith(label), line
    assert joiner in line, line
    if lang == "fr":
        assert "; " not in line.replace(" ; ", ""), line  # never the hand-written "; "
    else:
        assert "(ن=" in line and "(n=" not in line and ";" not in line, line
