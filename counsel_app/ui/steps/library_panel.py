"""The Information step's country library: search, the list of entries (the case's region
first) and the reader. Entries come from :mod:`counsel_app.ui.steps.library_entries` on a
worker thread; opening one tells the step (which adds it to the topics). A search covers the
whole library: the case's country first, then, under "In other countries", the other
countries' items on the topic, which are read but never join the case's topics."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTextBrowser,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.i18n.names import country_name, region_name
from counsel_app.ui import messages
from counsel_app.ui.steps.library_entries import Shown, entries, entry_html, isolate, search
from counsel_app.ui.tasks import run_task

ROLE_KEY = Qt.UserRole + 1
SEARCH_DELAY_MS = 250


class LibraryPanel(QGroupBox):
    """``on_open(entry, title)`` is called when the counsellor opens an entry;
    ``stale_months()`` gives the centre's setting for the "may be out of date" mark."""

    def __init__(self, on_open: Callable[[Shown, str], None],
                 stale_months: Callable[[], int | None], parent=None):
        super().__init__(_("Country library"), parent)
        self._on_open, self._stale_months = on_open, stale_months
        ll = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("library_search")
        self.search.setAccessibleName(_("Search the country library"))
        self.search.setPlaceholderText(_("Search (housing, health, documents…)"))
        self.search.setClearButtonEnabled(True)
        ll.addWidget(self.search)
        self.items = QListWidget()
        self.items.setObjectName("library_items")
        self.items.setAccessibleName(_("Library entries"))
        self.items.setWordWrap(True)
        self.items.setSpacing(2)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        ll.addWidget(self.items, 1)
        self.reader = QTextBrowser()
        self.reader.setObjectName("library_reader")
        self.reader.setAccessibleName(_("Library entry"))
        self.reader.setOpenExternalLinks(False)
        self.reader.setOpenLinks(False)
        ll.addWidget(self.reader, 2)
        self.busy = QProgressBar()
        self.busy.setObjectName("library_busy")
        self.busy.setAccessibleName(_("Working"))
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        ll.addWidget(self.busy)
        self.library_state = QLabel()
        self.library_state.setObjectName("library_state")
        self.library_state.setWordWrap(True)
        ll.addWidget(self.library_state)

        self.country, self.region, self.lang = "", "", ""
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.items.currentItemChanged.connect(self._show_item)

    def show_country(self, country: str, region: str, lang: str) -> None:
        """Empty the list and the reader, then list ``country``'s entries (or say why not)."""
        self.country, self.region, self.lang = country, region, lang
        self.items.clear()
        self.reader.clear()
        self.search.setEnabled(bool(country))
        if not country:
            self._state(_("Choose the country of return at the intake to see its library."))
        else:
            self._state(_("Loading the library for {country}…").format(
                country=country_name(country, lang)))
            self.search_now()

    def _state(self, text: str) -> None:
        self.library_state.setText(text)
        self.library_state.setVisible(bool(text))

    def search_now(self) -> None:
        country, lang, text = self.country, self.lang, self.search.text().strip()
        region = self.region
        if not country:
            return
        work = ((lambda: search(country, text, lang, region)) if text
                else (lambda: entries(country, lang, region)))
        run_task(self, work, lambda found, t=text: self._show_results(found, t),
                 self._library_failed, progress=self.busy)

    def _library_failed(self, exc) -> None:
        self._state(str(exc) if isinstance(exc, UserError) else _(
            "The country library could not be read; the details are in the log."))
        if not isinstance(exc, UserError):
            messages.show_exception(self, exc)

    def _show_results(self, found: list[Shown], text: str) -> None:
        if text != self.search.text().strip():
            return  # an older search finished after a newer one started
        self.items.clear()
        home = [e for e in found if not e.elsewhere]
        headed = False
        for entry in found:
            if entry.elsewhere and not headed:  # the case's country's items come first
                headed = True
                header = QListWidgetItem(_("In other countries"))
                header.setFlags(Qt.NoItemFlags)
                header.setData(Qt.AccessibleTextRole, _("In other countries"))
                self.items.addItem(header)
            label = f"{isolate(entry.section_title)} — {isolate(entry.title)}"
            if entry.scope:
                label += f"  [{isolate(entry.scope)}]"
            if entry.snippet:  # every line of it indented under the title, not only the first
                label += "".join(f"\n    {isolate(line.strip())}"
                                 for line in entry.snippet.strip()[:160].splitlines()
                                 if line.strip())
            item = QListWidgetItem(label)
            item.setData(ROLE_KEY, entry)
            item.setData(Qt.AccessibleTextRole, f"{entry.section_title}: {entry.title}")
            self.items.addItem(item)
        if found and not home:
            self._state(_("Nothing about “{text}” for {country}; these items are from other "
                          "countries.").format(text=text, country=country_name(self.country, self.lang)))
        elif found and self.region and any(e.scope and not e.elsewhere for e in found):
            self._state(_("Items about {region} first, then the national ones.").format(
                region=region_name(self.region, self.lang)))
        elif found:
            self._state("")
        elif text:
            self._state(_("Nothing found for “{text}”.").format(text=text))
        else:
            self._state(_("There is no information for {country} on this computer yet.")
                        .format(country=country_name(self.country, self.lang)))

    def _show_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        entry: Shown | None = item.data(ROLE_KEY)
        if entry is None:
            return  # the "In other countries" heading
        title, body = entry_html(entry.elsewhere or self.country, entry.key, self.lang,
                                 self._stale_months())
        if entry.elsewhere:  # read, not a topic of this case's country
            heading = f"{isolate(title)} — {isolate(country_name(entry.elsewhere, self.lang))}"
            self.reader.setHtml(f"<h3>{html.escape(heading)}</h3>{body}")
            return
        self.reader.setHtml(f"<h3>{html.escape(title)}</h3>{body}")
        self._on_open(entry, title)
