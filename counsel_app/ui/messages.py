"""Every message box goes through here (one place to style, log and patch in tests).

``ask()`` and ``choose()`` return the user's answer; tests replace :data:`_exec` (or the
functions) to answer without a modal loop.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from counsel_app.errors import UserError
from counsel_app.i18n import _

log = logging.getLogger(__name__)


def _exec(box: QMessageBox) -> int:
    return box.exec()


def _box(parent: QWidget | None, icon, title: str, text: str, details: str = "") -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    if details:
        box.setDetailedText(details)
    return box


def info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _exec(_box(parent, QMessageBox.Information, title or _("Counsel"), text))


def warn(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _exec(_box(parent, QMessageBox.Warning, title or _("Counsel"), text))


def error(parent: QWidget | None, text: str, details: str = "", title: str | None = None) -> None:
    _exec(_box(parent, QMessageBox.Critical, title or _("Something went wrong"), text, details))


def ask(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    box = _box(parent, QMessageBox.Question, title or _("Counsel"), text)
    box.setStandardButtons(QMessageBox.Yes | QMessageBox.No)
    box.setDefaultButton(QMessageBox.No)
    return _exec(box) == QMessageBox.Yes


def choose(parent: QWidget | None, text: str, options: list[tuple[str, str]],
           title: str | None = None, details: str = "") -> str | None:
    """Offer ``options`` (key, button label); return the chosen key (``None``: closed)."""
    box = _box(parent, QMessageBox.Question, title or _("Counsel"), text, details)
    buttons = {}
    for key, label in options:
        buttons[box.addButton(label, QMessageBox.AcceptRole)] = key
    _exec(box)
    return buttons.get(box.clickedButton())


def show_exception(parent: QWidget | None, exc: BaseException) -> None:
    """A :class:`UserError` as its sentence; anything else logged and shown as one line."""
    if isinstance(exc, UserError):
        warn(parent, str(exc))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    error(parent, _("Something went wrong. Your work up to this moment is saved. "
                    "The details are in the log."), details=details)
