"""The main session steps in Arabic: mirrored, and no interface string left in English.

Set ``COUNSEL_SCREENSHOTS`` to a folder to keep a PNG of every step (run under Xvfb with
``QT_QPA_PLATFORM=xcb xvfb-run ...`` to see them as a counsellor would)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QProgressBar,
    QWidget,
)

from counsel_app.i18n import catalogs, translator  # noqa: E402
from counsel_app.ui import i18n_qt  # noqa: E402
from tests.conftest import make_context  # noqa: E402


@pytest.fixture
def arabic(qapp):
    from counsel_app.ui import tasks

    tasks.set_pool(tasks.SynchronousPool())
    i18n_qt.apply_interface_language("ar")
    yield
    i18n_qt.apply_interface_language("en")
    tasks.set_pool(None)


def _english_sources() -> dict[str, str]:
    """English interface strings that have a different Arabic translation."""
    ar = translator("ar")
    out = {}
    for message in catalogs.read_catalog(catalogs.pot_path()):
        if message.id and isinstance(message.id, str) and not message.context:
            shown = message.id.replace("&", "")
            if len(shown) > 3 and ar.gettext(message.id) != message.id:
                out[shown] = message.id
    return out


def _visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QProgressBar):
            texts.append(widget.text())
    return [t.replace("&", "") for t in texts if t]


def test_session_steps_in_arabic_are_mirrored_and_translated(qtbot, sqlite_db, arabic):
    from counsel_app.ui.main_window import MainWindow

    ctx = make_context(sqlite_db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()

    def fill_new_case():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.name, "Mariama Sow")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_new_case)
    window.new_case()
    wizard = window.wizard
    assert wizard is not None
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft

    english = _english_sources()
    out = os.environ.get("COUNSEL_SCREENSHOTS")
    left_in_english: dict[str, list[str]] = {}
    for spec in wizard.specs:
        wizard.go_to(spec.key)
        QApplication.processEvents()
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            window.grab().save(str(Path(out) / f"ar-{spec.key}.png"))
        found = [t for t in _visible_texts(window) if t in english]
        if found:
            left_in_english[spec.key] = found
        # the step list sits on the right in a mirrored window
        step = wizard.step_widget(spec.key)
        assert step.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert not left_in_english, f"English strings shown in the Arabic interface: {left_in_english}"
    wizard.flush()
