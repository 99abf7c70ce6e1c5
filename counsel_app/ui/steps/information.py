"""Step 3, information: the country library of the return country, with search; a
"topics covered" checklist ticked as they are discussed; a handout of chosen topics.

The country library and the handout come from other areas (``country_info``, documents).
They plug in through :data:`LIBRARY_PROVIDER` and :data:`HANDOUT_PRINTER`; until they do,
the step says plainly that they are not available yet (never invented country facts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from counsel_app.i18n import _, interface_language
from counsel_app.i18n.formatting import format_time
from counsel_app.i18n.names import country_name
from counsel_app.session.information import GENERIC_TOPICS
from counsel_app.ui import messages
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, set_text_keep_cursor


@dataclass(frozen=True)
class LibraryItem:
    """One entry of a country pack as the step shows it."""

    id: str
    title: str
    body_html: str  # already escaped by the provider
    source: str = ""  # source and date, shown under the text


class Library:
    """What a provider returns for one country: search over its items."""

    def search(self, text: str) -> list[LibraryItem]:  # pragma: no cover - interface
        raise NotImplementedError


#: ``provider(country_code, lang) -> Library | None``; set by the country information area.
LIBRARY_PROVIDER: Callable[[str, str], Library | None] | None = None
#: ``printer(parent, ctx, case, record, topics, lang) -> path | None``; set by documents.
HANDOUT_PRINTER: Callable | None = None

ROLE_KEY = Qt.UserRole + 1


class InformationStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Information"), _(
            "Look things up in the country library with the person, and tick each topic "
            "as you discuss it: the time is recorded."))
        QVBoxLayout(self).addWidget(area)
        splitter = QSplitter(Qt.Horizontal)
        splitter.setChildrenCollapsible(False)

        library = QGroupBox(_("Country library"))
        ll = QVBoxLayout(library)
        self.search = QLineEdit()
        self.search.setObjectName("library_search")
        self.search.setAccessibleName(_("Search the country library"))
        self.search.setPlaceholderText(_("Search (housing, health, documents…)"))
        self.search.setClearButtonEnabled(True)
        ll.addWidget(self.search)
        self.items = QListWidget()
        self.items.setObjectName("library_items")
        self.items.setAccessibleName(_("Library entries"))
        ll.addWidget(self.items, 1)
        self.reader = QTextBrowser()
        self.reader.setObjectName("library_reader")
        self.reader.setAccessibleName(_("Library entry"))
        self.reader.setOpenExternalLinks(False)
        self.reader.setOpenLinks(False)
        ll.addWidget(self.reader, 2)
        self.library_state = QLabel()
        self.library_state.setObjectName("library_state")
        self.library_state.setWordWrap(True)
        ll.addWidget(self.library_state)
        splitter.addWidget(library)

        topics = QGroupBox(_("Topics covered"))
        tl = QVBoxLayout(topics)
        self.topics = QListWidget()
        self.topics.setObjectName("topics")
        self.topics.setAccessibleName(_("Topics covered"))
        tl.addWidget(self.topics, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton(_("Print a handout of the ticked topics…"))
        self.print_button.setObjectName("print_handout")
        self.print_button.setAccessibleName(_("Print a handout"))
        row.addWidget(self.print_button)
        row.addStretch(1)
        tl.addLayout(row)
        self.note = note_edit("information_note", _("Information note"),
                              _("Questions the person asked, what was unclear"), 3)
        tl.addWidget(self.note)
        splitter.addWidget(topics)
        splitter.setSizes([500, 500])
        page.addWidget(splitter, 1)
        self.setMinimumHeight(420)

        self._library: Library | None = None
        self._loading = False
        self.topics.itemChanged.connect(self._topic_changed)
        self.search.textChanged.connect(self._search)
        self.items.currentItemChanged.connect(self._show_item)
        self.note.textChanged.connect(self._note_changed)
        self.print_button.clicked.connect(self._print)
        self.reload()

    # -- topics ------------------------------------------------------------------------------
    def reload(self) -> None:
        info = self.services.record.information
        self._loading = True
        self.topics.clear()
        keys = list(GENERIC_TOPICS) + [k for k in info.pack_titles if k not in GENERIC_TOPICS]
        for key in keys:
            title = _(GENERIC_TOPICS[key]) if key in GENERIC_TOPICS else info.pack_titles[key]
            item = QListWidgetItem()
            item.setData(ROLE_KEY, key)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            item.setCheckState(Qt.Checked if key in info.covered else Qt.Unchecked)
            item.setText(self._topic_text(title, info.covered.get(key)))
            item.setData(Qt.AccessibleTextRole, title)
            item.setData(Qt.UserRole + 2, title)
            self.topics.addItem(item)
        set_text_keep_cursor(self.note, info.note)
        self._loading = False

    def _topic_text(self, title: str, when: str | None) -> str:
        if not when:
            return title
        try:
            at = format_time(datetime.fromisoformat(when).astimezone(), interface_language())
        except ValueError:
            at = when
        return _("{topic} — covered at {time}").format(topic=title, time=at)

    def _topic_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        info = self.services.record.information
        key = item.data(ROLE_KEY)
        info.cover(key, item.checkState() == Qt.Checked)
        self._loading = True
        item.setText(self._topic_text(item.data(Qt.UserRole + 2), info.covered.get(key)))
        self._loading = False
        self.services.changed("information")

    def _note_changed(self) -> None:
        if self._loading:
            return
        self.services.record.information.note = self.note.toPlainText()
        self.services.changed("information")

    # -- library -----------------------------------------------------------------------------
    def entered(self) -> None:
        country = self.services.case.return_country
        lang = interface_language()
        self._library = None
        self.items.clear()
        self.reader.clear()
        if not country:
            self._state(_("Choose the country of return at the intake to see its library."))
        elif LIBRARY_PROVIDER is None:
            self._state(_("The country library is not available in this version yet. "
                          "Use the topics list to record what you discussed."))
        else:
            self._library = LIBRARY_PROVIDER(country, lang)
            if self._library is None:
                self._state(_("There is no country pack for {country} on this computer.")
                            .format(country=country_name(country, lang)))
            else:
                self._state("")
                self._search(self.search.text())
        self.search.setEnabled(self._library is not None)
        self.print_button.setEnabled(HANDOUT_PRINTER is not None)
        self.print_button.setToolTip("" if HANDOUT_PRINTER else _(
            "Printing handouts is not available in this version yet."))

    def _state(self, text: str) -> None:
        self.library_state.setText(text)
        self.library_state.setVisible(bool(text))

    def _search(self, text: str) -> None:
        if self._library is None:
            return
        self.items.clear()
        for entry in self._library.search(text):
            item = QListWidgetItem(entry.title)
            item.setData(ROLE_KEY, entry)
            self.items.addItem(item)

    def _show_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        entry: LibraryItem = item.data(ROLE_KEY)
        source = f"<p><small>{entry.source}</small></p>" if entry.source else ""
        self.reader.setHtml(f"<h3>{entry.title}</h3>{entry.body_html}{source}")
        info = self.services.record.information
        first_time = entry.id not in info.shown_items
        info.show_item(entry.id, entry.title)
        if first_time:
            self.services.changed("information")
            self.reload()

    def _print(self) -> None:
        info = self.services.record.information
        topics = [k for k in info.covered]
        if not topics:
            messages.info(self, _("Tick at least one topic to print a handout."))
            return
        if HANDOUT_PRINTER is None:
            return
        HANDOUT_PRINTER(self, self.services.ctx, self.services.case, self.services.record,
                        topics, self.services.case.person.preferred_language or "en")

    def summary(self) -> str:
        n = len(self.services.record.information.covered)
        return _("{n} topics covered").format(n=n) if n else ""
