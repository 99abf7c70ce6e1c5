"""How a person's name and place print on a document in a given language.

The intake keeps the name as the person writes it (``name_native``) and in Latin letters
(``name_latin``). On a document in a language written in the same script as the person's own
spelling, that spelling comes first and the Latin letters beside it (an Arabic plan for
"عمر عبد الله" prints "عمر عبد الله (Omar Abdallah)"); on other documents the Latin name
comes first with the person's own spelling beside it. Each name is isolated, so neither
reorders the other. Two spellings in the same script (accents, another transliteration:
"Aïssatou Barry" and "Aissatou Barry") print once, as the person writes it: the second
spelling is printed only for a reader of another script. A place prints by its names in
the document's language, each once, as one list in that language (:func:`place_name`:
"Mosul، نينوى، العراق" on an Arabic document, "Mosul, Nīnawá, Irak" on a French one).
"""

from __future__ import annotations

import unicodedata

from counsel_app.documents.bidi import isolate, value_list

#: Unicode name prefix -> ISO 15924 (the scripts our documents print)
_SCRIPTS = {"LATIN": "Latn", "ARABIC": "Arab", "ETHIOPIC": "Ethi", "BENGALI": "Beng",
            "CYRILLIC": "Cyrl", "GEORGIAN": "Geor", "ARMENIAN": "Armn", "GREEK": "Grek"}


def script_of(text: str) -> str:
    """The ISO 15924 code of the first letter of ``text`` ("" when it has none)."""
    for ch in text:
        if ch.isalpha():
            word = unicodedata.name(ch, "").split(" ")[0]
            return _SCRIPTS.get(word, word.title())
    return ""


def language_script(lang: str) -> str:
    """The script a document language is written in (the manifest's, Latin if unknown)."""
    from counsel_app.i18n.languages import manifest

    info = manifest().get(lang)
    return info.script if info is not None else "Latn"


def name_parts(latin: str, native: str, lang: str) -> tuple[str, str]:
    """(the name to print first, the one to print beside it in brackets or "")."""
    latin, native = (latin or "").strip(), (native or "").strip()
    if not native or native == latin:
        return latin or native, ""
    if not latin or script_of(native) == script_of(latin):
        return native, ""
    if script_of(native) == language_script(lang):
        return native, latin
    return latin, native


def name_spans(latin: str, native: str, lang: str, *, bold: bool = False) -> list:
    """The person's name for a document in ``lang`` as text spans (see the module doc)."""
    from counsel_app.documents.text import Span

    first, second = name_parts(latin, native, lang)
    if not first:
        return []
    spans = [Span(first, bold=bold, isolate="auto")]
    if second:
        spans += [Span(" (", bold=bold), Span(second, bold=bold, isolate="auto"),
                  Span(")", bold=bold)]
    return spans


def name_text(latin: str, native: str, lang: str) -> str:
    """The same as one string, each name isolated, for data that is text."""
    first, second = name_parts(latin, native, lang)
    if not first:
        return ""
    return f"{isolate(first)} ({isolate(second)})" if second else isolate(first)


def place_name(town: str, region: str, country: str, lang: str) -> str:
    """Where the person returns, for a document in ``lang``: the town as typed, the region's
    and the country's names in ``lang``, each once
    (:func:`counsel_app.i18n.names.place_parts`), as one list with the language's separator
    ("، " in Arabic script), each name isolated so a name in Latin letters keeps its place in
    a right-to-left line (:func:`counsel_app.documents.bidi.value_list`)."""
    from counsel_app.i18n.names import place_parts

    return value_list(place_parts(town, region, country, lang), lang)
