"""In the Arabic interface a person whose name was recorded in Arabic script is shown in it
(case list and the open case's header), the Latin spelling beside it; in the English
interface the Latin name comes first (issue 22 item 7)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counsel_app.documents.bidi import strip_controls
from counsel_app.domain.case import Case, Person
from counsel_app.i18n import interface_language, set_interface_language

from .test_session_flow import _window


def _shown(window, lang):
    window.case_list.refresh() if hasattr(window.case_list, "refresh") else None
    model = window.case_list.model
    QApplication.processEvents()
    column = [model.headerData(c, Qt.Horizontal, Qt.DisplayRole)
              for c in range(model.columnCount())]
    names = [strip_controls(str(model.data(model.index(r, 1), Qt.DisplayRole)))
             for r in range(model.rowCount())]
    return column, names


def test_names_in_the_readers_script(qtbot, app_ctx):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Karim Haddad",
                                                   name_native="كريم حداد"),
                                     return_country="IQ"))
    app_ctx.cases.create(Case(person=Person(name_latin="Olena Kovalenko",
                                            name_native="Олена Коваленко"), return_country="UA"))
    before = interface_language()
    try:
        set_interface_language("ar")
        window = _window(qtbot, app_ctx)
        _columns, names = _shown(window, "ar")
        assert "كريم حداد (Karim Haddad)" in names
        assert "Olena Kovalenko (Олена Коваленко)" in names  # Cyrillic: Latin first
        window.open_case(case.id)
        assert "كريم حداد (Karim Haddad)" in strip_controls(window.wizard.title.text())
        window.close()
        set_interface_language("en")
        window = _window(qtbot, app_ctx)
        _columns, names = _shown(window, "en")
        assert "Karim Haddad (كريم حداد)" in names
    finally:
        set_interface_language(before)
