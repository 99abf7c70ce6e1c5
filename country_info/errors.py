"""Errors a user can be shown as one clear sentence; errors about country packs name the file
and the place inside it.

:class:`UserError` is the base of every such error, country_info's and counsel_app's alike:
it lives here, in the lower layer, and ``counsel_app.errors`` takes it from here (one class,
so the app shows a :class:`PackError` as it shows its own errors).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and act on. Its ``str()`` is the message (already
    translated when it is created through ``_``); anything else that escapes is a defect and
    is logged with its traceback, never shown as one."""

    exit_code = 1


class PackError(UserError):
    """A pack file that cannot be used. ``where`` is a JSON path inside the file (``$...``)."""

    def __init__(self, message: str, *, source: str = "", where: str = ""):
        self.reason = message
        self.source = source
        self.where = where
        parts = []
        if source:
            parts.append(source)
        if where:
            parts.append(where)
        prefix = (": ".join(parts) + ": ") if parts else ""
        super().__init__(prefix + message)


class SignatureError(PackError):
    """A pack whose signature is missing, unknown or does not match its content."""


def json_path(parts) -> str:
    """``["sections", "health", "items", 3, "source"]`` -> ``$.sections.health.items[3].source``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}"
    return out
