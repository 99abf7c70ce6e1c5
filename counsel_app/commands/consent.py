"""``counsel-app consent``: show, verify and print a case's consents."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, ngettext


def register(subparsers) -> None:
    consent = subparsers.add_parser(
        "consent", help=_("show, verify and print a case's consents"),
        description=_("Consents are recorded in the app; these commands show where they "
                      "stand, check that their history was not altered and print the form."))
    sub = consent.add_subparsers(dest="consent_command", metavar="ACTION", required=True)

    show = sub.add_parser("show", help=_("the consents of a case and their history"))
    show.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    show.set_defaults(func=cmd_show)

    verify = sub.add_parser("verify", help=_("check the consent history of a case for "
                                              "changes, deletions and insertions"))
    verify.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    verify.set_defaults(func=cmd_verify)

    form = sub.add_parser("form", help=_("print the consent form of a case"))
    form.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    form.add_argument("--lang", dest="doc_lang", metavar="CODE", required=True,
                      help=_("language of the form (the person's language)"))
    form.add_argument("--second-lang", metavar="CODE",
                      help=_("a second language printed alongside (e.g. the counsellor's)"))
    form.add_argument("--recipient", action="append", default=[], metavar="ID=NAME",
                      help=_("add a sharing item for this office or partner (repeatable)"))
    form.add_argument("--out", metavar="FILE", required=True,
                      help=_("the PDF to write (or .json for the form's data)"))
    form.set_defaults(func=cmd_form)

    purposes = [p.value for p in _purposes()]
    texts = sub.add_parser("texts", help=_("list the versions of the consent texts"))
    texts.add_argument("--purpose", choices=purposes, help=_("only this consent"))
    texts.add_argument("--lang", dest="text_lang", metavar="CODE", help=_("only this language"))
    texts.set_defaults(func=cmd_texts)

    add = sub.add_parser("add-text", help=_("write a new version of a consent text (earlier "
                                            "versions stay; used ones are frozen)"))
    add.add_argument("purpose", choices=purposes, metavar="PURPOSE",
                     help=_("the consent: {choices}").format(choices=", ".join(purposes)))
    add.add_argument("--lang", dest="text_lang", metavar="CODE", required=True,
                     help=_("language of the text"))
    add.add_argument("--title", required=True, help=_("the text's title"))
    add.add_argument("--body-file", metavar="FILE", required=True,
                     help=_("a UTF-8 text file holding the consent text"))
    add.set_defaults(func=cmd_add_text)


def _purposes():
    from counsel_app.consent.purposes import Purpose

    return list(Purpose)


def _context(args):
    from counsel_app.context import sign_in_from_environment

    return sign_in_from_environment(args.db)


def _when(value) -> str:
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_datetime

    return show_datetime(value, interface_language())


def cmd_show(args: argparse.Namespace) -> int:
    from counsel_app.consent import Purpose, events
    from counsel_app.consent.rules import ConsentState

    _check_reference(args.reference)
    ctx = _context(args)
    history, report = events(ctx, args.reference)
    reference = report.reference
    state = ConsentState.from_events(reference, history, intact=report.ok)
    print(_("Consents of case {reference}").format(reference=reference))
    for purpose in Purpose:
        keys = ([(purpose, r) for r in state.recipients(in_force_only=False)]
                if purpose.needs_recipient else [(purpose, "")])
        if not keys:
            print("  " + _("({number}) {consent}: not recorded").format(
                number=purpose.number, consent=_(purpose.label)))
        for p, r in keys:
            standing = state.standing(p, r)
            label = state.describe(p, r)
            if standing is None:
                print("  " + _("({number}) {consent}: not recorded").format(
                    number=p.number, consent=label))
                continue
            print("  " + _("({number}) {consent}: {status} since {when}").format(
                number=p.number, consent=label, status=_(standing.kind.label),
                when=_when(standing.since)))
    print(ngettext("History ({count} entry, oldest first):",
                   "History ({count} entries, oldest first):", len(history)).format(
        count=len(history)))
    for event in history:
        text = ""
        if event.text_version is not None:
            text = _(", text version {version} ({language})").format(
                version=event.text_version, language=event.text_language)
        method = f", {_(event.method.label)}" if event.method else ""
        print(f"  {event.seq:>3}  {_when(event.recorded_at)}  {_(event.kind.label)}: "
              f"{state.describe(event.purpose, event.recipient_id)}{text}{method}")
    if report.ok:
        print(_("The history checks out."))
        return 0
    print(_("The history does NOT check out: run “counsel-app consent verify {reference}”; "
            "nothing may be shared until this is investigated.").format(reference=reference))
    return 1


def cmd_verify(args: argparse.Namespace) -> int:
    from counsel_app.consent import verify

    _check_reference(args.reference)
    ctx = _context(args)
    report = verify(ctx, args.reference)
    if report.ok:
        print(ngettext("Consent history of {reference}: {count} entry, intact. Fingerprint: "
                       "{fingerprint}",
                       "Consent history of {reference}: {count} entries, intact. Fingerprint: "
                       "{fingerprint}", report.events).format(
            reference=report.reference, count=report.events,
            fingerprint=report.head_hash[:16] or "-"))
        return 0
    print(ngettext("Consent history of {reference} is BROKEN ({count} problem):",
                   "Consent history of {reference} is BROKEN ({count} problems):",
                   len(report.breaks)).format(reference=report.reference,
                                              count=len(report.breaks)))
    for item in report.breaks:
        print(f"  - {item.message}")
    print(_("Nothing may be shared for this case until the break is investigated."))
    return 1


def cmd_form(args: argparse.Namespace) -> int:
    from counsel_app.consent.form import consent_form_data, form_renderer

    _check_reference(args.reference)
    for option, code in (("--lang", args.doc_lang), ("--second-lang", args.second_lang)):
        if code and code not in DOCUMENT_LANGUAGES:
            raise UsageError(_("{option}: unknown document language “{lang}” (choose from "
                               "{choices}).").format(option=option, lang=code,
                                                    choices=", ".join(DOCUMENT_LANGUAGES)))
    recipients = {}
    for item in args.recipient:
        rid, sep, name = item.partition("=")
        if not sep or not rid.strip():
            raise UsageError(_("--recipient: “{value}” is not ID=NAME.").format(value=item))
        recipients[rid.strip()] = name.strip() or rid.strip()
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; name the file to write.").format(
            path=out))
    if not out.parent.exists():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(
            path=out.parent))
    from counsel_app.i18n.languages import translation_warning

    warning = translation_warning(args.doc_lang, args.second_lang)
    if warning:  # the same words as the print screen
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    renderer = None
    if out.suffix.lower() != ".json":
        renderer = form_renderer()
        if renderer is None:
            raise UserError(_("This version cannot print the consent form as PDF yet; use "
                              "--out FILE.json to get the form's content."))
    ctx = _context(args)
    data = consent_form_data(ctx, args.reference, args.doc_lang, args.second_lang,
                             recipients=recipients)
    if renderer is None:
        from country_info.files import write_atomically

        try:  # the person's consents: readable by this user only
            write_atomically(out, json.dumps(data.as_dict(), ensure_ascii=False, indent=2,
                                             default=str))
        except OSError as exc:
            raise UserError(_("Cannot write {path}: {reason}").format(
                path=out, reason=exc.strerror or exc)) from None
    else:
        renderer(data, out)
    print(_("Wrote {path}").format(path=out))
    return 0


def cmd_texts(args: argparse.Namespace) -> int:
    from counsel_app.consent.purposes import Purpose
    from counsel_app.consent.service import texts_of

    ctx = _context(args)
    store = texts_of(ctx)
    rows = store.all(Purpose(args.purpose) if args.purpose else None, args.text_lang)
    if not rows:
        print(_("No consent text is stored yet; the default texts are stored when first used."))
        return 0
    for text in rows:
        state = (_("used since {when}, frozen").format(when=_when(text.first_used_at))
                 if text.frozen else _("not used yet"))
        origin = _("default text") if text.is_default else _("written by {user}").format(
            user=text.created_by or "?")
        print(text_version_line(text, origin, state))
    return 0


def text_version_line(text, origin: str, state: str) -> str:
    """One stored text version: its purpose's number and key, language code and version as
    typed back, its title after the interface language's colon, then who wrote it and
    whether it is in use with the language's semicolon (the state holds a comma of its own:
    "used since Dec 1, 2026 10:00, frozen")."""
    from counsel_app.i18n.phrases import join_clauses, label_value

    head = f"({text.purpose.number}) {text.purpose.value} {text.language} v{text.version}"
    return f"{label_value(head, text.title)} — {join_clauses([origin, state])}"


def cmd_add_text(args: argparse.Namespace) -> int:
    from counsel_app.consent.purposes import Purpose
    from counsel_app.consent.service import write_text_version

    path = Path(args.body_file).expanduser()
    try:
        body = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(_("--body-file: “{path}” does not exist.").format(path=path)) from None
    except (UnicodeDecodeError, OSError):
        raise UsageError(_("--body-file: “{path}” is not a readable UTF-8 text file.").format(
            path=path)) from None
    ctx = _context(args)
    text = write_text_version(ctx, Purpose(args.purpose), args.text_lang, args.title, body)
    print(_("Stored version {version} of “{purpose}” in {language}.").format(
        version=text.version, purpose=_(text.purpose.label), language=text.language))
    return 0


def _check_reference(text: str) -> None:
    from counsel_app.domain.reference import is_reference

    if not is_reference(text):
        raise UsageError(_("“{text}” is not a case reference (expected e.g. "
                           "AVRR-2026-000123).").format(text=text))
