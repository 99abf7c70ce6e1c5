"""``counsel-app packs`` as a user runs it."""

from __future__ import annotations

import json

from counsel_app.cli import main
from country_info.library import sample_pack_files


def test_list_verify_import(capsys, tmp_path):
    assert main(["packs", "list"]) == 0
    out = capsys.readouterr().out
    assert "250 base packs bundled" in out and "No curated packs imported." in out
    sample = sample_pack_files()[0]
    assert main(["packs", "verify", str(sample)]) == 0
    assert "SAMPLE pack" in capsys.readouterr().out
    assert main(["packs", "import", str(sample)]) == 0
    assert main(["packs", "list"]) == 0
    assert "SAMPLE: sample-" in capsys.readouterr().out


def test_tampered_file_refused_in_one_line(capsys, tmp_path):
    env = json.loads(sample_pack_files()[0].read_text("utf-8"))
    env["pack"]["issued"] = "2026-11-01"
    bad = tmp_path / "bad.pack.json"
    bad.write_text(json.dumps(env), "utf-8")
    assert main(["packs", "import", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "changed after it was signed" in err
    assert main(["packs", "list"]) == 0
    assert "No curated packs imported." in capsys.readouterr().out


def test_unsigned_with_developer_flag(capsys, tmp_path):
    env = json.loads(sample_pack_files()[0].read_text("utf-8"))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(env["pack"]), "utf-8")
    assert main(["packs", "import", str(bare)]) == 1
    assert "not signed" in capsys.readouterr().err
    assert main(["packs", "import", "--allow-unsigned", str(bare)]) == 0
    assert "UNVERIFIED" in capsys.readouterr().out


def test_wrong_arguments_exit_2(capsys):
    assert main(["packs", "verify", "/no/such/file"]) == 2
    assert main(["packs"]) == 2
    assert main(["packs", "search", "x", "--limit", "0"]) == 2


def test_build_without_pinned_versions_is_a_clear_error(capsys, tmp_path, monkeypatch):
    import country_info.build as build

    monkeypatch.setitem(build.PINNED, "babel", "0.0.1")
    assert main(["packs", "build", "--out", str(tmp_path), "--only", "GN"]) == 1
    assert "pinned" in capsys.readouterr().err
    assert not (tmp_path / "GN.json.gz").exists()


def test_show_a_country_in_french(capsys):
    assert main(["packs", "show", "gn", "--lang", "fr", "--section", "labour"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Guinée (GN)")
    assert "5,3\xa0% (estimation 2024)" in out and "The World Factbook" in out  # figures for a French reader
    assert "growing but primarily agrarian" in out  # prose stays English...
    assert "anglais" in out  # ...and says so
    assert main(["packs", "show", "ZZ"]) == 2
    assert main(["packs", "show", "GN", "--section", "weather"]) == 2


def test_show_in_a_document_language_and_each_date_once(capsys):
    # Dari is a document language: a pack reads in it although the interface has no Dari
    assert main(["packs", "show", "IQ", "--lang", "fa_AF", "--section", "general"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("عراق (IQ)")
    source_lines = [line for line in out.splitlines() if line.startswith("  — ")]
    assert source_lines
    for line in source_lines:  # the source's date is not repeated after it
        parts = line[4:].split("; ")
        assert len(parts) == len(set(parts)), line
        assert not any(p and line.count(p) > 1 for p in parts[1:]), line
    cldr = next(line for line in source_lines if "CLDR" in line)
    assert cldr.count("2025") == 1, cldr


def test_an_unknown_language_is_refused_before_or_after_the_command(capsys):
    assert main(["--lang", "de", "packs", "list"]) == 2
    assert "unknown interface language “de”" in capsys.readouterr().err
    assert main(["packs", "list", "--lang", "de"]) == 2
    assert "packs cannot be read in “de”" in capsys.readouterr().err
    assert main(["packs", "show", "GN", "--lang", "xx"]) == 2
    assert "packs cannot be read in “xx”" in capsys.readouterr().err
