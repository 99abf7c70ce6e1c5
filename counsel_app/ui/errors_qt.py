"""Uncaught exceptions: to the log, and to one error dialog (details only on request)."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)
_showing = False


def install_excepthook() -> None:
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        global _showing
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if _showing:  # one dialog at a time, never a cascade
            return
        _showing = True
        try:
            from PySide6.QtWidgets import QApplication

            from counsel_app.ui.messages import show_exception

            if QApplication.instance() is not None:
                show_exception(QApplication.activeWindow(), exc.with_traceback(tb))
        finally:
            _showing = False

    sys.excepthook = hook
