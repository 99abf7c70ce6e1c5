"""``counsel-app projects``: community projects and structural actions for a place, and the
cases they serve (the rules are :mod:`counsel_app.followup.projects`)."""

from __future__ import annotations

import argparse
from datetime import date

from counsel_app.i18n import _, interface_language


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date (use YYYY-MM-DD)").format(text=text)) from None


def _fields(parser, required: bool) -> None:
    parser.add_argument("--kind", required=required, choices=("community", "structural"),
                        help=_("a community project or a structural action"))
    parser.add_argument("--title", required=required,
                        help=_("what it is (no names of people)"))
    parser.add_argument("--country", required=required, metavar="CC",
                        help=_("two-letter country code"))
    parser.add_argument("--region", default=None, metavar="REGION",
                        help=_("region code or name"))
    parser.add_argument("--description", default=None)
    parser.add_argument("--start", type=_date, default=None, metavar="YYYY-MM-DD")
    parser.add_argument("--end", type=_date, default=None, metavar="YYYY-MM-DD")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "projects", help=_("community projects and structural actions, and the cases they "
                           "serve"),
        description=_("Reintegration at the level of a place: a project or an action is "
                      "recorded for a country and region, not a person, and linked to the "
                      "cases it serves; the programme report counts them."))
    sub = parser.add_subparsers(dest="projects_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help=_("list the projects"))
    listing.add_argument("--country", metavar="CC", default=None)
    listing.set_defaults(func=cmd_list)
    add = sub.add_parser("add", help=_("record a project or an action"))
    _fields(add, required=True)
    add.set_defaults(func=cmd_add)
    edit = sub.add_parser("edit", help=_("change a project (give only what changes)"))
    edit.add_argument("uid", metavar="PROJECT")
    _fields(edit, required=False)
    edit.set_defaults(func=cmd_edit)
    for name, helptext, func in (("link", _("link a case the project serves"), cmd_link),
                                 ("unlink", _("remove a case from the project"), cmd_unlink)):
        one = sub.add_parser(name, help=helptext)
        one.add_argument("uid", metavar="PROJECT")
        one.add_argument("reference", metavar="REFERENCE")
        one.set_defaults(func=func)


def _service(args):
    from counsel_app.context import sign_in_from_environment
    from counsel_app.followup.projects import ProjectService

    return ProjectService(sign_in_from_environment(args.db))


def project_line(project) -> str:
    from counsel_app.followup.projects import KINDS
    from counsel_app.i18n.dates import show_date

    lang = interface_language()
    place = project.country + (f" {project.region}" if project.region else "")
    when = ""
    if project.started_on or project.ended_on:  # the days as the screens show them
        when = " " + _("({start} to {end})").format(
            start=show_date(project.started_on, lang) if project.started_on else "…",
            end=show_date(project.ended_on, lang) if project.ended_on else "…")
    return _("{uid}  {kind}: {title}, {place}{when}; cases served: {count}").format(
        uid=project.uid[:8], kind=_(KINDS[project.kind]), title=project.title, place=place,
        when=when, count=project.case_count)


def cmd_list(args) -> int:
    from counsel_app.i18n.formatting import list_separator

    found = _service(args).list(country=args.country)
    for project in found:
        print(project_line(project))
        if project.cases:
            print("    " + list_separator(interface_language()).join(project.cases))
    if not found:
        print(_("No project recorded. Add one with `counsel-app projects add`."))
    return 0


def cmd_add(args) -> int:
    project = _service(args).add(args.kind, args.title, args.country, args.region or "",
                                 args.description or "", args.start, args.end)
    print(_("Recorded: {line}").format(line=project_line(project)))
    return 0


def _resolve(service, uid: str):
    """A project by its id or the first characters of it (as ``list`` shows them)."""
    from counsel_app.errors import UserError

    matches = [p for p in service.list() if p.uid.startswith(uid.strip().lower())]
    if len(matches) != 1 or len(uid.strip()) < 4:
        raise UserError(_("“{uid}” names no project, or more than one: give the id "
                          "`counsel-app projects list` shows.").format(uid=uid))
    return matches[0]


def cmd_edit(args) -> int:
    service = _service(args)
    old = _resolve(service, args.uid)
    project = service.update(
        old.uid, args.kind or old.kind, args.title if args.title is not None else old.title,
        args.country or old.country, args.region if args.region is not None else old.region,
        args.description if args.description is not None else old.description,
        args.start or old.started_on, args.end or old.ended_on)
    print(_("Changed: {line}").format(line=project_line(project)))
    return 0


def cmd_link(args) -> int:
    service = _service(args)
    project = _resolve(service, args.uid)
    if service.link(project.uid, args.reference):
        print(_("Case {reference} is linked to “{title}”.").format(
            reference=args.reference.upper(), title=project.title))
    else:
        print(_("Case {reference} was already linked to “{title}”.").format(
            reference=args.reference.upper(), title=project.title))
    return 0


def cmd_unlink(args) -> int:
    service = _service(args)
    project = _resolve(service, args.uid)
    if service.unlink(project.uid, args.reference):
        print(_("Case {reference} is no longer linked to “{title}”.").format(
            reference=args.reference.upper(), title=project.title))
    else:
        print(_("Case {reference} was not linked to “{title}”.").format(
            reference=args.reference.upper(), title=project.title))
    return 0
