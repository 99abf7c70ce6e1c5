"""From what a counsellor types to one FTS5 statement: topic words, places, regions.

* **Topic vocabulary** (``vocabulary.json``), over the whole library or within the
  countries asked for: words per language for each topic (health,
  doctors, hospitals, work, housing, documents, schooling, safety...). A query word that is
  one of them, or starts one of them while typing, also finds every item of that topic:
  "médecin", "طبيب", "داکتر", "врач" find the physician density of the base packs and a
  clinic sheet of a curated pack. The lists are drafts until a native speaker reviews each
  language (``Vocabulary.draft_languages``).
* **Places** (``places.json.gz``, built from CLDR and ISO 3166-2): the names of countries,
  regions and towns in the scripts the sources give. A query word that names a place
  narrows the search to its country and puts its region first ("hôpital Bagdad",
  "مستشفى بغداد"); a place alone lists that country's items, the ones naming it first.
* Every other word must occur (title or text), as a prefix from three letters on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from country_info.search import phrase, query_terms, strip_article, fold

VOCABULARY_PATH = Path(__file__).resolve().parent / "vocabulary.json"
TOPIC_PREFIX = "tp"
COUNTRY_TOKEN = "zzcc"
REGION_TOKEN = "zzrg"
TEXT_COLUMNS = "{title body place}"
#: words of one or two letters are looked for in titles only ("in", "de" in every text
#: would rank half the library and find nothing useful)
SHORT_COLUMNS = "{title place}"


def _term(word: str) -> str:
    return f"{SHORT_COLUMNS if len(word) < 3 else TEXT_COLUMNS}: {phrase(word)}"


def topic_token(topic: str) -> str:
    return TOPIC_PREFIX + topic.replace("_", "").replace("-", "")


def country_token(code: str) -> str:
    return COUNTRY_TOKEN + code.lower()


def region_token(code: str) -> str:
    return REGION_TOKEN + code.lower().replace("-", "")


def _words(text: str) -> tuple[str, ...]:
    return tuple(query_terms(text))


# --------------------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class Topic:
    id: str
    sections: frozenset[str]
    items: frozenset[str]
    terms: dict[str, tuple[str, ...]]  # language -> the words as written


class Vocabulary:
    """Topic words of every language, folded for matching."""

    def __init__(self, data: dict):
        self.languages: dict[str, dict] = dict(data.get("languages", {}))
        self.topics: dict[str, Topic] = {}
        self._entries: list[tuple[tuple[str, ...], str]] = []  # (folded words, topic)
        for topic_id, body in data["topics"].items():
            terms = {lang: tuple(words) for lang, words in body.get("terms", {}).items()}
            self.topics[topic_id] = Topic(topic_id, frozenset(body.get("sections", ())),
                                          frozenset(body.get("items", ())), terms)
            for words in terms.values():
                for term in words:
                    folded = _words(term)
                    if folded:
                        self._entries.append((folded, topic_id))
        self._entries.sort(key=lambda e: -len(e[0]))
        # entries by the first three letters of their first word (a query word matches a
        # word it starts or that starts it, so both share those letters); shorter words
        # by themselves
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for entry in self._entries:
            self._by_first.setdefault(entry[0][0][:3], []).append(entry)
        self.max_words = max((len(e[0]) for e in self._entries), default=1)

    @classmethod
    def load(cls, path: Path = VOCABULARY_PATH) -> Vocabulary:
        return cls(json.loads(Path(path).read_text("utf-8")))

    def draft_languages(self) -> list[str]:
        """Languages whose words no native speaker has reviewed yet."""
        return sorted(lang for lang, info in self.languages.items() if info.get("state") == "draft")

    def topics_of(self, section: str, item_id: str, tags: Iterable[str] = ()) -> set[str]:
        """The topics an item belongs to: by its section, its id (a Palestine item
        ``factbook.population.gz`` counts as ``factbook.population``) or its tags."""
        base = item_id
        parts = item_id.split(".")
        if len(parts) > 2:
            base = ".".join(parts[:2])
        tags = set(tags)
        return {t.id for t in self.topics.values()
                if section in t.sections or item_id in t.items or base in t.items or t.id in tags}

    def match(self, tokens: list[str], start: int, last_is_typing: bool) -> tuple[int, set[str]]:
        """The longest vocabulary entry at ``tokens[start:]``: (number of words, topics)."""
        found_len, found = 0, set()
        first = tokens[start]
        for words, topic in self._by_first.get(first[:3], ()):
            n = len(words)
            if n < found_len or start + n > len(tokens):
                continue
            ok = True
            for i, word in enumerate(words):
                token = tokens[start + i]
                typing = last_is_typing and start + i == len(tokens) - 1
                if not _word_matches(token, word, typing):
                    ok = False
                    break
            if ok:
                if n > found_len:
                    found_len, found = n, {topic}
                else:
                    found.add(topic)
        return found_len, found


def _word_matches(token: str, word: str, typing: bool) -> bool:
    if token == word:
        return True
    if len(word) >= 4 and token.startswith(word):  # the entry is a stem: "hôpita" -> "hôpitaux"
        return True
    if len(token) >= (3 if typing else 4) and word.startswith(token):  # an unfinished word
        return True
    return False


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


# --------------------------------------------------------------------------- places

@dataclass(frozen=True)
class Place:
    country: str
    region: str | None  # ISO 3166-2 code, or None (the country, or a town of unknown region)
    name: str


class Gazetteer:
    """Names of countries, regions and towns (folded word tuples) -> places."""

    def __init__(self):
        self._names: dict[tuple[str, ...], list[Place]] = {}
        self.max_words = 1
        self.region_names: dict[str, dict[str, str]] = {}
        #: countries by the first word of each of their names (for a name being typed)
        self._country_words: dict[str, set[str]] = {}
        self._sorted_words: list[str] | None = None

    def add(self, name: str, country: str, region: str | None = None) -> None:
        words = _words(name)
        if not words or (len(words) == 1 and len(words[0]) < 3):
            return
        places = self._names.setdefault(words, [])
        place = Place(country, region, name)
        if place not in places:
            places.append(place)
        self.max_words = max(self.max_words, len(words))

    def add_country(self, code: str, names: dict[str, str], places: dict | None) -> None:
        for name in names.values():
            self.add(name, code)
            words = _words(name)
            if words:
                self._country_words.setdefault(words[0], set()).add(code)
                self._sorted_words = None
        if not places:
            return
        for region, region_names in places.get("regions", {}).items():
            self.region_names[region] = dict(region_names)
            for name in region_names.values():
                self.add(name, code, region)
        for town in places.get("towns", []):
            for name in town["names"].values():
                self.add(name, code, town.get("region"))

    def lookup(self, words: tuple[str, ...]) -> list[Place]:
        return self._names.get(words, [])

    def countries_starting(self, token: str) -> list[Place]:
        """Countries one of whose names starts with ``token`` (4 letters or more): a
        country name being typed ("guin" -> Guinea, Guinea-Bissau)."""
        import bisect

        if len(token) < 4:
            return []
        if self._sorted_words is None:
            self._sorted_words = sorted(self._country_words)
        words = self._sorted_words
        codes: set[str] = set()
        for i in range(bisect.bisect_left(words, token), len(words)):
            if not words[i].startswith(token):
                break
            codes |= self._country_words[words[i]]
        return [Place(code, None, token) for code in sorted(codes)]


def load_places(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8")).get("countries", {})


# --------------------------------------------------------------------------- plans

@dataclass
class Plan:
    expression: str | None
    #: the same clauses joined by OR: asked when no item has all the words ("pregnant
    #: woman" still finds what is known about pregnancy); items with more words rank first
    any_expression: str | None = None
    #: words to mark in snippets (folded)
    terms: list[str] = field(default_factory=list)
    #: countries named in the query (when the caller gave none)
    countries: list[str] | None = None
    #: regions named in the query
    regions: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    places: list[Place] = field(default_factory=list)


def plan(query: str, vocab: Vocabulary, gazetteer: Gazetteer | None = None, *,
         countries: list[str] | None = None) -> Plan:
    """The FTS5 expression and what the query named (places, regions, topics)."""
    tokens = query_terms(query)
    result = Plan(None)
    if not tokens:
        return result
    used = [False] * len(tokens)
    places: list[Place] = []
    if gazetteer is not None:
        i = 0
        while i < len(tokens):
            for n in range(min(gazetteer.max_words, len(tokens) - i), 0, -1):
                found = [p for p in gazetteer.lookup(tuple(tokens[i:i + n]))
                         if not countries or p.country in countries]
                if not found and n == 1 and i == len(tokens) - 1:
                    found = [p for p in gazetteer.countries_starting(tokens[i])
                             if not countries or p.country in countries]
                if found:
                    places.extend(found)
                    for k in range(i, i + n):
                        used[k] = True
                    i += n - 1
                    break
            i += 1
    clauses: list[str] = []
    i = 0
    while i < len(tokens):
        if used[i]:
            i += 1
            continue
        span, topics = vocab.match(tokens, i, last_is_typing=True)
        if span and not any(used[i:i + span]):
            words = tokens[i:i + span]
            text = " AND ".join(_term(w) for w in words)
            alternatives = " OR ".join(f'"{topic_token(t)}"' for t in sorted(topics))
            clauses.append(f"(({text}) OR topics: ({alternatives}))")
            result.topics |= topics
            result.terms.extend(words)
            i += span
            continue
        if len(tokens[i]) == 1 and len(tokens) > 1:
            # a letter cut off by an apostrophe ("здоров'я", "l'emploi") or a lone
            # particle: never a word an item must have
            i += 1
            continue
        clauses.append(_term(tokens[i]))
        result.terms.append(tokens[i])
        i += 1
    result.places = places
    if places:
        result.regions = {p.region for p in places if p.region}
        if not countries:
            result.countries = sorted({p.country for p in places})
    within = countries or result.countries
    if within and clauses:
        # the country as a term of the match itself: FTS5 then reads only that country's
        # postings instead of ranking every country's and filtering afterwards
        clauses.append("place: (" + " OR ".join(f'"{country_token(c)}"' for c in sorted(within)) + ")")
    if clauses:
        result.expression = " AND ".join(clauses)
        content = clauses[:-1] if within else clauses
        if len(content) > 1:
            result.any_expression = "(" + " OR ".join(content) + ")" + (f" AND {clauses[-1]}" if within else "")
    elif places:
        # a place alone: the items that name it, then every item of its country
        words = [w for w, u in zip(tokens, used) if u]
        named = " AND ".join(_term(w) for w in words)
        codes = sorted({p.country for p in places})
        every = " OR ".join(f'"{country_token(c)}"' for c in codes)
        result.expression = f"({named}) OR place: ({every})"
        result.terms.extend(words)
    return result


def fold_name(text: str) -> str:
    return " ".join(strip_article(w) for w in fold(text).split())
