"""Typing as a keyboard of the interface's language does: QTest types ASCII only (anything
else aborts the test run), an Arabic layout sends key events that carry Arabic text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def type_text(qtbot, widget, text: str) -> None:
    """Key presses into ``widget``, one a character."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, char))


def type_date(qtbot, field, text: str) -> None:
    """Type over a :class:`counsel_app.ui.date_field.DateField` and leave it with Tab, as
    a counsellor does (its window must be active for the field to have the keyboard)."""
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key_Backspace)
    type_text(qtbot, field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key_Tab)
