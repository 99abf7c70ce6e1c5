"""Reading a partner's spreadsheet (CSV or .xlsx) into a header and rows of cells.

CSV: the encoding is found from the byte-order mark (UTF-8, UTF-16 LE/BE as Excel's
"Unicode text" export), else UTF-8, else Windows-1252; the separator (``;``, ``,`` or tab)
is the one that makes the most known column names in the header line.

XLSX: openpyxl in read-only mode with cached values (``data_only``); formulas that have no
cached value (the file was written by a program that does not calculate) are reported per
cell, because their value is unknown.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from counsel_app.errors import UserError
from counsel_app.i18n import N_, _, ngettext

#: What a cell holds when it is a formula without a calculated value.
FORMULA_WITHOUT_VALUE = object()

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)

MAX_ROWS = 1_000_000


class ImportRefused(UserError):
    """The whole file cannot be imported (unreadable, no header, missing columns)."""


@dataclass
class Table:
    """A file's header and rows; ``rows`` yields ``(row_number, cells)`` where the row
    number is what a spreadsheet program shows (the header is usually row 1)."""

    file_format: str  # "CSV" or "XLSX"
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""
    warnings: list[str] = field(default_factory=list)
    #: the rows a slice at a time, for a reader that has a quicker way (:meth:`slices`)
    slicer: Callable[[int], Iterator[tuple[Sequence[int], list[list[Any]]]]] | None = None

    def slices(self, size: int) -> Iterator[tuple[Sequence[int], list[list[Any]]]]:
        """The rows ``size`` at a time: their row numbers and their cells (either these
        or :attr:`rows`, once)."""
        if self.slicer is not None:
            yield from self.slicer(size)
            return
        while part := list(islice(self.rows, size)):
            numbers, rows = zip(*part)
            yield numbers, list(rows)


def read_table(path: Path, header_score: Callable[[list[str]], int]) -> Table:
    """Open ``path`` as CSV or XLSX (by content, not only by name).

    ``header_score`` counts the known column names in a candidate header; it picks the
    CSV separator.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise ImportRefused(_("The file {file} does not exist.").format(file=path)) from None
    except IsADirectoryError:
        raise ImportRefused(_("{file} is a folder, not a file.").format(file=path)) from None
    except OSError as exc:
        raise ImportRefused(
            _("The file {file} cannot be read: {reason}").format(file=path, reason=exc.strerror)
        ) from None
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _("{file} is an old Excel 97-2003 workbook (.xls). Save it as .xlsx or as CSV "
              "and import that.").format(file=path.name)
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ImportRefused(
            _("{file} is not a valid .xlsx workbook.").format(file=path.name)
        )
    return read_csv(path, header_score)


# -- CSV -------------------------------------------------------------------------------------


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """The text of ``data``, the encoding's name and warnings."""
    warnings: list[str] = []
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8"), "UTF-8 with BOM", warnings
        if data.startswith(codecs.BOM_UTF16_LE):
            return data[2:].decode("utf-16-le"), "UTF-16 LE", warnings
        if data.startswith(codecs.BOM_UTF16_BE):
            return data[2:].decode("utf-16-be"), "UTF-16 BE", warnings
        sample = data[:4000]
        if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
            # UTF-16 without a byte-order mark: the zero bytes show which half is high
            if sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00"):
                return data.decode("utf-16-le"), "UTF-16 LE", warnings
            return data.decode("utf-16-be"), "UTF-16 BE", warnings
    except UnicodeDecodeError:
        raise ImportRefused(
            _("{file} says it is UTF-16 but is damaged (it cannot be decoded).").format(file=name)
        ) from None
    try:
        return data.decode("utf-8"), "UTF-8", warnings
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    warnings.append(
        _("The file is not UTF-8; it was read as Windows-1252 (Western European). "
          "Check accented letters in the imported offers.")
    )
    return text, "Windows-1252", warnings


def _first_lines(text: str, ahead: int = 1 << 16) -> list[str]:
    """The lines at the start of ``text`` (``splitlines``) up to a header and more: the
    lines of its first ``ahead`` characters (the last one, which may be cut, left out), or
    all of them when those hold fewer than two lines that are not blank."""
    if len(text) > ahead:
        lines = text[:ahead].splitlines()[:-1]
        if sum(1 for line in lines if line.strip(" \t,;")) >= 2:
            return lines
    return text.splitlines()


