"""Step 3, information: the country library of the return country, with search; a
"topics covered" checklist ticked as they are discussed; a handout of chosen topics.

The country library comes from ``country_info`` (bundled open-data packs and the
organisation's signed packs), the handout from ``counsel_app.documents.handout``. Library
entries the counsellor opens join the checklist as topics of their own; the handout prints
the ticked library topics in the person's language. Without a pack for the country the step
says so (never invented country facts).
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QProgressBar,
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

from counsel_app import settings
from counsel_app.errors import UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.formatting import format_time
from counsel_app.i18n.names import country_name, language_name, native_language_name, region_name
from counsel_app.session.information import GENERIC_TOPICS, PACK_PREFIX
from counsel_app.session.record import now_iso
from counsel_app.ui import theme
from counsel_app.ui import messages
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, set_text_keep_cursor
from counsel_app.ui.tasks import run_task


_library = None
_library_lock = threading.Lock()


def shared_library():
    """The country library (bundled and imported packs), made once (on a worker thread:
    it reads the pack index)."""
    global _library
    with _library_lock:
        if _library is None:
            from country_info import Library

            _library = Library()
        return _library


@dataclass(frozen=True)
class Shown:
    """One library entry as the list shows it."""

    key: str  # "<pack id>:<item id>"
    title: str
    section_title: str
    snippet: str = ""
    scope: str = ""  # "Basra" (the case's region), "national", "other region: …"; "" when none is


ROLE_KEY = Qt.UserRole + 1
SEARCH_DELAY_MS = 250


LRI, PDI = "\u2066", "\u2069"


def isolate(text: str) -> str:
    """Wrap text in a first-strong isolate so a line in another script keeps its own
    direction (English pack text in the Arabic interface, Arabic titles in English)."""
    return f"\u2068{text}\u2069" if text else text


def scope_label(regions: tuple[str, ...], scope: str, lang: str, case_region: str) -> str:
    """Which part of the country an item is about, as the list says it."""
    if scope == "national":
        return _("national")
    names = ", ".join(region_name(code, lang) for code in regions)
    if scope == "region" or not case_region:
        return names
    return _("other region: {names}").format(names=names)


def _entries(country: str, lang: str, region: str = "") -> list[Shown]:
    """The country's items, the case's region's first; each says which part of the country
    it is about when some item of the country is regional."""
    from country_info import section_title

    lib = shared_library()
    c = lib.get_country(country)
    regional = bool(c.regions())
    return [Shown(e.key, e.title_in(lang).text, section_title(e.section),
                  scope=scope_label(e.regions, e.scope(region), lang, region) if regional else "")
            for e in c.by_scope(region or None)]


def _search(country: str, text: str, lang: str, region: str = "") -> list[Shown]:
    from country_info import section_title

    lib = shared_library()
    hits = lib.search(text, countries=[country], prefer_lang=lang, limit=60, region=region or None)
    regional = any(h.regions for h in hits)
    return [Shown(h.key, _hit_title(lib, h, lang), section_title(h.section), h.snippet_text,
                  scope=scope_label(h.regions, h.scope, lang, region) if regional else "")
            for h in hits]


def _hit_title(lib, hit, lang: str) -> str:
    """A search hit's title as the list shows it: base-pack labels in ``lang``."""
    entry = lib.entry(hit.key)
    return entry.title_in(lang).text if entry is not None else hit.title


