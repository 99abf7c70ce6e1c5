"""The Settings dialog: the centre's settings for administrators (saved in the database,
audited), read-only for everyone else; a wrong value is one sentence and nothing is saved."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from counsel_app import settings
from counsel_app.security.accounts import add_user, sign_in
from counsel_app.security.audit import events
from counsel_app.settings import Preferences


def _dialog(qtbot, tmp_path, ctx):
    from counsel_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Preferences.load(tmp_path / "s.json"), None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _retype(qtbot, editor, text):
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Delete)
    qtbot.keyClicks(editor, text)


def test_an_administrator_sets_the_centres_settings(qtbot, tmp_path, app_ctx):
    dialog = _dialog(qtbot, tmp_path, app_ctx)
    _retype(qtbot, dialog.editors["grant_ceilings"], "GNF 15000000, EUR 1500")
    _retype(qtbot, dialog.editors["organisation_name"], "Centre d'accueil de Conakry")
    qtbot.keyClicks(dialog.editors["organisation_address"], "Rue KA-020, +224 620 00 00 00")
    _retype(qtbot, dialog.editors["followup_months"], "1, 3, 6, 12, 24")
    dialog.editors["stale_months"].setValue(18)
    dialog._save()
    assert dialog.result() == QDialog.Accepted and dialog.error.text() == ""
    values = settings.values(app_ctx.db)
    assert values["grant_ceilings"] == {"EUR": Decimal("1500"), "GNF": Decimal("15000000")}
    assert values["organisation_name"] == "Centre d'accueil de Conakry"
    assert values["organisation_address"] == "Rue KA-020, +224 620 00 00 00"
    assert values["followup_months"] == [1, 3, 6, 12, 24]
    assert values["stale_months"] == 18
    assert values["idle_timeout_seconds"] == 300  # not touched: not saved
    assert len(events(app_ctx.db, action="settings")) == 5
    again = _dialog(qtbot, tmp_path, app_ctx)  # the next opening shows what was saved
    assert again.editors["grant_ceilings"].text() == "EUR 1500, GNF 15000000"


def test_a_wrong_value_is_one_sentence_and_nothing_is_saved(qtbot, tmp_path, app_ctx):
    dialog = _dialog(qtbot, tmp_path, app_ctx)
    _retype(qtbot, dialog.editors["grant_ceilings"], "EURO 1500")
    _retype(qtbot, dialog.editors["organisation_name"], "Centre")
    dialog._save()
    assert dialog.isVisible()
    assert "“EURO” is not a three-letter currency code" in dialog.error.text()
    assert dialog.focusWidget() is dialog.editors["grant_ceilings"]  # where to correct
    assert settings.get(app_ctx.db, "organisation_name") == ""
    assert not (tmp_path / "s.json").exists()


def test_a_counsellor_sees_the_centres_settings_but_cannot_change_them(
        qtbot, tmp_path, app_ctx):
    settings.update(app_ctx, {"organisation_name": "Centre"})
    add_user(app_ctx, "cora", "counsellor", "cora's long password")
    cora = sign_in(app_ctx.db, "cora", "cora's long password")
    dialog = _dialog(qtbot, tmp_path, cora)
    name = dialog.editors["organisation_name"]
    assert name.text() == "Centre" and not name.isEnabled()
    assert "administrator" in name.toolTip()
    assert dialog.editors["interface_language"].isEnabled()
    dialog._save()  # this computer's settings only
    assert dialog.result() == QDialog.Accepted
    assert (tmp_path / "s.json").exists()


def _tick(qtbot, lst, flag):
    """Tick the list's row for ``flag`` as a user does: select it, press space."""
    for i in range(lst.count()):
        item = lst.item(i)
        if item.data(Qt.UserRole) == flag:
            lst.setFocus()
            lst.setCurrentItem(item)
            qtbot.keyClick(lst, Qt.Key_Space)
            return item
    raise AssertionError(f"no row for {flag}")


def test_an_administrator_marks_more_flags_strictly_confidential(qtbot, tmp_path, app_ctx):
    from counsel_app.session.confidentiality import ALWAYS, confidential_flags

    dialog = _dialog(qtbot, tmp_path, app_ctx)
    flags = dialog.editors["strictly_confidential_flags"]
    shown = [flags.item(i).text() for i in range(flags.count())]
    assert "Psychosocial distress" in shown
    assert "Gender-based violence" not in shown  # always confidential: not a choice
    item = _tick(qtbot, flags, "psychosocial")
    assert item.checkState() == Qt.Checked
    dialog._save()
    assert dialog.result() == QDialog.Accepted and dialog.error.text() == ""
    assert confidential_flags(app_ctx) == ALWAYS | {"psychosocial"}  # the rule reads it
    assert [e.detail for e in events(app_ctx.db, action="settings")] == [
        "setting strictly_confidential_flags"]
    again = _dialog(qtbot, tmp_path, app_ctx)
    ticked = again.editors["strictly_confidential_flags"]
    assert [ticked.item(i).data(Qt.UserRole) for i in range(ticked.count())
            if ticked.item(i).checkState() == Qt.Checked] == ["psychosocial"]


def test_a_counsellor_cannot_mark_flags_strictly_confidential(qtbot, tmp_path, app_ctx):
    from counsel_app.session.confidentiality import ALWAYS, confidential_flags, mark_flags

    mark_flags(app_ctx, ["health"])
    add_user(app_ctx, "cora", "counsellor", "cora's long password")
    cora = sign_in(app_ctx.db, "cora", "cora's long password")
    dialog = _dialog(qtbot, tmp_path, cora)
    flags = dialog.editors["strictly_confidential_flags"]
    assert not flags.isEnabled() and "administrator" in flags.toolTip()
    dialog._save()
    assert dialog.result() == QDialog.Accepted
    assert confidential_flags(cora) == ALWAYS | {"health"}  # unchanged
