"""The sign-in dialogs: first run, wrong password, back-off countdown, lock-out."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counsel_app.security.accounts import LOCK_AFTER, add_user
from counsel_app.ui.login import FirstRunDialog, LoginDialog, make_dialog
from tests.conftest import TEST_PASSWORD

PW = "counsellor password"


def test_first_run_creates_the_named_administrator(qtbot, sqlite_db):
    dialog = make_dialog(sqlite_db)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FirstRunDialog)
    dialog.user.setText("chief")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "at least 10" in dialog.error.text() and dialog.result_ctx is None
    dialog.password.setText(TEST_PASSWORD)
    dialog.repeat.setText(TEST_PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    ctx = dialog.result_ctx
    assert ctx.user == "chief" and ctx.role == "administrator"
    assert isinstance(make_dialog(sqlite_db), LoginDialog)


def test_wrong_password_back_off_and_lock(qtbot, sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", PW)
    dialog = LoginDialog(sqlite_ctx.db, user="cora")
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.password.setText("wrong password")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "Wrong user name or password" in dialog.error.text()
    dialog.password.setText(PW)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "wait 2 seconds" in dialog.error.text() and not dialog.ok_button.isEnabled()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=4000)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result_ctx.user == "cora" and dialog.result_ctx.role == "counsellor"


def test_locked_account_message(qtbot, sqlite_ctx, monkeypatch):
    from sqlalchemy import update

    from counsel_app.security import accounts
    from counsel_app.security.models import UserRow

    add_user(sqlite_ctx, "cora", "counsellor", PW)
    with sqlite_ctx.db.session() as s:  # one failure short of the lock, no wait pending
        s.execute(update(UserRow).where(UserRow.username == "cora")
                  .values(failed_attempts=LOCK_AFTER - 1))
    monkeypatch.setattr(accounts, "backoff_seconds", lambda n: 0)
    dialog = LoginDialog(sqlite_ctx.db, user="cora")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong password")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert "locked" in dialog.error.text() and "administrator" in dialog.error.text()
    dialog.password.setText(PW)
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    assert dialog.result_ctx is None and "locked" in dialog.error.text()
