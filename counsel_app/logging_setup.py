"""Logging to a file in the data folder, rotated when a run starts. Logs never hold personal
data: messages name records by their case reference or id, never by a person's details.

The log is ``counsel-app.log``; when it has grown past :data:`MAX_BYTES`, the next start
moves it to ``counsel-app.log.1`` (and ``.1`` to ``.2``..., keeping :data:`BACKUPS`). Not
``logging.handlers.RotatingFileHandler``: importing that module (sockets, pickling) costs
the desktop app's start more than the whole of this one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 5
LOG_NAME = "counsel-app.log"

_configured = False


def rotate(path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
    """Move ``path`` to ``path.1`` (shifting older ones, dropping the oldest) when it has
    grown past ``max_bytes``."""
    try:
        if path.stat().st_size <= max_bytes:
            return
    except FileNotFoundError:
        return
    for n in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger()
    root.setLevel(level)
    try:
        from counsel_app.paths import log_dir

        path = log_dir() / LOG_NAME
        try:
            rotate(path)
        except OSError:  # e.g. held open by another running copy: rotate next time
            pass
        # created its owner's only (0600), like every file in the data folder
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if os.environ.get("COUNSEL_APP_DEBUG") == "1":
        root.addHandler(logging.StreamHandler())
