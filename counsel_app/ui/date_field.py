"""A date that can be typed: the medium form, ISO or the language's numbers, "unknown"
where a date may be unknown, and a calendar that opens near a plausible date.

The reading and the messages are :mod:`counsel_app.i18n.dates` (Qt-free, the same for the
command line); this widget lays out a line edit, a calendar button and a message line whose
height is always reserved, so nothing below moves when a message comes or goes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from counsel_app.documents.bidi import isolate
from counsel_app.errors import ValidationError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import example, parse_typed_date, qt_date_format, show_date
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel


def medium_form(edit: QDateEdit) -> QDateEdit:
    """``edit`` showing its date as every other date on screen ("Dec 15, 2026",
    "15 ديسمبر 2026"), not Qt's numeric short form ("12/15/26")."""
    edit.setDisplayFormat(qt_date_format(
        interface_language(), right_to_left=edit.layoutDirection() == Qt.RightToLeft))
    return edit


class DateField(QWidget):
    """``date()`` is the last date understood (None: no date or unknown); ``dateChanged``
    carries it whenever it changes. A text that is not a date shows one sentence under the
    field and keeps the last date understood; ``problemChanged`` carries that sentence ("":
    no problem any more).

    ``required``: an empty field is refused too (by default it is no date).
    ``message_line=False``: no line of its own under the field, for a row of filters that
    shows :meth:`error` in a line it reserves for all of them."""

    dateChanged = Signal(object)  # datetime.date | None
    problemChanged = Signal(str)

    def __init__(self, name: str, accessible_name: str, *, allow_unknown: bool = False,
                 required: bool = False, minimum: _dt.date | None = None,
                 maximum: _dt.date | None = None,
                 plausible: Callable[[], _dt.date] | None = None, message_line: bool = True,
                 parent=None):
        super().__init__(parent)
        self.setObjectName(f"{name}_field")
        self._lang = interface_language()
        self._date: _dt.date | None = None
        self._allow_unknown = allow_unknown
        self._required = required
        self._minimum, self._maximum = minimum, maximum
        self._plausible = plausible or _dt.date.today
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(accessible_name)
        hint = example(self._lang)
        if allow_unknown:
            hint = _("{example}, or leave empty if unknown").format(example=hint)
        self.edit.setPlaceholderText(hint)
        self.edit.setToolTip(hint)
        self.button = QToolButton()
        self.button.setObjectName(f"{name}_calendar")
        self.button.setText("…")
        self.button.setAccessibleName(_("Choose {what} from a calendar").format(what=accessible_name))
        self.button.setToolTip(self.button.accessibleName() + " (Alt+↓)")
        self.button.setFocusPolicy(Qt.NoFocus)  # Alt+Down from the field opens it
        self.message = MessageLabel(" ")
        self.message.setObjectName(f"{name}_error")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.style("error"))
        self.message.setAccessibleName(_("Problem"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addLayout(row)
        column.addWidget(self.message)
        # the message line keeps its height whether or not it says something
        self.message.setMinimumHeight(self.message.sizeHint().height())
        if not message_line:
            self.message.hide()
        self.edit.editingFinished.connect(self._read)
        self.button.clicked.connect(self.open_calendar)
        self.edit.installEventFilter(self)

    # -- reading ---------------------------------------------------------------------------
    def date(self) -> _dt.date | None:
        return self._date

    def error(self) -> str:
        return self.message.text().strip()

    def commit(self) -> bool:
        """Read what is typed now (a form saved with the cursor still in the field); False
        when it is not a date (the field then says why)."""
        self._read()
        return not self.error()

    def setDate(self, value: _dt.date | None) -> None:  # noqa: N802 (Qt naming)
        """Show ``value`` (as the program knows it; no signal)."""
        self._date = value
        self.edit.setText(show_date(value, self._lang))
        self._say("")

    def _read(self) -> None:
        text = self.edit.text()
        try:
            value = parse_typed_date(text, self._lang)
            if value is None and (text.strip() or self._required) and not self._allow_unknown:
                raise ValidationError(_("A date is needed here."), "date")
            if value is not None and self._maximum and value > self._maximum:
                raise ValidationError(_("“{text}” is later than {limit}.").format(
                    text=isolate(text.strip()), limit=show_date(self._maximum, self._lang)),
                    "date")
            if value is not None and self._minimum and value < self._minimum:
                raise ValidationError(_("“{text}” is earlier than {limit}.").format(
                    text=isolate(text.strip()), limit=show_date(self._minimum, self._lang)),
                    "date")
        except ValidationError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.edit.setText(show_date(value, self._lang))  # shows how it was understood
        if value != self._date:
            self._date = value
            self.dateChanged.emit(value)

    def _say(self, text: str) -> None:
        changed = text.strip() != self.error()
        self.message.setText(text or " ")
        if changed:
            self.problemChanged.emit(text)

    # -- calendar --------------------------------------------------------------------------
    def open_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget()
        calendar.setObjectName(f"{self.edit.objectName()}_calendar_grid")
        if self._minimum:
            calendar.setMinimumDate(QDate(self._minimum))
        if self._maximum:
            calendar.setMaximumDate(QDate(self._maximum))
        calendar.setSelectedDate(QDate(self._date or self._plausible()))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(day: QDate) -> None:
            menu.close()
            self.edit.setText(show_date(_dt.date(day.year(), day.month(), day.day()), self._lang))
            self._read()
            self.edit.setFocus()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        self.calendar = calendar  # for tests and screen readers
        calendar.setFocus()
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))

    def eventFilter(self, watched, event):  # noqa: N802 (Qt naming)
        from PySide6.QtCore import QEvent

        if (watched is self.edit and event.type() == QEvent.KeyPress
                and event.key() == Qt.Key_Down and event.modifiers() & Qt.AltModifier):
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)


def typed_date(field: DateField) -> _dt.date | str:
    """What ``field`` shows, to give back to a field made again in another language: the
    date when its text is one, otherwise the text itself (nothing typed is lost)."""
    try:
        value = parse_typed_date(field.edit.text(), interface_language())
    except ValidationError:
        value = None
    return value if value is not None else field.edit.text()


def retype_date(field: DateField, value: _dt.date | str) -> None:
    """Show ``value`` (from :func:`typed_date`) in ``field``: a date in this language's
    form, a text not understood as it was typed, with the field's sentence."""
    if isinstance(value, _dt.date):
        field.setDate(value)
    else:
        field.edit.setText(value)
        field.commit()


def years_ago(years: int) -> Callable[[], _dt.date]:
    """A plausible date ``years`` before today (a calendar for a date of birth opens there,
    not at January 1900)."""
    def plausible() -> _dt.date:
        today = _dt.date.today()
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)
    return plausible
