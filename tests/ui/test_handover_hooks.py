"""The desktop app's hooks for this area: menu actions exist once the manifest has
registered the areas' screens (before a signed-in user's menus are built), and the
consent-withdrawal listener is installed when the areas are loaded."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.ui.conftest import _sync_tasks, app_ctx  # noqa: F401  (fixtures)


def test_followup_actions_are_registered_with_the_registry_itself():
    # a fresh interpreter: nothing else of the handover UI imported before the registry
    code = ("from counsel_app import areas; areas.load_screens(); "
            "from counsel_app.ui import actions; "
            "print(sorted(k for k in actions.ACTIONS if k in "
            "('case.followup', 'file.import_package')))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120, check=True).stdout
    assert out.strip() == "['case.followup', 'file.import_package']"


def test_main_window_menus_hold_the_followup_and_import_actions(qtbot, app_ctx):  # noqa: F811
    from PySide6.QtWidgets import QMenu

    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    case_menu = window.findChild(QMenu, "menu_case")
    file_menu = window.findChild(QMenu, "menu_file")
    assert "case.followup" in [a.objectName() for a in case_menu.actions()]
    assert "file.import_package" in [a.objectName() for a in file_menu.actions()]
    follow = window.actions_by_id["case.followup"]
    assert follow.text() == "&Follow-up after arrival…"


def test_loading_the_areas_installs_the_withdrawal_listener():
    from counsel_app import areas
    from counsel_app.consent import service
    from counsel_app.handover import package

    listener = package.flag_packages_on_withdrawal
    service.WITHDRAWAL_LISTENERS[:] = [
        f for f in service.WITHDRAWAL_LISTENERS if f is not listener]
    areas.load()
    assert service.WITHDRAWAL_LISTENERS.count(listener) == 1
    areas.load()  # twice (a second window, a test): still one listener
    assert service.WITHDRAWAL_LISTENERS.count(listener) == 1
