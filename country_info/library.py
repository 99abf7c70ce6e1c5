"""The country library: bundled base packs plus imported curated packs, with search.

    from country_info import Library
    lib = Library()                       # bundled packs + the user's imported packs
    lib.countries("fr")                   # every country, names in French, sorted
    country = lib.get_country("GN")       # all packs for Guinea, merged by section
    lib.search("chômage", countries=["GN"])
    lib.import_pack(path)                 # verify the signature, validate, store atomically

Base packs are bundled read-only in ``country_info/packs/base/`` (checked against the
SHA-256 in their ``index.json``). Curated packs the user imports are kept, as received, in
``<data folder>/country_info/packs/`` and re-verified every time they are loaded.
"""

from __future__ import annotations

import hashlib
import json
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from country_info.i18n import N_, _
from country_info.errors import PackError
from country_info.files import ensure_folder, write_atomically
from country_info.model import SECTIONS, Item, LocalText, Pack, pack_from_dict, pick
from country_info.search import Candidate, Row, SearchHit, SearchIndex, make_snippet, split_marked
from country_info.signing import PublisherKey, developer_mode, open_envelope
from country_info.validate import MAX_FILE_BYTES, read_bytes, validate_pack

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR / "packs" / "base"
SAMPLE_DIR = PACKAGE_DIR / "packs" / "curated"
PLACE_LANGUAGES = ("en", "fr", "es", "ar")

#: Section titles for the interface (translate with ``_`` where shown).
SECTION_TITLES: dict[str, str] = {
    "general": N_("General information"),
    "documents": N_("Documents and civil registration"),
    "safety": N_("Safety and security"),
    "health": N_("Health"),
    "education": N_("Education"),
    "housing": N_("Housing and living conditions"),
    "labour": N_("Labour market"),
    "cost_of_living": N_("Cost of living"),
    "social_protection": N_("Social protection"),
    "services": N_("Reception and reintegration services"),
    "contacts": N_("Useful contacts"),
}


def section_title(section: str) -> str:
    """The section's title in the interface language."""
    return _(SECTION_TITLES.get(section, section))


def user_packs_dir() -> Path:
    from country_info.host import data_dir

    return ensure_folder(data_dir() / "country_info" / "packs")


def default_index_path() -> Path:
    from country_info.host import data_dir

    return data_dir() / "country_info" / "search-index.sqlite"


def sample_pack_files() -> list[Path]:
    """The signed sample curated packs shipped with the program (not loaded until imported)."""
    return sorted(SAMPLE_DIR.glob("*.pack.json"))


@dataclass(frozen=True)
class PackInfo:
    pack_id: str
    country: str
    kind: str
    sample: bool
    verified: bool
    publisher_id: str
    publisher_name: str
    issued: str | None
    origin: str
    key_id: str | None
    item_count: int
    #: the pack's own note per language (a sample pack says it is one)
    notes: tuple[tuple[str, str], ...] = ()
    #: the edition (raised by the publisher for each new one)
    version: int = 1

    @classmethod
    def of(cls, pack: Pack) -> PackInfo:
        return cls(pack.pack_id, pack.country, pack.kind, pack.sample, pack.verified,
                   pack.publisher.id, pack.publisher.name, pack.issued, pack.origin, pack.key_id,
                   pack.item_count, tuple(sorted(pack.notes.items())), pack.version)

    @property
    def status(self) -> str:
        """"sample", "unverified" or "verified" (for labels and filters)."""
        if not self.verified:
            return "unverified"
        return "sample" if self.sample else "verified"


