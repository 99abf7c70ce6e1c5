"""``counsel-app keys | handover | followup | monitoring``: station keys, handover packages,
post-arrival follow-up and the monitoring export, from the command line."""

from __future__ import annotations

import argparse
from datetime import date
import sys
from pathlib import Path

from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import _, ngettext
from counsel_app.i18n.phrases import join_clauses, label_value


def register(subparsers) -> None:
    # -- keys ---------------------------------------------------------------------------
    keys = subparsers.add_parser(
        "keys", help=_("this station's keys and the offices it trusts"),
        description=_("Handover packages are encrypted to the receiving office's key and "
                      "signed by the sending station. Exchange public key files, and check "
                      "each fingerprint by phone before trusting it."))
    ks = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    show = ks.add_parser("show", help=_("this station's fingerprint and the trusted keys"))
    show.set_defaults(func=cmd_keys_show)
    name = ks.add_parser("name", help=_("set the office name shown to other stations"))
    name.add_argument("name", metavar="NAME")
    name.set_defaults(func=cmd_keys_name)
    export = ks.add_parser("export", help=_("write this station's public key file (and QR code)"))
    export.add_argument("--out", metavar="FILE", required=True, help=_("the key file (.json)"))
    export.add_argument("--qr", metavar="FILE", help=_("also write a QR code image (.png)"))
    export.set_defaults(func=cmd_keys_export)
    imp = ks.add_parser("import", help=_("trust another station's public key file"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--role", choices=("office", "publisher"), default="office",
                     help=_("office: exchanges handover packages (default); publisher: signs "
                            "country information packs"))
    imp.add_argument("--fingerprint", metavar="TEXT",
                     help=_("the fingerprint the other office read to you by phone; without "
                            "it the key is shown, not trusted"))
    imp.set_defaults(func=cmd_keys_import)
    revoke = ks.add_parser("revoke", help=_("revoke a trusted key, or this station's own"))
    target = revoke.add_mutually_exclusive_group(required=True)
    target.add_argument("key", nargs="?", metavar="FINGERPRINT_OR_NAME")
    target.add_argument("--own", action="store_true",
                        help=_("revoke this station's keys (new ones are made)"))
    revoke.add_argument("--reason", default="", metavar="TEXT")
    revoke.set_defaults(func=cmd_keys_revoke)

    # -- handover -----------------------------------------------------------------------
    handover = subparsers.add_parser(
        "handover", help=_("hand a case over to an office, import packages, acknowledge"))
    hs = handover.add_subparsers(dest="handover_command", metavar="ACTION", required=True)
    hexp = hs.add_parser("export", help=_("seal a case for a trusted office (only what the "
                                          "person consented to share with it)"))
    hexp.add_argument("reference", metavar="REFERENCE")
    hexp.add_argument("--to", required=True, metavar="RECIPIENT",
                      help=_("the office: its fingerprint or its name"))
    hexp.add_argument("--out", required=True, metavar="FILE")
    hexp.add_argument("--receipt-lang", metavar="CODE",
                      help=_("language of the printed receipt (FILE.receipt.pdf); default: "
                             "the interface language"))
    hexp.set_defaults(func=cmd_handover_export)
    himp = hs.add_parser("import", help=_("import a handover or acknowledgement package"))
    himp.add_argument("file", metavar="FILE")
    himp.add_argument("--assign", metavar="USER",
                      help=_("give this post-arrival caseworker access to the new case"))
    himp.set_defaults(func=cmd_handover_import)
    ack = hs.add_parser("ack", help=_("send the sender an acknowledgement (received, arrived, "
                                      "follow-up scores)"))
    ack.add_argument("reference", metavar="REFERENCE", help=_("the case here"))
    ack.add_argument("--out", required=True, metavar="FILE")
    ack.set_defaults(func=cmd_handover_ack)
    hshow = hs.add_parser("show", help=_("packages sent and received for a case"))
    hshow.add_argument("reference", metavar="REFERENCE")
    hshow.set_defaults(func=cmd_handover_show)

    # -- follow-up ----------------------------------------------------------------------
    follow = subparsers.add_parser("followup", help=_("post-arrival work on a received case"))
    fs = follow.add_subparsers(dest="followup_command", metavar="ACTION", required=True)
    arr = fs.add_parser("arrival", help=_("record the arrival"))
    arr.add_argument("reference", metavar="REFERENCE")
    arr.add_argument("--date", required=True, metavar="YYYY-MM-DD", type=_date)
    arr.add_argument("--reception-done", action="store_true")
    arr.set_defaults(func=cmd_followup_arrival)
    visit = fs.add_parser("visit", help=_("record a follow-up visit with the survey scores"))
    visit.add_argument("reference", metavar="REFERENCE")
    visit.add_argument("--date", required=True, metavar="YYYY-MM-DD", type=_date)
    visit.add_argument("--score", action="append", default=[], metavar="INDICATOR=1..5",
                       required=True, help=_("repeat for each indicator (see followup "
                                             "indicators)"))
    _visit_details(visit)
    visit.set_defaults(func=cmd_followup_visit)
    vedit = fs.add_parser("edit-visit", help=_("complete or correct a visit (the earlier "
                                               "version is kept)"))
    vedit.add_argument("reference", metavar="REFERENCE")
    vedit.add_argument("visit", metavar="VISIT_ID", help=_("the visit's id (see followup show)"))
    vedit.add_argument("--date", required=True, metavar="YYYY-MM-DD", type=_date)
    vedit.add_argument("--score", action="append", default=[], metavar="INDICATOR=1..5",
                       required=True, help=_("every score of the visit, as it should be"))
    _visit_details(vedit)
    vedit.set_defaults(func=cmd_followup_edit_visit)
    vdel = fs.add_parser("delete-visit", help=_("take a visit out (it is kept in the history)"))
    vdel.add_argument("reference", metavar="REFERENCE")
    vdel.add_argument("visit", metavar="VISIT_ID")
    vdel.set_defaults(func=cmd_followup_delete_visit)
    refine = fs.add_parser("refine", help=_("record that the plan was refined after arrival"))
    refine.add_argument("reference", metavar="REFERENCE")
    refine.add_argument("--date", metavar="YYYY-MM-DD", type=_date,
                        help=_("the day of the refinement (default: today)"))
    refine.set_defaults(func=cmd_followup_refine)
    carried = fs.add_parser("consents", help=_("the consents the handover carried, with "
                                               "withdrawals made at the office"))
    carried.add_argument("reference", metavar="REFERENCE")
    carried.set_defaults(func=cmd_followup_consents)
    withdraw = fs.add_parser("withdraw", help=_("record a withdrawal of a carried consent "
                                                "made at the office"))
    withdraw.add_argument("reference", metavar="REFERENCE")
    withdraw.add_argument("purpose", metavar="PURPOSE",
                          help=_("the consent's purpose (see followup consents)"))
    withdraw.set_defaults(func=cmd_followup_withdraw)
    action = fs.add_parser("action", help=_("record progress of a plan action"))
    action.add_argument("reference", metavar="REFERENCE")
    action.add_argument("action_key", metavar="ACTION_KEY")
    action.add_argument("status", choices=("not_started", "in_progress", "done", "dropped"))
    action.add_argument("--date", metavar="YYYY-MM-DD", type=_date,
                        help=_("when it happened"))
    action.add_argument("--note", default="")
    action.add_argument("--outcome", default="", help=_("what came of it"))
    action.set_defaults(func=cmd_followup_action)
    close = fs.add_parser("close", help=_("close the case"))
    close.add_argument("reference", metavar="REFERENCE")
    close.add_argument("--reason", required=True,
                       choices=("completed", "lost_contact", "moved_on", "declined", "other"))
    close.set_defaults(func=cmd_followup_close)
    fshow = fs.add_parser("show", help=_("arrival, visits, scores and change since baseline"))
    fshow.add_argument("reference", metavar="REFERENCE")
    fshow.set_defaults(func=cmd_followup_show)
    pvisit = fs.add_parser("print-visit", help=_("print the record of a visit (what was "
                                                 "recorded) as PDF, without the name"))
    pvisit.add_argument("reference", metavar="REFERENCE")
    pvisit.add_argument("visit", metavar="VISIT_ID", help=_("the visit's id (see followup show)"))
    _print_options(pvisit)
    pvisit.set_defaults(func=cmd_followup_print_visit)
    pquest = fs.add_parser("print-questionnaire",
                           help=_("print a blank visit questionnaire for the field (the 15 "
                                  "indicators, the plan's actions, the referrals) as PDF"))
    pquest.add_argument("reference", metavar="REFERENCE")
    _print_options(pquest)
    pquest.set_defaults(func=cmd_followup_print_questionnaire)
    xls = fs.add_parser("xlsform", help=_("write the follow-up survey as an XLSForm for "
                                          "KoboToolbox or ODK Collect (no personal data)"))
    xls.add_argument("--out", required=True, metavar="FILE.xlsx", type=_out_path)
    xls.set_defaults(func=cmd_followup_xlsform)
    subs = fs.add_parser("import-submissions",
                         help=_("record visits filled on phones: a KoboToolbox or ODK Central "
                                "export (.csv or .xlsx) of the follow-up form"))
    subs.add_argument("file", metavar="FILE", type=_in_path)
    subs.add_argument("--dry-run", action="store_true",
                      help=_("show what would be recorded and every problem; record nothing"))
    subs.set_defaults(func=cmd_followup_import_submissions)
    coh = fs.add_parser("cohorts", help=_(
        "programme figures: scores by dimension over time since arrival, by country, quarter "
        "of return, type of assistance and referral outcome (no personal data, small cells "
        "suppressed)"))
    coh.add_argument("--csv", metavar="FILE.csv", type=_out_path,
                     help=_("write every figure as CSV"))
    coh.add_argument("--pdf", metavar="FILE.pdf", type=_out_path,
                     help=_("write the printable programme report"))
    coh.add_argument("--lang", dest="report_lang", metavar="CODE", default="en",
                     help=_("document language of the report (default: en)"))
    coh.set_defaults(func=cmd_followup_cohorts)
    ind = fs.add_parser("indicators", help=_("the 15 survey indicators and their weights"))
    ind.set_defaults(func=cmd_followup_indicators)
    weights = fs.add_parser("weights", help=_("set the organisation's survey weights from a "
                                              "JSON file, or go back to the project defaults"))
    which = weights.add_mutually_exclusive_group(required=True)
    which.add_argument("--set", metavar="FILE.json",
                       help=_("a JSON file with indicator weights, dimension weights and "
                              "who set them (see docs/handover.md)"))
    which.add_argument("--reset", action="store_true",
                       help=_("use the project defaults (equal weights) again"))
    weights.set_defaults(func=cmd_followup_weights)

    # -- monitoring ---------------------------------------------------------------------
    mon = subparsers.add_parser("monitoring", help=_("figures for programme reporting"))
    ms = mon.add_subparsers(dest="monitoring_command", metavar="ACTION", required=True)
    mexp = ms.add_parser("export", help=_("write the monitoring figures (CSV, no personal "
                                          "data, small cells suppressed)"))
    mexp.add_argument("--out", required=True, metavar="FILE.csv")
    mexp.set_defaults(func=cmd_monitoring_export)


def _visit_details(parser) -> None:
    parser.add_argument("--type", default="home", choices=("home", "phone", "office"),
                        dest="visit_type", help=_("how the person was met (default: home)"))
    parser.add_argument("--people", default="", help=_("who was present"))
    parser.add_argument("--note", default="")


def _print_options(parser) -> None:
    from counsel_app.i18n import DOCUMENT_LANGUAGES

    parser.add_argument("--lang", dest="doc_lang", required=True, metavar="CODE",
                        help=_("document language: {choices}").format(
                            choices=", ".join(DOCUMENT_LANGUAGES)))
    parser.add_argument("--out", required=True, metavar="FILE.pdf", type=_out_path)


def cmd_followup_print_visit(args) -> int:
    from counsel_app.followup.prints import print_visit

    _print_pdf(args, lambda ctx: print_visit(ctx, args.reference, args.visit, args.doc_lang,
                                             out=args.out))
    return 0


def cmd_followup_print_questionnaire(args) -> int:
    from counsel_app.followup.prints import print_questionnaire

    _print_pdf(args, lambda ctx: print_questionnaire(ctx, args.reference, args.doc_lang,
                                                     out=args.out))
    return 0


def _print_pdf(args, render) -> None:
    from counsel_app.context import database_errors
    from counsel_app.errors import ValidationError
    from counsel_app.i18n.languages import translation_warning
    from counsel_app.plan.service import check_language

    try:
        check_language(args.doc_lang, "--lang")
    except ValidationError as exc:
        raise UsageError(str(exc)) from None
    ctx = _context(args)
    warning = translation_warning(args.doc_lang, None)
    if warning:  # the same words as the print screen, before the file is written
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    with database_errors(ctx.db):
        render(ctx)
    print(_("Wrote {path}").format(path=args.out))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date (use YYYY-MM-DD)").format(text=text)) from None


def cmd_followup_cohorts(args) -> int:
    from counsel_app.followup import cohorts
    from counsel_app.documents.programme_report import write_report
    from counsel_app.i18n import DOCUMENT_LANGUAGES, document_translator, interface_language
    from counsel_app.i18n.formatting import format_integer, format_score

    if args.report_lang not in DOCUMENT_LANGUAGES:
        raise UsageError(_("--lang: unknown document language “{lang}” (choose from "
                           "{choices}).").format(lang=args.report_lang,
                                                choices=", ".join(DOCUMENT_LANGUAGES)))
    ctx = _context(args)
    report = cohorts.collect(ctx)
    for path, write in ((args.csv, lambda p: cohorts.write_csv(report, p)),
                        (args.pdf, lambda p: write_report(ctx, report, p, args.report_lang))):
        if path is None:
            continue
        try:
            write(path)
        except OSError as exc:
            raise UserError(_("Cannot write {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        print(_("Wrote {path}.").format(path=path))
    lang = interface_language()
    t = document_translator(lang).gettext

    def count(n: int) -> str:  # as the language writes numbers ("1 204" in French), or "<5"
        shown = cohorts.shown_count(n)
        return shown if shown == cohorts.SUPPRESSED else format_integer(n, lang)

    print(_("Cases counted (arrival recorded, samples left out): {n}").format(
        n=count(report.cases)))
    for measure, label in cohorts.MEASURES.items():
        table = report.table("all", measure)
        cells = []
        for period, (period_label, _start, _end) in cohorts.PERIODS.items():
            cell = table.cell("all", period)
            if cell.cases:  # the average as on the screens ("0,75" in French), "–" for none
                cells.append(_("{period} {average} (n={cases})").format(
                    period=t(period_label), average=format_score(cell.average, lang),
                    cases=count(cell.cases)))
        print(label_value(t(label), join_clauses(cells) or _("no score yet")))
    return 0


def cmd_followup_xlsform(args) -> int:
    from counsel_app.followup.xlsform import write_xlsform

    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(_("followup xlsform: the form is an .xlsx file (“{name}”).").format(
            name=args.out.name))
    try:
        form = write_xlsform(args.out)
    except OSError as exc:
        raise UserError(_("The form could not be written to {path}: {reason}").format(
            path=args.out, reason=exc.strerror or exc)) from None
    print(_("Wrote the follow-up form to {path} (languages: {languages}). Upload it to "
            "KoboToolbox or ODK Central; phones fill it without a connection.").format(
        path=args.out, languages=", ".join(form.languages)))
    return 0


def cmd_followup_import_submissions(args) -> int:
    from counsel_app.followup.submissions import (
        check_summary,
        preview_line,
        read_submissions,
        record_submissions,
        record_summary,
    )

    report = read_submissions(args.file)
    if args.dry_run:
        for item in report.good:
            print(preview_line(item))
    else:
        record_submissions(_context(args), report)
    for row, problem in report.problems:
        print(_("row {row}: not recorded: {problem}").format(row=row, problem=problem),
              file=sys.stderr)
    print(check_summary(report, dry_run=True) if args.dry_run else record_summary(report))
    return 1 if report.problems else 0


def _context(args):
    from counsel_app.context import sign_in_from_environment

    return sign_in_from_environment(args.db)


def _out_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; give a file name.").format(path=path))
    if not path.parent.exists():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(
            path=path.parent))
    return path


def _in_path(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise UsageError(_("“{path}” is not a file.").format(path=path))
    return path


def _day(value) -> str:
    """A day the program writes for people (a date, a datetime or its stored ISO text) in
    the interface language's medium form, as the screens show it; days typed stay ISO."""
    from datetime import date

    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_date, show_stored_date

    if isinstance(value, date):
        return show_date(value, interface_language())
    return show_stored_date(value, interface_language()) if value else ""


def _moment(value) -> str:
    """A recorded moment: its day in the medium form and its time (show_datetime)."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_datetime

    return show_datetime(value, interface_language())


# -- keys -----------------------------------------------------------------------------------
def cmd_keys_show(args) -> int:
    from counsel_app.handover.keys import ROLES, KeyStore, spoken

    store = KeyStore(_context(args))
    me = store.station()
    print(_("This station: {name}").format(name=me.name or _("(no office name set)")))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=spoken(me.fingerprint)))
    trusted = store.list_trusted()
    print(_("Trusted keys: {count}").format(count=len(trusted)))
    for key in trusted:
        state = (_("revoked {date}").format(date=_day(key.revoked_at))
                 if key.revoked else _("trusted"))
        print(f"  {spoken(key.fingerprint)}  {key.name}  [{_(ROLES[key.role])}; {state}]")
    return 0


def cmd_keys_name(args) -> int:
    from counsel_app.handover.keys import KeyStore

    ctx = _context(args)
    ctx.require("settings.manage")
    KeyStore(ctx).set_station_name(args.name)
    print(_("The office name is now “{name}”. Export the key file again for other "
            "offices.").format(name=args.name.strip()))
    return 0


def cmd_keys_export(args) -> int:
    from counsel_app.handover.keys import KeyStore, spoken

    out = _out_path(args.out)
    qr = _out_path(args.qr) if args.qr else None
    store = KeyStore(_context(args))
    store.export_bundle(out)
    print(_("Wrote the public key file {path}.").format(path=out))
    if qr:
        store.export_qr(qr)
        print(_("Wrote the QR code {path}.").format(path=qr))
    print(_("Fingerprint to read by phone: {fingerprint}").format(
        fingerprint=spoken(store.station().fingerprint)))
    return 0


def cmd_keys_import(args) -> int:
    from counsel_app.handover.keys import KeyStore, spoken

    ctx = _context(args)
    ctx.require("settings.manage")
    store = KeyStore(ctx)
    bundle = store.read_bundle(_in_path(args.file))
    print(_("Office: {name}").format(name=bundle.get("name") or "-"))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=spoken(bundle["fingerprint"])))
    if not args.fingerprint:
        print(_("Not trusted yet. Call the office, have them read their fingerprint, and run "
                "this again with --fingerprint \"…\" if it is the same."))
        return 1
    key = store.import_bundle(bundle, role=args.role, expected_fingerprint=args.fingerprint)
    print(_("Trusted {name} ({fingerprint}).").format(name=key.name or "-",
                                                      fingerprint=spoken(key.fingerprint)))
    return 0


def cmd_keys_revoke(args) -> int:
    from counsel_app.handover.keys import KeyStore, spoken

    ctx = _context(args)
    ctx.require("settings.manage")
    store = KeyStore(ctx)
    if args.own:
        old = store.revoke_station()
        new = store.station().fingerprint
        print(_("Revoked this station's key {old}. New key: {new}. Send the new key file to "
                "every office.").format(old=spoken(old), new=spoken(new)))
        return 0
    key = store.revoke(args.key, args.reason)
    print(_("Revoked {name} ({fingerprint}): packages from or to it are refused from now "
            "on.").format(name=key.name or "-", fingerprint=spoken(key.fingerprint)))
    return 0


# -- handover -------------------------------------------------------------------------------
def cmd_handover_export(args) -> int:
    from counsel_app.handover.package import export_handover
    from counsel_app.handover.receipt import category_label

    from counsel_app.i18n import DOCUMENT_LANGUAGES

    if args.receipt_lang and args.receipt_lang not in DOCUMENT_LANGUAGES:
        raise UsageError(_("--receipt-lang: documents cannot be printed in “{lang}” (choose "
                           "from {choices}).").format(lang=args.receipt_lang,
                                                      choices=", ".join(DOCUMENT_LANGUAGES)))
    out = _out_path(args.out)
    result = export_handover(_context(args), args.reference, args.to, out,
                             receipt_lang=args.receipt_lang)
    print(_("Sealed case {reference} for {office} into {path}.").format(
        reference=result.reference, office=result.recipient.name, path=result.path))
    # the categories one after the other with the language's semicolon: a category's name
    # may hold commas ("Identification (name, date of birth, place of return)")
    print(_("Sent: {items}").format(items=join_clauses(category_label(k)
                                                      for k in result.shared)))
    if result.withheld:
        print(_("Not sent: {items}").format(
            items=join_clauses(category_label(k) for k in result.withheld)))
    print(_("Receipt: {path}").format(path=result.receipt_path))
    if result.receipt_pdf_path:
        print(_("Printed receipt: {path}").format(path=result.receipt_pdf_path))
    return 0


def cmd_handover_import(args) -> int:
    from counsel_app.handover.package import import_package
    from counsel_app.handover.receipt import category_label, consent_lines

    result = import_package(_context(args), _in_path(args.file), assign_to=args.assign)
    if result.kind == "ack":
        print(_("Acknowledgement from {office} for case {reference} recorded; status now "
                "“{status}”.").format(office=result.sender.name, reference=result.local_reference,
                                      status=_(result.status.label)))
        return 0
    print(_("Imported case {reference} from {office} (their reference {remote}).").format(
        reference=result.local_reference, office=result.sender.name,
        remote=result.remote_reference))
    print(_("Shared with this office: {items}").format(
        items=join_clauses(category_label(k) for k in result.shared)))
    print(_("Under these consents:"))
    for line in consent_lines(result.consents):
        print(line)
    return 0


def cmd_handover_ack(args) -> int:
    from counsel_app.handover.ack import export_ack

    out = _out_path(args.out)
    export_ack(_context(args), args.reference, out)
    print(_("Wrote the acknowledgement for case {reference} to {path}.").format(
        reference=args.reference, path=out))
    from counsel_app.handover.ack import receipt_path

    print(_("Receipt: {path}").format(path=receipt_path(out)))
    return 0


def cmd_handover_show(args) -> int:
    from counsel_app.handover.package import packages_for_case, withdrawal_flags

    ctx = _context(args)
    case = ctx.cases.get_by_reference(args.reference)
    packages = packages_for_case(ctx, case.id)
    if not packages:
        print(_("Case {reference} has no handover packages.").format(reference=case.reference))
        return 0
    for p in packages:
        print(f"{_moment(p['recorded_at'])}  {p['kind']:<8} {p['direction']:<8} "
              f"{p['package_id']}")
        content = p["content"]
        if p["kind"] == "ack" and p["direction"] == "received":
            follow = content.get("followup") or {}
            from counsel_app.handover.ack import progress_text

            print(_("    status {status}; visits {visits}; {progress}").format(
                status=content.get("status"), visits=follow.get("visits"),
                progress=progress_text(content)))
            from counsel_app.handover.ack import acknowledged_actions

            for text, status in acknowledged_actions(ctx, case.reference, content):
                print(f"    [{status}] {text}")
            from counsel_app.handover.receipt import purpose_label

            for item in content.get("consents_withdrawn") or []:
                print(_("    Consent withdrawn at the office on {date}: {purpose}").format(
                    date=_day(item.get("on")), purpose=purpose_label(item.get("purpose", ""))))
    try:
        flags = withdrawal_flags(ctx, case.reference)
    except Exception:  # noqa: BLE001 - consent records unreadable here: say nothing wrong
        flags = []
    for flag in flags:
        print(_("Warning: consent to share with {office} is no longer in force; package "
                "{package} was sent before. Tell the office.").format(
                    office=flag["office"], package=flag["package_id"]))
    return 0


# -- follow-up ------------------------------------------------------------------------------
def cmd_followup_arrival(args) -> int:
    from counsel_app.followup.service import FollowupService

    FollowupService(_context(args)).record_arrival(args.reference, args.date,
                                                   args.reception_done)
    print(_("Arrival of case {reference} recorded.").format(reference=args.reference))
    return 0


def _scores(items: list[str]) -> dict[str, str]:
    scores = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(_("--score: “{item}” must look like indicator=3.").format(item=item))
        scores[key.strip()] = value.strip()
    return scores


def cmd_followup_visit(args) -> int:
    from counsel_app.followup.service import FollowupService

    visit = FollowupService(_context(args)).record_visit(
        args.reference, _scores(args.score), args.date, args.visit_type, args.people,
        args.note)
    print(_("Visit recorded: {answered} of 15 indicators.").format(
        answered=visit.result.answered))
    _print_scores(visit.result)
    return 0


def cmd_followup_edit_visit(args) -> int:
    from counsel_app.followup.service import FollowupService

    visit = FollowupService(_context(args)).edit_visit(
        args.reference, args.visit, _scores(args.score), args.date, args.visit_type,
        args.people, args.note)
    print(_("Visit changed: {answered} of 15 indicators (the earlier version is kept).")
          .format(answered=visit.result.answered))
    _print_scores(visit.result)
    return 0


def cmd_followup_delete_visit(args) -> int:
    from counsel_app.followup.service import FollowupService

    FollowupService(_context(args)).delete_visit(args.reference, args.visit)
    print(_("Visit deleted (it is kept in the case's history)."))
    return 0


def cmd_followup_consents(args) -> int:
    """Each carried consent in words, as the office's case view says it (the days in the
    interface language's medium form); one still in force says how to withdraw it, its
    purpose given there as the word ``followup withdraw`` takes."""
    from counsel_app.followup.office import carried_consent_line, carried_consents
    from counsel_app.i18n import interface_language

    lang = interface_language()
    items = carried_consents(_context(args), args.reference)
    if not items:
        print(_("The handover of case {reference} carried no consents.").format(
            reference=args.reference))
    for c in items:
        line = "  " + carried_consent_line(c, lang)
        if c.state == "given" and not c.withdrawn_here:
            line += " " + _("(to withdraw it: counsel-app followup withdraw {reference} "
                            "{purpose})").format(reference=args.reference, purpose=c.purpose)
        print(line)
    return 0


def cmd_followup_withdraw(args) -> int:
    from counsel_app.followup.office import withdraw_consent

    withdraw_consent(_context(args), args.reference, args.purpose)
    print(_("Withdrawal recorded; the next acknowledgement tells the sender."))
    return 0


def cmd_followup_refine(args) -> int:
    from counsel_app.followup.service import FollowupService

    in_time = FollowupService(_context(args)).refine_plan(args.reference, [], on=args.date)
    print(_("Plan refinement of case {reference} recorded.").format(reference=args.reference)
          if in_time else
          _("Plan refinement of case {reference} recorded (later than a month after "
            "arrival).").format(reference=args.reference))
    return 0


def _print_scores(result) -> None:
    """Each dimension's score and the overall one, written as the interface language writes
    numbers ("0,57" in French), as the screens show them."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import format_score
    from counsel_app.session.assessment import DIMENSIONS

    lang = interface_language()
    for dim, label in DIMENSIONS.items():
        value = result.dimensions.get(dim)
        print("  " + label_value(_(label), "-" if value is None else format_score(value, lang)))
    print(_("  Overall: {value}").format(
        value="-" if result.overall is None else format_score(result.overall, lang)))


def cmd_followup_action(args) -> int:
    """The action in words (as ``followup show`` says it) and its new status in words."""
    from counsel_app.followup.service import ACTION_STATUSES, FollowupService, PlanAction

    service = FollowupService(_context(args))
    service.set_action(args.reference, args.action_key, args.status, args.note, args.date,
                       args.outcome)
    action = next((a for a in service.summary(args.reference).actions
                   if a.key == args.action_key), PlanAction(args.action_key, ""))
    print(_("Action “{action}” is now “{status}”.").format(
        action=_action_words(action), status=_(ACTION_STATUSES[args.status])))
    return 0


def cmd_followup_close(args) -> int:
    from counsel_app.followup.service import FollowupService

    FollowupService(_context(args)).close(args.reference, args.reason)
    print(_("Case {reference} closed.").format(reference=args.reference))
    return 0


def cmd_followup_show(args) -> int:
    from counsel_app.followup.service import (
        ACTION_STATUSES, CLOSURE_REASONS, VISIT_TYPES, FollowupService,
    )
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_date
    from counsel_app.i18n.formatting import format_integer, format_score

    lang = interface_language()

    def day(value) -> str:  # the medium form of the screens ("4 déc. 2026"), "-" for none
        return show_date(value, lang) if value else "-"

    s = FollowupService(_context(args)).summary(args.reference)
    print(_("Case {reference}: {status}").format(reference=s.reference, status=_(s.status.label)))
    print(_("Arrival: {date}; reception done: {done}").format(
        date=day(s.arrival_date), done=_("yes") if s.reception_done else _("no")))
    print(_("Plan refined: {date} (due by {due})").format(
        date=day(s.plan_refined_on), due=day(s.refine_by)))
    if s.baseline:
        print(_("Baseline (pre-departure):"))
        _print_scores(s.baseline.result)
    for visit in s.visits:
        print(_("Visit {date} ({kind}, {answered} of 15 indicators) [{uid}]:").format(
            date=day(visit.visit_date), kind=_(VISIT_TYPES.get(visit.visit_type, visit.kind)),
            answered=format_integer(visit.result.answered, lang), uid=visit.uid))
        _print_scores(visit.result)
    current = s.current()
    if current is not None:
        print(_("Latest score of each dimension:"))
        _print_scores(current.scores)
    change = s.change_since_baseline()
    if change and change.get("overall") is not None:
        print(_("Change since the baseline (overall): {value}").format(  # as on the screen
            value=format_score(change["overall"], lang, signed=True)))
    for due in s.schedule:
        print(ngettext("  Visit {number} ({months} month): due {due}; {state}",
                       "  Visit {number} ({months} months): due {due}; {state}",
                       due.months).format(
            number=format_integer(due.number, lang), months=format_integer(due.months, lang),
            due=day(due.due_on),
            state=(_("done on {date}").format(date=day(due.done_on)) if due.done_on
                   else _("OVERDUE") if due.overdue() else _("open"))))
    print(_("Weights: {source}").format(source=_(s.weights.source)))
    for action in s.actions:
        print(_("  [{status}] {action}").format(
            status=_(ACTION_STATUSES[action.status]), action=_action_words(action)))
    if s.closed_on:
        reason = CLOSURE_REASONS.get(s.closure_reason or "")
        print(_("Closed on {date} ({reason}).").format(
            date=day(s.closed_on), reason=_(reason) if reason else s.closure_reason))
    return 0


def _action_words(action) -> str:
    """An action of the plan in words: its text; an action known only by its key is said so
    in words (the shared "unnamed" wording), the key given as a reference."""
    if action.text.strip():
        return action.text.strip()
    from counsel_app.i18n import document_translator, interface_language
    from counsel_app.security.subject_access import UNNAMED

    return document_translator(interface_language()).gettext(UNNAMED).format(key=action.key)


def cmd_followup_indicators(args) -> int:
    """Each dimension and indicator in words with its weight written as the interface
    language writes numbers ("0,5" in French); the indicator's key only as what is typed
    after ``--score``."""
    from counsel_app.followup import rss
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import format_decimal
    from counsel_app.session.assessment import DIMENSIONS

    lang = interface_language()
    weights = rss.load_weights(_context(args).db)
    for dim, label in DIMENSIONS.items():
        print(_("{dimension}, weight {weight}:").format(
            dimension=_(label), weight=format_decimal(weights.dimensions[dim], lang)))
        for ind in rss.INDICATORS:
            if ind.dimension == dim:
                # Translators: {key} is what is typed on the command line; keep it as it is.
                print("  " + _("{indicator}, weight {weight} (--score {key}={low}..{high})")
                      .format(indicator=_(ind.label),
                              weight=format_decimal(weights.indicators[ind.key], lang),
                              key=ind.key, low=rss.SCALE[0], high=rss.SCALE[1]))
    print(_("Weights: {source}").format(source=_(weights.source)))
    return 0


def cmd_followup_weights(args) -> int:
    from counsel_app.errors import UserError
    from counsel_app.followup import rss
    from country_info.validate import read_file

    ctx = _context(args)
    if args.reset:
        rss.save_weights(ctx, None)
        print(_("The survey uses the project defaults (equal weights) again."))
        return 0
    path = Path(args.set).expanduser()
    # missing, a folder, unreadable, too large or not JSON: one translated sentence naming it
    data = read_file(path)
    if not isinstance(data, dict):
        raise UserError(_("{path}: the weights must be a JSON object.").format(path=path))
    weights = rss.Weights.from_json(data, where=str(path))
    rss.save_weights(ctx, weights)
    print(_("Survey weights set ({source}).").format(source=weights.source))
    return 0


# -- monitoring -----------------------------------------------------------------------------
def cmd_monitoring_export(args) -> int:
    from counsel_app.handover.monitoring import export_monitoring

    out = _out_path(args.out)
    export_monitoring(_context(args), out)
    print(_("Wrote the monitoring figures to {path} (no personal data; counts under 5 "
            "suppressed).").format(path=out))
    return 0
