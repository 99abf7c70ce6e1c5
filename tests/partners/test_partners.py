"""The partner directory: import with a row-level report, sample partners marked sample,
search by country, region, type and words; ``counsel-app partners``."""

from __future__ import annotations

import pytest

from counsel_app.cli import main
from counsel_app.opportunities.reading import ImportRefused
from counsel_app.partners.service import PartnerDirectory

HEADER = ["name", "type", "country", "region", "town", "services", "languages", "contact",
          "hours", "referral_procedure", "source", "source_date"]


def write(path, rows, header=HEADER, sep=","):
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good(name="Hope Clinic", **values):
    base = dict(name=name, type="health", country="ML", region="ML-BKO", town="Bamako",
                services="medical care|mental health", languages="fr|bm",
                contact="+223 20 00 00 00", hours="Mon-Fri 8-16",
                referral_procedure="call first", source="office list",
                source_date="2026-11-01")
    base.update(values)
    return [base[h] for h in HEADER]


def test_import_reports_each_rejected_row_and_updates_on_reimport(db, tmp_path):
    directory = PartnerDirectory(db)
    path = write(tmp_path / "p.csv", [
        good(),
        good("Bad Type", type="bakery"),
        good("Bad Region", region="Dakar"),
        good("No Services", services=""),
        good("Hope Clinic"),
    ])
    report = directory.import_file(path, dry_run=True)
    assert "Nothing was imported" in report.summary()
    assert directory.count() == 0
    report = directory.import_file(path)
    lines = report.lines()
    assert "Imported p.csv: 1 new, 0 updated, 4 rejected (of 5 rows)." == lines[0]
    assert any(line.startswith("Row 3, column type: “bakery” is not a partner type")
               for line in lines)
    assert any(line.startswith("Row 4, column region: “Dakar” is not a region of ML")
               for line in lines)
    assert "Row 5, column services: empty; it is required." in lines
    assert "Row 6, column name: the same partner is already in row 2 of this file." in lines
    report = directory.import_file(write(tmp_path / "q.csv", [good(hours="Mon-Sat 8-18")]))
    assert (report.inserted, report.updated) == (0, 1)
    [clinic] = directory.search(country="ML")
    assert clinic.hours == "Mon-Sat 8-18" and clinic.languages == ["fr", "bm"]
    assert clinic.procedure == "call first" and not clinic.is_sample


def test_a_file_without_the_required_columns_is_refused_in_one_sentence(db, tmp_path):
    path = write(tmp_path / "p.csv", [["x", "ML"]], header=["name", "country"])
    with pytest.raises(ImportRefused, match="required columns type, services, source, "
                                            "source_date are missing"):
        PartnerDirectory(db).import_file(path)


def test_sample_partners_are_marked_and_searchable(db):
    directory = PartnerDirectory(db)
    report = directory.import_sample_set()
    assert report.inserted == 16 and not report.problems
    found = directory.search(country="ML", region="ML-BKO", text="placement")
    assert [p.name for p in found] == [
        "SAMPLE — Fictional Public Employment Office (Bamako)",
        "SAMPLE — Fictional Tailors' Workshop (Bamako)"]
    assert all(p.is_sample for p in found)
    assert [p.name for p in directory.search(country="GN", type="health")] == [
        "SAMPLE — Fictional Health Centre (Kindia)"]
    assert directory.count(country="SN") == 2


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_partners_command(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    code, out, _ = run(capsys, "--db", url, "partners", "sample")
    assert code == 0 and "16 new" in out
    code, out, _ = run(capsys, "--db", url, "partners", "list", "--country", "ml",
                       "--text", "tailor")
    assert code == 0
    assert "SAMPLE — Fictional Tailors' Workshop (Bamako) (Employer) — Bamako" in out
    assert "[SAMPLE]" in out and "Referral: SAMPLE: fictional partner" in out
    assert "1 of 1 partner shown." in out, out  # not "partners"
    bad = write(tmp_path / "bad.csv", [good(), good("X", country="ZZ")])
    code, out, _ = run(capsys, "--db", url, "partners", "import", str(bad), "--report",
                       str(tmp_path / "problems.csv"))
    assert code == 3 and "Row 3, column country" in out
    assert (tmp_path / "problems.csv").exists()
    code, out, _ = run(capsys, "--db", url, "partners", "template", "--out",
                       str(tmp_path / "t.xlsx"))
    assert code == 0 and (tmp_path / "t.xlsx").exists()


@pytest.mark.parametrize(("argv", "fragment"), [
    (["partners", "list", "--country", "Mali"], "not a two-letter country code"),
    (["partners", "list", "--type", "bakery"], "--type: choose one of ngo, diaspora"),
    (["partners", "list", "--region", "Bamako"], "--region: give --country too."),
    (["partners", "list", "--country", "ML", "--region", "Dakar"], "is not a region of ML"),
    (["partners", "template", "--out", "x.pdf"], ".csv or .xlsx"),
])
def test_bad_arguments_are_one_line(capsys, tmp_path, argv, fragment):
    code, out, err = run(capsys, "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", *argv)
    assert code == 2 and fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
