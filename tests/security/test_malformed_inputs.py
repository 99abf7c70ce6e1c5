"""Issue 17, second slice: damaged .xlsx parts and deeply nested JSON are refused in one
sentence naming the file, nothing is stored, never "Something went wrong". The fuzz tests
are bounded (fixed seeds, a few hundred inputs) so they run in CI."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
from pathlib import Path

import pytest

from counsel_app.cli import main
from counsel_app.errors import UserError
from counsel_app.opportunities.importer import check_file
from counsel_app.opportunities.service import sample_set_path
from country_info import jsonlimits

ADMIN_PW = "administrator password"
CRASH = "Something went wrong"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(tmp_path, monkeypatch, capsys):
    db_file = tmp_path / "c.sqlite"
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", ADMIN_PW)
    code, _out, err = run(capsys, "--db", str(db_file), "user", "init", "chief")
    assert code == 0, err
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", ADMIN_PW)
    return db_file


# -- .xlsx ------------------------------------------------------------------------------------

def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(sample_set_path("xlsx")) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _workbook(parts: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if data is not None:
                archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml",
                                  "xl/worksheets/sheet1.xml", "[Content_Types].xml"])
def test_a_damaged_part_is_refused_naming_the_file_and_the_part(
        station, capsys, tmp_path, part):
    parts = _parts()
    parts[part] = parts[part][: len(parts[part]) // 2]  # cut short, as a failed copy leaves it
    offers = tmp_path / "offers.xlsx"
    offers.write_bytes(_workbook(parts))
    code, out, err = run(capsys, "--db", str(station), "opportunities", "import", str(offers))
    assert code == 1 and CRASH not in err
    assert err.strip() == (f"offers.xlsx cannot be read: its part “{part}” is damaged "
                           "(not well-formed XML); nothing was imported.")
    code, out, err = run(capsys, "--db", str(station), "opportunities", "list")
    assert code == 0 and "SAMPLE" not in out  # nothing stored


MUTATIONS = {
    "cut": lambda data, rng: data[: rng.randrange(len(data) + 1)],
    "empty": lambda data, rng: b"",
    "garbage": lambda data, rng: rng.randbytes(rng.randrange(1, 400)),
    "flipped": lambda data, rng: bytes(b ^ (1 << rng.randrange(8)) if rng.random() < 0.02
                                       else b for b in data),
    "deep": lambda data, rng: b'<?xml version="1.0"?>' + b"<a>" * 20000 + b"</a>" * 20000,
    "not xml": lambda data, rng: b"\xff\xfe\x00garbage",
    "removed": lambda data, rng: None,
    "huge attribute": lambda data, rng: data.replace(b"<", b'<x a="' + b"A" * 200000 + b'"/><',
                                                     1),
}


def test_fuzz_xlsx_parts_never_crash(tmp_path):
    """Every part of a real workbook, damaged in every way above, with several seeds: the
    file is read or refused in one sentence naming it; nothing else ever escapes."""
    parts = _parts()
    path = tmp_path / "fuzzed.xlsx"
    refused = read = 0
    for seed in range(2):
        rng = random.Random(seed)
        for part in parts:
            for how, mutate in MUTATIONS.items():
                damaged = dict(parts)
                damaged[part] = mutate(parts[part], rng)
                path.write_bytes(_workbook(damaged))
                try:
                    check_file(path)
                    read += 1
                except UserError as exc:
                    refused += 1
                    message = str(exc)
                    assert "fuzzed.xlsx" in message and "\n" not in message, (part, how)
                except Exception as exc:  # noqa: BLE001 - what the test is looking for
                    pytest.fail(f"{part} {how} (seed {seed}): {type(exc).__name__}: {exc}")
    assert refused > 50 and read > 0
    # and the zip itself damaged
    whole = _workbook(parts)
    for cut in range(0, len(whole), max(1, len(whole) // 40)):
        path.write_bytes(whole[:cut])
        with pytest.raises(UserError, match="fuzzed.xlsx"):
            check_file(path)


# -- JSON nesting -------------------------------------------------------------------------------

def deep(levels: int, kind: str = "[") -> str:
    if kind == "[":
        return "[" * levels + "]" * levels
    return '{"a":' * levels + "1" + "}" * levels


@pytest.mark.parametrize("argv, expected", [
    (("packs", "verify", "{file}"),
     "deep.json: the JSON is nested more than 64 levels deep (line 1); nothing was read."),
    (("packs", "import", "{file}"),
     "deep.json: the JSON is nested more than 64 levels deep (line 1); nothing was read."),
    (("followup", "weights", "--set", "{file}"),
     "{file}: the JSON is nested more than 64 levels deep (line 1); nothing was read."),
    (("keys", "import", "{file}"), "{file} is not a valid station key file: it is not JSON"),
    (("packs", "trust", "{file}"),
     "{file}: the JSON is nested more than 64 levels deep (line 1); nothing was read."),
])
@pytest.mark.parametrize("kind", ["[", "{"])
def test_a_file_nested_a_thousand_levels_deep_is_refused_in_one_sentence(
        station, capsys, tmp_path, argv, expected, kind):
    file = tmp_path / "deep.json"
    file.write_text(deep(1000, kind), encoding="utf-8")
    argv = [a.format(file=file) for a in argv]
    code, _out, err = run(capsys, "--db", str(station), *argv)
    assert code in (1, 2) and CRASH not in err
    assert err.strip().startswith(expected.format(file=file)), err
    assert len(err.strip().splitlines()) == 1


def test_a_deep_backup_header_or_package_header_is_refused(station, capsys, tmp_path,
                                                           monkeypatch):
    from counsel_app.handover import container
    from counsel_app.security.backup import MAGIC

    header = deep(1000, "{").encode()
    backup = tmp_path / "deep.cbak"
    backup.write_bytes(MAGIC + struct.pack(">I", len(header)) + header + b"\0" * 64)
    monkeypatch.setenv("COUNSEL_APP_BACKUP_PASSPHRASE", "backup passphrase words")
    code, _out, err = run(capsys, "--db", str(station), "backup", "restore", str(backup),
                          "--check-only")
    assert code == 1 and CRASH not in err and "is not a counsel-app backup" in err
    package = tmp_path / "deep.cahp"
    package.write_bytes(container.MAGIC + struct.pack(">I", len(header)) + header
                        + struct.pack(">I", 4) + b"body" + b"\0" * container.SIGNATURE_BYTES)
    code, _out, err = run(capsys, "--db", str(station), "handover", "import", str(package))
    assert code == 1 and CRASH not in err and "deep.cahp" in err
    assert len(err.strip().splitlines()) == 1


def test_fuzz_json_depth_limit_agrees_with_the_parser():
    """Random documents with brackets inside strings, escapes and depths around the limit:
    refused exactly when deeper than the limit, otherwise parsed as ``json.loads`` does."""
    rng = random.Random(17)

    def value(depth: int) -> str:
        if depth == 0:
            return json.dumps(rng.choice(["[", "]{", "a\\\"[b", "}}", "x", 1, None, "\\"]))
        if rng.random() < 0.5:
            return "[" + ",".join([value(depth - 1)] + [value(0) for _ in range(
                rng.randrange(2))]) + "]"
        return "{" + json.dumps(rng.choice(["k", "[", "{"])) + ":" + value(depth - 1) + "}"

    for _ in range(300):
        depth = rng.randrange(1, 3 * jsonlimits.MAX_DEPTH // 2)
        doc = value(depth)
        if depth > jsonlimits.MAX_DEPTH:
            with pytest.raises(jsonlimits.TooDeep):
                jsonlimits.loads(doc)
            with pytest.raises(jsonlimits.TooDeep):
                jsonlimits.loads(doc.encode())
        else:
            assert jsonlimits.loads(doc) == json.loads(doc)


def test_the_files_we_ship_are_well_within_the_limit():
    root = Path(__file__).resolve().parents[2]
    checked = 0
    for path in [*(root / "country_info").rglob("*.json"), *(root / "resources").rglob("*.json")]:
        jsonlimits.check_depth(path.read_bytes(), jsonlimits.MAX_DEPTH // 4)
        checked += 1
    assert checked > 0
