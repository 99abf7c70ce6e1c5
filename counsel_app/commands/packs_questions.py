"""``counsel-app packs ask | questions | send-questions | read-questions``: questions the
library cannot answer, sent sealed to the office in the country of origin and answered in
a signed pack. The rules are in ``country_info.questions`` and
``counsel_app.services.office_questions``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from counsel_app.errors import UsageError
from counsel_app.i18n import _, ngettext


def add_commands(sub) -> None:
    from country_info.model import SECTIONS

    ask = sub.add_parser("ask", help=_("record a question for the office in the country of origin "
                                       "(no personal data)"))
    ask.add_argument("country", metavar="CODE", help=_("ISO 3166 code, e.g. GN"))
    ask.add_argument("--topic", required=True, choices=SECTIONS, metavar="SECTION",
                     help=_("section: {names}").format(names=", ".join(SECTIONS)))
    ask.add_argument("--region", default="", metavar="CODE", help=_("ISO 3166-2 region, e.g. IQ-BA"))
    ask.add_argument("--text", required=True, metavar="QUESTION")
    ask.add_argument("--case", metavar="REFERENCE",
                     help=_("the case it comes from (its names are checked, never sent)"))
    ask.set_defaults(func=cmd_ask)

    listing = sub.add_parser("questions", help=_("list the questions to offices, open and answered"))
    listing.add_argument("--country", metavar="CODE")
    listing.add_argument("--open", action="store_true", help=_("only the open ones"))
    listing.set_defaults(func=cmd_questions)

    send = sub.add_parser("send-questions", help=_("seal the open questions to a trusted office"))
    send.add_argument("--to", required=True, metavar="OFFICE", help=_("office name or key fingerprint"))
    send.add_argument("--out", required=True, metavar="FILE")
    send.add_argument("--country", metavar="CODE")
    send.set_defaults(func=cmd_send)

    read = sub.add_parser("read-questions", help=_("offices: open a questions package; optionally "
                                                   "write the answer sheet"))
    read.add_argument("file", metavar="FILE")
    read.add_argument("--sheet", metavar="FILE", help=_("write a pack sheet to answer them in (.xlsx or .csv)"))
    read.add_argument("--publisher", metavar="ID", help=_("publisher id for the answer sheet"))
    read.add_argument("--name", metavar="NAME", help=_("publisher name for the answer sheet"))
    read.set_defaults(func=cmd_read)


def _context(args):
    from counsel_app.context import sign_in_from_environment

    return sign_in_from_environment(args.db)


def cmd_ask(args: argparse.Namespace) -> int:
    from counsel_app.services.office_questions import ask

    ctx = _context(args)
    case = ctx.cases.get_by_reference(args.case.upper()) if args.case else None
    question = ask(ctx, args.country, args.topic, args.text, region=args.region, case=case)
    print(_("Question {id} recorded for {country}; send it with “packs send-questions”.").format(
        id=question.id, country=question.country))
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    from counsel_app.services.office_questions import questions
    from country_info import Library

    statuses = questions(_context(args), Library(), country=args.country, only_open=args.open)
    if not statuses:
        print(_("No questions."))
    for s in statuses:
        print(question_line(s))
        print(f"    {s.question.text}")
    return 0


def question_line(status) -> str:
    """A question's id, country, region and topic as typed back (codes and keys), the day
    it was asked and each day it was sent in the interface language's medium form ("Dec 1,
    2026", "1 déc. 2026"; the days with its semicolon), the answering items' keys with its
    list separator."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_stored_date
    from counsel_app.i18n.formatting import list_separator
    from counsel_app.i18n.phrases import join_clauses

    lang = interface_language()
    separator = list_separator(lang)
    q = status.question
    if status.answered:
        state = _("answered: {items}").format(items=separator.join(status.answers))
    elif q.sent:
        # the language's semicolon between days: a day holds a comma ("Dec 1, 2026")
        state = _("sent {dates}").format(
            dates=join_clauses(show_stored_date(day, lang) for day in q.sent))
    else:
        state = _("not sent yet")
    where = f"{q.country}{' ' + q.region if q.region else ''}"
    return f"{q.id}  {where}  {q.topic}  {show_stored_date(q.asked, lang)}  [{state}]"


def cmd_send(args: argparse.Namespace) -> int:
    from counsel_app.services.office_questions import send

    out = Path(args.out).expanduser()
    if out.is_dir() or not out.parent.is_dir():
        raise UsageError(_("--out: give a file name in an existing folder."))
    sent = send(_context(args), args.to, out, country=args.country)
    print(ngettext("Sealed {count} question for the office in {path}.",
                   "Sealed {count} questions for the office in {path}.", len(sent)).format(
        count=len(sent), path=out))
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    from counsel_app.services.office_questions import answer_sheet, read

    questions = read(_context(args), Path(args.file).expanduser())
    for q in questions:
        print(f"{q.id}  {q.country}{' ' + q.region if q.region else ''}  {q.topic}  {q.asked}")
        print(f"    {q.text}")
    if args.sheet:
        if not (args.publisher and args.name):
            raise UsageError(_("--sheet needs --publisher and --name (your office's publisher id and name)."))
        path = answer_sheet(questions, Path(args.sheet).expanduser(), publisher_id=args.publisher,
                            publisher_name=args.name)
        print(_("Wrote {path}: answer each row, then “packs check” and “packs sign” it.").format(path=path))
    return 0
