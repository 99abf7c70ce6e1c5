"""The follow-up survey as an XLSForm for phones: converted by pyxform (the converter
KoboToolbox and ODK Central use) without errors, in every interface language that has the
strings, with the 15 indicators and no personal data."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from counsel_app.cli import main
from counsel_app.domain.reference import check_number
from counsel_app.followup.rss import INDICATORS


@pytest.fixture
def form(tmp_path, capsys):
    path = tmp_path / "followup.xlsx"
    assert main(["followup", "xlsform", "--out", str(path)]) == 0
    out = capsys.readouterr().out
    assert "languages: en, fr, es, ar" in out
    return path


def test_pyxform_converts_it_without_warnings(form):
    result = convert(xlsform=str(form), validate=False)
    assert result.warnings == []
    xform = result.xform
    for indicator in INDICATORS:
        assert f"/{indicator.key}" in xform
    assert 'lang="French (fr)"' in xform and 'lang="Arabic (ar)"' in xform
    assert "Visite de suivi" not in xform.split("<h:title>")[1].split("</h:title>")[0]  # title: default language
    assert "زيارة منزلية" in xform and "Visite à domicile" in xform


def test_no_question_asks_for_a_name_and_the_case_is_its_reference_and_check(form):
    book = load_workbook(form)
    survey = list(book["survey"].iter_rows(values_only=True))
    header, rows = survey[0], survey[1:]
    name, required = header.index("name"), header.index("required")
    names = [row[name] for row in rows]
    assert names[:2] == ["reference", "check"]
    asked = {n for n, row in zip(names, rows, strict=True) if row[0] not in ("begin_group", "end_group", "begin_repeat", "end_repeat")}
    keys = {i.key for i in INDICATORS}
    assert asked - keys == {"reference", "check", "visit_date", "visit_type", "people_present",
                            "action_key", "action_status", "action_note", "referral_key",
                            "referral_status", "note", "started", "ended"}
    # every indicator may be left unanswered (a phone check-in asks only some)
    assert all(not row[required] for row in rows if row[name] in keys)


def test_the_check_number_catches_a_mistyped_reference():
    reference = "AVRR-2026-000123"
    digits = reference[-6:]
    check = check_number(reference)
    assert 0 <= check <= 99
    for position in range(6):  # any one digit wrong
        for digit in "0123456789":
            if digit != digits[position]:
                other = reference[:-6] + digits[:position] + digit + digits[position + 1:]
                assert check_number(other) != check, other
    for position in range(5):  # two neighbours swapped
        swapped = list(digits)
        swapped[position], swapped[position + 1] = swapped[position + 1], swapped[position]
        if swapped != list(digits):
            assert check_number(reference[:-6] + "".join(swapped)) != check


def test_a_wrong_file_name_is_one_sentence(tmp_path, capsys):
    assert main(["followup", "xlsform", "--out", str(tmp_path / "form.csv")]) == 2
    assert "is an .xlsx file" in capsys.readouterr().err
    assert main(["followup", "xlsform", "--out", str(tmp_path / "missing" / "f.xlsx")]) == 2
    assert "does not exist" in capsys.readouterr().err
