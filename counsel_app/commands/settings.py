"""``counsel-app settings list|get|set``: the settings declared in ``counsel_app.settings``.

The centre's settings are read from the database; changing one needs an account allowed
to (administrators), signed in from COUNSEL_APP_USER / COUNSEL_APP_PASSWORD (or a prompt),
and is audited. This computer's settings live in its settings file.
"""

from __future__ import annotations

import argparse

from counsel_app import settings
from counsel_app.i18n import _
from counsel_app.i18n.phrases import label_value


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "settings", help=_("show or change the settings (the centre's: administrators)"),
        description=_("The centre's settings hold for every station sharing the database; "
                      "changing one needs an administrator (COUNSEL_APP_USER and "
                      "COUNSEL_APP_PASSWORD, or a terminal) and is recorded in the audit "
                      "trail. This computer's settings are kept in its settings file."))
    sub = cmd.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help=_("every setting, its value and where it applies"))
    lst.set_defaults(func=cmd_list)
    get = sub.add_parser("get", help=_("one setting's value"))
    get.add_argument("key", metavar="KEY")
    get.set_defaults(func=cmd_get)
    put = sub.add_parser(
        "set", help=_("change a setting (for example: settings set grant_ceilings "
                      "\"GNF 15000000, EUR 1500\")"))
    put.add_argument("key", metavar="KEY")
    put.add_argument("value", metavar="VALUE")
    put.set_defaults(func=cmd_set)


def _centre(args: argparse.Namespace) -> dict:
    from counsel_app.context import database_errors, open_database

    db = open_database(args.db)
    with database_errors(db):
        return settings.values(db)


def _value(setting: settings.Setting, value) -> str:
    return settings.show(setting, value).replace("\n", " / ")


def cmd_list(args: argparse.Namespace) -> int:
    centre = _centre(args)
    prefs = settings.Preferences.load()
    for s in settings.SETTINGS.values():
        value = centre[s.key] if s.is_centre else prefs[s.key]
        where = _("centre") if s.is_centre else _("this computer")
        # the key first (what "settings set" takes), then the title and its value with the
        # language's colon
        print(f"{s.key:22} {where:14} " + label_value(_(s.title), _value(s, value)))
    return 0


def cmd_get(args: argparse.Namespace) -> int:
    s = settings.setting(args.key)
    value = _centre(args)[s.key] if s.is_centre else settings.Preferences.load()[s.key]
    print(settings.show(s, value))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    s = settings.setting(args.key)
    value = settings.parse(s, args.value)  # a bad value: one sentence, before any sign-in
    if s.is_centre:
        from counsel_app.context import database_errors, sign_in_from_environment

        ctx = sign_in_from_environment(args.db)
        with database_errors(ctx.db):
            changed = settings.update(ctx, {s.key: value})
    else:
        prefs = settings.Preferences.load()
        changed = {s.key: value} if prefs[s.key] != value else {}
        prefs[s.key] = value
        prefs.save()
    if changed:
        print(_("{setting}: {value}").format(setting=_(s.title), value=_value(s, value)))
    else:
        print(_("{setting} was already {value}; nothing changed.").format(
            setting=_(s.title), value=_value(s, value)))
    return 0
