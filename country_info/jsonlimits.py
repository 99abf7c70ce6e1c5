"""Reading JSON that came from outside (a pack, a package header, a key file, a settings
file) with its nesting limited *before* it is parsed.

Python's JSON parser recurses once per level: a file nested a thousand levels deep
(``[[[[…]]]]``) makes it raise ``RecursionError``, which no caller expects. :func:`loads`
first counts the levels with a flat scan (strings skipped whole) and refuses a document
deeper than :data:`MAX_DEPTH` with :class:`TooDeep`, a ``json.JSONDecodeError`` (so a
``ValueError``): every caller that already turns malformed JSON into one sentence naming
the file does the same for this one.

Standard library only, like :mod:`country_info.files`.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: The deepest nesting accepted. Our own files (packs, packages, backups, key files) stay
#: under 12 levels.
MAX_DEPTH = 64

_TOKENS_STR = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_TOKENS_BYTES = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


class TooDeep(json.JSONDecodeError):
    """The document is nested more deeply than allowed (nothing of it was parsed)."""

    def __init__(self, doc: str, pos: int, max_depth: int):
        super().__init__(f"nested more than {max_depth} levels deep", doc, pos)
        self.max_depth = max_depth


def check_depth(doc: str | bytes | bytearray, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`TooDeep` when ``doc`` opens more than ``max_depth`` arrays or objects
    inside each other (brackets inside strings do not count). Linear in the size."""
    if isinstance(doc, (bytes, bytearray)):
        if doc.count(b"[") + doc.count(b"{") <= max_depth:
            return
        tokens, opening = _TOKENS_BYTES, (ord("["), ord("{"))
        closing = (ord("]"), ord("}"))
    else:
        if doc.count("[") + doc.count("{") <= max_depth:
            return
        tokens, opening, closing = _TOKENS_STR, ("[", "{"), ("]", "}")
    depth = 0
    for match in tokens.finditer(doc):
        first = doc[match.start()]
        if first in opening:
            depth += 1
            if depth > max_depth:
                text = doc.decode("utf-8", "replace") if isinstance(doc, (bytes, bytearray)) \
                    else doc
                raise TooDeep(text, match.start(), max_depth)
        elif first in closing:
            depth -= 1


def loads(doc: str | bytes | bytearray, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads(doc)`` after :func:`check_depth`. Raises ``json.JSONDecodeError``
    (:class:`TooDeep` for too deep a document) or ``UnicodeDecodeError`` for bytes that
    are not UTF-8, like ``json.loads``."""
    check_depth(doc, max_depth)
    return json.loads(doc)
