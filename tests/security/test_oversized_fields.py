"""Issue 17: a field of 10 MB in a file from outside (a pack, a key file, a weights file, a
list of opportunities or partners as CSV or .xlsx) is refused in one sentence naming the file
and the field, nothing is stored, and the 10 MB are never copied into a message."""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json

import pytest
from openpyxl import Workbook

from counsel_app.cli import main
from counsel_app.context import open_database, unlock
from counsel_app.opportunities.service import sample_set_path as opportunities_sample
from counsel_app.partners.service import sample_set_path as partners_sample
from country_info.library import sample_pack_files
from country_info.signing import generate_key, sign_pack, user_keys_dir
from tests.country_info import make_sample_packs
from tests.country_info.conftest import pack_envelope

ADMIN_PW = "administrator password"
CRASH = "Something went wrong"
BIG = "x" * (10 * 1024 * 1024)


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


def one_sentence(code, err, start):
    assert code == 1 and CRASH not in err, err[:300]
    assert len(err) < 1000 and len(err.strip().splitlines()) == 1, err[:300]
    assert err.startswith(start), err[:300]


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_pack_with_a_field_of_10_mb(station, tmp_path, capsys, gzipped):
    pack = copy.deepcopy(pack_envelope(sample_pack_files()[0])["pack"])
    pack["publisher"]["name"] = BIG
    data = json.dumps(sign_pack(pack, make_sample_packs.KEY_FILE.read_bytes())).encode()
    path = tmp_path / ("big.pack.json.gz" if gzipped else "big.pack.json")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    code, _out, err = run(capsys, "--db", str(station), "packs", "import", str(path))
    one_sentence(code, err, f"{path.name}: ")
    assert ("$.publisher.name: is too long." if gzipped else "the file is too large") in err
    assert "No curated packs imported." in run(capsys, "packs", "list")[1]


def test_a_publisher_key_with_a_name_of_10_mb(station, tmp_path, capsys):
    _pem, key = generate_key("ngo-big", "Test NGO")
    record = key.as_record()
    record["name"] = BIG
    path = tmp_path / "big-key.json"
    path.write_text(json.dumps(record), "utf-8")
    code, _out, err = run(capsys, "--db", str(station), "packs", "trust", str(path))
    # the key file is read as packs are: its size is refused before its fields are read
    one_sentence(code, err, f"{path}: the file is too large (")
    assert list(user_keys_dir().glob("*.json")) == []


def test_a_station_key_file_of_10_mb(station, tmp_path, capsys):
    path = tmp_path / "big-station.json"
    path.write_text(json.dumps({"name": BIG}), "utf-8")
    code, _out, err = run(capsys, "--db", str(station), "keys", "import", str(path))
    one_sentence(code, err, f"{path} is not a valid station key file")
    ctx = unlock(open_database(str(station)), "chief", ADMIN_PW)
    from counsel_app.handover.keys import KeyStore

    assert KeyStore(ctx).list_trusted() == []


@pytest.mark.parametrize("field", ["source", "indicator"])
def test_a_weights_file_with_a_field_of_10_mb(station, tmp_path, capsys, field):
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"source": BIG} if field == "source"
                               else {"indicators": {BIG: 1}}), "utf-8")
    code, _out, err = run(capsys, "--db", str(station), "followup", "weights", "--set", str(path))
    one_sentence(code, err, f"{path}: ")
    from counsel_app.followup import rss

    assert rss.load_weights(open_database(str(station))).is_project_default


def _rows(which):
    src = opportunities_sample("csv") if which == "opportunities" else partners_sample()
    return list(csv.reader(io.StringIO(src.read_text("utf-8-sig"))))[:3]


@pytest.mark.parametrize("which", ["opportunities", "partners"])
def test_a_csv_with_a_field_of_10_mb(station, tmp_path, capsys, which):
    rows = _rows(which)
    rows[1][1] = BIG
    path = tmp_path / f"{which}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    code, _out, err = run(capsys, "--db", str(station), which, "import", str(path))
    one_sentence(code, err, f"{path.name}, line 2: the file cannot be read as CSV (field "
                            "larger than field limit")
    ctx = unlock(open_database(str(station)), "chief", ADMIN_PW)
    from counsel_app.security import audit

    assert audit.events(ctx.db, action=f"{which}.import") == []


@pytest.mark.parametrize("which, column", [("opportunities", 1), ("partners", 1),
                                           ("partners", 2)])
def test_a_workbook_with_a_cell_of_10_mb(station, tmp_path, capsys, which, column):
    """The row is rejected with its problem named in a line of its own; the value is cut
    in the report (on screen and in the problems CSV); the other row is imported."""
    rows = _rows(which)
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    sheet.cell(2, column + 1).value = BIG
    path = tmp_path / f"{which}.xlsx"
    book.save(path)
    report = tmp_path / "problems.csv"
    code, out, err = run(capsys, "--db", str(station), which, "import", str(path),
                         "--report", str(report))
    assert code == 3 and CRASH not in err, err[:300]
    assert "Row 2, column" in out and len(out) < 3000, out[:500]
    assert report.stat().st_size < 3000
    assert "1 rejected" in out
