"""What the spreadsheet imports of the command line share (``opportunities`` and
``partners``): the ``import``, ``sample`` and ``template`` actions, their options, the
report printed and the exit code. Each area passes its own library."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable

from counsel_app.commands import whole_number
from counsel_app.errors import UsageError
from counsel_app.i18n import _


def add_actions(sub, *, sample_help: str, cmd_import: Callable, cmd_sample: Callable,
                cmd_template: Callable) -> None:
    """The ``import FILE [--dry-run] [--report CSV] [--max-problems N]``, ``sample`` and
    ``template --out FILE`` actions."""
    imp = sub.add_parser("import", help=_("import a CSV or .xlsx file"),
                         description=_("Checks every row; valid rows are imported together, "
                                       "rejected rows are listed with their row, column "
                                       "and reason."))
    imp.add_argument("file", metavar="FILE", help=_("the CSV or .xlsx file"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("only check the file; import nothing"))
    imp.add_argument("--report", metavar="CSV",
                     help=_("also write every rejected row's problems to this CSV file"))
    imp.add_argument("--max-problems", type=whole_number, default=50, metavar="N",
                     help=_("how many problems to print (default 50)"))
    imp.set_defaults(func=cmd_import)

    sample = sub.add_parser("sample", help=sample_help)
    sample.set_defaults(func=cmd_sample)

    template = sub.add_parser("template", help=_("save the empty import template"))
    template.add_argument("--out", metavar="FILE", required=True,
                          help=_("where to save it: a .csv or .xlsx file name"))
    template.set_defaults(func=cmd_template)


def library(args: argparse.Namespace, signed_in: Callable, open_only: Callable):
    """The library to import into: through the signed-in context (its permission checked
    and the import audited) on a station that is set up, else on the bare database."""
    from counsel_app.context import open_database
    from counsel_app.security.station import context_if_set_up

    ctx = context_if_set_up(args.db)
    if ctx is not None:
        return signed_in(ctx)
    return open_only(open_database(args.db))


def print_report(report, max_problems: int = 50) -> None:
    for line in report.lines(max_problems):
        print(line)


def finish_import(args: argparse.Namespace, report) -> int:
    """Print the report (and write its problems to ``--report``); 3 when rows were
    rejected, else 0."""
    print_report(report, max(0, getattr(args, "max_problems", 50)))
    if getattr(args, "report", None):
        written = report.write_problems_csv(Path(args.report).expanduser())
        print(_("The list of problems is in {file}.").format(file=written))
    return 0 if not report.problems else 3


def save_template(args: argparse.Namespace, save: Callable[[Path], Path]) -> int:
    """``template --out FILE``: the file name checked (one sentence), then ``save(out)``."""
    out = Path(args.out).expanduser()
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(_("--out: the template file must end in .csv or .xlsx."))
    if not out.parent.is_dir():
        raise UsageError(_("--out: the folder “{folder}” does not exist.").format(
            folder=out.parent))
    print(_("Template saved as {file}.").format(file=save(out)))
    return 0
