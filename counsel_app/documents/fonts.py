"""The bundled fonts: registered once, chosen per character, coverage checked before print.

Every printed document draws its text with the Noto fonts in ``resources/fonts/`` (copied
from Debian's ``fonts-noto-core``; see the README there). Each *family* covers one script
and has a regular and a bold face. A character goes to the family of its script; neutral
characters (spaces, digits, punctuation) stay with the family around them when it has them.

A character none of the fonts can show would print as an empty box; :func:`check_coverage`
finds it first and raises :class:`UnsupportedScript` naming the script and the language.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counsel_app.errors import UserError
from counsel_app.i18n import _, primary
from counsel_app.paths import resources_dir


@dataclass(frozen=True)
class Family:
    key: str
    regular_file: str
    bold_file: str
    #: line height as a multiple of the font size (Naskh needs more room than Latin)
    leading: float = 1.35

    def font_name(self, bold: bool = False) -> str:
        return f"CA-{self.key}-{'Bold' if bold else 'Regular'}"

    def __hash__(self) -> int:
        # families are keys of the shaping caches, looked up for every character: hash
        # the key alone (equal families have equal keys)
        return hash(self.key)


LATIN = Family("Latin", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", 1.35)
ARABIC = Family("Arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", 1.55)
ETHIOPIC = Family("Ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf", 1.45)
BENGALI = Family("Bengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", 1.5)
#: Urdu is read in Nastaliq; only the regular face is bundled (its bold adds 0.6 MB), so
#: bold Urdu prints regular (headings still stand out by size and colour).
NASTALIQ = Family("Nastaliq", "NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Regular.ttf",
                  2.3)

GEORGIAN = Family("Georgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf", 1.4)
ARMENIAN = Family("Armenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf", 1.4)

#: Every family, in fallback order (Latin first: it holds most punctuation and digits).
FAMILIES: tuple[Family, ...] = (LATIN, ARABIC, ETHIOPIC, BENGALI, NASTALIQ, GEORGIAN,
                                ARMENIAN)

#: Unicode blocks that belong to one family (first, last code point).
_SCRIPT_RANGES: tuple[tuple[int, int, Family], ...] = (
    (0x0600, 0x06FF, ARABIC), (0x0750, 0x077F, ARABIC), (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC), (0xFE70, 0xFEFF, ARABIC),
    (0x1200, 0x139F, ETHIOPIC), (0x2D80, 0x2DDF, ETHIOPIC), (0xAB00, 0xAB2F, ETHIOPIC),
    (0x0980, 0x09FF, BENGALI),
    (0x10A0, 0x10FF, GEORGIAN), (0x1C90, 0x1CBF, GEORGIAN), (0x2D00, 0x2D2F, GEORGIAN),
    (0x0530, 0x058F, ARMENIAN), (0xFB13, 0xFB17, ARMENIAN),
)

#: The family whose look a language's text should have (its main script).
LANGUAGE_FAMILY: dict[str, Family] = {
    "ar": ARABIC, "fa": ARABIC, "ps": ARABIC, "ur": NASTALIQ, "ckb": ARABIC, "sd": ARABIC,
    "am": ETHIOPIC, "ti": ETHIOPIC,
    "bn": BENGALI,
    "ka": GEORGIAN, "hy": ARMENIAN,
}

#: Characters that take no room and need no glyph (joiners, marks of direction).
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u061c"
                      "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register every bundled face with ReportLab once (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        for family in FAMILIES:
            for bold, filename in ((False, family.regular_file), (True, family.bold_file)):
                path = folder / filename
                if not path.exists():
                    raise UserError(
                        _("The font file {path} is missing; reinstall the app.").format(path=path)
                    )
                pdfmetrics.registerFont(TTFont(family.font_name(bold), str(path)))
            pdfmetrics.registerFontFamily(
                family.font_name(), normal=family.font_name(), bold=family.font_name(True),
                italic=family.font_name(), boldItalic=family.font_name(True),
            )
        _registered = True


def ttfont(family: Family, bold: bool = False) -> TTFont:
    register_fonts()
    return pdfmetrics.getFont(family.font_name(bold))


@lru_cache(maxsize=None)
def _cmap(family: Family) -> frozenset[int]:
    return frozenset(ttfont(family).face.charToGlyph)


def script_family(ch: str) -> Family | None:
    """The family of ``ch``'s script, or None for Latin/Cyrillic/common characters."""
    code = ord(ch)
    if code < 0x0530:  # Latin, Greek, Cyrillic and common characters
        return None
    for first, last, family in _SCRIPT_RANGES:
        if first <= code <= last:
            return family
    return None


def has_glyph(family: Family, ch: str) -> bool:
    return ord(ch) in _cmap(family)


@lru_cache(maxsize=4096)
def family_for(ch: str, around: Family | None, home: Family | None = None) -> Family | None:
    """The family that draws ``ch``; ``around`` is the family of the text around it,
    ``home`` the family of the document language.

    None means no bundled font has the character.
    """
    own = script_family(ch)
    if own is ARABIC and NASTALIQ in (around, home) and has_glyph(NASTALIQ, ch):
        return NASTALIQ  # Urdu text stays in Nastaliq where the font has the letter
    if own is not None:
        return own if has_glyph(own, ch) else None
    if around is not None and has_glyph(around, ch):
        return around
    for family in FAMILIES:
        if has_glyph(family, ch):
            return family
    return None


def language_family(lang: str) -> Family:
    return LANGUAGE_FAMILY.get(primary(lang), LATIN)


class UnsupportedScript(UserError):
    """Text in a script the bundled fonts cannot show."""

    def __init__(self, script: str, lang: str, sample: str):
        super().__init__(
            _("This document cannot be printed: it contains {script} text (“{sample}”), which "
              "the fonts bundled with the app cannot show, in a {language} document. Remove or "
              "transliterate that text, or print in another language.").format(
                script=script, sample=sample, language=language_name(lang)
            )
        )
        self.script = script
        self.lang = lang


def language_name(lang: str) -> str:
    """The language's name in the interface language (Babel/CLDR), or its code."""
    from babel import Locale, UnknownLocaleError

    from counsel_app.i18n import interface_language

    try:
        return Locale.parse(lang).get_display_name(interface_language()) or lang
    except (UnknownLocaleError, ValueError):
        return lang


def script_name(ch: str) -> str:
    """A readable name of ``ch``'s script from its Unicode name (e.g. ``Georgian``)."""
    name = unicodedata.name(ch, "")
    if not name:
        return f"U+{ord(ch):04X}"
    word = name.split()[0]
    if word in ("CJK", "HANGUL", "HIRAGANA", "KATAKANA"):
        return word.capitalize() if word != "CJK" else "Chinese/Japanese (CJK)"
    return word.capitalize()


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` no bundled font can show (in order, without repeats)."""
    missing: list[str] = []
    for ch in text:
        if ch in INVISIBLE or ch in "\n\r\t" or ch in missing:
            continue
        if family_for(ch, None) is None:
            missing.append(ch)
    return missing


def check_coverage(text: str, lang: str) -> None:
    """Raise :class:`UnsupportedScript` if ``text`` holds characters no font can show."""
    if text.isascii():
        return
    missing = missing_characters(text)
    if not missing:
        return
    ch = missing[0]
    index = text.index(ch)
    start = max(0, index - 8)
    sample = text[start:index + 9].strip()
    raise UnsupportedScript(script_name(ch), lang, sample)
