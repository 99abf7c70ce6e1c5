"""The inactivity lock covers the window and asks for the password, losing nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow

from counsel_app.errors import UserError
from counsel_app.ui.idle_lock import install_idle_lock

SECRET = "the right password"


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    edit = QLineEdit()
    edit.setObjectName("notes")
    win.setCentralWidget(edit)
    qtbot.addWidget(win)
    win.resize(400, 300)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_locks_after_inactivity_and_keeps_unsaved_text(qtbot, window):
    edit = window.centralWidget()
    qtbot.keyClicks(edit, "unsaved notes about the plan")
    tries = []

    def verify(password):
        tries.append(password)
        return password == SECRET

    lock = install_idle_lock(window, verify, timeout_ms=150)
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.is_locked and lock.cover.isVisible()
    assert lock.cover.geometry() == window.rect()
    dialog = lock.dialog
    assert dialog.isVisible() and dialog.isModal()
    assert window.isVisible() and edit.text() == "unsaved notes about the plan"
    # escape and close do not get past the lock
    qtbot.keyClick(dialog, Qt.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and lock.is_locked
    # a wrong password says so and keeps the lock
    qtbot.keyClicks(dialog.password, "guess")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert lock.is_locked and "Wrong password" in dialog.error.text()
    assert dialog.password.text() == ""
    # the right one unlocks; nothing was lost
    with qtbot.waitSignal(lock.unlocked, timeout=1000):
        qtbot.keyClicks(dialog.password, SECRET)
        qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert not lock.is_locked and not lock.cover.isVisible()
    assert tries == ["guess", SECRET]
    assert window.isVisible() and edit.text() == "unsaved notes about the plan"
    lock.uninstall()


def test_input_postpones_the_lock(qtbot, window):
    """Keys and mouse moves as the platform delivers them (to the window, which hands
    them to its widgets) keep the lock away."""
    lock = install_idle_lock(window, lambda p: True, timeout_ms=400)
    edit = window.centralWidget()
    edit.setFocus()
    for _ in range(6):  # keep typing for about 0.6 s: more than one timeout
        QTest.keyClick(window.windowHandle(), Qt.Key_A)
        qtbot.wait(100)
        assert not lock.is_locked
    assert edit.text() == "aaaaaa"  # the keys reached the field
    for x in range(6):  # then move the mouse for as long
        QTest.mouseMove(window.windowHandle(), QPoint(20 + 10 * x, 20))
        qtbot.wait(100)
        assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    lock.uninstall()


def test_typing_in_a_dialog_opened_later_postpones_the_lock(qtbot, window):
    lock = install_idle_lock(window, lambda p: True, timeout_ms=400)
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(),
                    timeout=2000)
    field.setFocus()
    for _ in range(6):
        QTest.keyClick(dialog.windowHandle(), Qt.Key_B)
        qtbot.wait(100)
        assert not lock.is_locked
    assert field.text() == "bbbbbb"
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    lock.uninstall()
    dialog.close()


def test_back_off_message_is_shown(qtbot, window):
    def verify(password):
        raise UserError("Too many failed attempts: wait 4 seconds before trying again.")

    lock = install_idle_lock(window, verify, timeout_ms=50)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    qtbot.keyClicks(lock.dialog.password, "x")
    qtbot.keyClick(lock.dialog.password, Qt.Key_Return)
    assert "wait 4 seconds" in lock.dialog.error.text() and lock.is_locked
    lock.uninstall()


def test_with_real_accounts(qtbot, window, sqlite_ctx):
    from counsel_app.security.idle import idle_timeout_ms, password_checker, set_idle_timeout
    from tests.conftest import TEST_PASSWORD

    assert idle_timeout_ms(sqlite_ctx.db) == 300_000  # default: 5 minutes
    set_idle_timeout(sqlite_ctx, 120)
    assert idle_timeout_ms(sqlite_ctx.db) == 120_000
    from counsel_app.errors import ValidationError

    with pytest.raises(ValidationError, match="30 seconds to 60 minutes"):
        set_idle_timeout(sqlite_ctx, 5)
    lock = install_idle_lock(window, password_checker(sqlite_ctx), timeout_ms=50,
                             user_hint=sqlite_ctx.user)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    qtbot.keyClicks(lock.dialog.password, "not it at all")
    qtbot.keyClick(lock.dialog.password, Qt.Key_Return)
    assert lock.is_locked
    qtbot.keyClicks(lock.dialog.password, TEST_PASSWORD)
    qtbot.keyClick(lock.dialog.password, Qt.Key_Return)
    assert not lock.is_locked
    lock.uninstall()


def test_other_open_windows_are_covered_not_closed(qtbot, window):
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    side = QDialog(window)
    side.setWindowTitle("A case open in a dialog")
    layout = QVBoxLayout(side)
    field = QLineEdit("draft referral text")
    layout.addWidget(field)
    side.show()
    qtbot.waitExposed(side)
    lock = install_idle_lock(window, lambda p: p == SECRET, timeout_ms=50)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    covers = [c for c in side.findChildren(type(lock.cover)) if c.isVisible()]
    assert len(covers) == 1 and covers[0].geometry() == side.rect()
    assert side.isVisible() and field.text() == "draft referral text"
    qtbot.keyClicks(lock.dialog.password, SECRET)
    qtbot.keyClick(lock.dialog.password, Qt.Key_Return)
    assert not lock.is_locked
    assert not any(c.isVisible() for c in side.findChildren(type(lock.cover)))
    assert side.isVisible() and field.text() == "draft referral text"
    lock.uninstall()


def test_a_new_timeout_from_the_settings_applies_to_the_open_window_at_once(
        qtbot, window, sqlite_ctx):
    from counsel_app.settings import Preferences
    from counsel_app.ui.settings_dialog import SettingsDialog

    lock = install_idle_lock(window, lambda p: True, timeout_ms=300_000)
    dialog = SettingsDialog(Preferences.load(), window, sqlite_ctx)
    qtbot.addWidget(dialog)
    dialog.idle.setValue(2)
    dialog._save()
    assert lock.timer.interval() == 120_000
    lock.uninstall()
