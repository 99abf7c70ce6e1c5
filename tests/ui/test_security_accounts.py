"""Account screens: an administrator adds, unlocks and resets; anyone changes their password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from sqlalchemy import update

from counsel_app.context import unlock
from counsel_app.security.accounts import add_user, set_profile
from counsel_app.security.models import UserRow
from counsel_app.security.roles import PermissionDenied
from counsel_app.ui.security_accounts import (
    AccountsModel,
    open_accounts_dialog,
    open_change_password_dialog,
)

PW = "a long enough password"


def test_model(qtmodeltester, sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", PW)
    model = AccountsModel(sqlite_ctx)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["admin", "cora"]
    assert model.index(1, 1).data() == "Counsellor"


def test_the_list_shows_the_names_on_prints(qtbot, sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", PW)
    set_profile(sqlite_ctx, "cora", "Cora Mensah", "+233 20 000 0000")
    dialog = open_accounts_dialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    model = dialog.view.model
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    column = headers.index("Name on prints")
    names = {model.index(r, 0).data(): model.index(r, column).data()
             for r in range(model.rowCount())}
    assert names == {"admin": "", "cora": "Cora Mensah"}


def test_admin_adds_unlocks_and_resets(qtbot, sqlite_ctx):
    ctx = sqlite_ctx
    dialog = open_accounts_dialog(ctx)
    qtbot.addWidget(dialog)
    view = dialog.view
    add = view.add_account()
    qtbot.keyClicks(add.name, "kofi")
    add.role.setCurrentIndex(add.role.findData("caseworker"))
    add.password.setText(PW)
    add.repeat.setText(PW + "x")
    qtbot.mouseClick(add.buttons.button(add.buttons.StandardButton.Ok), Qt.LeftButton)
    assert "differ" in add.error.text()
    add.repeat.setText(PW)
    qtbot.mouseClick(add.buttons.button(add.buttons.StandardButton.Ok), Qt.LeftButton)
    assert view.model.rowCount() == 2
    assert unlock(ctx.db, "kofi", PW).role == "caseworker"
    # lock kofi, then unlock from the list
    with ctx.db.session() as s:
        s.execute(update(UserRow).where(UserRow.username == "kofi").values(
            locked_at=UserRow.created_at, failed_attempts=10))
    view.model.reload()
    view.table.selectRow(1)
    assert view.model.index(1, 2).data() == "Locked after failed sign-ins"
    assert view.unlock_button.isEnabled()
    qtbot.mouseClick(view.unlock_button, Qt.LeftButton)
    assert "unlocked" in view.message.text() and not view.unlock_button.isEnabled()
    # an administrator sets a new password for kofi (no current password asked)
    view.table.selectRow(1)
    reset = view.set_password()
    assert reset.current is None
    reset.password.setText("kofi's new password")
    reset.repeat.setText("kofi's new password")
    qtbot.mouseClick(reset.buttons.button(reset.buttons.StandardButton.Ok), Qt.LeftButton)
    assert unlock(ctx.db, "kofi", "kofi's new password").user == "kofi"


def test_counsellor_changes_own_password_but_cannot_manage(qtbot, sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", PW)
    cora = unlock(sqlite_ctx.db, "cora", PW)
    with pytest.raises(PermissionDenied):
        open_accounts_dialog(cora)
    dialog = open_change_password_dialog(cora)
    qtbot.addWidget(dialog)
    dialog.current.setText("not my password")
    dialog.password.setText("cora's new password")
    dialog.repeat.setText("cora's new password")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    assert "current password is wrong" in dialog.error.text()
    dialog.current.setText(PW)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert unlock(sqlite_ctx.db, "cora", "cora's new password").user == "cora"


def test_admin_repairs_an_account_edited_in_the_file_and_disables_one(qtbot, sqlite_ctx):
    import sqlite3

    from counsel_app.security.accounts import AccountAltered

    ctx = sqlite_ctx
    add_user(ctx, "cora", "counsellor", PW)
    conn = sqlite3.connect(ctx.db.engine.url.database)
    conn.execute("UPDATE users SET role = 'administrator' WHERE username = 'cora'")
    conn.commit()
    conn.close()
    with pytest.raises(AccountAltered):
        unlock(ctx.db, "cora", PW)
    dialog = open_accounts_dialog(ctx)
    qtbot.addWidget(dialog)
    view = dialog.view
    view.table.selectRow(1)
    assert view.model.index(1, 2).data() == "Changed outside the app: repair it"
    assert view.repair_button.isEnabled() and not view.unlock_button.isEnabled()
    assert not view.active_button.isEnabled()
    repair = view.repair_selected()
    assert repair.role.currentData() == "supervisor"  # the edited row is not trusted
    repair.role.setCurrentIndex(repair.role.findData("counsellor"))
    qtbot.mouseClick(repair.buttons.button(repair.buttons.StandardButton.Ok), Qt.LeftButton)
    assert view.model.index(1, 2).data() == "Active"
    assert unlock(ctx.db, "cora", PW).role == "counsellor"
    view.table.selectRow(1)
    assert view.active_button.text() == "Disable"
    qtbot.mouseClick(view.active_button, Qt.LeftButton)
    assert view.model.index(1, 2).data() == "Disabled"
    view.table.selectRow(0)
    assert not view.active_button.isEnabled()  # not one's own account


def test_an_administrator_sets_another_accounts_name_on_prints(qtbot, sqlite_ctx):
    from counsel_app.security.accounts import printed_counsellor

    add_user(sqlite_ctx, "cora", "counsellor", PW)
    dialog = open_accounts_dialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    view = dialog.view
    assert not view.profile_button.isEnabled()  # nothing selected
    view.table.selectRow(1)
    qtbot.mouseClick(view.profile_button, Qt.LeftButton)
    profile = [d for d in view.findChildren(QDialog) if hasattr(d, "display_name")][0]
    assert "cora" in " ".join(label.text() for label in profile.findChildren(QLabel))
    qtbot.keyClicks(profile.display_name, "Cora Mensah")
    qtbot.keyClicks(profile.contact, "+233 20 000 0000")
    qtbot.mouseClick(profile.buttons.button(profile.buttons.StandardButton.Ok), Qt.LeftButton)
    assert printed_counsellor(sqlite_ctx.db, "cora") == ("Cora Mensah", "+233 20 000 0000")
    assert printed_counsellor(sqlite_ctx.db, "admin") == ("", "")
    assert view.model.index(1, 3).data() == "Cora Mensah"
