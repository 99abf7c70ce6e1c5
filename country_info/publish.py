"""The publisher's toolkit: a key pair, a pack written as a spreadsheet, checked row by row,
signed, its version raised, and the public key exported for stations to trust.

An office with no programmer works in a spreadsheet (``.xlsx`` or ``.csv``), one sheet:

* first a block of ``field | value`` rows about the pack (``pack_id``, ``country``,
  ``publisher_id``, ``publisher_name``, ``version``, ``issued``, ``sample``, ``name:fr``,
  ``notes:en`` ...), ended by an empty row;
* then a header row (``section``, ``item``, ``region``, ``date``, ``title:en``,
  ``text:en``, ``title:fr``, ...; see :data:`ITEM_COLUMNS`) and one row per item.

Rows whose first cell starts with ``#`` are comments. :func:`read_sheet` turns the sheet
into a pack (a ``dict`` in the format of ``docs/country-packs.md``) and every problem into a
sentence naming the row and the column; :func:`write_sheet` does the reverse, so a pack
written to a sheet and read back is the same pack. Nothing here imports Qt.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from country_info.i18n import _
from country_info.errors import PackError
from country_info.files import replacing, write_atomically
from country_info.model import FORMAT, SCHEMA_VERSION, SECTIONS
from country_info.signing import PublisherKey, key_from_record, key_id_of

# ----------------------------------------------------------------------------- keys

PRIVATE_SUFFIX = ".private-key.pem"
PUBLIC_SUFFIX = ".public-key.json"
MIN_PASSPHRASE = 10
IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def fingerprint(key: PublisherKey) -> str:
    """32 hex digits identifying a publisher's public key (the key id is its first 16)."""
    return hashlib.sha256(key.public_raw).hexdigest()[:32]


