"""Errors a user can be shown as one clear sentence.

Every error that reaches a user derives from :class:`UserError`; its ``str()`` is the
message (already translated when it is created through ``_``). Anything else that escapes
is a defect and is logged with its traceback, never shown as one. ``UserError`` itself lives
in :mod:`country_info.errors` (the lower layer, whose pack errors derive from it too).
"""

from country_info.errors import UserError

__all__ = ["ConflictError", "NotFound", "UsageError", "UserError", "ValidationError"]


class UsageError(UserError):
    """A wrong command-line argument."""

    exit_code = 2


class NotFound(UserError):
    """A record that does not exist."""


class ValidationError(UserError):
    """Input that does not meet the rules; ``field`` names where."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConflictError(UserError):
    """Someone else saved the same record since it was read."""
