"""Leaving the consent step with answers marked but not recorded asks first (issue 22): the
counsellor who says no stays on the step with the answers; yes moves on."""

from __future__ import annotations

from PySide6.QtWidgets import QRadioButton

from counsel_app.domain.case import Case, Person
from counsel_app.ui import messages

from .test_session_flow import _window, click


def test_leaving_with_unrecorded_answers_asks(qtbot, app_ctx, answers, monkeypatch):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"),
                                     return_country="GN"))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    wizard = window.wizard
    wizard.go_to("consent")
    step = wizard.widgets["consent"]
    wizard.go_to("plan")  # nothing marked: no question
    assert wizard.stack.currentWidget() is wizard.widgets["plan"]
    wizard.go_to("consent")
    click(qtbot, step.findChild(QRadioButton, "consent_return_decision_yes"))
    asked = []
    monkeypatch.setattr(messages, "ask", lambda parent, text, title=None:
                        asked.append(text) or False)
    wizard.go_to("plan")
    assert asked and "not recorded yet" in asked[0]
    assert wizard.stack.currentWidget() is step
    assert wizard.step_list.currentRow() == [s.key for s in wizard.specs].index("consent")
    assert step.findChild(QRadioButton,
                          "consent_return_decision_yes").isChecked()
    monkeypatch.setattr(messages, "ask", lambda parent, text, title=None: True)
    wizard.go_to("plan")
    assert wizard.stack.currentWidget() is wizard.widgets["plan"]


def test_steps_change_by_keyboard_from_any_field(qtbot, app_ctx, answers):
    """Ctrl+Page Down and Ctrl+Page Up (Session > Next step, Previous step) move between
    steps wherever the focus is."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"),
                                     return_country="GN"))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    wizard = window.wizard
    keys = [s.key for s in wizard.specs]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    name = wizard.widgets["intake"].findChild(QLineEdit, "name_latin")
    name.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(name, Qt.Key_PageDown, Qt.ControlModifier)
    assert wizard.step_list.currentRow() == keys.index("screening")
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key_PageDown, Qt.ControlModifier)
    assert wizard.step_list.currentRow() == keys.index("information")
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key_PageUp, Qt.ControlModifier)
    assert wizard.step_list.currentRow() == keys.index("screening")
