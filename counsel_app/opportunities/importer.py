"""Import of opportunities from a partner's CSV or .xlsx file, and the template.

Every row is checked; each problem is reported with its row number, column and reason;
the rows that pass go in together in one transaction (or none, if anything fails while
writing). Re-importing an offer with the same provider and provider reference updates it.
See ``docs/opportunities.md`` for the columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import compress, repeat, zip_longest
from operator import attrgetter
from pathlib import Path
from typing import Any

from counsel_app.i18n import N_, _, ngettext
from counsel_app.opportunities.classifications import (
    ISCO_GROUPS,
    KIND_ALIASES,
    PAY_ALIASES,
    IscedLevel,
    OpportunityKind,
    country_codes,
    currency_codes,
    fold,
    isco_sector,
    resolve_language,
    resolve_region,
)
from counsel_app.opportunities.reading import (
    EXCEL_ERRORS,
    FORMULA_WITHOUT_VALUE,
    ImportRefused,
    Table,
    read_table,
)

# -- the columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str  # N_ text
    example: str


#: Language columns of the template (``title_<code>`` / ``description_<code>`` work for
#: any language code; these four are written into the template).
TEMPLATE_LANGUAGES = ("en", "fr", "es", "ar")

COLUMNS: tuple[Column, ...] = (
    Column("kind", True, N_("job, training, apprenticeship, startup or placement"), "training"),
    *(Column(f"title_{lang}", False,
             N_("title in this language (at least one title_… column must be filled)"),
             "Welding course" if lang == "en" else "")
      for lang in TEMPLATE_LANGUAGES),
    *(Column(f"description_{lang}", False, N_("description in this language"), "")
      for lang in TEMPLATE_LANGUAGES),
    Column("country", True, N_("country, ISO 3166-1 two-letter code (GN, SN, IQ...)"), "SN"),
    Column("region", False,
           N_("region or province: ISO 3166-2 code (SN-DK) or its exact name (Dakar)"), "SN-DK"),
    Column("town", False, N_("town or city"), "Dakar"),
    Column("sector_isco", False,
           N_("sector: ISCO-08 major group (1 digit) or sub-major group (2 digits); longer "
              "codes are reduced to their sub-major group"), "72"),
    Column("education_min_isced", False,
           N_("minimum education: ISCED 2011 level 0 to 8 (empty: none required)"), "2"),
    Column("languages", False,
           N_("languages needed: codes or English/French/Spanish names, separated by | , or ;"),
           "fr|wo"),
    Column("provider_name", True, N_("organisation offering it"), "Example Training Centre"),
    Column("provider_contact", False, N_("contact: office, e-mail or phone"), ""),
    Column("provider_address", False, N_("address"), ""),
    Column("provider_reference", True,
           N_("the provider's own reference; importing the same provider and reference again "
              "updates the offer"), "WLD-2027-01"),
    Column("start_date", False, N_("start date (YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)"),
           "2027-02-01"),
    Column("end_date", False, N_("end date"), "2027-06-30"),
    Column("application_deadline", False, N_("last day to apply"), "2027-01-15"),
    Column("pay_type", False,
           N_("fee (the person pays), stipend (paid to the person) or salary"), "stipend"),
    Column("amount", False, N_("amount (digits; dot or comma for decimals)"), "25000"),
    Column("currency", False, N_("ISO 4217 currency code (XOF, GNF, IQD...)"), "XOF"),
    Column("places", False, N_("number of places"), "12"),
    Column("source", True, N_("where this information comes from"), "Partner list"),
    Column("source_date", True, N_("date of that information"), "2026-11-01"),
    Column("sample", False, N_("yes for sample (fictional) data, otherwise empty or no"), ""),
)

COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
_TEXT_COLUMN = re.compile(r"^(title|description)_([a-z]{2,3}(?:_[a-z0-9]{2,4})?)$")
ALIASES = {
    "provider_ref": "provider_reference", "reference": "provider_reference",
    "deadline": "application_deadline", "isco": "sector_isco", "sector": "sector_isco",
    "education": "education_min_isced", "isced": "education_min_isced",
    "education_min": "education_min_isced", "provider": "provider_name",
    "is_sample": "sample", "stipend_type": "pay_type", "cost_type": "pay_type",
}
MAX_LENGTHS = {
    "town": 100, "provider_name": 200, "provider_contact": 200, "provider_address": 300,
    "provider_reference": 100, "source": 300,
}


def normalise_header(name: str) -> str:
    key = fold(str(name).replace("\ufeff", ""))
    key = re.sub(r"[\s\-./]+", "_", key).strip("_")
    return ALIASES.get(key, key)


def is_known_column(name: str) -> bool:
    return name in COLUMN_NAMES or bool(_TEXT_COLUMN.match(name))


def header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if is_known_column(normalise_header(c)))


# -- the report ------------------------------------------------------------------------------


#: a cell's value quoted in a problem is cut to this many characters: a cell of 10 MB is
#: named, never copied whole into the report, the screen or the problems CSV
QUOTED_MAX = 80
_QUOTED = re.compile(r"“([^”]*)”")


def _cut_quoted(reason: str) -> str:
    return _QUOTED.sub(lambda m: m.group(0) if len(m.group(1)) <= QUOTED_MAX
                       else f"“{m.group(1)[:QUOTED_MAX - 1]}…”", reason)


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", _cut_quoted(self.reason))


@dataclass
class ImportReport:
    file_name: str
    file_format: str = ""
    encoding: str = ""
    delimiter: str = ""
    dry_run: bool = False
    rows_read: int = 0  # non-empty data rows
    empty_rows: int = 0
    accepted: int = 0
    inserted: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({p.row for p in self.problems})

    def summary(self) -> str:
        """"Imported list.csv: 1 new, 0 updated, 1 rejected (of 2 rows)." Each count takes
        its own singular or plural form; the sentence joins the parts."""
        new = ngettext("{n} new", "{n} new", self.inserted).format(n=self.inserted)
        rejected = ngettext("{n} rejected", "{n} rejected", self.rejected).format(
            n=self.rejected)
        if self.dry_run:
            return _("Checked {file}: {valid} ({new}, {updates}), {rejected}. Nothing was "
                     "imported (dry run).").format(
                file=self.file_name,
                valid=ngettext("{accepted} of {rows} row is valid",
                               "{accepted} of {rows} rows are valid", self.rows_read).format(
                    accepted=self.accepted, rows=self.rows_read),
                new=new,
                updates=ngettext("{n} update", "{n} updates", self.updated).format(
                    n=self.updated),
                rejected=rejected)
        return _("Imported {file}: {new}, {updated}, {rejected} ({rows}).").format(
            file=self.file_name, new=new,
            updated=ngettext("{n} updated", "{n} updated", self.updated).format(n=self.updated),
            rejected=rejected,
            rows=ngettext("of {n} row", "of {n} rows", self.rows_read).format(n=self.rows_read))

    def lines(self, max_problems: int | None = 50) -> list[str]:
        out = [self.summary()]
        details = [self.file_format]
        if self.encoding:
            details.append(_("encoding {encoding}").format(encoding=self.encoding))
        if self.delimiter:
            details.append(_("separator: {separator}").format(separator=_(self.delimiter)))
        if self.empty_rows:
            details.append(ngettext("{n} empty row skipped", "{n} empty rows skipped",
                                    self.empty_rows).format(n=self.empty_rows))
        out.append(", ".join(d for d in details if d))
        out.extend(_("Warning: {text}").format(text=w) for w in self.warnings)
        shown = self.problems if max_problems is None else self.problems[:max_problems]
        for p in shown:
            out.append(_("Row {row}, column {column}: {reason}").format(
                row=p.row, column=p.column or "—", reason=p.reason))
        if len(shown) < len(self.problems):
            more = len(self.problems) - len(shown)
            out.append(ngettext("… and {n} more problem.", "… and {n} more problems.",
                                more).format(n=more))
        return out

    def write_problems_csv(self, path: Path) -> Path:
        """Every rejected row's problems as a CSV (UTF-8 with BOM, opens in Excel; a reason
        that begins with ``-`` or ``=`` is written as text, never as a formula)."""
        from country_info.csvfile import write_csv

        return write_csv(path, [[_("row"), _("column"), _("reason")]] + [
            [p.row, p.column, p.reason] for p in self.problems], private=False)


# -- parsing values --------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
EXCEL_EPOCH = date(1899, 12, 30)


class BadValue(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def excel_serial_date(number: float) -> date:
    if not 1 <= number < 2958466:
        raise BadValue(_("{value} is not a date.").format(value=number))
    return EXCEL_EPOCH + timedelta(days=int(number))


@lru_cache(maxsize=4096)
def parse_date_text(text: str) -> date:
    match = _YMD.match(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = _DMY.match(text)
        if match:
            day, month, year = int(match[1]), int(match[2]), int(match[3])
            if month > 12 and day <= 12:
                raise BadValue(
                    _("“{value}” reads as month/day/year; write the day first (DD/MM/YYYY) "
                      "or use YYYY-MM-DD.").format(value=text))
            return date(year, month, day)
    except ValueError:
        raise BadValue(_("“{value}” is not a valid date.").format(value=text)) from None
    if text.isdigit() and 5 <= len(text) <= 6:
        return excel_serial_date(int(text))
    raise BadValue(
        _("“{value}” is not a date; use YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY.").format(value=text)
    )


def parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise BadValue(_("“{value}” is not a date.").format(value=value))
    if isinstance(value, (int, float)):
        return excel_serial_date(value)
    return parse_date_text(str(value).strip())


_AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")


def parse_amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(_("“{value}” is not an amount.").format(value=value))
    if isinstance(value, (int, float)):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"[\s\u00a0\u202f']", "", str(value))
        if re.fullmatch(r"\d{1,3}(,\d{3})+", text) or re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", text):
            raise BadValue(
                _("“{value}” is ambiguous: write amounts without thousands separators "
                  "(25000 or 25000.50).").format(value=value))
        if not _AMOUNT.match(text):
            raise BadValue(
                _("“{value}” is not an amount (digits, with a dot or comma for decimals).")
                .format(value=value))
        amount = Decimal(text.replace(",", "."))
    try:
        amount = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise BadValue(_("“{value}” is too large.").format(value=value)) from None
    if amount < 0 or amount >= Decimal("1e12"):
        raise BadValue(_("“{value}” is out of range.").format(value=value))
    return amount


def parse_int(value: Any, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(_("“{value}” is not a whole number.").format(value=value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not re.fullmatch(r"\d+", text):
        raise BadValue(_("“{value}” is not a whole number.").format(value=value))
    number = int(text)
    if not low <= number <= high:
        raise BadValue(_("{value} is not between {low} and {high}.").format(
            value=number, low=low, high=high))
    return number


_YES = {"yes", "y", "true", "1", "x", "oui", "si", "sample", "vrai", "verdadero"}
_NO = {"", "no", "n", "false", "0", "non", "faux", "falso"}


def parse_bool(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    key = fold(str(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise BadValue(_("“{value}” is neither yes nor no.").format(value=value))


def cell_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


@lru_cache(maxsize=4096)
def provider_key(name: str) -> str:
    return fold(name)[:200]


@lru_cache(maxsize=1024)
def _kind(text: str) -> OpportunityKind | None:
    return KIND_ALIASES.get(fold(text))


@lru_cache(maxsize=1024)
def _pay(text: str):
    return PAY_ALIASES.get(fold(text))


# -- validating rows -------------------------------------------------------------------------


@dataclass
class Layout:
    """Where each known column is in the file."""

    index: dict[str, int]
    text_columns: list[tuple[str, str, int]]  # (title|description, language, index)
    unknown: list[str]


def map_header(table: Table, file_name: str) -> Layout:
    index: dict[str, int] = {}
    text_columns: list[tuple[str, str, int]] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for position, raw in enumerate(table.header):
        raw_text = str(raw or "").strip()
        if not raw_text:
            continue
        name = normalise_header(raw_text)
        if name in seen:
            raise ImportRefused(
                _("{file}: the columns “{first}” and “{second}” are the same column; keep "
                  "only one.").format(file=file_name, first=seen[name], second=raw_text))
        seen[name] = raw_text
        match = _TEXT_COLUMN.match(name)
        if match:
            language = resolve_language(match[2])
            if language is None:
                unknown.append(raw_text)
                continue
            text_columns.append((match[1], language, position))
        elif name in COLUMN_NAMES:
            index[name] = position
        else:
            unknown.append(raw_text)
    missing = [name for name in REQUIRED if name not in index]
    if not any(kind == "title" for kind, _lang, _pos in text_columns):
        missing.insert(1, "title_en / title_fr / …")
    if missing:
        raise ImportRefused(
            ngettext(
                "{file} cannot be imported: the required column {columns} is missing "
                "(see the template).",
                "{file} cannot be imported: the required columns {columns} are missing "
                "(see the template).",
                len(missing),
            ).format(file=file_name, columns=", ".join(missing))
        )
    return Layout(index, text_columns, unknown)


class RowValidator:
    """Checks one row's cells and turns them into a record for the table.

    Written for speed (100,000 rows in a few seconds): column positions are looked up
    once, a missing column reads the ``None`` appended at the end of each row.
    """

    def __init__(self, layout: Layout, today: date | None = None, *,
                 check_cells: bool = True):
        self.layout = layout
        self.today = today or date.today()
        self._countries = country_codes()
        self._currencies = currency_codes()
        self.check_cells = check_cells  # formulas and error values (spreadsheets only)
        # what each column's values mean, remembered per value: a column holds few
        # distinct values (kinds, countries, regions, dates, currencies...), and 100,000
        # rows need not check each again
        self._memos: dict[str, dict] = {name: {} for name in COLUMN_NAMES}
        index = layout.index
        self.width = max([*index.values(), *(p for _k, _l, p in layout.text_columns), 0]) + 1
        self.pos = {name: index.get(name, self.width) for name in COLUMN_NAMES}
        self.cell_positions = list(index.items()) + [
            (f"{kind}_{lang}", pos) for kind, lang, pos in layout.text_columns
        ]
        # the quick pass (:meth:`records`): a memo of value -> (result, reasons) per column,
        # and of the values without a problem, plain (texts, None) -> result
        self._quick: dict[str, dict] = {name: {} for name in (*COLUMN_NAMES, "region")}
        self._good: dict[str, dict] = {name: {} for name in (*COLUMN_NAMES, "region")}
        self._good_regions: dict[str, dict] = {}  # country -> region cell -> code

    def record(self, cells: list[Any]) -> dict | None:
        """The quick pass of one row (:meth:`quick_pass`): its record, or ``None``."""
        return self.records([cells])[0]

    def records(self, rows: list[list[Any]]) -> list[dict | None]:
        """The quick pass of ``rows`` (:meth:`quick_pass`) as one record or ``None`` each."""
        columns, taken = self.quick_pass(rows)
        keys = list(columns)
        return [dict(zip(keys, values)) if ok else None
                for ok, values in zip(taken, zip(*columns.values()))]

    def quick_pass(self, rows: list[list[Any]]) -> tuple[dict[str, list], list[bool]]:
        """The records of ``rows`` a column at a time (record key -> one value per row)
        and whether each row passed every check; a row that did not is checked again by
        :meth:`validate`, which says what is wrong (the report is its).

        The quick pass of an import (most rows are right): the same checks as
        :meth:`validate`, a column at a time over a slice of rows (one transposition;
        each column's values looked up in a memo of what they mean, the misses alone
        computed), with no problem lists; it only ever stops earlier (a row with a ``#``
        anywhere in a spreadsheet, any problem at all), never accepts what
        :meth:`validate` refuses, and makes the same record
        (tests/opportunities/test_quick_pass.py compares the two).
        """
        count = len(rows)
        if not count:
            return {}, []
        width = self.width
        # the columns (a row cut short reads empty cells; cells past the last column
        # and the columns the file lacks (position ``width``) read as empty)
        lengths = set(map(len, rows))
        columns = list((zip if len(lengths) == 1 else zip_longest)(*rows))[:width]
        empty = (None,) * count
        columns += [empty] * (width + 1 - len(columns))
        bad = [False] * count  # a row any check refused
        if self.check_cells:
            for i, cells in enumerate(rows):
                cells = cells[:width]
                if FORMULA_WITHOUT_VALUE in cells or _has_hash(cells):
                    bad[i] = True
        pos = self.pos

        def column(name: str, compute, values=None, good=None, argument=None) -> list[Any]:
            """What each cell of a column means (``_MISS`` in a refused row): looked up
            in ``good`` (the values without a problem), else ``compute(argument(value))``
            remembered (:func:`_remember`)."""
            if values is None:
                values = columns[pos[name]]
            if good is None:
                good = self._good[name]
            out = list(map(good.get, values, repeat(_MISS, count)))
            if _MISS in out:
                memo = self._quick[name]
                for i, result in enumerate(out):
                    if result is not _MISS or bad[i]:
                        continue
                    value = values[i]
                    result, reasons = _remember(
                        memo, compute, value if argument is None else argument(value))
                    if reasons:
                        bad[i] = True
                        continue
                    out[i] = result
                    if _plain(value) and len(good) < _MEMO_SIZE:
                        good[value] = result
            return out

        def texts(name: str, limit: int = 0, required: bool = False) -> list[str]:
            values = _stripped(columns[pos[name]])
            if required and "" in values:
                for i, value in enumerate(values):
                    if not value:
                        bad[i] = True
            if limit and max(map(len, values)) > limit:
                for i, value in enumerate(values):
                    if len(value) > limit:
                        bad[i] = True
            return values

        kinds = column("kind", _quick_kind)
        countries = column("country", _checked_country)
        # a region means something in its country: one memo per country when the slice
        # has one country (most files), else the pairs
        one = set(countries)
        one.discard(_MISS)
        if len(one) == 1:
            country = one.pop()
            regions = column("region", _quick_region,
                             good=self._good_regions.setdefault(country, {}),
                             argument=lambda value: (country, value))
        else:
            regions = column("region", _quick_region,
                             list(zip(countries, columns[pos["region"]])))
        iscos = column("sector_isco", _checked_isco)
        educations = column("education_min_isced", _quick_education)
        languages = column("languages", _checked_languages)
        starts = column("start_date", _quick_date)
        ends = column("end_date", _quick_date)
        deadlines = column("application_deadline", _quick_date)
        pays = column("pay_type", _quick_pay)
        amounts = column("amount", _quick_amount)
        currencies = column("currency", _checked_currency)
        places = column("places", _quick_places)
        source_dates = column("source_date", _quick_date)
        samples = column("sample", _quick_sample)
        towns = texts("town", 100)
        provider_names = texts("provider_name", 200, True)
        provider_contacts = texts("provider_contact", 200)
        provider_addresses = texts("provider_address", 300)
        provider_refs = texts("provider_reference", 100, True)
        sources = texts("source", 300, True)
        # titles and descriptions by language (a later column of the same language wins,
        # as in :meth:`validate`); a row refused for a title that is too long may have had
        # it replaced by a shorter one of the same language: the full check decides
        texts_of: dict[str, list[tuple[str, list[str]]]] = {"title": [], "description": []}
        for kind_of_text, language, position in self.layout.text_columns:
            values = _stripped(columns[position])
            if any(values):
                texts_of[kind_of_text].append((language, values))
        title_columns = [values for _language, values in texts_of["title"]]
        if not any("" not in values for values in title_columns):  # rows without a title
            for i, found in enumerate(zip(*title_columns) if title_columns else [()] * count):
                if not any(found):
                    bad[i] = True
        for values in title_columns:
            if max(map(len, values)) > 300:
                for i, value in enumerate(values):
                    if len(value) > 300:
                        bad[i] = True
        titles = _by_language(texts_of["title"], count)
        descriptions = _by_language(texts_of["description"], count)
        # what the checks of several columns together refuse (as in :meth:`validate`)
        today = self.today
        pay_types: list[Any] = []
        for i, (refused, start, end, deadline, pay, amount, currency, source_date) in \
                enumerate(zip(bad, starts, ends, deadlines, pays, amounts, currencies,
                              source_dates)):
            if refused:
                pay_types.append(None)
                continue
            pay_text, pay_type = pay
            pay_types.append(pay_type)
            if (end and ((start and end < start) or (deadline and deadline > end))) \
                    or (amount is None) != (not currency) \
                    or (amount is not None and not pay_text) \
                    or source_date is None or source_date > today:
                bad[i] = True
        columns = {
            "kind": kinds, "titles": titles, "descriptions": descriptions,
            "country": countries, "region": regions, "town": towns, "isco": iscos,
            "education_min": educations, "languages": languages,
            "provider_name": provider_names,
            "provider_key": list(map(provider_key, provider_names)),
            "provider_contact": provider_contacts, "provider_address": provider_addresses,
            "provider_ref": provider_refs, "start_date": starts, "end_date": ends,
            "deadline": deadlines, "pay_type": pay_types, "amount": amounts,
            "currency": currencies, "places": places, "source": sources,
            "source_date": source_dates, "is_sample": samples,
        }
        return columns, [not refused for refused in bad]

    def validate(self, number: int, cells: list[Any]) -> tuple[dict | None, list[RowProblem]]:
        missing = self.width + 1 - len(cells)
        if missing > 0:
            cells = [*cells, *([None] * missing)]
        elif cells[self.width] is not None:
            cells = [*cells[: self.width], None]
        problems: list[RowProblem] = []
        add = problems.append
        pos = self.pos
        # (every spreadsheet error value starts with "#": only a row with one is looked at)
        if self.check_cells and (FORMULA_WITHOUT_VALUE in cells or "#" in repr(cells)):
            for name, position in self.cell_positions:
                value = cells[position]
                if value is FORMULA_WITHOUT_VALUE:
                    add(RowProblem(number, name, _(
                        "the cell holds a formula without a calculated value; open the file "
                        "in Excel or LibreOffice, let it recalculate, save it and import "
                        "again.")))
                elif isinstance(value, str) and value.strip() in EXCEL_ERRORS:
                    add(RowProblem(number, name, _(
                        "the cell holds the error {error}.").format(error=value.strip())))
            if problems:
                return None, problems
        memos = self._memos

        def text(name: str) -> str:
            value = cells[pos[name]]
            value = value.strip() if type(value) is str else cell_text(value)
            limit = MAX_LENGTHS.get(name)
            if limit and len(value) > limit:
                add(RowProblem(number, name, _("longer than {limit} characters.").format(
                    limit=limit)))
            return value

        def checked(name: str, compute, *args):
            """``compute(value, *args) -> (result, reasons)``, once per distinct value."""
            value = cells[pos[name]]
            key = (value, *args) if type(value) is str else (type(value), value, *args)
            memo = memos[name]
            hit = memo.get(key)
            if hit is None:
                hit = compute(value, *args)
                if len(memo) < _MEMO_SIZE:
                    memo[key] = hit
            if hit[1]:
                for reason in hit[1]:
                    add(RowProblem(number, name, reason))
            return hit[0]

        def check(name: str, parse, *args):
            """``parse(value, *args)`` of a cell that is not empty, or ``None``."""
            value = cells[pos[name]]
            if value is None or value == "":
                return None
            key = value if type(value) is str else (type(value), value)
            memo = memos[name]
            hit = memo.get(key)
            if hit is None:
                hit = _parsed(value, parse, *args)
                if len(memo) < _MEMO_SIZE:
                    memo[key] = hit
            if hit[1]:
                add(RowProblem(number, name, hit[1][0]))
            return hit[0]

        kind = checked("kind", _checked_kind)
        # titles and descriptions
        titles: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        for kind_of_text, language, position in self.layout.text_columns:
            value = cell_text(cells[position])
            if value:
                (titles if kind_of_text == "title" else descriptions)[language] = value
        if not titles:
            add(RowProblem(number, "title_…", _(
                "no title in any language; fill at least one title_… column.")))
        elif max(map(len, titles.values())) > 300:
            add(RowProblem(number, "title_…", _("a title is longer than 300 characters.")))
        # country and region
        country = checked("country", _checked_country)
        region = checked("region", _checked_region, country) if country else ""
        town = text("town")
        # sector, education, languages
        isco = checked("sector_isco", _checked_isco)
        education = check("education_min_isced", parse_int, 0, 8)
        languages = checked("languages", _checked_languages)
        # provider
        provider_name = text("provider_name")
        if not provider_name:
            add(RowProblem(number, "provider_name", _("empty; it is required.")))
        provider_contact = text("provider_contact")
        provider_address = text("provider_address")
        provider_ref = text("provider_reference")
        if not provider_ref:
            add(RowProblem(number, "provider_reference", _(
                "empty; it is required (it lets a later import update this offer).")))
        # dates
        start = check("start_date", parse_date)
        end = check("end_date", parse_date)
        deadline = check("application_deadline", parse_date)
        if start and end and end < start:
            add(RowProblem(number, "end_date", _(
                "the end date {end} is before the start date {start}.").format(
                    end=end.isoformat(), start=start.isoformat())))
        if deadline and end and deadline > end:
            add(RowProblem(number, "application_deadline", _(
                "the application deadline {deadline} is after the end date {end}.").format(
                    deadline=deadline.isoformat(), end=end.isoformat())))
        # money and places
        pay_text, pay = checked("pay_type", _checked_pay)
        amount = check("amount", parse_amount)
        currency = checked("currency", _checked_currency)
        if amount is not None and not currency:
            add(RowProblem(number, "currency", _("an amount needs its currency.")))
        if currency and amount is None and not any(p.column == "amount" for p in problems):
            add(RowProblem(number, "amount", _("a currency is given without an amount.")))
        if amount is not None and not pay_text:
            add(RowProblem(number, "pay_type", _(
                "say whether the amount is a fee, a stipend or a salary.")))
        places = check("places", parse_int, 0, 1_000_000)
        # source
        source = text("source")
        if not source:
            add(RowProblem(number, "source", _("empty; it is required.")))
        source_date = check("source_date", parse_date)
        if source_date is None and not any(p.column == "source_date" for p in problems):
            add(RowProblem(number, "source_date", _("empty; it is required.")))
        elif source_date and source_date > self.today:
            add(RowProblem(number, "source_date", _("{value} is in the future.").format(
                value=source_date.isoformat())))
        sample = check("sample", parse_bool) or False
        if problems:
            return None, problems
        return {
            "kind": kind.value, "titles": titles, "descriptions": descriptions,
            "country": country, "region": region, "town": town, "isco": isco,
            "education_min": education, "languages": languages,
            "provider_name": provider_name, "provider_key": provider_key(provider_name),
            "provider_contact": provider_contact, "provider_address": provider_address,
            "provider_ref": provider_ref, "start_date": start, "end_date": end,
            "deadline": deadline, "pay_type": pay.value if pay else "", "amount": amount,
            "currency": currency, "places": places, "source": source,
            "source_date": source_date, "is_sample": bool(sample),
        }, []


#: rows read and checked together by the quick pass (:meth:`RowValidator.records`)
_QUICK_SLICE = 2000

#: distinct values remembered per column in one import (:meth:`RowValidator.validate`)
_MEMO_SIZE = 4096


# What a cell of each column means, and why it is refused (reasons: a tuple of
# sentences); pure, so the validator remembers them per value.

def _parsed(value: Any, parse, *args) -> tuple[Any, tuple[str, ...]]:
    try:
        return parse(value, *args), ()
    except BadValue as exc:
        return None, (exc.reason,)


def _parsing(parse, *args):
    """What :meth:`RowValidator.validate`'s ``check`` makes of a cell, as one function of
    its value (an empty cell: ``None``, no problem)."""
    def compute(value: Any) -> tuple[Any, tuple[str, ...]]:
        if value is None or value == "":
            return None, ()
        return _parsed(value, parse, *args)
    return compute


def _has_hash(cells: list[Any]) -> bool:
    """Whether a cell holds a ``#`` (an error value may): ``"#" in repr(cells)`` as
    :meth:`RowValidator.validate` asks it (no other value's repr has one), for a row of
    texts and empty cells by one ``join``."""
    try:
        return "#" in "".join(filter(None, cells))
    except TypeError:  # numbers, dates
        return "#" in repr(cells)


#: a value the quick pass has not looked up yet, or that a row's check refused
_MISS = object()


def _plain(value: Any) -> bool:
    """Whether ``value`` is its own key in a memo: a text, ``None`` or a tuple of them
    (any other value is remembered under its type too: ``1 == 1.0 == True``)."""
    if value is None or type(value) is str:
        return True
    return type(value) is tuple and all(v is None or type(v) is str for v in value)


def _by_language(texts: list[tuple[str, list[str]]], count: int) -> list[dict[str, str]]:
    """Each row's texts by language from columns of (language, values): the filled ones,
    a later column of a language over an earlier one."""
    languages = [language for language, _values in texts]
    if len(set(languages)) == len(languages) and not any("" in v for _l, v in texts):
        # every column filled in every row: the dicts made in one go
        pairs = [zip(repeat(language, count), values) for language, values in texts]
        return list(map(dict, zip(*pairs))) if pairs else [{} for _i in range(count)]
    found: list[dict[str, str]] = [{} for _i in range(count)]
    for language, values in texts:
        for into, value in zip(found, values):
            if value:
                into[language] = value
    return found


def _stripped(values) -> list[str]:
    """:func:`cell_text` of each value (a column of texts: by ``str.strip`` alone)."""
    try:
        return list(map(str.strip, values))
    except TypeError:  # empty cells, numbers, dates
        return [v.strip() if type(v) is str else cell_text(v) for v in values]


def _remember(memo: dict, compute, value: Any) -> tuple[Any, tuple[str, ...]]:
    """``compute(value)`` for :meth:`RowValidator.records`, remembered in ``memo`` under
    the value itself (a text, ``None``, a tuple of them) or else under its type and value
    (``1 == 1.0 == True``: one entry would give them one meaning)."""
    if value is None or type(value) is str or (type(value) is tuple and all(
            v is None or type(v) is str for v in value)):
        key = value
    else:
        key = (tuple, tuple((type(v), v) for v in value)) if type(value) is tuple \
            else (type(value), value)
        hit = memo.get(key)
        if hit is not None:
            return hit
    hit = compute(value)
    if len(memo) < _MEMO_SIZE:
        memo[key] = hit
    return hit


def _quick_kind(value: Any) -> tuple[str | None, tuple[str, ...]]:
    kind, reasons = _checked_kind(value)
    return (kind.value if kind else None), reasons


def _quick_pay(value: Any) -> tuple[tuple[str, str], tuple[str, ...]]:
    """(the cell's text, the pay type as stored)."""
    (text, pay), reasons = _checked_pay(value)
    return (text, pay.value if pay else ""), reasons


def _quick_sample(value: Any) -> tuple[bool, tuple[str, ...]]:
    if value is None or value == "":
        return False, ()
    sample, reasons = _parsed(value, parse_bool)
    return bool(sample or False), reasons


def _quick_region(pair: tuple[str, Any]) -> tuple[str, tuple[str, ...]]:
    return _checked_region(pair[1], pair[0])


_quick_date = _parsing(parse_date)
_quick_amount = _parsing(parse_amount)
_quick_education = _parsing(parse_int, 0, 8)
_quick_places = _parsing(parse_int, 0, 1_000_000)


def _checked_kind(value: Any) -> tuple[OpportunityKind | None, tuple[str, ...]]:
    kind_text = cell_text(value)
    if not kind_text:
        return None, (_("empty; it is required."),)
    kind = _kind(kind_text)
    if kind is None:
        return None, (_(
            "“{value}” is not a kind of opportunity; use job, training, apprenticeship, "
            "startup or placement.").format(value=kind_text),)
    return kind, ()


def _checked_country(value: Any) -> tuple[str, tuple[str, ...]]:
    country = cell_text(value).upper()
    if not country:
        return "", (_("empty; it is required."),)
    if country not in country_codes():
        return "", (_("“{value}” is not an ISO 3166-1 two-letter country code.").format(
            value=country),)
    return country, ()


def _checked_region(value: Any, country: str) -> tuple[str, tuple[str, ...]]:
    region_text = cell_text(value)
    if not region_text:
        return "", ()
    region = resolve_region(country, region_text) or ""
    if not region:
        return "", (_(
            "“{value}” is not a region of {country} (use its ISO 3166-2 code, for "
            "example {example}, or its exact name).").format(
                value=region_text, country=country, example=_example_region(country)),)
    return region, ()


def _checked_isco(value: Any) -> tuple[str, tuple[str, ...]]:
    isco_text = cell_text(value)
    if not isco_text:
        return "", ()
    isco = isco_sector(isco_text) or ""
    if not isco:
        return "", (_("“{value}” is not an ISCO-08 major or sub-major group code.").format(
            value=isco_text),)
    return isco, ()


def _checked_languages(value: Any) -> tuple[str, tuple[str, ...]]:
    """The codes separated by spaces (as stored)."""
    languages: list[str] = []
    reasons: list[str] = []
    languages_text = cell_text(value)
    if languages_text:
        for part in _LANGUAGE_SEPARATORS.split(languages_text):
            part = part.strip()
            if not part:
                continue
            code = resolve_language(part)
            if code is None:
                reasons.append(_(
                    "“{value}” is not a known language (use a code like fr or ar, or the "
                    "English name).").format(value=part))
            elif code not in languages:
                languages.append(code)
    return " ".join(languages), tuple(reasons)


def _checked_pay(value: Any) -> tuple[tuple[str, Any], tuple[str, ...]]:
    """(the cell's text, the pay type)."""
    pay_text = cell_text(value)
    pay = _pay(pay_text) if pay_text else None
    if pay_text and pay is None:
        return (pay_text, None), (_("“{value}” is not fee, stipend or salary.").format(
            value=pay_text),)
    return (pay_text, pay), ()


def _checked_currency(value: Any) -> tuple[str, tuple[str, ...]]:
    currency = cell_text(value).upper()
    if currency and currency not in currency_codes():
        return currency, (_("“{value}” is not an ISO 4217 currency code.").format(
            value=currency),)
    return currency, ()


_LANGUAGE_SEPARATORS = re.compile(r"[|,;/]+")


@lru_cache(maxsize=None)
def _example_region(country: str) -> str:
    from counsel_app.opportunities.classifications import subdivisions

    codes = sorted(subdivisions(country))
    return codes[0] if codes else f"{country}-…"


def is_empty(cells: Iterable[Any]) -> bool:
    for c in cells:  # (a loop: most rows stop at their first cell)
        if c is not None and (not isinstance(c, str) or c.strip()):
            return False
    return True


@dataclass
class Checked:
    """The result of reading and checking a file, before anything is written."""

    report: ImportReport
    records: list[dict]


def check_file(path: Path, *, today: date | None = None) -> Checked:
    """Read and validate ``path``; raise :class:`ImportRefused` for a file that cannot
    be imported at all."""
    report, records = check_stream(path, today=today)
    return Checked(report, list(records))


def check_stream(path: Path, *, today: date | None = None
                 ) -> tuple[ImportReport, CheckedRecords]:
    """The report and the valid records of ``path`` one at a time (or a slice at a time
    as columns: :class:`CheckedRecords`), so an import never holds them all (100,000
    rows: the peak memory). The header is read and checked at
    once; the rows' problems join the report while the records are consumed, and the
    report is complete (``accepted`` set) when they are exhausted. Raises
    :class:`ImportRefused` for a file that cannot be imported at all: at once for the
    header, while consuming for a damaged file or one without rows."""
    path = Path(path)
    table = read_table(path, header_score)
    layout = map_header(table, path.name)
    report = ImportReport(path.name, table.file_format, table.encoding, table.delimiter)
    report.warnings.extend(table.warnings)
    if layout.unknown:
        report.warnings.append(
            _("Unknown columns were ignored: {columns}.").format(columns=", ".join(layout.unknown))
        )
    validator = RowValidator(layout, today, check_cells=table.file_format == "XLSX")

    def batches() -> Iterator[tuple[dict[str, list], int]]:
        first_row_of: dict[tuple[str, str], int] = {}
        # a slice of rows at a time through the quick pass (a column at a time); the few
        # rows it does not take through the full check, which reports their problems
        for numbers, rows in table.slices(_QUICK_SLICE):
            columns, taken = validator.quick_pass(rows)
            count = len(rows)
            problems_before = len(report.problems)
            for i in [i for i, quick in enumerate(taken) if not quick]:
                cells = rows[i]
                if is_empty(cells):  # (never a record of an empty row: no kind)
                    report.empty_rows += 1
                    count -= 1
                    continue
                record, problems = validator.validate(numbers[i], cells)
                if record is None:
                    report.problems.extend(problems)
                    continue
                for name, values in columns.items():
                    values[i] = record[name]
                taken[i] = True
            report.rows_read += count
            # the same provider and reference twice: the first row is taken, the others
            # reported (in row order, among the other problems)
            keys = list(compress(zip(columns["provider_key"], columns["provider_ref"]), taken))
            numbers_taken = list(compress(numbers, taken))
            if len(set(keys)) == len(keys) and first_row_of.keys().isdisjoint(keys):
                first_row_of.update(zip(keys, numbers_taken))
            else:
                for i, number in enumerate(numbers):
                    if not taken[i]:
                        continue
                    key = (columns["provider_key"][i], columns["provider_ref"][i])
                    earlier = first_row_of.get(key)
                    if earlier is None:
                        first_row_of[key] = number
                        continue
                    taken[i] = False
                    report.problems.append(RowProblem(number, "provider_reference", _(
                        "the same provider and reference are already in row {row} of this "
                        "file.").format(row=earlier)))
                report.problems[problems_before:] = sorted(
                    report.problems[problems_before:], key=attrgetter("row"))
            accepted = taken.count(True)
            report.accepted += accepted
            if accepted == len(taken):
                yield columns, accepted
            elif accepted:
                yield {name: list(compress(values, taken))
                       for name, values in columns.items()}, accepted
        if report.rows_read == 0:
            raise ImportRefused(_("{file} has a header but no rows to import.").format(
                file=path.name))

    return report, CheckedRecords(batches())


class CheckedRecords:
    """The valid records of a file being checked (:func:`check_stream`), read once:
    one at a time as dicts (iterating), or a slice at a time as columns (record key ->
    one value per record) with its length (:meth:`batches`, what the writer takes)."""

    def __init__(self, batches: Iterator[tuple[dict[str, list], int]]):
        self._batches = batches
        self._records: Iterator[dict] | None = None

    def batches(self) -> Iterator[tuple[dict[str, list], int]]:
        return self._batches

    def _one_at_a_time(self) -> Iterator[dict]:
        for columns, _count in self._batches:
            keys = list(columns)
            for values in zip(*columns.values()):
                yield dict(zip(keys, values))

    def __iter__(self) -> Iterator[dict]:
        if self._records is None:
            self._records = self._one_at_a_time()
        return self._records

    def __next__(self) -> dict:
        return next(iter(self))


# -- the template ----------------------------------------------------------------------------


def write_template(path: Path) -> Path:
    """Write the empty import template: ``.csv`` (UTF-8 with BOM, comma-separated) or
    ``.xlsx`` (with a help sheet and the code lists), chosen by the file's suffix."""
    from country_info.files import replacing

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from country_info.csvfile import write_csv

        return write_csv(path, [COLUMN_NAMES], private=False)
    if suffix != ".xlsx":
        from counsel_app.errors import UsageError

        raise UsageError(
            _("The template can be saved as .csv or .xlsx, not “{suffix}”.").format(
                suffix=path.suffix or path.name))
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "opportunities"
    sheet.append(list(COLUMN_NAMES))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("help")
    help_sheet.append([_("column"), _("required"), _("what to write"), _("example")])
    for column in COLUMNS:
        help_sheet.append([column.name, _("yes") if column.required else _("no"),
                           _(column.help), column.example])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    codes = workbook.create_sheet("codes")
    codes.append([_("list"), _("code"), _("meaning")])
    for kind in OpportunityKind:
        codes.append(["kind", kind.value, _(kind.label)])
    for level in IscedLevel:
        codes.append(["education_min_isced", int(level), _(level.label)])
    for code, group in ISCO_GROUPS.items():
        codes.append(["sector_isco", code, group.name()])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    with replacing(path, private=False) as tmp:
        workbook.save(tmp)
    return path
