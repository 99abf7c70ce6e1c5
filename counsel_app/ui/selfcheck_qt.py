"""Self-check of the desktop layer (``counsel-app --self-check``, see
:mod:`counsel_app.selfcheck`): Qt starts on a platform plug-in and the main window opens on
a temporary database, with every session step registered.

Without a display the check uses Qt's ``offscreen`` plug-in, so it also runs on a build
server. It proves the built app carries Qt's plug-ins and every module the window and its
steps load (the manifest, :func:`counsel_app.areas.check_main_window`, loads the areas
first).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def check_main_window() -> str:
    from counsel_app.display import has_display

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from counsel_app.ui import tasks
    from counsel_app.ui.app import make_application
    from counsel_app.ui.main_window import MainWindow
    from counsel_app.demo import sample_case
    from counsel_app.ui.session_steps import ordered_steps
    from counsel_app.ui.session_wizard import SessionWizard

    app = make_application()
    platform = app.platformName()
    check_signal_references()
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
            # a sample case, every step built (each imports its widget module when first
            # shown: a module missing from a build fails here, not in front of a user)
            wizard = SessionWizard(ctx, ctx.cases.create(sample_case()))
            for step in steps:
                wizard.step_widget(step.key)
            app.processEvents()
            tasks.pool().waitForDone(10_000)
            wizard.close_case()
            wizard.deleteLater()
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            db.dispose()
    return (f"desktop window opens (Qt platform {platform}, {len(steps)} session steps "
            f"built on a sample case); signals emitted from Python keep True's references")


def check_signal_references() -> None:
    """Raise if the Qt binding takes a reference from ``True`` on every signal emitted from
    Python (PySide6 6.12.0 did: on Python 3.11 the app then aborted with "Fatal Python
    error: bool_dealloc" some ten thousand emits later, in a session or at exit)."""
    import sys

    import PySide6
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(100):
        probe.ping.emit()
    if sys.getrefcount(True) < before - 50:
        raise RuntimeError(
            f"PySide6 {PySide6.__version__} loses a reference to True on each signal emitted "
            f"from Python: the app would abort in a long session; install another version "
            f"(pyproject.toml excludes 6.12.0)")
