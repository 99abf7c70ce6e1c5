"""Preferences, declared once: key, type, default, translatable title (no Qt here).

Stored as JSON in the user's data folder (``settings.json``), apart from window geometry
(kept by Qt in QSettings). Other areas may declare their own with :func:`declare`.

    prefs = Preferences.load()
    prefs["interface_language"]  # -> "en"
    prefs["organisation_name"] = "…"; prefs.save()

The inactivity lock's timeout is a policy of the whole centre: it lives in the database
(:mod:`counsel_app.security.idle`) and the settings dialog edits it there.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counsel_app.errors import UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, INTERFACE_LANGUAGES, N_, _
from counsel_app.paths import data_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    key: str
    type: type  # str, int, bool, list
    default: Any
    title: str  # untranslated (N_)
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    kind: str = ""  # editor hint: "language", "languages", "folder", "file", "url"


SETTINGS: dict[str, Setting] = {}


def declare(setting: Setting) -> Setting:
    SETTINGS[setting.key] = setting
    return setting


declare(Setting("interface_language", str, "en", N_("Interface language"),
                choices=INTERFACE_LANGUAGES, kind="language"))
declare(Setting("plan_languages", list, ["en", "fr", "ar"], N_("Languages offered for plans"),
                choices=DOCUMENT_LANGUAGES, kind="languages"))
declare(Setting("data_folder", str, "", N_("Data folder (empty: the default)"), kind="folder"))
declare(Setting("database_url", str, "", N_("Database (empty: the file in the data folder)"),
                kind="url"))
declare(Setting("organisation_name", str, "", N_("Organisation name on prints")))
declare(Setting("organisation_logo", str, "", N_("Organisation logo on prints (PNG or JPEG)"),
                kind="file"))


def settings_path() -> Path:
    return data_dir() / "settings.json"


class Preferences:
    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None):
        self.path = path
        self._values: dict[str, Any] = {}
        for key, value in (values or {}).items():
            if key in SETTINGS:
                try:
                    self._values[key] = validate(SETTINGS[key], value)
                except UserError as exc:
                    log.warning("ignoring stored setting %s: %s", key, exc)

    @classmethod
    def load(cls, path: Path | None = None) -> Preferences:
        path = path or settings_path()
        try:
            values = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            if not isinstance(values, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            log.warning("settings file unreadable, using defaults: %s", exc)
            values = {}
        return cls(values, path)

    def __getitem__(self, key: str) -> Any:
        setting = SETTINGS[key]
        value = self._values.get(key, setting.default)
        return list(value) if isinstance(value, list) else value

    def __setitem__(self, key: str, value: Any) -> None:
        self._values[key] = validate(SETTINGS[key], value)

    def as_dict(self) -> dict[str, Any]:
        return {key: self[key] for key in SETTINGS}

    def save(self) -> None:
        from country_info.files import write_atomically

        write_atomically(self.path or settings_path(),
                         json.dumps(self._values, indent=2, ensure_ascii=False))


def validate(setting: Setting, value: Any) -> Any:
    title = _(setting.title)
    if setting.type is bool:
        if not isinstance(value, bool):
            raise UserError(_("{setting}: expected yes or no.").format(setting=title))
        return value
    if setting.type is int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise UserError(_("{setting}: “{value}” is not a whole number.").format(
                setting=title, value=value)) from None
        if (setting.minimum is not None and number < setting.minimum) or (
                setting.maximum is not None and number > setting.maximum):
            raise UserError(_("{setting} must be between {low} and {high}.").format(
                setting=title, low=setting.minimum, high=setting.maximum))
        return number
    if setting.type is list:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise UserError(_("{setting}: expected a list.").format(setting=title))
        bad = [v for v in value if setting.choices and v not in setting.choices]
        if bad:
            raise UserError(_("{setting}: “{value}” is not offered.").format(
                setting=title, value=bad[0]))
        return list(value)
    value = "" if value is None else str(value)
    if setting.choices and value not in setting.choices:
        raise UserError(_("{setting}: “{value}” is not offered.").format(setting=title, value=value))
    return value
