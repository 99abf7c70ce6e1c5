"""The import's quick pass (``RowValidator.record``) against the full check
(``RowValidator.validate``): on thousands of rows mixing right and wrong values of every
column, of every type a spreadsheet gives, the quick pass never accepts a row the full
check refuses, makes the same record when both accept, and does accept the right rows
(else the import's speed would rest on nothing)."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from counsel_app.opportunities.importer import COLUMN_NAMES, RowValidator, map_header
from counsel_app.opportunities.reading import FORMULA_WITHOUT_VALUE, Table

TODAY = date(2026, 11, 22)

GOOD = {
    "kind": ["job", "training", " Training ", "apprenticeship", "startup", "placement"],
    "title_en": ["Welding course", "  Tailoring  ", "", None],
    "title_fr": ["Couture", "", None, 12, 0, False],
    "description_en": ["", None, "Long enough", 3.5, 0.0],
    "country": ["SN", "sn", " GN "],
    "region": ["", None],
    "town": ["", None, "Thiès", " Dakar "],
    "sector_isco": ["", None, "72", "7", "7212", 72],
    "education_min_isced": ["", None, "0", "3", 8, 3.0],
    "languages": ["", None, "fr", "fr|wo", "French, Wolof", "fr;;en"],
    "provider_name": ["Centre Étoile", " Atelier ", "X"],
    "provider_contact": ["", None, "office"],
    "provider_address": ["", None, "Rue 1"],
    "provider_reference": ["REF-1", "A", 1234, "ref 9"],
    "start_date": ["", None, "2027-01-01", "01/02/2027", datetime(2027, 1, 1), 46000],
    "end_date": ["", None, "2027-12-31", "31.12.2027", date(2028, 1, 1)],
    "application_deadline": ["", None, "2026-12-01", "15/01/2027"],
    "pay_type": ["", None, "stipend", "Fee", "salary"],
    "amount": ["", None, "25000", "25000,50", 1200, 99.5],
    "currency": ["", None, "XOF", "gnf"],
    "places": ["", None, "10", 0, 12.0],
    "source": ["partner list", " list "],
    "source_date": ["2026-10-01", "01/10/2026", datetime(2026, 1, 5), date(2026, 11, 22)],
    "sample": ["", None, "yes", "no", "oui", True, False, 0, 1],
}

BAD = {
    "kind": ["", None, "course", 3],
    "title_en": ["t" * 301],
    "country": ["", "XX", "Senegal", None, 1],
    "region": ["SN-ZZ", "Nowhere", 5, "GN-N", True, 1, 1.0],
    "town": ["t" * 101],
    "sector_isco": ["99", "abc", 0.5],
    "education_min_isced": ["9", "-1", "two", True, 2.5, "  "],
    "languages": ["klingon", "fr|xx"],
    "provider_name": ["", None, "p" * 201],
    "provider_contact": ["c" * 201],
    "provider_address": ["a" * 301],
    "provider_reference": ["", None, "r" * 101],
    "start_date": ["2027-13-01", "12/31/2027", "soon", True],
    "end_date": ["2026-01-01", "31/02/2027"],
    "application_deadline": ["2029-01-01", "x"],
    "pay_type": ["gift"],
    "amount": ["1,000,000", "-5", "abc", 1e13, False],
    "currency": ["EURO", "ZZZ"],
    "places": ["many", "-3", 2_000_000, 1.5],
    "source": ["", None, "s" * 301],
    "source_date": ["", None, "2099-01-01", "bad", date(2030, 1, 1)],
    "sample": ["maybe", 2.5],
}

SPREADSHEET_ONLY = ["#N/A", " #REF! ", "Apt #3", FORMULA_WITHOUT_VALUE]


def _validator(header: list[str], check_cells: bool) -> RowValidator:
    table = Table("XLSX" if check_cells else "CSV", header, 1, iter(()))
    return RowValidator(map_header(table, "file.xlsx"), TODAY, check_cells=check_cells)


def _rows(header: list[str], count: int, seed: int, bad_share: float, spreadsheet: bool,
          reshape: bool = True):
    rng = random.Random(seed)
    for _ in range(count):
        values = {name: rng.choice(GOOD.get(name, ["", None])) for name in header}
        if rng.random() < bad_share:
            for name in rng.sample(header, rng.randint(1, 2)):
                pool = BAD.get(name, []) + (SPREADSHEET_ONLY if spreadsheet else [])
                if pool:
                    values[name] = rng.choice(pool)
        cells = [values[name] for name in header]
        cut = rng.random() if reshape else 1.0
        if cut < 0.1:  # a row cut short (the missing cells are empty)
            cells = cells[:rng.randint(0, len(cells))]
        elif cut < 0.2:  # cells past the last column (ignored)
            cells = cells + ["extra", None]
        yield cells


@pytest.mark.parametrize("spreadsheet", [False, True])
@pytest.mark.parametrize("header", [
    list(COLUMN_NAMES),
    # another order, some columns missing (they read as empty), one unknown
    ["source_date", "provider_reference", "title_fr", "kind", "notes", "country", "region",
     "amount", "currency", "pay_type", "provider_name", "source", "end_date", "start_date"],
])
def test_the_quick_pass_accepts_only_what_the_full_check_accepts(header, spreadsheet):
    quick = _validator(header, spreadsheet)
    full = _validator(header, spreadsheet)
    accepted = refused = 0
    for number, cells in enumerate(_rows(header, 6000, 2026 + len(header), 0.5, spreadsheet),
                                   start=2):
        record = quick.record(list(cells))
        expected, problems = full.validate(number, list(cells))
        if expected is None:
            assert record is None, (cells, problems)
            refused += 1
        elif record is not None:
            assert record == expected, cells
            accepted += 1
    assert accepted > 500 and refused > 500  # both kinds of row were really compared


def test_the_quick_pass_takes_the_right_rows():
    """Every row made of right values only is taken by the quick pass (with a region that
    belongs to the country), not left to the slower full check."""
    header = list(COLUMN_NAMES)
    quick = _validator(header, True)
    taken = 0
    for cells in _rows(header, 2000, 7, 0.0, True, reshape=False):
        values = dict(zip(header, cells))
        if not any(values.get(t) not in ("", None) for t in ("title_en", "title_fr")):
            continue  # no title: refused by both
        if values.get("end_date") and values.get("start_date"):
            continue  # may end before it starts, or close before its deadline
        if values.get("end_date") and values.get("application_deadline"):
            continue
        if values.get("amount") in ("", None) and values.get("currency") not in ("", None):
            continue  # a currency without an amount
        if values.get("amount") not in ("", None) and (
                values.get("currency") in ("", None) or values.get("pay_type") in ("", None)):
            continue
        assert quick.record(list(cells)) is not None, cells
        taken += 1
    assert taken > 100


def test_an_import_turns_the_cycle_collector_back_on(tmp_path):
    """The import pauses Python's cycle collector (speed) and always turns it back on,
    after a refused file too; one that was off stays off."""
    import gc

    from counsel_app.errors import UserError
    from counsel_app.opportunities.service import collector_paused

    bad = tmp_path / "bad.csv"
    bad.write_text("kind;title_en\n", encoding="utf-8")
    from counsel_app.opportunities.importer import check_file

    assert gc.isenabled()
    with pytest.raises(UserError):
        with collector_paused():
            assert not gc.isenabled()
            check_file(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("spreadsheet", [False, True])
@pytest.mark.parametrize("country", ["SN", None])
def test_the_quick_pass_of_a_slice_is_the_full_check_row_by_row(spreadsheet, country):
    """An import takes its rows a slice at a time, a column at a time
    (``RowValidator.quick_pass``): on slices of mixed rows (one country, or several; every
    title filled, or not) each row it takes is the full check's record, and it takes no
    row the full check refuses."""
    header = list(COLUMN_NAMES)
    rows = list(_rows(header, 3000, 11 + spreadsheet, 0.3, spreadsheet))
    if country:  # one country per file (most files): its regions looked up per country
        at = header.index("country")
        rows = [cells[:at] + [country] + cells[at + 1:] if len(cells) > at else cells
                for cells in rows]
    filled = [list(cells) for cells in _rows(header, 500, 5, 0.0, spreadsheet, reshape=False)]
    for cells in filled:  # every title column filled: the records' texts made in one go
        for name in ("title_en", "title_fr", "title_es", "title_ar"):
            cells[header.index(name)] = f"Offer {name}"
    quick = _validator(header, spreadsheet)
    full = _validator(header, spreadsheet)
    accepted = refused = 0
    for part in (rows[:1000], rows[1000:], filled):
        records = quick.records([list(cells) for cells in part])
        for number, (cells, record) in enumerate(zip(part, records), start=2):
            expected, problems = full.validate(number, list(cells))
            if expected is None:
                assert record is None, (cells, problems)
                refused += 1
            elif record is not None:
                assert record == expected, cells
                assert list(record["titles"]) == list(expected["titles"])  # stored as JSON
                accepted += 1
    assert accepted > 500 and refused > 300


def _reference_report(path, today):
    """What an import reports when every row goes through the full check, one at a time
    (the import before its quick pass), on the reader's own rows: problems in row order,
    the first of a provider's references taken."""
    from counsel_app.opportunities.importer import header_score, is_empty
    from counsel_app.opportunities.reading import read_table

    table = read_table(path, header_score)
    validator = RowValidator(map_header(table, path.name), today,
                             check_cells=table.file_format == "XLSX")
    problems, records, first_row_of, empty = [], [], {}, 0
    for number, cells in table.rows:
        if is_empty(cells):
            empty += 1
            continue
        record, found = validator.validate(number, cells)
        if record is None:
            problems.extend(found)
            continue
        key = (record["provider_key"], record["provider_ref"])
        if key in first_row_of:
            problems.append(("duplicate", number, first_row_of[key]))
            continue
        first_row_of[key] = number
        records.append(record)
    return problems, records, empty


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_import_reports_every_row_as_the_full_check_does(tmp_path, suffix):
    """The whole import (slices, quick pass, full check of the rows it does not take,
    duplicates, empty rows) gives the report and records the full check gives row by row:
    the same problems in the same order, the same records, the same counts. In a
    workbook, a text with a # (which may be an error value) is left to the full check,
    which takes it."""
    import csv

    from counsel_app.opportunities.importer import check_file

    header = list(COLUMN_NAMES)
    rows = [["" if v is None else str(v) for v in cells]
            for cells in _rows(header, 12_000, 3, 0.2, False, reshape=False)]
    at = header.index("provider_reference")
    address = header.index("provider_address")
    for number, cells in enumerate(rows):  # one offer each (a few without a reference)
        cells[at] = cells[at] and f"REF-{number}"
        if number % 7 == 0:
            cells[address] = "Apt #3"
    rows[5500:5500] = [[""] * len(header), [" "] * len(header)]  # empty rows, mid-slice
    rows[8500:8500] = rows[100:140]  # the same provider and reference again, mid-slice
    rows += rows[7000:7010]
    path = tmp_path / f"offers{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("opportunities")
        sheet.append(header)
        for cells in rows:
            sheet.append([cell or None for cell in cells])
        workbook.save(path)
    checked = check_file(path, today=TODAY)
    problems, records, empty = _reference_report(path, TODAY)
    said = [("duplicate", p.row, int(p.reason.split("row ")[1].split()[0]))
            if "already in row" in p.reason else p for p in checked.report.problems]
    assert said == problems
    assert any(p[0] == "duplicate" for p in said if isinstance(p, tuple))
    assert checked.records == records and len(records) > 1000
    assert any(r["provider_address"] == "Apt #3" for r in records)
    assert checked.report.empty_rows == empty == 2
    assert checked.report.rows_read == len(rows) - 2
    assert checked.report.accepted == len(records)
