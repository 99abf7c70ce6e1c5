"""The line that tells the person at the keyboard what is wrong: one label class for every
error and problem line, so that each reads in the direction of the interface.

Qt lays a label's text out in the direction of its first strong letter, not in the
widget's: in the Arabic interface, "«3 Decembre» ليس تاريخًا" (a sentence that begins with
what the user typed) was laid out left to right, the Latin text at the far left and the
sentence left-aligned. :class:`MessageLabel` puts the interface's direction mark (RLM or
LRM, no width, nothing to see) before each of its paragraphs, so a sentence reads from the
interface's side whatever it begins with. The values inserted into a sentence keep their own
order when the sentence isolates them (:func:`counsel_app.documents.bidi.isolate`, as the
date messages do).

``text()`` gives the sentence as it was set, without the marks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel

LRM, RLM = "\u200e", "\u200f"


def _marked(text: str, direction: Qt.LayoutDirection) -> str:
    if not text:
        return text
    mark = RLM if direction == Qt.RightToLeft else LRM
    return mark + text.replace("\n", "\n" + mark)


def _unmarked(text: str) -> str:
    for mark in (LRM, RLM):
        if text.startswith(mark):
            return text[1:].replace("\n" + mark, "\n")
    return text


class MessageLabel(QLabel):
    """A QLabel whose paragraphs read in the direction of the interface (the label's
    layout direction), not in that of the sentence's first letter."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(_marked(text, self.layoutDirection()))

    def text(self) -> str:
        return _unmarked(super().text())

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.LayoutDirectionChange:  # the interface's language changed
            QLabel.setText(self, _marked(self.text(), self.layoutDirection()))
        super().changeEvent(event)


__all__ = ["MessageLabel"]
