"""The manifest (``counsel_app/areas.py``) is the one map of the areas: every plug-in is
listed there with a plain import, nothing loads the app's modules by name, only entry
points import the manifest, and a registry read before the areas are loaded refuses."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from counsel_app import areas

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("counsel_app", "country_info")
#: the program's entry points: the only modules that may import the manifest
ENTRY_POINTS = {"counsel_app/cli.py", "counsel_app/storage/migrations/env.py",
                "counsel_app/ui/screenshots.py", "counsel_app/ui/office/screenshots.py"}


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text("utf-8"))


def _module_name(rel: str) -> str:
    name = rel[:-3].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def _top_level_calls(tree: ast.Module, name: str) -> bool:
    """Whether the module calls ``name(...)`` at import (outside functions and classes)."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                func = sub.func
                if (isinstance(func, ast.Name) and func.id == name) or \
                        (isinstance(func, ast.Attribute) and func.attr == name):
                    return True
    return False


def test_no_module_of_the_app_is_loaded_by_name():
    found = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in ("import_module", "__import__", "find_spec"):
                continue
            arg = node.args[0] if node.args else None
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if not literal or arg.value.split(".")[0] in PACKAGES:
                found.append(f"{rel}:{node.lineno}")
    assert found == []


def test_every_plug_in_is_in_the_manifest():
    listed = {m.__name__ for m in (*areas.model_modules(), *areas.guard_modules(),
                                   *areas.privacy_modules())}
    for rel, tree in _sources():
        name = _module_name(rel)
        text = ast.unparse(tree)
        if "__tablename__" in text:
            assert name in {m.__name__ for m in areas.model_modules()}, f"{rel} has tables"
        if rel.endswith("/privacy.py"):
            assert name in {m.__name__ for m in areas.privacy_modules()}, rel
        if _top_level_calls(tree, "register_guard"):
            assert name in {m.__name__ for m in areas.guard_modules()}, rel
        if rel not in ("counsel_app/ui/actions.py",):
            # steps and the areas' actions are declared in the manifest, never on import
            assert not _top_level_calls(tree, "register_step"), rel
            assert not _top_level_calls(tree, "register_action"), rel
        if _top_level_calls(tree, "register_subject_access") or \
                _top_level_calls(tree, "register_case_data_handler"):
            assert name in listed | {"counsel_app.security.subject_access",
                                     "counsel_app.security.retention"}, rel


def test_only_entry_points_import_the_manifest():
    importers = set()
    for rel, tree in _sources():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if "counsel_app.areas" in names:
                importers.add(rel)
    assert importers <= ENTRY_POINTS, importers - ENTRY_POINTS


def test_the_manifest_lists_every_kind_of_plug_in():
    # the copy orders its sections by subject_access.PARTS, not by this list
    load_order = [m.__name__.split(".")[1] for m in areas.privacy_modules()]
    assert load_order == ["session", "waivers", "consent", "opportunities", "plan", "partners",
                          "travel", "handover", "followup"]
    assert [m.__name__ for m in areas.command_modules()][0] == "counsel_app.commands.core"
    assert [s.key for s in areas.session_steps()] == [
        "intake", "screening", "information", "assessment", "opportunities", "decision",
        "consent", "plan", "departure", "handover"]
    assert {a.id for a in areas.menu_actions()} == {"case.followup", "file.import_package", "file.field_followup",
                                                    "file.office",
                                                    "case.waivers", "case.travel_reminders",
                                                    "case.subject_access",
                                                    "tools.import_opportunities",
                                                    "tools.import_partners", "tools.partners",
                                                    "case.feasibility", "tools.country_packs",
                                                    "tools.programme_figures", "tools.projects"}
    assert all(callable(step) for step in areas.demo_steps())


def test_registries_refuse_before_the_areas_are_loaded():
    code = ("from counsel_app.domain.enums import CaseStatus\n"
            "from counsel_app.services import status\n"
            "try:\n"
            "    status.guards_for(CaseStatus.CONSENTED)\n"
            "except RuntimeError as exc:\n"
            "    print(exc)\n"
            "from counsel_app import areas\n"
            "areas.load()\n"
            "print(len(status.guards_for(CaseStatus.CONSENTED)))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout.splitlines()
    assert out[0] == ("the status guards read before the areas were loaded: the program's "
                      "entry point calls counsel_app.areas.load() first")
    assert out[1] == "2"  # the decision still voluntary (session), consents 1 and 2 (consent)


def test_a_deferred_load_runs_once_at_the_first_registry_read_whichever_thread_asks():
    """The desktop defers the areas (``plugins.load_on_demand``): the first registry read
    loads them, once, and a read on another thread meanwhile waits for that load instead of
    seeing a registry with an area missing. Registries that gained the check: waivable
    items and pack-import listeners."""
    code = ("import threading, time\n"
            "from counsel_app import areas, plugins\n"
            "from counsel_app.domain.enums import CaseStatus\n"
            "from counsel_app.services import country_packs, status\n"
            "from counsel_app.waivers import service as waivers\n"
            "for read in (lambda: waivers.item_label('travel:x'),\n"
            "             lambda: country_packs._pack_imported(None, None, 'x', None)):\n"
            "    try:\n"
            "        read()\n"
            "    except RuntimeError as exc:\n"
            "        print('refused:', str(exc).split(' read before')[0])\n"
            "calls = []\n"
            "def slow_load():\n"
            "    calls.append(threading.current_thread().name)\n"
            "    time.sleep(0.3)  # another thread asks meanwhile\n"
            "    areas.load()\n"
            "plugins.load_on_demand(plugins.CORE, slow_load)\n"
            "seen = {}\n"
            "def read(name):\n"
            "    seen[name] = len(status.guards_for(CaseStatus.CONSENTED))\n"
            "threads = [threading.Thread(target=read, args=(n,), name=n) for n in 'ab']\n"
            "for t in threads:\n"
            "    t.start(); time.sleep(0.05)\n"
            "for t in threads:\n"
            "    t.join()\n"
            "print(len(calls), calls[0], seen['a'], seen['b'])\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout.splitlines()
    assert out == ["refused: the waivable items", "refused: the listeners of pack imports",
                   "1 a 2 2"]  # loaded once, by the first reader; both saw every guard
