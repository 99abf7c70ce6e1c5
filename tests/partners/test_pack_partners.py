"""Partners published in a signed country pack go into the partner directory as "from pack
X, publisher Y", marked sample when the pack is; a partner entered or imported here is
never overwritten; a new edition of the pack updates its own partners."""

from __future__ import annotations

import copy
import json

import pytest
from country_info import PackError
from country_info.library import Library, sample_pack_files
from country_info.signing import generate_key, sign_pack, trust_key_file

from counsel_app.partners.service import PartnerDirectory
from counsel_app.services.country_packs import import_pack
from tests.country_info.conftest import mini_base, pack_envelope, samples  # noqa: F401
from tests.security.test_trust_store import as_user, events, publisher, run, station  # noqa: F401

PARTNERS = [
    {"name": "Conakry Tailors' Cooperative", "type": "employer", "region": "GN-C",
     "town": "Conakry", "services": ["apprenticeships", "sewing work"],
     "languages": ["fr", "sus"], "contact": "+224 600 00 00 00", "hours": "Mon-Sat 8-18",
     "procedure": "Call first."},
    {"name": "Local NGO", "type": "ngo", "services": ["counselling"]},
    {"name": "Far away", "type": "ngo", "region": "Atlantis", "services": ["bread"]},
]


def test_pack_partners_join_the_directory_without_overwriting_local_ones(
        sqlite_ctx, tmp_path, mini_base, samples):  # noqa: F811
    ctx = sqlite_ctx
    directory = PartnerDirectory.for_context(ctx)
    local = tmp_path / "local.csv"
    local.write_text("name,type,country,services,source,source_date\n"
                     "Local NGO,ngo,GN,legal advice,our own list,2026-10-01\n", "utf-8")
    assert directory.import_file(local).inserted == 1

    pem, key = generate_key("ngo-test", "Test NGO")
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(key.as_record()), "utf-8")
    trust_key_file(key_file)
    pack = copy.deepcopy(pack_envelope(samples["GN"])["pack"])
    pack.update(pack_id="ngo-gn", sample=False, publisher={"id": "ngo-test", "name": "Test NGO"},
                partners=PARTNERS, version=1)
    path = tmp_path / "ngo.pack.json"
    path.write_text(json.dumps(sign_pack(pack, pem), ensure_ascii=False), "utf-8")
    library = Library(base_dir=mini_base, user_dir=tmp_path / "packs",
                      index_path=tmp_path / "index.sqlite")
    lines: list[str] = []
    import_pack(ctx, library, path, lines)
    text = "\n".join(lines)
    assert "partners of pack ngo-gn" in text
    assert "Kept as they are in the directory" in text and "Local NGO" in text
    assert "Row 3, column region: “Atlantis” is not a region of GN" in text

    found = {p.name: p for p in directory.search(country="GN")}
    coop = found["Conakry Tailors' Cooperative"]
    assert coop.source == "pack ngo-gn edition 1, publisher Test NGO"
    assert coop.region == "GN-C" and coop.services == ["apprenticeships", "sewing work"]
    assert not coop.is_sample
    assert found["Local NGO"].source == "our own list"  # not overwritten
    assert found["Local NGO"].services == ["legal advice"]

    # a partner of an unknown type: the pack as a whole is refused by its schema
    bad = copy.deepcopy(pack)
    bad["partners"] = [{"name": "Bakery", "type": "bakery", "services": ["bread"]}]
    path.write_text(json.dumps(sign_pack(bad, pem), ensure_ascii=False), "utf-8")
    with pytest.raises(PackError, match=r"\$\.partners\[0\]\.type"):
        import_pack(ctx, library, path, [])

    # the next edition updates its own partner
    pack.update(version=2, partners=[{**PARTNERS[0], "hours": "Mon-Fri 9-17"}])
    path.write_text(json.dumps(sign_pack(pack, pem), ensure_ascii=False), "utf-8")
    import_pack(ctx, library, path, [])
    coop = {p.name: p for p in directory.search(country="GN")}["Conakry Tailors' Cooperative"]
    assert coop.hours == "Mon-Fri 9-17"
    assert coop.source == "pack ngo-gn edition 2, publisher Test NGO"
    library.close()


def test_a_sample_pack_brings_sample_partners(sqlite_ctx, tmp_path, mini_base):  # noqa: F811
    from country_info.model import Pack, Publisher

    from counsel_app.partners.packs import import_pack_partners

    pack = Pack(pack_id="sample-gn", country="GN", kind="curated", sample=True,
                publisher=Publisher("sample", "Sample publisher"), sections={},
                issued="2026-11-01", partners=[PARTNERS[1]])
    report = import_pack_partners(sqlite_ctx.db, pack)
    assert report.inserted == 1
    [partner] = PartnerDirectory(sqlite_ctx.db).search(country="GN")
    assert partner.is_sample and partner.source_date.isoformat() == "2026-11-01"


COUNTRY = pack_envelope(sample_pack_files()[0])["pack"]["country"]


def _partner_pack(tmp_path, pem):
    pack = copy.deepcopy(pack_envelope(sample_pack_files()[0])["pack"])
    pack.update(pack_id="ngo-gn", sample=False, publisher={"id": "ngo-test", "name": "Test NGO"},
                partners=[{k: v for k, v in PARTNERS[0].items() if k != "region"},
                          PARTNERS[1]], version=1)
    path = tmp_path / "ngo-partners.pack.json"
    path.write_text(json.dumps(sign_pack(pack, pem), ensure_ascii=False), "utf-8")
    return path


