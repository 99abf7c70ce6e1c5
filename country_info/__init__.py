"""Country-of-origin information for return counselling (no Qt, no database).

Public API::

    from country_info import Library, handout_topics, is_stale, stale_label

    lib = Library()                                   # bundled + imported packs
    lib.countries("fr")                               # [CountrySummary(code, name, ...)]
    country = lib.get_country("GN")                   # Country: .sections(), .section(name), .entries
    hits = lib.search("unemployment", countries=["GN"], sections=["labour"])
    lib.verify_file(path); lib.import_pack(path)      # signed packs only (developer mode aside)
    outline = topic_outline(lib, "GN", "fr")          # sections and items for a checklist
    topics = handout_topics(lib, "GN", [entry.key, ...], "fr")   # plain data for documents

See docs/country-packs.md for the pack format, signatures and the build.
"""

from country_info.errors import PackError, SignatureError
from country_info.handout import (
    HandoutOrganisation,
    HandoutTopic,
    OutlineItem,
    OutlineSection,
    handout_topics,
    topic_outline,
)
from country_info.library import (
    SECTION_TITLES,
    Country,
    CountrySummary,
    Entry,
    Library,
    PackInfo,
    load_pack_file,
    sample_pack_files,
    section_title,
)
from country_info.model import SECTIONS, Item, Pack, Source
from country_info.search import SearchHit
from country_info.staleness import date_label, is_stale, stale_label

__all__ = [
    "SECTIONS",
    "SECTION_TITLES",
    "Country",
    "CountrySummary",
    "Entry",
    "HandoutOrganisation",
    "HandoutTopic",
    "OutlineItem",
    "OutlineSection",
    "Item",
    "Library",
    "Pack",
    "PackError",
    "PackInfo",
    "SearchHit",
    "SignatureError",
    "Source",
    "date_label",
    "handout_topics",
    "is_stale",
    "load_pack_file",
    "sample_pack_files",
    "section_title",
    "stale_label",
    "topic_outline",
]
