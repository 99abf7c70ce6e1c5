"""The shipped sample set: importable, marked sample everywhere, real region codes."""

from datetime import date

from counsel_app.opportunities.classifications import subdivisions
from counsel_app.opportunities.importer import check_file
from counsel_app.opportunities.sample import sample_rows, write_sample_set
from counsel_app.opportunities.service import sample_set_path

COUNTRIES = {"GN", "ML", "SN", "NG", "IQ", "AF", "ET", "GE"}


def test_shipped_files_import_cleanly_and_are_all_sample():
    for fmt in ("csv", "xlsx"):
        checked = check_file(sample_set_path(fmt), today=date(2026, 11, 22))
        assert checked.report.problems == [], fmt
        assert checked.report.warnings == [], fmt
        records = checked.records
        assert {r["country"] for r in records} == COUNTRIES
        assert all(r["is_sample"] for r in records)
        assert all(r["provider_name"].startswith("SAMPLE — ") for r in records)
        assert all(r["region"] in subdivisions(r["country"]) for r in records)
        # no phone numbers presented as real
        assert not any(ch.isdigit() for r in records for ch in r["provider_contact"])


def test_shipped_files_match_the_generator(tmp_path):
    """The files in resources/ are what sample.py writes (regenerate after changes)."""
    write_sample_set(tmp_path)
    assert (tmp_path / "sample_opportunities.csv").read_bytes() == \
        sample_set_path("csv").read_bytes()
    fresh = check_file(tmp_path / "sample_opportunities.xlsx", today=date(2026, 11, 22)).records
    shipped = check_file(sample_set_path("xlsx"), today=date(2026, 11, 22)).records
    assert fresh == shipped
    assert len(sample_rows()) == len(shipped)
