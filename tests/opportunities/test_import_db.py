"""Importing into the database: atomic, updates on re-import, large files, on both engines."""

from __future__ import annotations

import time
from datetime import date

import pytest

from counsel_app.opportunities import repository as repository_module
from counsel_app.opportunities.reading import ImportRefused
from counsel_app.opportunities.service import OpportunityCatalogue

from .helpers import HEADER, row, write_text


def test_import_then_reimport_updates_instead_of_duplicating(db, tmp_path):
    catalogue = OpportunityCatalogue(db, "admin")
    first = write_text(tmp_path / "a.csv", [row("A1"), row("A2", title_en="Masonry")])
    report = catalogue.import_file(first)
    assert (report.inserted, report.updated, report.rejected) == (2, 0, 0)

    # the partner corrects a title and adds one; the provider name differs only in case
    again = write_text(tmp_path / "b.csv", [
        row("A2", title_en="Masonry (corrected)", provider_name="CENTRE ÉTOILE"),
        row("A3", title_en="Plumbing"),
    ])
    report = catalogue.import_file(again)
    assert (report.inserted, report.updated) == (1, 1)
    assert catalogue.count() == 3
    titles = sorted(o.title("en") for o in catalogue.list())
    assert titles == ["Masonry (corrected)", "Plumbing", "Welding course"]
    history = catalogue.history()
    assert [(b.inserted, b.updated) for b in history] == [(1, 1), (2, 0)]


def test_rejected_rows_are_reported_and_the_rest_imported(db, tmp_path):
    catalogue = OpportunityCatalogue(db)
    path = write_text(tmp_path / "a.csv", [row("A1"), row("A2", country="ZZ"), row("A3")])
    report = catalogue.import_file(path)
    assert report.inserted == 2
    assert [(p.row, p.column) for p in report.problems] == [(3, "country")]
    assert any("Row 3, column country" in line for line in report.lines())


def test_dry_run_changes_nothing(db, tmp_path):
    catalogue = OpportunityCatalogue(db)
    catalogue.import_file(write_text(tmp_path / "a.csv", [row("A1")]))
    report = catalogue.import_file(write_text(tmp_path / "b.csv", [row("A1"), row("A2")]),
                                   dry_run=True)
    assert (report.inserted, report.updated) == (1, 1)
    assert "dry run" in report.summary()
    assert catalogue.count() == 1


def test_a_failure_while_writing_leaves_nothing_half_imported(db, tmp_path, monkeypatch):
    catalogue = OpportunityCatalogue(db)
    catalogue.import_file(write_text(tmp_path / "a.csv", [row("A1", title_en="Old")]))

    def broken(**_values):
        raise RuntimeError("disk full")

    monkeypatch.setattr(repository_module, "OpportunityBatchRow", broken)
    path = write_text(tmp_path / "b.csv",
                      [row("A1", title_en="New")] + [row(f"B{i}") for i in range(300)])
    with pytest.raises(RuntimeError):
        catalogue.import_file(path)
    assert catalogue.count() == 1
    assert catalogue.list()[0].title("en") == "Old"


def test_a_refused_file_changes_nothing(db, tmp_path):
    catalogue = OpportunityCatalogue(db)
    header = [h for h in HEADER if h != "country"]
    with pytest.raises(ImportRefused, match="country"):
        catalogue.import_file(write_text(tmp_path / "a.csv", [row("A1")], header=header))
    assert catalogue.count() == 0 and catalogue.history() == []


def test_a_file_unreadable_halfway_imports_nothing(db, tmp_path):
    catalogue = OpportunityCatalogue(db)
    path = write_text(tmp_path / "a.csv", [row(f"A{i}") for i in range(50)]
                      + [row("Z", town="x" * 200_000)] + [row("B1")])
    with pytest.raises(ImportRefused, match="cannot be read as CSV"):
        catalogue.import_file(path)
    assert catalogue.count() == 0


def test_listing_filters(db, tmp_path):
    catalogue = OpportunityCatalogue(db)
    catalogue.import_file(write_text(tmp_path / "a.csv", [
        row("A1", title_en="Électricien"),
        row("A2", kind="job", country="GN", region="GN-C", title_en="Driver"),
        row("A3", application_deadline="2020-01-01", source_date="2019-12-01"),
    ]))
    assert catalogue.count(country="GN") == 1
    assert catalogue.count(kind="job") == 1
    assert catalogue.count(text="electricien") == 1  # accents and case ignored
    assert catalogue.count(include_expired=False, today=date(2026, 11, 22)) == 2
    assert catalogue.countries() == [("GN", 1), ("SN", 2)]


def big_file(path, rows: int, bad_every: int = 1000):
    lines = [",".join(HEADER)]
    template = row("X")
    for i in range(rows):
        values = dict(template, provider_reference=f"R{i}", title_en=f"Offer {i}",
                      region=("SN-DK", "SN-TH", "SN-SL")[i % 3])
        if i % bad_every == 7:
            values["source_date"] = "31/31/2026"
        lines.append(",".join(values[h] for h in HEADER))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_20000_row_file_imports_completely_with_a_clear_report(db, tmp_path):
    catalogue = OpportunityCatalogue(db)
    path = big_file(tmp_path / "big.csv", 20_000)
    started = time.perf_counter()
    report = catalogue.import_file(path)
    elapsed = time.perf_counter() - started
    assert report.rows_read == 20_000
    assert report.rejected == 20
    assert report.inserted == 19_980
    assert all(p.column == "source_date" for p in report.problems)
    assert report.problems[0].row == 9  # row 1 is the header, data row 8 is i == 7
    assert catalogue.count() == 19_980
    lines = report.lines(max_problems=5)
    assert lines[-1] == "… and 15 more problems."
    csv_report = report.write_problems_csv(tmp_path / "problems.csv")
    assert len(csv_report.read_text(encoding="utf-8-sig").splitlines()) == 21
    # not a timing assertion: a hint in the output if it ever becomes slow
    print(f"20,000 rows in {elapsed:.2f} s")


def test_the_summary_counts_each_thing_in_its_singular_or_plural():
    """"1 row", "1 update", "1 more problem": each count of the summary takes its own form,
    in the interface language."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.opportunities.importer import ImportReport, RowProblem

    one = ImportReport("a.csv", rows_read=1, accepted=1, inserted=1)
    assert one.summary() == "Imported a.csv: 1 new, 0 updated, 0 rejected (of 1 row)."
    checked = ImportReport("b.csv", dry_run=True, rows_read=3, accepted=2, inserted=1,
                           updated=1, problems=[RowProblem(4, "country", "no")])
    assert checked.summary() == ("Checked b.csv: 2 of 3 rows are valid (1 new, 1 update), "
                                 "1 rejected. Nothing was imported (dry run).")
    checked.problems.append(RowProblem(5, "country", "no"))
    assert checked.lines(max_problems=1)[-1] == "… and 1 more problem."
    set_interface_language("fr")
    assert one.summary() == ("a.csv importé : 1 nouvelle, 0 mise à jour, 0 rejetée "
                             "(sur 1 ligne)."), one.summary()
