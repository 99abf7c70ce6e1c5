"""The inactivity lock policy (Qt-free): after how long without input the app locks.

The setting lives in the database so every station of a centre uses the same value; the
Qt side (:mod:`counsel_app.ui.idle_lock`) watches the input and shows the lock.
"""

from __future__ import annotations

from counsel_app.errors import ValidationError
from counsel_app.i18n import _
from counsel_app.security.roles import Permission
from counsel_app.security.settings import get_setting, set_setting

SETTING_KEY = "idle_timeout_seconds"
DEFAULT_TIMEOUT_SECONDS = 5 * 60
MIN_TIMEOUT_SECONDS = 30
MAX_TIMEOUT_SECONDS = 60 * 60


def idle_timeout_seconds(db) -> int:
    value = get_setting(db, SETTING_KEY, DEFAULT_TIMEOUT_SECONDS)
    try:
        return max(MIN_TIMEOUT_SECONDS, min(MAX_TIMEOUT_SECONDS, int(value)))
    except (TypeError, ValueError):
        return DEFAULT_TIMEOUT_SECONDS


def idle_timeout_ms(db) -> int:
    return idle_timeout_seconds(db) * 1000


def set_idle_timeout(ctx, seconds: int) -> None:
    ctx.require(Permission.SETTINGS)
    if not MIN_TIMEOUT_SECONDS <= int(seconds) <= MAX_TIMEOUT_SECONDS:
        raise ValidationError(
            _("The inactivity lock must start after {low} seconds to {high} minutes.").format(
                low=MIN_TIMEOUT_SECONDS, high=MAX_TIMEOUT_SECONDS // 60), "idle_timeout")
    set_setting(ctx.db, SETTING_KEY, int(seconds))
    ctx.audit("settings", None, f"idle timeout {int(seconds)}s")


def password_checker(ctx):
    """``verify_password(password) -> bool`` for :func:`install_idle_lock`: the signed-in
    account's password (failures count towards the back-off and lock-out)."""
    from counsel_app.security.accounts import verify_password

    def check(password: str) -> bool:
        return verify_password(ctx.db, ctx.user, password)

    return check
