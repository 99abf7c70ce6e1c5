"""The ``counsel-app`` command.

``counsel-app`` alone opens the desktop app (or, with no display, runs the headless demo).
Sub-commands live in the modules listed in :data:`COMMAND_MODULES`; each exposes
``register(subparsers)`` and sets ``func`` on its parser. A wrong argument prints one line
and exits with 2; a :class:`UserError` prints its message and exits with its code; anything
else is logged with its traceback (never shown) and reported in one line.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from counsel_app import APP_NAME, __version__
from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import _

log = logging.getLogger(__name__)

#: Modules that add sub-commands (``register(subparsers)``).
COMMAND_MODULES: list[str] = [
    "counsel_app.commands.core",
    "counsel_app.commands.security",
    "counsel_app.commands.consent",
    "counsel_app.commands.packs",
    "counsel_app.commands.opportunities",
    "counsel_app.commands.handover",
    "counsel_app.commands.plan",
    "counsel_app.commands.startup",
]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a wrong argument in one line and exits with 2."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")

    def exit(self, status: int = 0, message: str | None = None):  # type: ignore[override]
        if message:
            (sys.stderr if status else sys.stdout).write(message)
        raise SystemExit(status)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_NAME,
        description=_("Counselling and return-information assistant for assisted voluntary "
                      "return and reintegration. Without a command it opens the desktop app."),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--self-check", action="store_true",
        help=_("check that the program is complete (catalogs, fonts, packs, database, "
               "printing) and exit"),
    )
    parser.add_argument(
        "--db", metavar="URL",
        help=_("database: a SQLite file or a postgresql://user@host/dbname URL "
               "(default: the data folder, or COUNSEL_APP_DB_URL)"),
    )
    parser.add_argument(
        "--lang", metavar="CODE",
        help=_("interface language: en, fr, es or ar"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from counsel_app.logging_setup import configure_logging

    argv = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.lang:
            from counsel_app.i18n import INTERFACE_LANGUAGES, set_interface_language

            if args.lang not in INTERFACE_LANGUAGES and args.lang != "x_pseudo":
                raise UsageError(
                    _("{prog}: unknown interface language “{lang}” (choose from {choices})")
                    .format(prog=APP_NAME, lang=args.lang, choices=", ".join(INTERFACE_LANGUAGES))
                )
            set_interface_language(args.lang)
        if args.self_check:
            from counsel_app.selfcheck import run_checks

            return 1 if run_checks() else 0
        func = getattr(args, "func", None)
        if func is None:
            from counsel_app.commands.core import run_gui_or_demo

            return run_gui_or_demo(args)
        return int(func(args) or 0)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except Exception:  # noqa: BLE001 - the last line of defence: log, never show a traceback
        log.exception("unexpected error in command %s", argv[:1])
        from counsel_app.paths import log_dir

        print(
            _("Something went wrong and the command stopped. Nothing was half-saved. "
              "Details are in the log in {folder}.").format(folder=log_dir()),
            file=sys.stderr,
        )
        return 1


def has_display() -> bool:
    """Whether a Qt window can be shown (a platform plug-in was asked for, or X/Wayland)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
