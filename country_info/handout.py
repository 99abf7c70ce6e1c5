"""Chosen topics as plain data, for the information step and the printed handout.

    from country_info import Library, handout_topics
    topics = handout_topics(Library(), "GN", ["base-gn:factbook.unemployment", ...], "fr")

Each :class:`HandoutTopic` carries the text in the reader's language when the pack has it,
else in the source language with ``fallback=True`` and a ready-made ``language_note``
("Available in English only; not translated."), plus source, date, staleness and sample/verified flags.
Labels are translated with the *documents* catalog (``document_translator(lang)``).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass

from country_info.errors import PackError
from country_info.i18n import D_, document_translator, is_rtl, value_list
from country_info.model import SECTIONS, pick
from country_info.staleness import DEFAULT_MAX_AGE_MONTHS, date_label, is_stale, stale_label

#: Section titles for documents (translated with ``document_translator(lang)``).
SECTION_TITLES_DOC: dict[str, str] = {
    "general": D_("General information"),
    "documents": D_("Documents and civil registration"),
    "safety": D_("Safety and security"),
    "health": D_("Health"),
    "education": D_("Education"),
    "housing": D_("Housing and living conditions"),
    "labour": D_("Labour market"),
    "cost_of_living": D_("Cost of living"),
    "social_protection": D_("Social protection"),
    "services": D_("Reception and reintegration services"),
    "contacts": D_("Useful contacts"),
}


def language_name(code: str, in_lang: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(in_lang)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return locale.languages.get(code.split("_")[0], code)


@dataclass(frozen=True)
class HandoutOrganisation:
    name: str
    address: str | None
    phone: tuple[str, ...]
    email: tuple[str, ...]
    website: str | None
    opening_hours: str | None
    services: str | None


@dataclass(frozen=True)
class HandoutTopic:
    key: str                    # "<pack id>:<item id>", stable across sessions
    country: str                # ISO 3166-1 alpha-2
    section: str                # one of SECTIONS
    section_title: str          # in the reader's language
    title: str
    text: str
    lang: str                   # language the text is actually in
    fallback: bool              # True: not in the reader's language
    language_note: str | None   # "Available in English only; not translated." (reader's language), when fallback
    rtl: bool                   # the text's script runs right to left
    source_title: str
    source_publisher: str
    source_link: str | None
    source_published: str | None
    source_line: str            # "The World Factbook, Central Intelligence Agency (CIA), 22 January 2026"
    licence: str
    date: str                   # YYYY / YYYY-MM / YYYY-MM-DD
    date_label: str             # "March 2025" in the reader's language
    stale: bool
    stale_label: str | None     # "information from March 2025" in the reader's language, when stale
    sample: bool                # from a sample pack: print it as SAMPLE
    verified: bool              # False: loaded unsigned in developer mode: print "unverified"
    publisher: str
    organisation: HandoutOrganisation | None
    #: the title and labels are translations this project made, not yet reviewed (drafts)
    label_draft: bool = False
    #: ISO 3166-2 regions the item is about; empty: national
    regions: tuple[str, ...] = ()
    #: "region", "national" or "elsewhere" for the region the handout was made for
    scope: str = "national"
    #: the item's own date for checking it again (YYYY, YYYY-MM or YYYY-MM-DD), if any
    review: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


#: said of a text shown in another language than the reader's (never machine-translated)
ONLY_IN = D_("Available in {language} only; not translated.")


def _source_line(parts, lang: str) -> str:
    """Title, publisher and date of a source as one line, a list in ``lang``
    (:func:`country_info.i18n.value_list`): in Arabic each part an isolate, joined by the
    Arabic comma, the line right-to-left, so an English title never pulls the date and the
    commas into its own left-to-right order ("المصدر: ‹title›، ‹publisher›، ٢٢ كانون الثاني ٢٠٢٦")."""
    return value_list(parts, lang)


def topic_of(entry, lang: str, *, today: _dt.date | None = None, months: int | None = None,
             region: str | None = None) -> HandoutTopic:
    t = document_translator(lang)
    item, pack = entry.item, entry.pack
    text = item.text_in(lang)
    title = entry.title_in(lang)
    fallback = text.fallback
    note = None
    if fallback:
        note = t.gettext(ONLY_IN).format(language=language_name(text.lang, lang))
    src = item.source
    published = date_label(src.published, lang, pack.country) if src.published else None
    source_line = _source_line((src.title, src.publisher, published), lang)
    org = None
    if item.organisation:
        o = item.organisation

        def loc(key):
            found = pick(o.get(key) or {}, lang, item.source_language)
            return found.text if found else None

        org = HandoutOrganisation(loc("name") or "", loc("address"), tuple(o.get("phone", ())),
                                  tuple(o.get("email", ())), o.get("website"), loc("opening_hours"),
                                  loc("services"))
    months = months or DEFAULT_MAX_AGE_MONTHS
    return HandoutTopic(
        key=entry.key, country=pack.country, section=item.section,
        section_title=t.gettext(SECTION_TITLES_DOC[item.section]),
        title=title.text, text=text.text, lang=text.lang, fallback=fallback, language_note=note,
        rtl=is_rtl(text.lang), source_title=src.title, source_publisher=src.publisher,
        source_link=src.link, source_published=src.published, source_line=source_line,
        licence=item.licence, date=item.date, date_label=date_label(item.date, lang, pack.country),
        stale=is_stale(item.date, today=today, months=months),
        stale_label=stale_label(item.date, lang, today=today, months=months, country=pack.country),
        sample=pack.sample, verified=pack.verified, publisher=pack.publisher_name, organisation=org,
        label_draft=(title.lang in item.drafts and not title.fallback) or (text.lang in item.drafts and not fallback),
        regions=item.regions, scope=entry.scope(region), review=item.review,
    )


def handout_topics(library, country: str, keys: list[str], lang: str, *,
                   today: _dt.date | None = None, months: int | None = None,
                   region: str | None = None) -> list[HandoutTopic]:
    """The chosen items of ``country`` as plain topics in ``lang``, in section order.

    ``keys`` are :attr:`Entry.key` values (as given by ``Library.get_country(...).entries``
    or by search hits). An unknown key raises :class:`PackError` naming it.
    """
    view = library.get_country(country)
    by_key = {e.key: e for e in view.entries}
    missing = [k for k in keys if k not in by_key]
    if missing:
        from country_info.i18n import _

        raise PackError(_("no item “{key}” in the information for {country}.").format(
            key=missing[0], country=country))
    order = {name: i for i, name in enumerate(SECTIONS)}
    scope_order = {"region": 0, "national": 1, "elsewhere": 2}
    position = {e.key: i for i, e in enumerate(view.entries)}
    chosen = sorted(dict.fromkeys(keys), key=lambda k: (
        order[by_key[k].section], scope_order[by_key[k].scope(region)] if region else 0, position[k]))
    return [topic_of(by_key[k], lang, today=today, months=months, region=region) for k in chosen]


@dataclass(frozen=True)
class OutlineItem:
    """One line of the topics checklist."""

    key: str
    title: str
    title_fallback: bool        # the title is not in the reader's language
    has_text_in_lang: bool      # False: the text will show in its source language
    source_language: str
    date: str
    date_label: str
    stale: bool
    stale_label: str | None
    sample: bool
    verified: bool
    publisher: str
    regions: tuple[str, ...] = ()
    scope: str = "national"       # "region", "national" or "elsewhere"
    label_draft: bool = False


@dataclass(frozen=True)
class OutlineSection:
    section: str
    title: str                  # in the reader's language (documents catalog)
    items: tuple[OutlineItem, ...]


def topic_outline(library, country: str, lang: str, *, today: _dt.date | None = None,
                  months: int | None = None, include_empty: bool = True,
                  region: str | None = None) -> list[OutlineSection]:
    """Every section of ``country`` with its items, for a checklist of topics to print."""
    t = document_translator(lang)
    view = library.get_country(country)
    months = months or DEFAULT_MAX_AGE_MONTHS
    out = []
    for section in SECTIONS:
        items = []
        for entry in view.section(section, region):
            title = entry.title_in(lang)
            text = entry.item.text_in(lang)
            items.append(OutlineItem(
                key=entry.key, title=title.text, title_fallback=title.fallback,
                has_text_in_lang=not text.fallback, source_language=entry.item.source_language,
                date=entry.item.date, date_label=date_label(entry.item.date, lang, country),
                stale=is_stale(entry.item.date, today=today, months=months),
                stale_label=stale_label(entry.item.date, lang, today=today, months=months,
                                        country=country),
                sample=entry.pack.sample, verified=entry.pack.verified, publisher=entry.pack.publisher_name,
                regions=entry.item.regions, scope=entry.scope(region),
                label_draft=title.lang in entry.item.drafts and not title.fallback))
        if items or include_empty:
            out.append(OutlineSection(section, t.gettext(SECTION_TITLES_DOC[section]), tuple(items)))
    return out


def resolve_topics(library, country: str, specs: list[str], *, region: str | None = None) -> list[str]:
    """Item keys of ``country`` for topic names as a user types them on a command line.

    Each spec is an item key (``base-iq:factbook.unemployment``), an item id without its
    pack (``factbook.unemployment``), a section name (``health``: every item of it) or
    ``all``. Commas separate several in one spec. An unknown one raises :class:`PackError`
    naming it. Keys come back in the order the handout prints them (section order, the
    region's items first).
    """
    from country_info.i18n import _

    view = library.get_country(country)
    by_key = {e.key: e for e in view.entries}
    by_id: dict[str, list[str]] = {}
    for e in view.entries:
        by_id.setdefault(e.item.id, []).append(e.key)
    keys: list[str] = []
    names = [part.strip() for spec in specs for part in spec.split(",") if part.strip()]
    if not names:
        raise PackError(_("no topics were named; give item keys, section names or “all”."))
    for name in names:
        if name.lower() == "all":
            keys += list(by_key)
        elif name.lower() in SECTIONS:
            keys += [e.key for e in view.section(name.lower(), region)]
        elif name in by_key:
            keys.append(name)
        elif name in by_id:
            keys += by_id[name]
        else:
            raise PackError(_("no topic “{name}” in the information for {country} (use an item "
                              "key as “packs show --keys” lists them, a section name or “all”).")
                            .format(name=name, country=country))
    return list(dict.fromkeys(keys))
