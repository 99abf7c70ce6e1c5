"""The country library as the Information step lists it: the shared
:class:`country_info.Library`, one :class:`Shown` row per entry (the case's region first),
search hits, and one entry as HTML (text, organisation, source, date, stale and sample
marks). Plain functions, run on a worker thread; never invented country facts."""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass

from counsel_app.i18n import _
from counsel_app.i18n.names import country_name, region_name
from counsel_app.ui import theme


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
    #: the item's country when it is not the case's (a search over the whole library): it
    #: is read, never added to the topics (the handout is about the country of return)
    elsewhere: str = ""


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


def entries(country: str, lang: str, region: str = "") -> list[Shown]:
    """The country's items, the case's region's first; each says which part of the country
    it is about when some item of the country is regional."""
    from country_info import section_title

    lib = shared_library()
    c = lib.get_country(country)
    regional = bool(c.regions())
    return [Shown(e.key, e.title_in(lang).text, section_title(e.section),
                  scope=scope_label(e.regions, e.scope(region), lang, region) if regional else "")
            for e in c.by_scope(region or None)]


def search(country: str, text: str, lang: str, region: str = "") -> list[Shown]:
    """Search the whole library in any language: the case's country first (its region's
    items before the national ones), then the other countries' items on the topic."""
    from country_info import section_title

    lib = shared_library()
    hits = lib.search(text, first_country=country, prefer_lang=lang, limit=60, region=region or None)
    regional = any(h.regions for h in hits if h.country == country)
    shown = []
    for h in hits:
        if h.country != country:
            shown.append(Shown(h.key, _hit_title(lib, h, lang), section_title(h.section),
                               h.snippet_text, scope=country_name(h.country, lang), elsewhere=h.country))
        else:
            shown.append(Shown(h.key, _hit_title(lib, h, lang), section_title(h.section), h.snippet_text,
                               scope=scope_label(h.regions, h.scope, lang, region) if regional else ""))
    return shown


def _hit_title(lib, hit, lang: str) -> str:
    """A search hit's title as the list shows it: base-pack labels in ``lang``."""
    entry = lib.entry(hit.key)
    return entry.title_in(lang).text if entry is not None else hit.title


def entry_html(country: str, key: str, lang: str,
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
