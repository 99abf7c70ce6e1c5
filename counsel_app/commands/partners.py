"""``counsel-app partners``: the partner directory — import, sample set, template, list;
and ``counsel-app referrals``: a case's referrals to partners — list, add, move."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counsel_app.commands import spreadsheets, whole_number
from counsel_app.errors import UsageError
from counsel_app.i18n import _, ngettext


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "partners", help=_("the partner directory: import, template, list"),
        description=_("Organisations returnees can be referred to (NGOs, diaspora "
                      "associations, employers, training centres, microfinance institutions, "
                      "health facilities, public services), by country and region."))
    sub = parser.add_subparsers(dest="partners_command", metavar="ACTION", required=True)
    spreadsheets.add_actions(sub, sample_help=_("import the shipped sample partners (marked "
                                                "sample)"),
                             cmd_import=cmd_import, cmd_sample=cmd_sample,
                             cmd_template=cmd_template)
    listing = sub.add_parser("list", help=_("list or search the partners"))
    listing.add_argument("--country", metavar="CC", help=_("two-letter country code"))
    listing.add_argument("--region", metavar="REGION", help=_("region code or name"))
    listing.add_argument("--type", metavar="TYPE", help=_(
        "ngo, diaspora, employer, training, microfinance, health or public"))
    listing.add_argument("--text", default="", help=_("words in the name, town or services"))
    listing.add_argument("--limit", type=whole_number, default=50, metavar="N")
    listing.set_defaults(func=cmd_list)
    register_referrals(subparsers)


def register_referrals(subparsers) -> None:
    from counsel_app.partners.referrals import ORDER, OUTCOME_LABELS

    parser = subparsers.add_parser(
        "referrals", help=_("a case's referrals to partners: list, add, move"),
        description=_("A referral names a partner and a service and moves through planned, "
                      "sent, accepted or rejected, and done, each with its date, an outcome "
                      "and a note. Needs COUNSEL_APP_USER and COUNSEL_APP_PASSWORD (or a "
                      "terminal to ask for the password)."))
    sub = parser.add_subparsers(dest="referrals_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help=_("the case's referrals and where they stand"))
    listing.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    listing.set_defaults(func=cmd_referrals)
    add = sub.add_parser("add", help=_("refer the person to a partner of the directory"))
    add.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    add.add_argument("--partner", type=whole_number, required=True, metavar="ID",
                     help=_("the partner's number (see: counsel-app partners list)"))
    add.add_argument("--service", required=True, help=_("the service the person is "
                                                        "referred for"))
    add.add_argument("--note", default="", help=_("a note"))
    add.set_defaults(func=cmd_referral_add)
    move = sub.add_parser("move", help=_("record a referral's next step"))
    move.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    move.add_argument("which", metavar="N", help=_("the referral's number in the list"))
    move.add_argument("state", metavar="STATE", help=_("one of: {choices}").format(
        choices=", ".join(ORDER[1:])))
    move.add_argument("--on", metavar="YYYY-MM-DD", help=_("its date (default: today)"))
    move.add_argument("--outcome", default="", metavar="OUTCOME", help=_(
        "what came of it: {choices}").format(choices=", ".join(OUTCOME_LABELS)))
    move.add_argument("--note", help=_("a note (replaces the earlier one)"))
    move.set_defaults(func=cmd_referral_move)


def _directory(args):
    from counsel_app.partners.service import PartnerDirectory

    return spreadsheets.library(args, PartnerDirectory.for_context, PartnerDirectory)


def cmd_import(args: argparse.Namespace) -> int:
    return spreadsheets.finish_import(
        args, _directory(args).import_file(Path(args.file).expanduser(), dry_run=args.dry_run))


def cmd_sample(args: argparse.Namespace) -> int:
    spreadsheets.print_report(_directory(args).import_sample_set())
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from counsel_app.partners.service import PartnerDirectory

    return spreadsheets.save_template(args, PartnerDirectory.save_template)


def partner_line(p) -> str:
    """The place and the services each with the interface language's list separator."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import list_separator
    from counsel_app.opportunities.classifications import region_name

    separator = list_separator(interface_language())
    place = separator.join(x for x in (p.town, region_name(p.region), p.country) if x)
    sample = _(" [SAMPLE]") if p.is_sample else ""
    return f"#{p.id} {p.name} ({_(p.type.label)}) — {place} — " \
           f"{separator.join(p.services)}{sample}"


