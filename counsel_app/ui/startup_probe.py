"""``counsel-app [--db URL] --startup-time[=case-list]``: how long the desktop app takes to
a usable main window. A diagnostic for the benchmarks (``benchmarks/bench_ui.py``,
``bench_packaging.py``) and for support, not listed in ``--help``; a global option rather
than a command, so that it takes exactly the app's path (command line without the
sub-commands, Qt, preferences, language, :func:`counsel_app.ui.app.run_app`: the main
window on its sign-in page, the database opened and brought up to date on a worker
thread, whatever else the app starts), only watched:

* ``--startup-time``: the main window is shown on its sign-in page, ready for typing (the password
  field, or the user name, has the keyboard focus); the database is still opening on its
  worker thread. ``READY 0 <cpu-ms>``.
* ``--startup-time=typing``: as the default, then a key typed into the password field every
  10 ms while the database opens: ``TYPED <typed>/<keys> max-lag ...`` (how late keys were
  handled, in ms: the window stays usable while the database layer loads); then, with
  ``COUNSEL_APP_PASSWORD`` set, the right password and Enter: ``SIGNED-IN <ms>`` when the
  case list shows its count.
* ``--startup-time=case-list``: the same start, then the credentials of ``COUNSEL_APP_USER`` /
  ``COUNSEL_APP_PASSWORD`` are entered on the page at once (as if typed in no time) and
  signed in; ready when the case list shows its first page and the case count.
  ``READY <rows> <cpu-ms>``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

#: Longest wait for the main window to become usable before giving up.
TIMEOUT_MS = 60_000


def measure_startup(args: argparse.Namespace, load_areas: Callable[[], None],
                    mode: str = "window", timeout_ms: int = TIMEOUT_MS) -> int:
    case_list = mode == "case-list"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from counsel_app.ui import app as desktop
    from counsel_app.ui import tasks

    started = time.perf_counter()
    result = {"ready": False}

    def say_ready(rows: int) -> None:
        result["ready"] = True
        print(f"READY {rows} {time.process_time() * 1000:.0f}", flush=True)

    def finish() -> None:
        tasks.pool().waitForDone(timeout_ms)  # let background work (opening, retention) end
        QApplication.instance().quit()

    def timed_out() -> bool:
        if (time.perf_counter() - started) * 1000 > timeout_ms:
            QApplication.instance().quit()
            return True
        return False

    def type_while_opening(page) -> None:
        """Type a key every 10 ms into the password field while the database opens, and
        say how late each keystroke was handled (the event loop's lag)."""
        from PySide6.QtCore import QCoreApplication, QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        page.password.setFocus()
        page.password.clear()
        lags: list[float] = []
        due = [time.perf_counter() + 0.010]

        def key() -> None:
            now = time.perf_counter()
            lags.append(max(0.0, (now - due[0]) * 1000))
            for kind in (QEvent.KeyPress, QEvent.KeyRelease):  # QtTest is not in the build
                QCoreApplication.sendEvent(page.password, QKeyEvent(
                    kind, Qt.Key_A, Qt.NoModifier, "a"))
            if page.db is None or len(lags) < 20:
                due[0] = time.perf_counter() + 0.010
                QTimer.singleShot(10, page, key)
                return
            typed = len(page.password.text())
            ordered = sorted(lags)
            print(f"TYPED {typed}/{len(lags)} max-lag {ordered[-1]:.1f} ms, median "
                  f"{ordered[len(ordered) // 2]:.1f} ms, database open after "
                  f"{(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
            press_enter(page)

        QTimer.singleShot(10, page, key)

    def press_enter(page) -> None:
        """With ``COUNSEL_APP_PASSWORD`` set: the right password, Enter, and the time to
        the case list with its count (``SIGNED-IN <ms>``), what a user waits for."""
        import os

        password = os.environ.get("COUNSEL_APP_PASSWORD")
        if not password:
            finish()
            return
        window = page.window()
        pressed = time.perf_counter()

        def listed(_count: int) -> None:
            print(f"SIGNED-IN {(time.perf_counter() - pressed) * 1000:.1f}", flush=True)
            finish()

        window.signed_in.connect(lambda _ctx: window.case_list.counted.connect(listed))
        page.user.setText(os.environ.get("COUNSEL_APP_USER") or "admin")
        page.password.setText(password)
        page.submit()

    def on_shown(window) -> None:
        page = window.sign_in_page
        QTimer.singleShot(timeout_ms, window, QApplication.instance().quit)

        def sign_in_ready() -> None:
            if window.isVisible() and page.focusWidget() is not None and \
                    page.focusWidget().hasFocus():
                say_ready(0)
                if mode == "typing":
                    type_while_opening(page)
                else:
                    finish()
            elif not timed_out():
                QTimer.singleShot(2, sign_in_ready)

        def case_list_ready(_count: int) -> None:
            if not result["ready"]:
                say_ready(window.case_list.model.rowCount())
                finish()

        if not case_list:
            QTimer.singleShot(0, sign_in_ready)
            return
        import os  # not counsel_app.context: it would load the database layer right here

        page.user.setText(os.environ.get("COUNSEL_APP_USER") or "admin")
        page.password.setText(os.environ.get("COUNSEL_APP_PASSWORD") or "")
        # no polling (it would take the interpreter's lock from the thread opening the
        # database): the case list says when its count is shown
        window.signed_in.connect(lambda _ctx: window.case_list.counted.connect(case_list_ready))
        QTimer.singleShot(0, page.submit)

        def refused() -> None:  # a wrong password or a database that cannot be opened
            if window.sign_in_page is not None and page.error.text():
                print(page.error.text(), file=sys.stderr)
                QApplication.instance().quit()
            elif not result["ready"]:
                QTimer.singleShot(200, window, refused)

        QTimer.singleShot(200, window, refused)

    code = desktop.run_app(args, load_areas, on_shown=on_shown)
    return 0 if result["ready"] and code == 0 else 1
