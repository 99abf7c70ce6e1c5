"""Language services country_info uses, in one place (``_``, ``N_``, ``D_``, translators).

Every module of country_info takes its translations from here; they come from the host
(:mod:`country_info.host`): in counsel-app the app's catalogs, interface strings (``_``) in
the counsellor's language, document strings (``D_``) in the reader's language through
:func:`document_translator`; on its own, English. ``N_`` and ``D_`` only mark strings for
extraction (the same keywords as ``counsel_app.i18n``, whose catalogs hold them).
"""

from __future__ import annotations

from country_info import host as _host


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark ``message`` for extraction (interface catalog); return it untranslated."""
    return message


def D_(message: str) -> str:  # noqa: N802
    """Mark ``message`` as a *document* string (documents catalog); return it untranslated."""
    return message


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _host.current().gettext(message)


def interface_language() -> str:
    return _host.current().interface_language()


def document_translator(lang: str):
    """The documents catalog of ``lang`` (``t.gettext(D_("..."))``)."""
    return _host.current().document_translator(lang)


def is_rtl(lang: str) -> bool:
    return _host.current().is_rtl(lang)


def value_list(values, lang: str) -> str:
    """``values`` (title, publisher, date...) as one printed list in ``lang`` (the host's:
    in counsel-app the language's separator, each value a bidi isolate)."""
    return _host.current().value_list(values, lang)


def document_language_codes() -> tuple[str, ...]:
    """Every language documents can be printed in."""
    return tuple(_host.current().document_languages())


def document_strings(lang: str) -> dict[str, str]:
    """The translated document strings of ``lang`` (msgid -> translation); untranslated and
    fuzzy entries are left out (English: empty)."""
    return _host.current().document_strings(lang)


def labels_reviewed(lang: str) -> bool:
    """Whether the document strings of ``lang`` were checked by a native speaker (otherwise
    everything this project translated into it is a draft)."""
    return _host.current().labels_reviewed(lang)


def formatting():
    """Numbers and dates per locale (the host's formatting module)."""
    return _host.current().formatting()


__all__ = ["D_", "N_", "_", "document_language_codes", "document_strings", "document_translator",
           "formatting", "interface_language", "is_rtl", "labels_reviewed", "value_list"]
