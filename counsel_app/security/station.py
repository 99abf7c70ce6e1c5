"""Headless commands that change what the station holds (imports) and the audit trail.

Once a station is set up (its database has accounts), every import is made by a signed-in
user and recorded in the audit trail. Before that there is no data key, hence no audit
trail to write to, and no personal data to protect: imports run without signing in (a
fresh installation loading its catalogue or packs).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url


def context_if_set_up(url: str | None):
    """The signed-in context (credentials from COUNSEL_APP_USER / COUNSEL_APP_PASSWORD or a
    prompt) when the database at ``url`` exists and has accounts; ``None`` otherwise.
    A wrong password is a ``UserError``, before anything is imported."""
    from counsel_app.context import (
        credentials_from_environment,
        database_errors,
        open_database,
        unlock,
        warn_about_trail,
    )
    from counsel_app.storage import keys
    from counsel_app.storage.db import normalise_url

    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite" and (
            not parsed.database or not Path(parsed.database).exists()):
        return None
    db = open_database(url)
    with database_errors(db):
        if not keys.is_initialised(db):
            db.dispose()
            return None
        user, password = credentials_from_environment()
        ctx = unlock(db, user, password)
    warn_about_trail(ctx)
    return ctx
