"""``counsel-app travel show|set|checklist|sheet|depart|cancel-departure|answer REF``: the
travel phase from the command line (the same services as the Departure step)."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path

from counsel_app.errors import UsageError, UserError, ValidationError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, ngettext


def register(subparsers) -> None:
    travel = subparsers.add_parser(
        "travel", help=_("travel documents, fitness to travel, itinerary, reception, departure"),
        description=_("The travel phase of a case: documents for everyone who travels, the "
                      "medical clearance and escort, the route, the reception on arrival, the "
                      "pre-departure checklist, the person's travel sheet and the departure. "
                      "Needs COUNSEL_APP_USER and COUNSEL_APP_PASSWORD (or a terminal)."))
    ts = travel.add_subparsers(dest="travel_command", metavar="ACTION", required=True)

    show = ts.add_parser("show", help=_("the travel details of a case, and what is overdue"))
    show.add_argument("reference", metavar="REFERENCE")
    show.add_argument("--json", action="store_true",
                      help=_("print the details as JSON (edit and give back to travel set "
                             "--file)"))
    show.set_defaults(func=cmd_show)

    tset = ts.add_parser(
        "set", help=_("change the travel details (checked; nothing is saved if anything is "
                      "wrong)"),
        description=_("Sections given in --file (JSON, as travel show --json prints it) "
                      "replace lists and update objects; the options below change single "
                      "fields. Places are airport codes (CKY, GUCY) or a town with its "
                      "country code (\"Agadez, NE\")."))
    tset.add_argument("reference", metavar="REFERENCE")
    tset.add_argument("--file", metavar="FILE.json", help=_("travel details as JSON"))
    tset.add_argument("--document", action="append", default=None,
                      metavar="HOLDER,KIND,STATUS[,EXPIRES[,ISSUED]]",
                      help=_("a travel document (repeat; replaces the list): HOLDER is person "
                             "or household:N, KIND passport, laissez_passer, "
                             "emergency_travel_document, birth_certificate or other, STATUS "
                             "not_started, requested, issued or refused"))
    tset.add_argument("--consulate", metavar="TEXT",
                      help=_("the consulate, for every document given with --document"))
    tset.add_argument("--clearance", metavar="STATE",
                      choices=("not_needed", "pending", "fit", "not_fit"),
                      help=_("medical clearance: not_needed, pending, fit or not_fit"))
    tset.add_argument("--clearance-date", metavar="YYYY-MM-DD", type=_date)
    tset.add_argument("--medicines", metavar="TEXT", help=_("medicines to carry"))
    tset.add_argument("--escort", metavar="KIND", choices=("none", "operational", "medical"),
                      help=_("the escort: none, operational or medical"))
    tset.add_argument("--escort-reason", metavar="TEXT")
    tset.add_argument("--escort-name", metavar="TEXT")
    tset.add_argument("--escort-phone", metavar="PHONE")
    tset.add_argument("--departure-date", metavar="YYYY-MM-DD", type=_date)
    tset.add_argument("--leg", action="append", default=None,
                      metavar="FROM,TO,DEPARTS,ARRIVES[,CARRIER]",
                      help=_("a leg of the route (repeat, in order; replaces the route); "
                             "times as YYYY-MM-DDTHH:MM, local at each place"))
    tset.add_argument("--transit", action="append", default=None,
                      metavar="PLACE,HELP[,CONTACT[,PHONE]]",
                      help=_("help arranged at a transit stop (repeat; replaces the list)"))
    tset.add_argument("--adult", metavar="NAME",
                      help=_("for a child: the adult who accompanies them throughout"))
    tset.add_argument("--adult-role", choices=("parent", "guardian", "official", "escort"))
    tset.add_argument("--adult-phone", metavar="PHONE")
    tset.add_argument("--met-by", metavar="TEXT", help=_("who meets the person on arrival"))
    tset.add_argument("--meeting-point", metavar="TEXT", help=_("where they meet"))
    tset.add_argument("--reception-phone", metavar="PHONE")
    tset.add_argument("--show-health", choices=("yes", "no"),
                      help=_("print medicines on the travel sheet (only if the person asks)"))
    tset.set_defaults(func=cmd_set)

    rem = ts.add_parser("reminders", help=_("what is overdue across the cases being "
                                             "prepared (exit 1 when anything is)"))
    rem.set_defaults(func=cmd_reminders)

    check = ts.add_parser("checklist", help=_("the pre-departure checklist (exit 1 while "
                                              "anything is open)"))
    check.add_argument("reference", metavar="REFERENCE")
    check.set_defaults(func=cmd_checklist)

    sheet = ts.add_parser("sheet", help=_("print the person's travel sheet as PDF"))
    sheet.add_argument("reference", metavar="REFERENCE")
    sheet.add_argument("--lang", dest="doc_lang", required=True, metavar="CODE",
                       help=_("document language: {choices}").format(
                           choices=", ".join(DOCUMENT_LANGUAGES)))
    sheet.add_argument("--bilingual", metavar="CODE",
                       help=_("also print headings and labels in this language"))
    sheet.add_argument("--out", required=True, metavar="FILE")
    sheet.add_argument("--organisation", default="", metavar="NAME",
                       help=_("organisation name printed on every page"))
    sheet.set_defaults(func=cmd_sheet)

    depart = ts.add_parser("depart", help=_("mark the person departed (the checklist must "
                                            "be complete, or its open items waived)"))
    depart.add_argument("reference", metavar="REFERENCE")
    depart.add_argument("--on", metavar="YYYY-MM-DD", type=_date,
                        help=_("the day the person left (default: today)"))
    depart.add_argument("--note", default="", metavar="TEXT")
    depart.set_defaults(func=cmd_depart)

    cancel = ts.add_parser("cancel-departure",
                           help=_("the person did not leave after all: back to handed over"))
    cancel.add_argument("reference", metavar="REFERENCE")
    cancel.add_argument("--reason", required=True, metavar="TEXT")
    cancel.set_defaults(func=cmd_cancel)

    answer = ts.add_parser(
        "answer", help=_("office in the country of return: answer the reception request "
                         "that came with a handover (then send the acknowledgement)"))
    answer.add_argument("reference", metavar="REFERENCE", help=_("the case here"))
    state = answer.add_mutually_exclusive_group(required=True)
    state.add_argument("--confirm", dest="state", action="store_const", const="confirmed")
    state.add_argument("--not-possible", dest="state", action="store_const",
                       const="not_possible")
    answer.add_argument("--note", default="", metavar="TEXT")
    answer.add_argument("--contact-name", default="", metavar="TEXT",
                        help=_("who will meet the person"))
    answer.add_argument("--contact-phone", default="", metavar="PHONE")
    answer.set_defaults(func=cmd_answer)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date (use YYYY-MM-DD)").format(text=text)) from None


def _moment(text: str, option: str) -> str:
    try:
        return datetime.fromisoformat(text.strip()).isoformat(timespec="minutes")
    except ValueError:
        raise UsageError(_("{option}: “{text}” is not a date and time (use "
                           "YYYY-MM-DDTHH:MM).").format(option=option, text=text)) from None


def _context(args):
    from counsel_app.context import sign_in_from_environment

    return sign_in_from_environment(args.db)


def _reference(text: str) -> str:
    from counsel_app.domain.reference import parse_reference

    try:
        parse_reference(text)
    except Exception as exc:  # noqa: BLE001 - ValidationError: a usage error (exit 2)
        raise UsageError(f"counsel-app travel: {exc}") from None
    return text.strip().upper()


# -- show ---------------------------------------------------------------------------------------
def cmd_show(args) -> int:
    from counsel_app.travel.service import TravelService
    from counsel_app.travel.text import describe

    reference = _reference(args.reference)
    service = TravelService(_context(args))
    case, record = service.open(reference)
    if args.json:
        print(json.dumps(record.to_data(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    for line in describe(case, record):
        print(line)
    notes = service.reminders(case, record)
    if notes:
        print(_("Overdue or due soon:"))
        for note in notes:
            print(f"  ! {note.text}")
    return 0


def cmd_reminders(args) -> int:
    from counsel_app.travel.service import TravelService

    notes = TravelService(_context(args)).open_reminders()
    if not notes:
        print(_("Nothing is overdue."))
        return 0
    for case, note in notes:
        print(f"{case.reference}  {note.text}")
    return 1


# -- set ------------------------------------------------------------------------------------------
def _split(text: str, option: str, least: int, most: int) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if not least <= len(parts) <= most:
        raise UsageError(_("{option}: “{text}” needs {least} to {most} parts separated by "
                           "commas.").format(option=option, text=text, least=least, most=most))
    return parts + [""] * (most - len(parts))


def changes_from_args(args) -> dict:
    """The ``set`` options as a change of the travel details (JSON sections)."""
    changes: dict = {}
    if args.file:
        path = Path(args.file).expanduser()
        # (not at import: keeps the app's start light)
        from country_info.errors import PackError
        from country_info.validate import read_file
        try:  # missing, a folder, unreadable, too large or not JSON: one translated sentence
            data = read_file(path)
        except PackError as exc:
            raise UsageError(f"--file: {exc}") from None
        if not isinstance(data, dict):
            raise UsageError(_("--file: “{path}” must hold a JSON object.").format(path=path))
        changes.update(data)

    def section(name: str) -> dict:
        value = changes.setdefault(name, {})
        if not isinstance(value, dict):
            raise UsageError(_("--file: “{name}” must be an object.").format(name=name))
        return value

    if args.document is not None:
        documents = []
        for text in args.document:
            holder, kind, status, expires, issued = _split(text, "--document", 3, 5)
            documents.append({"holder": holder, "kind": kind, "status": status,
                              "consulate": args.consulate or "",
                              "expires_on": _iso_date(expires, "--document"),
                              "issued_on": _iso_date(issued, "--document")})
        changes["documents"] = documents
    fitness = {k: v for k, v in (("clearance", args.clearance),
                                 ("assessed_on", args.clearance_date and
                                  args.clearance_date.isoformat()),
                                 ("medicines", args.medicines)) if v is not None}
    if fitness:
        section("fitness").update(fitness)
    escort = {k: v for k, v in (("kind", args.escort), ("reason", args.escort_reason),
                                ("name", args.escort_name), ("phone", args.escort_phone))
              if v is not None}
    if escort:
        if args.escort:
            escort["decided_on"] = date.today().isoformat()
        section("escort").update(escort)
    itinerary = {}
    if args.departure_date:
        itinerary["departure_date"] = args.departure_date.isoformat()
    if args.leg is not None:
        legs = []
        for text in args.leg:
            origin, destination, departs, arrives, carrier = _split(text, "--leg", 4, 5)
            legs.append({"origin": origin, "destination": destination, "carrier": carrier,
                         "departs": _moment(departs, "--leg"),
                         "arrives": _moment(arrives, "--leg")})
        itinerary["legs"] = legs
    if args.transit is not None:
        itinerary["transits"] = [dict(zip(("place", "help", "contact_name", "contact_phone"),
                                          _split(text, "--transit", 2, 4)))
                                 for text in args.transit]
    adult = {k: v for k, v in (("name", args.adult), ("role", args.adult_role),
                               ("phone", args.adult_phone)) if v is not None}
    if adult:
        itinerary["accompanying_adult"] = adult
    if itinerary:
        section("itinerary").update(itinerary)
    reception = {k: v for k, v in (("met_by", args.met_by), ("meeting_point", args.meeting_point),
                                   ("contact_phone", args.reception_phone)) if v is not None}
    if reception:
        section("reception").update(reception)
    if args.show_health:
        section("sheet")["show_health"] = args.show_health == "yes"
    return changes


def _iso_date(text: str, option: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(_("{option}: “{text}” is not a date (use YYYY-MM-DD).").format(
            option=option, text=text)) from None


def cmd_set(args) -> int:
    from counsel_app.travel.service import TravelService

    reference = _reference(args.reference)
    changes = changes_from_args(args)
    if not changes:
        raise UsageError(_("travel set: nothing to change (give --file or an option; see "
                           "--help)."))
    service = TravelService(_context(args))
    if isinstance(changes.get("itinerary"), dict) and isinstance(
            changes["itinerary"].get("accompanying_adult"), dict):
        _case, stored = service.open(reference)
        current = stored.to_data()["itinerary"]["accompanying_adult"]
        changes["itinerary"]["accompanying_adult"] = {
            **current, **changes["itinerary"]["accompanying_adult"]}
    try:
        service.update(reference, changes)
    except ValidationError as exc:
        raise UserError(_("{field}: {problem} Nothing was saved.").format(
            field=exc.field, problem=str(exc))) from None
    print(_("Saved the travel details of case {reference}.").format(reference=reference))
    return 0


# -- checklist, sheet, departure, answer ------------------------------------------------------------
STATE_MARKS = {"done": "[x]", "waived": "[w]", "open": "[ ]"}


def cmd_checklist(args) -> int:
    from counsel_app.travel.checklist import WHERE_LABELS
    from counsel_app.travel.service import TravelService

    reference = _reference(args.reference)
    service = TravelService(_context(args))
    case, record = service.open(reference)
    checklist = service.checklist(case, record)
    print(_("Pre-departure checklist of case {reference}:").format(reference=reference))
    for item in checklist.items:
        where = _(WHERE_LABELS.get(item.where, item.where))
        line = f"  {STATE_MARKS[item.state]} {item.label}  ({where})"
        print(line)
        if item.detail:
            print(f"        {item.detail}")
        if item.waiver:
            print("        " + _("waived by {user}: {reason}").format(
                user=item.waiver.by, reason=item.waiver.reason))
    if checklist.complete:
        print(_("Complete: the person may be marked departed."))
        return 0
    open_count = len(checklist.open_items)
    print(ngettext("{count} item open: the departure cannot be recorded yet.",
                   "{count} items open: the departure cannot be recorded yet.",
                   open_count).format(count=open_count))
    return 1


def cmd_sheet(args) -> int:
    from counsel_app.travel.service import TravelService

    reference = _reference(args.reference)
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; give a file name.").format(path=out))
    if not out.parent.exists():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(
            path=out.parent))
    service = TravelService(_context(args))
    try:
        service.render_sheet(reference, args.doc_lang, args.bilingual,
                             organisation=args.organisation, out=out)
    except ValidationError as exc:
        raise UsageError(f"counsel-app travel sheet: {exc}") from None
    print(_("Wrote {path}").format(path=out))
    return 0


def cmd_depart(args) -> int:
    from counsel_app.travel.service import TravelService

    reference = _reference(args.reference)
    case = TravelService(_context(args)).depart(reference, args.on, args.note)
    print(_("Case {reference} is now “{status}”.").format(reference=reference,
                                                          status=_(case.status.label)))
    return 0


def cmd_cancel(args) -> int:
    from counsel_app.travel.service import TravelService

    reference = _reference(args.reference)
    case = TravelService(_context(args)).cancel_departure(reference, args.reason)
    print(_("Case {reference} is now “{status}”.").format(reference=reference,
                                                          status=_(case.status.label)))
    return 0


def cmd_answer(args) -> int:
    from counsel_app.travel.model import ANSWERS
    from counsel_app.travel.service import TravelService

    reference = _reference(args.reference)
    TravelService(_context(args)).answer_reception(
        reference, args.state, note=args.note, contact_name=args.contact_name,
        contact_phone=args.contact_phone)
    print(_("Recorded: {answer}. Send it with “counsel-app handover ack {reference} --out "
            "FILE”.").format(answer=_(ANSWERS[args.state]), reference=reference))
    return 0
