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
    assert cldr.count("۲۰۲۵") == 1 and "2025" not in cldr, cldr  # Dari digits, as its figures


def test_an_unknown_language_is_refused_before_or_after_the_command(capsys):
    assert main(["--lang", "de", "packs", "list"]) == 2
    assert "unknown interface language “de”" in capsys.readouterr().err
    assert main(["packs", "list", "--lang", "de"]) == 2
    assert "packs cannot be read in “de”" in capsys.readouterr().err
    assert main(["packs", "show", "GN", "--lang", "xx"]) == 2
    assert "packs cannot be read in “xx”" in capsys.readouterr().err


def test_handout_from_the_command_line_is_the_information_steps_document(capsys, tmp_path):
    from datetime import date

    from country_info import Library

    from counsel_app.documents.handout import country_handout
    from tests.documents.helpers import flat

    out = tmp_path / "iraq-fr.pdf"
    assert main(["packs", "handout", "iq", "--lang", "fr", "--topics", "health",
                 "--topics", "factbook.unemployment", "--out", str(out)]) == 0
    assert f"Wrote {out} (8 topics)." in capsys.readouterr().out
    text = flat(out.read_bytes())
    assert "Informations sur votre pays de retour" in text and "Irak" in text
    assert "Espérance de vie à la naissance" in text and "73,7 ans" in text  # French titles and figures
    assert "Taux de chômage" in text and "Produits agricoles" not in text  # only what was asked
    # the same document as the one the information step prints (one function for both)
    library = Library()
    keys = [e.key for e in library.get_country("IQ").section("health")] + ["base-iq:factbook.unemployment"]
    same = country_handout(library, "IQ", keys, "fr", printed_on=date.today())
    assert flat(same) == text


def test_a_handout_of_one_topic_says_1_topic(capsys, tmp_path):
    out = tmp_path / "iraq.pdf"
    assert main(["packs", "handout", "iq", "--lang", "en", "--topics", "factbook.unemployment",
                 "--out", str(out)]) == 0
    assert f"Wrote {out} (1 topic)." in capsys.readouterr().out
    assert main(["--lang", "fr", "packs", "handout", "iq", "--lang", "fr", "--topics",
                 "factbook.unemployment", "--out", str(out)]) == 0
    assert f"{out} écrit (1 sujet)." in capsys.readouterr().out


def test_handout_refuses_what_it_cannot_print_in_one_line(capsys, tmp_path):
    out = tmp_path / "h.pdf"
    for argv, words in (
        (["--lang", "fr", "--topics", "wealth"], "no topic “wealth” in the information for IQ"),
        (["--lang", "xx", "--topics", "health"], "cannot be printed in “xx”"),
        (["--lang", "fr", "--topics", "health", "--region", "GN-C"], "not a region of IQ"),
    ):
        assert main(["packs", "handout", "IQ", *argv, "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1
    assert main(["packs", "handout", "ZZ", "--lang", "fr", "--topics", "all", "--out", str(out)]) == 2
    assert main(["packs", "handout", "IQ", "--lang", "fr", "--topics", "all",
                 "--out", str(tmp_path / "no" / "h.pdf")]) == 2
    assert not out.exists()


def test_show_lists_the_keys_a_handout_takes(capsys):
    assert main(["packs", "show", "IQ", "--section", "health", "--keys"]) == 0
    assert "(base-iq:factbook.life-expectancy)" in capsys.readouterr().out


def test_reading_in_french_leaves_the_interface_language_alone(capsys):
    from counsel_app.i18n import interface_language

    before = interface_language()
    assert main(["packs", "show", "GN", "--lang", "fr", "--section", "labour"]) == 0
    assert main(["packs", "list", "--lang", "fr"]) == 0
    assert interface_language() == before


def test_search_without_a_country_answers_from_every_country(capsys):
    assert main(["packs", "search", "emploi", "--limit", "20"]) == 0
    out = capsys.readouterr().out
    assert "No results." not in out
    countries = {line.split()[0] for line in out.splitlines() if not line.startswith(" ")}
    assert len(countries) > 5  # the labour items of many countries
    assert main(["packs", "search", "emploi", "--near", "iq", "--limit", "20"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert lines[0].startswith("IQ  labour") and "Unemployment rate" in "".join(lines[:8])
    assert main(["packs", "search", "emploi", "--near", "IQ-ZZ"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "IQ-ZZ" in err
    assert main(["packs", "search", "emploi", "--country", "XX"]) == 2
    assert "unknown country code" in capsys.readouterr().err


def test_show_joins_the_source_notes_with_the_interface_languages_semicolon(capsys):
    """The source line holds commas of its own ("The World Factbook, Central Intelligence
    Agency (CIA), …"): the source, the date and the language note follow one another with
    the interface language's semicolon ("; ", " ; " in French)."""
    assert main(["packs", "show", "IQ", "--section", "health"]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  — ")]
    assert any(line.endswith("; information from 2024") for line in notes), notes
    assert main(["--lang", "fr", "packs", "show", "IQ", "--section", "health",
                 "--lang", "fr"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ").replace("\u202f", " ")
    notes = [line for line in out.splitlines() if line.startswith("  — ")]
    assert any(line.endswith(" ; informations de 2024") for line in notes), notes
