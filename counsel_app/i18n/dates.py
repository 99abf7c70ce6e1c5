"""Dates as people read and type them, one rule for every screen and command (Qt-free).

Shown: one unambiguous medium form per language, the month by name (CLDR's ``yMMMd``
skeleton through Babel): "Dec 4, 2026", "4 déc. 2026", "4 dic 2026", "4 ديسمبر 2026". A
numeric date such as "12/4/26" is never shown: it reads as 12 April or 4 December depending
on who reads it.

Typed: the same medium form, the ISO form (2026-12-04), or the numbers in the order of the
language's own short pattern (04/12/2026 in French, 12/4/2026 in English), with the year in
four digits; the locale's digits (Eastern Arabic, Persian) are read too. Empty, or the word
"unknown" in the interface language, is no date. Anything else is refused with one sentence
that names the text and shows the two forms that work; the text is a bidi isolate in the
sentence (:func:`counsel_app.documents.bidi.isolate`), so "3 Decembre" keeps its order in an
Arabic sentence and "٣ ديسمبر" in an English one.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from babel import dates as _dates

from counsel_app.documents.bidi import isolate
from counsel_app.errors import ValidationError
from counsel_app.i18n import _
from counsel_app.i18n.formatting import formatting_locale
from counsel_app.i18n.names import babel_locale

SKELETON = "yMMMd"
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_NUMERIC = re.compile(r"^\s*(\d{1,4})\s*[/.\-\u200f\u200e ]\s*(\d{1,4})\s*[/.\-\u200f\u200e ]\s*(\d{1,4})\s*$")


def show_date(value: _dt.date | None, lang: str) -> str:
    """``value`` in the unambiguous medium form of ``lang`` ("" for no date)."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        value = value.date()
    return _dates.format_skeleton(SKELETON, value, locale=babel_locale(formatting_locale(lang)))


def show_stored_date(text: str | None, lang: str) -> str:
    """A date stored as ISO text ("2026-12-01") in the medium form of ``lang``; a text that
    is not such a date is shown as it is (nothing is hidden)."""
    try:
        return show_date(_dt.date.fromisoformat((text or "").strip()), lang) if text else ""
    except ValueError:
        return text or ""


def show_datetime(value: _dt.datetime | None, lang: str) -> str:
    """Date (medium form) and time (the language's short time) of ``value``."""
    if value is None:
        return ""
    loc = babel_locale(formatting_locale(lang))
    return f"{show_date(value.date(), lang)} {_dates.format_time(value, 'short', locale=loc)}"


def qt_date_format(lang: str, right_to_left: bool = False) -> str:
    """The medium form of :func:`show_date` as a Qt display format, for the date spin boxes
    (``QDateEdit``) that would otherwise show Qt's numeric short form ("12/15/26"):
    "MMM d, yyyy" in English, "d MMM yyyy" in French, Spanish and Arabic.

    Qt lays the sections of a right-to-left date spin box out in the reverse order of its
    format; ``right_to_left`` gives the format reversed, so that such a box shows the same
    text as :func:`show_date` ("15 ديسمبر 2026", not "2026 ديسمبر 15")."""
    loc = babel_locale(formatting_locale(lang))
    pattern = loc.datetime_skeletons.get(SKELETON) or _dates.get_date_format("medium", locale=loc)
    out, i, text = [], 0, pattern.pattern
    while i < len(text):
        char = text[i]
        if char == "'":  # a quoted literal ('' is a quote) is the same in Qt's formats
            end = text.find("'", i + 1)
            end = len(text) - 1 if end < 0 else end
            out.append(text[i:end + 1])
            i = end + 1
            continue
        run = len(text[i:]) - len(text[i:].lstrip(char))
        if char == "y":
            out.append("yyyy")
        elif char in "ML":
            out.append("M" * min(run, 4))
        elif char == "d":
            out.append("d" * min(run, 2))
        elif char.isalpha():  # no other field in a day, month, year skeleton
            pass
        elif out and not out[-1][-1:].isalpha() and not out[-1].endswith("'"):
            out[-1] += char * run  # one separator between two fields (", ")
        else:
            out.append(char * run)
        i += run
    if right_to_left:
        out.reverse()
    return "".join(out).strip()


def example(lang: str) -> str:
    """How a date is typed in ``lang``, for a placeholder: "4 déc. 2026 or 2026-12-04"."""
    sample = _dt.date(_dt.date.today().year, 12, 4)
    # each form an isolate: in an Arabic sentence the ISO form reads 2026-12-04 as it is
    # typed, not 04-12-2026 (its numbers would otherwise follow the Arabic letters)
    return _("{medium} or {iso}").format(medium=isolate(show_date(sample, lang)),
                                         iso=isolate(sample.isoformat(), "ltr"))


def _ascii_digits(text: str) -> str:
    out = []
    for ch in text:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            out.append(str(unicodedata.digit(ch)))
        else:
            out.append(ch)
    return "".join(out)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().strip(".,،")


def _month_names(lang: str) -> dict[str, int]:
    loc = babel_locale(formatting_locale(lang))
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("abbreviated", "wide"):
            for number, name in loc.months[context][width].items():
                names[_fold(name)] = number
    for number, name in babel_locale("en").months["format"]["wide"].items():  # always read English
        names.setdefault(_fold(name), number)
        names.setdefault(_fold(name)[:3], number)
    return names


def _field_order(lang: str) -> str:
    """"dmy", "mdy" or "ymd": the order of the language's short numeric pattern."""
    pattern = _dates.get_date_format("short", locale=babel_locale(formatting_locale(lang))).pattern
    order = ""
    for ch in pattern:
        key = {"d": "d", "M": "m", "L": "m", "y": "y"}.get(ch)
        if key and key not in order:
            order += key
    return order if sorted(order) == ["d", "m", "y"] else "ymd"


def _make(year: int, month: int, day: int, text: str) -> _dt.date:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise ValidationError(_("“{text}” is not a date that exists.").format(
            text=isolate(text)),
                              "date") from None


def parse_typed_date(text: str, lang: str) -> _dt.date | None:
    """The date typed as ``text`` by someone reading ``lang``; None for empty or "unknown".
    Raises :class:`ValidationError` (one sentence) for anything else."""
    raw = (text or "").strip()
    if not raw or _fold(raw) in {_fold(_("unknown")), "unknown"}:
        return None
    plain = _ascii_digits(raw)
    if match := _ISO.match(plain):
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, raw)
    if match := _NUMERIC.match(plain):
        parts = dict(zip(_field_order(lang), (g for g in match.groups()), strict=True))
        if len(parts["y"]) != 4:
            raise ValidationError(
                _("“{text}”: type the year with four digits, as in {example}.").format(
                    text=isolate(raw), example=example(lang)), "date")
        return _make(int(parts["y"]), int(parts["m"]), int(parts["d"]), raw)
    words = [w for w in re.split(r"[\s,،/]+", plain) if w]
    names = _month_names(lang)
    month = [names[_fold(w)] for w in words if _fold(w) in names]
    numbers = [w for w in (_fold(w) for w in words) if w.isdigit()]
    rest = [w for w in words if _fold(w) not in names and not _fold(w).isdigit()
            and _fold(w) not in {"г", "de", "del"}]
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(month) == 1 and len(years) == 1 and len(days) == 1 and not rest:
        return _make(int(years[0]), month[0], int(days[0]), raw)
    raise ValidationError(_("“{text}” is not a date: type it as {example}.").format(
        text=isolate(raw), example=example(lang)), "date")


__all__ = ["SKELETON", "example", "parse_typed_date", "show_date", "show_datetime",
           "show_stored_date"]