def read_csv(path: Path, header_score: Callable[[list[str]], int]) -> Table:
    data = path.read_bytes()
    head = data[:4000]
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and 0 < head.count(b"\x00") <= len(head) // 4:
        # a few zero bytes: binary data, not text in any encoding we read
        raise ImportRefused(
            _("{file} is not a spreadsheet (CSV or .xlsx) this program can read.").format(
                file=path.name)
        )
    text, encoding, warnings = decode(data, path.name)
    del data
    lines = _first_lines(text)
    first = next((i for i, line in enumerate(lines) if line.strip(" \t,;")), None)
    if first is None:
        raise ImportRefused(_("{file} is empty.").format(file=path.name))
    hint = lines[first].strip().lower()
    forced = None
    if hint.startswith("sep=") and len(hint) == 5:
        # Excel's hint line ("sep=;") before the header names the separator
        forced = lines[first].strip()[4]
        first = next((i for i, line in enumerate(lines) if i > first and line.strip(" \t,;")),
                     None)
        if first is None:
            raise ImportRefused(_("{file} is empty.").format(file=path.name))
    # Excel hides the hint line: its row numbers start at the header
    hidden = 1 if forced else 0
    header_line = lines[first]
    best, best_key = forced or ",", (-1, -1)
    for delimiter in (forced,) if forced else (";", ",", "\t"):
        cells = next(csv.reader([header_line], delimiter=delimiter))
        key = (header_score(cells), len(cells))
        if key > best_key:
            best, best_key = delimiter, key
    del lines
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 0
        try:
            for cells in reader:
                number += 1
                if number <= first + 1:
                    continue
                if number > MAX_ROWS:
                    raise ImportRefused(
                        _("{file} has more than {max} rows; split it into smaller files.")
                        .format(file=path.name, max=MAX_ROWS)
                    )
                yield number - hidden, cells
        except csv.Error as exc:
            raise ImportRefused(
                _("{file}, line {line}: the file cannot be read as CSV ({reason}).").format(
                    file=path.name, line=reader.line_num, reason=exc)
            ) from None

    def slices(size: int) -> Iterator[tuple[Sequence[int], list[list[Any]]]]:
        """:func:`rows` a slice at a time (the reader's own rows, numbered by a range)."""
        try:
            for _skipped in islice(reader, first + 1):  # up to the header
                pass
            number = first + 2  # the next row's, as rows() counts
            while part := list(islice(reader, size)):
                last = number + len(part) - 1
                if last > MAX_ROWS:
                    raise ImportRefused(
                        _("{file} has more than {max} rows; split it into smaller files.")
                        .format(file=path.name, max=MAX_ROWS)
                    )
                yield range(number - hidden, last + 1 - hidden), part
                number = last + 1
        except csv.Error as exc:
            raise ImportRefused(
                _("{file}, line {line}: the file cannot be read as CSV ({reason}).").format(
                    file=path.name, line=reader.line_num, reason=exc)
            ) from None

    # the header is parsed with the reader itself (quoted names, embedded separators)
    header = next(csv.reader([header_line], delimiter=best))
    names = {";": N_("semicolon"), ",": N_("comma"), "\t": N_("tab")}
    return Table("CSV", header, first + 1 - hidden, rows(), encoding, names.get(best, best),
                 warnings, slices)


# -- XLSX ------------------------------------------------------------------------------------

_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?<!/)>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v>[^<]+</v>")


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _formulas_without_value(ws) -> set[tuple[int, int]]:
    """(row, column index) of formula cells that have no cached value."""
    try:
        with ws._get_source() as source:  # openpyxl's read-only sheet XML
            xml = source.read()
    except (AttributeError, OSError, KeyError):
        return set()
    if b"<f" not in xml:
        return set()
    found = set()
    for match in _CELL.finditer(xml):
        body = match.group(3)
        if b"<f" in body and not _VALUE.search(body):
            found.add((int(match.group(2)), _column_index(match.group(1))))
    return found


_FAST_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_FAST_ATTR = re.compile(rb'\s([rst])="([^"]*)"')
_FAST_V = re.compile(rb"<v>([^<]*)</v>")
_FAST_T = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_FAST_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_FAST_REF = re.compile(rb"([A-Z]{1,3})([0-9]+)$")


