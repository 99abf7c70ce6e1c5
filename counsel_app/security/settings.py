"""Data-protection settings kept in the database (``security_settings``), so every station
sharing a database applies the same policy."""

from __future__ import annotations

from typing import Any

from counsel_app.security.models import SecuritySetting
from counsel_app.storage.db import Database


def get_setting(db: Database, key: str, default: Any) -> Any:
    with db.read_session() as session:
        row = session.get(SecuritySetting, key)
        return default if row is None else row.value.get("value", default)


def set_setting(db: Database, key: str, value: Any) -> None:
    with db.session() as session:
        row = session.get(SecuritySetting, key)
        if row is None:
            session.add(SecuritySetting(key=key, value={"value": value}))
        else:
            row.value = {"value": value}
