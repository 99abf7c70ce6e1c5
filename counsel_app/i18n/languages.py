"""Which languages exist, how complete each catalog is, and what to tell the counsellor.

The manifest ``translations/languages.json`` records, per language: its roles (``interface``,
``documents``), the state of each catalog, its script and direction, and who translated it.
States, from best to worst:

* ``complete-reviewed``: every string translated and checked by a named native speaker;
* ``complete``: every string translated, not checked by a native speaker;
* ``partial``: some strings are not translated (they print in English).

``source`` marks English, the language the strings are written in.

The *effective* state never claims more than the catalog holds: a catalog the manifest calls
complete but that misses strings (new strings arrived since it was translated) is reported
``partial``. Where a document language is not ``complete-reviewed`` the app says so
(:func:`print_advice`) and offers a bilingual print beside a complete language.

Qt-free. Typical use in a print dialog::

    from counsel_app.i18n.languages import document_languages, print_advice

    for info in document_languages():          # for the language combo box
        combo.addItem(info.display_name(), info.code)
    advice = print_advice(chosen, prefer=(interface_language(),))
    if advice.warn:
        show_warning(advice.message)           # already in the interface language
        offer_bilingual(advice.bilingual_with)  # e.g. ("en", "fr")
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from counsel_app.i18n import (
    DOCUMENTS_DOMAIN,
    DOMAIN,
    SOURCE_LANGUAGE,
    _,
)
from counsel_app.paths import translations_dir

log = logging.getLogger(__name__)

SOURCE = "source"
COMPLETE_REVIEWED = "complete-reviewed"
COMPLETE = "complete"
PARTIAL = "partial"
STATES = (SOURCE, COMPLETE_REVIEWED, COMPLETE, PARTIAL)
#: states a document may be printed in on its own (every string is in the language)
PRINTABLE_ALONE = (SOURCE, COMPLETE_REVIEWED, COMPLETE)

INTERFACE = "interface"
DOCUMENTS = "documents"
_ROLE_DOMAIN = {INTERFACE: DOMAIN, DOCUMENTS: DOCUMENTS_DOMAIN}


def manifest_path() -> Path:
    return translations_dir() / "languages.json"


@dataclass(frozen=True)
class LanguageInfo:
    """One language of the manifest."""

    code: str
    name: str  # English name, for logs and the manifest; show display_name() to users
    script: str  # ISO 15924: Latn, Arab, Cyrl, Ethi, Beng
    direction: str  # "ltr" or "rtl"
    roles: tuple[str, ...]
    catalogs: dict[str, str] = field(hash=False, compare=False)  # domain -> declared state
    translated_by: str = ""
    reviewed_by: str | None = None

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def declared_state(self, domain: str = DOCUMENTS_DOMAIN) -> str | None:
        return self.catalogs.get(domain)

    def state(self, domain: str = DOCUMENTS_DOMAIN) -> str | None:
        """The effective state of this language's catalog in ``domain`` (see module doc)."""
        return catalog_state(self.code, domain)

    def display_name(self, in_lang: str | None = None) -> str:
        """The language's name in ``in_lang`` (default: the interface language), followed by
        its own name when that differs: ``Dari — دری``."""
        from counsel_app.i18n import interface_language
        from counsel_app.i18n.names import language_name

        shown = language_name(self.code, in_lang or interface_language())
        native = language_name(self.code, self.code)
        return shown if native == shown else f"{shown} — {native}"


@lru_cache(maxsize=1)
def manifest() -> dict[str, LanguageInfo]:
    """Every language of the manifest, by code, in the manifest's order."""
    data = json.loads(manifest_path().read_text(encoding="utf-8"))
    out: dict[str, LanguageInfo] = {}
    for code, entry in data["languages"].items():
        out[code] = LanguageInfo(
            code=code,
            name=entry["name"],
            script=entry["script"],
            direction=entry["direction"],
            roles=tuple(entry["roles"]),
            catalogs=dict(entry["catalogs"]),
            translated_by=entry.get("translated_by", ""),
            reviewed_by=entry.get("reviewed_by"),
        )
    return out


def language(code: str) -> LanguageInfo:
    try:
        return manifest()[code]
    except KeyError:
        raise KeyError(f"language {code!r} is not in {manifest_path()}") from None


def interface_languages() -> list[LanguageInfo]:
    return [info for info in manifest().values() if INTERFACE in info.roles]


def document_languages() -> list[LanguageInfo]:
    return [info for info in manifest().values() if DOCUMENTS in info.roles]


@lru_cache(maxsize=None)
def catalog_progress(code: str, domain: str = DOCUMENTS_DOMAIN) -> tuple[int, int] | None:
    """``(translated, total)`` of one ``.po`` (fuzzy entries count as untranslated), or
    ``None`` when there is no ``.po`` to count (e.g. a build that ships only ``.mo``)."""
    if code == SOURCE_LANGUAGE:
        return None
    po = translations_dir() / code / "LC_MESSAGES" / f"{domain}.po"
    if not po.exists():
        return None
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    done = [m for m in messages if is_translated(m)]
    return len(done), len(messages)


