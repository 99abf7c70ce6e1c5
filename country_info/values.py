"""Figures of the World Factbook as structured values, written out for any locale.

The Factbook gives its figures as English lines: ``total: 22.7 years (2025 est.)``,
``5.2% of GDP (2021)``, ``improved: urban: 99.8% of population (2022 est.)``. When every
line of a field has one of the shapes below, :func:`parse` turns it into structured values
(labels, a number with its kind and unit, the period), and :func:`render` writes them for a
reader: numbers, percentages, money and years by Babel (CLDR) for the locale, with its
digits; labels and units from a fixed list of document strings (``D_``) that the project
translated, which are therefore drafts until a native speaker reviews them.

Nothing is guessed: a line that does not match exactly, a label that is not in the list,
or a label not yet translated into the reader's language leaves the whole field in English
(:func:`render` returns None). Notes are prose and stay in English, introduced by a
translated "Note (in English only)". No fact is ever translated by machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from country_info.i18n import D_

#: Factbook labels (lower case) -> document string. "male"/"female" are kept neutral
#: ("Male", "Female") because the same label serves people, children and births.
LABELS: dict[str, str] = {
    "total": D_("Total"),
    "total population": D_("Total population"),
    "male": D_("Male"),
    "female": D_("Female"),
    "improved": D_("Improved"),
    "unimproved": D_("Unimproved"),
    "urban": D_("Urban areas"),
    "rural": D_("Rural areas"),
    "electrification - total population": D_("Electrification, total population"),
    "electrification - urban areas": D_("Electrification, urban areas"),
    "electrification - rural areas": D_("Electrification, rural areas"),
    "education expenditure (% gdp)": D_("Share of GDP"),
    "education expenditure (% national budget)": D_("Share of the national budget"),
    "health expenditure (as % of gdp)": D_("Share of GDP"),
    "health expenditure (as % of national budget)": D_("Share of the national budget"),
    "on food": D_("Food"),
    "on alcohol and tobacco": D_("Alcohol and tobacco"),
    "highest 10%": D_("Highest {share} of the population"),
    "lowest 10%": D_("Lowest {share} of the population"),
    "agriculture": D_("Agriculture"),
    "industry": D_("Industry"),
    "services": D_("Services"),
    "industry and services": D_("Industry and services"),
    "refugees": D_("Refugees"),
    "idps": D_("Internally displaced persons"),
    "stateless persons": D_("Stateless persons"),
    "urban population": D_("Urban population"),
    "rate of urbanization": D_("Rate of urbanisation"),
}

#: labels naming a share of the population: {share} is written by Babel (10 % / ١٠٪)
_LABEL_SHARE = {"highest 10%": 10, "lowest 10%": 10}

#: unit after a number -> (kind, template). ``{value}`` is the formatted number.
UNITS: dict[str, tuple[str, str | None]] = {
    "": ("number", None),
    "%": ("percent", None),
    "% of gdp": ("percent", D_("{value} of GDP")),
    "% of population": ("percent", D_("{value} of the population")),
    "% of total population": ("percent", D_("{value} of the population")),
    "% of household expenditures": ("percent", D_("{value} of household expenditures")),
    "% of national budget": ("percent", D_("{value} of the national budget")),
    "% national budget": ("percent", D_("{value} of the national budget")),
    "% annual rate of change": ("percent", D_("{value} a year")),
    "years": ("years", None),
    "deaths/1,000 live births": ("per", D_("{value} per {base} live births")),
    "deaths/100,000 live births": ("per", D_("{value} per {base} live births")),
    "physicians/1,000 population": ("per", D_("{value} per {base} people")),
    "beds/1,000 population": ("per", D_("{value} per {base} people")),
    "million": ("million", None),
}
_PER_BASE = {"deaths/1,000 live births": 1000, "deaths/100,000 live births": 100000,
             "physicians/1,000 population": 1000, "beds/1,000 population": 1000}

LINE_TEMPLATE = D_("{label}: {value}")
DETAIL_TEMPLATE = D_("{label}, {detail}")
NOT_AVAILABLE = D_("not available")
ESTIMATE = D_("{year} estimate")
RANGE_ESTIMATE = D_("{start}–{end} estimate")
NOTE = D_("Note (in English only): {note}")
#: left-to-right isolate and its end (Unicode bidirectional algorithm, UAX #9)
LRI, PDI = "\u2066", "\u2069"
PER_US_DOLLAR = D_("{currency} per US dollar:")

_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_VALUE = re.compile(
    r"^(?P<dollar>\$)?(?P<num>" + _NUMBER + r")(?P<unit>%[a-zA-Z ]*|(?: [a-z/,0-9 ]+))?$")
_PERIOD = re.compile(r"^(?P<start>(?:19|20)\d{2})(?:-(?P<end>\d{2}|\d{4}))?(?P<est> est\.)?$")
_TRAILING_PERIOD = re.compile(r"^(?P<body>.*?) \((?P<period>[^()]*)\)$")
_EXCHANGE = re.compile(r"^Currency: .*\((?P<code>[A-Z]{3})\) per US dollar -$")


@dataclass(frozen=True)
class Period:
    start: int
    end: int | None  # a range "2020-25" ends in 2025
    estimate: bool


@dataclass(frozen=True)
class Value:
    kind: str  # number | percent | years | per | million | usd | na
    number: Decimal | None
    unit: str  # key of UNITS ("" for none)
    period: Period | None


@dataclass(frozen=True)
class Line:
    labels: tuple[str, ...]  # keys of LABELS
    value: Value


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class ExchangeHeader:
    currency: str  # ISO 4217


Part = Line | Note | ExchangeHeader


def parse(text: str) -> list[Part] | None:
    """Every line of a Factbook field as structured parts, or None when any line does not
    have one of the known shapes (the field then stays in English)."""
    parts: list[Part] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("note: ") or line == "note:":
            parts.append(Note(line[len("note:"):].strip()))
            continue
        header = _EXCHANGE.match(line)
        if header:
            parts.append(ExchangeHeader(header.group("code")))
            continue
        parsed = _parse_line(line)
        if parsed is None:
            return None
        parts.append(parsed)
    return parts if any(isinstance(p, Line) for p in parts) else None


def _parse_line(line: str) -> Line | None:
    pieces = line.split(": ")
    labels = tuple(p.strip().lower() for p in pieces[:-1])
    if any(label not in LABELS for label in labels):
        return None
    value = _parse_value(pieces[-1])
    return Line(labels, value) if value is not None else None


def _parse_value(text: str) -> Value | None:
    period = None
    found = _TRAILING_PERIOD.match(text)
    if found:
        period = _parse_period(found.group("period"))
        if period is None:
            return None
        text = found.group("body")
    if text == "NA":
        return Value("na", None, "", period)
    match = _VALUE.match(text)
    if not match:
        return None
    unit = (match.group("unit") or "").strip().lower()
    if unit not in UNITS:
        return None
    try:
        number = Decimal(match.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    kind = UNITS[unit][0]
    if match.group("dollar"):
        if unit:
            return None
        kind = "usd"
    return Value(kind, number, unit, period)


def _parse_period(text: str) -> Period | None:
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    start = int(match.group("start"))
    end = match.group("end")
    end_year = None
    if end:
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year <= start:
            return None
    return Period(start, end_year, bool(match.group("est")))


# --------------------------------------------------------------------------- rendering

class Untranslated(Exception):
    """A label or unit has no translation in the reader's language."""


