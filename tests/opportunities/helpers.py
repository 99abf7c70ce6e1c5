"""Builders of partners' files, awkward ones included, for the opportunities tests."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

HEADER = ["kind", "title_en", "title_fr", "country", "region", "town", "sector_isco",
          "education_min_isced", "languages", "provider_name", "provider_reference",
          "application_deadline", "source", "source_date"]


def row(ref: str, **values) -> dict:
    base = {
        "kind": "training", "title_en": "Welding course", "title_fr": "Formation en soudure",
        "country": "SN", "region": "SN-TH", "town": "Thiès", "sector_isco": "72",
        "education_min_isced": "1", "languages": "fr", "provider_name": "Centre Étoile",
        "provider_reference": ref, "application_deadline": "2030-01-31",
        "source": "partner list", "source_date": "2026-10-01",
    }
    base.update(values)
    return base


def text_table(rows: list[dict], header: list[str] = HEADER, sep: str = ",") -> str:
    def quote(value: str) -> str:
        value = str(value)
        if any(ch in value for ch in (sep, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [sep.join(header)]
    lines += [sep.join(quote(r.get(h, "")) for h in header) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def write_text(path: Path, rows: list[dict], *, encoding: str = "utf-8", sep: str = ",",
               bom: bytes = b"", header: list[str] = HEADER) -> Path:
    path.write_bytes(bom + text_table(rows, header, sep).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list], header: list[str] = HEADER) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "opportunities"
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    workbook.save(path)
    return path


def set_cached_value(path: Path, cell: str, value: str) -> None:
    """Give the formula in ``cell`` a cached value, as Excel does when it saves."""
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = items[name].decode()
    xml, count = re.subn(
        rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/>',
        rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>', xml)
    assert count == 1, xml
    items[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items.items():
            target.writestr(item, data)


def to_shared_strings(path: Path, rich: dict[str, str] | None = None) -> None:
    """Rewrite an openpyxl workbook (inline strings) the way Excel stores text: in a
    shared-strings table. ``rich`` maps a text to the rich-text XML to store for it."""
    rich = rich or {}
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    table: list[str] = []

    def shared(match: re.Match) -> str:
        table.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(table) - 1}</v></c>'

    name = "xl/worksheets/sheet1.xml"
    xml = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
                 shared, items[name].decode())
    items[name] = xml.encode()
    sis = "".join(rich.get(t, f"<si><t>{t}</t></si>") for t in table)
    items["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{sis}</sst>').encode()
    types = items["[Content_Types].xml"].decode().replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    items["[Content_Types].xml"] = types.encode()
    rels = items["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>",
        '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    items["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items.items():
            target.writestr(item, data)


def drop_cell_references(path: Path) -> None:
    """Remove the ``r`` attribute of every cell (allowed by the standard, rare)."""
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    items[name] = re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", items[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items.items():
            target.writestr(item, data)