def translated_strings(code: str, domain: str = DOCUMENTS_DOMAIN) -> dict[str, str]:
    """The translated strings of one catalog (msgid -> translation), read from its ``.po``;
    untranslated, fuzzy and context entries are left out (English, or no ``.po``: empty).
    country_info's base pack build takes its labels from here (``counsel_app.country_host``)."""
    po = translations_dir() / code / "LC_MESSAGES" / f"{domain}.po"
    if code.split("_")[0] == SOURCE_LANGUAGE or not po.exists():
        return {}
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and not m.context and is_translated(m)}


def is_translated(message) -> bool:
    """Whether a Babel catalog message is translated (every plural form, not fuzzy)."""
    if message.fuzzy or not message.string:
        return False
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return True


def catalog_state(code: str, domain: str = DOCUMENTS_DOMAIN) -> str | None:
    """The effective state: the manifest's, downgraded to ``partial`` when strings are
    missing. ``None`` when the language has no catalog in that domain."""
    info = manifest().get(code)
    if info is None:
        return None
    declared = info.declared_state(domain)
    if declared is None or declared in (SOURCE, PARTIAL):
        return declared
    progress = catalog_progress(code, domain)
    if progress is not None and progress[0] < progress[1]:
        log.warning("catalog %s/%s is declared %s but has %d of %d strings translated",
                    code, domain, declared, progress[0], progress[1])
        return PARTIAL
    return declared


@dataclass(frozen=True)
class PrintAdvice:
    """What to tell the counsellor before printing documents in ``lang``."""

    lang: str
    state: str | None
    #: the language is not complete-and-reviewed: say so before printing
    warn: bool
    #: one sentence in the interface language, or "" when there is nothing to say
    message: str
    #: every string would come out in ``lang`` (state source/complete-reviewed/complete)
    printable_alone: bool
    #: complete languages to offer for a bilingual print, best first
    bilingual_with: tuple[str, ...]


def bilingual_companions(code: str, prefer: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Complete document languages to print beside ``code``: the ``prefer``\\ red ones that
    are complete (e.g. the counsellor's interface language), then reviewed ones, then
    English (the source), then the other complete ones."""
    complete = [info.code for info in document_languages()
                if info.code != code and catalog_state(info.code) in PRINTABLE_ALONE]
    ranked: list[str] = [c for c in prefer if c in complete]
    ranked += [c for c in complete if catalog_state(c) == COMPLETE_REVIEWED]
    ranked += [c for c in complete if catalog_state(c) == SOURCE]
    ranked += complete
    seen: dict[str, None] = {}
    for c in ranked:
        seen.setdefault(c, None)
    return tuple(seen)


def print_advice(code: str, prefer: tuple[str, ...] = ()) -> PrintAdvice:
    """Whether to warn before printing documents in ``code``, why (translated into the
    interface language) and which languages to offer for a bilingual print."""
    from counsel_app.i18n.names import language_name
    from counsel_app.i18n import interface_language

    info = manifest().get(code)
    if info is None or DOCUMENTS not in info.roles:
        raise KeyError(f"{code!r} is not a document language")
    state = catalog_state(code)
    name = language_name(code, interface_language(), capitalised=False)
    companions = bilingual_companions(code, prefer)
    if state in (SOURCE, COMPLETE_REVIEWED):
        return PrintAdvice(code, state, False, "", True, companions)
    if state == COMPLETE:
        message = _("The {language} translation of these documents is complete but has not "
                    "been checked by a native speaker. You can print them side by side with "
                    "a language you can read, to check them with the person.").format(
                        language=name)
        return PrintAdvice(code, state, True, message, True, companions)
    message = _("The {language} translation of these documents is incomplete: the parts "
                "not translated will print in English. Print them side by side with a "
                "complete language, and have an interpreter go through them with the "
                "person.").format(language=name)
    return PrintAdvice(code, state, True, message, False, companions)


def translation_warning(lang: str, second: str | None = None) -> str:
    """What the command line says before printing in ``lang`` (and ``second``): the same
    sentence the print screen shows for each draft language, or "" when there is none."""
    lines = []
    if second == lang:  # printed in one language (documents.base drops such a second)
        second = None
    for code in (lang, second):
        if not code or code == "x_pseudo":
            continue
        advice = print_advice(code, prefer=tuple(c for c in (lang, second) if c and c != code))
        if advice.warn:
            lines.append(advice.message)
    return " ".join(lines)


def reload_manifest() -> None:
    """Forget the cached manifest and counts (after editing catalogs)."""
    manifest.cache_clear()
    catalog_progress.cache_clear()


__all__ = [
    "COMPLETE",
    "COMPLETE_REVIEWED",
    "LanguageInfo",
    "PARTIAL",
    "PrintAdvice",
    "SOURCE",
    "STATES",
    "bilingual_companions",
    "catalog_progress",
    "catalog_state",
    "document_languages",
    "interface_languages",
    "language",
    "manifest",
    "print_advice",
    "reload_manifest",
    "translation_warning",
]
