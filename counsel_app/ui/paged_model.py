"""A read-only table model whose rows are loaded from the database a page at a time.

A subclass declares its ``columns`` (``(key, untranslated title, ...)`` tuples) and
implements :meth:`PagedTableModel._load_page`; the base class keeps the loaded rows, tells
the view when more can be fetched (``canFetchMore``/``fetchMore``, one page per call, until a
short page marks the end), starts over on :meth:`PagedTableModel.reload` (new filter or
order), and answers ``rowCount``, ``columnCount``, the column titles and read-only flags.

Qt-only on purpose: the case list imports this before the main window shows, so it must not
pull in storage or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from counsel_app.i18n import _


class PagedTableModel(QAbstractTableModel):
    """Rows come from :meth:`_load_page`, ``page_size()`` at a time, as the view scrolls."""

    #: ``(key, untranslated title, ...)`` per column; the title goes through ``_``.
    columns: ClassVar[Sequence[tuple]] = ()
    #: Flags of every valid cell (the table is read-only).
    item_flags: ClassVar[Qt.ItemFlag] = Qt.ItemIsEnabled | Qt.ItemIsSelectable
    #: True: :meth:`reload` loads the first page inside the reset (one ``modelReset``).
    #: False: the reset leaves the table empty and the first page follows as an insert.
    first_page_in_reset: ClassVar[bool] = True

    def __init__(self, parent=None, page_size: int = 200):
        super().__init__(parent)
        self._page = page_size
        self._rows: list = []
        self._more = True

    # -- for subclasses --------------------------------------------------------------------
    def _load_page(self, offset: int, limit: int) -> list:
        """At most ``limit`` rows starting at ``offset`` under the current filter and order;
        fewer than ``limit`` means there are no more."""
        raise NotImplementedError

    def _on_reload(self) -> None:
        """Called inside the reset, before the first page loads (refresh query state)."""

    def page_size(self) -> int:
        return self._page

    def row_item(self, row: int) -> Any | None:
        """The loaded row ``row``, or None outside the loaded rows."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Forget the loaded rows and load the first page again (new filter or order)."""
        self.beginResetModel()
        self._on_reload()
        self._rows = []
        self._more = True
        if self.first_page_in_reset:
            self._rows.extend(self._next_page())
        self.endResetModel()
        if not self.first_page_in_reset:
            self.fetchMore(QModelIndex())

    def _next_page(self) -> list:
        limit = self.page_size()
        page = self._load_page(len(self._rows), limit)
        self._more = len(page) >= limit
        return page

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._more:
            return
        page = self._next_page()
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # -- the table -------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if (role == Qt.DisplayRole and orientation == Qt.Horizontal
                and 0 <= section < len(self.columns)):
            return _(self.columns[section][1])
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        return self.item_flags
