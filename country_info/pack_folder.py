"""A pack written as a folder of Markdown files, the alternative to the spreadsheet for an
office that prefers a text editor (or keeps its pack in a shared folder or under version
control):

    iraq-pack/
      pack.md                         the pack's fields (pack_id, country, publisher_id ...)
      health/01-health.erbil-clinic.md one file per item
      services/01-services.reception.md

Every file starts with a small front matter, ``field: value`` lines between two ``---``
lines, with the very field names of the spreadsheet's columns (``section``, ``item``,
``region``, ``date``, ``review``, ``source_language``, ``licence``, ``source_title`` ...;
see :data:`country_info.publish.ITEM_COLUMNS`). A value on several lines is written
``field: |`` followed by the lines, indented. Below the front matter of an item comes its
title and text in the source language::

    # Primary health clinic, Erbil

    Free consultations for returnees.

    --- fr ---

    # Centre de santé primaire, Erbil

    Consultations gratuites ...

and after a line ``--- LANG ---`` the same in another language (only what a person wrote or
checked). Files are read in the order of their names; the section folders only help people
find them (a file whose folder is a section must have that section). The folder becomes
the same rows as a sheet and is checked by the same rules
(:func:`country_info.publish.rows_to_pack`), every problem naming the file and the field;
:func:`write_folder` does the reverse, so folder -> pack -> folder gives the same files.
Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from country_info.errors import PackError
from country_info.files import write_atomically
from country_info.i18n import _
from country_info.model import SECTIONS
from country_info.publish import (
    ITEM_COLUMNS, LANGUAGE, LIST_COLUMNS, ORG_COLUMNS, ORG_LANG_COLUMNS, PARTNER_COLUMNS,
    SheetResult, _languages, header_for, pack_to_rows, partner_cells, rows_to_pack,
)

PACK_FILE = "pack.md"
#: the folder of the pack's partners, one file each with only its fields (``partner``, the
#: name; ``type``; ``services`` ...: :data:`country_info.publish.PARTNER_COLUMNS`)
PARTNERS = "partners"
FENCE = "---"
FIELD = re.compile(r"^([A-Za-z_]+(?::[A-Za-z_]+)?)\s*:(?:\s+(.*?))?\s*$")
MARKER = re.compile(r"^---\s+(\S+)\s+---\s*$")
MAX_FILES = 5000
MAX_BYTES = 1_000_000  # one item's file

PACK_HELP = (
    "This folder is a country information pack: this file holds the pack's fields, every other",
    ".md file one item (its fields at the top, then “# title” and the text, then “--- fr ---”",
    "and the same in another language). Check it with: counsel-app packs check FOLDER.",
    "Guide: docs/country-packs.md (Publishing a pack as a folder of Markdown files).",
)


# ----------------------------------------------------------------------------- writing

def _field_lines(name: str, value: str) -> list[str]:
    if "\n" in value:
        return [f"{name}: |"] + [f"  {line}" if line else "" for line in value.split("\n")]
    if value == "|" or (len(value) >= 2 and value.startswith('"') and value.endswith('"')):
        value = f'"{value}"'  # read back without the outer quotes
    return [f"{name}: {value}" if value else f"{name}:"]


def _front_matter(fields: list[tuple[str, str]]) -> list[str]:
    lines = [FENCE]
    for name, value in fields:
        lines += _field_lines(name, value)
    return lines + [FENCE]


def _block(title: str, text: str) -> list[str]:
    lines = [f"# {title}".rstrip()] if title else []
    if text:
        lines += ([""] if lines else []) + text.split("\n")
    return lines


def folder_files(pack: dict) -> dict[str, str]:
    """The files of ``pack`` as a folder: relative path -> text."""
    rows = pack_to_rows(pack)
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "section")
    meta = [(row[0], row[1]) for row in rows[:header_at] if row]
    body = [f"<!-- {line} -->" for line in PACK_HELP]
    files = {PACK_FILE: "\n".join(_front_matter(meta) + [""] + body) + "\n"}
    header = rows[header_at]
    languages = _languages(pack) or ["en"]
    counters: dict[str, int] = {}
    width = max(2, len(str(max((len(s["items"]) for s in pack["sections"].values()), default=1))))
    items_end = header_at + 1 + sum(len(s["items"]) for s in pack["sections"].values())
    for cells in rows[header_at + 1:items_end]:
        values = dict(zip(header, cells))
        section = values["section"]
        counters[section] = counters.get(section, 0) + 1
        fields = [(name, values[name]) for name in header
                  if values[name] and name.partition(":")[0] not in ("title", "text")]
        fields.sort(key=lambda pair: _field_order(pair[0]))
        source = values["source_language"]
        order = [source] + [lang for lang in languages if lang != source]
        lines = _front_matter(fields) + [""]
        for lang in order:
            title, text = values.get(f"title:{lang}", ""), values.get(f"text:{lang}", "")
            if lang != source:
                if f"title:{lang}" not in values or not (title or text or _in_template(pack, lang)):
                    continue
                lines += [f"--- {lang} ---", ""]
            lines += _block(title, text) + [""]
        while lines and not lines[-1]:
            lines.pop()
        files[f"{section}/{counters[section]:0{width}d}-{values['item']}.md"] = "\n".join(lines) + "\n"
    partners = pack.get("partners") or []
    width = max(2, len(str(len(partners))))
    for number, partner in enumerate(partners, start=1):
        fields = [(name, value) for name, value in zip(PARTNER_COLUMNS, partner_cells(partner))
                  if value]
        slug = re.sub(r"[^a-z0-9]+", "-", partner.get("name", "").lower()).strip("-")[:40]
        files[f"{PARTNERS}/{number:0{width}d}-{slug or 'partner'}.md"] = \
            "\n".join(_front_matter(fields)) + "\n"
    return files


def _in_template(pack: dict, lang: str) -> bool:
    """An empty language block is kept where the pack lists the language with empty title and
    text (the template shows where each language goes)."""
    return any(lang in item["title"] and not item["title"][lang]
               for section in pack["sections"].values() for item in section["items"])


def _field_order(name: str) -> tuple[int, str]:
    base, _sep, lang = name.partition(":")
    known = list(ITEM_COLUMNS) + list(ORG_LANG_COLUMNS) + list(ORG_COLUMNS) + list(LIST_COLUMNS)
    return (known.index(base) if base in known else len(known), lang)


def write_folder(pack: dict, folder: Path) -> Path:
    """Write ``pack`` as a folder of Markdown files; ``folder`` must be new or empty."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PackError(_("“{path}” is not an empty folder; a pack folder is written into a new "
                          "or empty folder.").format(path=folder))
    if not folder.parent.is_dir():
        raise PackError(_("the folder “{path}” does not exist.").format(path=folder.parent))
    folder.mkdir(exist_ok=True)
    for relative, text in folder_files(pack).items():
        path = folder / relative
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, text, private=False)
    return folder


