"""Settings, declared once: key, type, default, translatable title, who may change it.

Two kinds, by where they live:

* **centre** settings hold for every station sharing the database (grant ceilings,
  staleness of country information, the inactivity lock, the organisation printed on
  documents, follow-up intervals). They are stored in the ``centre_settings`` table; only
  an account with the setting's permission changes them, and each change is audited in
  the same transaction (:func:`update`). Read with :func:`get` (no sign-in needed).
* **station** settings belong to this computer and its user (interface language, data
  folder, database, logo file): JSON in the data folder, :class:`Preferences`. Window
  geometry is apart (kept by Qt).

Every door reads these declarations: the Settings dialog (``ui/settings_dialog.py``), the
command line (``counsel-app settings list|get|set``), the documents (through the services
that print them). Text typed in the dialog or on the command line is read by
:func:`parse` and shown by :func:`show`, so both doors accept the same input and refuse it
with the same sentence. No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import DOCUMENT_LANGUAGES, INTERFACE_LANGUAGES, N_, _
from counsel_app.paths import data_dir
from counsel_app.session.screening import CONFIDENTIAL_FLAGS, FLAGS

log = logging.getLogger(__name__)

CENTRE = "centre"
STATION = "station"
#: who may change a centre setting (``counsel_app.security.roles.Permission.SETTINGS``)
MANAGE = "settings.manage"


@dataclass(frozen=True)
class Setting:
    key: str
    #: ``str``, ``int``, ``bool``, ``list`` (of ``item`` values) or ``dict`` (currency -> amount)
    type: type
    default: Any
    title: str  #: untranslated (``N_``)
    scope: str = STATION
    #: the permission needed to change it; ``None``: whoever uses this station
    permission: str | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    #: editor hint: "language", "languages", "folder", "file", "url", "text" (several
    #: lines), "minutes" (a number of seconds shown in minutes), "months", "money",
    #: "flags" (vulnerability flags, ticked in a list)
    kind: str = ""
    item: type = str  #: the type of a list's items
    help: str = ""  #: untranslated (``N_``): one line on what it changes

    @property
    def is_centre(self) -> bool:
        return self.scope == CENTRE


SETTINGS: dict[str, Setting] = {}


def declare(setting: Setting) -> Setting:
    SETTINGS[setting.key] = setting
    return setting


# -- this station ----------------------------------------------------------------------------
declare(Setting("interface_language", str, "en", N_("Interface language"),
                choices=INTERFACE_LANGUAGES, kind="language"))
declare(Setting("plan_languages", list, ["en", "fr", "ar"], N_("Languages offered for plans"),
                choices=DOCUMENT_LANGUAGES, kind="languages"))
declare(Setting("data_folder", str, "", N_("Data folder (empty: the default)"), kind="folder"))
declare(Setting("database_url", str, "", N_("Database (empty: the file in the data folder)"),
                kind="url"))
declare(Setting("organisation_logo", str, "", N_("Organisation logo on prints (PNG or JPEG)"),
                kind="file"))
declare(Setting("high_contrast", bool, False, N_("High contrast colours"),
                help=N_("Darker text and stronger colours on every screen; takes effect the "
                        "next time Counsel starts.")))

# -- the centre (every station) ------------------------------------------------------------
declare(Setting("organisation_name", str, "", N_("Organisation name on prints"),
                scope=CENTRE, permission=MANAGE, maximum=200))
declare(Setting("organisation_address", str, "", N_("Organisation address and phone on prints"),
                scope=CENTRE, permission=MANAGE, maximum=500, kind="text"))
declare(Setting("grant_ceilings", dict, {}, N_("Grant ceiling per currency"),
                scope=CENTRE, permission=MANAGE, kind="money",
                help=N_("For example “GNF 15000000, EUR 1500”; a plan over its currency's "
                        "ceiling cannot be marked ready.")))
declare(Setting("stale_months", int, 12, N_("Country information is old after (months)"),
                scope=CENTRE, permission=MANAGE, minimum=1, maximum=120, kind="months",
                help=N_("Older information is marked with its date on screen and in "
                        "handouts.")))
declare(Setting("idle_timeout_seconds", int, 5 * 60,
                N_("Inactivity lock (every station)"),
                scope=CENTRE, permission=MANAGE, minimum=30, maximum=60 * 60, kind="minutes",
                help=N_("In seconds on the command line, in minutes in the Settings dialog.")))
declare(Setting("followup_months", list, [1, 3, 6, 12, 18],
                N_("Follow-up visits (months after arrival)"),
                scope=CENTRE, permission=MANAGE, item=int, minimum=1, maximum=60,
                kind="months"))
#: read through :func:`counsel_app.session.confidentiality.confidential_flags` (the rule)
declare(Setting("strictly_confidential_flags", list, [],
                N_("Also strictly confidential"),
                scope=CENTRE, permission=MANAGE, kind="flags",
                choices=tuple(f for f in FLAGS if f not in CONFIDENTIAL_FLAGS),
                help=N_("Trafficking, gender-based violence and SOGI are always strictly "
                        "confidential; the flags ticked here are too at this centre. They "
                        "leave the station only with the person's consent for that "
                        "recipient, and monitoring never counts them.")))


def setting(key: str) -> Setting:
    """The declared setting ``key``; one sentence when there is none."""
    try:
        return SETTINGS[key]
    except KeyError:
        raise UserError(_("There is no setting “{key}”; “counsel-app settings list” shows "
                          "them.").format(key=key)) from None


def centre_settings() -> list[Setting]:
    return [s for s in SETTINGS.values() if s.is_centre]


def station_settings() -> list[Setting]:
    return [s for s in SETTINGS.values() if not s.is_centre]


# -- values: check, read text, show ---------------------------------------------------------

def validate(setting: Setting, value: Any) -> Any:
    """``value`` as the setting's type, or a :class:`ValidationError` naming the setting."""
    title = _(setting.title)

    def bad(message: str) -> ValidationError:
        return ValidationError(message, setting.key)

    if setting.type is bool:
        if not isinstance(value, bool):
            raise bad(_("{setting}: expected yes or no.").format(setting=title))
        return value
    if setting.type is int:
        return _number(setting, value, title)
    if setting.type is list:
        if not isinstance(value, (list, tuple)):
            raise bad(_("{setting}: expected a list.").format(setting=title))
        if setting.item is int:
            numbers = [_number(setting, v, title) for v in value]
            if len(set(numbers)) != len(numbers):
                raise bad(_("{setting}: each value once.").format(setting=title))
            return sorted(numbers)
        if not all(isinstance(v, str) for v in value):
            raise bad(_("{setting}: expected a list.").format(setting=title))
        unknown = [v for v in value if setting.choices and v not in setting.choices]
        if unknown:
            raise bad(_("{setting}: “{value}” is not offered.").format(
                setting=title, value=unknown[0]))
        return list(value)
    if setting.type is dict:
        if not isinstance(value, dict):
            raise bad(_("{setting}: expected a currency and an amount, such as “EUR 1500”.")
                      .format(setting=title))
        out = {}
        for code, amount in value.items():
            code = str(code).strip().upper()
            if len(code) != 3 or not code.isalpha():
                raise bad(_("{setting}: “{value}” is not a three-letter currency code such as "
                            "EUR or GNF.").format(setting=title, value=code))
            try:
                number = Decimal(str(amount))
            except InvalidOperation:
                raise bad(_("{setting}: “{value}” is not an amount.").format(
                    setting=title, value=amount)) from None
            if not number.is_finite() or number <= 0:
                raise bad(_("{setting}: the amount for {currency} must be more than zero.")
                          .format(setting=title, currency=code))
            out[code] = number
        return dict(sorted(out.items()))
    value = "" if value is None else str(value)
    if setting.choices and value not in setting.choices:
        raise bad(_("{setting}: “{value}” is not offered.").format(setting=title, value=value))
    if setting.maximum is not None and len(value) > setting.maximum:
        raise bad(_("{setting}: at most {n} characters.").format(setting=title,
                                                                 n=setting.maximum))
    return value


