"""``counsel-app plan REFERENCE --lang ar --out plan.pdf``: print a case's plan headlessly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counsel_app.commands import whole_number
from counsel_app.errors import UsageError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _


def register(subparsers) -> None:
    plan = subparsers.add_parser(
        "plan",
        help=_("print a case's reintegration plan (or its easy-read page) as PDF"),
        description=_("Writes the individual reintegration plan of a case as a PDF in any "
                      "document language, optionally with a second language, or the "
                      "one-page easy-read summary. Needs COUNSEL_APP_USER and "
                      "COUNSEL_APP_PASSWORD (or a terminal to ask for the password)."),
    )
    plan.add_argument("reference", metavar="REFERENCE", help=_("the case, e.g. AVRR-2026-000123"))
    plan.add_argument("--lang", dest="doc_lang", required=True, metavar="CODE",
                      help=_("document language: {choices}").format(
                          choices=", ".join(DOCUMENT_LANGUAGES)))
    plan.add_argument("--out", metavar="FILE", help=_("the PDF to write"))
    plan.add_argument("--print", dest="send_to_printer", action="store_true",
                      help=_("print it through the system's print service (CUPS), without a "
                             "window; vector pages, not images"))
    plan.add_argument("--printer", metavar="NAME",
                      help=_("the printer to use (default: the system's default printer)"))
    plan.add_argument("--copies", type=whole_number, default=1, metavar="N",
                      help=_("number of copies (default: 1)"))
    plan.add_argument("--bilingual", metavar="CODE",
                      help=_("also print headings and labels in this language"))
    plan.add_argument("--layout", choices=("below", "beside"), default="below",
                      help=_("where the second language goes (default: below)"))
    plan.add_argument("--easy-read", action="store_true",
                      help=_("the one-page easy-read summary instead of the full plan"))
    plan.add_argument("--organisation", default="", metavar="NAME",
                      help=_("organisation name printed on every page (default: the centre's "
                             "setting organisation_name)"))
    plan.add_argument("--logo", metavar="FILE", help=_("organisation logo (PNG or JPEG)"))
    plan.set_defaults(func=cmd_plan)


def cmd_plan(args: argparse.Namespace) -> int:
    from counsel_app.context import database_errors, sign_in_from_environment
    from counsel_app.domain.reference import parse_reference
    from counsel_app.plan.service import PlanService, PrintOptions, check_language

    try:
        parse_reference(args.reference)
        check_language(args.doc_lang, "--lang")
        if args.bilingual:
            check_language(args.bilingual, "--bilingual")
    except UsageError:
        raise
    except Exception as exc:  # ValidationError -> a usage error (exit 2)
        raise UsageError(f"counsel-app plan: {exc}") from None
    if not args.out and not args.send_to_printer:
        raise UsageError(_("Say where the plan goes: --out FILE, --print, or both."))
    if (args.printer or args.copies != 1) and not args.send_to_printer:
        raise UsageError(_("--printer and --copies go with --print."))
    from counsel_app.documents import printing

    if not 1 <= args.copies <= printing.MAX_COPIES:
        raise UsageError(_("--copies: give a number from 1 to {most}.").format(
            most=printing.MAX_COPIES))
    out = Path(args.out).expanduser() if args.out else None
    if out is not None and out.exists() and out.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; give a file name.").format(path=out))
    logo = None
    if args.logo:
        from counsel_app.errors import ValidationError
        from counsel_app.settings import check_logo_file
        try:  # missing, a folder or not a PNG or JPEG image: the settings' sentences
            logo = check_logo_file(args.logo, "--logo")
        except ValidationError as exc:
            raise UsageError(str(exc)) from None
    from counsel_app.i18n.languages import translation_warning

    ctx = sign_in_from_environment(args.db)
    warning = translation_warning(args.doc_lang, None if args.easy_read else args.bilingual)
    if warning:  # the same words as the print screen, before the file is written
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    with database_errors(ctx.db):
        service = PlanService(ctx, PrintOptions(args.organisation, logo))
        data = service.render_pdf(args.reference.upper(), args.doc_lang, args.bilingual,
                                  easy_read=args.easy_read, layout=args.layout, out=out)
    if out is not None:
        print(_("Wrote {path}").format(path=out))
    if args.send_to_printer:
        kind = "easy-read" if args.easy_read else "plan"
        job = printing.print_pdf(data, printer=args.printer, copies=args.copies,
                                 title=f"{kind} {args.reference.upper()}")
        ctx.audit("print", args.reference.upper(), f"{kind} {args.doc_lang} to a printer")
        print(_("Sent to the printer ({job}).").format(job=job or args.printer or "default"))
    return 0
