"""Security commands: accounts, audit trail, backups, retention, erasure, subject access.

Passwords never come from the command line (they would show in the process list): the
signed-in user's from COUNSEL_APP_USER / COUNSEL_APP_PASSWORD, a new password from
COUNSEL_APP_NEW_PASSWORD, a backup passphrase from COUNSEL_APP_BACKUP_PASSPHRASE, or a
prompt when a person is at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from counsel_app.commands import whole_number
from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import _, ngettext


def register(subparsers) -> None:
    user = subparsers.add_parser("user", help=_("manage accounts (administrators)"))
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    init = user_sub.add_parser(
        "init", help=_("first run: create the administrator (password from "
                       "COUNSEL_APP_NEW_PASSWORD or a prompt)"))
    init.add_argument("name")
    init.set_defaults(func=cmd_user_init)
    add = user_sub.add_parser("add", help=_("add an account (password from "
                                            "COUNSEL_APP_NEW_PASSWORD or a prompt)"))
    add.add_argument("name")
    add.add_argument("--role", required=True,
                     choices=["counsellor", "supervisor", "administrator", "caseworker"])
    add.set_defaults(func=cmd_user_add)
    lst = user_sub.add_parser("list", help=_("list the accounts"))
    lst.set_defaults(func=cmd_user_list)
    passwd = user_sub.add_parser(
        "passwd", help=_("change your password, or (administrators) set another account's"))
    passwd.add_argument("name", nargs="?")
    passwd.set_defaults(func=cmd_user_passwd)
    profile = user_sub.add_parser(
        "profile", help=_("show or set the name your prints carry and your work contact, or "
                          "(administrators) another account's"))
    profile.add_argument("name", nargs="?")
    profile.add_argument("--display-name", metavar="TEXT",
                         help=_("the name printed as counsellor (e.g. “Leïla Ben Salah”), never "
                                "the account name; an empty text prints none"))
    profile.add_argument("--contact", metavar="TEXT",
                         help=_("the work phone or e-mail printed beside it"))
    profile.set_defaults(func=cmd_user_profile)
    unlock = user_sub.add_parser("unlock", help=_("unlock an account locked after failed "
                                                  "sign-ins"))
    unlock.add_argument("name")
    unlock.set_defaults(func=cmd_user_unlock)
    for name, help_text in (("disable", _("disable an account (it can no longer sign in; its "
                                          "records and events stay)")),
                            ("enable", _("enable a disabled account again"))):
        toggle = user_sub.add_parser(name, help=help_text)
        toggle.add_argument("name")
        toggle.set_defaults(func=cmd_user_active, active=name == "enable")
    repair = user_sub.add_parser(
        "repair", help=_("repair an account changed outside the app (its role, status or "
                         "lock-out no longer matches its integrity check)"))
    repair.add_argument("name")
    repair.add_argument("--role", required=True,
                        choices=["counsellor", "supervisor", "administrator", "caseworker"],
                        help=_("the role it should have (its row is not trusted)"))
    repair.set_defaults(func=cmd_user_repair)

    audit = subparsers.add_parser("audit", help=_("the audit trail (supervisors, "
                                                  "administrators)"))
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help=_("check the hash chain; exit 1 at a break"))
    verify.set_defaults(func=cmd_audit_verify)
    arepair = audit_sub.add_parser(
        "repair", help=_("administrators: acknowledge what verify reports and rebuild lost "
                         "chain heads (nothing in the events is deleted; the repair is "
                         "recorded)"))
    arepair.add_argument("--yes", action="store_true",
                         help=_("confirm: you have looked at what verify reports"))
    arepair.set_defaults(func=cmd_audit_repair)
    alist = audit_sub.add_parser("list", help=_("list events, newest last"))
    alist.add_argument("--user", help=_("only this account"))
    alist.add_argument("--action", help=_("only this action (view, change, print, export...)"))
    alist.add_argument("--case", metavar="REFERENCE", help=_("only this case"))
    alist.add_argument("--since", metavar="YYYY-MM-DD", type=_date, help=_("from this day"))
    alist.add_argument("--until", metavar="YYYY-MM-DD", type=_date,
                       help=_("before this day"))
    alist.add_argument("--limit", type=whole_number, default=None, help=_("at most this many (newest)"))
    alist.set_defaults(func=cmd_audit_list)

    bak = subparsers.add_parser("backup", help=_("encrypted backups (administrators)"))
    bak_sub = bak.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    create = bak_sub.add_parser("create", help=_("write an encrypted backup (passphrase from "
                                                 "COUNSEL_APP_BACKUP_PASSPHRASE or a prompt)"))
    create.add_argument("file")
    create.set_defaults(func=cmd_backup_create)
    restore = bak_sub.add_parser("restore", help=_("verify a backup, then replace the "
                                                   "database with it"))
    restore.add_argument("file")
    restore.add_argument("--check-only", action="store_true",
                         help=_("only verify the backup; change nothing"))
    restore.set_defaults(func=cmd_backup_restore)

    ret = subparsers.add_parser("retention", help=_("retention periods and anonymisation"))
    ret_sub = ret.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    show = ret_sub.add_parser("show", help=_("show the periods per status"))
    show.set_defaults(func=cmd_retention_show)
    setp = ret_sub.add_parser("set", help=_("set the period of a status in days ('none' "
                                            "keeps such cases)"))
    setp.add_argument("status")
    setp.add_argument("days")
    setp.set_defaults(func=cmd_retention_set)
    apply = ret_sub.add_parser("apply", help=_("anonymise the cases past their period"))
    apply.add_argument("--dry-run", action="store_true", help=_("only list them"))
    apply.set_defaults(func=cmd_retention_apply)

    erase = subparsers.add_parser("erase", help=_("erase a case and everything about it, on "
                                                  "the person's request"))
    erase.add_argument("reference")
    erase.add_argument("--yes", action="store_true", help=_("confirm (erasure cannot be undone)"))
    erase.set_defaults(func=cmd_erase)

    sar = subparsers.add_parser("subject-access", help=_("write all data held about a person "
                                                         "into a PDF for them"))
    sar.add_argument("reference")
    sar.add_argument("--out", required=True, metavar="FILE", help=_("the PDF to write"))
    sar.add_argument("--lang", dest="doc_lang", metavar="CODE",
                     help=_("the language of the copy (a document language; default: the "
                            "person's preferred language when documents print in it, else "
                            "English)"))
    sar.set_defaults(func=cmd_subject_access)


def _date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date like 2026-11-22").format(value=text)) from None


def _sign_in(args):
    from counsel_app.context import sign_in_from_environment

    return sign_in_from_environment(args.db)


def _secret(env: str, prompt: str, *, confirm: bool) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError(_("Set {env} or run the command at a terminal.").format(env=env))
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Again: ")) != value:
        raise UserError(_("The two entries differ; nothing was changed."))
    return value


def _new_password() -> str:
    return _secret("COUNSEL_APP_NEW_PASSWORD", _("New password: "), confirm=True)


# -- accounts -----------------------------------------------------------------------------

def cmd_user_init(args) -> int:
    from counsel_app.context import open_database
    from counsel_app.security.accounts import create_first_administrator, needs_first_administrator

    db = open_database(args.db)
    if not needs_first_administrator(db):
        raise UserError(_("This database is already set up; sign in instead."))
    ctx = create_first_administrator(db, args.name, _new_password())
    print(_("Created the administrator “{name}”.").format(name=ctx.user))
    return 0


def cmd_user_add(args) -> int:
    from counsel_app.security.accounts import add_user
    from counsel_app.security.roles import role_label

    ctx = _sign_in(args)
    ctx.require("users.manage")
    account = add_user(ctx, args.name, args.role, _new_password())
    print(_("Added the account “{name}” ({role}).").format(name=account.username,
                                                           role=role_label(account.role)))
    return 0


def cmd_user_list(args) -> int:
    from counsel_app.security.accounts import list_users
    from counsel_app.security.roles import role_label

    for account in list_users(_sign_in(args)):
        state = _("locked") if account.locked else (_("active") if account.active
                                                    else _("disabled"))
        if account.needs_repair:
            state = _("changed outside the app: run “user repair”")
        name = f"  {account.display_name}" if account.display_name else ""
        print(f"{account.username:24} {role_label(account.role):26} {state}{name}")
    return 0


def cmd_user_passwd(args) -> int:
    from counsel_app.security.accounts import change_password, reset_password

    ctx = _sign_in(args)
    if args.name and args.name != ctx.user:
        reset_password(ctx, args.name, _new_password())
        print(_("Set a new password for “{name}”.").format(name=args.name))
    else:
        current = os.environ.get("COUNSEL_APP_PASSWORD") or ""
        change_password(ctx, current, _new_password())
        print(_("Your password was changed."))
    return 0


def cmd_user_profile(args) -> int:
    from counsel_app.security.accounts import get_account, set_profile

    ctx = _sign_in(args)
    name = (args.name or ctx.user).strip().lower()
    if name != ctx.user:
        ctx.require("users.manage")
    account = get_account(ctx.db, name)
    if args.display_name is not None or args.contact is not None:
        account = set_profile(
            ctx, name, account.display_name if args.display_name is None else args.display_name,
            account.contact if args.contact is None else args.contact)
        print(_("Saved: the prints of “{name}” carry the name and contact below.").format(
            name=account.username))
    print(_("Name on prints: {value}").format(
        value=account.display_name or _("(not set: prints name no counsellor)")))
    print(_("Contact on prints: {value}").format(value=account.contact or _("(none)")))
    return 0


def cmd_user_unlock(args) -> int:
    from counsel_app.security.accounts import unlock_account

    unlock_account(_sign_in(args), args.name)
    print(_("The account “{name}” is unlocked.").format(name=args.name))
    return 0


def cmd_user_active(args) -> int:
    from counsel_app.security.accounts import set_account_active

    set_account_active(_sign_in(args), args.name, args.active)
    print((_("The account “{name}” is enabled.") if args.active
           else _("The account “{name}” is disabled.")).format(name=args.name))
    return 0


def cmd_user_repair(args) -> int:
    from counsel_app.security.accounts import repair_account
    from counsel_app.security.roles import role_label

    account = repair_account(_sign_in(args), args.name, args.role)
    print(_("Repaired the account “{name}” ({role}); the repair is in the audit trail.").format(
        name=account.username, role=role_label(account.role)))
    return 0


# -- audit ----------------------------------------------------------------------------------

def cmd_audit_verify(args) -> int:
    from counsel_app.context import sign_in_from_environment
    from counsel_app.security.audit import verify_for

    result = verify_for(sign_in_from_environment(args.db, warn=False))
    print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    for problem in result.problems[1:]:
        print("  " + problem.text, file=sys.stderr)
    return 0 if result.ok else 1


def cmd_audit_repair(args) -> int:
    from counsel_app.context import sign_in_from_environment
    from counsel_app.security.audit import repair

    ctx = sign_in_from_environment(args.db, warn=False)
    ctx.require("users.manage")
    if not args.yes:
        raise UsageError(_("Run “counsel-app audit verify” first and look at what it reports; "
                           "then confirm with --yes."))
    result = repair(ctx)
    print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_audit_list(args) -> int:
    from counsel_app.errors import ValidationError
    from counsel_app.security.audit import check_period, open_trail, read_events

    if args.limit is not None and args.limit < 1:
        raise UsageError(_("--limit must be at least 1."))
    try:
        check_period(args.since, args.until)
    except ValidationError as exc:
        raise UsageError(str(exc)) from None
    if args.case:  # a mistyped reference would list nothing, as if nothing had happened
        from counsel_app.domain.reference import parse_reference
        try:
            parse_reference(args.case)
        except ValidationError as exc:
            raise UsageError(f"--case: {exc}") from None
    ctx = _sign_in(args)
    open_trail(ctx)
    events = read_events(ctx, username=args.user, action=args.action,
                         reference=args.case, since=args.since, until=args.until,
                         limit=args.limit, descending=args.limit is not None)
    if args.limit is not None:
        events.reverse()
    for e in events:
        print(f"{e.seq:>7} {e.at:%Y-%m-%d %H:%M:%S} UTC  {e.username:16} {e.role:13} "
              f"{e.action:16} {e.reference or '-':18} {e.detail}".rstrip())
    if not events:
        print(_("No events match."))
    return 0


# -- backups ----------------------------------------------------------------------------------

def _passphrase(confirm: bool) -> str:
    return _secret("COUNSEL_APP_BACKUP_PASSPHRASE", _("Backup passphrase: "), confirm=confirm)


def cmd_backup_create(args) -> int:
    from counsel_app.security.backup import check_backup_path, create_backup

    path = Path(args.file).expanduser()
    check_backup_path(path)  # before the sign-in and the passphrase are asked for
    ctx = _sign_in(args)
    ctx.require("backup.manage")
    info = create_backup(ctx, path, _passphrase(confirm=True))
    print(ngettext("Wrote the encrypted backup {path} ({cases} case).",
                   "Wrote the encrypted backup {path} ({cases} cases).", info.cases)
          .format(path=info.path, cases=info.cases))
    return 0


def cmd_backup_restore(args) -> int:
    from counsel_app.context import open_database
    from counsel_app.security.accounts import needs_first_administrator
    from counsel_app.security.backup import read_backup, restore_backup

    path = Path(args.file).expanduser()
    if not path.is_file():  # before asking for a passphrase
        raise UserError(_("There is no backup file {path}; nothing was changed.").format(
            path=path) if not path.exists() else _("{path} is not a file; nothing was "
                                                  "changed.").format(path=path))
    if args.check_only:
        info = read_backup(path, _passphrase(confirm=False))
        print(ngettext("The backup {path} is complete and readable: {cases} case, made {date}.",
                       "The backup {path} is complete and readable: {cases} cases, made {date}.",
                       info.cases).format(path=path, cases=info.cases, date=info.created_at[:19]))
        return 0
    db = open_database(args.db)
    ctx = None if needs_first_administrator(db) else _sign_in(args)
    if ctx is not None:
        ctx.require("backup.manage")
    info = restore_backup(db, path, _passphrase(confirm=False), ctx=ctx)
    print(ngettext("Restored {cases} case from {path} (made {date}).",
                   "Restored {cases} cases from {path} (made {date}).", info.cases).format(
        cases=info.cases, path=path, date=info.created_at[:19]))
    return 0


# -- retention, erasure, subject access ----------------------------------------------------------

def cmd_retention_show(args) -> int:
    from counsel_app.security.retention import retention_periods

    ctx = _sign_in(args)
    periods = retention_periods(ctx.db)
    if not periods:
        print(_("No retention periods are set; cases are kept."))
    for status, days in sorted(periods.items()):
        print(ngettext("{status}: anonymised {days} day after the last change",
                       "{status}: anonymised {days} days after the last change", days).format(
            status=status, days=days))
    return 0


def cmd_retention_set(args) -> int:
    from counsel_app.security.retention import set_retention_period

    if args.days.lower() == "none":
        days = None
    else:
        try:
            days = int(args.days)
        except ValueError:
            raise UsageError(_("DAYS must be a whole number of days or “none”.")) from None
    set_retention_period(_sign_in(args), args.status, days)
    print(_("Saved."))
    return 0


def cmd_retention_apply(args) -> int:
    from counsel_app.security.retention import apply_retention

    result = apply_retention(_sign_in(args), dry_run=args.dry_run)
    n = len(result.anonymised)
    if args.dry_run:
        print(ngettext("Would anonymise {n} case.", "Would anonymise {n} cases.", n).format(n=n))
    else:
        print(ngettext("Anonymised {n} case.", "Anonymised {n} cases.", n).format(n=n))
    for reference in result.anonymised:
        print(f"  {reference}")
    return 0


def cmd_erase(args) -> int:
    from counsel_app.security.retention import erase_case, find_case_id

    if not args.yes:
        raise UsageError(_("Erasure cannot be undone: add --yes to confirm."))
    ctx = _sign_in(args)
    ctx.require("cases.erase")
    reference = erase_case(ctx, find_case_id(ctx, args.reference))
    print(_("Erased case {reference}; the audit trail keeps only that it was erased.").format(
        reference=reference))
    return 0


def cmd_subject_access(args) -> int:
    from counsel_app.i18n.languages import translation_warning
    from counsel_app.security.retention import find_case_id
    from counsel_app.security.subject_access import (
        _case,
        copy_language,
        write_subject_access,
    )

    # a wrong code is refused before signing in
    lang = copy_language(args.doc_lang) if args.doc_lang else None
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; name the file to write.").format(
            path=out))
    if not out.parent.exists():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(
            path=out.parent))
    ctx = _sign_in(args)
    case_id = find_case_id(ctx, args.reference)
    lang = copy_language(lang, _case(ctx, case_id).person.preferred_language)
    warning = translation_warning(lang)
    if warning:  # the same words as the print screen
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    path = write_subject_access(ctx, case_id, out, lang=lang)
    print(_("Wrote {path}.").format(path=path))
    return 0
