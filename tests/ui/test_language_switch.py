"""The interface language changes at once from the Settings dialog, without a restart:
what was typed is saved, the menus, the case list and the open case (at the same step)
come back in the new language and direction."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from counsel_app.domain.case import Case, Person
from counsel_app.i18n import interface_language
from counsel_app.ui.i18n_qt import apply_interface_language

from .test_session_flow import _window


def _menus(window):
    return [m.title().replace("&", "") for m in window.menuBar().findChildren(QMenu)
            if m.objectName().startswith("menu_")]


def test_switching_to_arabic_keeps_the_case_open_at_its_step(qtbot, app_ctx, answers, tmp_path):
    from counsel_app.settings import Preferences
    from counsel_app.ui.settings_dialog import SettingsDialog

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.open_case(case.id)
    window.wizard.go_to("screening")
    intake_town = window.wizard.widgets["intake"].town
    qtbot.keyClicks(intake_town, "Kindia")  # typed, not yet saved
    english_menus = _menus(window)
    try:
        dialog = SettingsDialog(window.prefs, window, app_ctx)
        qtbot.addWidget(dialog)
        combo = dialog.editors["interface_language"]
        combo.setCurrentIndex(combo.findData("ar"))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
        QApplication.processEvents()
        assert interface_language() == "ar"
        assert QApplication.layoutDirection() == Qt.RightToLeft
        assert _menus(window) != english_menus and "ملف" in " ".join(_menus(window))
        assert window.wizard is not None and window.wizard.current_key() == "screening"
        assert app_ctx.cases.get(case.id).return_town == "Kindia"  # saved before the switch
        assert window.wizard.title.text().startswith(case.reference)
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)
