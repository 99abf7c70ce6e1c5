"""Logging to a rotating file in the data folder. Logs never hold personal data:
messages name records by their case reference or id, never by a person's details."""

from __future__ import annotations

import logging
import logging.handlers
import os

_configured = False


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger()
    root.setLevel(level)
    try:
        from counsel_app.paths import log_dir

        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_dir() / "counsel-app.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if os.environ.get("COUNSEL_APP_DEBUG") == "1":
        root.addHandler(logging.StreamHandler())
