"""Sign-in, right-to-left layout, undo, and the last-resort error dialog."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counsel_app.domain.case import Case, Person


def test_arabic_interface_mirrors_the_layout(qtbot, app_ctx, answers):
    from counsel_app.ui.app import apply_language
    from counsel_app.ui.main_window import MainWindow

    apply_language("ar")
    try:
        window = MainWindow(app_ctx)
        qtbot.addWidget(window)
        assert QApplication.layoutDirection() == Qt.RightToLeft
        assert window.layoutDirection() == Qt.RightToLeft
        assert window.menuBar().actions()[0].text() != "&File"  # translated
    finally:
        apply_language("en")
    assert QApplication.layoutDirection() == Qt.LeftToRight


def test_undo_in_a_text_field_is_saved_too(qtbot, app_ctx, answers):
    from counsel_app.ui.main_window import MainWindow

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.open_case(case.id)
    intake = window.wizard.widgets["intake"]
    qtbot.keyClicks(intake.reason_note, "wrong words")
    intake.reason_note.undo()
    window.wizard.flush()
    assert app_ctx.cases.get(case.id).reason_note == ""
    intake.reason_note.redo()
    window.wizard.flush()
    assert app_ctx.cases.get(case.id).reason_note == "wrong words"


def test_uncaught_exception_is_logged_and_shown_once(qtbot, answers, caplog, monkeypatch):
    from counsel_app.ui.errors_qt import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    try:
        raise KeyError("secret detail")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert len(answers.shown) == 1
    assert "secret detail" not in answers.shown[0][1]
    assert "secret detail" in caplog.text


def test_a_supervisor_sees_the_session_read_only(qtbot, app_ctx, answers):
    from counsel_app.security.accounts import add_user, sign_in
    from counsel_app.session.store import SessionStore
    from counsel_app.ui.main_window import MainWindow

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    add_user(app_ctx, "sara", "supervisor", "supervisor password 1")
    supervisor = sign_in(app_ctx.db, "sara", "supervisor password 1")
    window = MainWindow(supervisor)
    qtbot.addWidget(window)
    assert not window.case_list.new_button.isEnabled()
    assert not window.actions_by_id["file.new_case"].isEnabled()
    window.open_case(case.id)
    wizard = window.wizard
    assert wizard.findChild(type(wizard.title), "read_only_banner") is not None
    assert not wizard.stack.isEnabled()
    wizard.go_to("assessment")
    window.show_case_list()
    assert app_ctx.cases.get(case.id).status.value == "draft"  # nothing changed
    assert SessionStore(app_ctx.db, app_ctx.vault.cipher).load(
        case.id, case.reference).versions == {}
