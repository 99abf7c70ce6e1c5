"""Language services country_info uses, in one place (``_``, ``N_``, ``D_``, translators).

country_info is meant to stand alone (no import of the app): every module of it takes its
translations from here, so making it independent means changing only this module and
:mod:`country_info.host`. Today they come from the app's catalogs (``counsel_app.i18n``):
interface strings (``_``) in the counsellor's language, document strings (``D_``) in the
reader's language through :func:`document_translator`, numbers and dates through
:mod:`formatting` (Babel with each locale's digits).
"""

from __future__ import annotations

from counsel_app.i18n import (  # noqa: F401 - re-exported
    DOCUMENT_LANGUAGES,
    D_,
    N_,
    _,
    document_translator,
    interface_language,
    is_rtl,
)
from counsel_app.i18n import formatting  # noqa: F401 - re-exported


def document_language_codes() -> tuple[str, ...]:
    """Every language documents can be printed in (the manifest's ``documents`` role)."""
    from counsel_app.i18n.languages import document_languages

    return tuple(info.code for info in document_languages())


def document_strings(lang: str) -> dict[str, str]:
    """The translated document strings of ``lang`` (msgid -> translation), read from its
    catalog; untranslated and fuzzy entries are left out (English: empty)."""
    from babel.messages.pofile import read_po

    from counsel_app.i18n.languages import is_translated
    from counsel_app.paths import translations_dir

    po = translations_dir() / lang / "LC_MESSAGES" / "documents.po"
    if lang.split("_")[0] == "en" or not po.exists():
        return {}
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and not m.context and is_translated(m)}


def labels_reviewed(lang: str) -> bool:
    """Whether the document strings of ``lang`` were checked by a native speaker (otherwise
    everything this project translated into it is a draft)."""
    from counsel_app.i18n.languages import catalog_state

    if lang.split("_")[0] == "en":
        return True
    return catalog_state(lang, "documents") == "complete-reviewed"


__all__ = ["DOCUMENT_LANGUAGES", "D_", "N_", "_", "document_language_codes", "document_strings", "document_translator",
           "formatting", "interface_language", "is_rtl", "labels_reviewed"]