def spoken(fp: str) -> str:
    """``3F2A 9C01 ...``: the fingerprint in 8 groups of 4, for reading aloud."""
    fp = fp.upper()
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def normalise_fingerprint(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise PackError(_("the passphrase must have at least {count} characters.").format(
            count=MIN_PASSPHRASE))


def create_key(publisher_id: str, name: str, passphrase: str, folder: Path) -> tuple[Path, Path, PublisherKey]:
    """A new key pair in ``folder``: the private key encrypted with ``passphrase`` (readable by
    its owner only) and the public key record to give to stations. Refuses to overwrite."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not IDENTIFIER.match(publisher_id or ""):
        raise PackError(_("“{id}” is not a publisher id: use lower-case letters, digits, dots, "
                          "dashes and underscores (e.g. my-ngo).").format(id=publisher_id))
    if not name.strip():
        raise PackError(_("the publisher's name is empty."))
    check_passphrase(passphrase)
    folder = Path(folder)
    if not folder.is_dir():
        raise PackError(_("the folder “{path}” does not exist.").format(path=folder))
    private_path = folder / f"{publisher_id}{PRIVATE_SUFFIX}"
    public_path = folder / f"{publisher_id}{PUBLIC_SUFFIX}"
    for path in (private_path, public_path):
        if path.exists():
            raise PackError(_("“{path}” already exists; a key is never overwritten (move it away "
                              "first).").format(path=path))
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    key = PublisherKey(publisher_id, name.strip(), key_id_of(raw), raw)
    write_atomically(private_path, pem)  # private: 0600
    write_atomically(public_path, public_record_text(key), private=False)
    return private_path, public_path, key


def public_record_text(key: PublisherKey) -> str:
    record = key.as_record()
    record["fingerprint"] = fingerprint(key)
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_public_key(path: Path) -> PublisherKey:
    from country_info.validate import read_file

    # missing, unreadable, too large or not JSON: one sentence in words (nesting limited)
    record = read_file(path)
    key = key_from_record(record, str(path))
    if record.get("fingerprint") and normalise_fingerprint(str(record["fingerprint"])) != fingerprint(key):
        raise PackError(_("the fingerprint does not match the public key."), source=str(path),
                        where="$.fingerprint")
    return key


def read_private_key(path: Path, passphrase: str):
    """The Ed25519 private key in ``path``, opened with ``passphrase``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        pem = Path(path).read_bytes()
    except OSError as exc:
        raise PackError(_("cannot read the key file ({problem}).").format(problem=exc.strerror or exc),
                        source=str(path)) from None
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase.encode("utf-8"))
    except TypeError:
        raise PackError(_("the private key is not protected by a passphrase; make a new key "
                          "with “packs keygen”."), source=str(path)) from None
    except ValueError:
        raise PackError(_("the passphrase does not open this private key (or the file is not "
                          "a private key)."), source=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(_("the signing key is not an Ed25519 key."), source=str(path))
    return key


def public_key_of(private, publisher_id: str, name: str) -> PublisherKey:
    from cryptography.hazmat.primitives import serialization

    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PublisherKey(publisher_id, name, key_id_of(raw), raw)


def export_public_key(key: PublisherKey, folder: Path) -> list[Path]:
    """What a publisher sends to stations: the key record (JSON), its fingerprint as text,
    and the same record as a QR code (PNG)."""
    from country_info.qr import qr_png

    folder = Path(folder)
    if not folder.is_dir():
        raise PackError(_("the folder “{path}” does not exist.").format(path=folder))
    stem = f"{key.publisher_id}-{key.key_id}"
    record = public_record_text(key)
    text = "\n".join([
        _("Country information publisher: {name} ({id})").format(name=key.name, id=key.publisher_id),
        _("Key id: {key}").format(key=key.key_id),
        _("Fingerprint: {fingerprint}").format(fingerprint=spoken(fingerprint(key))),
        _("Before trusting this key, read the fingerprint to the publisher over the phone and "
          "check every group."),
        "",
    ])
    compact = json.dumps(json.loads(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    paths = [folder / f"{stem}{PUBLIC_SUFFIX}", folder / f"{stem}.fingerprint.txt", folder / f"{stem}.qr.png"]
    write_atomically(paths[0], record, private=False)
    write_atomically(paths[1], text, private=False)
    write_atomically(paths[2], qr_png(compact), private=False)
    return paths


def sign_with(pack: dict, private, passphrase_path: str = "") -> dict:
    """The signed envelope for ``pack`` with an opened private key."""
    import base64

    from country_info.model import SIGNED_FORMAT
    from country_info.signing import DOMAIN_PREFIX, canonical_bytes

    key = public_key_of(private, pack["publisher"]["id"], pack["publisher"]["name"])
    return {
        "format": SIGNED_FORMAT,
        "envelope_version": 1,
        "pack": pack,
        "signature": {
            "algorithm": "ed25519",
            "publisher": pack["publisher"]["id"],
            "key_id": key.key_id,
            "value": base64.b64encode(private.sign(DOMAIN_PREFIX + canonical_bytes(pack))).decode("ascii"),
        },
    }


# ----------------------------------------------------------------------------- sheet layout

PACK_FIELDS = ("pack_id", "country", "publisher_id", "publisher_name", "version", "issued", "sample")
#: per-language pack fields: ``name:fr`` in a sheet is ``names["fr"]`` in the pack
PACK_LANG_FIELDS = {"name": "names", "notes": "notes"}

#: Item columns, in the order a sheet shows them; ``title``, ``text`` and the organisation's
#: texts come once per language (``title:fr``).
ITEM_COLUMNS = ("section", "item", "region", "date", "review", "source_language", "licence",
                "source_title", "source_publisher", "source_date", "source_version", "link")
ITEM_LANG_COLUMNS = ("title", "text")
ORG_LANG_COLUMNS = {"org_name": "name", "org_address": "address", "org_hours": "opening_hours",
                    "org_services": "services"}
ORG_COLUMNS = {"org_phone": "phone", "org_email": "email", "org_website": "website"}
LIST_COLUMNS = ("tags", "answers", "drafts", "derived")
#: The partner table a sheet may have below its items, from a row starting with ``partner``:
#: one organisation to refer returnees to per row (the pack's ``partners``; the column
#: ``partner`` is its name; ``services`` and ``languages`` are lists separated by ``;``).
PARTNER_COLUMNS = ("partner", "type", "region", "town", "services", "languages", "contact",
                   "hours", "procedure")
PARTNER_LISTS = ("services", "languages")
LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{2,4})?$")
DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
YES = {"yes", "true", "1", "oui", "sí", "si", "x"}
NO = {"no", "false", "0", "non", ""}


@dataclass
class SheetResult:
    """A sheet read as a pack: ``pack`` is None when a problem stops it."""

    pack: dict | None
    problems: list[str] = field(default_factory=list)
    rows: dict[tuple[str, int], int] = field(default_factory=dict)  # (section, index) -> row

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.problems


def _languages(pack: dict) -> list[str]:
    from country_info.i18n import document_language_codes

    found: set[str] = set()
    found.update(pack.get("names", {}), pack.get("notes", {}))
    for section in pack.get("sections", {}).values():
        for item in section["items"]:
            found.update(item["title"], item["text"])
            for key in ORG_LANG_COLUMNS.values():
                found.update((item.get("organisation") or {}).get(key) or {})
    order = {code: i for i, code in enumerate(document_language_codes())}
    return sorted(found, key=lambda code: (order.get(code, len(order)), code))


def header_for(languages: list[str]) -> list[str]:
    header = list(ITEM_COLUMNS)
    for lang in languages:
        header += [f"{col}:{lang}" for col in ITEM_LANG_COLUMNS]
    for lang in languages:
        header += [f"{col}:{lang}" for col in ORG_LANG_COLUMNS]
    header += list(ORG_COLUMNS) + list(LIST_COLUMNS)
    return header


def pack_to_rows(pack: dict) -> list[list[str]]:
    """The sheet for ``pack`` (pack block, empty row, header, items)."""
    languages = _languages(pack) or ["en"]
    rows: list[list[str]] = [
        ["pack_id", pack["pack_id"]], ["country", pack["country"]],
        ["publisher_id", pack["publisher"]["id"]], ["publisher_name", pack["publisher"]["name"]],
        ["version", str(pack["version"]) if "version" in pack else ""], ["issued", pack.get("issued", "")],
        ["sample", "yes" if pack.get("sample") else "no"],
    ]
    for field_name, key in PACK_LANG_FIELDS.items():
        for lang, text in sorted((pack.get(key) or {}).items()):
            rows.append([f"{field_name}:{lang}", text])
    rows.append([])
    header = header_for(languages)
    rows.append(header)
    for section in SECTIONS:
        for item in pack["sections"].get(section, {}).get("items", []):
            src = item["source"]
            org = item.get("organisation") or {}
            cells = {
                "section": section, "item": item["id"], "region": " ".join(item.get("regions", ())),
                "date": item["date"], "review": item.get("review", ""),
                "source_language": item["source_language"], "licence": item["licence"],
                "source_title": src["title"], "source_publisher": src["publisher"],
                "source_date": src.get("published", ""), "source_version": src.get("version", ""),
                "link": src.get("link", ""),
            }
            for lang in languages:
                cells[f"title:{lang}"] = item["title"].get(lang, "")
                cells[f"text:{lang}"] = item["text"].get(lang, "")
                for col, key in ORG_LANG_COLUMNS.items():
                    cells[f"{col}:{lang}"] = (org.get(key) or {}).get(lang, "")
            cells["org_phone"] = "; ".join(org.get("phone", ()))
            cells["org_email"] = "; ".join(org.get("email", ()))
            cells["org_website"] = org.get("website", "")
            for col in LIST_COLUMNS:
                cells[col] = " ".join(item.get(col, ()))
            rows.append([cells.get(col, "") for col in header])
    if pack.get("partners"):
        rows += [[], list(PARTNER_COLUMNS)]
        rows += [partner_cells(partner) for partner in pack["partners"]]
    return rows


def partner_cells(partner: dict) -> list[str]:
    """A partner of a pack as a row of the partner table (:data:`PARTNER_COLUMNS`)."""
    values = {**partner, "partner": partner.get("name", "")}
    return ["; ".join(values.get(col) or ()) if col in PARTNER_LISTS else str(values.get(col, ""))
            for col in PARTNER_COLUMNS]


def _is_partner_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0].strip().lower() == "partner"


def write_sheet(pack: dict, path: Path) -> Path:
    """Write ``pack`` as ``.xlsx`` or ``.csv`` (by the file name)."""
    write_rows(pack_to_rows(pack), Path(path))
    return Path(path)


def write_rows(rows: list[list[str]], path: Path, *, comments: list[str] = ()) -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from country_info.csvfile import to_text  # the one CSV writer (formula cells neutralised)

        text = to_text([[f"# {line}"] for line in comments] + [list(row) for row in rows])
        write_atomically(path, "\ufeff" + text, private=False)
        return
    if suffix != ".xlsx":
        raise PackError(_("a pack sheet is an .xlsx or a .csv file, not “{name}”.").format(name=path.name))
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Pack"
    header_row = None
    for line in comments:
        sheet.append([f"# {line}"])
    for row in rows:
        sheet.append(list(row))
        if row and row[0] == "section":
            header_row = sheet.max_row
    for row in sheet.iter_rows():
        for cell in row:
            cell.number_format = "@"  # text: "2025-03" stays a month, never a date
            if cell.data_type == "f":  # "=..." is text here, never a formula
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if header_row:
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F0")
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    for column in sheet.columns:
        letter = column[0].column_letter
        name = str(sheet.cell(row=header_row or 1, column=column[0].column).value or "")
        sheet.column_dimensions[letter].width = 50 if name.startswith("text:") else 18
    with replacing(path, private=False) as tmp:
        book.save(tmp)


# ----------------------------------------------------------------------------- reading

def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The rows of a sheet as (row number, cells as text)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig")
            rows = []
            for delimiter in (",", ";", "\t"):  # a spreadsheet in French saves with ";"
                rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
                if any(row and row[0].strip().lower() == "section" and len(row) > 5 for row in rows):
                    break
            return [(n, [_cell(c) for c in row]) for n, row in enumerate(rows, 1)]
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book["Pack"] if "Pack" in book.sheetnames else book.worksheets[0]
            rows = [(n, [_cell(c) for c in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]
            book.close()
            return rows
    except UnicodeDecodeError:
        raise PackError(_("the file is not UTF-8 text; save the CSV as “CSV UTF-8”."), source=path.name) from None
    except OSError as exc:
        raise PackError(_("cannot read the file ({problem}).").format(problem=exc.strerror or exc),
                        source=path.name) from None
    except Exception:  # openpyxl: a damaged or foreign file (zip, XML errors)
        if suffix == ".xlsx":
            raise PackError(_("the file cannot be read as an .xlsx workbook: it is damaged or "
                              "not a workbook; save it again as .xlsx."),
                            source=path.name) from None
        raise
    raise PackError(_("a pack sheet is an .xlsx or a .csv file, not “{name}”.").format(name=path.name))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        text = text[1:]
    return text


def _split(text: str, pattern: str = r"[;\n]") -> list[str]:
    return [part.strip() for part in re.split(pattern, text) if part.strip()]


def read_sheet(path: Path) -> SheetResult:
    """Read a sheet into a pack; every problem named by row and column."""
    path = Path(path)
    return rows_to_pack(read_rows(path), path.name)


def located(row: int, column: str | None, message: str, place=None) -> str:
    """``message`` with where it is: a sheet's row and column, or, when ``place`` turns a row
    into a file name (a pack folder), the file and the field."""
    if place is not None:
        if column:
            return _("{file}, field “{field}”: {problem}").format(file=place(row, column), field=column,
                                                                  problem=message)
        return _("{file}: {problem}").format(file=place(row, None), problem=message)
    if column:
        return _("row {row}, column “{column}”: {problem}").format(row=row, column=column, problem=message)
    return _("row {row}: {problem}").format(row=row, problem=message)


def rows_to_pack(rows: list[tuple[int, list[str]]], source: str, place=None) -> SheetResult:
    """The pack in ``rows``; ``place(row, column)`` names the file a row came from when the
    rows were made from a folder (see :mod:`country_info.pack_folder`)."""
    problems: list[str] = []

    def problem(row: int, column: str | None, message: str) -> None:
        problems.append(located(row, column, message, place))

    rows = [(n, cells) for n, cells in rows if not (cells and cells[0].startswith("#"))]
    # the pack block: field | value rows up to the header row
    meta: dict[str, tuple[int, str]] = {}
    position = 0
    while position < len(rows):
        n, cells = rows[position]
        if cells and cells[0].strip().lower() == "section":
            break
        position += 1
        if not any(cells):
            continue
        name = cells[0].strip()
        value = cells[1] if len(cells) > 1 else ""
        base = name.split(":")[0]
        if base not in PACK_FIELDS and base not in PACK_LANG_FIELDS:
            problem(n, None, _("“{field}” is not a pack field; pack fields are: {names}.").format(
                field=name, names=", ".join([*PACK_FIELDS, "name:LANG", "notes:LANG"])))
            continue
        if name in meta:
            problem(n, None, _("“{field}” is given twice (first in row {first}).").format(
                field=name, first=meta[name][0]))
            continue
        meta[name] = (n, value)
    if position >= len(rows):
        problems.append(_("no item table: a row starting with “section” (the column names) must "
                          "follow the pack fields."))
        return SheetResult(None, problems)
    header_row, header = rows[position]
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()

    pack = _pack_block(meta, problem)
    country = pack.get("country", "")
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        base, _sep, lang = name.partition(":")
        known = (name in ITEM_COLUMNS or name in ORG_COLUMNS or name in LIST_COLUMNS
                 or (lang and (base in ITEM_LANG_COLUMNS or base in ORG_LANG_COLUMNS)))
        if not known:
            problem(header_row, name or "?", _("unknown column; the columns are described in "
                                               "docs/country-packs.md."))
        elif lang and not LANGUAGE.match(lang):
            problem(header_row, name, _("“{lang}” is not a language code (en, fr, ar, fa_AF ...).")
                    .format(lang=lang))
        elif name in columns:
            problem(header_row, name, _("the column is there twice."))
        else:
            columns[name] = index
    for required in ("section", "item", "date", "source_language", "licence", "source_title",
                     "source_publisher"):
        if required not in columns:
            problem(header_row, required, _("this column is missing."))
    if problems and not columns:
        return SheetResult(None, problems)

    sections: dict[str, list[dict]] = {}
    where: dict[tuple[str, int], int] = {}
    seen: dict[str, int] = {}
    body = rows[position + 1:]
    at = next((i for i, (_n, cells) in enumerate(body) if _is_partner_header(cells)), len(body))
    body, partner_rows = body[:at], body[at:]
    for n, cells in body:
        if not any(cells):
            continue

        def get(name: str) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        item, section = _item_row(n, get, columns, country, seen, problem)
        if item is None:
            continue
        items = sections.setdefault(section, [])
        where[(section, len(items))] = n
        items.append(item)
    if not sections and not problems:
        problems.append(_("the sheet has no items."))
    pack["sections"] = {name: {"items": sections[name]} for name in SECTIONS if name in sections}
    if partner_rows:
        partners = _partners(partner_rows, problem, where)
        if partners:
            pack["partners"] = partners
    result = SheetResult(pack, problems, where)
    if not problems:
        _final_check(result, source, place)
    return result


def _partners(rows: list[tuple[int, list[str]]], problem, where: dict) -> list[dict]:
    """The partner table (its header first): one partner per row that is not empty; the
    schema checks their values (:func:`_final_check` names the row and column)."""
    header_row, header = rows[0]
    columns: dict[str, int] = {}
    for index, name in enumerate(h.strip().lower() for h in header):
        if not name:
            continue
        if name not in PARTNER_COLUMNS:
            problem(header_row, name, _("unknown column of the partner table; its columns are: "
                                        "{names}.").format(names=", ".join(PARTNER_COLUMNS)))
        elif name in columns:
            problem(header_row, name, _("the column is there twice."))
        else:
            columns[name] = index
    for required in ("partner", "type", "services"):
        if required not in columns:
            problem(header_row, required, _("this column is missing."))
    partners: list[dict] = []
    for n, cells in rows[1:]:
        if not any(cells):
            continue

        def get(name: str) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        partner: dict[str, Any] = {"name": get("partner"), "type": get("type").lower(),
                                   "services": _split(get("services"))}
        for name in PARTNER_COLUMNS[2:]:
            if name in PARTNER_LISTS:
                if name != "services" and get(name):
                    partner[name] = _split(get(name))
            elif get(name):
                partner[name] = get(name).upper() if name == "region" else get(name)
        where[("partners", len(partners))] = n
        partners.append(partner)
    return partners


def _pack_block(meta: dict[str, tuple[int, str]], problem) -> dict:
    pack: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}

    def value(name: str) -> tuple[int, str]:
        return meta.get(name, (0, ""))

    for name in ("pack_id", "country", "publisher_id", "publisher_name"):
        n, text = value(name)
        if not text:
            problem(n or 1, None, _("the pack field “{field}” is missing or empty.").format(field=name))
    pack_id = value("pack_id")[1]
    if pack_id and not IDENTIFIER.match(pack_id):
        problem(value("pack_id")[0], None, _("“{value}” is not a pack id: use lower-case letters, "
                                             "digits, dots and dashes (e.g. my-ngo-iq).").format(value=pack_id))
    publisher = value("publisher_id")[1]
    if publisher and not IDENTIFIER.match(publisher):
        problem(value("publisher_id")[0], None, _("“{value}” is not a publisher id: use lower-case "
                                                  "letters, digits, dots and dashes.").format(value=publisher))
    country = value("country")[1].upper()
    if country:
        from country_info.validate import known_country

        if not known_country(country):
            problem(value("country")[0], None, _("unknown country code “{code}” (expected ISO "
                                                 "3166-1 alpha-2, such as IQ).").format(code=country))
    pack.update(pack_id=pack_id, country=country, kind="curated")
    n, sample = value("sample")
    if sample.lower() not in YES | NO:
        problem(n, None, _("“sample” is “yes” or “no”, not “{value}”.").format(value=sample))
    pack["sample"] = sample.lower() in YES
    pack["publisher"] = {"id": publisher, "name": value("publisher_name")[1]}
    n, issued = value("issued")
    if issued:
        if _check_date(issued):
            pack["issued"] = issued
        else:
            problem(n, None, _("“{value}” is not a date (write YYYY, YYYY-MM or YYYY-MM-DD).").format(value=issued))
    n, version = value("version")
    if version:
        if version.isdigit() and 1 <= int(version) <= 1_000_000:
            pack["version"] = int(version)
        else:
            problem(n, None, _("the version is a whole number from 1, not “{value}”.").format(value=version))
    for field_name, key in PACK_LANG_FIELDS.items():
        texts = {}
        for name, (n, text) in meta.items():
            base, _sep, lang = name.partition(":")
            if base != field_name or not text:
                continue
            if not LANGUAGE.match(lang):
                problem(n, None, _("“{lang}” is not a language code (en, fr, ar, fa_AF ...).").format(lang=lang))
            texts[lang] = text
        if texts:
            pack[key] = texts
    return pack


def _check_date(text: str) -> bool:
    if not DATE.match(text):
        return False
    from country_info.validate import parse_date

    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _item_row(n: int, get, columns, country: str, seen: dict[str, int], problem):
    from country_info.validate import known_region

    section = get("section").lower()
    if section not in SECTIONS:
        problem(n, "section", _("“{value}” is not a section; sections are: {names}.").format(
            value=get("section"), names=", ".join(SECTIONS)))
    item_id = get("item")
    if not item_id:
        problem(n, "item", _("the item has no id (a short name such as health.clinic-basra)."))
    elif not IDENTIFIER.match(item_id):
        problem(n, "item", _("“{value}” is not an item id: use lower-case letters, digits, dots and "
                             "dashes.").format(value=item_id))
    elif item_id in seen:
        problem(n, "item", _("the id “{value}” is already used in row {first}.").format(
            value=item_id, first=seen[item_id]))
    else:
        seen[item_id] = n
    item: dict[str, Any] = {"id": item_id}
    titles, texts = {}, {}
    org: dict[str, Any] = {}
    for name in columns:
        base, _sep, lang = name.partition(":")
        if not lang or not get(name):
            continue
        if base == "title":
            titles[lang] = get(name)
        elif base == "text":
            texts[lang] = get(name)
        elif base in ORG_LANG_COLUMNS:
            org.setdefault(ORG_LANG_COLUMNS[base], {})[lang] = get(name)
    item["title"], item["text"] = titles, texts
    source_language = get("source_language")
    if not source_language:
        problem(n, "source_language", _("say in which language the text was written (en, fr, ar ...)."))
    elif not LANGUAGE.match(source_language):
        problem(n, "source_language", _("“{lang}” is not a language code (en, fr, ar, fa_AF ...).")
                .format(lang=source_language))
    else:
        if source_language not in titles:
            problem(n, f"title:{source_language}", _("the title in the source language is missing."))
        if source_language not in texts:
            problem(n, f"text:{source_language}", _("the text in the source language is missing."))
    item["source"] = {"title": get("source_title"), "publisher": get("source_publisher")}
    for column in ("source_title", "source_publisher", "licence"):
        if not get(column):
            problem(n, column, _("this must not be empty."))
    for column, key in (("source_date", "published"), ("source_version", "version"), ("link", "link")):
        if get(column):
            item["source"][key] = get(column)
    if get("link") and not re.match(r"^(https?://|urn:)", get("link")):
        problem(n, "link", _("a link starts with https:// (or http://)."))
    item["date"] = get("date")
    if not get("date"):
        problem(n, "date", _("the date of the information is missing (YYYY, YYYY-MM or YYYY-MM-DD)."))
    for column in ("date", "review", "source_date"):
        if get(column) and not _check_date(get(column)):
            problem(n, column, _("“{value}” is not a date (write YYYY, YYYY-MM or YYYY-MM-DD).").format(
                value=get(column)))
    item["source_language"] = source_language
    item["licence"] = get("licence")
    if org or any(get(c) for c in ORG_COLUMNS):
        if "name" not in org:
            problem(n, "org_name", _("an organisation needs a name (org_name:LANG)."))
        for column in ("org_phone", "org_email"):
            if get(column):
                org[ORG_COLUMNS[column]] = _split(get(column))
        if get("org_website"):
            org["website"] = get("org_website")
        item["organisation"] = org
    for column in LIST_COLUMNS:
        if get(column):
            item[column] = _split(get(column), r"[\s,;]+")
    regions = [r.upper() for r in _split(get("region"), r"[\s,;]+")]
    for region in regions:
        if country and not known_region(country, region):
            from country_info.validate import example_region

            problem(n, "region", _("“{region}” is not a region of {country} (ISO 3166-2 codes such "
                                   "as {example}).").format(region=region, country=country,
                                                           example=example_region(country)))
    if len(set(regions)) != len(regions):
        problem(n, "region", _("a region is named twice."))
    if regions:
        item["regions"] = regions
    if get("review"):
        item["review"] = get("review")
    return item, section


def _final_check(result: SheetResult, source: str, place=None) -> None:
    """The pack's own validation (schema and meaning); its path is turned into a row."""
    from country_info.validate import validate_pack

    try:
        validate_pack(result.pack, source)
    except PackError as exc:
        match = re.match(r"^\$\.(?:sections\.(\w+)\.items|(partners))\[(\d+)\](?:\.(\w+))?",
                         exc.where or "")
        key = (match.group(1) or match.group(2), int(match.group(3))) if match else None
        if key in result.rows:
            column = match.group(4)
            if match.group(2) and column == "name":
                column = "partner"  # (the partner table's name column)
            result.problems.append(located(result.rows[key], column, exc.reason, place))
        else:
            result.problems.append(_("pack fields: {problem}").format(problem=exc.reason))


# ----------------------------------------------------------------------------- files

def read_pack_json(path: Path) -> dict:
    """The pack inside a pack file (signed or not), for writing it out as a sheet. The
    signature is not checked here: this is the publisher's own file."""
    from country_info.model import SIGNED_FORMAT
    from country_info.validate import read_file, validate_pack

    path = Path(path)
    data = read_file(path, path.name)
    if isinstance(data, dict) and data.get("format") == SIGNED_FORMAT:
        data = data.get("pack")
    return validate_pack(data, path.name)


def load_pack_source(path: Path) -> SheetResult:
    """A sheet (.xlsx/.csv) or a pack file (.json), read for checking or signing (a folder:
    :func:`country_info.pack_folder.load_source`)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".csv"):
        return read_sheet(path)
    return SheetResult(read_pack_json(path))


def bump_sheet(path: Path, *, today: _dt.date | None = None) -> tuple[int, str]:
    """Raise the sheet's version by one and set ``issued`` to today. Returns both."""
    path = Path(path)
    result = read_sheet(path)
    if result.pack is None:
        raise PackError("; ".join(result.problems), source=path.name)
    version = int(result.pack.get("version", 1)) + 1
    issued = (today or _dt.date.today()).isoformat()
    if path.suffix.lower() == ".csv":
        rows = [cells for _n, cells in read_rows(path)]
        _set_field(rows, "version", str(version))
        _set_field(rows, "issued", issued)
        write_rows(rows, path)
        return version, issued
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Pack"] if "Pack" in book.sheetnames else book.worksheets[0]
    found = set()
    header = None
    for row in sheet.iter_rows():
        name = str(row[0].value or "").strip()
        if name == "section":
            header = row[0].row
            break
        if name in ("version", "issued") and len(row) > 1:
            row[1].value = str(version) if name == "version" else issued
            row[1].number_format = "@"
            found.add(name)
    for name in ("version", "issued"):
        if name not in found and header:
            sheet.insert_rows(header)
            sheet.cell(row=header, column=1, value=name)
            sheet.cell(row=header, column=2, value=str(version) if name == "version" else issued)
            header += 1
    with replacing(path, private=False) as tmp:
        book.save(tmp)
    return version, issued


def _set_field(rows: list[list[str]], name: str, value: str) -> None:
    for index, cells in enumerate(rows):
        if cells and cells[0].strip() == "section":
            rows.insert(index, [name, value])
            return
        if cells and cells[0].strip() == name:
            while len(cells) < 2:
                cells.append("")
            cells[1] = value
            return


TEMPLATE_HELP = (
    "Country information pack. Fill the pack fields, then one row per item below the column names.",
    "Sections: general, documents, safety, health, education, housing, labour, cost_of_living, "
    "social_protection, services, contacts.",
    "Dates: YYYY, YYYY-MM or YYYY-MM-DD. Region: ISO 3166-2 codes (IQ-BA), empty for the whole country.",
    "Write a language's title and text only when a person wrote or checked them: never machine translations.",
    "Check with: counsel-app packs check FILE. Guide: docs/country-packs.md.",
)


def template_pack(country: str = "IQ", languages: tuple[str, ...] = ("en", "fr", "ar")) -> dict:
    """The pack the template sheet shows: one example row to overwrite."""
    item = {
        "id": "services.example-office",
        "title": {lang: "" for lang in languages},
        "text": {lang: "" for lang in languages},
        "source": {"title": "Visit report", "publisher": "Our office"},
        "date": "2026-01", "source_language": languages[0], "licence": "CC BY 4.0",
    }
    item["title"][languages[0]] = "Example: reception office (replace this row)"
    item["text"][languages[0]] = "What the office does, for whom, how to reach it."
    return {
        "format": FORMAT, "schema_version": SCHEMA_VERSION, "pack_id": f"our-office-{country.lower()}",
        "country": country, "kind": "curated", "sample": False,
        "publisher": {"id": "our-office", "name": "Our office"}, "version": 1, "issued": "2026-01-15",
        "sections": {"services": {"items": [item]}},
    }


def write_template(path: Path, *, country: str = "IQ", languages: tuple[str, ...] = ("en", "fr", "ar")) -> Path:
    pack = template_pack(country, languages)
    rows = pack_to_rows(pack)
    header = next(i for i, r in enumerate(rows) if r and r[0] == "section")
    # keep every language's columns even where the example row is empty
    columns = header_for(list(languages))
    example = dict(zip(rows[header], rows[header + 1]))
    rows = rows[:header] + [columns, [example.get(c, "") for c in columns]]
    write_rows(rows, Path(path), comments=list(TEMPLATE_HELP))
    return Path(path)
