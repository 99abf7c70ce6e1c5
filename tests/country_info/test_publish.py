"""The publisher's toolkit as a country office uses it: a key, a spreadsheet, checked row
by row, signed, versioned; the station trusts the key (fingerprint checked) and imports."""

from __future__ import annotations

import json
import stat

import pytest
from openpyxl import load_workbook

from counsel_app.cli import main
from country_info.library import sample_pack_files
from country_info.publish import read_pack_json, read_sheet, write_sheet

PASS = "correct horse battery staple"


@pytest.fixture
def office(tmp_path, monkeypatch):
    folder = tmp_path / "office"
    folder.mkdir()
    monkeypatch.setenv("COUNSEL_APP_PACK_PASSPHRASE", PASS)
    return folder


def _fill(path, rows_after_header):
    """Type into the template as an office would: pack fields, then items under the header."""
    book = load_workbook(path)
    sheet = book["Pack"]
    header_row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "section")
    header = [c.value for c in sheet[header_row]]
    values = {"pack_id": "kurdistan-desk-iq", "publisher_id": "kurdistan-desk",
              "publisher_name": "Return desk, Erbil office", "country": "IQ", "issued": "2026-11-30"}
    for row in sheet.iter_rows(max_row=header_row - 1):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    sheet.delete_rows(header_row + 1)  # the example row
    for n, cells in enumerate(rows_after_header, start=header_row + 1):
        for name, value in cells.items():
            sheet.cell(row=n, column=header.index(name) + 1, value=value)
    book.save(path)


CLINIC = {"section": "health", "item": "health.erbil-clinic", "region": "IQ-AR", "date": "2026-10",
          "review": "2027-04", "source_language": "en", "licence": "CC BY 4.0",
          "source_title": "Visit report", "source_publisher": "Return desk, Erbil office",
          "title:en": "Primary health clinic, Erbil", "text:en": "Free consultations for returnees.",
          "title:fr": "Centre de santé primaire, Erbil", "text:fr": "Consultations gratuites pour les personnes de retour.",
          "title:ar": "مركز الرعاية الصحية الأولية، أربيل", "text:ar": "استشارات مجانية للعائدين.",
          "org_name:en": "Erbil primary health centre", "org_phone": "+964 000 000 0000"}
OFFICE = {"section": "services", "item": "services.reception", "date": "2026-11",
          "source_language": "fr", "licence": "CC BY 4.0", "source_title": "Fiche du bureau",
          "source_publisher": "Return desk, Erbil office",
          "title:fr": "Accueil à l'arrivée", "text:fr": "Un agent vous attend à l'aéroport d'Erbil."}


