"""Preferences, actions registry, the task helper, the error path."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QThreadPool, Qt

from counsel_app.errors import UserError
from counsel_app.ui import actions, messages, tasks
from counsel_app.settings import SETTINGS, Preferences


def test_preferences_declared_once_with_defaults_validation_and_save(tmp_path):
    from counsel_app.settings import Setting, declare

    assert {"interface_language", "plan_languages", "data_folder", "database_url",
            "organisation_logo"} <= set(SETTINGS)
    declare(Setting("test_copies", int, 2, "Copies", minimum=1, maximum=9))
    try:
        path = tmp_path / "settings.json"
        prefs = Preferences.load(path)
        assert prefs["interface_language"] == "en" and prefs["test_copies"] == 2
        prefs["interface_language"] = "ar"
        prefs["test_copies"] = "5"
        with pytest.raises(UserError, match="between"):
            prefs["test_copies"] = 0
        with pytest.raises(UserError, match="not offered"):
            prefs["interface_language"] = "xx"
        with pytest.raises(UserError, match="not offered"):
            prefs["plan_languages"] = ["en", "klingon"]
        prefs.save()
        again = Preferences.load(path)
        assert again["interface_language"] == "ar" and again["test_copies"] == 5
        path.write_text(json.dumps({"test_copies": "lots", "unknown": 1}))
        assert Preferences.load(path)["test_copies"] == 2  # bad stored value: the default
        path.write_text("{not json")
        assert Preferences.load(path)["interface_language"] == "en"
    finally:
        del SETTINGS["test_copies"]


def test_every_action_has_a_menu_and_no_shortcut_is_used_twice():
    seen = {}
    for spec in actions.ACTIONS.values():
        assert spec.menu in actions.MENUS
        keys = spec.shortcut if isinstance(spec.shortcut, tuple) else (spec.shortcut,)
        for key in keys:
            if key is None:
                continue
            assert key not in seen, f"{spec.id} and {seen[key]} share {key}"
            seen[key] = spec.id


def test_main_window_menus_come_from_the_registry(qtbot, app_ctx):
    from counsel_app.ui.main_window import MainWindow

    hits = []
    actions.register_action(actions.ActionSpec(
        "tools.test_hook", "Test hook", "tools", handler=lambda host: hits.append(host.ctx.user)))
    try:
        window = MainWindow(app_ctx)
        qtbot.addWidget(window)
        window.actions_by_id["tools.test_hook"].trigger()
        assert hits == ["admin"]
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles[0] == "&File" and "&Tools" in titles
    finally:
        del actions.ACTIONS["tools.test_hook"]


def test_task_result_and_error_arrive_on_the_gui_thread(qtbot):
    tasks.set_pool(QThreadPool())
    got = []
    tasks.run_task(None, lambda: 6 * 7, got.append)
    tasks.run_task(None, lambda: 1 / 0, None, lambda exc: got.append(type(exc).__name__))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=3000)
    assert sorted(map(str, got)) == ["42", "ZeroDivisionError"]


def test_unexpected_error_shows_one_line_with_details_hidden(qtbot, answers, caplog):
    try:
        raise RuntimeError("boom in worker")
    except RuntimeError as exc:
        messages.show_exception(None, exc)
    title, text = answers.shown[-1]
    assert "boom" not in text and "Something went wrong" in text
    assert "boom in worker" in caplog.text
    messages.show_exception(None, UserError("The file is not a pack."))
    assert answers.shown[-1][1] == "The file is not a pack."


def test_settings_dialog_saves_this_computers_settings_to_its_file(qtbot, tmp_path):
    from counsel_app.ui.settings_dialog import SettingsDialog

    prefs = Preferences.load(tmp_path / "s.json")
    dialog = SettingsDialog(prefs)
    qtbot.addWidget(dialog)
    assert "organisation_name" not in dialog.editors  # the centre's: needs a signed-in user
    logo = tmp_path / "logo.png"  # a logo is checked: a file, and a PNG or JPEG image
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(24))
    qtbot.keyClicks(dialog.editors["organisation_logo"].line_edit, str(logo))
    plans = dialog.editors["plan_languages"]
    plans.item(3).setCheckState(Qt.Checked)  # Arabic is the 4th document language
    dialog._save()
    again = Preferences.load(tmp_path / "s.json")
    assert again["organisation_logo"] == str(logo)
    assert "ar" in again["plan_languages"]
    # the logo file goes away: the other settings can still be saved, the logo is kept...
    logo.unlink()
    dialog = SettingsDialog(again)
    qtbot.addWidget(dialog)
    dialog.editors["plan_languages"].item(3).setCheckState(Qt.Unchecked)
    dialog._save()
    again = Preferences.load(tmp_path / "s.json")
    assert "ar" not in again["plan_languages"] and again["organisation_logo"] == str(logo)
    # ...but a new logo that is not there is refused in one sentence, and nothing is saved
    dialog = SettingsDialog(again)
    qtbot.addWidget(dialog)
    dialog.editors["organisation_logo"].line_edit.setText(str(tmp_path / "other.png"))
    dialog.editors["plan_languages"].item(3).setCheckState(Qt.Checked)
    dialog._save()
    assert "there is no file" in dialog.error.text()
    again = Preferences.load(tmp_path / "s.json")
    assert "ar" not in again["plan_languages"] and again["organisation_logo"] == str(logo)


def test_settings_dialog_sets_the_centre_idle_timeout(qtbot, tmp_path, app_ctx):
    from counsel_app.security.idle import idle_timeout_seconds
    from counsel_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Preferences.load(tmp_path / "s.json"), None, app_ctx)
    qtbot.addWidget(dialog)
    dialog.idle.setValue(12)
    dialog._save()
    assert idle_timeout_seconds(app_ctx.db) == 12 * 60


def _inside_combo(widget) -> bool:
    parent = widget.parent()
    while parent is not None:
        if type(parent).__name__ in ("QComboBox", "QComboBoxPrivateContainer"):
            return True
        parent = parent.parent()
    return False


def test_every_control_in_the_wizard_has_an_accessible_name(qtbot, app_ctx, answers):
    from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox,
                                   QDateEdit, QLineEdit, QPlainTextEdit, QSpinBox, QWidget)

    from counsel_app.domain.case import Case, Person
    from counsel_app.ui.main_window import MainWindow

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.open_case(case.id)
    for key in [s.key for s in window.wizard.specs]:
        window.wizard.go_to(key)
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QDateEdit,
             QAbstractItemView)
    missing = []
    for widget in (w for w in window.findChildren(QWidget) if isinstance(w, kinds)):
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QSpinBox,
                                                                        QDateEdit)):
            continue  # the inner editor of a combo or spin box
        if type(widget).__name__ in ("QToolButton", "QHeaderView") or widget.objectName().startswith("qt_"):
            continue
        if _inside_combo(widget):
            continue
        if not widget.accessibleName() and not (isinstance(widget, QAbstractButton)
                                                and widget.text()):
            missing.append(f"{type(widget).__name__}:{widget.objectName()}")
    assert missing == []
