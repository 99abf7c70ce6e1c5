"""The one internationalisation module: every user-visible string goes through it.

* ``_`` translates into the *interface* language; ``N_`` marks a string for extraction
  without translating it (for constants translated later); ``ngettext`` for plurals.
* Documents (plan, easy-read summary, consent form, handout) have their own gettext domain,
  ``documents``, because they are printed in many more languages than the interface
  offers. A document string is marked ``D_("...")`` (``Dn_(singular, plural)`` for plurals)
  wherever it is written, and translated at print time with
  ``t = document_translator(lang)``: ``t(D_("Reintegration plan"))``.
* ``translator(lang)`` gives the interface catalog of any language.
* Catalogs are gettext ``.po`` files under ``translations/<lang>/LC_MESSAGES/``, compiled
  to ``.mo`` by the build and the test command; when a ``.mo`` is missing or older than its
  ``.po`` the ``.po`` is compiled in memory, so a source checkout always shows its latest
  catalogs.

This module never imports Qt; :mod:`counsel_app.ui.i18n_qt` installs Qt's own translations.
"""

from __future__ import annotations

import gettext as _gettext
import io
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from counsel_app.paths import translations_dir

_Key = TypeVar("_Key")

DOMAIN = "counsel_app"
DOCUMENTS_DOMAIN = "documents"
SOURCE_LANGUAGE = "en"

#: Languages the interface is offered in.
INTERFACE_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar")

#: Languages documents (plan, easy-read summary, consent form, handout) can be printed in.
DOCUMENT_LANGUAGES: tuple[str, ...] = (
    "en", "fr", "es", "ar", "fa_AF", "ps", "ru", "uk", "am", "ti", "so", "bn", "ur",
    "ka", "hy", "ckb", "sq",
)

#: Right-to-left languages among the ones we support (by primary subtag).
_RTL = {"ar", "fa", "ps", "ur", "ckb", "he", "ug", "sd", "dv", "yi"}


def primary(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0].lower()


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left (the pseudo-locale is, to test mirroring)."""
    return lang == "x_pseudo" or primary(lang) in _RTL


#: Qt reads a bare language code as its most populous region: "ar" is ar_EG, whose digits
#: are Eastern Arabic, while the interface writes plain CLDR "ar" with 0-9 (see
#: docs/translations.md, Digits). Qt names that plain form "ar_001".
_QT_LOCALES = {"ar": "ar_001"}


def qt_locale_name(lang: str) -> str:
    """The locale Qt's date and number widgets use for the interface language ``lang``: the
    one whose digits and month names are those of ``i18n.dates.show_date`` and
    ``i18n.formatting`` for ``lang`` (the pseudo-locale: English)."""
    if lang.startswith("x_"):
        return "en"
    return _QT_LOCALES.get(lang, lang)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark ``message`` for extraction; return it untranslated."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a plural pair of the interface for extraction (rendered later, in the reader's
    language, with ``Translator.ngettext``); return it untranslated."""
    return singular, plural


def D_(message: str) -> str:  # noqa: N802
    """Mark ``message`` as a *document* string (documents domain); return it untranslated."""
    return message


