"""The inactivity lock policy (Qt-free): after how long without input the app locks.

The setting (declared in :mod:`counsel_app.settings`) lives in the database so every station
of a centre uses the same value; the Qt side (:mod:`counsel_app.ui.idle_lock`) watches the input and shows the lock.
"""

from __future__ import annotations

from counsel_app import settings

SETTING_KEY = "idle_timeout_seconds"  #: declared in :mod:`counsel_app.settings`
DEFAULT_TIMEOUT_SECONDS = settings.SETTINGS[SETTING_KEY].default
MIN_TIMEOUT_SECONDS = settings.SETTINGS[SETTING_KEY].minimum
MAX_TIMEOUT_SECONDS = settings.SETTINGS[SETTING_KEY].maximum


def idle_timeout_seconds(db) -> int:
    return settings.get(db, SETTING_KEY)


def idle_timeout_ms(db) -> int:
    return idle_timeout_seconds(db) * 1000


def set_idle_timeout(ctx, seconds: int) -> None:
    """Administrators: the centre's timeout (checked and audited by the settings)."""
    settings.update(ctx, {SETTING_KEY: seconds})


def password_checker(ctx):
    """``verify_password(password) -> bool`` for :func:`install_idle_lock`: the signed-in
    account's password (failures count towards the back-off and lock-out)."""
    from counsel_app.security.accounts import verify_password

    def check(password: str) -> bool:
        return verify_password(ctx.db, ctx.user, password)

    return check