def test_an_office_publishes_and_a_station_imports(office, tmp_path, capsys, monkeypatch):
    # 1. the office makes its key pair once
    assert main(["packs", "keygen", "--publisher", "kurdistan-desk", "--name", "Return desk, Erbil office",
                 "--out", str(office)]) == 0
    out = capsys.readouterr().out
    fingerprint = out.split("Fingerprint: ")[1].strip()
    assert len(fingerprint.replace(" ", "")) == 32
    private = office / "kurdistan-desk.private-key.pem"
    public = office / "kurdistan-desk.public-key.json"
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes()  # the passphrase protects it
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    # 2. fills the template, with mistakes first
    sheet = office / "iraq.xlsx"
    assert main(["packs", "template", "--out", str(sheet), "--country", "IQ", "--langs", "en,fr,ar"]) == 0
    capsys.readouterr()
    wrong = dict(CLINIC, section="wealth", date="2026-13", region="GN-C")
    _fill(sheet, [wrong, dict(OFFICE, item="services.reception")])
    assert main(["packs", "check", str(sheet)]) == 1
    err = capsys.readouterr().err
    header_row = next(r[0].row for r in load_workbook(sheet)["Pack"].iter_rows() if r[0].value == "section")
    row = header_row + 1
    assert f"row {row}, column “section”: “wealth” is not a section" in err
    assert f"row {row}, column “date”: “2026-13” is not a date" in err
    assert f"row {row}, column “region”: “GN-C” is not a region of IQ" in err
    assert "3 problems in iraq.xlsx." in err
    _fill(sheet, [CLINIC, OFFICE])
    assert main(["packs", "check", str(sheet)]) == 0
    assert "no problems; pack kurdistan-desk-iq version 1 for IQ, 2 items" in capsys.readouterr().out
    # 3. signs it (the passphrase opens the key; a wrong one does not)
    signed = office / "kurdistan-desk-iq.pack.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNSEL_APP_PACK_PASSPHRASE", "not the passphrase")
        assert main(["packs", "sign", str(sheet), "--key", str(private), "--out", str(signed)]) == 1
        assert "passphrase does not open" in capsys.readouterr().err
    assert not signed.exists()
    assert main(["packs", "sign", str(sheet), "--key", str(private), "--out", str(signed)]) == 0
    assert fingerprint in capsys.readouterr().out
    # 4. exports the public key: the record, its fingerprint as text, a QR code
    export = tmp_path / "export"
    export.mkdir()
    assert main(["packs", "export-key", str(public), "--out", str(export)]) == 0
    capsys.readouterr()
    texts = list(export.glob("*.fingerprint.txt"))
    assert texts and fingerprint in texts[0].read_text("utf-8")
    assert list(export.glob("*.qr.png"))[0].read_bytes().startswith(b"\x89PNG")
    key_file = list(export.glob("*.public-key.json"))[0]

    # the station (set up: trusting a key needs its administrator's sign-in): an untrusted
    # publisher is refused; a wrong fingerprint trusts nothing
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", "station administrator password")
    assert main(["user", "init", "chief"]) == 0
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", "station administrator password")
    assert main(["packs", "import", str(signed)]) == 1
    assert "does not trust" in capsys.readouterr().err
    assert main(["packs", "trust", str(key_file), "--fingerprint", "0000 1111"]) == 1
    assert "not the one given" in capsys.readouterr().err
    assert main(["packs", "import", str(signed)]) == 1
    capsys.readouterr()
    assert main(["packs", "trust", str(key_file), "--fingerprint", fingerprint.lower()]) == 0
    assert main(["packs", "import", str(signed)]) == 0
    assert "verified pack kurdistan-desk-iq for IQ (2 items)" in capsys.readouterr().out
    assert main(["packs", "show", "IQ", "--lang", "fr", "--section", "health"]) == 0
    shown = capsys.readouterr().out
    assert "Centre de santé primaire, Erbil" in shown and "Consultations gratuites" in shown

    # a new edition: bump, sign, import; the older edition can no longer replace it
    assert main(["packs", "bump", str(sheet)]) == 0
    assert "version 2" in capsys.readouterr().out
    second = office / "kurdistan-desk-iq-2.pack.json"
    assert main(["packs", "sign", str(sheet), "--key", str(private), "--out", str(second)]) == 0
    assert main(["packs", "import", str(second)]) == 0
    capsys.readouterr()
    assert main(["packs", "import", str(signed)]) == 1
    assert "version 2 is already imported" in capsys.readouterr().err

    # round trip: the signed pack written back as a sheet signs to the very same pack
    again = office / "again.csv"
    assert main(["packs", "to-sheet", str(second), "--out", str(again)]) == 0
    third = office / "again.pack.json"
    assert main(["packs", "sign", str(again), "--key", str(private), "--out", str(third)]) == 0
    assert json.loads(third.read_text("utf-8")) == json.loads(second.read_text("utf-8"))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_every_sample_pack_survives_a_round_trip_through_a_sheet(tmp_path, suffix):
    for path in sample_pack_files():
        pack = read_pack_json(path)
        sheet = write_sheet(pack, tmp_path / f"{path.stem}{suffix}")
        result = read_sheet(sheet)
        assert result.problems == [] and result.pack == pack


def test_cells_a_spreadsheet_would_run_are_kept_as_text(tmp_path):
    pack = read_pack_json(sample_pack_files()[0])
    item = next(iter(pack["sections"].values()))["items"][0]
    item["text"][item["source_language"]] = "=HYPERLINK(\"http://x\")"
    for suffix in (".csv", ".xlsx"):
        sheet = write_sheet(pack, tmp_path / f"p{suffix}")
        if suffix == ".csv":
            assert "'=HYPERLINK" in sheet.read_text("utf-8-sig")
        else:
            cells = [c for row in load_workbook(sheet)["Pack"].iter_rows() for c in row]
            assert not any(c.data_type == "f" for c in cells)
        assert read_sheet(sheet).pack == pack


def test_a_key_is_never_overwritten_and_needs_a_real_passphrase(office, capsys):
    argv = ["packs", "keygen", "--publisher", "desk", "--name", "Desk", "--out", str(office)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNSEL_APP_PACK_PASSPHRASE", "short")
        assert main(argv) == 1
        assert "at least 10 characters" in capsys.readouterr().err
    assert main(argv) == 0
    first = (office / "desk.private-key.pem").read_bytes()
    assert main(argv) == 1
    assert "never overwritten" in capsys.readouterr().err
    assert (office / "desk.private-key.pem").read_bytes() == first
    assert main(["packs", "keygen", "--publisher", "My Desk", "--name", "D", "--out", str(office)]) == 1


def test_the_shipped_template_is_the_one_the_command_writes(tmp_path):
    from counsel_app.paths import resources_dir
    from country_info.publish import write_template

    for suffix in (".xlsx", ".csv"):
        shipped = read_sheet(resources_dir() / "pack_template" / f"country-pack-template{suffix}")
        made = read_sheet(write_template(tmp_path / f"t{suffix}"))
        assert shipped.problems == [] and shipped.pack == made.pack


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_pack_in_seventeen_languages_survives_a_round_trip(tmp_path, suffix):
    """Iraq's base pack as a curated one: names and titles in every document language,
    multi-line texts, drafts and derived languages, quotes and commas in the prose."""
    import gzip

    from country_info.library import BASE_DIR

    pack = json.loads(gzip.decompress((BASE_DIR / "IQ.json.gz").read_bytes()))
    pack["kind"] = "curated"
    pack["sections"] = {k: v for k, v in pack["sections"].items() if v["items"]}  # empty: absent
    result = read_sheet(write_sheet(pack, tmp_path / f"iq{suffix}"))
    assert result.problems == [] and result.pack == pack
    assert len(pack["names"]) >= 17
