"""Errors about country packs: one clear sentence naming the file and the place inside it."""

from __future__ import annotations

from counsel_app.errors import UserError


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
