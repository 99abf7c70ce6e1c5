"""Power-cut tests: run a child that types into the app, then kill it without clean-up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def kill_after_typing(ctx, child_module: str, *args: str) -> subprocess.Popen:
    """Run ``python -m child_module <db url> <password> *args`` (a child that signs in,
    types, and prints TYPED 1.5 s after its last keystroke), wait for TYPED, then SIGKILL
    it. Returns the ended child."""
    url = ctx.db.engine.url.render_as_string(hide_password=False)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNSEL_APP_FAST_KDF="1",
               PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-m", child_module, url, TEST_PASSWORD, *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, line = time.monotonic() + 60, ""
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
    return child
