"""The case list: a lazy table model over the case repository's pages.

Filtering and sorting happen in the database (names are encrypted, so sorting by name is
not offered; the search matches name prefixes through the blind index, references, and
country names in the interface language). Rows arrive a page at a time as the view
scrolls (``canFetchMore``/``fetchMore``, see :mod:`counsel_app.ui.paged_model`), so
100,000 cases cost one page of memory. Storage is imported on first use only: this module
loads before the main window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from counsel_app.domain.enums import CaseStatus
from counsel_app.i18n import N_, _, interface_language
from counsel_app.i18n.dates import show_datetime
from counsel_app.i18n.names import country_codes, country_name
from counsel_app.ui import theme
from counsel_app.ui.paged_model import PagedTableModel

if TYPE_CHECKING:
    from counsel_app.storage.cases import CaseSummary

PAGE = 200

CaseIdRole = Qt.UserRole + 1
SummaryRole = Qt.UserRole + 2
IsSampleRole = Qt.UserRole + 3

#: (key, untranslated title, server-side sort column or None)
COLUMNS: list[tuple[str, str, str | None]] = [
    ("reference", N_("Reference"), "reference"),
    ("name", N_("Name"), None),
    ("sample", N_("Sample"), None),
    ("status", N_("Status"), "status"),
    ("country", N_("Country of return"), "return_country"),
    ("updated", N_("Last change"), "updated_at"),
]


@lru_cache(maxsize=8)
def _country_index(lang: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    from counsel_app.storage.crypto import normalise_words

    return tuple((tuple(normalise_words(country_name(code, lang))), code)
                 for code in sorted(country_codes()))


def countries_matching(text: str, lang: str | None = None) -> list[str]:
    """Codes of countries whose name (in ``lang``) has words starting with every query word."""
    from counsel_app.storage.crypto import normalise_words

    words = normalise_words(text)
    if not words or len("".join(words)) < 2:
        return []
    out = []
    for name_words, code in _country_index(lang or interface_language()):
        if all(any(n.startswith(w) for n in name_words) for w in words):
            out.append(code)
    if len(words) == 1 and words[0].upper() in country_codes() and len(words[0]) == 2:
        out.append(words[0].upper())
    return out


@dataclass
class CaseFilter:
    text: str = ""
    status: CaseStatus | None = None
    order_by: str = "updated_at"
    descending: bool = True


Fetcher = Callable[..., list["CaseSummary"]]


class CaseListModel(PagedTableModel):
    """Rows are :class:`CaseSummary`; ``fetch(**kwargs)`` is ``CaseRepository.list``."""

    columns = COLUMNS
    item_flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren

    def __init__(self, fetch: Fetcher, parent=None, page_size: int = PAGE):
        super().__init__(parent, page_size=page_size)
        self._fetch = fetch
        self.filter = CaseFilter()
        self._lang = interface_language()
        self._countries: list[str] = []  # countries whose name matches the filter text
        self._shown: dict[int, tuple[str, ...]] = {}  # row -> its cells' texts

    # -- filtering and sorting (server-side) ------------------------------------------
    def set_filter(self, text: str | None = None, status: CaseStatus | None | str = "",
                   ) -> None:
        if text is not None:
            self.filter.text = text
        if status != "":
            self.filter.status = status  # type: ignore[assignment]
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][2] is None:
            return
        self.filter.order_by = COLUMNS[column][2]
        self.filter.descending = order == Qt.DescendingOrder
        self.reload()

    def _on_reload(self) -> None:
        self._lang = interface_language()
        self._shown.clear()
        # once per filter, not per page and count
        self._countries = countries_matching(self.filter.text, self._lang)

    def query_kwargs(self) -> dict:
        f = self.filter
        return dict(text=f.text, status=f.status, order_by=f.order_by, descending=f.descending,
                    text_countries=self._countries)

    def _load_page(self, offset: int, limit: int) -> list[CaseSummary]:
        return self._fetch(offset=offset, limit=limit, **self.query_kwargs())

    # -- the table --------------------------------------------------------------------
    def summary(self, row: int) -> CaseSummary | None:
        return self.row_item(row)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 1:
            return _("Names are encrypted: the list cannot be sorted by name.")
        if orientation == Qt.Vertical and role == Qt.DisplayRole:
            return section + 1
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole):
        # Qt asks for every role of every visible cell, and again at each repaint (735
        # calls before the first page shows): the row's texts are made once, and roles are
        # compared as the plain numbers Qt passes
        s = self.row_item(index.row())
        column = index.column()
        if s is None or not 0 <= column < len(COLUMNS) or not index.isValid():
            return None
        if role == _DISPLAY or role == _ACCESSIBLE_TEXT:
            return self._texts(index.row(), s)[column]
        if role == _CASE_ID:
            return s.id
        if column != _SAMPLE_COLUMN or not s.is_sample:
            return s if role == _SUMMARY else (s.is_sample if role == _IS_SAMPLE else None)
        if role == _TOOLTIP:
            return _("Fictional sample case for training; not a real person.")
        if role == _BACKGROUND:
            return QBrush(theme.qcolour("sample_background"))
        if role == _FOREGROUND:
            return QBrush(theme.qcolour("sample_text"))
        if role == _FONT:
            font = QFont()
            font.setBold(True)
            return font
        if role == _ALIGNMENT:
            return int(Qt.AlignCenter)
        return s if role == _SUMMARY else (s.is_sample if role == _IS_SAMPLE else None)

    def _texts(self, row: int, s: CaseSummary) -> tuple[str, ...]:
        """The row's cells as shown, one per column (made on first sight, kept until the
        next reload: a new filter, order or interface language)."""
        texts = self._shown.get(row)
        if texts is None:
            from counsel_app.documents.people import name_text

            status = _(s.status.label)
            texts = (
                s.reference,
                name_text(s.name, s.native, self._lang),  # their own spelling for its readers
                _("SAMPLE") if s.is_sample else "",
                f"{status}: {_(s.decision.label)}" if s.decision else status,
                country_name(s.return_country, self._lang) if s.return_country else "",
                show_datetime(s.updated_at.astimezone(), self._lang),
            )
            self._shown[row] = texts
        return texts


#: roles as the numbers Qt passes (an enum member's lookup on every call cost more than
#: the answer)
_DISPLAY, _ACCESSIBLE_TEXT = int(Qt.DisplayRole), int(Qt.AccessibleTextRole)
_TOOLTIP, _FONT, _ALIGNMENT = int(Qt.ToolTipRole), int(Qt.FontRole), int(Qt.TextAlignmentRole)
_BACKGROUND, _FOREGROUND = int(Qt.BackgroundRole), int(Qt.ForegroundRole)
_CASE_ID, _SUMMARY, _IS_SAMPLE = int(CaseIdRole), int(SummaryRole), int(IsSampleRole)
_SAMPLE_COLUMN = [key for key, _title, _sort in COLUMNS].index("sample")