def test_packs_import_brings_partners_with_the_same_permission_and_audit(
        station, tmp_path, capsys, monkeypatch):  # noqa: F811
    """The command line: a supervisor may not import the pack, so no partner of it either;
    a counsellor's import puts its partners in the directory, says so, and the audit trail
    has the pack and its partners."""
    pem, key_file = publisher(tmp_path)
    as_user(monkeypatch, "chief")
    assert run(capsys, "--db", str(station), "packs", "trust", str(key_file))[0] == 0
    path = _partner_pack(tmp_path, pem)
    as_user(monkeypatch, "sam")
    code, _out, err = run(capsys, "--db", str(station), "packs", "import", str(path))
    assert code == 1 and "does not allow you to import" in err
    as_user(monkeypatch, "cora")
    assert "Local NGO" not in run(capsys, "--db", str(station), "partners", "list",
                                  "--country", COUNTRY)[1]
    code, out, err = run(capsys, "--db", str(station), "packs", "import", str(path))
    assert code == 0, err
    assert "Imported" in out and "partners of pack ngo-gn: 2 new" in out, out
    listing = run(capsys, "--db", str(station), "partners", "list", "--country", COUNTRY)[1]
    assert "Conakry Tailors' Cooperative" in listing and "Local NGO" in listing
    assert events(station, "partners.import") == ["pack ngo-gn: +2 ~0 -0"]
    assert any("ngo-gn" in e for e in events(station, "import"))


def test_a_station_not_set_up_takes_a_packs_partners_too(tmp_path, capsys):
    pem, key_file = publisher(tmp_path)
    db_file = tmp_path / "fresh.sqlite"
    assert run(capsys, "--db", str(db_file), "packs", "trust", str(key_file))[0] == 1  # no admin
    trust_key_file(key_file)  # as the bundled keys are on such a station
    code, out, err = run(capsys, "--db", str(db_file), "packs", "import",
                         str(_partner_pack(tmp_path, pem)))
    assert code == 0, err
    assert "partners of pack ngo-gn" in out
    assert "Conakry Tailors' Cooperative" in run(
        capsys, "--db", str(db_file), "partners", "list", "--country", COUNTRY)[1]


PACK_MD = """---
pack_id: gn-desk
country: GN
publisher_id: ngo-test
publisher_name: Test NGO
version: 1
issued: 2026-11-30
sample: yes
---
"""

ITEM_MD = """---
section: services
item: services.reception
date: 2026-11
source_language: fr
licence: CC BY 4.0
source_title: Fiche du bureau
source_publisher: Test NGO
---

# Accueil à l'arrivée

Un agent vous attend à l'aéroport.
"""

COOP_MD = """---
partner: Conakry Tailors' Cooperative
type: employer
region: GN-C
town: Conakry
services: apprenticeships; sewing work
languages: fr; sus
contact: +224 600 00 00 00
hours: Mon-Sat 8-18
procedure: |
  Call first.
  Bring the referral letter.
---
"""


def test_partners_in_a_markdown_pack_and_a_sheet_reach_the_directory(
        sqlite_ctx, tmp_path, mini_base):  # noqa: F811
    """An office writes its partners as files of a Markdown pack folder (``partners/``) or
    as the partner table of a pack sheet; the signed pack brings them into the directory
    like a JSON pack's, marked sample when the pack is; a mistake is named by its file
    and field; the folder and the sheet written back from the pack carry them."""
    from country_info.pack_folder import read_folder, write_folder
    from country_info.publish import read_sheet, write_sheet

    folder = tmp_path / "gn-pack"
    for name, text in {"pack.md": PACK_MD, "services/01-reception.md": ITEM_MD,
                       "partners/01-coop.md": COOP_MD,
                       "partners/02-bakery.md": COOP_MD.replace("type: employer", "type: bakery")
                       .replace("Cooperative", "Bakery")}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    result = read_folder(folder)
    assert result.pack is None or not result.ok
    assert any(p.startswith("partners/02-bakery.md, field “type”: ") for p in result.problems)
    (folder / "partners" / "02-bakery.md").unlink()
    result = read_folder(folder)
    assert result.ok, result.problems
    pack = result.pack
    assert pack["partners"] == [{
        "name": "Conakry Tailors' Cooperative", "type": "employer", "region": "GN-C",
        "town": "Conakry", "services": ["apprenticeships", "sewing work"],
        "languages": ["fr", "sus"], "contact": "+224 600 00 00 00", "hours": "Mon-Sat 8-18",
        "procedure": "Call first.\nBring the referral letter."}]
    # the folder and the sheet written from the pack carry the partners back
    write_folder(pack, tmp_path / "again")
    assert read_folder(tmp_path / "again").pack == pack
    for sheet in (tmp_path / "gn.csv", tmp_path / "gn.xlsx"):
        write_sheet(pack, sheet)
        assert read_sheet(sheet).pack == pack

    # signed and imported by a station: in the directory, from the pack, marked sample
    pem, key = generate_key("ngo-test", "Test NGO")
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(key.as_record()), "utf-8")
    trust_key_file(key_file)
    path = tmp_path / "gn-desk.pack.json"
    path.write_text(json.dumps(sign_pack(pack, pem), ensure_ascii=False), "utf-8")
    library = Library(base_dir=mini_base, user_dir=tmp_path / "packs",
                      index_path=tmp_path / "index.sqlite")
    lines: list[str] = []
    import_pack(sqlite_ctx, library, path, lines)
    library.close()
    assert "partners of pack gn-desk" in "\n".join(lines)
    found = {p.name: p for p in PartnerDirectory.for_context(sqlite_ctx).search(country="GN")}
    coop = found["Conakry Tailors' Cooperative"]
    assert coop.source == "pack gn-desk edition 1, publisher Test NGO"
    assert coop.is_sample and coop.services == ["apprenticeships", "sewing work"]
    assert coop.procedure == "Call first.\nBring the referral letter."
