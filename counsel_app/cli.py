"""The ``counsel-app`` command.

``counsel-app`` alone opens the desktop app (or, with no display, runs the headless demo).
Sub-commands live in the modules the manifest lists (:func:`counsel_app.areas.command_modules`);
each exposes ``register(subparsers)`` and sets ``func`` on its parser. This module is the
program's entry point: it loads the areas (:mod:`counsel_app.areas`) before a command runs,
and for the desktop app on the worker that opens the database. A wrong argument prints one line
and exits with 2; a :class:`UserError` prints its message and exits with its code; anything
else is logged with its traceback (never shown) and reported in one line. Output into a closed
pipe (``counsel-app audit list | head``) ends the command quietly with 141, as a tool ended by
SIGPIPE does.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from counsel_app import APP_NAME, areas, settings
from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import _
from counsel_app.startup import pause_collector, resume_collector

log = logging.getLogger(__name__)

class _Parser(argparse.ArgumentParser):
    """argparse that reports a wrong argument in one line and exits with 2."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(_("{prog}: {message} (see {prog} --help)").format(
            prog=self.prog, message=message))

    def exit(self, status: int = 0, message: str | None = None):  # type: ignore[override]
        if message:
            (sys.stderr if status else sys.stdout).write(message)
        raise SystemExit(status)


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (it costs start-up time)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):  # noqa: A002 - argparse's name
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from counsel_app import __version__

        parser.exit(message=f"{APP_NAME} {__version__}\n")


def _global_parser(*, allow_abbrev: bool = True) -> _Parser:
    """The options that come before any command (all the desktop app takes)."""
    from counsel_app.i18n.argparse_messages import install

    install()  # argparse's own words (usage, required, invalid choice) translated too
    parser = _Parser(
        allow_abbrev=allow_abbrev,
        prog=APP_NAME,
        description=_("Counselling and return-information assistant for assisted voluntary "
                      "return and reintegration. Without a command it opens the desktop app."),
    )
    parser.add_argument("--version", action=_VersionAction,
                        help=_("show the program's version number and exit"))
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
    # a diagnostic for the benchmarks and support, not in --help: the desktop app's own start,
    # timed (see counsel_app.ui.startup_probe); a global option, so it takes the app's path
    parser.add_argument("--startup-time", nargs="?", const="window",
                        choices=("window", "case-list", "typing"), help=argparse.SUPPRESS)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the global options and every sub-command."""
    parser = _global_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in areas.command_modules():
        module.register(subparsers)
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``. Without a command (the desktop app: nothing, ``--db``, ``--lang``)
    only the global options are built: the sub-command modules are not imported, which
    keeps the app's start fast. Anything else, or a mistake, goes through the whole parser
    (its help lists the commands, its errors name them)."""
    if not any(arg in ("-h", "--help") for arg in argv):
        try:
            # no abbreviations: "--hel" must reach the whole parser's help
            return _global_parser(allow_abbrev=False).parse_args(argv)
        except UsageError:
            pass  # a command, or a wrong argument: the whole parser says which
    return build_parser().parse_args(argv)


def _interface_language_asked(argv: list[str]) -> str | None:
    """The global ``--lang`` in ``argv`` (before the command; a document's ``--lang`` after
    it is not this one), found before parsing so that the parser's help and its errors are
    in that language too."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang":
            return argv[i + 1] if i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-") or arg == "--":
            return None  # the command: what follows is its own
        i += 2 if arg == "--db" else 1
    return None


def _run(argv: list[str], prefs: settings.Preferences, *, whole_process: bool = False) -> int:
    """Parse ``argv`` and run what it asks for; its exit status. ``prefs``: this station's
    settings (its language and database hold here as in the desktop app)."""
    from counsel_app.i18n import INTERFACE_LANGUAGES, set_interface_language

    asked = _interface_language_asked(argv)
    if asked in INTERFACE_LANGUAGES:
        set_interface_language(asked)  # before the parser is built: its help and errors
    elif asked is None:
        set_interface_language(prefs["interface_language"])
    args = parse_arguments(argv)
    if args.lang:
        if args.lang not in INTERFACE_LANGUAGES and args.lang != "x_pseudo":
            raise UsageError(
                _("{prog}: unknown interface language “{lang}” (choose from {choices})")
                .format(prog=APP_NAME, lang=args.lang, choices=", ".join(INTERFACE_LANGUAGES))
            )
        set_interface_language(args.lang)
    else:
        set_interface_language(prefs["interface_language"])
    if args.self_check:
        from counsel_app.selfcheck import run_checks

        resume_collector()
        return 1 if run_checks(areas.checks()) else 0
    if args.startup_time:
        from counsel_app.ui.startup_probe import measure_startup

        areas.load_screens()
        return measure_startup(args, areas.load, args.startup_time)
    func = getattr(args, "func", None)
    if func is None:  # no command, or "gui"
        return desktop_or_demo(args, end_process_after=whole_process)
    args.db = settings.database_url(args.db, prefs)
    areas.load()
    resume_collector()  # the start is over: the command's own work may make garbage
    return int(func(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    from counsel_app.logging_setup import configure_logging

    whole_process = argv is None  # the program itself, not a caller in the same process
    if whole_process:
        pause_collector()  # until the start is over (counsel_app.startup)
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        prefs = settings.apply_station_preferences()  # the data folder: before the log opens
        configure_logging()
        code = _run(argv, prefs, whole_process=whole_process)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        return _output_closed()
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except SystemExit as exc:
        try:
            sys.stdout.flush()  # --help or --version into a closed pipe
        except BrokenPipeError:
            return _output_closed()
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


#: The exit status of a command whose output was closed (``| head``, ``| grep -q``): what a
#: shell reports for a tool ended by SIGPIPE (128 + 13).
EXIT_OUTPUT_CLOSED = 141


def _output_closed() -> int:
    """The reader of our output went away: stop quietly, as command-line tools do. Whatever
    is still buffered goes nowhere (not a second error when Python flushes at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture output)
        pass
    return EXIT_OUTPUT_CLOSED


def end_process(code: int) -> None:
    """The desktop app has closed, with everything saved: end the process now.

    Python's own teardown of a Qt application with every area loaded took seconds after the
    window had gone (3 s measured on a loaded machine: clearing modules and collecting
    objects), and does nothing a person needs. What does matter runs first: the exit
    handlers (temporary folders that may hold personal data are removed by them) and the
    log. SQLite and PostgreSQL keep every committed write whatever the process does."""
    import atexit
    import logging

    atexit._run_exitfuncs()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def desktop_or_demo(args: argparse.Namespace, *, end_process_after: bool = False) -> int:
    """The desktop app; without a display, the headless demo on a sample database of its
    own. The desktop's window shows before the database layer loads: the areas' Qt-free
    part is loaded on the worker that opens the database (``ui.app.run_app``)."""
    from counsel_app.display import has_display

    if not has_display():
        from counsel_app.commands.core import run_fallback_demo

        areas.load()
        resume_collector()
        return run_fallback_demo(args)
    from counsel_app.ui.app import run_app

    areas.load_screens()
    code = run_app(args, areas.load)
    if end_process_after:
        end_process(code)
    return code
