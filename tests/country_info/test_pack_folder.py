"""A pack as a folder of Markdown files, as an office with a text editor writes it: one file
per item with its fields on top; checked file by file, signed, imported by a station; the
folder written back from the pack is the same folder."""

from __future__ import annotations

import json

import pytest

from counsel_app.cli import main
from country_info.library import sample_pack_files
from country_info.pack_folder import folder_files, read_folder, write_folder
from country_info.publish import read_pack_json, read_sheet, write_sheet

PASS = "correct horse battery staple"

PACK = """---
pack_id: kurdistan-desk-iq
country: IQ
publisher_id: kurdistan-desk
publisher_name: Return desk, Erbil office
version: 1
issued: 2026-11-30
sample: no
name:fr: Kurdistan : bureau de retour
---
"""

CLINIC = """---
section: health
item: health.erbil-clinic
region: IQ-AR
date: 2026-10
review: 2027-04
source_language: en
licence: CC BY 4.0
source_title: Visit report
source_publisher: Return desk, Erbil office
org_name:en: Erbil primary health centre
org_address:en: |
  Street 60
  Erbil
org_phone: +964 000 000 0000; +964 000 000 0001
---

# Primary health clinic, Erbil

Free consultations for returnees.

Bring your civil ID card.

--- fr ---

# Centre de santé primaire, Erbil

Consultations gratuites pour les personnes de retour.

--- ar ---

# مركز الرعاية الصحية الأولية، أربيل

استشارات مجانية للعائدين.
"""

OFFICE = """---
section: services
item: services.reception
date: 2026-11
source_language: fr
licence: CC BY 4.0
source_title: Fiche du bureau
source_publisher: Return desk, Erbil office
---

# Accueil à l'arrivée

Un agent vous attend à l'aéroport d'Erbil.
"""


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_PACK_PASSPHRASE", PASS)
    folder = tmp_path / "office"
    folder.mkdir()
    assert main(["packs", "keygen", "--publisher", "kurdistan-desk", "--name", "Return desk, Erbil office",
                 "--out", str(folder)]) == 0
    return folder


def _write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_an_office_publishes_a_folder_and_a_station_imports_it(office, tmp_path, capsys,
                                                              monkeypatch):
    fingerprint = json.loads((office / "kurdistan-desk.public-key.json").read_text("utf-8"))["fingerprint"]
    pack_dir = tmp_path / "iraq-pack"
    # the template folder shows where everything goes
    assert main(["packs", "template", "--out", str(pack_dir), "--country", "IQ", "--langs", "en,fr,ar"]) == 0
    capsys.readouterr()
    example = next(pack_dir.rglob("*example-office.md"))
    assert "--- fr ---" in example.read_text("utf-8") and (pack_dir / "pack.md").is_file()
    example.unlink()
    # mistakes first: each named by its file and field
    wrong = CLINIC.replace("date: 2026-10", "date: 2026-13").replace("region: IQ-AR", "region: GN-C")
    _write(pack_dir, {"pack.md": PACK, "health/01-health.erbil-clinic.md": wrong,
                      "health/02-reception.md": OFFICE.replace("item: services.reception", "item: services.desk"),
                      "services/01-services.reception.md": OFFICE.replace("licence: CC BY 4.0\n", "")})
    assert main(["packs", "check", str(pack_dir)]) == 1
    err = capsys.readouterr().err
    assert "health/01-health.erbil-clinic.md, field “date”: “2026-13” is not a date" in err
    assert "health/01-health.erbil-clinic.md, field “region”: “GN-C” is not a region of IQ" in err
    assert ("health/02-reception.md: the file is in the folder “health” but its section is “services”"
            in err)
    assert "services/01-services.reception.md, field “licence”: this must not be empty." in err
    assert "4 problems in iraq-pack." in err
    # corrected
    (pack_dir / "health" / "02-reception.md").unlink()
    _write(pack_dir, {"health/01-health.erbil-clinic.md": CLINIC, "services/01-services.reception.md": OFFICE})
    assert main(["packs", "check", str(pack_dir)]) == 0
    assert "no problems; pack kurdistan-desk-iq version 1 for IQ, 2 items" in capsys.readouterr().out
    pack = read_folder(pack_dir).pack
    clinic = pack["sections"]["health"]["items"][0]
    assert clinic["text"]["en"] == "Free consultations for returnees.\n\nBring your civil ID card."
    assert clinic["organisation"]["address"]["en"] == "Street 60\nErbil"
    assert clinic["organisation"]["phone"] == ["+964 000 000 0000", "+964 000 000 0001"]
    assert pack["names"] == {"fr": "Kurdistan : bureau de retour"}

    signed = tmp_path / "kurdistan-desk-iq.pack.json"
    private = office / "kurdistan-desk.private-key.pem"
    assert main(["packs", "sign", str(pack_dir), "--key", str(private), "--out", str(signed)]) == 0
    capsys.readouterr()
    # the station trusts the key (fingerprint read over the phone) and imports
    public = office / "kurdistan-desk.public-key.json"
    # (a station that is set up: trusting a key needs its administrator's sign-in)
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", "station administrator password")
    assert main(["user", "init", "chief"]) == 0
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", "station administrator password")
    assert main(["packs", "trust", str(public), "--fingerprint", fingerprint]) == 0
    assert main(["packs", "import", str(signed)]) == 0
    assert "verified pack kurdistan-desk-iq for IQ (2 items)" in capsys.readouterr().out
    assert main(["packs", "show", "IQ", "--lang", "fr", "--section", "services"]) == 0
    assert "Un agent vous attend" in capsys.readouterr().out

    # a new edition: pack.md's version and date, the rest of the file untouched
    assert main(["packs", "bump", str(pack_dir)]) == 0
    assert "version 2" in capsys.readouterr().out
    text = (pack_dir / "pack.md").read_text("utf-8")
    assert "version: 2" in text and "name:fr: Kurdistan : bureau de retour" in text
    second = tmp_path / "second.pack.json"
    assert main(["packs", "sign", str(pack_dir), "--key", str(private), "--out", str(second)]) == 0
    assert main(["packs", "import", str(second)]) == 0

    # folder -> pack -> folder: the same pack; written again from the pack, the same files
    again = tmp_path / "again"
    assert main(["packs", "to-folder", str(second), "--out", str(again)]) == 0
    assert read_folder(again).pack == read_folder(pack_dir).pack
    third = tmp_path / "third"
    assert main(["packs", "to-folder", str(second), "--out", str(third)]) == 0
    assert {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()} == \
        {p.relative_to(third): p.read_bytes() for p in third.rglob("*") if p.is_file()}
    assert main(["packs", "sign", str(again), "--key", str(private), "--out", str(tmp_path / "3.pack.json")]) == 0
    assert json.loads((tmp_path / "3.pack.json").read_text("utf-8")) == json.loads(second.read_text("utf-8"))
    # a folder that is not empty is never written into
    assert main(["packs", "to-folder", str(second), "--out", str(again)]) == 2
    assert "not a new or empty folder" in capsys.readouterr().err


