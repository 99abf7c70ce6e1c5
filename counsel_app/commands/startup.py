"""``counsel-app startup-time``: how long the desktop app takes to a usable main window.

A diagnostic for the benchmarks (``benchmarks/bench_packaging.py``) and for support, not
listed in ``--help``. It takes the same path as ``counsel-app`` (command line, Qt
application, interface language, database opened and brought up to date, main window with
its case list) except that the sign-in dialog is replaced by the credentials the headless
commands use (``COUNSEL_APP_USER`` / ``COUNSEL_APP_PASSWORD``). When the window is shown
and its case list loaded it prints ``READY <rows> <cpu-ms>`` and exits. With
``--sign-in-window`` it stops at the first window a user sees, the sign-in dialog.
"""

from __future__ import annotations

import argparse
import time

from counsel_app.i18n import _


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "startup-time",
        description=_("Open the main window as the desktop app does (signing in with "
                      "COUNSEL_APP_USER / COUNSEL_APP_PASSWORD), print READY when it is "
                      "usable, and exit."),
    )
    parser.add_argument("--sign-in-window", action="store_true",
                        help=_("stop at the first window a user sees: the sign-in dialog"))
    parser.set_defaults(func=cmd_startup_time)


def cmd_startup_time(args: argparse.Namespace) -> int:
    from counsel_app.context import credentials_from_environment, open_database, unlock
    from counsel_app.i18n import interface_language
    from counsel_app.ui.app import apply_language, make_application

    app = make_application()
    apply_language(getattr(args, "lang", None) or interface_language())
    db = open_database(getattr(args, "db", None))
    from PySide6.QtCore import QTimer

    if args.sign_in_window:
        from counsel_app.ui.login import make_dialog

        dialog = make_dialog(db)
        dialog.show()

        def shown() -> None:
            print(f"READY 0 {time.process_time() * 1000:.0f}", flush=True)
            dialog.close()
            app.quit()

        QTimer.singleShot(0, shown)
        app.exec()
        db.dispose()
        return 0
    ctx = unlock(db, *credentials_from_environment())

    from counsel_app.ui import tasks
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()

    def ready() -> None:
        tasks.pool().waitForDone(60_000)  # the case list's first page loads in the background
        app.processEvents()
        rows = window.case_list.model.rowCount()
        print(f"READY {rows} {time.process_time() * 1000:.0f}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    db.dispose()
    return 0
