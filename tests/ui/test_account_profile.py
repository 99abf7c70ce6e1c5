"""Tools > My name on prints…: the signed-in counsellor sets the name and contact their
prints carry (tests/documents/test_counsellor_name.py checks the prints)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counsel_app.security.accounts import get_account

NAME, CONTACT = "Leïla Ben Salah", "leila.bensalah@example.org"


def test_from_the_menu(qtbot, sqlite_ctx):
    from counsel_app.ui.account_profile import open_profile_dialog

    dialog = open_profile_dialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.display_name, "Le")
    dialog.display_name.insert(NAME[2:])  # “ï”: QTest types ASCII only
    qtbot.keyClicks(dialog.contact, CONTACT)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    assert not dialog.isVisible()
    account = get_account(sqlite_ctx.db, "admin")
    assert (account.display_name, account.contact) == (NAME, CONTACT)
    # opened again, it shows what is set
    again = open_profile_dialog(sqlite_ctx)
    qtbot.addWidget(again)
    assert again.display_name.text() == NAME


def test_too_long_a_name_is_one_sentence_and_nothing_changes(qtbot, sqlite_ctx):
    from counsel_app.ui.account_profile import open_profile_dialog

    dialog = open_profile_dialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    dialog.contact.setMaxLength(500)
    dialog.contact.setText("x" * 300)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    assert dialog.isVisible() and "too long" in dialog.error.text()
    assert get_account(sqlite_ctx.db, "admin").contact == ""
