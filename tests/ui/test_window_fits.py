"""The window fits the screen it opens on: never taller or wider than the available area,
and a window saved on a bigger (or removed) screen comes back onto this one."""

from __future__ import annotations

from counsel_app.ui.main_window import MainWindow, PREFERRED_SIZE, fit_to_screen


def test_the_window_opens_within_the_available_screen(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_DATA_DIR", str(tmp_path))
    window = MainWindow()
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height() - 40 + 1
    assert window.width() == min(PREFERRED_SIZE[0], area.width() - 16)


def test_a_window_saved_elsewhere_comes_back_onto_the_screen(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_DATA_DIR", str(tmp_path))
    window = MainWindow()
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    window.resize(area.width() * 2, area.height() * 2)
    window.move(area.right() + 500, area.bottom() + 500)
    fit_to_screen(window)
    assert area.contains(window.pos())
    assert window.width() <= area.width() and window.height() <= area.height()
