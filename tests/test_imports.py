"""The house plan, checked on the source: no import circles, no ``except ImportError``
around the app's own modules, nothing outside ``counsel_app/ui/`` loads Qt.

The imports are read with ``ast`` (every ``import``, at the top of a module or inside a
function: a deferred import is still an arrow between two modules), so the test needs no
import of the app and names the modules of a circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("counsel_app", "country_info")
OURS = PACKAGES


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:  # Alembic scripts, run by Alembic only
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The module of ours that ``import name`` runs (a name inside a module: the module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported_names(module: str, tree: ast.AST) -> list[tuple[str, int]]:
    out = []
    is_package = MODULES[module].name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[:len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
            out.append((base, node.lineno))
    return out


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of ours it imports, with the packages Python runs on the way
    (``import a.b.c`` runs ``a/__init__`` and ``a/b/__init__``)."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name, _line in _imported_names(module, ast.parse(path.read_text("utf-8"))):
            target = _owner(name)
            if target is None:
                continue
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                step = ".".join(parts[:i])
                if step in MODULES and step != module and not module.startswith(step + "."):
                    graph[module].add(step)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_checker_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    found = circles(import_graph())
    assert found == [], "import circles (each arrow must point down the layers of " \
        "docs/architecture.md): " + "; ".join(" <-> ".join(group) for group in found)


def test_the_graph_holds_the_real_imports():
    graph = import_graph()
    assert "counsel_app.security.context" in graph["counsel_app.context"]
    assert "counsel_app.handover.records" in graph["counsel_app.followup.service"]
    assert "counsel_app.security" in graph["counsel_app.context"]  # the package runs too


def test_country_info_imports_nothing_of_the_app():
    """country_info is the lower layer: what it needs from the app comes through
    ``country_info.host`` (tests/country_info/test_standalone.py runs it without the app)."""
    graph = import_graph()
    found = sorted(f"{module} -> {target}" for module, targets in graph.items()
                   if module.startswith("country_info") for target in targets
                   if target.split(".")[0] == "counsel_app")
    assert found == [], "country_info imports the app: " + "; ".join(found)


def _guarded_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of each import of ours inside a ``try`` whose handler catches
    ImportError (or ModuleNotFoundError)."""
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = set()
        for handler in node.handlers:
            kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            caught |= {k.id for k in kinds if isinstance(k, ast.Name)}
        if not caught & {"ImportError", "ModuleNotFoundError"}:
            continue
        for statement in node.body:
            for inner in ast.walk(statement):
                names = []
                if isinstance(inner, ast.Import):
                    names = [a.name for a in inner.names]
                elif isinstance(inner, ast.ImportFrom):
                    names = [inner.module or ""] if not inner.level else ["."]
                bad += [(inner.lineno, n) for n in names
                        if n == "." or n.split(".")[0] in OURS]
    return bad


def test_no_except_import_error_around_our_own_modules():
    found = [f"{path.relative_to(ROOT)}:{line} ({name})"
             for module, path in MODULES.items()
             for line, name in _guarded_imports(ast.parse(path.read_text("utf-8")))]
    assert found == [], "a missing module of the app is a bug to see, not a branch to " \
        "skip: " + ", ".join(found)


def test_the_guard_check_sees_a_guard():
    tree = ast.parse("try:\n    from counsel_app.security import access\n"
                     "except ImportError:\n    access = None\n"
                     "try:\n    import pyuca\nexcept ImportError:\n    pyuca = None\n")
    assert _guarded_imports(tree) == [(2, "counsel_app.security")]


def test_nothing_outside_the_ui_package_loads_qt():
    """Every module outside ``counsel_app/ui/``, imported in a fresh interpreter: PySide6
    stays out (the domain, the services, the commands and the documents run without a
    screen)."""
    names = sorted(m for m in MODULES
                   if not m.startswith("counsel_app.ui") and m != "counsel_app.__main__")
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "    if 'PySide6' in sys.modules:\n"
            "        print(name); break\n"
            "print(len(sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.split()
    assert len(lines) == 1, f"importing {lines[0]} loaded PySide6"
    assert int(lines[0]) > len(names)  # they were imported


def test_each_package_has_its_tests_folder():
    """``tests/`` mirrors the packages: the tests of ``counsel_app/<area>/`` are in
    ``tests/<area>/`` (those of ``country_info`` in ``tests/country_info/``)."""
    packages = [p for p in sorted((ROOT / "counsel_app").iterdir()) if (p / "__init__.py").exists()]
    packages.append(ROOT / "country_info")
    missing = [p.name for p in packages if not (ROOT / "tests" / p.name / "__init__.py").exists()]
    assert len(packages) > 10 and not missing, f"no tests/<name>/ for: {', '.join(missing)}"