def Dn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a plural pair as document strings; use with ``Translator.ngettext``."""
    return singular, plural


class Translator:
    """Translations for one language (a thin, typed face over ``gettext``)."""

    def __init__(self, lang: str, catalog: _gettext.NullTranslations):
        self.lang = lang
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def has(self, message: str) -> bool:
        """Whether ``message`` is translated in this catalog (always, for the source
        language English)."""
        if self.lang == SOURCE_LANGUAGE or not message:
            return True
        found = getattr(self._catalog, "_catalog", None)
        if found is None:  # no catalog at all (NullTranslations), or the pseudo-locale
            return self.lang.startswith("x_")
        return bool(found.get(message))

    def has_plural(self, singular: str) -> bool:
        if self.lang == SOURCE_LANGUAGE:
            return True
        found = getattr(self._catalog, "_catalog", None)
        if found is None:
            return self.lang.startswith("x_")
        return bool(found.get((singular, 0)))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    __call__ = gettext

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)


def _catalog_paths(lang: str, domain: str = DOMAIN) -> tuple[Path, Path]:
    base = translations_dir() / lang / "LC_MESSAGES"
    return base / f"{domain}.po", base / f"{domain}.mo"


def _load_catalog(lang: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    if lang == "x_pseudo":
        from counsel_app.i18n.pseudo import PseudoTranslations

        return PseudoTranslations()
    po, mo = _catalog_paths(lang, domain)
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if po.exists():
        return _gettext.GNUTranslations(io.BytesIO(compile_po_bytes(po)))
    return _gettext.NullTranslations()


def compile_po_bytes(po: Path) -> bytes:
    """Compile one ``.po`` file to ``.mo`` bytes (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    """The interface catalog of ``lang`` (cached; catalogs are read once)."""
    return Translator(lang, _load_catalog(lang))


@lru_cache(maxsize=None)
def document_translator(lang: str) -> Translator:
    """The documents catalog of ``lang``, for printing in the returnee's language."""
    return Translator(lang, _load_catalog(lang, DOCUMENTS_DOMAIN))


@dataclass
class _State:
    lang: str = SOURCE_LANGUAGE


_state = _State()
_lock = threading.Lock()


def set_interface_language(lang: str) -> None:
    """Switch the interface language for every later ``_`` call."""
    if lang not in INTERFACE_LANGUAGES and not lang.startswith("x_"):
        raise ValueError(f"unsupported interface language: {lang!r}")
    with _lock:
        _state.lang = lang


def interface_language() -> str:
    return _state.lang


def writing_language() -> str:
    """The language a counsellor is taken to type in: the one they work in (the
    interface's) when documents print in it, else "" (not known: no "written in" mark).
    Whatever stores a typed text stores it beside the text when the text is saved
    (``text_language``, by :func:`saved_language`); :func:`typed_language` reads it back."""
    return _state.lang if _state.lang in DOCUMENT_LANGUAGES else ""


def typed_language(recorded: str | None) -> str:
    """The language a stored text was typed in, for its "written in" mark: the one recorded
    when it was saved ("" when that was not known), or, for a text saved before its
    language was recorded (``None``), the rule of :func:`writing_language`."""
    return writing_language() if recorded is None else recorded


def saved_language(text: str, before: str | None = None, recorded: str | None = None, *,
                   typed_in: str | None = None) -> str | None:
    """The language to store beside ``text`` as it is saved (what :func:`typed_language`
    reads back). Unchanged (the same as ``before``, the text stored until now) it keeps the
    one stored with it, ``recorded`` (``None`` for a text saved before languages were
    recorded: the old rule goes on applying to it). New or changed: ``typed_in`` when the
    caller knows it ("" when nothing says it: a note typed on a phone), else
    :func:`writing_language`, the language of the one saving it."""
    if before is not None and text == before:
        return recorded
    return writing_language() if typed_in is None else typed_in


def languages_at_save(texts: Mapping[_Key, str], stored: Mapping[_Key, str],
                      recorded: Mapping[_Key, str], *,
                      typed_in: str | None = None) -> dict[_Key, str]:
    """:func:`saved_language` for each of ``texts`` (key -> a typed text, as saved now),
    given the same keys' texts as stored until now (``stored``) and the languages stored
    with them (``recorded``); ``typed_in``: the language of the new or changed ones when
    the caller knows it (a sample written in one language). A key whose text is empty, or
    unchanged since before languages were recorded, is left out (so :func:`typed_language`
    gets ``None`` for it)."""
    languages: dict[_Key, str] = {}
    for key, text in texts.items():
        if not (text or "").strip():
            continue
        language = saved_language(text, stored.get(key), recorded.get(key),
                                  typed_in=typed_in)
        if language is not None:
            languages[key] = language
    return languages


def recorded_languages(data: Any) -> dict[str, str]:
    """The ``text_languages`` of a record's plain data (each text's recorded language, by
    the text's words or the record's own key for it): none in data stored, or a package
    made, before they were recorded, or that is not a mapping of languages."""
    languages = data.get("text_languages") if isinstance(data, dict) else None
    return ({str(k): v for k, v in languages.items() if isinstance(v, str)}
            if isinstance(languages, dict) else {})


def _(message: str) -> str:
    """Translate ``message`` into the current interface language."""
    return translator(_state.lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(_state.lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translator(_state.lang).pgettext(context, message)


def reload_catalogs() -> None:
    """Forget cached catalogs (after compiling or editing them)."""
    translator.cache_clear()
    document_translator.cache_clear()


__all__ = [
    "D_",
    "Dn_",
    "document_translator",
    "DOCUMENT_LANGUAGES",
    "INTERFACE_LANGUAGES",
    "N_",
    "Nn_",
    "Translator",
    "_",
    "interface_language",
    "is_rtl",
    "ngettext",
    "pgettext",
    "qt_locale_name",
    "reload_catalogs",
    "set_interface_language",
    "translator",
    "languages_at_save",
    "recorded_languages",
    "saved_language",
    "typed_language",
    "writing_language",
]