def _entry_html(country: str, key: str, lang: str,
                months: int | None = None) -> tuple[str, str]:
    """(title, HTML) of one entry: text, organisation, source, date, stale and sample marks
    (stale: older than ``months``, the centre's setting)."""
    from country_info import date_label, stale_label

    entry = shared_library().get_country(country).entry(key)
    if entry is None:
        return key, ""
    item = entry.item
    title = entry.title_in(lang).text
    text = item.text_in(lang)
    parts = []
    if entry.pack.sample:
        parts.append(f"<p style='{theme.html_style('sample_badge')}'>"
                     + html.escape(_("SAMPLE — fictional information for training")) + "</p>")
    old = stale_label(item.date, lang, months=months, country=country)
    if old:
        parts.append(f"<p style='{theme.html_style('stale')}'>"
                     + html.escape(_("May be out of date: {label}").format(label=old)) + "</p>")
    if text.fallback:
        parts.append("<p><i>" + html.escape(_("Not available in this language; shown in "
                                               "the source language.")) + "</i></p>")
    parts.append("<p>" + html.escape(text.text).replace("\n", "<br>") + "</p>")
    org = item.organisation or {}
    for field in ("address", "opening_hours", "services"):
        value = org.get(field)
        if isinstance(value, dict):
            value = value.get(lang) or value.get(item.source_language) or next(
                iter(value.values()), "")
        if value:
            parts.append("<p>" + html.escape(isolate(str(value))) + "</p>")
    for phone in org.get("phone", []) or []:
        parts.append("<p>☎ " + html.escape(LRI + phone + PDI) + "</p>")
    source = item.source
    parts.append("<p><small>" + html.escape(_("Source: {source} ({publisher}), {date}").format(
        source=isolate(source.title), publisher=isolate(source.publisher),
        date=isolate(date_label(item.date, lang, country)))) + "</small></p>")
    return title, "".join(parts)


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
        splitter.addWidget(library)

        topics = QGroupBox(_("Topics covered"))
        tl = QVBoxLayout(topics)
        self.topics = QListWidget()
        self.topics.setObjectName("topics")
        self.topics.setAccessibleName(_("Topics covered"))
        self.topics.setWordWrap(True)
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.topics.setSpacing(2)
        tl.addWidget(self.topics, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton(_("Print a handout of the ticked topics…"))
        self.print_button.setObjectName("print_handout")
        self.print_button.setAccessibleName(_("Print a handout"))
        self.handout_lang = QComboBox()
        self.handout_lang.setObjectName("handout_language")
        self.handout_lang.setAccessibleName(_("Language of the handout"))
        for code in DOCUMENT_LANGUAGES:
            self.handout_lang.addItem(f"{native_language_name(code)} "
                                      f"({language_name(code, interface_language())})", code)
        row.addWidget(self.handout_lang)
        row.addWidget(self.print_button)
        row.addStretch(1)
        tl.addLayout(row)
        self.ask_button = QPushButton(_("Questions to the office…"))
        self.ask_button.setObjectName("office_questions")
        self.ask_button.setToolTip(_("Ask the office in the country of origin what the library "
                                     "cannot answer (no personal data)."))
        tl.addWidget(self.ask_button, 0, Qt.AlignLeft)
        self.note = note_edit("information_note", _("Information note"),
                              _("Questions the person asked, what was unclear"), 3)
        tl.addWidget(self.note)
        splitter.addWidget(topics)
        splitter.setSizes([500, 500])
        page.addWidget(splitter, 1)
        self.setMinimumHeight(420)

        self._loading = False
        self.country, self.region, self.lang = "", "", interface_language()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self.topics.itemChanged.connect(self._topic_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.items.currentItemChanged.connect(self._show_item)
        self.note.textChanged.connect(self._note_changed)
        self.print_button.clicked.connect(self._print)
        self.ask_button.clicked.connect(self._questions)
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
            item.setText(title)
            self._show_covered(item, title, info.covered.get(key))
            item.setData(Qt.UserRole + 2, title)
            self.topics.addItem(item)
        set_text_keep_cursor(self.note, info.note)
        self._loading = False

    def _show_covered(self, item: QListWidgetItem, title: str, when: str | None) -> None:
        """When the topic was covered goes into the tooltip and what a screen reader says,
        not into the row's text: a ticked row never grows a line and pushes the rows below
        from under the pointer."""
        if not when:
            item.setToolTip("")
            item.setData(Qt.AccessibleTextRole, title)
            return
        try:
            at = format_time(datetime.fromisoformat(when).astimezone(), interface_language())
        except ValueError:
            at = when
        text = _("{topic} — covered at {time}").format(topic=title, time=at)
        item.setToolTip(text)
        item.setData(Qt.AccessibleTextRole, text)

    def _topic_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        info = self.services.record.information
        key = item.data(ROLE_KEY)
        info.cover(key, item.checkState() == Qt.Checked)
        self._loading = True
        self._show_covered(item, item.data(Qt.UserRole + 2), info.covered.get(key))
        self._loading = False
        self.services.changed("information")
        self._update_print()

    def _note_changed(self) -> None:
        if self._loading:
            return
        self.services.record.information.note = self.note.toPlainText()
        self.services.changed("information")

    # -- library -----------------------------------------------------------------------------
    def entered(self) -> None:
        self.country = self.services.case.return_country
        self.region = self.services.case.return_region or ""
        self.lang = interface_language()
        preferred = self.services.case.person.preferred_language
        for code in (preferred, self.lang, "en"):
            index = self.handout_lang.findData(code)
            if index >= 0:
                self.handout_lang.setCurrentIndex(index)
                break
        self.items.clear()
        self.reader.clear()
        self.search.setEnabled(bool(self.country))
        if not self.country:
            self._state(_("Choose the country of return at the intake to see its library."))
        else:
            self._state(_("Loading the library for {country}…").format(
                country=country_name(self.country, self.lang)))
            self._search_now()
        self._update_print()

    def _state(self, text: str) -> None:
        self.library_state.setText(text)
        self.library_state.setVisible(bool(text))

    def _search_now(self) -> None:
        country, lang, text = self.country, self.lang, self.search.text().strip()
        region = self.region
        if not country:
            return
        work = ((lambda: _search(country, text, lang, region)) if text
                else (lambda: _entries(country, lang, region)))
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
        for entry in found:
            label = f"{isolate(entry.section_title)} — {isolate(entry.title)}"
            if entry.scope:
                label += f"  [{isolate(entry.scope)}]"
            if entry.snippet:
                label += f"\n    {isolate(entry.snippet.strip()[:160])}"
            item = QListWidgetItem(label)
            item.setData(ROLE_KEY, entry)
            item.setData(Qt.AccessibleTextRole, f"{entry.section_title}: {entry.title}")
            self.items.addItem(item)
        if found and self.region and any(e.scope for e in found):
            self._state(_("Items about {region} first, then the national ones.").format(
                region=region_name(self.region, self.lang)))
        elif found:
            self._state("")
        elif text:
            self._state(_("Nothing found for “{text}”.").format(text=text))
        else:
            self._state(_("There is no information for {country} on this computer yet.")
                        .format(country=country_name(self.country, self.lang)))

    def _stale_months(self) -> int | None:
        """The centre's setting: information older than this many months is marked."""
        ctx = self.services.ctx
        return settings.get(ctx.db, "stale_months") if ctx is not None else None

    def _show_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        entry: Shown = item.data(ROLE_KEY)
        title, body = _entry_html(self.country, entry.key, self.lang, self._stale_months())
        self.reader.setHtml(f"<h3>{html.escape(title)}</h3>{body}")
        info = self.services.record.information
        if entry.key not in info.shown_items:
            info.show_item(entry.key, f"{entry.section_title} — {title}")
            self.services.changed("information")
            self.reload()

    # -- handout -----------------------------------------------------------------------------
    def _pack_topics(self) -> list[str]:
        info = self.services.record.information
        return [k[len(PACK_PREFIX):] for k in info.covered if k.startswith(PACK_PREFIX)]

    def _update_print(self) -> None:
        self.print_button.setEnabled(bool(self._pack_topics()) and bool(self.country))
        self.print_button.setToolTip(_(
            "Tick library topics (open an entry, then tick it when discussed) to print them."))

    def _print(self) -> None:
        keys = self._pack_topics()
        case = self.services.case
        if not keys:
            messages.info(self, _("Tick at least one library topic to print a handout."))
            return
        lang = self.handout_lang.currentData() or self.lang
        default = str(Path.home() / f"{case.reference}-handout-{lang}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the handout"), default,
                                                    _("PDF documents (*.pdf)"))
        if not path:
            return
        prefs, ctx = self.services.prefs, self.services.ctx
        centre = (settings.values(ctx.db, ["organisation_name", "stale_months"])
                  if ctx is not None else {"organisation_name": "", "stale_months": None})
        organisation, months = centre["organisation_name"], centre["stale_months"]
        logo = (prefs["organisation_logo"] or None) if prefs is not None else None
        country, reference, sample = case.return_country, case.reference, case.is_sample
        region = case.return_region
        counsellor, contact = ("", "")
        if ctx is not None:
            from counsel_app.security.accounts import printed_counsellor

            counsellor, contact = printed_counsellor(ctx.db, case.counsellor or ctx.user)

        def work():
            from counsel_app.documents.handout import country_handout

            country_handout(shared_library(), country, keys, lang, reference=reference,
                            organisation=organisation, logo=logo, is_sample=sample,
                            region=region, months=months, counsellor=counsellor,
                            counsellor_contact=contact, out=path)
            return path

        run_task(self, work, lambda p: self._printed(p, lang, keys), progress=self.busy)

    def _printed(self, path: str, lang: str, keys: list[str]) -> None:
        info = self.services.record.information
        info.handouts_printed.append({"at": now_iso(), "lang": lang, "topics": keys})
        self.services.changed("information")
        self.services.ctx.audit("print", self.services.case.reference, "handout")
        messages.info(self, _("The handout was saved as {path}.").format(path=path))

    def _questions(self) -> None:
        from counsel_app.ui.office_questions_dialog import open_office_questions

        if not self.country:
            messages.info(self, _("Choose the country of return at the intake to see its library."))
            return
        self.questions_dialog = open_office_questions(self.services.ctx, self.services.case,
                                                      shared_library(), self)

    def summary(self) -> str:
        n = len(self.services.record.information.covered)
        return _("{n} topics covered").format(n=n) if n else ""
