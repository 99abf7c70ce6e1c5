"""The text a reader copies out of a printed line: ``/ActualText`` spans.

Shaping merges, splits and reorders letters (joined Arabic, Nastaliq ligatures, Bengali vowel
signs drawn before their consonant, harakat placed as marks, zero-width non-joiners that draw
nothing), so no glyph-to-character map can give the written text back. Every line we draw is
wrapped in a marked-content span whose ``/ActualText`` (PDF 32000-1, 14.9.4) holds all of its
characters.

In which order? PDF readers assume the glyphs of a page stand in visual order and rebuild the
reading order themselves, and they treat the characters of an ActualText span the same way.
poppler (``pdftotext``, Evince) does it with a fixed rule per page, ``reorderText``: the page's
main direction is the majority of its left-to-right against right-to-left letters; on a
left-to-right page, runs without right-to-left letters are kept and runs without left-to-right
letters or digits are reversed; on a right-to-left page the line is read from its right end
the other way round. :func:`extractable` gives each line the character order that this rule
turns back into the line's logical text, for the page's direction (known once the page is
complete: :func:`page_direction`); where no order can (a neutral between a Latin word and an
Arabic one on some pages), the plain visual order is used, which every reader handles like
ordinary glyphs. Characters are never dropped, so harakat and ZWNJ are always there.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from counsel_app.documents.bidi import CONTROLS, LRM, RLM

_L, _R, _NUM, _OTHER = "L", "R", "#", "X"


@lru_cache(maxsize=8192)
def _kind(ch: str) -> str:
    cls = unicodedata.bidirectional(ch)
    if cls == "L":
        return _L
    if cls in ("R", "AL"):
        return _R
    if cls in ("EN", "AN", "ES", "ET", "CS"):  # poppler counts separators as number parts
        return _NUM
    return _OTHER


def page_direction(lines: list[str]) -> bool:
    """True when a reader takes the page for left to right (as many or more left-to-right
    letters than right-to-left ones)."""
    count = 0
    for line in lines:
        for ch in line:
            kind = _kind(ch)
            if kind == _L:
                count += 1
            elif kind == _R:
                count -= 1
    return count >= 0


def reorder(text: str, left_to_right: bool) -> str:
    """What poppler's ``reorderText`` makes of a line whose characters stand in ``text``
    order, on a page of the given direction (without its embedding marks)."""
    kinds = [_kind(ch) for ch in text]
    out: list[str] = []
    n = len(text)
    if left_to_right:
        i = 0
        while i < n:
            j = i
            while j < n and kinds[j] != _R:
                j += 1
            out.append(text[i:j])
            i = j
            while j < n and kinds[j] not in (_L, _NUM):
                j += 1
            out.append(text[i:j][::-1])
            i = j
        return "".join(out)
    i = n - 1
    while i >= 0:
        j = i
        while j >= 0 and kinds[j] not in (_L, _NUM):
            j -= 1
        out.append(text[j + 1:i + 1][::-1])
        i = j
        while j >= 0 and kinds[j] != _R:
            j -= 1
        out.append(text[j + 1:i + 1])
        i = j
    return "".join(out)


def _with_marks(logical: str, left_to_right: bool) -> str:
    """``logical`` with a left-to-right mark (on a left-to-right page) after a
    right-to-left letter, or a right-to-left mark (on a right-to-left page) after a Latin
    letter or a digit, wherever neutrals (spaces, full stops, brackets) stand between it and
    a letter of the other direction or the end of the line: the rule would otherwise take
    those neutrals to the wrong side. The marks are invisible and carry no meaning here."""
    kinds = [_kind(ch) for ch in logical]
    first, mark = ((_R, LRM) if left_to_right else ((_L, _NUM), RLM))
    stops = (_L, _NUM) if left_to_right else (_R,)
    out: list[str] = []
    n = len(logical)
    for i, ch in enumerate(logical):
        out.append(ch)
        if kinds[i] in first and i + 1 < n and kinds[i + 1] == _OTHER:
            j = i + 1
            while j < n and kinds[j] == _OTHER:
                j += 1
            if j == n or kinds[j] in stops:
                out.append(mark)
    return "".join(out)


def _arrange(logical: str, left_to_right: bool) -> str:
    """A character order that :func:`reorder` turns into ``logical`` (not verified)."""
    kinds = [_kind(ch) for ch in logical]
    n = len(logical)
    segments: list[str] = []
    i = 0
    if left_to_right:
        # output = kept run (no R), reversed run (no L/number), kept, reversed…
        while i < n:
            j = i
            while j < n and kinds[j] != _R:
                j += 1
            segments.append(logical[i:j])
            i = j
            while j < n and kinds[j] not in (_L, _NUM):
                j += 1
            segments.append(logical[i:j][::-1])
            i = j
        return "".join(segments)
    # output = reversed run (no L/number) taken from the right end, kept run (no R), …
    while i < n:
        j = i
        while j < n and kinds[j] not in (_L, _NUM):
            j += 1
        segments.append(logical[i:j][::-1])
        i = j
        while j < n and kinds[j] != _R:
            j += 1
        segments.append(logical[i:j])
        i = j
    return "".join(reversed(segments))


@lru_cache(maxsize=4096)
def extractable(logical: str, visual: str, left_to_right: bool) -> str:
    """The ActualText of a line: its characters in an order the page's readers turn back
    into ``logical`` (``visual``, the order the glyphs stand in, when there is none)."""
    logical = "".join(ch for ch in logical if ch not in CONTROLS)
    visual = "".join(ch for ch in visual if ch not in CONTROLS)
    if left_to_right and not any(_kind(ch) == _R for ch in logical):
        return logical  # nothing right to left on a left-to-right page: kept as it is
    marked = _with_marks(logical, left_to_right)
    arranged = _arrange(marked, left_to_right)
    if reorder(arranged, left_to_right) == marked:
        return arranged
    return visual


def pdf_text(text: str) -> str:
    """A PDF text string (UTF-16BE with its byte order mark, hex-encoded)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