class Writer:
    """Writes parsed values for one language and locale.

    ``lookup`` gives a document string in the language, or None when it has no translation;
    ``fmt`` the formatting module (Babel with the locale's digits); ``locale`` the Babel
    locale (``ar_IQ``: Eastern Arabic digits, as people in Iraq read them).
    """

    def __init__(self, lang: str, locale: str, lookup, fmt):
        self.lang = lang
        self.locale = locale
        self._lookup = lookup
        self.fmt = fmt

    def t(self, msgid: str) -> str:
        text = self._lookup(msgid)
        if text is None:
            raise Untranslated(msgid)
        return text

    def english(self, text: str) -> str:
        """English text put into a line of this language: in a right-to-left language, a
        left-to-right isolate (LRI … PDI), so its neutral characters (a leading "%", a
        closing bracket or full stop) stay with it instead of jumping to the other end of
        the line; elsewhere unchanged (the controls take no room, but nothing needs them)."""
        from country_info.i18n import is_rtl

        return f"{LRI}{text}{PDI}" if text and is_rtl(self.lang) else text

    # numbers --------------------------------------------------------------------------
    def year(self, year: int) -> str:
        return self.fmt.format_decimal(year, self.locale, format="0")

    def number(self, value: Decimal) -> str:
        return self.fmt.format_decimal(value, self.locale, decimal_quantization=False)

    def percent(self, value: Decimal) -> str:
        return self.fmt.format_percent(value / 100, self.locale, decimal_quantization=False)

    def usd(self, value: Decimal) -> str:
        from babel import Locale

        pattern = Locale.parse(self.locale).currency_formats["standard"].pattern
        pattern = pattern.split(";")[0].replace(".00", "")
        return self.fmt.format_money(value, "USD", self.locale, format=pattern,
                                     currency_digits=False)

    def years(self, value: Decimal) -> str:
        from babel.units import format_unit

        system = self.fmt.numbering_system(self.locale)
        for length in ("long", "short"):
            text = format_unit(value, "duration-year", length=length, locale=self.locale,
                               numbering_system=system)
            if "duration" not in text:  # Babel names the unit when CLDR lacks it
                return self.fmt.to_digits(text, system)
        raise Untranslated("duration-year")

    def value(self, value: Value) -> str:
        if value.kind == "na":
            text = self.t(NOT_AVAILABLE)
        elif value.kind == "percent":
            text = self.percent(value.number)
            template = UNITS[value.unit][1]
            if template:
                text = self.t(template).format(value=text)
        elif value.kind == "years":
            text = self.years(value.number)
        elif value.kind == "per":
            text = self.t(UNITS[value.unit][1]).format(
                value=self.number(value.number), base=self.number(Decimal(_PER_BASE[value.unit])))
        elif value.kind == "million":
            text = self.number(value.number * 1_000_000)
        elif value.kind == "usd":
            text = self.usd(value.number)
        else:
            text = self.number(value.number)
        if value.period is not None:
            text = f"{text} ({self.period(value.period)})"
        return text

    def period(self, period: Period) -> str:
        if period.end is not None:
            if not period.estimate:
                return f"{self.year(period.start)}–{self.year(period.end)}"
            return self.t(RANGE_ESTIMATE).format(start=self.year(period.start),
                                                 end=self.year(period.end))
        if period.estimate:
            return self.t(ESTIMATE).format(year=self.year(period.start))
        return self.year(period.start)

    def label(self, key: str) -> str:
        text = self.t(LABELS[key])
        if key in _LABEL_SHARE:
            text = text.format(share=self.percent(Decimal(_LABEL_SHARE[key])))
        return text

    def currency_header(self, code: str, country: str) -> str:
        from babel.numbers import get_currency_name, get_territory_currencies

        # only the country's own current currency: the Factbook's code may be an old one
        # (GHC, MZM...), whose CLDR name would name a currency that no longer exists
        if code not in get_territory_currencies(country, tender=True):
            raise Untranslated(code)
        name = get_currency_name(code, locale=self.locale)
        if name == code:
            raise Untranslated(code)
        return self.t(PER_US_DOLLAR).format(currency=name)


def render(parts: list[Part], writer: Writer, country: str) -> str | None:
    """The parts written for ``writer``'s language, or None when something in them has no
    translation in it (the reader then gets the English text, said to be English)."""
    lines = []
    try:
        for part in parts:
            if isinstance(part, Note):
                lines.append(writer.t(NOTE).format(note=writer.english(part.text)))
            elif isinstance(part, ExchangeHeader):
                lines.append(writer.currency_header(part.currency, country))
            else:
                value = writer.value(part.value)
                if part.labels:
                    label = writer.label(part.labels[0])
                    for detail in part.labels[1:]:
                        label = writer.t(DETAIL_TEMPLATE).format(label=label, detail=writer.label(detail))
                    lines.append(writer.t(LINE_TEMPLATE).format(label=label, value=value))
                else:
                    lines.append(value)
    except Untranslated:
        return None
    return "\n".join(lines)
