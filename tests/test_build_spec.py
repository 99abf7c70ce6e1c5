"""What build.spec leaves out of the packaged app, checked without building it.

The spec is a PyInstaller script (it runs Analysis, needs SPECPATH...): the test takes its
exclusion lists and filters out of it with ``ast`` and runs only those. Each check pairs an
exclusion with the code it relies on, so that using a left-out piece fails here and not in
the built app. The built app itself is checked by its self-check (.ci/bootstrap.py build).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
#: top-level names of build.spec the test runs (constants and pure functions)
NAMES = {"excludes", "MANIFEST", "APP_LANGUAGES", "QT_PLUGINS_DROPPED", "PYUCA_TABLE",
         "PYCOUNTRY_DATABASES", "keep_data", "dropped_plugin", "grafted"}


def _spec() -> dict:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    body = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in NAMES:
            body.append(node)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in NAMES for t in node.targets):
            body.append(node)
        elif isinstance(node, ast.Import) and [a.name for a in node.names] == ["pyuca"]:
            body.append(node)
    namespace = {"ROOT": ROOT, "Path": Path, "json": json}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)
    missing = NAMES - namespace.keys()
    assert not missing, f"build.spec no longer defines {sorted(missing)}"
    return namespace


SPEC_NS = _spec()


def _sources():
    for folder in ("counsel_app", "country_info"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, path.read_text(encoding="utf-8")


def test_pyuca_keeps_the_table_its_default_collator_reads():
    import pyuca

    keep_data = SPEC_NS["keep_data"]
    tables = sorted(p.name for p in Path(pyuca.__file__).parent.glob("allkeys-*.txt"))
    kept = [name for name in tables if keep_data(f"pyuca/{name}")]
    # the one counsel_app.i18n.names' pyuca.Collator() opens (chosen by the Python version)
    assert kept == [f"allkeys-{pyuca.Collator.UCA_VERSION}.txt"]
    assert keep_data("pyuca/collator.py")
    # the app sorts with the default collator only, never a versioned one or a custom table
    for path, text in _sources():
        for use in re.findall(r"pyuca\.(\w+)\(([^)]*)\)", text):
            assert use == ("Collator", ""), f"{path.relative_to(ROOT)}: pyuca.{use[0]}({use[1]})"


def test_pycountry_databases_kept_are_those_the_code_reads():
    keep_data = SPEC_NS["keep_data"]
    assert keep_data("pycountry/databases/iso3166-1.json")
    assert keep_data("pycountry/databases/iso3166-2.json")
    for name in ("iso639-3.json", "iso639-5.json", "iso4217.json", "iso15924.json",
                 "iso3166-3.json"):
        assert not keep_data(f"pycountry/databases/{name}")
    # countries and subdivisions only (and the subdivision names' translations): a new
    # database (languages, currencies, historic_countries...) must be added to the spec
    allowed = {"countries", "subdivisions", "LOCALES_DIR"}
    for path, text in _sources():
        used = set(re.findall(r"\bpycountry\.(\w+)", text))
        assert used <= allowed, f"{path.relative_to(ROOT)} uses pycountry.{used - allowed}"


def test_left_out_modules_are_not_imported_by_the_app():
    excludes = set(SPEC_NS["excludes"])
    assert "readline" in excludes
    # psycopg_binary imports ssl as it loads: leaving ssl out loses PostgreSQL
    assert not {"ssl", "_ssl"} & excludes
    pattern = re.compile(
        r"^\s*(?:import|from)\s+(readline|PySide6\.QtOpenGL\w*)\b|QOpenGL|QtOpenGL", re.M)
    for path, text in _sources():
        found = pattern.search(text)
        assert not found, f"{path.relative_to(ROOT)}: {found.group(0).strip()} (build.spec leaves it out)"


def test_qt_plugins_dropped_and_kept():
    dropped = SPEC_NS["dropped_plugin"]
    base = "PySide6/Qt/plugins/"
    for plugin in ("xcbglintegrations/libqxcb-glx-integration.so",
                   "xcbglintegrations/libqxcb-egl-integration.so",
                   "wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
                   "wayland-graphics-integration-client/libdmabuf-server.so",
                   "wayland-shell-integration/libivi-shell.so",
                   "wayland-shell-integration/libwl-shell-plugin.so",
                   "platforms/libqeglfs.so", "platformthemes/libqgtk3.so"):
        assert dropped(base + plugin), plugin
    for plugin in ("platforms/libqxcb.so", "platforms/libqwayland.so",
                   "platforms/libqoffscreen.so", "platforms/libqminimal.so",
                   "wayland-shell-integration/libxdg-shell.so",
                   "wayland-decoration-client/libadwaita.so",
                   "wayland-decoration-client/libbradient.so",
                   "platformthemes/libqxdgdesktopportal.so",
                   "printsupport/libcupsprintersupport.so",
                   "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                   "platforminputcontexts/libibusplatforminputcontextplugin.so",
                   "iconengines/libqsvgicon.so", "imageformats/libqsvg.so",
                   "imageformats/libqjpeg.so", "imageformats/libqico.so",
                   "imageformats/libqgif.so"):
        assert not dropped(base + plugin), plugin


def test_grafted_libraries_are_found_by_their_source():
    grafted = SPEC_NS["grafted"]
    site = "/venv/lib/python3.11/site-packages"
    # PyInstaller 6 puts numpy's OpenBLAS at the top of the build: the source tells
    assert grafted("libscipy_openblas64_-32a4b2a6.so",
                   f"{site}/numpy.libs/libscipy_openblas64_-32a4b2a6.so")
    assert grafted("pillow.libs/libjpeg-6dc8d115.so.62.4.0",
                   f"{site}/pillow.libs/libjpeg-6dc8d115.so.62.4.0")
    assert not grafted("libQt6Core.so.6", f"{site}/PySide6/Qt/lib/libQt6Core.so.6")