class _Fallback(Exception):
    """The sheet XML is not in the plain form the fast scanner reads."""


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def _generic_cells(xml: bytes, start: int) -> Iterator[tuple[bytes, bytes, bytes, bytes, bytes]]:
    for match in _FAST_CELL.finditer(xml, start):
        attrs = dict(_FAST_ATTR.findall(b" " + match.group(1)))
        found = _FAST_REF.match(attrs.get(b"r", b""))
        if found is None:
            raise _Fallback
        yield (found.group(1), found.group(2), attrs.get(b"s", b""), attrs.get(b"t", b""),
               match.group(2) or b"")


#: the plain cell (what Excel, LibreOffice and openpyxl write for a value): its column
#: letters, row, style, type, and the inline text or the value, read in one match
#: the plain inline text cell alone (style or none): a third quicker to scan
_INLINE_CELL = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="[0-9]+")? t="inlineStr"><is><t>([^<]*)</t></is></c>')
_QUICK_CELL = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?\s*'
    r'(?:/>|>(?:<is><t>([^<]*)</t></is>|<v>([^<]*)</v>)</c>)')


def _fast_rows(pieces: Iterable[bytes], shared: list, date_styles, timedelta_styles, epoch,
               start_row: int = 1) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a worksheet's XML (in ``pieces`` that end after a ``</row>``:
    :func:`_pieces`) as openpyxl's read-only, data-only ``iter_rows`` gives them (cached
    values; date-formatted numbers as datetimes), plus :data:`FORMULA_WITHOUT_VALUE` for
    formulas that have no cached value.

    A regular-expression scan, several times faster than openpyxl's own parser on large
    sheets: each piece decoded once, each row's plain cells (an inline text, a shared
    string, a number) read by one expression; a row with any other cell (a formula, rich
    text, spaces kept) cell by cell by the general one. Raises :class:`_Fallback` on
    anything unusual (cells without a reference, namespace prefixes, rows out of order, a
    sheet cut short), possibly after some rows: the caller takes every row before using
    them, and uses openpyxl instead.
    """
    seen = counted = 0
    texts_only = True
    columns: dict[str, int] = {}
    current = start_row - 1
    started, tail = False, b""
    unescape = html.unescape
    for piece in pieces:
        start = 0
        if not started:
            start = piece.find(b"<sheetData")
            if start < 0:
                raise _Fallback
            started = True
        counted += piece.count(b"<c ", start) + piece.count(b"<c>", start)
        tail = (tail + piece)[-4096:]
        # a row's cells are what follows its <row ...> up to its </row> (a text cannot
        # hold "<": it is escaped); rows without cells (<row .../>) are skipped
        for chunk in piece[start:].decode("utf-8").split("</row>"):
            opening = chunk.rfind("<row")
            if opening < 0:
                continue
            end = chunk.find(">", opening)
            if end < 0 or chunk[end - 1] == "/":
                continue
            body = chunk[end + 1:]
            # a sheet of inline texts only (what openpyxl and many programs write) by a
            # smaller expression, while every row is one
            inline = _INLINE_CELL.findall(body) if texts_only else None
            if inline and len(inline) == body.count("<c"):
                seen += len(inline)
                row = int(inline[0][1])
                if row <= current or inline[-1][1] != inline[0][1]:
                    raise _Fallback  # rows out of order or cells of other rows: openpyxl
                last = inline[-1][0]
                width = columns.get(last)
                if width is None:
                    width = columns[last] = _column_index(last.encode("ascii"))
                cells: list[Any] = [None] * (width + 1)
                for letters, _row, text in inline:
                    column = columns.get(letters)
                    if column is None:
                        column = columns[letters] = _column_index(letters.encode("ascii"))
                    cells[column] = unescape(text) if "&" in text else text
            else:
                if inline is not None and "<c" in body:
                    texts_only = False
                found = _QUICK_CELL.findall(body)
                # every "<c" starts a cell when each cell is a plain one (rich text's <color>
                # and <charset> only count when the expression did not read them all)
                if len(found) != body.count("<c"):
                    found = [(letters.decode("ascii"), row_text.decode("ascii"), style.decode(
                        "ascii"), kind.decode("ascii"), None, cell) for letters, row_text, style,
                        kind, cell in _generic_cells(body.encode("utf-8"), 0)]
                seen += len(found)
                if not found:
                    continue
                row = int(found[0][1])
                if row <= current or found[-1][1] != found[0][1]:
                    raise _Fallback  # rows out of order or cells of other rows: openpyxl
                last = found[-1][0]
                width = columns.get(last)
                if width is None:
                    width = columns[last] = _column_index(last.encode("ascii"))
                cells = [None] * (width + 1)
                for letters, _row, style, kind, text, raw in found:
                    column = columns.get(letters)
                    if column is None:
                        column = columns[letters] = _column_index(letters.encode("ascii"))
                    if kind == "inlineStr" and text is not None:
                        cells[column] = unescape(text) if "&" in text else text
                    elif text is None:  # a cell of the general expression: its XML
                        cells[column] = _cell_value(kind, style, raw, shared, date_styles,
                                                    timedelta_styles, epoch)
                    elif not raw:
                        continue
                    elif kind == "s":
                        cells[column] = shared[int(raw)]
                    else:
                        cells[column] = _plain_value(kind, style, raw, date_styles,
                                                     timedelta_styles, epoch)
            while cells and cells[-1] is None:
                cells.pop()
            for empty in range(max(current + 1, start_row), row):
                yield empty, []
            current = row
            if row >= start_row:
                yield row, cells
    if not started or b"</worksheet>" not in tail:
        raise _Fallback  # (a sheet cut short: openpyxl's parser says where)
    if seen != counted:
        raise _Fallback  # cells outside the rows: openpyxl reads them


def _plain_value(kind: str, style: str, raw: str, date_styles, timedelta_styles, epoch):
    """The value of a cell's ``<v>`` text ``raw`` (not empty) of type ``kind``."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    if not kind or kind == "n":
        value: Any = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        if style and int(style) in date_styles:
            try:
                value = from_excel(value, epoch, timedelta=int(style) in timedelta_styles)
            except (OverflowError, ValueError):
                value = "#VALUE!"
        return value
    if kind == "b":
        return bool(int(raw))
    if kind == "d":
        return from_ISO8601(raw)
    return html.unescape(raw)  # str, e


