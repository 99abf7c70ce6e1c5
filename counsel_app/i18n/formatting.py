"""Dates, numbers and money for a locale, through Babel (CLDR), with the locale's digits.

Babel picks the locale's separators for its numbering system (``numbering_system=``) but
always writes the digits 0-9; this module then writes the digits of that numbering system.
Which digits a locale gets (CLDR 47, Babel 2.18; ``digits="default"``):

===========================================  ===========================  =================
locale                                       numbering system             digits
===========================================  ===========================  =================
``ar`` (no region), ``ar_MA`` ``ar_DZ``      ``latn``                     0123456789
``ar_TN`` ``ar_LY`` ``ar_EH``
``ar_EG`` ``ar_SA`` ``ar_IQ`` ``ar_SD``      ``arab`` (Eastern Arabic)    ٠١٢٣٤٥٦٧٨٩
``ar_SY`` ``ar_YE`` ``ar_JO`` ``ar_LB`` ...
``fa`` ``fa_AF`` (Dari) ``ps`` ``ps_AF``     ``arabext`` (Persian)        ۰۱۲۳۴۵۶۷۸۹
``ps_PK`` ``ur_IN``
``ur`` ``ur_PK``                             ``latn``                     0123456789
``bn`` ``bn_IN``                             ``beng`` (Bengali)           ০১২৩৪৫৬৭৮৯
``en fr es ru uk am ti so``                  ``latn``                     0123456789
===========================================  ===========================  =================

:func:`digits_table` prints this table from the data at hand. ``digits="native"`` asks for
the locale's *native* system instead (``arab`` for every Arabic locale, ``arabext`` for Urdu;
Amharic and Tigrinya stay ``latn``: Ethiopic numerals are not positional), ``digits="latn"``
for 0-9 everywhere. Pick the locale with :func:`formatting_locale`: the document language
plus the country of return (``ar`` + ``IQ`` -> ``ar_IQ`` -> Eastern Arabic digits; ``ar`` +
``MA`` -> Latin digits), which is what people there read.

Dates are Gregorian in every locale (Babel formats no other calendar); month names come from
CLDR (``fa_AF``: جنوری، فبروری ...).

Qt-free.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as _dates
from babel import numbers as _numbers

from counsel_app.i18n.names import babel_locale

#: zero of each decimal numbering system we may meet; digits 1-9 follow it in Unicode
_ZERO = {
    "latn": "0",
    "arab": "\u0660",  # ARABIC-INDIC DIGIT ZERO
    "arabext": "\u06f0",  # EXTENDED ARABIC-INDIC DIGIT ZERO (Persian, Urdu)
    "beng": "\u09e6",  # BENGALI DIGIT ZERO
    "deva": "\u0966",  # DEVANAGARI DIGIT ZERO
}
DIGIT_CHOICES = ("default", "native", "latn")


def formatting_locale(lang: str, country: str | None = None) -> str:
    """The Babel locale to format for a document or interface language ``lang`` and,
    optionally, the country of return: ``("ar", "IQ") -> "ar_IQ"`` when CLDR has that
    locale, else ``lang`` itself (``x_pseudo`` and unknown codes -> ``en``)."""
    base = str(babel_locale(lang))
    if country and "_" not in lang:
        candidate = f"{lang}_{country.upper()}"
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            return base
        return candidate
    return base


def numbering_system(locale: str, digits: str = "default") -> str:
    """The CLDR numbering system ``locale`` uses (``digits``: default, native or latn)."""
    if digits not in DIGIT_CHOICES:
        raise ValueError(f"digits must be one of {DIGIT_CHOICES}, not {digits!r}")
    if digits == "latn":
        return "latn"
    loc = babel_locale(locale)
    system = (loc.default_numbering_system if digits == "default"
              else loc.other_numbering_systems.get("native", loc.default_numbering_system))
    return system if system in _ZERO else "latn"


@lru_cache(maxsize=None)
def _digit_map(system: str) -> dict[int, str]:
    zero = ord(_ZERO[system])
    return {ord("0") + i: chr(zero + i) for i in range(10)}


def to_digits(text: str, system: str) -> str:
    """``text`` with 0-9 written in ``system``'s digits (latn: unchanged)."""
    if system == "latn":
        return text
    return text.translate(_digit_map(system))


def _prepare(locale: str, digits: str) -> tuple[Locale, str]:
    loc = babel_locale(locale)
    system = numbering_system(locale, digits)
    # Babel knows the symbols (separators, percent sign) of every system
    return loc, system


def format_decimal(value: float | int | Decimal, locale: str, digits: str = "default",
                   **kwargs) -> str:
    """``1234.5`` -> ``1 234,5`` (fr), ``١٬٢٣٤٫٥`` (ar_EG), ``۱٬۲۳۴٫۵`` (fa_AF)."""
    loc, system = _prepare(locale, digits)
    return to_digits(_numbers.format_decimal(value, locale=loc, numbering_system=system,
                                             **kwargs), system)


format_number = format_decimal


def format_integer(value: int, locale: str, digits: str = "default") -> str:
    return format_decimal(value, locale, digits, decimal_quantization=False)


