"""Switching the interface language at run time (pytest-qt): our strings, Qt's own strings,
the layout direction and the pseudo-locale."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget  # noqa: E402

from counsel_app.i18n import _, interface_language  # noqa: E402
from counsel_app.ui import i18n_qt  # noqa: E402


class Small(QWidget):
    """A widget as a screen would write one: its texts set in retranslate_ui."""

    def __init__(self):
        super().__init__()
        self.label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.buttons)
        self.language_events = 0
        i18n_qt.retranslate_on_change(self)

    def retranslate_ui(self):
        self.label.setText(_("Interrupted."))

    def changeEvent(self, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.language_events += 1
        super().changeEvent(event)

    def cancel_text(self) -> str:
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel).text()


@pytest.fixture
def restore_english(qapp):
    yield
    i18n_qt.apply_interface_language("en")


def test_qt_ships_qtbase_translations_for_our_interface_languages(qapp):
    available = i18n_qt.available_qt_languages()
    assert {"fr", "es", "ar"} <= set(available), i18n_qt.qt_translations_dir()


def test_switching_language_at_run_time_retranslates_and_mirrors(qtbot, restore_english):
    widget = Small()
    qtbot.addWidget(widget)
    widget.show()
    assert widget.label.text() == "Interrupted."
    assert widget.cancel_text().replace("&", "") == "Cancel"
    assert widget.layoutDirection() == Qt.LayoutDirection.LeftToRight

    with qtbot.waitSignal(i18n_qt.language_switcher().language_changed, timeout=2000) as sig:
        i18n_qt.apply_interface_language("fr")
    assert sig.args == ["fr"] and interface_language() == "fr"
    assert widget.label.text() == "Interrompu."
    # Qt's own strings come from qtbase_fr.qm; QDialogButtonBox retranslates on LanguageChange
    qtbot.waitUntil(lambda: widget.cancel_text().replace("&", "") == "Annuler", timeout=2000)
    assert widget.language_events >= 1

    i18n_qt.apply_interface_language("ar")
    assert widget.label.text() == "تمّت المقاطعة."
    assert widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(lambda: widget.cancel_text().replace("&", "") != "Annuler", timeout=2000)
    assert widget.cancel_text().replace("&", "") not in ("Cancel", "Annuler")
    # the label sits on the right in a mirrored layout
    assert widget.label.mapTo(widget, widget.label.rect().topRight()).x() > widget.width() // 2

    i18n_qt.apply_interface_language("en")
    assert widget.label.text() == "Interrupted."
    assert widget.layoutDirection() == Qt.LayoutDirection.LeftToRight
    qtbot.waitUntil(lambda: widget.cancel_text().replace("&", "") == "Cancel", timeout=2000)


def test_pseudo_locale_stretches_and_mirrors_the_widget(qtbot, restore_english):
    widget = Small()
    qtbot.addWidget(widget)
    i18n_qt.apply_interface_language("x_pseudo")
    assert widget.label.text().startswith("[Îñţéŕŕûþţéđ.")
    assert len(widget.label.text()) >= 1.4 * len("Interrupted.")
    assert widget.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_an_unknown_language_is_refused_and_nothing_changes(qtbot, restore_english):
    i18n_qt.apply_interface_language("fr")
    with pytest.raises(ValueError):
        i18n_qt.apply_interface_language("de")
    assert interface_language() == "fr"


def test_a_destroyed_widget_is_no_longer_retranslated(qtbot, restore_english):
    calls = []
    widget = QWidget()
    i18n_qt.retranslate_on_change(widget, lambda: calls.append(interface_language()))
    widget.deleteLater()
    qtbot.wait(10)
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    i18n_qt.apply_interface_language("es")
    assert calls == ["en"]


def test_a_date_box_put_in_a_window_after_a_switch_shows_the_new_language(
        qtbot, restore_english):
    """A window kept the locale it was made with and gave it to every widget put in it
    later: after English -> Arabic, a date box made again in the window said "Dec"."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit, QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    i18n_qt.apply_interface_language("ar")
    edit = QDateEdit(QDate(2026, 12, 6))
    edit.setDisplayFormat("d MMMM yyyy")
    window.setCentralWidget(edit)
    assert "ديسمبر" in edit.text() and "December" not in edit.text()
    i18n_qt.apply_interface_language("fr")
    assert "décembre" in edit.text()  # one already there follows too
