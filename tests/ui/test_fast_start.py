"""Fast start: opening the desktop app up to a usable main window loads none of the heavy
modules that only printing, importing, matching or country information need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

#: Modules a counsellor does not need before the main window: loaded on first use.
HEAVY = ("reportlab", "numpy", "openpyxl", "country_info", "alembic", "PIL", "jsonschema",
         "pypdfium2", "qrcode", "uharfbuzz", "pycountry", "pyuca", "psycopg", "bidi",
         "arabic_reshaper")
#: the small, standard-library modules of country_info the app is built on (its errors,
#: file writing, the host it gives country_info; qr loads qrcode on first use): every other
#: module of it is heavy
LIGHT = {"country_info", "country_info.errors", "country_info.files", "country_info.host",
         "country_info.i18n", "country_info.qr"}

CHILD = textwrap.dedent("""
    import json, sys
    from counsel_app.cli import main
    code = main(["--db", sys.argv[1], "--startup-time=case-list"])
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
""")


def test_main_window_opens_without_heavy_modules(admin_database_url):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNSEL_APP_USER="admin",
               COUNSEL_APP_PASSWORD=TEST_PASSWORD, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD, admin_database_url], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    lines = out.stdout.strip().splitlines()
    assert lines and lines[0].startswith("READY 0 "), out.stdout + out.stderr[-3000:]
    result = json.loads(lines[-1])
    assert result["code"] == 0
    modules = set(result["modules"]) - LIGHT
    loaded = {name.split(".")[0] for name in modules}
    assert "PySide6" in loaded and "sqlalchemy" in loaded  # the window really opened
    assert sorted(loaded & set(HEAVY)) == [], sorted(m for m in modules if m.startswith("country_info"))


def test_the_window_takes_typing_while_the_database_opens(admin_database_url):
    """The app's own start (``--startup-time=typing``): the window is usable before the
    database is open, every key typed meanwhile arrives, and the password then opens the
    case list."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               COUNSEL_APP_USER="admin", COUNSEL_APP_PASSWORD=TEST_PASSWORD)
    out = subprocess.run([sys.executable, "-m", "counsel_app", "--db", admin_database_url,
                          "--startup-time=typing"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 0 and lines[0].startswith("READY 0 "), out.stderr[-3000:]
    typed, keys = lines[1].split()[1].split("/")
    assert lines[1].startswith("TYPED") and typed == keys and int(keys) >= 20
    assert lines[2].startswith("SIGNED-IN ")