def _number(setting: Setting, value: Any, title: str) -> int:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("{setting}: “{value}” is not a whole number.").format(
            setting=title, value=value), setting.key) from None
    if (setting.minimum is not None and number < setting.minimum) or (
            setting.maximum is not None and number > setting.maximum):
        if setting.kind == "minutes":
            raise ValidationError(_("{setting}: from {low} seconds to {high} minutes.").format(
                setting=title, low=setting.minimum, high=setting.maximum // 60), setting.key)
        raise ValidationError(_("{setting} must be between {low} and {high}.").format(
            setting=title, low=setting.minimum, high=setting.maximum), setting.key)
    return number


#: the first bytes of the image formats a print's logo may be in (PNG, JPEG)
_IMAGE_STARTS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_logo_file(path: str | Path, where: str, field: str | None = None) -> Path:
    """``path`` as a logo prints can carry, or a :class:`ValidationError` saying, after
    ``where`` (a setting's title, an option), why not: a print would leave a logo it cannot
    draw out without a word."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValidationError(_("{where}: “{path}” is a folder, not a file.").format(
            where=where, path=path), field)
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except FileNotFoundError:
        raise ValidationError(_("{where}: there is no file “{path}”.").format(
            where=where, path=path), field) from None
    except OSError:
        start = b""
    if not start.startswith(_IMAGE_STARTS):
        raise ValidationError(_("{where}: “{path}” is not a PNG or JPEG image.").format(
            where=where, path=path), field)
    return path


def parse(setting: Setting, text: str, *, saved: Any = None) -> Any:
    """A value from the text a person typed (dialog or command line), checked. ``saved``:
    the value saved now, if known; a logo left as it was saved is not checked again (a
    file removed since must not stop other settings from being saved)."""
    text = (text or "").strip()
    if setting.key == "organisation_logo" and text and text != (saved or ""):
        check_logo_file(text, _(setting.title), setting.key)
    if setting.type is dict:
        if text.lower() in ("", "none", "-"):
            return {}
        value = {}
        for part in text.replace(";", ",").split(","):
            if not part.strip():
                continue
            pieces = part.replace("=", " ").split()
            if len(pieces) != 2:
                raise ValidationError(_("{setting}: write each ceiling as a currency and an "
                                        "amount, such as “EUR 1500”.").format(
                    setting=_(setting.title)), setting.key)
            code, amount = pieces
            if code[:1].isdigit():  # "1500 EUR"
                code, amount = amount, code
            value[code] = amount.replace("_", "")
        return validate(setting, value)
    if setting.type is list:
        items = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        return validate(setting, items)
    if setting.type is bool:
        answer = text.lower()
        if answer in ("yes", "true", "1", "on"):
            return True
        if answer in ("no", "false", "0", "off"):
            return False
        return validate(setting, text)
    return validate(setting, text)


def show(setting: Setting, value: Any) -> str:
    """The text form of ``value`` that :func:`parse` reads back."""
    if setting.type is dict:
        return ", ".join(f"{code} {amount}" for code, amount in value.items())
    if setting.type is list:
        return ", ".join(str(v) for v in value)
    if setting.type is bool:
        return "yes" if value else "no"
    return str(value)


# -- centre settings: the database ------------------------------------------------------------

def _stored(setting: Setting, raw: Any) -> Any:
    if setting.type is dict:
        return {k: Decimal(v) for k, v in raw.items()}
    return raw


def _storable(setting: Setting, value: Any) -> Any:
    if setting.type is dict:
        return {k: str(v) for k, v in value.items()}
    return value


def get(db, key: str) -> Any:
    """The centre setting ``key`` (its default when never set, or when the stored value no
    longer passes the declaration: that is logged, never shown)."""
    return values(db, [key])[key]


def values(db, keys: list[str] | None = None) -> dict[str, Any]:
    """Centre settings by key (all of them by default), one read."""
    from counsel_app.storage.models import CentreSetting

    wanted = [setting(k) for k in keys] if keys is not None else centre_settings()
    for s in wanted:
        if not s.is_centre:
            raise ValueError(f"{s.key} is a station setting (see Preferences)")
    with db.read_session() as session:
        rows = {r.key: r.value for r in session.query(CentreSetting).filter(
            CentreSetting.key.in_([s.key for s in wanted]))}
    out = {}
    for s in wanted:
        value = s.default
        if s.key in rows:
            try:
                value = validate(s, _stored(s, rows[s.key].get("value")))
            except (UserError, AttributeError, TypeError, ValueError, InvalidOperation):
                log.warning("ignoring the stored centre setting %s", s.key)
        out[s.key] = _copy(value)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def may_change(ctx, key: str) -> bool:
    s = setting(key)
    return s.permission is None or ctx.allows(s.permission)


def update(ctx, changes: dict[str, Any]) -> dict[str, Any]:
    """Set several centre settings at once: every value is checked (and the permission of
    each) before anything is written; the writes and their audit events are one
    transaction. Returns the values saved (only those that changed)."""
    from counsel_app.storage.models import CentreSetting

    checked = {}
    for key, value in changes.items():
        s = setting(key)
        if not s.is_centre:
            raise UserError(_("“{key}” is a setting of this computer; change it in the "
                              "Settings dialog.").format(key=key))
        if s.permission is not None:
            ctx.require(s.permission)
        checked[key] = validate(s, value)
    current = values(ctx.db, list(checked))
    changed = {k: v for k, v in checked.items() if v != current[k]}
    if not changed:
        return {}
    now = datetime.now(timezone.utc)
    with ctx.db.session() as session:
        for key, value in changed.items():
            row = session.get(CentreSetting, key)
            stored = {"value": _storable(SETTINGS[key], value)}
            if row is None:
                session.add(CentreSetting(key=key, value=stored, changed_at=now,
                                          changed_by=ctx.user))
            else:
                row.value, row.changed_at, row.changed_by = stored, now, ctx.user
            ctx.audit("settings", None, f"setting {key}")
    return changed


def set_value(ctx, key: str, value: Any) -> Any:
    """Set one centre setting (checked, permission, audited); returns the value saved."""
    update(ctx, {key: value})
    return get(ctx.db, key)


# -- station settings: this computer's file ---------------------------------------------------

#: where ``settings.json`` was found, once the station's data folder has moved the database
#: and the logs elsewhere (:func:`apply_station_preferences`)
_station_file: Path | None = None


def settings_path() -> Path:
    return _station_file or data_dir() / "settings.json"


def apply_station_preferences() -> Preferences:
    """This station's settings take effect for the whole process, the same at every door
    (the desktop app and the command line), before anything opens a file: the data folder
    setting moves the database and the logs (``settings.json`` stays where it was found)
    unless ``COUNSEL_APP_DATA_DIR`` names a folder. Returns the preferences (the database:
    :func:`database_url`; the interface language)."""
    global _station_file
    try:
        path = settings_path()
    except OSError:  # no data folder to read (the command's own message follows)
        return Preferences()
    prefs = Preferences.load(path)
    folder = prefs["data_folder"]
    if folder and not os.environ.get("COUNSEL_APP_DATA_DIR"):
        _station_file = prefs.path
        os.environ["COUNSEL_APP_DATA_DIR"] = folder
    return prefs


def database_url(explicit: str | None, prefs: Preferences) -> str | None:
    """The database this process opens, at every door: ``--db``, else this station's
    database setting, else ``None`` (``COUNSEL_APP_DB_URL`` or the file in the data folder,
    :class:`counsel_app.storage.db.Database`)."""
    return explicit or prefs["database_url"] or None


class Preferences:
    """This station's settings, stored as JSON in the data folder (``settings.json``).

        prefs = Preferences.load()
        prefs["interface_language"]  # -> "en"
        prefs["plan_languages"] = ["en", "ar"]; prefs.save()
    """

    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None):
        self.path = path
        self._values: dict[str, Any] = {}
        for key, value in (values or {}).items():
            if key in SETTINGS and not SETTINGS[key].is_centre:
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

    def _station(self, key: str) -> Setting:
        s = SETTINGS[key]
        if s.is_centre:
            raise KeyError(f"{key} is a centre setting (see counsel_app.settings.get)")
        return s

    def __getitem__(self, key: str) -> Any:
        s = self._station(key)
        return _copy(self._values.get(key, s.default))

    def __setitem__(self, key: str, value: Any) -> None:
        self._values[key] = validate(self._station(key), value)

    def as_dict(self) -> dict[str, Any]:
        return {s.key: self[s.key] for s in station_settings()}

    def save(self) -> None:
        from country_info.files import write_atomically

        write_atomically(self.path or settings_path(),
                         json.dumps(self._values, indent=2, ensure_ascii=False))
