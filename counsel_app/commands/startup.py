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
    from counsel_app.ui.startup_probe import measure_startup

    return measure_startup(args, timeout_ms=TIMEOUT_MS)
