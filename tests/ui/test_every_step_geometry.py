"""Nothing moves under the pointer, on every step (issue 22 item 1): the counsellor ticks
each box and radio button of each step in turn, as in a session; after each tick no other
visible control has moved (a control that appears takes room that was kept for it, one
that goes leaves its room). The window is 1366x768."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
)

from counsel_app.domain.case import Case, Person

from .test_session_flow import _window, click

STEPS = ("intake", "screening", "information", "assessment", "opportunities", "decision",
         "consent", "plan", "departure", "handover")
INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)
PER_STEP = 40  # every box of a step, as far as a step has them


def _page(widget, window):
    """What a control's place is measured against: the page it scrolls with (a page that
    scrolls to show the focused control moves nothing on it), else the window."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent.widget()
        parent = parent.parentWidget()
    return window


def _controls(step, window):
    """Every visible control of the step with its place on its page."""
    out = {}
    for widget in step.findChildren(QAbstractButton) + step.findChildren(QComboBox) + \
            step.findChildren(QLineEdit) + step.findChildren(QPlainTextEdit):
        if widget.isVisible() and widget.objectName():
            out[(type(widget).__name__, widget.objectName())] = widget.mapTo(
                _page(widget, window), widget.rect().topLeft())
    return out


@pytest.mark.parametrize("key", STEPS)
def test_ticking_moves_no_other_control(qtbot, app_ctx, answers, key):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"),
                                     return_country="GN"))
    window = _window(qtbot, app_ctx)
    window.resize(1366, 728)
    window.open_case(case.id)
    window.wizard.go_to(key)
    step = window.wizard.widgets[key]
    QApplication.processEvents()
    boxes = [b for b in step.findChildren(QAbstractButton)
             if isinstance(b, (QCheckBox, QRadioButton)) and b.isVisible() and b.isEnabled()
             and b.objectName()][:PER_STEP]
    for box in boxes:
        if not (box.isVisible() and box.isEnabled()):
            continue
        before = _controls(step, window)
        click(qtbot, box)
        QApplication.processEvents()
        after = _controls(step, window)
        moved = sorted(name for name, where in after.items()
                       if name in before and before[name] != where)
        assert not moved, f"ticking {box.objectName()} moved {moved}"
