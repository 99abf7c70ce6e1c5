"""Full-text search over every pack: SQLite FTS5 over folded text, in any script.

One row per item and *written* language: the text in its source language, every other
language a person or a source wrote (a curated pack's French, CLDR's names), never the
texts a program wrote out from figures (``Item.derived``; their words are only labels).
The source-language row carries the item's title in every language, so "santé" finds
"Health expenditure" through its French title.

Columns, all *folded* by :func:`fold` (case, Latin accents, Arabic marks and letter
variants, Persian and Urdu letter forms, zero-width joiners, Eastern digits): ``title``,
``body``, ``topics`` (topic ids of the search vocabulary, ``tphealth``...), ``place`` (the
country's names in every language and ``zzcc<code>``/``zzrg<region>`` tokens). Original
texts live in the plain table ``texts`` for snippets. The tokenizer keeps the vowel signs
of Bengali and the marks of Arabic script inside words (``tokenchars``); otherwise
unicode61 would cut স্বাস্থ্য into pieces.

Query planning (vocabulary, places, regions) is in :mod:`country_info.query`; this module
stores rows and runs one FTS5 statement. The index lives in a cache file in the user's
data folder, rebuilt only when the set of packs changes (its fingerprint), or in memory.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from country_info.files import ensure_folder, replacing

INDEX_VERSION = "6"

_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    # Persian, Dari, Pashto and Urdu forms of the same letters
    "ی": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي", "ۓ": "ي", "ک": "ك", "ڪ": "ك", "ہ": "ه", "ۀ": "ه",
    "ە": "ه", "ھ": "ه", "ۂ": "ه", "ۃ": "ه",
    # zero-width joiners and the Arabic letter mark: writers use them or not
    "\u200c": None, "\u200d": None, "\u061c": None,
})
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)},
                         **{chr(0x09E6 + i): str(i) for i in range(10)}})
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")
_OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9\u09e6-\u09ef]")
_AR_FOLDED = re.compile("[أإآٱىةؤئیېۍےۓکڪہۀەھۂۃ\u200c\u200d\u061c]")


def _marks() -> str:
    """Marks that belong inside words (Bengali and Devanagari vowel signs, Arabic marks)."""
    ranges = [(0x0600, 0x0700), (0x0750, 0x0780), (0x0900, 0x0A00)]
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi)
                   if unicodedata.category(chr(c)) in ("Mn", "Mc"))


_TOKENCHARS = _marks()
#: a word as the FTS5 tokenizer sees it: letters, digits and the marks above
_WORD = re.compile(f"[\\w{re.escape(_TOKENCHARS)}]+", re.UNICODE)
_AR_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f]{4,}")
#: Arabic article and the particles joined to it ("the", "and the", "with the", "for the")
_AR_ARTICLE = re.compile("^(?:وال|بال|كال|فال|لل|ال)")
#: Amharic's genitive prefix የ ("of": የጤና አገልግሎት, health service) written onto the word
_ET_WORD = re.compile(r"የ[\u1200-\u137f]{2,}")
HL_START, HL_END = "\x02", "\x03"
#: the combining diacritical marks of Latin, Greek and Cyrillic letters (accents); the
#: marks of other scripts (Bengali vowel signs, Arabic harakat) have blocks of their own
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_arabic(text: str) -> str:
    text = _AR_MARKS.sub("", text)
    return text.translate(_AR_MAP) if _AR_FOLDED.search(text) else text


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def fold(text: str) -> str:
    """``text`` as the index and the queries see it (same letters, one spelling)."""
    if text.isascii():
        return text.lower()
    text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    text = unicodedata.normalize("NFC", text).casefold()
    if _OTHER_DIGITS.search(text):
        text = text.translate(_DIGITS)
    if has_arabic(text):
        text = fold_arabic(text)
    return text


def strip_article(word: str) -> str:
    """A word without the article or particle written onto it: Arabic "الصحه" -> "صحه",
    Amharic "የጤና" -> "ጤና"; any other word unchanged."""
    if len(word) >= 4 and _ARABIC.match(word):
        stripped = _AR_ARTICLE.sub("", word)
        if len(stripped) >= 2:
            return stripped
    elif _ET_WORD.fullmatch(word):
        return word[1:]
    return word


def index_text(text: str) -> str:
    """Folded text for the index, with each Arabic word that starts with an article (and
    each Amharic word with የ) also given without it, so "صحة" finds "الصحة"."""
    folded = fold(text)
    words = _AR_WORD.findall(folded) if has_arabic(folded) else []
    if "የ" in folded:
        words += _ET_WORD.findall(folded)
    extra = [stripped for stripped in map(strip_article, words) if stripped not in words]
    return folded + ("\n" + " ".join(extra) if extra else "")


def query_terms(query: str) -> list[str]:
    """The words of a query, folded, at most 12 (Arabic articles removed)."""
    words = _WORD.findall(fold(query))
    return [strip_article(w) for w in words if w != "_"][:12]


def phrase(term: str) -> str:
    """One FTS5 term: words of 3+ letters match as prefixes (results while typing)."""
    term = term.replace('"', "")
    return f'"{term}"*' if len(term) >= 3 else f'"{term}"'


def match_expression(query: str) -> str | None:
    """The plain FTS5 expression for a user's words, all of them required (the raw query
    the benchmark compares with; the library adds topics and places, see query.py)."""
    parts = [phrase(t) for t in query_terms(query)]
    return " AND ".join(f"{{title body place}}: {p}" for p in parts) if parts else None


@dataclass(frozen=True)
class Row:
    key: str          # "<pack_id>:<item id>"
    country: str
    section: str
    lang: str
    title: str        # the title in ``lang`` (shown)
    body: str         # the text in ``lang`` (snippets)
    place: str = ""   # the country's names and place tokens
    topics: str = ""  # topic ids ("tphealth tpdoctors")
    regions: str = ""  # ISO 3166-2 codes the item is about, space separated
    titles: str = ""  # every title of the item (source-language row), for matching


@dataclass(frozen=True)
class Candidate:
    """One matching row, best first (see :class:`SearchIndex.candidates`)."""

    key: str
    country: str
    section: str
    lang: str
    title: str
    body: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class SearchHit:
    key: str
    country: str
    section: str
    lang: str
    title: str
    #: the snippet as (text, highlighted) pieces, in reading order
    snippet: tuple[tuple[str, bool], ...] = field(default=())
    #: ISO 3166-2 regions the item is about (empty: national)
    regions: tuple[str, ...] = ()
    #: "region" (about the region asked for), "national" or "elsewhere" (other regions)
    scope: str = "national"

    @property
    def snippet_text(self) -> str:
        return "".join(t for t, _ in self.snippet)

    def snippet_marked(self, start: str = "[", end: str = "]") -> str:
        return "".join(f"{start}{t}{end}" if hl else t for t, hl in self.snippet)

    def snippet_html(self) -> str:
        import html

        return "".join(f"<b>{html.escape(t)}</b>" if hl else html.escape(t) for t, hl in self.snippet)


def _schema() -> str:
    chars = _TOKENCHARS.replace("'", "''").replace('"', '""')
    return f"""
