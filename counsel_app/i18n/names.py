"""Country and language names from CLDR (through Babel), in any language, and sorted lists
for combo boxes.

* :func:`country_name` / :func:`language_name`: one name in the language ``lang``
  (``country_name("ER", "ti") == "ኤርትራ"``, ``language_name("fa_AF", "en") == "Dari"``).
* :func:`countries` / :func:`languages`: ``[(code, name), ...]`` sorted for people who read
  ``lang``.

Fallbacks: a regional code falls back to its language through CLDR's own inheritance
(``fa_AF`` -> ``fa``); a language Babel does not know (``x_pseudo``, a typo) falls back to
English; a name CLDR lacks in that language falls back to English, then to the code itself.
Never guesses a name.

Sorting uses the Unicode Collation Algorithm with the default table (``pyuca``, pure
Python): accents are secondary (``Égypte`` sorts with ``E``), Arabic-script letters follow
the alphabet including the Persian ``پ چ ژ گ``, Cyrillic, Ethiopic and Bengali follow their
alphabets. It is not tailored per language (e.g. Spanish ``ñ`` sorts as a variant of ``n``
and ``ch`` is not a separate letter), which readers of these lists do not notice. Without
``pyuca`` it falls back to a casefolded, accent-stripped key.

Qt-free.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from babel import Locale, UnknownLocaleError

FALLBACK = "en"
#: Kosovo has a user-assigned code that ISO 3166-1 does not list; CLDR names it.
_EXTRA_COUNTRIES = {"XK"}


@lru_cache(maxsize=None)
def babel_locale(lang: str | None) -> Locale:
    """Babel's locale for an app language code (``fa_AF``, ``fr``, ``x_pseudo``...);
    English for anything Babel does not know."""
    if not lang or lang.startswith("x_"):
        return Locale.parse(FALLBACK)
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(lang.replace("-", "_").split("_")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse(FALLBACK)


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of current countries and territories (plus Kosovo, XK)."""
    import pycountry

    return frozenset({c.alpha_2 for c in pycountry.countries} | _EXTRA_COUNTRIES)


def country_name(code: str, lang: str) -> str:
    """The name of country ``code`` (ISO 3166-1 alpha-2) in ``lang``; English if CLDR has no
    name in ``lang``; the code itself if CLDR does not know the country."""
    code = code.upper()
    name = babel_locale(lang).territories.get(code)
    if name:
        return name
    return babel_locale(FALLBACK).territories.get(code, code)


def language_name(code: str, lang: str, *, capitalised: bool = True) -> str:
    """The name of language ``code`` (``fr``, ``fa_AF``, ``ckb``) in ``lang``.

    CLDR names some regional variants itself (``fa_AF`` is "Dari", ``دری`` in Dari); others
    are built as ``language (region)``. Falls back to English, then to the code.
    ``capitalised=False`` keeps CLDR's case for use inside a sentence (``en russe``)."""
    norm = code.replace("-", "_")
    for locale in (babel_locale(lang), babel_locale(FALLBACK)):
        name = locale.languages.get(norm)
        if name:
            return _capitalise(name, locale) if capitalised else name
        base = norm.split("_")[0]
        if "_" in norm and locale.languages.get(base):
            try:
                shown = Locale.parse(norm).get_display_name(locale)
            except (UnknownLocaleError, ValueError):
                shown = None
            if shown:
                return _capitalise(shown, locale) if capitalised else shown
    return code


def native_language_name(code: str) -> str:
    """The language's name in itself (``Русский``, ``دری``, ``ትግርኛ``)."""
    return language_name(code, code)


def _capitalise(name: str, locale: Locale) -> str:
    """CLDR writes language names in lower case where the language does mid-sentence
    (``français``); a name standing alone in a list starts with a capital."""
    if name and name[0].islower():
        return name[0].upper() + name[1:]
    return name


# ----------------------------------------------------------------------------- sorting
@lru_cache(maxsize=1)
def _collator():
    try:
        import pyuca
    except ImportError:  # pragma: no cover - pyuca is a dependency; keep working without it
        return None
    return pyuca.Collator()


def _plain_key(text: str) -> tuple:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (base, text)


def sort_key(lang: str | None = None) -> Callable[[str], tuple]:
    """A key function sorting strings for readers of ``lang`` (see module doc)."""
    collator = _collator()
    if collator is None:
        return _plain_key

    def key(text: str) -> tuple:
        return (collator.sort_key(text), text)

    return key


def sorted_names(pairs: Iterable[tuple[str, str]], lang: str | None = None
                 ) -> list[tuple[str, str]]:
    """``(code, name)`` pairs sorted by name for readers of ``lang``."""
    key = sort_key(lang)
    return sorted(pairs, key=lambda pair: key(pair[1]))


def countries(lang: str, codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """``[(code, name)]`` of every country (or of ``codes``), sorted by name in ``lang``."""
    chosen = country_codes() if codes is None else {c.upper() for c in codes}
    return sorted_names(((c, country_name(c, lang)) for c in chosen), lang)


def languages(lang: str, codes: Iterable[str]) -> list[tuple[str, str]]:
    """``[(code, name)]`` of ``codes`` sorted by their names in ``lang``."""
    return sorted_names(((c, language_name(c, lang)) for c in codes), lang)


def script_direction(lang: str) -> str:
    """``"rtl"`` or ``"ltr"`` according to CLDR's character order for ``lang``."""
    order = babel_locale(lang).character_order
    return "rtl" if order == "right-to-left" else "ltr"




@lru_cache(maxsize=1024)
def region_name(code: str, lang: str) -> str:
    """The name of ISO 3166-2 subdivision ``code`` (``IQ-NI``) in ``lang`` where pycountry
    (Debian iso-codes) has it translated, else its ISO name (``Nīnawá``); text that is not a
    known code (a region typed by hand) comes back as it is."""
    import gettext

    import pycountry

    text = (code or "").strip()
    if not text:
        return ""
    try:
        subdivision = pycountry.subdivisions.get(code=text.upper())
    except (KeyError, LookupError):
        subdivision = None
    if subdivision is None:
        return text
    name = subdivision.name
    primary = lang.replace("-", "_").split("_")[0]
    for candidate in dict.fromkeys((lang, primary)):
        try:
            translation = gettext.translation("iso3166-2", pycountry.LOCALES_DIR,
                                              languages=[candidate])
        except OSError:
            continue
        return translation.gettext(name)
    return name


def _same_place(text: str) -> str:
    """``text`` as compared with another name of the same place: case, accents and spacing
    do not count (a town typed "kindia" is the region Kindia; "Ninawa" is "Nīnawá")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def place_parts(town: str, region: str, country: str, lang: str) -> list[str]:
    """The names of where the person returns, for a document in ``lang``, each once: the
    town as typed, the region's and the country's names in that language (never a bare
    code). A town named like its region is said once ("Kindia", not "Kindia, Kindia"),
    as the town was typed. A document prints them as one list through
    :func:`counsel_app.documents.people.place_name` (the language's separator, each name
    isolated)."""
    parts = [(town or "").strip(), region_name(region, lang) if region else "",
             country_name(country, lang) if country else ""]
    seen: dict[str, str] = {}
    for part in parts:
        if part:
            seen.setdefault(_same_place(part), part)
    return list(seen.values())


__all__ = [
    "babel_locale",
    "countries",
    "country_codes",
    "country_name",
    "language_name",
    "languages",
    "native_language_name",
    "place_parts",
    "region_name",
    "script_direction",
    "sort_key",
    "sorted_names",
]
