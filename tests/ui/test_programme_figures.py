"""Tools > Programme figures: the cohort figures in a table and a chart, small groups shown
as (<5) and never as an average, saved as CSV and printed as the programme report."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import Qt

from counsel_app.ui import programme_figures as module
from tests.followup.test_cohorts import _returnee


@pytest.fixture
def opened(qtbot, app_ctx, monkeypatch):
    from counsel_app.ui.main_window import MainWindow

    for n in range(5):
        _returnee(app_ctx, f"Iraq {n}", "IQ", early=3, late=4)
    _returnee(app_ctx, "Guinea", "GN", early=1)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    seen = []
    monkeypatch.setattr(module.ProgrammeFiguresDialog, "exec", lambda self: seen.append(self))
    window.actions_by_id["tools.programme_figures"].trigger()
    assert seen, "Tools > Programme figures did not open"
    qtbot.addWidget(seen[0])
    return seen[0]


def test_figures_by_group_with_small_groups_hidden(qtbot, opened):
    dialog = opened
    assert dialog.table.rowCount() == 1  # all cases
    assert dialog.table.item(0, 1).text() == "0.42 (6)"  # five at 0.5, one at 0: 2.5 / 6
    assert dialog.table.item(0, 2).text() == "0.75 (5)"
    dialog.grouping.setCurrentIndex(dialog.grouping.findData("country"))
    names = [dialog.table.verticalHeaderItem(r).text() for r in range(dialog.table.rowCount())]
    assert names == ["Guinea", "Iraq"]
    assert dialog.table.item(0, 1).text() == "(<5)"  # one case: never an average
    dialog.table.setCurrentCell(1, 0)
    assert dialog.chart_title.text() == "Chart: Iraq"
    assert "Overall: " in dialog.chart.text_alternative()
    plain = re.sub("[\u2066-\u2069]", "", dialog.chart.text_alternative())  # no isolates
    assert "6 to 12 months –" in plain
    dialog.measure.setCurrentIndex(dialog.measure.findData("economic"))
    assert dialog.table.item(1, 2).text() == "0.75 (5)"


def test_save_csv_and_print_the_report(qtbot, opened, tmp_path, monkeypatch):
    dialog = opened
    target = tmp_path / "figures.csv"
    monkeypatch.setattr(module.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.save_csv, Qt.LeftButton)
    assert target.is_file() and "Saved" in dialog.status.text()
    assert "country,GN,overall,m0_3,,<5" in target.read_text(encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    monkeypatch.setattr(module.QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    qtbot.mouseClick(dialog.print_report, Qt.LeftButton)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Irak" in text and "0,75 (5)" in text
    # a place that cannot be written: one sentence, nothing else
    monkeypatch.setattr(module.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target / "x.pdf"), ""))  # under a file
    qtbot.mouseClick(dialog.print_report, Qt.LeftButton)
    assert dialog.status.text().startswith("Cannot write")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_period_name_is_shown_whole_in_the_table_header(qtbot, app_ctx, monkeypatch,
                                                              lang):
    """At the dialog's size the six equal columns clipped the first period's name to
    "efore departure (baselin"; a column is never narrower than its name."""
    from PySide6.QtWidgets import QApplication

    from counsel_app.ui.i18n_qt import apply_interface_language

    apply_interface_language(lang)
    try:
        dialog = module.ProgrammeFiguresDialog(app_ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        header = dialog.table.horizontalHeader()
        for i in range(header.count()):
            name = dialog.table.horizontalHeaderItem(i).text()
            assert header.sectionSize(i) >= header.sectionSizeHint(i), name
        # and the columns still fill the table, none hidden past its right edge
        assert sum(header.sectionSize(i) for i in range(header.count())) <= \
            dialog.table.viewport().width()
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)


def test_figures_in_french_numbers_and_lists(qtbot, opened, monkeypatch):
    """In French the number of cases is written as French writes numbers ("1 204"), and the
    chart's text alternative puts the colon and the separators as French does."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.i18n.formatting import format_integer

    set_interface_language("fr")
    try:
        dialog = opened
        cell = module.cohorts.Cell(cases=1204, average=0.5)
        assert dialog.cell_text(cell) == f"0,50 ({format_integer(1204, 'fr')})" != "0,50 (1204)"
        dialog.grouping.setCurrentIndex(dialog.grouping.findData("country"))
        dialog.table.setCurrentCell(1, 0)
        text = dialog.chart.text_alternative()
        assert " : " in text.splitlines()[1] and "; " not in text.replace(" ; ", ""), text
        assert " ; " in text.splitlines()[1], text
    finally:
        set_interface_language("en")


def test_figures_in_arabic_lists(qtbot, opened, arabic):
    """In Arabic the periods are listed with the Arabic comma and separated with the Arabic
    semicolon, each value isolated; never the hand-written ", " or "; "."""
    from counsel_app.documents.bidi import FSI

    dialog = opened
    dialog.grouping.setCurrentIndex(dialog.grouping.findData("country"))
    dialog.table.setCurrentCell(1, 0)
    text = dialog.chart.text_alternative()
    first, second = text.splitlines()[:2]
    assert "، " in first and ", " not in first and FSI in first, text
    assert "؛ " in second and "; " not in second and FSI in second, text


def test_the_introduction_counts_the_cases_as_the_language_does(qtbot, opened, app_ctx):
    """The introduction's "(6 cases, samples left out)" is counted by ngettext: Arabic says
    3 to 10 cases in the plural (حالات) and 11 or more in the singular."""
    from PySide6.QtWidgets import QLabel

    from counsel_app.i18n import set_interface_language

    def intro(dialog):
        return next(label.text() for label in dialog.findChildren(QLabel)
                    if "Reintegration" in label.text() or "درجات" in label.text())

    assert "(6 cases, samples left out)" in intro(opened)
    set_interface_language("ar")
    dialog = module.ProgrammeFiguresDialog(app_ctx)
    qtbot.addWidget(dialog)
    assert "(6 حالات، دون الأمثلة)" in intro(dialog)
