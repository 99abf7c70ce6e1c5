"""Bidirectional text for the documents: isolation of inserted values, levels, line order.

Levels come from a complete, maintained implementation of the Unicode Bidirectional
Algorithm (UAX #9): python-bidi wraps the Rust ``unicode-bidi`` crate (explicit embeddings
and isolates, bracket pairs N0, every weak and neutral rule). python-bidi's public API
returns the reordered string, and, with ``debug=True``, the resolved levels that reordering
used; :func:`paragraph_levels` reads those (per UTF-8 byte there, per character here). The
line rules are ours and short: L1 (trailing whitespace, separators and isolate controls
back to the paragraph level) in :func:`line_levels`, L2 (reversal) in :func:`visual_order`.
``tests/documents/test_bidi_conformance.py`` runs the Unicode Consortium's own
``BidiCharacterTest.txt`` through this module and requires every case to pass.

Every value put into a sentence or a line of a document goes through :func:`isolate` (FSI,
LRI or RLI … PDI): its neutral characters (brackets, full stops, dashes) then resolve with
the value and never jump to the other end of the line, and the value counts as one neutral
for the text around it. The controls take no room on paper (HarfBuzz removes them) and are
kept out of copied text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"

#: every explicit directional formatting character (kept out of extracted text)
CONTROLS = frozenset((LRI, RLI, FSI, PDI, LRE, RLE, PDF, LRO, RLO, LRM, RLM, ALM))

_OPENERS = {"auto": FSI, "ltr": LRI, "rtl": RLI}
_STRONG_RTL = frozenset(("R", "AL"))
#: classes rule X9 removes (they keep the level of the character before them)
_REMOVED = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "BN"))
#: classes that can only resolve to something other than the paragraph level next to a
#: right-to-left letter, an Arabic number or an explicit control
_NEEDS_RESOLVING = frozenset(("R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI",
                              "RLI", "FSI", "PDI"))
_L1_TRAILING = frozenset(("WS", "LRI", "RLI", "FSI", "PDI"))
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def isolate(value: str, direction: str = "auto") -> str:
    """``value`` as a bidi isolate: FSI…PDI (``"auto"``: the direction of its first strong
    letter), LRI…PDI (``"ltr"``: phone numbers, references) or RLI…PDI (``"rtl"``).

    The one function every document uses to put a value into text. Empty stays empty;
    a value already isolated is not wrapped twice.
    """
    if not value:
        return value
    if value[0] in (LRI, RLI, FSI) and value[-1] == PDI and _balanced(value[1:-1]):
        return value
    return f"{_OPENERS[direction]}{value}{PDI}"


def value_list(values, lang: str) -> str:
    """``values`` as one list in a document in ``lang``: the language's separator between
    them (:func:`counsel_app.i18n.formatting.list_separator`: "، " in Arabic script), each
    value an isolate, the whole list an isolate in the language's direction. A Latin code
    among Arabic words then keeps its place ("INT-07، الفولانية" reads from the right, never
    "INT-07 ,الفولانية,"), and the list reads in the document's direction wherever it is
    put, even when its first value is in another script. Empty values are left out; no
    value gives "".

    The one function documents use to print several values as one (a field's values, a
    source's title, publisher and date); a list in a sentence ("Arabic and Somali") is
    Babel's ``format_list``.
    """
    from counsel_app.i18n import is_rtl
    from counsel_app.i18n.formatting import list_separator

    values = [v for v in values if v]
    if not values:
        return ""
    joined = list_separator(lang).join(isolate(v) for v in values)
    return isolate(joined, "rtl" if is_rtl(lang) else "ltr")


def _balanced(inner: str) -> bool:
    depth = 0
    for ch in inner:
        if ch in (LRI, RLI, FSI):
            depth += 1
        elif ch == PDI:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def strip_controls(text: str) -> str:
    """``text`` without explicit directional formatting characters (for copied text)."""
    if not any(ch in CONTROLS for ch in text):
        return text
    return "".join(ch for ch in text if ch not in CONTROLS)


@lru_cache(maxsize=8192)
def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def has_rtl(text: str) -> bool:
    return any(bidi_class(ch) in _STRONG_RTL for ch in text if ord(ch) >= 0x0590)


def base_level(text: str, default: int) -> int:
    """Rules P2–P3 (isolates skipped): 1 if the first strong letter is right-to-left, 0 if
    left-to-right, ``default`` when there is none (digits only, empty)."""
    depth = 0
    for ch in text:
        if ch in (LRI, RLI, FSI):
            depth += 1
            continue
        if ch == PDI:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        t = bidi_class(ch)
        if t == "L":
            return 0
        if t in _STRONG_RTL:
            return 1
    return default


def paragraph_levels(text: str, direction: int | None = None) -> tuple[int, list[int]]:
    """The paragraph level and the embedding level of every character of ``text`` (one
    paragraph: no paragraph separator inside), rules P2 to I2.

    ``direction``: 0 left-to-right, 1 right-to-left, None from the first strong letter
    (left-to-right when there is none). Characters removed by rule X9 (embedding controls,
    boundary neutrals such as the zero-width non-joiner) get the level of the character
    before them, so they never split a run.
    """
    paragraph, levels = _levels(text, direction)
    return paragraph, list(levels)


@lru_cache(maxsize=4096)
def _levels(text: str, direction: int | None) -> tuple[int, tuple[int, ...]]:
    n = len(text)
    if n == 0:
        return (direction or 0), ()
    if direction != 1 and all(ord(ch) < 0x0590 for ch in text):
        return 0, (0,) * n  # Latin, Cyrillic, Greek… with no control: nothing to resolve
    classes = [bidi_class(ch) for ch in text]
    if not any(c in _NEEDS_RESOLVING for c in classes):
        if direction != 1:  # no right-to-left letter, number or control: all level 0
            return 0, (0,) * n
    from bidi import get_display  # the resolver, loaded by the documents only (the
    # screens' messages isolate their values with this module too)

    debug = get_display(text, base_dir={0: "L", 1: "R"}.get(direction), debug=True)
    head, _, tail = debug.partition("levels: [")
    levels_part, _, paragraphs_part = tail.partition("paragraphs: [")
    by_byte = [int(v) for v in _LEVEL.findall(levels_part)]
    found = _LEVEL.search(paragraphs_part)
    paragraph = int(found.group(1)) if found else (direction or 0)
    out: list[int] = []
    index = 0
    previous = paragraph
    for ch, cls in zip(text, classes):
        level = by_byte[index] if index < len(by_byte) else paragraph
        index += len(ch.encode("utf-8"))
        if cls in _REMOVED:
            level = previous
        out.append(level)
        previous = level
    return paragraph, tuple(out)


def line_levels(text: str, levels: list[int], paragraph: int) -> list[int]:
    """Rule L1 on one line (``text`` and its ``levels`` from :func:`paragraph_levels`):
    segment and paragraph separators, and whitespace and isolate controls before them or
    at the end of the line, go back to the paragraph level."""
    out = list(levels)
    trailing = True  # at the end of the line
    for i in range(len(text) - 1, -1, -1):
        cls = bidi_class(text[i])
        if cls in ("S", "B"):
            out[i] = paragraph
            trailing = True
        elif trailing and (cls in _L1_TRAILING or cls in _REMOVED):
            out[i] = paragraph
        else:
            trailing = False
    return out


def visual_order(levels: list[int]) -> list[int]:
    """Indices of items in visual (left-to-right) order given their levels (rule L2)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if levels[order[i]] >= level:
                j = i
                while j < n and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def display(text: str, direction: int | None = None) -> str:
    """One line of ``text`` in visual order (for tests and plain-text checks; mirroring
    of brackets is the shaper's job and is not done here)."""
    paragraph, levels = paragraph_levels(text, direction)
    order = visual_order(line_levels(text, levels, paragraph))
    return "".join(text[i] for i in order if text[i] not in CONTROLS)
