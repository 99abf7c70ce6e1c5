"""country_info stands alone: every module of it loads and works with counsel_app unimportable,
and inside the app it speaks the app's language and keeps its data in the app's folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: run in a fresh interpreter: counsel_app cannot be imported at all
STANDALONE = r'''
import importlib, pkgutil, sys

class NoApp:
    def find_spec(self, name, path=None, target=None):
        if name == "counsel_app" or name.startswith("counsel_app."):
            raise ModuleNotFoundError(f"counsel_app is not importable here ({name})")
        return None

sys.meta_path.insert(0, NoApp())
import country_info

names = sorted(m.name for m in pkgutil.walk_packages(country_info.__path__, "country_info."))
for name in names:
    importlib.import_module(name)

from country_info import Library, PackError, handout_topics
from country_info.build import BuildError, build
from country_info.host import data_dir
from country_info.i18n import _

lib = Library(index_path=":memory:")
gn = lib.get_country("GN")
topics = handout_topics(lib, "GN", [gn.entries[0].key], "en")
assert topics and topics[0].title, topics
assert str(data_dir()).startswith(sys.argv[1]), data_dir()
try:
    handout_topics(lib, "GN", ["no.such.item"], "en")
except PackError as exc:
    assert "no.such.item" in str(exc), exc
else:
    raise AssertionError("an unknown item was accepted")
try:
    build(None, ["GN"])
except BuildError as exc:
    assert "counsel-app packs build" in str(exc), exc
else:
    raise AssertionError("built English-only packs")
assert not any(m == "counsel_app" or m.startswith("counsel_app.") for m in sys.modules)
assert not any(m.startswith("PySide6") for m in sys.modules)
print(len(names))
'''


def test_every_country_info_module_works_without_counsel_app(tmp_path):
    env = {**os.environ, "COUNTRY_INFO_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", STANDALONE, str(tmp_path)], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = [p for p in (ROOT / "country_info").rglob("*.py") if "__init__" not in p.name]
    assert int(done.stdout.strip()) >= len(modules)  # every module was imported


def test_inside_the_app_country_info_speaks_the_counsellors_language(tmp_path):
    from counsel_app.errors import UserError
    from counsel_app.i18n import set_interface_language
    from counsel_app.paths import data_dir
    from country_info import Library, PackError, handout_topics
    from country_info.library import user_packs_dir

    assert issubclass(PackError, UserError)  # shown as one sentence, like the app's errors
    assert user_packs_dir().is_relative_to(data_dir())
    lib = Library(index_path=":memory:")
    set_interface_language("fr")
    with pytest.raises(PackError) as caught:
        handout_topics(lib, "GN", ["no.such.item"], "fr")
    assert "no.such.item" in str(caught.value) and "aucun" in str(caught.value)
