"""``counsel-app plan REFERENCE --lang ar --out plan.pdf``: print a case's plan headlessly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    plan.add_argument("--out", required=True, metavar="FILE", help=_("the PDF to write"))
    plan.add_argument("--bilingual", metavar="CODE",
                      help=_("also print headings and labels in this language"))
    plan.add_argument("--layout", choices=("below", "beside"), default="below",
                      help=_("where the second language goes (default: below)"))
    plan.add_argument("--easy-read", action="store_true",
                      help=_("the one-page easy-read summary instead of the full plan"))
    plan.add_argument("--organisation", default="", metavar="NAME",
                      help=_("organisation name printed on every page"))
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
    out = Path(args.out).expanduser()
    if out.exists() and out.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; give a file name.").format(path=out))
    logo = None
    if args.logo:
        logo = Path(args.logo).expanduser()
        if not logo.is_file():
            raise UsageError(_("--logo: “{path}” is not a file.").format(path=logo))
    from counsel_app.i18n.languages import translation_warning

    ctx = sign_in_from_environment(args.db)
    warning = translation_warning(args.doc_lang, None if args.easy_read else args.bilingual)
    if warning:  # the same words as the print screen, before the file is written
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    with database_errors(ctx.db):
        service = PlanService(ctx, PrintOptions(args.organisation, logo))
        service.render_pdf(args.reference.upper(), args.doc_lang, args.bilingual,
                           easy_read=args.easy_read, layout=args.layout, out=out)
    print(_("Wrote {path}").format(path=out))
    return 0
