"""What country_info needs from the program around it, given to it by that program.

country_info imports nothing of counsel_app (``tests/test_imports.py`` checks every import,
``tests/country_info/test_standalone.py`` loads every module with counsel_app unimportable).
What it takes from outside (its data folder, the interface language, the documents
catalogs, number formats) comes through one object, the *host*:

* on its own, country_info runs with :class:`Host`: English text, its data in
  ``COUNTRY_INFO_DATA_DIR`` or the platform's data folder, the bundled files beside the
  package;
* a program that uses it calls :func:`install` once with a subclass of :class:`Host`
  (counsel_app does so in ``counsel_app/__init__.py``, with ``counsel_app.country_host``).

The host is asked at every call, never copied: a program may switch languages or data
folders at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

from country_info.files import ensure_folder


class _EnglishTranslator:
    """A documents translator for a program without catalogs: every string in English."""

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def gettext(self, message: str) -> str:
        return message

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def has(self, message: str) -> bool:
        return self.lang.split("_")[0] == "en"


class _BabelDates:
    """Dates in a locale's words (Babel), for country_info on its own."""

    @staticmethod
    def formatting_locale(lang: str, country: str | None = None) -> str:
        return lang

    @staticmethod
    def format_date(value, locale: str, format: str = "medium") -> str:  # noqa: A002
        from babel.dates import format_date

        return format_date(value, format=format, locale=locale)


class Host:
    """country_info on its own. A program overrides what it provides."""

    #: whether :meth:`document_strings` gives the program's translated catalogs (the base
    #: pack build needs them: without them its labels would be English only)
    has_catalogs = False

    def data_dir(self) -> Path:
        """The user's data folder (private to the user)."""
        override = os.environ.get("COUNTRY_INFO_DATA_DIR")
        if override:
            return ensure_folder(Path(override).expanduser())
        import platformdirs

        return ensure_folder(Path(platformdirs.user_data_dir("country-info", "counsel-app")))

    def resources_dir(self) -> Path:
        """Bundled read-only files (``publisher_keys/``): beside the package, in a checkout
        and in the built program alike."""
        return Path(__file__).resolve().parent.parent / "resources"

    # -- language -------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        """``message`` in the interface language."""
        return message

    def interface_language(self) -> str:
        return "en"

    def document_translator(self, lang: str):
        """The documents catalog of ``lang``: an object with ``gettext``, ``ngettext``, ``has``."""
        return _EnglishTranslator(lang)

    def is_rtl(self, lang: str) -> bool:
        """Whether ``lang`` is written right to left (Babel's locale data)."""
        from babel import Locale, UnknownLocaleError

        try:
            return Locale.parse(lang.replace("-", "_")).character_order == "right-to-left"
        except (UnknownLocaleError, ValueError):
            return False

    def document_languages(self) -> tuple[str, ...]:
        """Every language documents can be printed in, in the program's order."""
        return ("en",)

    def value_list(self, values, lang: str) -> str:
        """``values`` as one printed list in ``lang``. The program's documents put the
        language's separator between them ("، " in Arabic script), each an isolate; on its
        own, country_info prints in English: ", "."""
        return ", ".join(v for v in values if v)

    def document_strings(self, lang: str) -> dict[str, str]:
        """The translated document strings of ``lang`` (msgid -> translation)."""
        return {}

    def labels_reviewed(self, lang: str) -> bool:
        """Whether the document strings of ``lang`` were checked by a native speaker."""
        return lang.split("_")[0] == "en"

    def formatting(self):
        """The module that formats numbers and dates per locale (``formatting_locale``,
        ``format_date``, ``format_decimal``...). On its own: dates through Babel only."""
        return _BabelDates


_host: Host = Host()


def install(host: Host) -> None:
    """Make ``host`` the program country_info works for (from now on, for every call)."""
    global _host
    _host = host


def current() -> Host:
    return _host


def data_dir() -> Path:
    """The user's data folder (private to the user)."""
    return _host.data_dir()


def resources_dir() -> Path:
    return _host.resources_dir()
