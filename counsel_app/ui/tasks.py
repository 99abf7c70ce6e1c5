"""Background work: run a function on a QThreadPool, get its result or error on the GUI thread.

    run_task(parent, compute, on_result=show, on_error=None, progress=bar)

``compute`` runs on a worker thread and never touches a widget; ``on_result(value)`` or
``on_error(exc)`` runs on the GUI thread (queued signal). With no ``on_error`` the error goes
to the message-box helper (a :class:`UserError` as its sentence; anything else is logged
and shown as one line with details on request). ``progress`` (a QProgressBar) shows a busy
bar while the task runs.

Tests call :func:`set_pool(SynchronousPool())` so tasks run at once, in order, on the
calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class SynchronousPool:
    """A stand-in for QThreadPool that runs each task immediately (tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, _msecs: int = -1) -> bool:  # noqa: N802 - Qt name
        return True


_pool: Any = None


def set_pool(pool: Any) -> None:
    """Use ``pool`` (``QThreadPool`` or :class:`SynchronousPool`) for later tasks."""
    global _pool
    _pool = pool


def pool() -> Any:
    return _pool or QThreadPool.globalInstance()


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, compute: Callable[[], Any]):
        super().__init__()
        self.compute = compute
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            value = self.compute()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(value)


_live: set[_Signals] = set()


def run_task(parent: QObject | None, compute: Callable[[], Any],
             on_result: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             progress=None) -> None:
    task = _Task(compute)
    signals = task.signals
    _live.add(signals)  # keep the QObject alive until the GUI thread has the answer

    def done() -> None:
        _live.discard(signals)
        if progress is not None:
            progress.setVisible(False)

    def finished(value) -> None:
        done()
        if on_result is not None:
            on_result(value)

    def failed(exc) -> None:
        done()
        if on_error is not None:
            on_error(exc)
        else:
            from counsel_app.ui.messages import show_exception

            show_exception(parent if hasattr(parent, "window") else None, exc)

    signals.finished.connect(finished)
    signals.failed.connect(failed)
    if progress is not None:
        progress.setRange(0, 0)  # busy
        progress.setVisible(True)
    pool().start(task)
