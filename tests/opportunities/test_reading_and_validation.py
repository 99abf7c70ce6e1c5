"""Reading awkward partner files and checking every row (no database needed)."""

from __future__ import annotations

import codecs
from datetime import date, datetime

import pytest

from counsel_app.opportunities.importer import check_file
from counsel_app.opportunities.reading import ImportRefused

from .helpers import HEADER, row, set_cached_value, write_text, write_xlsx

TODAY = date(2026, 11, 22)


def check(path):
    return check_file(path, today=TODAY)


@pytest.mark.parametrize(
    ("encoding", "bom", "sep", "label"),
    [
        ("utf-8", b"", ",", "UTF-8"),
        ("utf-8", codecs.BOM_UTF8, ";", "UTF-8 with BOM"),
        ("cp1252", b"", ";", "Windows-1252"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\t", "UTF-16 LE"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "\t", "UTF-16 BE"),
        ("utf-8", b"", "\t", "UTF-8"),
    ],
)
def test_encodings_and_separators_keep_accents(tmp_path, encoding, bom, sep, label):
    path = write_text(tmp_path / "offers.csv",
                      [row("A1"), row("A2", town="Nzérékoré", title_fr="Électricité")],
                      encoding=encoding, sep=sep, bom=bom)
    checked = check(path)
    assert checked.report.problems == []
    assert checked.report.encoding == label
    assert [r["town"] for r in checked.records] == ["Thiès", "Nzérékoré"]
    assert checked.records[1]["titles"] == {"en": "Welding course", "fr": "Électricité"}
    assert checked.records[0]["provider_name"] == "Centre Étoile"
    if encoding == "cp1252":
        assert any("Windows-1252" in w for w in checked.report.warnings)


def test_utf16_without_bom_is_recognised(tmp_path):
    path = write_text(tmp_path / "offers.txt", [row("A1")], encoding="utf-16-le", sep="\t")
    checked = check(path)
    assert checked.report.encoding == "UTF-16 LE"
    assert len(checked.records) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-04", date(2027, 3, 4)),
        ("04/03/2027", date(2027, 3, 4)),
        ("04.03.2027", date(2027, 3, 4)),
        ("4-3-2027", date(2027, 3, 4)),
        ("2027/03/04", date(2027, 3, 4)),
        ("2027-03-04 00:00:00", date(2027, 3, 4)),
        ("46450", date(2027, 3, 4)),  # an Excel serial number saved as text
    ],
)
def test_date_formats(tmp_path, text, expected):
    path = write_text(tmp_path / "d.csv", [row("A1", application_deadline=text)])
    checked = check(path)
    assert checked.report.problems == []
    assert checked.records[0]["deadline"] == expected


def test_month_first_date_is_rejected_with_a_hint(tmp_path):
    path = write_text(tmp_path / "d.csv", [row("A1", application_deadline="03/25/2027")])
    problems = check(path).report.problems
    assert [(p.row, p.column) for p in problems] == [(2, "application_deadline")]
    assert "DD/MM/YYYY" in problems[0].reason


def test_empty_rows_are_skipped_and_counted(tmp_path):
    path = tmp_path / "e.csv"
    text = "\r\n".join([
        ",".join(HEADER),
        ",".join(row("A1").values()),
        "",
        ",,,,,,,,,,,,,",
        ",".join(row("A2").values()),
    ])
    path.write_text(text, encoding="utf-8")
    checked = check(path)
    assert checked.report.empty_rows == 2
    assert checked.report.rows_read == 2
    assert len(checked.records) == 2


def test_unknown_columns_are_ignored_with_a_warning(tmp_path):
    rows = [dict(row("A1"), notes="internal", colour="blue")]
    path = write_text(tmp_path / "u.csv", rows, header=HEADER + ["notes", "colour"])
    checked = check(path)
    assert len(checked.records) == 1
    assert any("notes" in w and "colour" in w for w in checked.report.warnings)


def test_missing_required_columns_refuse_the_whole_file(tmp_path):
    header = [h for h in HEADER if h not in ("source_date", "provider_reference")]
    path = write_text(tmp_path / "m.csv", [row("A1")], header=header)
    with pytest.raises(ImportRefused) as info:
        check(path)
    assert "provider_reference" in str(info.value) and "source_date" in str(info.value)


def test_a_file_without_any_title_column_is_refused(tmp_path):
    header = [h for h in HEADER if not h.startswith("title_")]
    path = write_text(tmp_path / "t.csv", [row("A1")], header=header)
    with pytest.raises(ImportRefused, match="title_en"):
        check(path)


def test_header_names_are_forgiving(tmp_path):
    header = ["Kind", "Title EN", "Country", "Provider name", "Provider reference",
              "Source", "Source date", "Deadline"]
    path = tmp_path / "h.csv"
    path.write_text(",".join(header) + "\njob,Driver,GN,ACME,R-1,list,2026-01-02,2030-01-01\n",
                    encoding="utf-8")
    checked = check(path)
    assert checked.report.problems == []
    assert checked.records[0]["deadline"] == date(2030, 1, 1)


def test_each_problem_names_row_column_and_reason(tmp_path):
    rows = [
        row("A1"),
        row("A2", kind="internship", country="XX"),
        row("A3", region="Atlantis", sector_isco="99", languages="fr|elvish"),
        row("A4", education_min_isced="9", source_date="2099-01-01"),
        row("A1"),  # the same provider and reference twice in one file
    ]
    checked = check(write_text(tmp_path / "p.csv", rows))
    found = {(p.row, p.column) for p in checked.report.problems}
    assert found == {
        (3, "kind"), (3, "country"),
        (4, "region"), (4, "sector_isco"), (4, "languages"),
        (5, "education_min_isced"), (5, "source_date"),
        (6, "provider_reference"),
    }
    reasons = {(p.row, p.column): p.reason for p in checked.report.problems}
    assert "Atlantis" in reasons[(4, "region")]
    assert "elvish" in reasons[(4, "languages")]
    assert "row 2" in reasons[(6, "provider_reference")]
    assert checked.report.rejected == 4
    assert len(checked.records) == 1


