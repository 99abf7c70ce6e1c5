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
