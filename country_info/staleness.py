"""How old an item's information is, and the label shown beside old information.

The date of an item is as precise as its source (``2024``, ``2025-03``, ``2025-03-14``).
Its age is counted from the *end* of that period (a figure for "2024" is at least as recent
as 31 December 2024), so an item is never called older than it can be. The default
maximum age is 12 months; the ``months`` argument changes it (the app passes its centre
setting ``stale_months``).
"""

from __future__ import annotations

import calendar
import datetime as _dt

from country_info.i18n import D_, document_translator
from country_info.validate import parse_date

DEFAULT_MAX_AGE_MONTHS = 12


def period_end(value: str) -> _dt.date:
    start, precision = parse_date(value)
    if precision == "year":
        return _dt.date(start.year, 12, 31)
    if precision == "month":
        return _dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def _months_before(day: _dt.date, months: int) -> _dt.date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_stale(date: str, *, today: _dt.date | None = None, months: int | None = None) -> bool:
    """True when the information dated ``date`` is older than ``months`` (default 12)."""
    today = today or _dt.date.today()
    months = months or DEFAULT_MAX_AGE_MONTHS
    return period_end(date) < _months_before(today, months)


def date_label(date: str, lang: str, country: str | None = None) -> str:
    """``2025-03`` -> "March 2025" / "mars 2025" / "آذار ٢٠٢٥" in the reader's language, with
    the digits and month names of its locale for ``country`` (``ar`` for Iraq: ``ar_IQ``),
    as every other date and number of a document or screen in that language."""
    from country_info.i18n import formatting as host_formatting

    formatting = host_formatting()

    start, precision = parse_date(date)
    locale = formatting.formatting_locale(_babel_locale(lang), country)
    if precision == "year":
        return formatting.format_date(start, locale, format="y")
    if precision == "month":
        return formatting.format_date(start, locale, format="LLLL y")
    return formatting.format_date(start, locale, format="long")


def stale_label(date: str, lang: str, *, today: _dt.date | None = None,
                months: int | None = None, country: str | None = None) -> str | None:
    """"information from March 2025" in ``lang`` when the item is stale, else None."""
    if not is_stale(date, today=today, months=months):
        return None
    t = document_translator(lang)
    if parse_date(date)[1] == "year":
        return t.gettext(D_("information from {year}")).format(year=date_label(date, lang, country))
    return t.gettext(D_("information from {date}")).format(date=date_label(date, lang, country))


def _babel_locale(lang: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang)
        return lang
    except (UnknownLocaleError, ValueError):
        return "en"