@dataclass(frozen=True)
class Entry:
    """One item as the library shows it, with the pack it comes from."""

    item: Item
    pack: PackInfo

    @property
    def key(self) -> str:
        return f"{self.pack.pack_id}:{self.item.id}"

    @property
    def section(self) -> str:
        return self.item.section

    def title_in(self, lang: str) -> LocalText:
        """The title in ``lang`` (base packs carry their titles in every document language
        the project translated them into; see ``Item.drafts``), else in the source language
        with ``fallback`` set."""
        return self.item.title_in(lang)

    @property
    def regions(self) -> tuple[str, ...]:
        return self.item.regions

    def scope(self, region: str | None) -> str:
        """"region" (about ``region``), "national" or "elsewhere" (about other regions)."""
        if not self.item.regions:
            return "national"
        return "region" if region and region.upper() in self.item.regions else "elsewhere"


@dataclass(frozen=True)
class Country:
    code: str
    names: dict[str, str]
    packs: tuple[PackInfo, ...]
    entries: tuple[Entry, ...]

    def name(self, lang: str) -> str:
        found = pick(self.names, lang)
        return found.text if found else self.code

    def sections(self) -> list[tuple[str, int]]:
        """Every section in order with its number of items (empty ones included)."""
        counts = {name: 0 for name in SECTIONS}
        for entry in self.entries:
            counts[entry.section] += 1
        return list(counts.items())

    def section(self, name: str, region: str | None = None) -> list[Entry]:
        """The section's entries; with ``region``, the ones about that region first, then
        the national ones, then those about other regions (stable within each group)."""
        entries = [e for e in self.entries if e.section == name]
        if region:
            order = {"region": 0, "national": 1, "elsewhere": 2}
            entries.sort(key=lambda e: order[e.scope(region)])
        return entries

    def by_scope(self, region: str | None = None) -> list[Entry]:
        """Every entry for the view of a case's country: with ``region``, the items about it
        first, then the national ones, then those about other regions; section order within
        each group."""
        order = {name: i for i, name in enumerate(SECTIONS)}
        scope = {"region": 0, "national": 1, "elsewhere": 2}
        position = {e.key: i for i, e in enumerate(self.entries)}
        return sorted(self.entries, key=lambda e: (scope[e.scope(region)] if region else 0,
                                                  order[e.section], position[e.key]))

    def regions(self) -> list[str]:
        """Every ISO 3166-2 region some item of the country is about."""
        return sorted({r for e in self.entries for r in e.item.regions})

    def entry(self, key: str) -> Entry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None


@dataclass(frozen=True)
class CountrySummary:
    code: str
    name: str
    names: dict[str, str]
    curated_packs: int
    has_sample: bool


def load_pack_file(path: Path, *, keys: dict[str, PublisherKey] | None = None,
                   allow_unsigned: bool | None = None, raw: bytes | None = None) -> Pack:
    """Read, verify and validate one curated pack file (nothing is written)."""
    path = Path(path)
    name = path.name
    if raw is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PackError(_("cannot read the file ({problem}).").format(problem=exc.strerror or exc),
                            source=str(path)) from None
        if size > MAX_FILE_BYTES:
            raise PackError(_("the file is too large ({size} bytes; at most {limit} are accepted).")
                            .format(size=size, limit=MAX_FILE_BYTES), source=name)
        raw = path.read_bytes()
    data = read_bytes(raw, name)
    checked = open_envelope(data, name, keys=keys, allow_unsigned=allow_unsigned)
    pack = validate_pack(checked.pack, name)
    if pack["pack_id"].startswith("base-"):
        raise PackError(_("pack ids starting with “base-” are reserved for the bundled packs."),
                        source=name, where="$.pack.pack_id" if checked.verified else "$.pack_id")
    if checked.key is not None and checked.key.sample and not pack["sample"]:
        raise PackError(_("the sample publisher key only signs packs marked as sample (“sample”: true)."),
                        source=name, where="$.pack.sample")
    if pack["kind"] != "curated":
        raise PackError(_("only curated packs can be imported; base packs come with the program."),
                        source=name, where="$.pack.kind" if checked.verified else "$.kind")
    return pack_from_dict(pack, verified=checked.verified, origin=name,
                          key_id=checked.key.key_id if checked.key else None)


