"""Full-text search over every pack: SQLite FTS5, insensitive to case and accents.

One row per item and language. Columns: ``title``, ``body`` (the text), ``alt`` (the text
with Arabic spelling variants folded, only when it differs), ``place`` (the country's names
in the interface languages, so "Guinea unemployment" finds Guinea's figures) and unindexed
keys. The tokenizer is ``unicode61 remove_diacritics 2`` (é = e, case folded); Arabic is
folded by :func:`fold_arabic` on both sides (harakat and tatweel removed, alef/yaa/taa
marbuta variants unified), since unicode61 keeps Arabic marks inside tokens.

The index lives in a cache file in the user's data folder, rebuilt only when the set of
packs changes (its fingerprint), or in memory.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from country_info.files import ensure_folder, replacing

INDEX_VERSION = "4"

_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_ARABIC = re.compile("[\u0600-\u06ff]")
_WORD = re.compile(r"\w+", re.UNICODE)
HL_START, HL_END = "\x02", "\x03"


def fold_arabic(text: str) -> str:
    return _AR_MARKS.sub("", text).translate(_AR_MAP)


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def query_terms(query: str) -> list[str]:
    text = unicodedata.normalize("NFC", query)
    if has_arabic(text):
        text = fold_arabic(text)
    return _WORD.findall(text)[:12]


def match_expression(query: str) -> str | None:
    """The FTS5 expression for a user's words (all words must occur; words of 3+ letters
    match as prefixes, so results come while typing; shorter ones match whole words)."""
    parts = []
    for term in query_terms(query):
        term = term.replace('"', "")
        if not term or term == "_":
            continue
        parts.append(f'"{term}"*' if len(term) >= 3 else f'"{term}"')
    return " AND ".join(parts) if parts else None


@dataclass(frozen=True)
class Row:
    key: str          # "<pack_id>:<item id>"
    country: str
    section: str
    lang: str
    title: str
    body: str
    place: str


@dataclass(frozen=True)
class SearchHit:
    key: str
    country: str
    section: str
    lang: str
    title: str
    #: the snippet as (text, highlighted) pieces, in reading order
    snippet: tuple[tuple[str, bool], ...] = field(default=())

    @property
    def snippet_text(self) -> str:
        return "".join(t for t, _ in self.snippet)

    def snippet_marked(self, start: str = "[", end: str = "]") -> str:
        return "".join(f"{start}{t}{end}" if hl else t for t, hl in self.snippet)

    def snippet_html(self) -> str:
        import html

        return "".join(f"<b>{html.escape(t)}</b>" if hl else html.escape(t) for t, hl in self.snippet)


SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(
    title, body, alt, place,
    key UNINDEXED, country UNINDEXED, section UNINDEXED, lang UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

SEARCH_SQL = """
SELECT key, country, section, lang, title,
       snippet(docs, 1, '\x02', '\x03', '…', 14) AS snip, body