def cmd_list(args: argparse.Namespace) -> int:
    from counsel_app.context import open_database
    from counsel_app.opportunities.classifications import country_codes, resolve_region
    from counsel_app.partners.model import TYPE_ALIASES, PartnerType
    from counsel_app.partners.service import PartnerDirectory
    from counsel_app.opportunities.classifications import fold

    country = args.country.strip().upper() if args.country else None
    if country is not None and country not in country_codes():
        raise UsageError(_("--country: “{value}” is not a two-letter country code.").format(
            value=args.country))
    region = None
    if args.region:
        if country is None:
            raise UsageError(_("--region: give --country too."))
        region = resolve_region(country, args.region)
        if region is None:
            raise UsageError(_("--region: “{value}” is not a region of {country}.").format(
                value=args.region, country=country))
    kind = None
    if args.type:
        kind = TYPE_ALIASES.get(fold(args.type))
        if kind is None:
            raise UsageError(_("--type: choose one of {choices}.").format(
                choices=", ".join(t.value for t in PartnerType)))
    directory = PartnerDirectory(open_database(args.db))
    filters = dict(country=country, region=region, type=kind, text=args.text)
    total = directory.count(**filters)
    found = directory.search(limit=max(0, args.limit), **filters)
    for partner in found:
        print(partner_line(partner))
        if partner.procedure:
            print("    " + _("Referral: {procedure}").format(procedure=partner.procedure))
    print(ngettext("{shown} of {total} partner shown.", "{shown} of {total} partners shown.",
                   total).format(shown=len(found), total=total))
    return 0


def _case(args):
    from counsel_app.context import sign_in_from_environment
    from counsel_app.domain.reference import parse_reference

    try:
        parse_reference(args.reference)
    except Exception as exc:  # ValidationError -> a usage error (exit 2)
        raise UsageError(f"counsel-app referrals: {exc}") from None
    ctx = sign_in_from_environment(args.db)
    return ctx, ctx.cases.get_by_reference(args.reference)


def referral_line(number: int, r) -> str:
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import list_separator
    from counsel_app.partners.model import PartnerType
    from counsel_app.partners.referrals import OUTCOME_LABELS, STATE_LABELS

    kind = _(PartnerType(r.partner_type).label) if r.partner_type in PartnerType._value2member_map_ \
        else r.partner_type
    # each step and its day as the screens show days ("Sent 4 Dec 2026"), not ISO, one
    # after the other with the language's list separator
    from counsel_app.i18n.dates import show_stored_date

    lang = interface_language()
    dates = list_separator(lang).join(
        _("{step} {date}").format(step=_(STATE_LABELS[s]), date=show_stored_date(d, lang))
        for s, d in (
            ("sent", r.sent_on), ("accepted" if r.state != "rejected" else "rejected",
                                  r.answered_on), ("done", r.done_on)) if d)
    parts = [f"{number}. {r.partner_name} ({kind}) — {r.service} — {_(STATE_LABELS[r.state])}"]
    if dates:
        parts.append(f"[{dates}]")
    if r.outcome:
        parts.append("— " + _(OUTCOME_LABELS.get(r.outcome, r.outcome)))
    if r.partner.get("is_sample"):
        parts.append(_("[SAMPLE]"))
    return " ".join(parts)


def cmd_referrals(args: argparse.Namespace) -> int:
    from counsel_app.partners.referrals import ReferralService

    ctx, case = _case(args)
    items = ReferralService(ctx).list(case)
    print(_("Referrals of case {reference}: {n}").format(reference=case.reference,
                                                          n=len(items)))
    for number, referral in enumerate(items, start=1):
        print(referral_line(number, referral))
        if referral.note:
            print("    " + _("Note: {note}").format(note=referral.note))
    return 0


def cmd_referral_add(args: argparse.Namespace) -> int:
    from counsel_app.errors import ValidationError
    from counsel_app.partners.referrals import ReferralService

    ctx, case = _case(args)
    service = ReferralService(ctx)
    try:
        service.add(case, args.partner, args.service, args.note)
    except ValidationError as exc:
        raise UsageError(f"counsel-app referrals: {exc}") from None
    items = service.list(case)
    print(_("Referral added to case {reference}:").format(reference=case.reference))
    print(referral_line(len(items), items[-1]))
    return 0


def cmd_referral_move(args: argparse.Namespace) -> int:
    from counsel_app.errors import ValidationError
    from counsel_app.partners.referrals import ReferralService

    ctx, case = _case(args)
    service = ReferralService(ctx)
    try:
        referral = service.move(case, args.which, args.state.strip().lower(), on=args.on,
                                outcome=args.outcome, note=args.note)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    number = [r.key for r in service.list(case)].index(referral.key) + 1
    print(referral_line(number, referral))
    return 0
