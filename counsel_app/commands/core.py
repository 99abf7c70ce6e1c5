"""Core commands: the desktop app, the headless demo, database upgrades."""

from __future__ import annotations

import argparse
from pathlib import Path

from counsel_app.errors import UsageError
from counsel_app.i18n import _


def register(subparsers) -> None:
    demo = subparsers.add_parser(
        "demo",
        help=_("create a sample case headlessly and write its documents"),
        description=_("Creates a clearly marked sample case, carries it as far as the app "
                      "can go and writes its documents into a folder. No display needed."),
    )
    demo.add_argument("--out", metavar="DIR", required=True,
                      help=_("folder for the documents (created if missing)"))
    demo.set_defaults(func=cmd_demo)

    gui = subparsers.add_parser("gui", help=_("open the desktop app (the default)"))
    gui.set_defaults(func=None)  # counsel_app.cli.desktop_or_demo, as without a command

    db = subparsers.add_parser("db", help=_("database maintenance"))
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help=_("bring the database schema up to date"))
    upgrade.set_defaults(func=cmd_db_upgrade)
    status = db_sub.add_parser("status", help=_("show the schema version"))
    status.set_defaults(func=cmd_db_status)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from counsel_app.context import database_errors
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    db = Database(args.db)
    with database_errors(db):
        before = migrate.current_revisions(db)
        migrate.upgrade(db)
        after = migrate.current_revisions(db)
    if before == after:
        print(_("The database {url} is already up to date.").format(url=db.url))
    else:
        print(_("Upgraded the database {url}.").format(url=db.url))
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    from counsel_app.context import database_errors
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database, display_url, sqlite_file

    path = sqlite_file(args.db)
    if path is not None and not path.exists():  # a status check creates nothing
        url, current, heads = display_url(args.db), set(), migrate.head_revisions()
    else:
        db = Database(args.db)
        url = db.url
        with database_errors(db):
            current, heads = migrate.current_revisions(db), migrate.head_revisions()
    print(_("Database: {url}").format(url=url))
    print(_("Schema: {current}").format(current=", ".join(sorted(current)) or _("empty")))
    print(_("Up to date.") if current == heads else _("Needs upgrade: run “counsel-app db upgrade”."))
    return 0 if current == heads else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from counsel_app.demo import run_demo

    out = Path(args.out).expanduser()
    if out.exists() and not out.is_dir():
        raise UsageError(_("--out: “{path}” exists and is not a folder.").format(path=out))
    result = run_demo(args.db, out)
    for line in result.report_lines():
        print(line)
    return 0


def run_fallback_demo(args: argparse.Namespace) -> int:
    """``counsel-app`` on a machine without a display: the headless demo in ``demo-out``."""
    out = Path.cwd() / "demo-out"
    print(_("No display found: running the headless demo instead."))
    args.out = str(out)
    if not args.db:
        # a fresh sample database of its own, next to its documents: the demo can run
        # again without a password, and never adds sample cases to the real records
        if out.exists() and not out.is_dir():
            raise UsageError(_("--out: “{path}” exists and is not a folder.").format(
                path=out))
        sample = out / "sample.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sample}{suffix}").unlink(missing_ok=True)
        args.db = f"sqlite:///{sample}"
    return cmd_demo(args)
