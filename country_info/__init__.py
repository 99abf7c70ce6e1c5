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

The names are loaded on first use (PEP 562): importing a small module of the package
(``country_info.files``, say) does not load the library, its search and its packs.
"""

from __future__ import annotations

_EXPORTS = {
    "errors": ("PackError", "SignatureError"),
    "handout": ("HandoutOrganisation", "HandoutTopic", "OutlineItem", "OutlineSection",
                "handout_topics", "resolve_topics", "topic_outline"),
    "library": ("SECTION_TITLES", "Country", "CountrySummary", "Entry", "Library", "PackInfo",
                "load_pack_file", "sample_pack_files", "section_title"),
    "model": ("SECTIONS", "Item", "Pack", "Source"),
    "search": ("SearchHit",),
    "staleness": ("date_label", "is_stale", "stale_label"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if module == "errors":
        from country_info import errors as source
    elif module == "handout":
        from country_info import handout as source
    elif module == "library":
        from country_info import library as source
    elif module == "model":
        from country_info import model as source
    elif module == "search":
        from country_info import search as source
    else:
        from country_info import staleness as source
    value = getattr(source, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))


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
    "resolve_topics",
    "sample_pack_files",
    "section_title",
    "stale_label",
    "topic_outline",
]
