"""Import of the partner directory from a CSV or .xlsx file, and its template.

The file is read by the opportunities' reader (:mod:`counsel_app.opportunities.reading`:
encodings, separators, Excel cells) and reported the same way (:class:`ImportReport`:
each rejected row with its row number, column and reason). A partner is identified by its
country and name: importing it again updates it. See ``docs/opportunities.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counsel_app.i18n import N_, _, ngettext
from counsel_app.opportunities.classifications import (
    country_codes,
    fold,
    resolve_language,
    resolve_region,
)
from counsel_app.opportunities.importer import (
    BadValue,
    _example_region,
    ImportReport,
    RowProblem,
    cell_text,
    is_empty,
    parse_bool,
    parse_date,
)
from counsel_app.opportunities.reading import ImportRefused, read_table
from counsel_app.partners.model import TYPE_ALIASES, PartnerType


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str  # N_ text
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("name", True, N_("the organisation's name"), "Example Returnee Support NGO"),
    Column("type", True, N_("ngo, diaspora, employer, training, microfinance, health or "
                            "public"), "ngo"),
    Column("country", True, N_("country, ISO 3166-1 two-letter code (GN, SN, IQ...)"), "SN"),
    Column("region", False,
           N_("region or province: ISO 3166-2 code (SN-DK) or its exact name (Dakar)"), "SN-DK"),
    Column("town", False, N_("town or city"), "Dakar"),
    Column("services", True, N_("what it provides, separated by |"),
           "psychosocial support|job placement"),
    Column("languages", False,
           N_("languages spoken: codes or English/French/Spanish names, separated by | , or ;"),
           "fr|wo"),
    Column("contact", False, N_("contact: office, e-mail or phone"), ""),
    Column("hours", False, N_("opening hours"), "Mon-Fri 9:00-17:00"),
    Column("referral_procedure", False, N_("how to refer someone"), "Call first; bring the "
                                                                     "referral letter"),
    Column("source", True, N_("where this information comes from"), "Partner list"),
    Column("source_date", True, N_("date of that information"), "2026-11-01"),
    Column("sample", False, N_("yes for sample (fictional) data, otherwise empty or no"), ""),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
ALIASES = {"organisation": "name", "organization": "name", "partner": "name",
           "procedure": "referral_procedure", "opening_hours": "hours", "is_sample": "sample",
           "partner_type": "type"}
MAX_LENGTHS = {"name": 200, "town": 100, "contact": 300, "hours": 200, "source": 300}


def normalise_header(name: str) -> str:
    key = fold(str(name or "").replace("\ufeff", ""))
    key = re.sub(r"[\s\-./]+", "_", key).strip("_")
    return ALIASES.get(key, key)


def header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if normalise_header(c) in COLUMN_NAMES)


def search_text(record: dict) -> str:
    return fold(" ".join([record["name"], record["town"], *record["services"]]))


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[|;,]", text) if p.strip()]


def validate_row(number: int, cells: list[Any], index: dict[str, int]
                 ) -> tuple[dict | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def get(name: str) -> Any:
        position = index.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    def text(name: str) -> str:
        value = cell_text(get(name))
        if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            problems.append(RowProblem(number, name, _("longer than {limit} characters.")
                                       .format(limit=MAX_LENGTHS[name])))
        return value

    record: dict[str, Any] = {"name": text("name"), "town": text("town"),
                              "contact": text("contact"), "hours": text("hours"),
                              "procedure": text("referral_procedure"), "source": text("source")}
    for name in ("name", "source"):
        if not record[name]:
            problems.append(RowProblem(number, name, _("empty; it is required.")))
    kind = TYPE_ALIASES.get(fold(text("type")))
    if kind is None:
        problems.append(RowProblem(number, "type", _("“{value}” is not a partner type; write "
                                                     "one of {choices}.").format(
            value=text("type"), choices=", ".join(t.value for t in PartnerType))))
    record["type"] = kind.value if kind else ""
    country = text("country").upper()
    if country not in country_codes():
        problems.append(RowProblem(number, "country", _(
            "“{value}” is not an ISO 3166-1 two-letter country code.").format(value=country)))
    record["country"] = country
    region = text("region")
    record["region"] = ""
    if region and country in country_codes():
        code = resolve_region(country, region)
        if code is None:
            problems.append(RowProblem(number, "region", _(
                "“{value}” is not a region of {country} (use its ISO 3166-2 code, for "
                "example {example}, or its exact name).").format(
                    value=region, country=country, example=_example_region(country))))
        record["region"] = code or ""
    record["services"] = _split(text("services"))
    if not record["services"]:
        problems.append(RowProblem(number, "services", _("empty; it is required.")))
    languages = []
    for value in _split(text("languages")):
        code = resolve_language(value)
        if code is None:
            problems.append(RowProblem(number, "languages", _(
                "“{value}” is not a known language (use a code like fr or ar, or the "
                "English name).").format(value=value)))
        elif code not in languages:
            languages.append(code)
    record["languages"] = " ".join(languages)
    try:
        record["source_date"] = parse_date(get("source_date"))
        if record["source_date"] is None:
            problems.append(RowProblem(number, "source_date", _("empty; it is required.")))
    except BadValue as exc:
        problems.append(RowProblem(number, "source_date", exc.reason))
    try:
        record["is_sample"] = parse_bool(get("sample"))
    except BadValue as exc:
        problems.append(RowProblem(number, "sample", exc.reason))
    if problems:
        return None, problems
    record["name_key"] = fold(record["name"])[:200]
    record["search_text"] = search_text(record)
    return record, []


@dataclass
class Checked:
    report: ImportReport
    records: list[dict]


def check_file(path: Path) -> Checked:
    """Read and validate ``path``; raise :class:`ImportRefused` for a file that cannot be
    imported at all (unreadable, no header, missing columns, no rows)."""
    path = Path(path)
    table = read_table(path, header_score)
    index: dict[str, int] = {}
    unknown: list[str] = []
    for position, raw in enumerate(table.header):
        name = normalise_header(raw)
        if name in COLUMN_NAMES and name not in index:
            index[name] = position
        elif str(raw or "").strip():
            unknown.append(str(raw).strip())
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise ImportRefused(ngettext(
            "{file} cannot be imported: the required column {columns} is missing (see the "
            "template).",
            "{file} cannot be imported: the required columns {columns} are missing (see the "
            "template).", len(missing)).format(file=path.name, columns=", ".join(missing)))
    report = ImportReport(path.name, table.file_format, table.encoding, table.delimiter)
    report.warnings.extend(table.warnings)
    if unknown:
        report.warnings.append(_("Unknown columns were ignored: {columns}.").format(
            columns=", ".join(unknown)))
    records: list[dict] = []
    first_row_of: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        if is_empty(cells):
            report.empty_rows += 1
            continue
        report.rows_read += 1
        record, problems = validate_row(number, cells, index)
        if record is None:
            report.problems.extend(problems)
            continue
        key = (record["country"], record["name_key"])
        if key in first_row_of:
            report.problems.append(RowProblem(number, "name", _(
                "the same partner is already in row {row} of this file.").format(
                row=first_row_of[key])))
            continue
        first_row_of[key] = number
        records.append(record)
    if report.rows_read == 0:
        raise ImportRefused(_("{file} has a header but no rows to import.").format(
            file=path.name))
    report.accepted = len(records)
    return Checked(report, records)


def write_template(path: Path) -> Path:
    """The empty template: ``.csv`` (UTF-8 with BOM) or ``.xlsx`` with a help sheet."""
    from country_info.files import replacing

    path = Path(path)
    if path.suffix.lower() == ".csv":
        from country_info.csvfile import write_csv

        return write_csv(path, [COLUMN_NAMES], private=False)
    if path.suffix.lower() != ".xlsx":
        from counsel_app.errors import UsageError

        raise UsageError(_("The template can be saved as .csv or .xlsx, not “{suffix}”.")
                         .format(suffix=path.suffix or path.name))
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "partners"
    sheet.append(list(COLUMN_NAMES))
    help_sheet = workbook.create_sheet("help")
    help_sheet.append([_("column"), _("required"), _("what to write"), _("example")])
    for column in COLUMNS:
        help_sheet.append([column.name, _("yes") if column.required else _("no"),
                           _(column.help), column.example])
    with replacing(path, private=False) as tmp:
        workbook.save(tmp)
    return path

