"""Reading and checking pack files: size, compression, JSON, schema, meaning.

Every problem becomes a :class:`PackError` naming the file and the JSON path inside it
(``$.sections.health.items[3].source``). Nothing here writes anything.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import io
import json
import os
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from country_info.i18n import _
from country_info import jsonlimits
from country_info.errors import PackError, json_path
from country_info.model import FORMAT, SCHEMA_VERSION, SECTIONS, SIGNED_FORMAT

#: Largest pack file accepted, as stored (compressed or not) and once decompressed.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_JSON_BYTES = 32 * 1024 * 1024

#: Codes accepted besides ISO 3166-1 alpha-2: user-assigned codes in wide use (CLDR, the
#: Factbook's internet code, the EU and the UN system use XK for Kosovo).
EXTRA_COUNTRY_CODES = {"XK": "Kosovo"}

GZIP_MAGIC = b"\x1f\x8b"


def known_country(code: str) -> bool:
    import pycountry

    return code in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_2=code) is not None


def _too_large(size: int, source: str) -> PackError:
    return PackError(_("the file is too large ({size} bytes; at most {limit} are accepted).")
                     .format(size=size, limit=MAX_FILE_BYTES), source=source)


def read_file(path: Path, source: str | None = None) -> Any:
    """The JSON in the file ``path`` a user named, as :func:`read_bytes` reads it; a file
    that is missing, a folder, unreadable or too large (refused before it is read) is one
    sentence naming it. ``source`` names the file in messages about its content (default:
    the path)."""
    path = Path(path)
    source = str(path) if source is None else source
    if not path.exists():
        raise PackError(_("The file {file} does not exist.").format(file=path))
    if path.is_dir():
        raise PackError(_("“{path}” is not a file.").format(path=path))
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(size, source)
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PackError(_("cannot read the file ({problem}).").format(
            problem=exc.strerror or exc), source=source) from None
    return read_bytes(raw, source)


def read_bytes(raw: bytes, source: str) -> Any:
    """Decompress (gzip) if needed and parse JSON, within the size limits."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(len(raw), source)
    if not raw.strip():
        raise PackError(_("the file is empty."), source=source)
    if raw[:2] == GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
                data = handle.read(MAX_JSON_BYTES + 1)
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError):
            raise PackError(_("the compressed file is truncated or damaged."), source=source) from None
        if len(data) > MAX_JSON_BYTES:
            raise PackError(
                _("the file is too large once decompressed (more than {limit} bytes).")
                .format(limit=MAX_JSON_BYTES), source=source)
        raw = data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(_("the file is not UTF-8 text (byte {pos}).").format(pos=exc.start),
                        source=source) from None
    try:
        return jsonlimits.loads(text)  # the nesting is limited before parsing
    except jsonlimits.TooDeep as exc:
        raise PackError(_("the JSON is nested more than {levels} levels deep (line {line}); "
                          "nothing was read.").format(levels=exc.max_depth, line=exc.lineno),
                        source=source) from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            reason = _("the JSON ends too early (the file looks truncated).")
        else:
            reason = _("malformed JSON at line {line}, column {column}: {problem}.").format(
                line=exc.lineno, column=exc.colno, problem=exc.msg)
        raise PackError(reason, source=source) from None


