"""Resolved bidirectional levels (Unicode Bidirectional Algorithm, implicit rules).

Documents never contain explicit embedding controls (user text is plain), so the rules
needed are the implicit ones: W1–W7 (weak types), N1–N2 (neutrals), I1–I2 (levels) and
L2 (reordering, done by the caller on whole shaped runs). Explicit controls and other
boundary-neutral characters (ZWNJ, ZWJ) take the type of what precedes them, which is what
rule X9 amounts to for text without embeddings.

Levels are resolved once per paragraph, in logical order; the caller wraps the paragraph
into lines in logical order and then reorders each line (UAX #9, section 3.4).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_STRONG_RTL = frozenset(("R", "AL"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON"))
_EXPLICIT = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN"))


@lru_cache(maxsize=8192)
def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def has_rtl(text: str) -> bool:
    return any(bidi_class(ch) in _STRONG_RTL for ch in text if ord(ch) >= 0x0590)


def base_level(text: str, default: int) -> int:
    """Rules P2–P3: 1 if the first strong character is right-to-left, 0 if it is
    left-to-right, ``default`` when there is none (digits only, empty)."""
    for ch in text:
        t = bidi_class(ch)
        if t == "L":
            return 0
        if t in _STRONG_RTL:
            return 1
    return default


def resolve_levels(text: str, base: int, isolates: Sequence[tuple] = ()) -> list[int]:
    """The embedding level of every character of ``text`` (one paragraph), base 0 or 1.

    ``isolates`` are ``(start, end)`` or ``(start, end, "ltr"|"auto")`` ranges laid out as
    isolates (as if wrapped in LRI…PDI or FSI…PDI): phone numbers and case references keep
    their order inside a right-to-left line, a value put into a sentence keeps its own
    direction, and each counts as one neutral for the text around it.
    """
    n = len(text)
    if n == 0:
        return []
    if base == 0 and not has_rtl(text):
        return [0] * n
    if base == 1 and not isolates and not any(bidi_class(ch) in ("L", "EN", "AN")
                                              for ch in text):
        return [1] * n
    sos = "R" if base else "L"
    types = [bidi_class(ch) for ch in text]
    inner: list[tuple[int, int, list[int]]] = []
    for isolate in isolates:
        start, end = isolate[0], isolate[1]
        mode = isolate[2] if len(isolate) > 2 else "ltr"
        sub = text[start:end]
        # LRI (ltr) or FSI (auto: the direction of its first strong letter)
        inner_dir = 0 if mode == "ltr" else base_level(sub, base)
        level = base + 1 if (base + 1) % 2 == inner_dir else base + 2
        inner.append((start, end, [level - inner_dir + v
                                   for v in resolve_levels(sub, inner_dir)]))
        for k in range(start, end):
            types[k] = "ON"

    # X9 (approximated) and W1: explicit controls, boundary neutrals and NSM take the type
    # of the previous character (sos at the start)
    prev = sos
    for i, t in enumerate(types):
        if t in _EXPLICIT or t == "NSM":
            types[i] = prev
        prev = types[i]

    # W2: EN after AL becomes AN; W3: AL becomes R
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R", "AL"):
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]

    # W4: a single separator between two numbers of the same type
    for i in range(1, n - 1):
        t = types[i]
        if t == "ES" and types[i - 1] == "EN" and types[i + 1] == "EN":
            types[i] = "EN"
        elif t == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]

    # W5: terminators next to European numbers become EN
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                for k in range(i, j):
                    types[k] = "EN"
            i = j
        else:
            i += 1

    # W6: remaining separators and terminators are neutral
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]

    # W7: EN after L (or L sos) becomes L
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"

    # N1/N2: neutrals between two strong types of the same direction take it; otherwise
    # the embedding direction. Numbers count as R here.
    embedding = sos
    eos = sos
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = _strong_dir(types[i - 1]) if i > 0 else sos
            after = _strong_dir(types[j]) if j < n else eos
            direction = before if before == after else embedding
            for k in range(i, j):
                types[k] = direction
            i = j
        else:
            i += 1

    # I1/I2
    levels = [base] * n
    for i, t in enumerate(types):
        if base % 2 == 0:
            if t == "R":
                levels[i] = base + 1
            elif t in ("AN", "EN"):
                levels[i] = base + 2
        else:
            if t in ("L", "EN", "AN"):
                levels[i] = base + 1
    for start, end, values in inner:
        levels[start:end] = values
    return levels


def _strong_dir(t: str) -> str:
    return "L" if t == "L" else "R"


def visual_order(levels: list[int]) -> list[int]:
    """Indices of items in visual (left-to-right) order given their levels (rule L2)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
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
