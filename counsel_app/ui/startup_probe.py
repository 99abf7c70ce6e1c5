"""The Qt side of ``counsel-app startup-time`` (see :mod:`counsel_app.commands.startup`):
run the desktop app's own start and say when its main window is usable."""

from __future__ import annotations

import argparse
import time

def measure_startup(args: argparse.Namespace, *, timeout_ms: int) -> int:
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

                tasks.pool().waitForDone(timeout_ms)  # let background work (retention) end
                app.quit()
            elif (time.perf_counter() - started) * 1000 > timeout_ms:
                app.quit()
            else:
                QTimer.singleShot(2, poll)

        QTimer.singleShot(0, poll)
    desktop.run_app(args)
    return 0 if result["ready"] else 1