CREATE VIRTUAL TABLE docs USING fts5(
    title, body, topics, place,
    key UNINDEXED, country UNINDEXED, section UNINDEXED, lang UNINDEXED, regions UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '{chars}'", prefix = '2 3'
);
CREATE TABLE texts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


#: bm25 weights: title, body, topics, place
WEIGHTS = (4.0, 1.0, 2.0, 0.5)

SEARCH_SQL = """
SELECT docs.key, docs.country, docs.section, docs.lang, texts.title, texts.body, docs.regions
FROM docs JOIN texts ON texts.id = docs.rowid
WHERE docs MATCH ?{filters}
ORDER BY bm25(docs, 4.0, 1.0, 2.0, 0.5) LIMIT ?
"""
#: over the whole library: rank the matching rowids first, then read the columns and texts
#: of the rows kept only (a topic matches some 2,000 rows there: reading each one's columns
#: and text before sorting cost twice the ranking; within a country, where few rows match,
#: the plain statement above is a little faster)
SEARCH_RANKED_SQL = """
SELECT docs.key, docs.country, docs.section, docs.lang, texts.title, texts.body, docs.regions
FROM (SELECT rowid AS id, bm25(docs, 4.0, 1.0, 2.0, 0.5) AS score FROM docs
      WHERE docs MATCH ?{filters} ORDER BY score LIMIT ?) AS found
JOIN docs ON docs.rowid = found.id JOIN texts ON texts.id = found.id
ORDER BY found.score, found.id
"""
#: the raw full-text statement benchmarks compare with: match, rank, FTS5's own snippet,
#: limit; nothing of the API's planning, grouping or result objects
RAW_SQL = """
SELECT docs.key, docs.lang, texts.title, snippet(docs, 1, '\x02', '\x03', '…', 14)
FROM docs JOIN texts ON texts.id = docs.rowid
WHERE docs MATCH ?{filters} ORDER BY bm25(docs, 4.0, 1.0, 2.0, 0.5) LIMIT ?
"""