def write_template_folder(folder: Path, *, country: str = "IQ",
                          languages: tuple[str, ...] = ("en", "fr", "ar")) -> Path:
    from country_info.publish import template_pack

    return write_folder(template_pack(country, languages), folder)


# ----------------------------------------------------------------------------- reading

class _FileProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _FileProblem(_("the file is larger than {size} MB.").format(size=MAX_BYTES // 1_000_000))
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise _FileProblem(_("the file is not UTF-8 text; save it as UTF-8.")) from None
    except OSError as exc:
        raise _FileProblem(_("cannot read the file ({problem}).").format(problem=exc.strerror or exc)) from None


def parse_file(text: str) -> tuple[list[tuple[int, str, str]], list[str]]:
    """The front matter's fields (line, name, value) and the lines after it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise _FileProblem(_("the file does not start with its fields: a line “---”, one "
                             "“field: value” line each, and a line “---”."))
    fields: list[tuple[int, str, str]] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        if line.strip() == FENCE:
            return fields, lines[index + 1:]
        if not line.strip() or line.lstrip().startswith("#"):
            index += 1
            continue
        match = FIELD.match(line)
        if not match:
            raise _FileProblem(_("line {line}: “{text}” is not “field: value”.").format(
                line=index + 1, text=line.strip()[:60]))
        name, value = match.group(1), match.group(2) or ""
        start = index + 1
        if any(name == seen for _n, seen, _v in fields):
            raise _FileProblem(_("line {line}: “{field}” is given twice.").format(line=start, field=name))
        index += 1
        if value == "|":
            block: list[str] = []
            while index < len(lines) and (not lines[index].strip() or lines[index][:1] in (" ", "\t")):
                block.append(lines[index])
                index += 1
            while block and not block[-1].strip():
                block.pop()
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            value = "\n".join(b[indent:] for b in block)
        elif len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        fields.append((start, name, value.strip() if "\n" not in value else value))
    raise _FileProblem(_("the fields at the top are not closed by a line “---”."))


def _blocks(body: list[str], first: str) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Title and text per language: the first block in ``first``, then ``--- LANG ---``."""
    problems: list[str] = []
    blocks: dict[str, list[str]] = {}
    current = first
    lines: list[str] = []
    for number, line in enumerate(body):
        match = MARKER.match(line)
        if match:
            blocks.setdefault(current, []).extend(lines)
            current, lines = match.group(1), []
            if not LANGUAGE.match(current):
                problems.append(_("“{lang}” is not a language code (en, fr, ar, fa_AF ...).").format(lang=current))
            elif current in blocks and any(b.strip() for b in blocks[current]):
                problems.append(_("the language “{lang}” is there twice.").format(lang=current))
            continue
        lines.append(line)
    blocks.setdefault(current, []).extend(lines)
    result: dict[str, tuple[str, str]] = {}
    for lang, block in blocks.items():
        while block and not block[0].strip():
            block = block[1:]
        title = ""
        if block and block[0].startswith("# "):
            title, block = block[0][2:].strip(), block[1:]
        text = "\n".join(block).strip()
        result[lang] = (title, text)
    return result, problems


def _known_item_field(name: str) -> bool:
    base, _sep, lang = name.partition(":")
    if lang:
        return base in ORG_LANG_COLUMNS
    return name in ITEM_COLUMNS or name in ORG_COLUMNS or name in LIST_COLUMNS


def item_files(folder: Path, *, partners: bool = False) -> list[Path]:
    """The items' files (or, ``partners``, the partners' files: in the folder
    :data:`PARTNERS`), in the order of their names."""
    files = []
    for path in sorted(folder.rglob("*.md"), key=lambda p: p.relative_to(folder).parts):
        relative = path.relative_to(folder)
        if relative == Path(PACK_FILE) or any(part.startswith(".") for part in relative.parts):
            continue
        if (len(relative.parts) > 1 and relative.parts[0] == PARTNERS) != partners:
            continue
        files.append(path)
        if len(files) > MAX_FILES:
            raise PackError(_("the folder holds more than {count} files.").format(count=MAX_FILES),
                            source=folder.name)
    return files


def read_folder(folder: Path) -> SheetResult:
    """Read a pack folder; every problem named by file and field."""
    folder = Path(folder)
    problems: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    names: dict[int, str] = {}  # row -> file

    def add(name: str, cells: list[str]) -> int:
        number = len(rows) + 1
        rows.append((number, cells))
        names[number] = name
        return number

    pack_file = folder / PACK_FILE
    if not pack_file.is_file():
        return SheetResult(None, [_("the folder has no {file} (the pack's fields: pack_id, country, "
                                    "publisher_id ...).").format(file=PACK_FILE)])
    try:
        fields, _body = parse_file(_read_text(pack_file))
    except _FileProblem as exc:
        return SheetResult(None, [_("{file}: {problem}").format(file=PACK_FILE, problem=exc.message)])
    for _line, name, value in fields:
        add(PACK_FILE, [name, value])
    add(PACK_FILE, [])

    items: list[tuple[str, dict[str, str]]] = []
    languages: set[str] = set()
    ids: dict[str, str] = {}
    files = item_files(folder)
    if not files:
        return SheetResult(None, [_("the folder has no items: one .md file per item, beside {file}.")
                                  .format(file=PACK_FILE)])
    for path, relative, fields, body in _parsed(folder, files, problems):
        values: dict[str, str] = {}
        bad = False
        for _line, name, value in fields:
            if not _known_item_field(name):
                problems.append(_("{file}: “{field}” is not an item field; the fields are described in "
                                  "docs/country-packs.md.").format(file=relative, field=name))
                bad = True
            elif name.partition(":")[2] and not LANGUAGE.match(name.partition(":")[2]):
                problems.append(_("{file}, field “{field}”: {problem}").format(
                    file=relative, field=name, problem=_("“{lang}” is not a language code (en, fr, ar, "
                                                         "fa_AF ...).").format(lang=name.partition(":")[2])))
                bad = True
            else:
                values[name] = value
        blocks, block_problems = _blocks(body, values.get("source_language", "") or "?")
        for message in block_problems:
            problems.append(_("{file}: {problem}").format(file=relative, problem=message))
        bad = bad or bool(block_problems)
        folder_name = path.relative_to(folder).parts[0] if len(path.relative_to(folder).parts) > 1 else ""
        section = values.get("section", "").lower()
        if folder_name in SECTIONS and section and section != folder_name:
            problems.append(_("{file}: the file is in the folder “{folder}” but its section is “{section}”; "
                              "move the file or correct the section.").format(
                file=relative, folder=folder_name, section=section))
            bad = True
        item_id = values.get("item", "")
        if item_id and item_id in ids:
            problems.append(_("{file}: the id “{id}” is already used in {first}.").format(
                file=relative, id=item_id, first=ids[item_id]))
            bad = True
        ids.setdefault(item_id, relative)
        if bad:
            continue
        for lang, (title, text) in blocks.items():
            if lang == "?":
                continue
            if title:
                values[f"title:{lang}"] = title
            if text:
                values[f"text:{lang}"] = text
            languages.add(lang)
        languages.update(name.partition(":")[2] for name in values if ":" in name)
        items.append((relative, values))

    header = header_for(sorted(languages))
    add(PACK_FILE, header)
    for relative, values in items:
        add(relative, [values.get(name, "") for name in header])
    partners = _partner_rows(folder, problems)
    if partners:
        add(PACK_FILE, [])
        add(PACK_FILE, list(PARTNER_COLUMNS))
        for relative, cells in partners:
            add(relative, cells)
    result = rows_to_pack(rows, folder.name, lambda row, column: names.get(row, PACK_FILE))
    if problems:
        return SheetResult(result.pack, problems + result.problems, result.rows)
    return result


def _parsed(folder: Path, paths: list[Path], problems: list[str]):
    """Each file of ``paths`` read and parsed: (path, its name in the folder, fields, body);
    a file that cannot be is a problem and is left out."""
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        try:
            fields, body = parse_file(_read_text(path))
        except _FileProblem as exc:
            problems.append(_("{file}: {problem}").format(file=relative, problem=exc.message))
            continue
        yield path, relative, fields, body


def _partner_rows(folder: Path, problems: list[str]) -> list[tuple[str, list[str]]]:
    """The partners' files as rows of the partner table (file, cells); a file that cannot
    be read, a field that is not a partner's or text below the fields is a problem."""
    rows: list[tuple[str, list[str]]] = []
    for _path, relative, fields, body in _parsed(folder, item_files(folder, partners=True),
                                                 problems):
        unknown = [name for _line, name, _value in fields if name not in PARTNER_COLUMNS]
        for name in unknown:
            problems.append(_("{file}: “{field}” is not a partner's field; the fields are: "
                              "{names}.").format(file=relative, field=name,
                                                 names=", ".join(PARTNER_COLUMNS)))
        if any(line.strip() and not line.lstrip().startswith("<!--") for line in body):
            problems.append(_("{file}: a partner's file holds only its fields (between the two "
                              "lines “---”); write the referral procedure in the field "
                              "“procedure”.").format(file=relative))
            continue
        if unknown:
            continue
        values = {name: value for _line, name, value in fields}
        rows.append((relative, [values.get(name, "") for name in PARTNER_COLUMNS]))
    return rows


# ----------------------------------------------------------------------------- a new edition

def bump_folder(folder: Path, *, today: _dt.date | None = None) -> tuple[int, str]:
    """Raise the pack's version by one and set ``issued`` to today, in ``pack.md``."""
    folder = Path(folder)
    path = folder / PACK_FILE
    result = read_folder(folder)
    if result.pack is None:
        raise PackError("; ".join(result.problems), source=folder.name)
    version = int(result.pack.get("version", 1)) + 1
    issued = (today or _dt.date.today()).isoformat()
    try:
        lines = _read_text(path).split("\n")
    except _FileProblem as exc:
        raise PackError(exc.message, source=PACK_FILE) from None
    wanted = {"version": str(version), "issued": issued}
    closing = next(i for i, line in enumerate(lines) if i and line.strip() == FENCE)
    for index in range(1, closing):
        match = FIELD.match(lines[index])
        if match and match.group(1) in wanted:
            lines[index] = f"{match.group(1)}: {wanted.pop(match.group(1))}"
    for name, value in wanted.items():
        lines.insert(closing, f"{name}: {value}")
        closing += 1
    write_atomically(path, "\n".join(lines), private=False)
    return version, issued


def load_source(path: Path) -> SheetResult:
    """A pack folder, a sheet (.xlsx/.csv) or a pack file (.json), read for checking or signing."""
    from country_info.publish import load_pack_source

    path = Path(path)
    return read_folder(path) if path.is_dir() else load_pack_source(path)

