"""One theme module for colours and status styles (``counsel_app/ui/theme.py``): no other
UI module writes a colour; high contrast and the mirrored layout come from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from counsel_app.settings import Preferences
from counsel_app.ui import theme

UI = Path(theme.__file__).resolve().parent
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|QColor\(\s*['\"]|Qt\.(red|green|blue|"
                    r"yellow|darkRed|darkGreen|darkYellow|gray|darkGray)\b")


@pytest.fixture
def high_contrast():
    app = QApplication.instance()
    palette = QPalette(app.palette())
    theme.apply_theme(app, high=True)
    yield app
    theme.use_high_contrast(False)
    app.setPalette(palette)


def test_no_ui_module_but_the_theme_writes_a_colour():
    found = [f"{path.relative_to(UI)}:{n}" for path in sorted(UI.rglob("*.py"))
             if path.name != "theme.py"
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if COLOUR.search(line)]
    assert found == []
    assert COLOUR.search('label.setStyleSheet("color: #b00020;")')  # the check sees one


def test_every_role_has_a_colour_in_both_palettes():
    assert set(theme.STANDARD) == set(theme.HIGH_CONTRAST)
    for role in ("error", "ok", "warning", "sample_badge", "advice", "alert", "error_box"):
        assert theme.style(role)


def test_high_contrast_darkens_the_status_colours_of_new_widgets(qtbot, tmp_path,
                                                                  high_contrast):
    from counsel_app.ui.settings_dialog import SettingsDialog

    assert high_contrast.palette().color(QPalette.Text).name() == "#000000"
    assert high_contrast.palette().color(QPalette.Base).name() == "#ffffff"
    dialog = SettingsDialog(Preferences.load(tmp_path / "s.json"))
    qtbot.addWidget(dialog)
    assert theme.HIGH_CONTRAST["error"] in dialog.error.styleSheet()
    assert theme.STANDARD["error"] not in dialog.error.styleSheet()


def test_the_mirrored_layout_comes_from_the_theme(qtbot):
    from counsel_app.ui.i18n_qt import apply_interface_language

    assert theme.layout_direction("ar") == Qt.LayoutDirection.RightToLeft
    assert theme.layout_direction("ckb") == Qt.LayoutDirection.RightToLeft
    assert theme.layout_direction("fr") == Qt.LayoutDirection.LeftToRight
    try:
        apply_interface_language("ar")
        assert QApplication.instance().layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        apply_interface_language("en")
    assert QApplication.instance().layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_high_contrast_is_a_setting_of_this_computer(qtbot, tmp_path):
    from counsel_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Preferences.load(tmp_path / "s.json"))
    qtbot.addWidget(dialog)
    box = dialog.editors["high_contrast"]
    assert not box.isChecked()
    dialog.show()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Space)
    assert box.isChecked()
    dialog._save()
    assert Preferences.load(tmp_path / "s.json")["high_contrast"] is True
