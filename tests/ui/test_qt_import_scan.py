"""PySide6's import hook is told "no PySide6" for packages known to be Qt-free, without
reading their sources: the answers must be the hook's own (counsel_app/ui/qt_import_scan)."""

import importlib
import sys

import pytest

import counsel_app.ui  # noqa: F401 - installs the shortcut
from counsel_app.ui.qt_import_scan import answer_for_qt_free_packages, known_qt_free

feature = sys.modules.get("shibokensupport.feature")
pytestmark = pytest.mark.skipif(
    getattr(feature, "_mod_uses_pyside", None) is None,
    reason="this PySide6 has no __feature__ import hook")


def test_the_shortcut_gives_the_hooks_own_answer_for_every_module_the_desktop_loads():
    for name in ("counsel_app.ui.app", "counsel_app.ui.main_window", "counsel_app.ui.case_list",
                 "counsel_app.context", "counsel_app.security.accounts",
                 "counsel_app.security.scoped", "counsel_app.areas", "counsel_app.cli"):
        importlib.import_module(name)
    scan = feature._mod_uses_pyside.__wrapped__
    skipped = [module for name, module in list(sys.modules.items())
               if module is not None and known_qt_free(name)]
    assert len(skipped) > 300  # SQLAlchemy, cryptography, Babel, our Qt-free packages...
    assert [m.__name__ for m in skipped if scan(m)] == []  # none of them mentions PySide6
    # what uses Qt is still read and answered by the hook itself
    assert scan(sys.modules["counsel_app.ui.case_list"]) is True
    assert feature._mod_uses_pyside(sys.modules["counsel_app.ui.case_list"]) is True
    assert feature._mod_uses_pyside(sys.modules["sqlalchemy.orm"]) is False


def test_modules_imported_after_pyside_are_recorded_as_the_hook_would(tmp_path, monkeypatch):
    assert answer_for_qt_free_packages() is True  # installed once, by counsel_app.ui
    (tmp_path / "qt_scan_widgets.py").write_text("from PySide6.QtWidgets import QLabel\n")
    (tmp_path / "qt_scan_plain.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("colorsys", None)
    feature.pyside_feature_dict.pop("colorsys", None)
    for name in ("colorsys", "qt_scan_widgets", "qt_scan_plain"):
        __import__(name)  # the import statement's way: through the hook
    assert feature.pyside_feature_dict["colorsys"] == -1  # known Qt-free: not read
    assert feature.pyside_feature_dict["qt_scan_widgets"] == 0  # read: uses PySide6
    assert feature.pyside_feature_dict["qt_scan_plain"] == -1  # read: does not
    for name in ("qt_scan_widgets", "qt_scan_plain"):
        sys.modules.pop(name)


def test_known_qt_free_names():
    assert known_qt_free("sqlalchemy.orm.session") and known_qt_free("json")
    assert known_qt_free("counsel_app.storage.db") and known_qt_free("counsel_app.uix")
    assert not known_qt_free("counsel_app.ui") and not known_qt_free("counsel_app.ui.app")
    assert not known_qt_free("PySide6.QtCore") and not known_qt_free("some_plugin")
