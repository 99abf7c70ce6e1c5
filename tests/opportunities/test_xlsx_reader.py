"""The fast .xlsx cell scanner reads exactly what openpyxl reads (read-only, cached values)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from counsel_app.opportunities import reading
from counsel_app.opportunities.importer import check_file
from counsel_app.opportunities.reading import FORMULA_WITHOUT_VALUE, read_xlsx

from .helpers import HEADER, drop_cell_references, row, to_shared_strings, write_xlsx


def openpyxl_rows(path: Path) -> list[list]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = []
    for cells in workbook.worksheets[0].iter_rows(values_only=True):
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    workbook.close()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def fast_rows(path: Path) -> list[list]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = reading._fast_sheet_rows(sheet, workbook)
    workbook.close()
    assert rows is not None, "the fast scanner fell back"
    assert [n for n, _cells in rows] == list(range(1, len(rows) + 1))
    return [[None if c is FORMULA_WITHOUT_VALUE else c for c in cells] for _n, cells in rows]


def awkward_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["text", "number", "float", "date", "bool", "formula", "empty", "last"])
    sheet.append(["Café & <bar> \"quoted\" 'x'", 12, 2.5, datetime(2027, 3, 4), True, "=B2*2",
                  None, "end"])
    sheet.append([])
    sheet.append(["  spaced  ", -7, 1e-7, date(2026, 1, 31), False, None, None, None])
    sheet.append(["بغداد", 10**12, 3.0, datetime(2027, 3, 4, 15, 30), None, "=1/0", None, "x"])
    sheet.append([None, None, None, None, None, None, None, None])
    sheet.append(["後", None, None, None, None, None, None, "far right"])
    sheet["J7"] = "beyond the header"
    sheet["B8"] = "#REF!"
    workbook.save(path)
    return path


def test_fast_scanner_equals_openpyxl_on_inline_strings(tmp_path):
    path = awkward_workbook(tmp_path / "a.xlsx")
    assert fast_rows(path) == openpyxl_rows(path)


def test_fast_scanner_equals_openpyxl_on_shared_strings_and_rich_text(tmp_path):
    path = awkward_workbook(tmp_path / "a.xlsx")
    to_shared_strings(path, rich={
        "end": '<si><r><t>e</t></r><r><rPr><b/></rPr><t xml:space="preserve">nd</t></r>'
               '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>',
    })
    expected = openpyxl_rows(path)
    assert expected[1][7] == "end"  # openpyxl reads the rich text as plain text
    assert fast_rows(path) == expected


def test_formulas_without_cached_values_are_marked(tmp_path):
    path = awkward_workbook(tmp_path / "a.xlsx")
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = reading._fast_sheet_rows(workbook.worksheets[0], workbook)
    workbook.close()
    assert rows[1][1][5] is FORMULA_WITHOUT_VALUE
    assert rows[4][1][5] is FORMULA_WITHOUT_VALUE


def test_cells_without_references_fall_back_to_openpyxl(tmp_path):
    cells = list(row("A1").values())
    path = write_xlsx(tmp_path / "f.xlsx", [cells])
    drop_cell_references(path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    assert reading._fast_sheet_rows(workbook.worksheets[0], workbook) is None
    workbook.close()
    checked = check_file(path, today=date(2026, 11, 22))
    assert checked.report.problems == []
    assert checked.records[0]["provider_ref"] == "A1"


@pytest.mark.parametrize("shared", [False, True])
def test_both_paths_give_the_same_import(tmp_path, monkeypatch, shared):
    rows = [list(row(f"A{i}", town="Nzérékoré & Co").values()) for i in range(30)]
    path = write_xlsx(tmp_path / "x.xlsx", rows)
    if shared:
        to_shared_strings(path)
    fast = check_file(path, today=date(2026, 11, 22))
    monkeypatch.setattr(reading, "_fast_sheet_rows", lambda sheet, workbook: None)
    slow = check_file(path, today=date(2026, 11, 22))
    assert fast.records == slow.records and len(fast.records) == 30
    assert fast.records[0]["town"] == "Nzérékoré & Co"


def test_header_row_may_be_below_empty_rows(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(list(row("A1").values()))
    path = tmp_path / "h.xlsx"
    workbook.save(path)
    table = read_xlsx(path)
    assert table.header_row == 3
    assert [n for n, _c in table.rows] == [4]


def test_rows_of_texts_then_numbers_read_as_openpyxl_reads_them(tmp_path):
    """Rows of inline texts only take the smaller expression until a row has anything
    else (a number, a date, a styled cell); every row still reads as openpyxl reads it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("opportunities")
    for i in range(50):
        sheet.append([f"Café & <{i}>", None, "  x  ", None, f"R{i}"])
    sheet.append(["n", 12, 2.5, datetime(2027, 3, 4), True])
    for i in range(50):
        sheet.append([None, f"after {i}", None, None, "‘quoted’ & more"])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    rows = fast_rows(path)
    assert rows == openpyxl_rows(path)
    assert rows[0] == ["Café & <0>", None, "  x  ", None, "R0"]
    assert rows[50][1:3] == [12, 2.5]


def test_a_workbook_of_several_worksheets_is_counted_as_the_language_counts(tmp_path):
    """The note on a workbook of two worksheets: "the workbook has 2 worksheets", in French
    "2 feuilles" (counted by ngettext, as Arabic's form for 2 needs)."""
    from openpyxl import Workbook

    from counsel_app.i18n import set_interface_language

    workbook = Workbook()
    workbook.active.title = "opportunities"
    workbook.active.append(HEADER)
    workbook.create_sheet("notes")
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    assert read_xlsx(path).warnings == [
        "Only the worksheet “opportunities” was read; the workbook has 2 worksheets."]
    set_interface_language("fr")
    assert read_xlsx(path).warnings == [
        "Seule la feuille « opportunities » a été lue ; le classeur compte 2 feuilles."]