def test_every_sample_pack_survives_a_round_trip_through_a_folder(tmp_path):
    for n, path in enumerate(sample_pack_files()):
        pack = read_pack_json(path)
        folder = write_folder(pack, tmp_path / f"p{n}")
        result = read_folder(folder)
        assert result.problems == [] and result.pack == pack
        assert folder_files(result.pack) == {p.relative_to(folder).as_posix(): p.read_text("utf-8")
                                             for p in folder.rglob("*.md")}


def test_a_sheet_becomes_a_folder_and_back(tmp_path, capsys):
    import gzip

    from country_info.library import BASE_DIR

    pack = json.loads(gzip.decompress((BASE_DIR / "IQ.json.gz").read_bytes()))
    pack["kind"] = "curated"
    pack["sections"] = {k: v for k, v in pack["sections"].items() if v["items"]}
    sheet = write_sheet(pack, tmp_path / "iq.xlsx")
    assert main(["packs", "to-folder", str(sheet), "--out", str(tmp_path / "iq")]) == 0
    assert main(["packs", "to-sheet", str(tmp_path / "iq"), "--out", str(tmp_path / "back.csv")]) == 0
    assert read_sheet(tmp_path / "back.csv").pack == pack


def test_broken_files_are_named_and_nothing_is_signed(office, tmp_path, capsys):
    pack_dir = tmp_path / "p"
    _write(pack_dir, {"pack.md": PACK, "a.md": "# no fields\n", "b.md": CLINIC.replace("item:", "itme:"),
                      "c.md": "---\nsection: health\n", "d.md": CLINIC.replace("--- fr ---", "--- french! ---"), "f.md": CLINIC})
    (pack_dir / "e.md").write_bytes(b"---\nsection: \xff\n---\n")
    capsys.readouterr()
    assert main(["packs", "check", str(pack_dir)]) == 1
    err = capsys.readouterr().err
    assert "a.md: the file does not start with its fields" in err
    assert "b.md: “itme” is not an item field" in err
    assert "c.md: the fields at the top are not closed" in err
    assert "d.md: “french!” is not a language code" in err
    assert "e.md: the file is not UTF-8 text" in err
    assert "f.md: the id “health.erbil-clinic” is already used in d.md." in err
    assert "Traceback" not in err
    out = tmp_path / "x.pack.json"
    assert main(["packs", "sign", str(pack_dir), "--key", str(office / "kurdistan-desk.private-key.pem"),
                 "--out", str(out)]) == 1
    assert not out.exists()
    assert main(["packs", "check", str(tmp_path)]) == 2
    assert "has no pack.md" in capsys.readouterr().err


def test_one_item_and_one_problem_are_counted_in_the_singular(tmp_path, capsys):
    """``packs check`` and ``packs to-sheet`` say "1 item" and "1 problem", never "1 items"."""
    pack_dir = tmp_path / "iraq-pack"
    _write(pack_dir, {"pack.md": PACK,
                      "health/01-health.erbil-clinic.md": CLINIC.replace("date: 2026-10",
                                                                         "date: 2026-13")})
    assert main(["packs", "check", str(pack_dir)]) == 1
    assert "1 problem in iraq-pack.\n" in capsys.readouterr().err
    _write(pack_dir, {"health/01-health.erbil-clinic.md": CLINIC})
    assert main(["packs", "check", str(pack_dir)]) == 0
    assert capsys.readouterr().out.endswith(
        "no problems; pack kurdistan-desk-iq version 1 for IQ, 1 item.\n")
    sheet = tmp_path / "iraq.xlsx"
    assert main(["packs", "to-sheet", str(pack_dir), "--out", str(sheet)]) == 0
    assert f"Wrote {sheet} (1 item).\n" in capsys.readouterr().out
    assert main(["--lang", "fr", "packs", "check", str(pack_dir)]) == 0
    assert capsys.readouterr().out.endswith("1 élément.\n")