def format_percent(value: float | Decimal, locale: str, digits: str = "default",
                   **kwargs) -> str:
    """``0.25`` -> ``25 %`` (fr), ``٪٢٥`` style per locale."""
    loc, system = _prepare(locale, digits)
    return to_digits(_numbers.format_percent(value, locale=loc, numbering_system=system,
                                             **kwargs), system)


def format_money(amount: float | int | Decimal, currency: str, locale: str,
                 digits: str = "default", **kwargs) -> str:
    """``(1200, "EUR", "fr")`` -> ``1 200,00 €``. ``currency`` is an ISO 4217 code."""
    loc, system = _prepare(locale, digits)
    return to_digits(_numbers.format_currency(amount, currency.upper(), locale=loc,
                                              numbering_system=system, **kwargs), system)


format_currency = format_money


def format_score(value: float | None, locale: str, digits: str = "default", *,
                 signed: bool = False) -> str:
    """A reintegration score (0 to 1) with two decimals, or with ``signed`` a change of one:
    ``0.2`` -> ``0.20`` (en, ar), ``0,20`` (fr, es); ``+0,15``, ``-0,05``; "–" for none."""
    if value is None:
        return "–"
    return format_decimal(value, locale, digits, format="+0.00;-0.00" if signed else "0.00")


def plural_number(value: float | int | Decimal, lang: str) -> int:
    """The whole number to give ``ngettext`` for ``value`` in ``lang``: ``value`` itself
    when it is whole, else a whole number of the same CLDR plural category, since gettext's
    plural expressions take whole numbers only. "2.5 years" (English "other": 0), "1,5 an"
    (French "one": 0), "2٫5 سنة" (Arabic "other": 100, the form of 100-102)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    example = _plural_example(str(babel_locale(lang)), babel_locale(lang).plural_form(number))
    return int(number) if example is None else example


@lru_cache(maxsize=None)
def _plural_example(locale: str, category: str) -> int | None:
    """The smallest whole number of ``category`` in ``locale`` (none for a category only
    fractions have)."""
    rule = babel_locale(locale).plural_form
    return next((n for n in range(1000) if rule(n) == category), None)


def currency_name(currency: str, locale: str, count: int | None = None) -> str:
    return _numbers.get_currency_name(currency.upper(), count=count, locale=babel_locale(locale))


def format_date(value: _dt.date | _dt.datetime, locale: str, format: str = "medium",  # noqa: A002
                digits: str = "default") -> str:
    """A date (``format``: short, medium, long, full or a CLDR pattern)."""
    loc, system = _prepare(locale, digits)
    return to_digits(_dates.format_date(value, format=format, locale=loc), system)


def format_datetime(value: _dt.datetime, locale: str, format: str = "medium",  # noqa: A002
                    digits: str = "default", tzinfo=None) -> str:
    loc, system = _prepare(locale, digits)
    return to_digits(_dates.format_datetime(value, format=format, tzinfo=tzinfo, locale=loc),
                     system)


def format_time(value: _dt.time | _dt.datetime, locale: str, format: str = "short",  # noqa: A002
                digits: str = "default") -> str:
    loc, system = _prepare(locale, digits)
    return to_digits(_dates.format_time(value, format=format, locale=loc), system)


#: the plain separator between the values of a list, by the script (ISO 15924) of the
#: language: the Arabic comma for Arabic-script languages, the Ethiopic comma for Amharic and
#: Tigrinya, else ", ". Not Babel's ``format_list``: a field's values are not a sentence, and
#: every CLDR style ends with a conjunction ("A, B and C") or, in Arabic, puts "و" between
#: every two values ("A وB وC"), while most of the plainer styles ("unit", "standard-narrow")
#: are missing for our languages; nor has CLDR list data for Central Kurdish (root's ", ").
#: Where CLDR has a plain separator of its own for a document language, it is this one
#: (``tests/i18n/test_list_separator.py`` compares them).
_LIST_SEPARATORS = {"Arab": "\u060c ", "Ethi": "\u1363 "}


def list_separator(lang: str) -> str:
    """What separates the values of a list in ``lang`` (a document language; a locale such
    as ``ar_IQ`` counts as its language): "، " in Arabic, Dari, Pashto, Urdu and Central
    Kurdish, "፣ " in Amharic and Tigrinya, ", " otherwise."""
    from counsel_app.i18n import primary
    from counsel_app.i18n.languages import manifest

    languages = manifest()
    info = languages.get(lang.replace("-", "_")) or languages.get(primary(lang))
    return _LIST_SEPARATORS.get(info.script if info else "Latn", ", ")


def digits_table(locales: list[str]) -> list[tuple[str, str, str, str]]:
    """``(locale, default system, native system, sample)`` for each locale."""
    rows = []
    for locale in locales:
        rows.append((locale, numbering_system(locale), numbering_system(locale, "native"),
                     format_decimal(1234567.5, locale)))
    return rows


__all__ = [
    "DIGIT_CHOICES",
    "currency_name",
    "digits_table",
    "format_currency",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_integer",
    "format_money",
    "format_number",
    "format_percent",
    "format_score",
    "format_time",
    "formatting_locale",
    "list_separator",
    "numbering_system",
    "plural_number",
    "to_digits",
]
