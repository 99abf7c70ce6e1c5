"""What counsel-app gives country_info (:mod:`country_info.host`): the app's data folder and
bundled files, its interface language, its documents catalogs and its number formats.

Installed by ``counsel_app/__init__.py``, so country_info works for the app as soon as any
module of the app is imported. Each answer is looked up at the call (the language, the data
folder of the moment); the imports wait for the first call, so importing the app stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from country_info.host import Host


class AppHost(Host):
    has_catalogs = True

    def data_dir(self) -> Path:
        from counsel_app import paths

        return paths.data_dir()

    def resources_dir(self) -> Path:
        from counsel_app import paths

        return paths.resources_dir()

    def gettext(self, message: str) -> str:
        from counsel_app.i18n import _

        return _(message)

    def interface_language(self) -> str:
        from counsel_app.i18n import interface_language

        return interface_language()

    def document_translator(self, lang: str):
        from counsel_app.i18n import document_translator

        return document_translator(lang)

    def is_rtl(self, lang: str) -> bool:
        from counsel_app.i18n import is_rtl

        return is_rtl(lang)

    def value_list(self, values, lang: str) -> str:
        from counsel_app.documents.bidi import value_list

        return value_list(values, lang)

    def document_languages(self) -> tuple[str, ...]:
        from counsel_app.i18n.languages import document_languages

        return tuple(info.code for info in document_languages())

    def document_strings(self, lang: str) -> dict[str, str]:
        from counsel_app.i18n.languages import translated_strings

        return translated_strings(lang)

    def labels_reviewed(self, lang: str) -> bool:
        from counsel_app.i18n.languages import COMPLETE_REVIEWED, catalog_state

        if lang.split("_")[0] == "en":
            return True
        return catalog_state(lang, "documents") == COMPLETE_REVIEWED

    def formatting(self):
        from counsel_app.i18n import formatting

        return formatting


def install() -> None:
    """Make country_info work for the app (idempotent)."""
    from country_info import host

    if not isinstance(host.current(), AppHost):
        host.install(AppHost())
