"""Plain data for country packs (no Qt, no database).

A :class:`Pack` is the parsed, validated form of one pack file; items keep their texts per
language. Nothing here translates a fact: a text exists in the languages its pack gives,
and callers choose one with :meth:`Item.text_in` (which says when it fell back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "counsel-app-country-pack"
SIGNED_FORMAT = "counsel-app-signed-pack"
SCHEMA_VERSION = 1

#: Sections in the order a counsellor covers them.
SECTIONS: tuple[str, ...] = (
    "general", "documents", "safety", "health", "education", "housing", "labour",
    "cost_of_living", "social_protection", "services", "contacts",
)

#: The language used when neither the asked-for language nor the source language exists.
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    link: str | None = None
    published: str | None = None
    version: str | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"title": self.title, "publisher": self.publisher}
        for key in ("link", "published", "version"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


@dataclass(frozen=True)
class LocalText:
    """A text chosen for a reader: ``lang`` is the language it is actually in."""

    text: str
    lang: str
    fallback: bool  # True when it is not in the language asked for


def pick(texts: dict[str, str], lang: str, source_language: str | None = None) -> LocalText | None:
    """The text in ``lang`` (or its primary language), else the source language, else English."""
    if not texts:
        return None
    if lang in texts:
        return LocalText(texts[lang], lang, False)
    primary = lang.replace("-", "_").split("_")[0]
    if primary in texts:
        return LocalText(texts[primary], primary, False)
    for candidate in (source_language, FALLBACK_LANGUAGE):
        if candidate and candidate in texts:
            return LocalText(texts[candidate], candidate, True)
    first = sorted(texts)[0]
    return LocalText(texts[first], first, True)


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    title: dict[str, str]
    text: dict[str, str]
    source: Source
    date: str
    source_language: str
    licence: str
    organisation: dict[str, Any] | None = None
    tags: tuple[str, ...] = ()
    #: ISO 3166-2 subdivisions the item is about; empty: the whole country (national)
    regions: tuple[str, ...] = ()
    #: when the publisher will check it again (YYYY, YYYY-MM or YYYY-MM-DD)
    review: str | None = None
    #: ids of counsellors' questions this item answers ("Q-IQ-7F3K2")
    answers: tuple[str, ...] = ()
    #: languages whose title and labels are unreviewed translations by the pack's maker
    drafts: tuple[str, ...] = ()
    #: languages whose text a program wrote out from the source-language text (figures
    #: formatted for the locale, labels from the translated list); never translated prose
    derived: tuple[str, ...] = ()

    @property
    def national(self) -> bool:
        return not self.regions

    def title_in(self, lang: str) -> LocalText:
        return pick(self.title, lang, self.source_language)  # type: ignore[return-value]

    def text_in(self, lang: str) -> LocalText:
        return pick(self.text, lang, self.source_language)  # type: ignore[return-value]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.text))


@dataclass(frozen=True)
class Publisher:
    id: str
    name: str


@dataclass
class Pack:
    pack_id: str
    country: str
    kind: str  # "base" | "curated"
    sample: bool
    publisher: Publisher
    sections: dict[str, list[Item]]
    issued: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    #: True when the signature was checked against a trusted key (base packs bundled with
    #: the program are trusted by their manifest); False when loaded unsigned (developer mode).
    verified: bool = True
    #: where it came from (file name), for messages
    origin: str = ""
    #: the publisher key that signed it (curated packs)
    key_id: str | None = None
    #: the edition, raised by the publisher for each new one (``packs bump``)
    version: int = 1
    #: organisations to refer returnees to (plain dicts as in the pack: name, type,
    #: region, town, services, languages, contact, hours, procedure); the app imports them
    #: into its partner directory
    partners: list[dict[str, Any]] = field(default_factory=list)

    def items(self):
        for section in SECTIONS:
            yield from self.sections.get(section, [])

    def item(self, item_id: str) -> Item | None:
        by_id = self.__dict__.get("_by_id")
        if by_id is None:
            by_id = {item.id: item for item in self.items()}
            self.__dict__["_by_id"] = by_id
        return by_id.get(item_id)

    @property
    def item_count(self) -> int:
        return sum(len(v) for v in self.sections.values())


def item_from_dict(section: str, data: dict[str, Any]) -> Item:
    src = data["source"]
    return Item(
        id=data["id"],
        section=section,
        title=dict(data["title"]),
        text=dict(data["text"]),
        source=Source(src["title"], src["publisher"], src.get("link"), src.get("published"),
                      src.get("version")),
        date=data["date"],
        source_language=data["source_language"],
        licence=data["licence"],
        organisation=data.get("organisation"),
        tags=tuple(data.get("tags", ())),
        regions=tuple(data.get("regions", ())),
        review=data.get("review"),
        answers=tuple(data.get("answers", ())),
        drafts=tuple(data.get("drafts", ())),
        derived=tuple(data.get("derived", ())),
    )


def pack_from_dict(data: dict[str, Any], *, verified: bool = True, origin: str = "",
                   key_id: str | None = None) -> Pack:
    sections = {
        name: [item_from_dict(name, it) for it in data["sections"][name]["items"]]
        for name in SECTIONS if name in data["sections"]
    }
    return Pack(
        pack_id=data["pack_id"],
        country=data["country"],
        kind=data["kind"],
        sample=bool(data["sample"]),
        publisher=Publisher(data["publisher"]["id"], data["publisher"]["name"]),
        sections=sections,
        issued=data.get("issued"),
        names=dict(data.get("names", {})),
        notes=dict(data.get("notes", {})),
        verified=verified,
        origin=origin,
        key_id=key_id,
        version=int(data.get("version", 1)),
        partners=[dict(p) for p in data.get("partners") or []],
    )