def _fill(conn: sqlite3.Connection, rows, fingerprint: str) -> None:
    conn.executescript(_schema())
    rowid = 0
    docs, texts = [], []
    for r in rows:
        rowid += 1
        docs.append((rowid, index_text(r.titles or r.title), index_text(r.body), r.topics,
                     index_text(r.place), r.key, r.country, r.section, r.lang, r.regions))
        texts.append((rowid, r.title, r.body))
        if len(docs) >= 2000:
            _insert(conn, docs, texts)
            docs, texts = [], []
    _insert(conn, docs, texts)
    conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
    conn.commit()


def _insert(conn, docs, texts) -> None:
    conn.executemany("INSERT INTO docs (rowid, title, body, topics, place, key, country, section, lang, "
                     "regions) VALUES (?,?,?,?,?,?,?,?,?,?)", docs)
    conn.executemany("INSERT INTO texts (id, title, body) VALUES (?,?,?)", texts)


class SearchIndex:
    """An FTS5 index over rows; thread-safe for queries."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._lock = threading.Lock()
        #: set to a list to record the statements :meth:`candidates` runs, as raw
        #: statements (:data:`RAW_SQL`, same match, filters and limit: benchmarks replay them
        #: to measure what the API adds)
        self.recorded: list[tuple[str, list]] | None = None

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
    def sql_for(countries, sections, langs, template: str = SEARCH_SQL) -> tuple[str, list]:
        filters, params = "", []
        for column, values in (("country", countries), ("section", sections), ("lang", langs)):
            if values:
                values = list(values)
                filters += f" AND docs.{column} IN ({','.join('?' * len(values))})"
                params.extend(values)
        return template.format(filters=filters), params

    def candidates(self, expression: str, *, countries=None, sections=None, langs=None,
                   limit: int = 90) -> list[Candidate]:
        """Rows matching an FTS5 expression, best first (several rows per item possible)."""
        sql, params = self.sql_for(countries, sections, langs,
                                   SEARCH_SQL if countries else SEARCH_RANKED_SQL)
        if self.recorded is not None:  # the raw statement of the same match, filters and limit
            self.recorded.append((self.sql_for(countries, sections, langs, RAW_SQL)[0],
                                  [expression, *params, limit]))
        try:
            with self._lock:
                rows = self._conn.execute(sql, [expression, *params, limit]).fetchall()
        except sqlite3.OperationalError:
            return []  # an expression FTS5 cannot parse: nothing found, never a crash
        return [Candidate(key, country, section, lang, title, body, tuple(regions.split()))
                for key, country, section, lang, title, body, regions in rows]


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


@lru_cache(maxsize=16384)
def _fold_char(ch: str) -> str:
    return fold(ch)


@lru_cache(maxsize=4096)
def _folded_with_map(body: str) -> tuple[str, list[int] | None]:
    """``body`` folded, and for each folded character the position of the character it
    came from (None: the same position, when folding kept the length)."""
    if body.isascii():
        return body.lower(), None
    whole = fold(body)
    if len(whole) == len(body):
        return whole, None
    folded_chars: list[str] = []
    index_map: list[int] = []
    for i, ch in enumerate(body):
        for c in _fold_char(ch):
            folded_chars.append(c)
            index_map.append(i)
    return "".join(folded_chars), index_map


#: an Arabic article or Amharic prefix a highlighted word may start with
_PREFIXES = ("", "وال", "بال", "ال", "لل", "የ")


def _spans(folded: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) in ``folded`` of each word starting with a term (prefix matches, as
    the index finds them), a leading article included."""
    spans = []
    for term in terms:
        pos = folded.find(term)
        while pos >= 0:
            start = pos
            for prefix in _PREFIXES[1:]:
                if folded.startswith(prefix, pos - len(prefix)) and pos >= len(prefix):
                    start = pos - len(prefix)
                    break
            if start == 0 or not folded[start - 1].isalnum():
                end = pos + len(term)
                while end < len(folded) and folded[end].isalnum():
                    end += 1
                spans.append((start, end))
            pos = folded.find(term, pos + 1)
    return spans


def make_snippet(body: str, terms: list[str], width: int = 90) -> str:
    """A piece of ``body`` around the first match of ``terms`` with the matches marked
    (compared folded, so "bagdad" marks "Bagdád" and "شهاده" marks "شهادة"); the start of
    the text when nothing matches (an item found through its title or topic)."""
    body = body[:4000]  # the snippet shows the first match; long texts need not be read whole
    folded, index_map = _folded_with_map(body)
    spans = []
    for start, end in _spans(folded, tuple(t for t in terms if t)):
        if index_map is not None:
            start, end = index_map[start], index_map[end - 1] + 1
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


# kept for callers of the earlier name
fallback_snippet = make_snippet