def _cell_value(kind: str, style: str, body: bytes, shared, date_styles, timedelta_styles,
                epoch):
    """The value of a cell from the XML inside it (``body``), or ``None``."""
    if kind == "inlineStr":
        if not body:
            return None
        if b"<rPh" in body:
            body = _FAST_RPH.sub(b"", body)
        return _text(b"".join(_FAST_T.findall(body)))
    v = _FAST_V.search(body) if body else None
    raw = v.group(1).decode("utf-8") if v else ""
    if raw:
        if kind == "s":
            return shared[int(raw)]
        return _plain_value(kind, style, raw, date_styles, timedelta_styles, epoch)
    if b"<f" in body:
        return FORMULA_WITHOUT_VALUE
    return None


def _pieces(source, size: int = 1 << 22) -> Iterator[bytes]:
    """The sheet's XML read ``size`` bytes at a time, cut after the last ``</row>`` of
    what was read (a text cannot hold ``</row>``: its ``<`` is escaped), so that a piece
    holds whole rows and the whole XML (about 100 MB for 100,000 rows) is never in
    memory at once."""
    rest = b""
    while block := source.read(size):
        data = rest + block
        cut = data.rfind(b"</row>")
        if cut < 0:
            rest = data
            continue
        cut += len(b"</row>")
        yield data[:cut]
        rest = data[cut:]
    if rest:
        yield rest


def read_xlsx(path: Path) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")  # a file object: openpyxl then ignores the file's suffix
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, OSError, *_DAMAGED) as exc:
        handle.close()
        raise _damaged(path, exc) from None
    sheets = workbook.worksheets
    if not sheets:
        raise ImportRefused(_("{file} has no worksheet.").format(file=path.name))
    sheet = next((s for s in sheets if s.title.strip().casefold() == "opportunities"), sheets[0])
    warnings: list[str] = []
    if len(sheets) > 1:
        warnings.append(
            ngettext("Only the worksheet “{sheet}” was read; the workbook has {count} "
                     "worksheet.",
                     "Only the worksheet “{sheet}” was read; the workbook has {count} "
                     "worksheets.", len(sheets)).format(sheet=sheet.title, count=len(sheets))
        )
    try:
        fast = _fast_sheet_rows(sheet, workbook)
    except _DAMAGED as exc:  # the sheet's part cannot even be unpacked
        workbook.close()
        handle.close()
        raise _damaged(path, exc) from None
    if fast is not None:
        workbook.close()
        handle.close()
        return _xlsx_table(path, sheet.title, iter(fast), warnings, lambda: None)
    missing_values = _formulas_without_value(sheet)

    def slow_rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(cells)
            if missing_values:
                for column, value in enumerate(cells):
                    if value is None and (number, column) in missing_values:
                        cells[column] = FORMULA_WITHOUT_VALUE
            yield number, cells

    def close() -> None:
        workbook.close()
        handle.close()

    return _xlsx_table(path, sheet.title, _guarded(path, slow_rows(), close), warnings, close)


