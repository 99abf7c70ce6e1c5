"""Keep PySide6's import hook from reading the source of modules known not to use Qt.

Importing PySide6 replaces Python's ``__import__`` with shiboken's ``__feature__`` hook. The
hook asks, once for each module imported afterwards, whether the module uses PySide6 (such a
module may select a feature such as ``from __feature__ import snake_case``): it reads the
module's whole source file and looks for the word. The app selects no feature, so the
answer changes nothing for it, but the desktop imports its database layer after the window
shows (SQLAlchemy, cryptography, Babel and our Qt-free packages: several hundred modules),
and reading their sources cost about 15 % of those imports on the way to the case list,
and kept every source in ``linecache`` for the life of the process.

:func:`answer_for_qt_free_packages` gives the hook the answer it would find (no PySide6) for
packages that do not use Qt, without reading them: the standard library, the third-party
packages of :data:`QT_FREE_PACKAGES`, and every ``counsel_app`` module outside
``counsel_app.ui`` (``tests/test_imports.py`` holds that none of them imports PySide6). Any
other module is still read. The hook is internal to shiboken: if a PySide6 version lacks
it, nothing is changed. ``tests/ui/test_qt_import_scan.py`` checks that the answers are
the hook's own for every module the desktop loads.
"""

from __future__ import annotations

import sys

#: Third-party packages the app loads that never use Qt (checked by the test above).
QT_FREE_PACKAGES = frozenset({
    "alembic", "argon2", "babel", "cffi", "cryptography", "greenlet", "mako", "markupsafe",
    "openpyxl", "psycopg", "psycopg_binary", "reportlab", "sqlalchemy", "typing_extensions",
    "country_info",
})


def known_qt_free(name: str) -> bool:
    """Whether the module ``name`` is known not to use PySide6 without reading it."""
    top = name.partition(".")[0]
    if top == "counsel_app":
        return not (name == "counsel_app.ui" or name.startswith("counsel_app.ui."))
    return top in QT_FREE_PACKAGES or top in sys.stdlib_module_names


def answer_for_qt_free_packages() -> bool:
    """Install the shortcut (once); False if this PySide6 has no such hook."""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None:
        return False
    if getattr(scan, "__wrapped__", None) is not None:
        return True

    def uses_pyside(module) -> bool:
        if known_qt_free(getattr(module, "__name__", "")):
            return False
        return scan(module)

    uses_pyside.__wrapped__ = scan
    feature._mod_uses_pyside = uses_pyside
    return True
