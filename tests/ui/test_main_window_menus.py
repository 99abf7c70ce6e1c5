"""Main window menus from the actions registry: administrators manage accounts, everyone
changes their own password; the inactivity lock is installed with the centre's policy."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from counsel_app.context import unlock
from counsel_app.security.accounts import add_user
from counsel_app.ui.security_accounts import AccountsView, SetPasswordDialog
from tests.ui.conftest import answers  # noqa: F401  (fixture)

PW = "a long enough password"


def _window(qtbot, ctx):
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


def _menu_texts(window, key):
    from PySide6.QtWidgets import QMenu

    menu = window.menuBar().findChild(QMenu, f"menu_{key}")
    return [a.text().replace("&", "") for a in menu.actions()] if menu else []


def _opened(kind):
    """Visible dialogs holding a ``kind`` widget."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w.findChild(kind) is not None]


def test_administrator_gets_accounts_and_change_password(qtbot, app_ctx, answers):
    window = _window(qtbot, app_ctx)
    tools = _menu_texts(window, "tools")
    assert "Accounts…" in tools and "Change my password…" in tools
    window.actions_by_id["tools.accounts"].trigger()
    dialogs = _opened(AccountsView)
    assert dialogs, "the accounts dialog did not open"
    assert answers.shown == []  # no refusal
    for dialog in dialogs:
        dialog.close()
    window.actions_by_id["tools.change_password"].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, SetPasswordDialog) and w.isVisible()]
    assert dialogs and dialogs[0].current is not None  # own password: asks the current one
    for dialog in dialogs:
        dialog.close()


@pytest.mark.parametrize("role", ["counsellor", "supervisor"])
def test_other_roles_change_their_password_but_see_no_accounts(qtbot, app_ctx, answers, role):
    add_user(app_ctx, "cora", role, PW)
    cora = unlock(app_ctx.db, "cora", PW)
    window = _window(qtbot, cora)
    tools = _menu_texts(window, "tools")
    assert "Change my password…" in tools
    assert "Accounts…" not in tools and "tools.accounts" not in window.actions_by_id
    window.actions_by_id["tools.change_password"].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, SetPasswordDialog) and w.isVisible()]
    assert dialogs and dialogs[0].username == "cora"
    for dialog in dialogs:
        dialog.close()


def test_idle_lock_uses_the_centres_timeout_and_the_signed_in_user(qtbot, app_ctx,
                                                                   monkeypatch):
    from counsel_app.security.idle import idle_timeout_ms, set_idle_timeout
    from counsel_app.ui import app, idle_lock

    set_idle_timeout(app_ctx, 90)
    seen = {}

    def fake_install(window, verify, timeout_ms=None, *, user_hint=None, **kwargs):
        seen.update(window=window, verify=verify, timeout_ms=timeout_ms, user_hint=user_hint)

    monkeypatch.setattr(idle_lock, "install_idle_lock", fake_install)
    window = _window(qtbot, app_ctx)
    app.install_idle_lock(window, app_ctx)
    assert seen["window"] is window
    assert seen["timeout_ms"] == idle_timeout_ms(app_ctx.db) == 90_000
    assert seen["user_hint"] == app_ctx.user
    from tests.conftest import TEST_PASSWORD

    assert seen["verify"](TEST_PASSWORD) and not seen["verify"]("not the password")


def test_a_shortcut_reads_left_to_right_in_an_arabic_tooltip(qtbot, app_ctx, answers):
    from counsel_app.i18n import set_interface_language

    set_interface_language("ar")
    try:
        window = _window(qtbot, app_ctx)
        settings = window.actions_by_id["file.settings"]
        # the shortcut is isolated (LRI ... PDI): "Ctrl+," never reorders into "+Ctrl,"
        assert "\u2066Ctrl+,\u2069" in settings.toolTip()
    finally:
        set_interface_language("en")