#: What openpyxl, the XML parser and the zip reader raise on a damaged part of a workbook
#: (a part cut short, garbled, emptied or missing): the file is refused in one sentence.
_DAMAGED: tuple[type[BaseException], ...] = (
    ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, IndexError,
    ValueError, TypeError, AttributeError, NotImplementedError, RecursionError)


def _damaged(path: Path, exc: BaseException) -> ImportRefused:
    """One sentence naming the file and, where it can be found, its damaged part."""
    part = _first_damaged_part(path)
    if part:
        return ImportRefused(
            _("{file} cannot be read: its part “{part}” is damaged ({reason}); nothing was "
              "imported.").format(file=path.name, part=part, reason=_reason(exc)))
    return ImportRefused(
        _("{file} cannot be opened as an .xlsx workbook ({reason}); nothing was imported.")
        .format(file=path.name, reason=_reason(exc)))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ElementTree.ParseError):
        return _("not well-formed XML")
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return _("damaged compressed data")
    if isinstance(exc, KeyError):
        return _("a part is missing")
    return type(exc).__name__


def _first_damaged_part(path: Path) -> str | None:
    """The first XML part of the workbook that does not unpack or parse (read in pieces,
    nothing kept), or ``None``. Only called once reading has failed."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                parser = ElementTree.XMLPullParser(events=())
                try:
                    with archive.open(info) as member:
                        while chunk := member.read(1 << 16):
                            parser.feed(chunk)
                    parser.close()
                except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError,
                        NotImplementedError, RecursionError):
                    return info.filename
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    return None


def _guarded(path: Path, rows: Iterator[tuple[int, list[Any]]],
             close: Callable[[], None]) -> Iterator[tuple[int, list[Any]]]:
    """``rows`` of a sheet read by openpyxl as it goes: damage found half-way (a sheet cut
    short) refuses the whole file, as damage found on opening does (nothing is stored
    before the whole file has been read)."""
    while True:
        try:
            item = next(rows)
        except StopIteration:
            return
        except _DAMAGED as exc:
            close()
            raise _damaged(path, exc) from None
        yield item


def _fast_sheet_rows(sheet, workbook) -> list[tuple[int, list[Any]]] | None:
    """All rows by the fast scanner, or ``None`` when it cannot read this sheet."""
    try:
        with sheet._get_source() as source:  # openpyxl's read-only sheet XML
            return list(_fast_rows(
                _pieces(source), sheet._shared_strings, workbook._date_formats,
                getattr(workbook, "_timedelta_formats", set()), workbook.epoch))
    except (_Fallback, AttributeError, KeyError, IndexError, ValueError, OSError,
            UnicodeDecodeError):
        return None


def _xlsx_table(path: Path, title: str, iterator: Iterator[tuple[int, list[Any]]],
                warnings: list[str], close) -> Table:
    header: list[str] | None = None
    header_row = 0
    for number, cells in iterator:
        if any(c not in (None, "") for c in cells):
            header = ["" if c is None else str(c) for c in cells]
            header_row = number
            break
    if header is None:
        close()
        raise ImportRefused(
            _("The worksheet “{sheet}” of {file} is empty.").format(sheet=title, file=path.name)
        )

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in iterator:
                if number > MAX_ROWS:
                    raise ImportRefused(
                        _("{file} has more than {max} rows; split it into smaller files.")
                        .format(file=path.name, max=MAX_ROWS)
                    )
                yield number, cells
        finally:
            close()

    return Table("XLSX", header, header_row, rows(), "", "", warnings)
