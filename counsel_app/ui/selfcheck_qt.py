"""Self-check of the desktop layer (``counsel-app --self-check``, see
:mod:`counsel_app.selfcheck`): Qt starts on a platform plug-in and the main window opens on
a temporary database, with every session step registered.

Without a display the check uses Qt's ``offscreen`` plug-in, so it also runs on a build
server. It proves the built app carries Qt's plug-ins and every module the window and its
steps load by name.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path


def check_main_window() -> str:
    from counsel_app.cli import has_display

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from counsel_app.ui import tasks
    from counsel_app.ui.app import make_application
    from counsel_app.ui.main_window import MainWindow
    from counsel_app.ui.session_steps import STEP_MODULES, ordered_steps

    for name in STEP_MODULES:  # the wizard logs and skips a module that fails: fail here
        importlib.import_module(name)
    app = make_application()
    platform = app.platformName()
    with tempfile.TemporaryDirectory(prefix="counsel-selfcheck-qt-") as folder:
        db = Database(f"sqlite:///{Path(folder) / 'check.sqlite'}")
        try:
            migrate.upgrade(db)
            ctx = create_first_administrator(db, "selfcheck", "self-check password")
            window = MainWindow(ctx)
            window.show()
            app.processEvents()
            tasks.pool().waitForDone(10_000)  # the case list loads in the background
            app.processEvents()
            if not window.isVisible() or not window.menuBar().actions():
                raise RuntimeError("the main window did not open with its menus")
            steps = ordered_steps()
            if not steps:
                raise RuntimeError("no session steps are registered")
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            db.dispose()
    return f"desktop window opens (Qt platform {platform}, {len(steps)} session steps)"
