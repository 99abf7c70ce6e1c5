"""``counsel-app opportunities``: import, template, list, match, sample set."""

from __future__ import annotations

import argparse
from pathlib import Path

from counsel_app.commands import spreadsheets, whole_number
from counsel_app.errors import UsageError
from counsel_app.i18n import _, ngettext


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "opportunities",
        help=_("job and training opportunities: import, template, list, match"),
        description=_("Import partners' lists of job offers, trainings, apprenticeships, "
                      "start-up support and placement services, and match them to a case."),
    )
    sub = parser.add_subparsers(dest="opportunities_command", metavar="ACTION", required=True)

    spreadsheets.add_actions(sub, sample_help=_("import the shipped sample set (marked "
                                                "sample)"),
                             cmd_import=cmd_import, cmd_sample=cmd_sample,
                             cmd_template=cmd_template)

    listing = sub.add_parser("list", help=_("list the imported opportunities"))
    listing.add_argument("--country", metavar="CC", help=_("two-letter country code"))
    listing.add_argument("--kind", metavar="KIND",
                         help=_("job, training, apprenticeship, startup or placement"))
    listing.add_argument("--text", default="", help=_("words in the title or provider"))
    listing.add_argument("--open-only", action="store_true", help=_("leave out expired offers"))
    listing.add_argument("--limit", type=whole_number, default=50, metavar="N")
    listing.set_defaults(func=cmd_list)

    match = sub.add_parser("match", help=_("ranked suggestions for a case (needs sign-in)"),
                           description=_("Needs COUNSEL_APP_USER and COUNSEL_APP_PASSWORD, "
                                         "or a terminal to ask for the password."))
    match.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    match.add_argument("--include-expired", action="store_true",
                       help=_("also list expired offers (at the end)"))
    match.add_argument("--limit", type=whole_number, default=20, metavar="N")
    match.set_defaults(func=cmd_match)

    isco = sub.add_parser("isco", help=_("find the ISCO-08 code of a trade"),
                          description=_("Searches the ISCO-08 group titles in English, French, "
                                        "Spanish and Arabic, and everyday trade words."))
    isco.add_argument("words", nargs="+", metavar="WORDS", help=_("a trade or a code"))
    isco.set_defaults(func=cmd_isco)


def _catalogue(args):
    from counsel_app.context import open_database
    from counsel_app.opportunities.service import OpportunityCatalogue

    return OpportunityCatalogue(open_database(args.db))


def _import(args, path: Path, *, dry_run: bool = False):
    """Import into the catalogue; on a station that is set up, signed in and audited."""
    from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService

    return spreadsheets.library(args, OpportunityService, OpportunityCatalogue).import_file(
        path, dry_run=dry_run)


def cmd_import(args: argparse.Namespace) -> int:
    return spreadsheets.finish_import(
        args, _import(args, Path(args.file).expanduser(), dry_run=args.dry_run))


def cmd_sample(args: argparse.Namespace) -> int:
    from counsel_app.opportunities.service import sample_set_path

    spreadsheets.print_report(_import(args, sample_set_path("csv")))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from counsel_app.opportunities.service import OpportunityCatalogue

    return spreadsheets.save_template(args, OpportunityCatalogue.save_template)


def _check_country(value: str | None) -> str | None:
    if value is None:
        return None
    from counsel_app.opportunities.classifications import country_codes

    code = value.strip().upper()
    if code not in country_codes():
        raise UsageError(_("--country: “{value}” is not a two-letter country code.").format(
            value=value))
    return code


def cmd_list(args: argparse.Namespace) -> int:
    from counsel_app.opportunities.classifications import OpportunityKind, fold, KIND_ALIASES

    kind = None
    if args.kind:
        kind = KIND_ALIASES.get(fold(args.kind))
        if kind is None:
            raise UsageError(_("--kind: choose one of {choices}.").format(
                choices=", ".join(k.value for k in OpportunityKind)))
    catalogue = _catalogue(args)
    filters = dict(country=_check_country(args.country), kind=kind, text=args.text,
                   include_expired=not args.open_only)
    total = catalogue.count(**filters)
    items = catalogue.list(limit=max(0, args.limit), **filters)
    for item in items:
        print(_format_line(item))
    print(ngettext("{shown} of {total} opportunity shown.",
                   "{shown} of {total} opportunities shown.", total).format(
        shown=len(items), total=total))
    return 0


def _format_line(item) -> str:
    """"#12 Job: Welder — Provider — Pikine, Dakar, SN (open)": the kind and the title with
    the language's colon, the place with its list separator ("، " in Arabic)."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import list_separator
    from counsel_app.i18n.phrases import label_value
    from counsel_app.opportunities.classifications import region_name

    state = _("open") if item.is_open() else _("expired")
    place = list_separator(interface_language()).join(
        p for p in (item.town, region_name(item.region), item.country) if p)
    sample = _(" [SAMPLE]") if item.is_sample else ""
    return f"#{item.id} {label_value(_(item.kind.label), item.title())} — " \
           f"{item.provider_name} — {place} ({state}){sample}"


def cmd_match(args: argparse.Namespace) -> int:
    from counsel_app.context import sign_in_from_environment
    from counsel_app.opportunities.service import OpportunityService

    ctx = sign_in_from_environment(args.db)
    case = ctx.cases.get_by_reference(args.reference)
    service = OpportunityService(ctx)
    page = service.suggest(case, include_expired=args.include_expired,
                                           limit=max(0, args.limit))
    if page.total == 0:
        if service.catalogue.count() == 0:
            print(_("No opportunities are imported on this station yet. Import a partner's "
                    "list with “counsel-app opportunities import FILE” (the empty template: "
                    "“counsel-app opportunities template --out FILE.xlsx”), or the sample set "
                    "with “counsel-app opportunities sample”."))
        else:
            print(_("No opportunities in {country} for case {reference}: the lists imported "
                    "on this station are for other countries (see “counsel-app opportunities "
                    "list”).").format(country=page.country, reference=case.reference))
        return 0
    print(ngettext("{total} opportunity in {country} for case {reference}, best first:",
                   "{total} opportunities in {country} for case {reference}, best first:",
                   page.total).format(total=page.total, country=page.country,
                                      reference=case.reference))
    for rank, item in enumerate(page.items, start=1):
        print(f"{rank:>3}. [{item.score:+d}] {_format_line(item.opportunity)}")
        for text in item.reason_texts():
            print(f"       - {text}")
    return 0


def cmd_isco(args: argparse.Namespace) -> int:
    from counsel_app.opportunities.classifications import search_isco

    words = " ".join(args.words)
    hits = search_isco(words)
    if not hits:
        print(_("No ISCO-08 code found for “{words}”.").format(words=words))
        return 1
    for hit in hits:
        print(f"{hit.code:<5} {hit.label} — {hit.group}")
    return 0
