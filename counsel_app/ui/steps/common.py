"""Small widgets the steps share: titled pages, accessible fields, country and language
combos, a plain-text note with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counsel_app.i18n import _, interface_language
from counsel_app.i18n.names import countries, language_name
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel

#: Languages offered for the person and the interpreter (DOMAIN.md's list and a few more).
PERSON_LANGUAGES = (
    "en", "fr", "es", "pt", "ar", "fa_AF", "fa", "ps", "ur", "bn", "ru", "uk", "ka", "hy",
    "am", "ti", "so", "ckb", "ku", "sq", "tr", "ha", "ff", "wo", "bm", "yo", "ig", "sw",
    "ln", "zh", "hi", "pa", "ta", "ro",
)


def heading_label(title: str) -> QLabel:
    """A step's title: larger, bold, object name ``step_heading``."""
    heading = QLabel(title)
    heading.setObjectName("step_heading")
    heading.setAccessibleName(title)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    heading.setFont(font)
    return heading


def scroll_page(title: str, intro: str = "") -> tuple[QScrollArea, QVBoxLayout]:
    """A scrollable page with a heading; returns (scroll area, content layout)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    # the scroll bar's room is always kept: a page that grows past the fold by one message
    # line would otherwise narrow by the bar's width and shift every control sideways
    area.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    layout.addWidget(heading_label(title))
    if intro:
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
    area.setWidget(inner)
    return area, layout


def note_edit(name: str, accessible: str, placeholder: str = "", lines: int = 3
              ) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setUndoRedoEnabled(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def country_combo(name: str, accessible: str, empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.addItem(empty or _("— not stated —"), "")
    for code, country in countries(interface_language()):
        combo.addItem(country, code)
    combo.setMaxVisibleItems(20)
    compact(combo)
    return combo


def language_combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.addItem(_("— not stated —"), "")
    lang = interface_language()
    for code in sorted(PERSON_LANGUAGES, key=lambda c: language_name(c, lang).casefold()):
        combo.addItem(language_name(code, lang), code)
    compact(combo)
    return combo


def compact(combo: QComboBox, chars: int = 14) -> None:
    """Do not let the longest entry decide the form's width."""
    combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)


def select_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    if index < 0 and value:
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def error_label(name: str) -> QLabel:
    """A message line under a field. Its line is reserved while it says nothing (hidden,
    but keeping its size): a message coming or going never moves the controls below."""
    label = MessageLabel()  # reads in the interface's direction, whatever it begins with
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(theme.style("error"))
    label.setAccessibleName(_("Problem"))
    label.setMinimumHeight(label.fontMetrics().lineSpacing())
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setVisible(False)
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def set_text_keep_cursor(edit, text: str) -> None:
    current = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
    if current != text:
        edit.blockSignals(True)
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(text)
        else:
            edit.setText(text)
        edit.blockSignals(False)


ALIGN_TOP = Qt.AlignTop
