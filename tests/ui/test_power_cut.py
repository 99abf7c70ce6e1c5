"""Killed mid-session (SIGKILL, as a power cut), nothing typed over a second before is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.session.store import SessionStore
from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", ["intake", "information"])
def test_sigkill_after_typing_loses_nothing(app_ctx, tmp_path, step):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Saa Millimono")))
    url = app_ctx.db.engine.url.render_as_string(hide_password=False)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNSEL_APP_FAST_KDF="1",
               PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", url, TEST_PASSWORD, str(case.id), step],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if "TYPED" in line or not line:
                break
        assert "TYPED" in line, child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL
    if step == "intake":
        stored = app_ctx.cases.get(case.id)
        assert stored.return_town == "Kissidougou"
        assert stored.person.name_native == "Saa Millimono N."
    else:
        record = SessionStore(app_ctx.db, app_ctx.vault.cipher).load(case.id, case.reference)
        assert record.information.note == "Asked about schools for her son"
        assert record.progress.last_step == "information"
