"""The case list opens newest change first, says so in its header, reads its first page
from the database once, and sorts by a column when its header is clicked."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from counsel_app.domain.case import Case, Person


def test_the_list_opens_newest_first_with_one_read_and_sorts_on_a_click(qtbot, app_ctx,
                                                                        monkeypatch):
    from counsel_app.ui.case_list_model import COLUMNS
    from counsel_app.ui.main_window import MainWindow

    for name in ("Awa Ndiaye", "Karim Haddad", "Fatou Diallo"):
        app_ctx.cases.create(Case(person=Person(name_latin=name), return_country="GN"))
    pages = []
    listing = app_ctx.cases.list
    monkeypatch.setattr(app_ctx.cases, "list", lambda **kw: pages.append(kw) or listing(**kw))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    table, model = window.case_list.table, window.case_list.model
    header = table.horizontalHeader()
    updated = [key for key, _title, _sort in COLUMNS].index("updated")
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        updated, Qt.DescendingOrder)
    assert len(pages) == 1  # the first page, read once
    references = [model.summary(row).reference for row in range(model.rowCount())]
    assert references == sorted(references, reverse=True)  # made one after the other
    reference = [key for key, _title, _sort in COLUMNS].index("reference")
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(
        header.sectionViewportPosition(reference) + 5, header.height() // 2))
    assert header.sortIndicatorSection() == reference
    shown = [model.summary(row).reference for row in range(model.rowCount())]
    assert shown == sorted(shown, reverse=header.sortIndicatorOrder() == Qt.DescendingOrder)
    assert pages[-1]["order_by"] == "reference"
