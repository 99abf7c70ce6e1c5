"""Every command, including bad arguments: one clear line, exit code 2, no traceback."""

import subprocess
import sys

import pytest

from counsel_app import __version__
from counsel_app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"counsel-app {__version__}"


@pytest.mark.parametrize("argv", [[], ["demo"], ["db"], ["db", "upgrade"], ["db", "status"],
                                  ["gui"]])
def test_help_everywhere(capsys, argv):
    code, out, _ = run(capsys, *argv, "--help")
    assert code == 0 and "usage: counsel-app" in out


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["demo"], "the following arguments are required: --out"),
        (["db"], "the following arguments are required: ACTION"),
        (["db", "sideways"], "invalid choice: 'sideways'"),
        (["--lang", "xx", "db", "status"], "unknown interface language “xx”"),
        (["--db", "mysql://u@h/d", "db", "status"], "Unsupported database “mysql”"),
    ],
)
def test_bad_arguments_one_line_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_db_upgrade_and_status(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    code, out, _ = run(capsys, "--db", url, "db", "status")
    assert code == 1 and "Needs upgrade" in out
    code, out, _ = run(capsys, "--db", url, "db", "upgrade")
    assert code == 0 and "Upgraded" in out
    code, out, _ = run(capsys, "--db", url, "db", "upgrade")
    assert code == 0 and "already up to date" in out
    code, out, _ = run(capsys, "--db", url, "db", "status")
    assert code == 0 and "Up to date." in out


def test_demo_creates_case_and_reports(capsys, tmp_path):
    from counsel_app.context import open_database, unlock
    from counsel_app.domain.enums import CaseStatus

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "--db", url, "demo", "--out", str(out_dir))
    assert code == 0, err
    assert "Sample case AVRR-" in out and str(out_dir) in out
    password = out.split("password: ")[1].split(" ")[0]
    ctx = unlock(open_database(url), "admin", password)
    cases = ctx.cases.list()
    assert len(cases) == 1 and cases[0].is_sample
    # the demo's steps (consent, plan, handover...) carry the case beyond the decision
    assert cases[0].status not in (CaseStatus.DRAFT, CaseStatus.COUNSELLING)
    # a second run on the same database needs the password and says so
    code, out, err = run(capsys, "--db", url, "demo", "--out", str(out_dir))
    assert code == 1 and "COUNSEL_APP_PASSWORD" in err


def test_demo_out_must_be_a_folder(capsys, tmp_path):
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    code, _, err = run(capsys, "demo", "--out", str(afile))
    assert code == 2 and "is not a folder" in err


def test_unreadable_database_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "notadb.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "--db", str(bad), "demo", "--out", str(tmp_path / "o"))
    assert code == 1 and "Cannot open the database" in err and "Traceback" not in err


def test_module_entry_point_and_no_traceback():
    done = subprocess.run([sys.executable, "-m", "counsel_app", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and __version__ in done.stdout
    bad = subprocess.run([sys.executable, "-m", "counsel_app", "demo", "--nope"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_no_display_runs_demo(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--db", f"sqlite:///{tmp_path / 'd.sqlite'}")
    assert code == 0
    assert "No display found" in out and str(tmp_path / "demo-out") in out


def test_no_display_demo_runs_again_on_a_sample_database_of_its_own(capsys, tmp_path,
                                                                    monkeypatch):
    from counsel_app.paths import default_database_path

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "COUNSEL_APP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # the second run needs no password either
        code, out, err = run(capsys)
        assert code == 0, err
        assert str(tmp_path / "demo-out" / "sample.sqlite") in out
    assert not default_database_path().exists()  # the real database was never touched


@pytest.mark.parametrize("action", ["upgrade", "status"])
def test_db_commands_on_unreachable_database(capsys, tmp_path, action):
    bad = tmp_path / "junk.sqlite"
    bad.write_bytes(b"junk" * 500)
    code, _, err = run(capsys, "--db", str(bad), "db", action)
    assert code == 1 and "Cannot open the database" in err and "Traceback" not in err