FROM docs WHERE docs MATCH ?{filters}
ORDER BY bm25(docs, 4.0, 1.0, 1.0, 0.3) LIMIT ?
"""


def _fill(conn: sqlite3.Connection, rows, fingerprint: str) -> None:
    conn.executescript(SCHEMA)
    conn.executemany(
        "INSERT INTO docs (title, body, alt, place, key, country, section, lang) VALUES (?,?,?,?,?,?,?,?)",
        ((r.title, r.body, _alt(r.title, r.body), r.place, r.key, r.country, r.section, r.lang) for r in rows),
    )
    conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
    conn.commit()


def _alt(title: str, body: str) -> str:
    text = f"{title}\n{body}"
    if not has_arabic(text):
        return ""
    folded = fold_arabic(text)
    return folded if folded != text else ""


class SearchIndex:
    """An FTS5 index over rows; thread-safe for queries."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._lock = threading.Lock()

    @classmethod
    def in_memory(cls, rows, fingerprint: str = "") -> SearchIndex:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(conn, rows, fingerprint)
        return cls(conn)

    @classmethod
    def cached(cls, path: Path, fingerprint: str, rows_factory) -> SearchIndex:
        """Open the cache file when its fingerprint matches; else rebuild it atomically."""
        fingerprint = f"{INDEX_VERSION}:{fingerprint}"
        if path.exists():
            try:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                row = conn.execute("SELECT value FROM meta WHERE name='fingerprint'").fetchone()
                if row and row[0] == fingerprint:
                    return cls(conn)
                conn.close()
            except sqlite3.DatabaseError:
                pass
        ensure_folder(path.parent)
        with replacing(path, private=False) as tmp:  # an index of the public packs
            conn = sqlite3.connect(tmp)
            try:
                conn.execute("PRAGMA journal_mode=OFF")
                _fill(conn, rows_factory(), fingerprint)
            finally:
                conn.close()
        return cls(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))

    def close(self) -> None:
        self._conn.close()

    def raw(self, sql: str, params=()):
        """Run SQL on the index directly (benchmarks compare the API with it)."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def sql_for(countries, sections, langs) -> tuple[str, list]:
        filters, params = "", []
        for column, values in (("country", countries), ("section", sections), ("lang", langs)):
            if values:
                values = list(values)
                filters += f" AND {column} IN ({','.join('?' * len(values))})"
                params.extend(values)
        return SEARCH_SQL.format(filters=filters), params

    def search(self, query: str, *, countries=None, sections=None, langs=None,
               limit: int = 30, prefer_lang: str | None = None) -> list[SearchHit]:
        """Best hits first, one per item (in ``prefer_lang`` when that language matched)."""
        expression = match_expression(query)
        if expression is None or limit <= 0:
            return []
        sql, params = self.sql_for(countries, sections, langs)
        with self._lock:
            rows = self._conn.execute(sql, [expression, *params, limit * 3]).fetchall()
        chosen: dict[str, tuple] = {}
        for row in rows:
            key, lang = row[0], row[3]
            if key not in chosen or (prefer_lang and lang == prefer_lang and chosen[key][3] != prefer_lang):
                chosen[key] = row
        # Arabic words may match through their folded spelling: highlight those in Python
        arabic = has_arabic(query)
        terms = query_terms(query)
        hits: list[SearchHit] = []
        for key, country, section, lang, title, snip, body in list(chosen.values())[:limit]:
            if arabic and has_arabic(body):
                snip = fallback_snippet(body, terms)
            hits.append(SearchHit(key, country, section, lang, title, split_marked(snip)))
        return hits


def split_marked(text: str) -> tuple[tuple[str, bool], ...]:
    pieces: list[tuple[str, bool]] = []
    for part in re.split(f"({HL_START}[^{HL_END}]*{HL_END})", text):
        if not part:
            continue
        if part.startswith(HL_START):
            pieces.append((part[1:-1], True))
        else:
            pieces.append((part, False))
    return tuple(pieces)


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in base if not unicodedata.combining(c))
    return fold_arabic(base).casefold()


def fallback_snippet(body: str, terms: list[str], width: int = 90) -> str:
    """Highlight terms in ``body`` by comparing folded text (used when FTS5's own snippet
    could not mark the hit, e.g. an Arabic word found through its folded spelling)."""
    folded_chars: list[str] = []
    index_map: list[int] = []
    for i, ch in enumerate(body):
        f = _fold_char(ch)
        for c in f:
            folded_chars.append(c)
            index_map.append(i)
    folded = "".join(folded_chars)
    spans = []
    for term in terms:
        t = "".join(_fold_char(c) for c in term)
        if not t:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(t), folded):
            start = index_map[m.start()]
            end_f = m.end()
            # extend to the end of the word, as a prefix match does
            while end_f < len(folded) and folded[end_f].isalnum():
                end_f += 1
            end = index_map[end_f - 1] + 1
            spans.append((start, end))
    if not spans:
        return body[:width] + ("…" if len(body) > width else "")
    spans.sort()
    first = spans[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(body), lo + width)
    out, pos = [], lo
    for start, end in spans:
        if start < pos or start >= hi:
            continue
        out.append(body[pos:start])
        out.append(HL_START + body[start:min(end, hi)] + HL_END)
        pos = min(end, hi)
    out.append(body[pos:hi])
    return ("…" if lo > 0 else "") + "".join(out) + ("…" if hi < len(body) else "")