@lru_cache(maxsize=1)
def schema() -> dict:
    text = (Path(__file__).resolve().parent / "schema" / "country-pack-v1.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def _schema_message(error) -> tuple[str, list]:
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return _("“{field}” is missing.").format(field=missing), path
    if kind == "additionalProperties":
        return _("unexpected field(s): {detail}.").format(detail=error.message), path
    if kind == "propertyNames":
        return _("unknown section or key “{name}”; sections are: {names}.").format(
            name=error.instance, names=", ".join(SECTIONS)), path
    if kind == "type":
        return _("expected {kind}, found {value}.").format(
            kind=error.validator_value, value=json.dumps(error.instance, ensure_ascii=False)[:60]), path
    if kind == "pattern" and path and path[-1] in ("date", "published", "issued"):
        return _("“{value}” is not a date (write YYYY, YYYY-MM or YYYY-MM-DD).").format(
            value=error.instance), path
    if kind in ("minLength", "minProperties"):
        return _("must not be empty."), path
    if kind in ("maxLength", "maxItems"):
        return _("is too long."), path
    return error.message + ".", path


def validate_pack(data: Any, source: str) -> dict:
    """Check a parsed pack (the inner pack, not the signed envelope). Returns it."""
    if not isinstance(data, dict):
        raise PackError(_("a pack must be a JSON object."), source=source, where="$")
    if data.get("format") == SIGNED_FORMAT:
        raise PackError(_("this is a signed envelope; expected the pack inside it."), source=source)
    if data.get("format") != FORMAT:
        raise PackError(_("not a country pack (“format” should be “{format}”).").format(format=FORMAT),
                        source=source, where="$.format")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise PackError(
            _("schema version {found} is not supported; this program reads version {supported}.")
            .format(found=json.dumps(version), supported=SCHEMA_VERSION),
            source=source, where="$.schema_version")
    errors = sorted(_validator().iter_errors(data),
                    key=lambda e: ([str(p) for p in e.absolute_path], e.validator))
    if errors:
        message, path = _schema_message(errors[0])
        raise PackError(message, source=source, where=json_path(path))
    code = data["country"]
    if not known_country(code):
        raise PackError(_("unknown country code “{code}” (expected ISO 3166-1 alpha-2).").format(code=code),
                        source=source, where="$.country")
    _check_dates(data, source)
    seen: dict[str, str] = {}
    for section in SECTIONS:
        for index, item in enumerate(data["sections"].get(section, {}).get("items", [])):
            where = json_path(["sections", section, "items", index, "id"])
            if item["id"] in seen:
                raise PackError(_("duplicate item id “{id}” (first used at {first}).").format(
                    id=item["id"], first=seen[item["id"]]), source=source, where=where)
            seen[item["id"]] = where
            if item["source_language"] not in item["text"]:
                raise PackError(_("the text in the source language “{lang}” is missing.").format(
                    lang=item["source_language"]), source=source,
                    where=json_path(["sections", section, "items", index, "text"]))
            for position, region in enumerate(item.get("regions", ())):
                if not known_region(code, region):
                    raise PackError(
                        _("“{region}” is not a region of {country} (ISO 3166-2 codes such as "
                          "{example}).").format(region=region, country=code,
                                               example=example_region(code)),
                        source=source,
                        where=json_path(["sections", section, "items", index, "regions", position]))
    return data


def known_region(country: str, code: str) -> bool:
    """Whether ``code`` is an ISO 3166-2 subdivision of ``country``."""
    import pycountry

    if not code.startswith(country + "-"):
        return False
    return pycountry.subdivisions.get(code=code) is not None


def example_region(country: str) -> str:
    import pycountry

    subs = sorted(s.code for s in pycountry.subdivisions.get(country_code=country) or [])
    return subs[0] if subs else f"{country}-01"


def parse_date(value: str) -> tuple[_dt.date, str]:
    """``YYYY`` / ``YYYY-MM`` / ``YYYY-MM-DD`` -> (first day of the period, precision)."""
    parts = value.split("-")
    if len(parts) == 1:
        return _dt.date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return _dt.date(int(parts[0]), int(parts[1]), 1), "month"
    return _dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "day"


def _check_dates(data: dict, source: str) -> None:
    def check(value, path):
        try:
            parse_date(value)
        except ValueError:
            raise PackError(_("“{value}” is not a real date.").format(value=value),
                            source=source, where=json_path(path)) from None

    if "issued" in data:
        check(data["issued"], ["issued"])
    for section, body in data["sections"].items():
        for index, item in enumerate(body["items"]):
            check(item["date"], ["sections", section, "items", index, "date"])
            if "review" in item:
                check(item["review"], ["sections", section, "items", index, "review"])
            if "published" in item["source"]:
                check(item["source"]["published"], ["sections", section, "items", index, "source", "published"])
