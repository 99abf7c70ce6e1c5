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

from counsel_app.i18n import N_, _
from country_info.errors import PackError
from country_info.files import write_atomically
from country_info.model import SECTIONS, Item, LocalText, Pack, pack_from_dict, pick
from country_info.search import Row, SearchHit, SearchIndex
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
    from counsel_app.paths import data_dir, ensure_private_dir

    path = data_dir() / "country_info" / "packs"
    ensure_private_dir(path)
    return path


def default_index_path() -> Path:
    from counsel_app.paths import data_dir

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

    @classmethod
    def of(cls, pack: Pack) -> PackInfo:
        return cls(pack.pack_id, pack.country, pack.kind, pack.sample, pack.verified,
                   pack.publisher.id, pack.publisher.name, pack.issued, pack.origin, pack.key_id,
                   pack.item_count, tuple(sorted(pack.notes.items())))

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
        """The title in ``lang``; base-pack titles are our own labels, translated with the
        documents catalog (facts themselves are never translated)."""
        found = self.item.title_in(lang)
        if found.fallback and self.pack.kind == "base":
            label = translate_label(self.item.title.get("en", found.text), lang)
            if label is not None:
                return LocalText(label, lang, False)
        return found


def translate_label(label: str, lang: str) -> str | None:
    """A base-pack label in ``lang`` when the documents catalog has it, else None."""
    from counsel_app.i18n import document_translator

    if lang.split("_")[0] == "en":
        return label
    translated = document_translator(lang).gettext(label)
    return translated if translated != label else None


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

    def section(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.section == name]

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

    def base_pack(self, code: str) -> Pack | None:
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

    def import_pack(self, path: Path) -> PackInfo:
        """Verify, validate and store a pack file. On any problem nothing on disk changes."""
        path = Path(path)
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
        except OSError as exc:
            raise PackError(_("cannot read the file ({problem}).").format(problem=exc.strerror or exc),
                            source=str(path)) from None
        pack = load_pack_file(path, keys=self._keys, allow_unsigned=self.allow_unsigned, raw=raw)
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
        digest = hashlib.sha256()
        digest.update((self.base_dir / "index.json").read_bytes())
        for pack, sha in self._curated_with_digest():
            digest.update(f"{pack.origin}:{sha}:{pack.verified}".encode())
        return digest.hexdigest()

    def _rows(self):
        for code in self.base_index()["countries"]:
            yield from self._pack_rows(self.base_pack(code))
        for pack in self.curated_packs():
            yield from self._pack_rows(pack)

    def _pack_rows(self, pack: Pack):
        names = self.names_of(pack.country) or pack.names
        place = " ".join([pack.country] + [names[lang] for lang in PLACE_LANGUAGES if lang in names])
        from country_info.search import fold_arabic, has_arabic

        if has_arabic(place):
            place += " " + fold_arabic(place)
        for item in pack.items():
            for lang in sorted(item.text):
                title = item.title_in(lang).text
                body = item.text[lang]
                org = item.organisation
                if org:
                    extra = [pick(org.get(k, {}), lang, item.source_language) for k in
                             ("name", "address", "opening_hours", "services")]
                    body = "\n".join([body] + [e.text for e in extra if e] + list(org.get("phone", [])))
                yield Row(f"{pack.pack_id}:{item.id}", pack.country, item.section, lang, title, body, place)

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
               limit: int = 30, prefer_lang: str | None = None) -> list[SearchHit]:
        """Search every pack (case- and accent-insensitive, words as prefixes)."""
        if sections:
            unknown = [s for s in sections if s not in SECTIONS]
            if unknown:
                raise PackError(_("unknown section “{name}”; sections are: {names}.")
                                .format(name=unknown[0], names=", ".join(SECTIONS)))
        countries = [c.upper() for c in countries] if countries else None
        hits = self.index().search(query, countries=countries, sections=sections, langs=langs, limit=limit,
                                   prefer_lang=prefer_lang)
        if prefer_lang:
            import dataclasses

            for index, hit in enumerate(hits):
                if hit.key.startswith("base-"):
                    label = translate_label(hit.title, prefer_lang)
                    if label is not None:
                        hits[index] = dataclasses.replace(hit, title=label)
        return hits

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