def test_the_same_bad_value_is_reported_on_every_row_that_has_it(tmp_path):
    """(Each column's values are checked once per import and remembered: every row still
    gets its own problem, and a region is checked against each row's country.)"""
    rows = [row(f"B{i}", kind="internship", region="Atlantis", amount="")
            for i in range(1, 4)]
    rows += [row("B4", region="Dakar"), row("B5", country="IQ", region="Dakar")]
    checked = check(write_text(tmp_path / "same.csv", rows))
    found = sorted((p.row, p.column) for p in checked.report.problems)
    assert found == [(r, c) for r in (2, 3, 4) for c in ("kind", "region")] + [(6, "region")]
    assert [r["region"] for r in checked.records] == ["SN-DK"]


def test_money_rules(tmp_path):
    header = HEADER + ["pay_type", "amount", "currency"]
    rows = [
        dict(row("A1"), pay_type="stipend", amount="25000,50", currency="xof"),
        dict(row("A2"), pay_type="stipend", amount="1,500", currency="XOF"),
        dict(row("A3"), pay_type="fee", amount="100", currency=""),
        dict(row("A4"), pay_type="fee", amount="100", currency="ZZZ"),
        dict(row("A5"), pay_type="", amount="100", currency="XOF"),
    ]
    checked = check(write_text(tmp_path / "m.csv", rows, header=header))
    assert str(checked.records[0]["amount"]) == "25000.50"
    assert checked.records[0]["currency"] == "XOF"
    found = {(p.row, p.column) for p in checked.report.problems}
    assert found == {(3, "amount"), (4, "currency"), (5, "currency"), (6, "pay_type")}


def test_region_by_name_and_languages_by_name(tmp_path):
    rows = [row("A1", country="IQ", region="Baghdad", languages="Arabic; Kurdish")]
    checked = check(write_text(tmp_path / "n.csv", rows))
    assert checked.report.problems == []
    assert checked.records[0]["region"] == "IQ-BG"
    assert checked.records[0]["languages"] == "ar ku"


def test_xlsx_with_datetime_cells_serial_numbers_and_numbers(tmp_path):
    cells = list(row("A1").values())
    cells[HEADER.index("application_deadline")] = datetime(2027, 3, 4)
    cells[HEADER.index("source_date")] = 46300  # a date cell without date format
    cells[HEADER.index("sector_isco")] = 72
    cells[HEADER.index("education_min_isced")] = 2.0
    path = write_xlsx(tmp_path / "x.xlsx", [cells, [None] * len(HEADER), cells[:10] + ["A2"]
                                           + cells[11:]])
    checked = check(path)
    assert checked.report.file_format == "XLSX"
    assert checked.report.problems == []
    assert checked.report.empty_rows == 1
    first = checked.records[0]
    assert first["deadline"] == date(2027, 3, 4)
    assert first["source_date"] == date(2026, 10, 5)
    assert first["isco"] == "72" and first["education_min"] == 2
    assert [r["provider_ref"] for r in checked.records] == ["A1", "A2"]


def test_xlsx_formulas_use_cached_values_and_reject_uncalculated_ones(tmp_path):
    good = list(row("A1").values())
    good[HEADER.index("title_en")] = '="Welding " & "course"'
    bad = list(row("A2").values())
    bad[HEADER.index("title_en")] = '="Metal" & "work"'
    bad[HEADER.index("title_fr")] = ""
    path = write_xlsx(tmp_path / "f.xlsx", [good, bad])
    set_cached_value(path, "B2", "Welding course (computed)")
    checked = check(path)
    assert checked.records[0]["titles"]["en"] == "Welding course (computed)"
    assert [(p.row, p.column) for p in checked.report.problems] == [(3, "title_en")]
    assert "formula" in checked.report.problems[0].reason


def test_xlsx_error_cells_are_rejected(tmp_path):
    cells = list(row("A1").values())
    cells[HEADER.index("town")] = "#REF!"
    checked = check(write_xlsx(tmp_path / "e.xlsx", [cells]))
    assert [(p.row, p.column) for p in checked.report.problems] == [(2, "town")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04garbage", "xlsx"),
        (b"%PDF-1.4\x00\x01\x02" + bytes(range(256)) * 4, "not a spreadsheet"),
    ],
)
def test_unreadable_files_are_refused_in_one_sentence(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as info:
        check(path)
    assert message in str(info.value)


def test_header_only_file_is_refused(tmp_path):
    path = write_text(tmp_path / "h.csv", [])
    with pytest.raises(ImportRefused, match="no rows"):
        check(path)


def test_duplicate_columns_are_refused(tmp_path):
    path = write_text(tmp_path / "d.csv", [row("A1")], header=HEADER + ["Country"])
    with pytest.raises(ImportRefused, match="Country"):
        check(path)


def test_excel_separator_hint_line(tmp_path):
    path = tmp_path / "hint.csv"
    text = "sep=;\r\n" + "\r\n".join(
        ";".join(line) for line in [HEADER, list(row("A1", town="Thiès, centre").values()),
                                    list(row("A2", country="XX").values())])
    path.write_text(text, encoding="utf-8")
    checked = check(path)
    assert checked.report.delimiter == "semicolon"
    assert checked.records[0]["town"] == "Thiès, centre"
    # Excel hides the hint line, so the rows are numbered as Excel shows them
    assert [(p.row, p.column) for p in checked.report.problems] == [(3, "country")]
