"""The cyclic garbage collector is paused while the program starts and running again once
the start is over, whichever way the program was started (counsel_app.startup)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from counsel_app import startup
from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[1]

#: the program as its entry points run it (``main()`` with no arguments: the whole
#: process), then the collector's state once it has returned
CHILD = textwrap.dedent("""
    import gc, json, sys
    from counsel_app.cli import main
    sys.argv = ["counsel-app", *sys.argv[1:]]
    code = main()
    print(json.dumps({"code": code, "enabled": gc.isenabled(),
                      "frozen": gc.get_freeze_count()}))
""")


@pytest.fixture
def collector():
    """Leave the test process's collector as it was found."""
    was_enabled = gc.isenabled()
    yield
    startup._paused = False
    gc.unfreeze()
    (gc.enable if was_enabled else gc.disable)()


def test_pause_then_resume_freezes_the_start_and_collects_again(collector):
    startup.pause_collector()
    assert not gc.isenabled()
    startup.resume_collector()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    startup.resume_collector()  # a second call changes nothing
    assert gc.isenabled()


def test_resume_leaves_a_collector_it_did_not_pause_alone(collector):
    gc.disable()
    startup.pause_collector()  # already off: not this module's to turn back on
    startup.resume_collector()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_main_called_with_arguments_does_not_touch_the_collector(collector):
    """A caller in the same process (a test, a script) keeps its collector running."""
    from counsel_app.cli import main

    assert main(["--version"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_database_opens_and_upgrades_with_the_collector_running(
        collector, admin_database_url, monkeypatch):
    """Opening may upgrade the schema and the data (minutes on a large database, with
    garbage): the desktop's opening thread resumes the collector before it opens."""
    pytest.importorskip("PySide6")
    from counsel_app import context
    from counsel_app.ui.app import open_for_sign_in

    seen = []
    real = context.open_database

    def watched(url):
        seen.append(gc.isenabled())
        return real(url)

    monkeypatch.setattr(context, "open_database", watched)
    startup.pause_collector()
    db, first_run = open_for_sign_in(admin_database_url)
    db.dispose()
    assert seen == [True] and not first_run


def _run_program(args: list[str], tmp_path, **extra) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               COUNSEL_APP_DATA_DIR=str(tmp_path / "data"), **extra)
    env.pop("COUNSEL_APP_DB_URL", None)
    out = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    lines = out.stdout.strip().splitlines()
    assert lines, out.stderr[-3000:]
    return json.loads(lines[-1])


def test_the_desktop_collects_again_once_the_database_is_open(admin_database_url, tmp_path):
    result = _run_program(["--db", admin_database_url, "--startup-time=case-list"], tmp_path,
                          COUNSEL_APP_USER="admin", COUNSEL_APP_PASSWORD=TEST_PASSWORD)
    assert result["code"] == 0
    assert result["enabled"] and result["frozen"] > 10_000  # the start's objects


def test_the_desktop_collects_again_when_the_database_cannot_be_opened(tmp_path):
    folder = tmp_path / "not-a-database.sqlite"
    folder.mkdir()  # a folder where the database file should be
    result = _run_program(["--db", f"sqlite:///{folder}", "--startup-time"], tmp_path)
    assert result["code"] != 0
    assert result["enabled"]


def test_a_command_collects_again_before_it_runs(admin_database_url, tmp_path):
    result = _run_program(["--db", admin_database_url, "packs", "list"], tmp_path)
    assert result["code"] == 0
    assert result["enabled"] and result["frozen"] > 10_000
