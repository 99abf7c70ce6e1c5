"""UI fixtures: tasks run synchronously, message boxes answered by the test."""

from __future__ import annotations

import pytest

from tests.conftest import make_context


@pytest.fixture(autouse=True)
def _sync_tasks(qapp):
    from counsel_app.ui import tasks

    tasks.set_pool(tasks.SynchronousPool())
    yield
    tasks.set_pool(None)


@pytest.fixture(autouse=True)
def _english_interface_after(qapp):
    """A test that changed the interface language (a live switch) leaves Qt's side in
    English and left to right again, as the next test expects."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from counsel_app.i18n import interface_language

    if interface_language() != "en" or QApplication.layoutDirection() != Qt.LeftToRight:
        from counsel_app.ui.i18n_qt import apply_interface_language

        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)


@pytest.fixture
def answers(monkeypatch):
    """Record message boxes and answer them: ``answers.choices`` is a list of keys to
    give ``choose`` (first first); ``answers.shown`` lists (kind, text)."""
    from counsel_app.ui import messages

    class Answers:
        choices: list[str] = []
        shown: list[tuple[str, str]] = []

    a = Answers()
    a.choices, a.shown = [], []

    def fake_exec(box):
        a.shown.append((box.windowTitle(), box.text()))
        return 0

    def fake_choose(parent, text, options, title=None, details=""):
        a.shown.append(("choose", text))
        return a.choices.pop(0) if a.choices else options[0][0]

    monkeypatch.setattr(messages, "_exec", fake_exec)
    monkeypatch.setattr(messages, "choose", fake_choose)
    return a


@pytest.fixture
def app_ctx(sqlite_db):
    return make_context(sqlite_db)


@pytest.fixture
def arabic():
    """The interface in Arabic (right to left) for the test, English again after it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from counsel_app.ui.i18n_qt import apply_interface_language

    apply_interface_language("ar")
    yield
    apply_interface_language("en")
    QApplication.setLayoutDirection(Qt.LeftToRight)
