"""The one CSV writer: every CSV file the app writes goes through this module.

A spreadsheet program opening a CSV file treats a cell that begins with ``=``, ``+``, ``-``
or ``@`` (and, in some programs, a tab or a carriage return) as a formula: a label such as
``=HYPERLINK("http://…","click")`` written verbatim would run when a supervisor opens the
export. Every cell that begins with one of those characters is written with a leading
apostrophe (``'=HYPERLINK(…)``), which spreadsheets show as the text itself; a plain number
(``-12``, ``+3.5``) is left as it is, since it cannot be a formula.

Standard library only, no Qt. It lives in country_info (the lower layer, which imports nothing
of counsel_app) so that the packs' sheets and the app's exports share it;
``tests/security/test_quick_wins.py`` fails when another module calls ``csv.writer``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> str:
    """``value`` as the text of a cell no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class Writer:
    """``csv.writer`` whose every cell is :func:`neutralise`\\ d."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def to_text(rows: Iterable[Iterable[Any]], *, lineterminator: str = "\r\n") -> str:
    """The rows as CSV text (cells neutralised)."""
    out = io.StringIO()
    Writer(out, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


def write_csv(path: str | os.PathLike, rows: Iterable[Sequence[Any]], *, private: bool = True,
              excel: bool = True, lineterminator: str = "\r\n") -> Path:
    """Write ``rows`` (the header first) to ``path`` all at once (``write_atomically``):
    UTF-8 with a byte-order mark when ``excel`` (so Excel reads accented letters), private
    (0600) unless ``private=False``. Raises ``OSError`` like ``write_atomically``."""
    from country_info.files import write_atomically

    text = to_text(rows, lineterminator=lineterminator)
    return write_atomically(path, text, private=private,
                            encoding="utf-8-sig" if excel else "utf-8")
