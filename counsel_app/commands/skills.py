"""``counsel-app case skills REFERENCE``: show or set a case's skills profile, with the same
checks as the screen (:mod:`counsel_app.opportunities.skills`)."""

from __future__ import annotations

import argparse

from counsel_app.errors import UsageError, ValidationError
from counsel_app.i18n import _, interface_language, ngettext


def register_case_action(sub) -> None:
    """Add ``skills`` to the actions of ``counsel-app case``."""
    skills = sub.add_parser(
        "skills", help=_("show or set the person's skills profile"),
        description=_("Without options, shows the skills profile. Each option given replaces "
                      "that part of the profile (repeat a list option for several lines; "
                      "give it once with an empty value to clear it)."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_("Examples:\n"
                 "  counsel-app case skills GN-2026-0001 --education 2 \\\n"
                 "      --occupation 7531:seamstress:6:IT --language it:good \\\n"
                 "      --certificate \"tailoring diploma:7531:no\" \\\n"
                 "      --wish \"business:open a tailoring shop:7531\" --licence none \\\n"
                 "      --constraint \"childcare:two children under 5\"\n"
                 "ISCO-08 codes: counsel-app opportunities isco WORDS"))
    skills.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    skills.add_argument("--education", metavar="ISCED",
                        help=_("education level, ISCED 0 to 8 (none: not recorded)"))
    skills.add_argument("--occupation", action="append", metavar="ISCO:TITLE:YEARS:WHERE",
                        help=_("an occupation: ISCO-08 code, title, years, where"))
    skills.add_argument("--certificate", action="append", metavar="NAME:ISCO:RECOGNISED",
                        help=_("a certificate, its trade and whether it is recognised at "
                               "home (yes, no or empty)"))
    skills.add_argument("--language", action="append", metavar="CODE:LEVEL",
                        help=_("a language besides the person's own, with a level: basic, "
                               "good, fluent or native"))
    skills.add_argument("--licence", metavar="CATEGORIES",
                        help=_("driving licence categories held (such as B), or none"))
    skills.add_argument("--wish", action="append", metavar="KIND:TEXT:ISCO",
                        help=_("a wish: work, training or business, in the person's words"))
    skills.add_argument("--constraint", action="append", metavar="KIND:NOTE",
                        help=_("childcare, disability, health or place, with a note"))
    skills.add_argument("--region", metavar="REGION",
                        help=_("preferred region in the country of return (code or name)"))
    skills.add_argument("--town", metavar="TOWN", help=_("preferred town"))
    skills.set_defaults(func=cmd_skills)

    grid = sub.add_parser(
        "feasibility", help=_("show or set the feasibility grid made after arrival"),
        description=_("Each wish beside what is realistic in the place of return (market, "
                      "cost, distance, partner available), a decision and its reason; stored "
                      "as the plan's refinement after arrival. Without options, shows it."))
    grid.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    grid.add_argument("--row", action="append",
                      metavar="WISH|OPTION|MARKET|COST|DISTANCE|PARTNER|DECISION|REASON",
                      help=_("a line of the grid (repeat; replaces the grid). DECISION: "
                             "not_assessed, feasible, with_support, difficult or not_feasible"))
    grid.add_argument("--from-wishes", action="store_true",
                      help=_("add a line for each wish of the skills profile"))
    grid.add_argument("--on", metavar="YYYY-MM-DD", help=_("date of the refinement "
                                                           "(default: today)"))
    grid.set_defaults(func=cmd_feasibility)


def _list(values, parse) -> list:
    if values == [""]:
        return []
    return [parse(v, n) for n, v in enumerate(values, start=1) if v.strip()]


def cmd_skills(args: argparse.Namespace) -> int:
    from counsel_app.context import sign_in_from_environment
    from counsel_app.domain.reference import parse_reference
    from counsel_app.opportunities import skills as S
    from counsel_app.opportunities.service import OpportunityService

    try:
        parse_reference(args.reference)
    except Exception as exc:  # ValidationError -> a usage error (exit 2)
        raise UsageError(f"counsel-app case skills: {exc}") from None
    ctx = sign_in_from_environment(args.db)
    case = ctx.cases.get_by_reference(args.reference)
    service = OpportunityService(ctx)
    profile = service.profile(case)
    try:
        given = _changes(args, S)
    except ValidationError as exc:
        raise UsageError(f"counsel-app case skills: {exc}") from None
    if given:
        for key, value in given.items():
            setattr(profile, key, value)
        try:
            profile = service.save_profile(case, profile)
        except ValidationError as exc:
            raise UsageError(f"counsel-app case skills: {exc}") from None
        print(_("Skills profile of case {reference} saved.").format(reference=case.reference))
    else:
        print(_("Skills profile of case {reference}:").format(reference=case.reference))
    for line in S.profile_lines(profile):
        print(f"  {line}")
    return 0


def _changes(args, S) -> dict:
    """The parts of the profile the options replace (checked; nothing saved yet)."""
    changes = {
        "education_level": None if args.education is None else S.parse_education(args.education),
        "occupations": None if args.occupation is None else _list(args.occupation,
                                                                    S.parse_occupation),
        "certificates": None if args.certificate is None else _list(args.certificate,
                                                                     S.parse_certificate),
        "languages": None if args.language is None else _list(args.language, S.parse_language),
        "wishes": None if args.wish is None else _list(args.wish, S.parse_wish),
        "constraints": None if args.constraint is None else _list(args.constraint,
                                                                   S.parse_constraint),
        "driving_licence": args.licence,
        "preferred_region": args.region,
        "preferred_town": args.town,
    }
    given = {k: v for k, v in changes.items() if v is not None}
    if args.education is not None:
        given["education_level"] = changes["education_level"]
    return given


def cmd_feasibility(args: argparse.Namespace) -> int:
    from datetime import date

    from counsel_app.context import sign_in_from_environment
    from counsel_app.opportunities import feasibility as F
    from counsel_app.opportunities.service import OpportunityService

    ctx = sign_in_from_environment(args.db)
    case = ctx.cases.get_by_reference(args.reference)
    rows = F.load_grid(ctx, case.reference)
    try:
        on = date.fromisoformat(args.on) if args.on else None
    except ValueError:
        raise UsageError(_("--on: “{value}” is not a date; write it as YYYY-MM-DD.").format(
            value=args.on)) from None
    try:
        if args.row is not None:
            rows = [F.parse_row(text, n) for n, text in enumerate(args.row, start=1)]
        if args.from_wishes:
            rows = F.rows_from_wishes(OpportunityService(ctx).profile(case), rows)
        if args.row is not None or args.from_wishes:
            in_time = F.save_grid(ctx, case.reference, rows, on)
            print(_("Feasibility grid of case {reference} saved.").format(
                reference=case.reference))
            if not in_time:
                print(_("Note: this is more than a month after arrival."))
    except ValidationError as exc:
        raise UsageError(f"counsel-app case feasibility: {exc}") from None
    print(ngettext("Feasibility grid of case {reference}: {n} line",
                   "Feasibility grid of case {reference}: {n} lines", len(rows)).format(
        reference=case.reference, n=len(rows)))
    lang = interface_language()
    for number, row in enumerate(rows, start=1):
        head, *details = F.row_lines(row, number, lang)
        print(head)
        for line in details:
            print("   " + line)
    from counsel_app.opportunities.refinement import plan_history

    for line in plan_history(ctx, case.reference):
        print(line)
    return 0