class Library:
    """Every pack the program knows: bundled base packs and the user's curated packs."""

    def __init__(self, *, base_dir: Path | None = None, user_dir: Path | None = None,
                 index_path: Path | str | None = None, keys: dict[str, PublisherKey] | None = None,
                 allow_unsigned: bool | None = None):
        self.base_dir = Path(base_dir) if base_dir else BASE_DIR
        self._user_dir = Path(user_dir) if user_dir else None
        self._index_path = index_path
        self._keys = keys
        self.allow_unsigned = developer_mode() if allow_unsigned is None else allow_unsigned
        self._lock = threading.RLock()
        self._base_index: dict | None = None
        self._base_packs: dict[str, Pack] = {}
        self._curated: list[tuple[Pack, str]] | None = None
        self._index: SearchIndex | None = None
        self._gazetteer = None
        #: curated pack files that could not be loaded: (file name, message)
        self.problems: list[tuple[str, str]] = []

    # ------------------------------------------------------------------ locations
    @property
    def user_dir(self) -> Path:
        if self._user_dir is None:
            self._user_dir = user_packs_dir()
        self._user_dir.mkdir(parents=True, exist_ok=True)
        return self._user_dir

    # ------------------------------------------------------------------ base packs
    def base_index(self) -> dict:
        with self._lock:
            if self._base_index is None:
                path = self.base_dir / "index.json"
                try:
                    self._base_index = json.loads(path.read_text("utf-8"))
                except (OSError, ValueError) as exc:
                    raise PackError(_("the bundled country packs are missing or damaged ({problem}).")
                                    .format(problem=exc), source=str(path)) from None
            return self._base_index

    def base_pack(self, code: str, *, keep: bool = True) -> Pack | None:
        """The bundled pack of ``code`` (kept in memory unless ``keep`` is false: building
        the search index reads every pack once and keeps none)."""
        with self._lock:
            if code in self._base_packs:
                return self._base_packs[code]
            meta = self.base_index()["countries"].get(code)
            if meta is None:
                return None
            path = self.base_dir / meta["file"]
            raw = path.read_bytes()
            if hashlib.sha256(raw).hexdigest() != meta["sha256"]:
                raise PackError(_("the bundled pack does not match its checksum; reinstall the program."),
                                source=path.name)
            # bundled packs were validated by the build; the checksum proves they are unchanged
            pack = pack_from_dict(read_bytes(raw, path.name), verified=True, origin=path.name)
            if keep:
                self._base_packs[code] = pack
            return pack

    def load_all(self) -> int:
        """Load every base and curated pack into memory (benchmarks); returns how many."""
        for code in self.base_index()["countries"]:
            self.base_pack(code)
        return len(self._base_packs) + len(self.curated_packs())

    # ------------------------------------------------------------------ curated packs
    def _curated_with_digest(self) -> list[tuple[Pack, str]]:
        with self._lock:
            if self._curated is None:
                loaded, problems = [], []
                for path in sorted(self.user_dir.glob("*.pack")):
                    try:
                        raw = path.read_bytes()
                        pack = load_pack_file(path, keys=self._keys, allow_unsigned=self.allow_unsigned, raw=raw)
                    except PackError as exc:
                        problems.append((path.name, f"{exc.where}: {exc.reason}" if exc.where else exc.reason))
                        continue
                    except OSError as exc:
                        problems.append((path.name, str(exc)))
                        continue
                    loaded.append((pack, hashlib.sha256(raw).hexdigest()))
                self._curated, self.problems = loaded, problems
            return self._curated

    def curated_packs(self) -> list[Pack]:
        return [p for p, _ in self._curated_with_digest()]

    def packs(self) -> list[PackInfo]:
        """The curated packs installed (base packs are listed by :meth:`countries`)."""
        return [PackInfo.of(p) for p in self.curated_packs()]

    def verify_file(self, path: Path) -> PackInfo:
        """Check a pack file without importing it; raises :class:`PackError` when it is refused."""
        return PackInfo.of(load_pack_file(Path(path), keys=self._keys, allow_unsigned=self.allow_unsigned))

    def import_pack(self, path: Path, *, allow_downgrade: bool = False) -> PackInfo:
        """Verify, validate and store a pack file. On any problem nothing on disk changes.
        An older edition (a lower version of the same publisher's ``pack_id``) never
        replaces a newer one, unless ``allow_downgrade``: the caller grants that only to an
        administrator and audits it (:mod:`counsel_app.services.country_packs`); a rollback
        to an edition whose facts were since corrected is how a signed pack could mislead."""
        path = Path(path)
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
        except OSError as exc:
            raise PackError(_("cannot read the file ({problem}).").format(problem=exc.strerror or exc),
                            source=str(path)) from None
        pack = load_pack_file(path, keys=self._keys, allow_unsigned=self.allow_unsigned, raw=raw)
        for installed in self.curated_packs():
            if (installed.publisher.id, installed.pack_id) == (pack.publisher.id, pack.pack_id) \
                    and installed.version > pack.version and not allow_downgrade:
                raise PackError(_("this is version {new} of pack {pack_id}; version {installed} is "
                                  "already imported (an older edition never replaces a newer one).")
                                .format(new=pack.version, pack_id=pack.pack_id, installed=installed.version),
                                source=path.name)
        target = self.user_dir / f"{pack.publisher.id}--{pack.pack_id}.pack"
        write_atomically(target, raw, private=False)  # type: ignore[arg-type]  # public packs
        self.refresh()
        return PackInfo.of(pack)

    def remove_pack(self, pack_id: str) -> bool:
        """Remove an imported curated pack; False when there is none with that id."""
        for path in self.user_dir.glob(f"*--{pack_id}.pack"):
            path.unlink()
            self.refresh()
            return True
        return False

    def refresh(self) -> None:
        """Forget what was loaded from the user's folder (after an import or removal)."""
        with self._lock:
            self._curated = None
            if self._index is not None:
                self._index.close()
                self._index = None

    # ------------------------------------------------------------------ countries
    def country_codes(self) -> list[str]:
        codes = set(self.base_index()["countries"])
        codes.update(p.country for p in self.curated_packs())
        return sorted(codes)

    def names_of(self, code: str) -> dict[str, str]:
        meta = self.base_index()["countries"].get(code)
        return dict(meta["names"]) if meta else {}

    def country_name(self, code: str, lang: str) -> str:
        found = pick(self.names_of(code), lang)
        return found.text if found else code

    def countries(self, lang: str = "en") -> list[CountrySummary]:
        curated: dict[str, list[Pack]] = {}
        for pack in self.curated_packs():
            curated.setdefault(pack.country, []).append(pack)
        out = []
        for code in self.country_codes():
            names = self.names_of(code)
            found = pick(names, lang)
            out.append(CountrySummary(code, found.text if found else code, names, len(curated.get(code, [])),
                                      any(p.sample for p in curated.get(code, []))))
        return sorted(out, key=lambda c: (_sort_key(c.name), c.code))

    def get_country(self, code: str) -> Country:
        code = (code or "").upper()
        packs: list[Pack] = [p for p in self.curated_packs() if p.country == code]
        base = self.base_pack(code)
        if base is None and not packs:
            from country_info.validate import known_country

            if known_country(code):
                return Country(code, {}, (), ())
            raise PackError(_("unknown country code “{code}”.").format(code=code))
        if base is not None:
            packs.append(base)  # curated first: the organisation's own sheets come before open data
        entries = []
        for section in SECTIONS:
            for pack in packs:
                info = PackInfo.of(pack)
                entries.extend(Entry(item, info) for item in pack.sections.get(section, []))
        return Country(code, self.names_of(code), tuple(PackInfo.of(p) for p in packs), tuple(entries))

    def sections(self, code: str) -> list[tuple[str, int]]:
        return self.get_country(code).sections()

    # ------------------------------------------------------------------ search
    def _fingerprint(self) -> str:
        from country_info.query import VOCABULARY_PATH

        digest = hashlib.sha256()
        digest.update((self.base_dir / "index.json").read_bytes())
        digest.update(VOCABULARY_PATH.read_bytes())
        for pack, sha in self._curated_with_digest():
            digest.update(f"{pack.origin}:{sha}:{pack.verified}".encode())
        return digest.hexdigest()

    def _rows(self):
        for code in self.base_index()["countries"]:
            yield from self._pack_rows(self.base_pack(code, keep=False))
        for pack in self.curated_packs():
            yield from self._pack_rows(pack)

    def _pack_rows(self, pack: Pack):
        """One row per item and written language (texts a program wrote out from figures
        are left out: their words are only labels); the source-language row carries every
        title of the item, so a title in any language finds it."""
        from country_info.query import country_token, region_token, topic_token, vocabulary

        vocab = vocabulary()
        # the country's names are read by the gazetteer (query.py), not matched as words
        place = country_token(pack.country)
        region_names = self.gazetteer().region_names
        for item in pack.items():
            topics = " ".join(sorted(topic_token(t) for t in vocab.topics_of(item.section, item.id, item.tags)))
            item_place = place
            if item.regions:
                item_place += " " + " ".join(
                    [region_token(r) for r in item.regions]
                    + [n for r in item.regions for n in region_names.get(r, {}).values()])
            titles = "\n".join(dict.fromkeys(item.title.values()))
            written = [lang for lang in sorted(item.text) if lang not in item.derived]
            source = item.source_language if item.source_language in written else written[0]
            for lang in written:
                body = item.text[lang]
                org = item.organisation
                if org:
                    extra = [pick(org.get(k, {}), lang, item.source_language) for k in
                             ("name", "address", "opening_hours", "services")]
                    body = "\n".join([body] + [e.text for e in extra if e] + list(org.get("phone", [])))
                yield Row(f"{pack.pack_id}:{item.id}", pack.country, item.section, lang,
                          item.title_in(lang).text, body, item_place, topics, " ".join(item.regions),
                          titles if lang == source else "")

    def gazetteer(self):
        """Names of countries, regions and towns for reading places in queries."""
        from country_info.query import Gazetteer, load_places

        with self._lock:
            if self._gazetteer is None:
                gazetteer = Gazetteer()
                places = load_places(self.base_dir / "places.json.gz")
                for code, meta in self.base_index()["countries"].items():
                    gazetteer.add_country(code, meta.get("names", {}), places.get(code))
                self._gazetteer = gazetteer
            return self._gazetteer

    def index(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                if self._index_path == ":memory:":
                    self._index = SearchIndex.in_memory(self._rows(), self._fingerprint())
                else:
                    path = Path(self._index_path) if self._index_path else default_index_path()
                    self._index = SearchIndex.cached(path, self._fingerprint(), self._rows)
            return self._index

    def search(self, query: str, *, countries=None, sections=None, langs=None,
               limit: int = 30, prefer_lang: str | None = None, region: str | None = None,
               first_country: str | None = None) -> list[SearchHit]:
        """Search every pack in any language: words (as prefixes), topic words of the
        vocabulary, names of places. With ``region`` (the case's ISO 3166-2 region) or a
        region named in the query, items about that region come first, then national
        ones, then those about other regions (``SearchHit.scope``). With ``first_country``
        (the case's country) and no ``countries``, the whole library is searched and that
        country's items come first, then every other country's."""
        from country_info.query import plan, vocabulary

        if sections:
            unknown = [s for s in sections if s not in SECTIONS]
            if unknown:
                raise PackError(_("unknown section “{name}”; sections are: {names}.")
                                .format(name=unknown[0], names=", ".join(SECTIONS)))
        if limit <= 0:
            return []
        countries = [c.upper() for c in countries] if countries else None
        planned = plan(query, vocabulary(), self.gazetteer(), countries=countries)
        if planned.expression is None:
            return []
        wanted = {region.upper()} if region else set()
        wanted |= planned.regions
        within = countries or planned.countries
        home = first_country.upper() if first_country and not within else None
        where = {"countries": within, "sections": sections, "langs": langs}
        chosen: dict[str, Candidate] = {}
        if home:  # the case's country first: its own statement (the country a term of the
            # match), so no other country crowds it out
            at_home = plan(query, vocabulary(), self.gazetteer(), countries=[home])
            chosen = self._matching(at_home, {**where, "countries": [home]}, limit, prefer_lang)
        if len(chosen) < limit:
            for key, row in self._matching(planned, where, limit, prefer_lang).items():
                chosen.setdefault(key, row)
        ranked = list(chosen.values())
        if wanted or home:
            ranked.sort(key=lambda c: (c.country != home, 0 if wanted & set(c.regions)
                                       else (1 if not c.regions else 2)))
        hits = []
        for row in ranked[:limit]:
            title, body, lang = row.title, row.body, row.lang
            if prefer_lang and lang != prefer_lang:
                entry = self._loaded_entry(row.key)
                if entry is not None:
                    title = entry.title_in(prefer_lang).text
                    text = entry.item.text_in(prefer_lang)
                    if not text.fallback:
                        body, lang = text.text, text.lang
            scope = ("region" if wanted & set(row.regions) else "national" if not row.regions
                     else "elsewhere")
            hits.append(SearchHit(row.key, row.country, row.section, lang, title,
                                  split_marked(make_snippet(body, planned.terms)), row.regions, scope))
        return hits

    def _matching(self, planned, where: dict, limit: int, prefer_lang: str | None
                  ) -> dict[str, Candidate]:
        """Items with every word; with too few of them, items with some of the words too."""
        chosen = self._candidates(planned.expression, where, limit, prefer_lang)
        if len(chosen) < min(3, limit) and planned.any_expression:
            for key, row in self._candidates(planned.any_expression, where, limit, prefer_lang).items():
                chosen.setdefault(key, row)
        return chosen

    def _candidates(self, expression: str, where: dict, limit: int, prefer_lang: str | None
                    ) -> dict[str, Candidate]:
        """The best row of each matching item, best items first (``limit`` items at most)."""
        fetch = limit * 4
        while True:  # an item has a row per written language: fetch until enough items
            found = self.index().candidates(expression, limit=fetch, **where)
            chosen: dict[str, Candidate] = {}
            for row in found:
                held = chosen.get(row.key)
                if held is None or (prefer_lang and row.lang == prefer_lang and held.lang != prefer_lang):
                    chosen[row.key] = row
            if len(chosen) >= limit or len(found) < fetch or fetch >= limit * 64:
                return chosen
            fetch *= 4

    def _loaded_entry(self, key: str) -> Entry | None:
        """The entry behind ``key`` when its pack is in memory already (no file is read)."""
        pack_id, _sep, item_id = key.partition(":")
        with self._lock:
            if pack_id.startswith("base-"):
                pack = self._base_packs.get(pack_id[5:].upper())
            else:
                pack = next((p for p, _d in (self._curated or []) if p.pack_id == pack_id), None)
        item = pack.item(item_id) if pack is not None else None
        if item is None:
            return None
        info = pack.__dict__.get("_info") or pack.__dict__.setdefault("_info", PackInfo.of(pack))
        return Entry(item, info)

    def entry(self, key: str) -> Entry | None:
        """The item behind a key such as ``"base-gn:factbook.unemployment"`` (or a search hit's)."""
        pack_id = key.split(":", 1)[0]
        code = None
        if pack_id.startswith("base-"):
            code = pack_id[5:].upper()
        else:
            for pack in self.curated_packs():
                if pack.pack_id == pack_id:
                    code = pack.country
        if not code:
            return None
        try:
            return self.get_country(code).entry(key)
        except PackError:
            return None

    def close(self) -> None:
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
