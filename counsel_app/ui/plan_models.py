"""Table models of the plan editor: one generic model over a list of plain dataclasses.

Each table of the plan (grant budget, referrals, contact points, follow-up visits,
community projects, goals, actions, chosen opportunities) is a :class:`RowsModel` over the
plan's own list, described by :class:`Column`\\ s. Edits go straight into the dataclasses
(the plan is plain data) and emit :attr:`RowsModel.edited`; the step saves after a short
pause. A value that cannot be read (an amount that is not a number) is refused, the cell
keeps its old value and :attr:`RowsModel.invalid` carries the reason.

Validation problems of the plan (``budget[2].item``) are shown on their cells with
:meth:`RowsModel.set_errors`: a red background and the message as tool tip.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.i18n.formatting import format_decimal
from counsel_app.ui import theme

#: the raw value of a cell (a str, Decimal, int, date, bool or choice key)
VALUE_ROLE = Qt.UserRole + 1
#: the validation message of a cell, "" when none
ERROR_ROLE = Qt.UserRole + 2

TEXT, INT, MONEY, DATE, BOOL, CHOICE = "text", "int", "money", "date", "bool", "choice"
_ERROR_BRUSH = QBrush(theme.qcolour("error_background"))


@dataclass(frozen=True)
class Column:
    key: str  # attribute of the row dataclass
    title: str  # untranslated (N_)
    kind: str = TEXT
    editable: bool = True
    #: CHOICE: key -> untranslated label; "" key allowed for "none"
    choices: tuple[tuple[Any, str], ...] = ()
    #: read-only computed value (e.g. a budget line's total)
    compute: Callable[[Any], Any] | None = None
    minimum: int | None = None
    #: turns the edited value into what the dataclass keeps (e.g. a key into an enum)
    store: Callable[[Any], Any] | None = None


def parse_amount(text: str) -> Decimal:
    """An amount typed in the interface language (``1 250,50`` in French); ValueError if not."""
    text = (text or "").strip()
    if not text:
        return Decimal("0")
    try:
        return Decimal(str(parse_decimal(text, locale=interface_language().replace("-", "_"))))
    except (NumberFormatError, ValueError, InvalidOperation):
        pass
    try:
        return Decimal(text.replace("\u202f", "").replace("\xa0", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(text) from None


def show_amount(value: Decimal) -> str:
    return format_decimal(value, interface_language(), decimal_quantization=False)


class RowsModel(QAbstractTableModel):
    """A table over ``rows`` (a list owned by the plan, edited in place)."""

    edited = Signal()
    invalid = Signal(str)

    def __init__(self, columns: list[Column], factory: Callable[[], Any],
                 rows: list | None = None, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.factory = factory
        self.rows: list = rows if rows is not None else []
        self.errors: dict[tuple[int, str], str] = {}

    # -- data in and out ----------------------------------------------------------------------
    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.errors = {}
        self.endResetModel()

    def set_errors(self, errors: dict[tuple[int, str], str]) -> None:
        """``{(row, column key): message}``; a key of ``""`` marks the whole row."""
        if errors == self.errors:
            return
        self.errors = dict(errors)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def add_row(self, row: Any = None) -> QModelIndex:
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(row if row is not None else self.factory())
        self.endInsertRows()
        self.edited.emit()
        return self.index(position, 0)

    def remove_row(self, position: int) -> bool:
        if not 0 <= position < len(self.rows):
            return False
        self.beginRemoveRows(QModelIndex(), position, position)
        del self.rows[position]
        self.endRemoveRows()
        self.errors = {}
        self.edited.emit()
        return True

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
                return _(self.columns[section].title)
            return None
        if orientation == Qt.Vertical and 0 <= section < len(self.rows) \
                and role == Qt.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        column = self.columns[index.column()]
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if column.editable and column.compute is None:
            flags |= Qt.ItemIsUserCheckable if column.kind == BOOL else Qt.ItemIsEditable
        return flags

    def _raw(self, index) -> Any:
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        return column.compute(row) if column.compute else getattr(row, column.key)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        column = self.columns[index.column()]
        value = self._raw(index)
        error = self.errors.get((index.row(), column.key)) or self.errors.get((index.row(), ""))
        if role == VALUE_ROLE:
            return value
        if role == ERROR_ROLE:
            return error or ""
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            if column.kind == BOOL:
                return (_("yes") if value else _("no")) if role == Qt.AccessibleTextRole else None
            return self._display(column, value)
        if role == Qt.EditRole:
            if column.kind == MONEY:
                return show_amount(value) if value else ""
            if column.kind == DATE:
                day = value or (_dt.date.today() + _dt.timedelta(days=30))
                return QDate(day.year, day.month, day.day)
            if column.kind == INT:
                return int(value or 0)
            if column.kind == BOOL:
                return None
            return value if value is not None else ""
        if role == Qt.CheckStateRole and column.kind == BOOL:
            return Qt.Checked if value else Qt.Unchecked
        if role == Qt.TextAlignmentRole and column.kind in (MONEY, INT):
            return int(Qt.AlignTrailing | Qt.AlignVCenter)
        if role == Qt.ToolTipRole:
            return error or None
        if role == Qt.BackgroundRole and error:
            return _ERROR_BRUSH
        return None

    def _display(self, column: Column, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column.kind == MONEY:
            return show_amount(value)
        if column.kind == DATE:
            return show_date(value, interface_language())  # never a numeric date
        if column.kind == CHOICE:
            labels = dict(column.choices)
            return _(labels[value]) if value in labels else str(value)
        return str(value)

    def setData(self, index, value, role=Qt.EditRole):  # noqa: N802
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return False
        column = self.columns[index.column()]
        if not (self.flags(index) & (Qt.ItemIsEditable | Qt.ItemIsUserCheckable)):
            return False
        if column.kind == BOOL:
            if role != Qt.CheckStateRole:
                return False
            new = Qt.CheckState(value) == Qt.Checked
        elif role != Qt.EditRole:
            return False
        else:
            try:
                new = self._parse(column, value)
            except ValueError:
                self.invalid.emit(_("“{value}” is not an amount. Type a number such as "
                                    "{example}.").format(value=value,
                                                         example=show_amount(Decimal("1250.5"))))
                return False
        if column.store is not None:
            new = column.store(new)
        row = self.rows[index.row()]
        if getattr(row, column.key) == new:
            return True
        setattr(row, column.key, new)
        last = self.index(index.row(), len(self.columns) - 1)
        self.dataChanged.emit(self.index(index.row(), 0), last)
        self.edited.emit()
        return True

    def _parse(self, column: Column, value: Any) -> Any:
        if column.kind == MONEY:
            return value if isinstance(value, Decimal) else parse_amount(str(value))
        if column.kind == INT:
            number = int(value)
            return max(number, column.minimum) if column.minimum is not None else number
        if column.kind == DATE:
            if isinstance(value, QDate):
                return _dt.date(value.year(), value.month(), value.day()) if value.isValid() \
                    else None
            if isinstance(value, _dt.date):
                return value
            return _dt.date.fromisoformat(value) if value else None
        if column.kind == CHOICE:
            keys = [k for k, _label in column.choices]
            if value not in keys:
                raise ValueError(value)
            return value
        return "" if value is None else str(value)


class IsolatingDelegate(QStyledItemDelegate):
    """Paints each cell's text as a bidi isolate (FSI…PDI), so that a French goal in the
    Arabic interface ends with its full stop, not starts with it (".Ouvrir l'atelier"), and
    an Arabic one keeps its order in the English interface. Only the painted text changes:
    the model's data stays the plain text."""

    def initStyleOption(self, option, index):  # noqa: N802
        super().initStyleOption(option, index)
        if option.text:
            from counsel_app.documents.bidi import isolate

            option.text = isolate(option.text)


class ChoiceDelegate(IsolatingDelegate):
    """A combo box for CHOICE columns (labels translated, keys stored)."""

    def __init__(self, column: Column, parent=None):
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.setAccessibleName(_(self.column.title))
        for key, label in self.column.choices:
            combo.addItem(_(label), key)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        position = editor.findData(index.data(VALUE_ROLE))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.EditRole)
