"""``counsel-app startup-time``: how long the desktop app takes to a usable main window.

A diagnostic for the benchmarks (``benchmarks/bench_packaging.py``) and for support, not
listed in ``--help``. It runs the desktop app's own start (:func:`counsel_app.ui.app.run_app`:
Qt application, preferences, interface language, database opened and brought up to date,
main window with its case list, whatever else the app starts) with one difference: instead
of the sign-in dialog it signs in with the credentials the headless commands use
(``COUNSEL_APP_USER`` / ``COUNSEL_APP_PASSWORD``). When the main window is shown with its
case list and the case count, it prints ``READY <rows> <cpu-ms>`` and quits. With
``--sign-in-window`` it stops at the first window a user sees, the sign-in dialog.
"""

from __future__ import annotations

import argparse
import time

from counsel_app.i18n import _

#: Longest wait for the main window to become usable before giving up.
TIMEOUT_MS = 60_000


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
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from counsel_app.ui import app as desktop
    from counsel_app.ui import login

    app = desktop.make_application()
    started = time.perf_counter()
    result = {"ready": False}

    def say_ready(rows: int) -> None:
        result["ready"] = True
        print(f"READY {rows} {time.process_time() * 1000:.0f}", flush=True)

    if args.sign_in_window:
        def first_window(db, parent=None):
            dialog = login.make_dialog(db, parent)
            dialog.show()
            app.processEvents()
            say_ready(0)
            dialog.close()
            return None  # as if cancelled: the app ends

        login.obtain_context = first_window
    else:
        from counsel_app.context import credentials_from_environment, unlock

        login.obtain_context = lambda db, parent=None: unlock(db, *credentials_from_environment())

        def poll() -> None:
            windows = [w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QMainWindow) and w.isVisible()]
            case_list = getattr(windows[0], "case_list", None) if windows else None
            if case_list is not None and case_list.count_label.text():
                say_ready(case_list.model.rowCount())
                from counsel_app.ui import tasks

                tasks.pool().waitForDone(TIMEOUT_MS)  # let background work (retention) end
                app.quit()
            elif (time.perf_counter() - started) * 1000 > TIMEOUT_MS:
                app.quit()
            else:
                QTimer.singleShot(2, poll)

        QTimer.singleShot(0, poll)
    desktop.run_app(args)
    return 0 if result["ready"] else 1
