"""What the plan screen's print panel asks the document layer for (Qt-free).

:func:`make_request` turns the panel's choices into a :class:`PrintRequest` (the easy-read
page has no second language; a second language equal to the first is none);
:func:`advice_for` says what to tell the counsellor about the chosen language and which
complete language to offer beside it; :func:`pdf_target` is the file a "save as PDF" writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PrintRequest:
    lang: str
    bilingual: str | None = None
    layout: str = "below"  # or "beside"
    easy_read: bool = False

    def file_suffix(self) -> str:
        if self.easy_read:
            return f"easy-read-{self.lang}"
        return f"plan-{self.lang}" + (f"-{self.bilingual}" if self.bilingual else "")

    def file_name(self, reference: str) -> str:
        """The name offered when saving: ``<reference>-plan-fr-en.pdf``."""
        return f"{reference}-{self.file_suffix()}.pdf"


def make_request(lang: str, second: str | None, layout: str, easy_read: bool) -> PrintRequest:
    """The request for the panel's choices."""
    if easy_read or second == lang:
        second = None
    return PrintRequest(lang, second or None, layout, easy_read)


@dataclass(frozen=True)
class LanguageAdvice:
    message: str = ""  # "" when there is nothing to say
    companion: str = ""  # a complete language to offer beside it ("" when none)


def advice_for(lang: str, second: str | None, easy_read: bool,
               prefer: tuple[str, ...] = ()) -> LanguageAdvice:
    """The warning before printing in ``lang`` (translated), and the complete language to
    offer as the second one when the chosen second language is not already one of them."""
    from counsel_app.i18n.languages import print_advice

    try:
        advice = print_advice(lang, prefer=prefer)
    except KeyError:
        return LanguageAdvice()
    if not advice.warn:
        return LanguageAdvice()
    companion = ""
    if advice.bilingual_with and not easy_read and second not in advice.bilingual_with:
        companion = advice.bilingual_with[0]
    return LanguageAdvice(advice.message, companion)


def pdf_target(path: str | Path) -> Path:
    """The file to write for a name chosen in the save dialog (``.pdf`` added if missing)."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    return target
