"""``counsel-app case``: a case's session rules from the command line — voluntariness, the
decision (or its withdrawal), status changes and why one is refused.

The commands call the same Qt-free services as the screens
(:mod:`counsel_app.session.decision`, :mod:`counsel_app.services.status`), so a refusal
reads the same here as on screen; a refused change prints its reasons and exits with 1.
"""

from __future__ import annotations

import argparse
from datetime import date

from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.phrases import label_value

HOLDS = {"holds": True, "does-not-hold": False, "not-assessed": None}


def register(subparsers) -> None:
    from counsel_app.domain.enums import CaseStatus, Decision
    from counsel_app.session.voluntariness import ELEMENTS, GUARDIAN_DECISIONS

    case = subparsers.add_parser(
        "case", help=_("a case's voluntariness, decision and status, with the same rules as "
                       "the app"),
        description=_("Record the voluntariness elements and the person's decision, change "
                      "a case's status, and see why a change is refused. Needs "
                      "COUNSEL_APP_USER and COUNSEL_APP_PASSWORD (or a terminal to ask for "
                      "the password)."))
    sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    show = sub.add_parser("show", help=_("status, voluntariness and what each next status "
                                         "still needs"))
    show.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    show.set_defaults(func=cmd_show)

    assess = sub.add_parser("assess", help=_("assess one element of voluntariness"))
    assess.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    assess.add_argument("element", choices=list(ELEMENTS), metavar="ELEMENT",
                        help=_("one of: {choices}").format(choices=", ".join(ELEMENTS)))
    assess.add_argument("state", choices=list(HOLDS), metavar="STATE",
                        help=_("one of: {choices}").format(choices=", ".join(HOLDS)))
    assess.add_argument("--note", help=_("how you checked it"))
    assess.set_defaults(func=cmd_assess)

    guardian = sub.add_parser("guardian", help=_("record the guardian's part of legal "
                                                 "capacity (a child, or a person who cannot "
                                                 "decide alone)"))
    guardian.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    guardian.add_argument("--name", help=_("the guardian's name"))
    guardian.add_argument("--relation", help=_("the guardian's relation or role"))
    guardian.add_argument("--contact", help=_("the guardian's contact"))
    guardian.add_argument("--decision", choices=list(GUARDIAN_DECISIONS),
                          help=_("the guardian's decision: {choices}").format(
                              choices=", ".join(GUARDIAN_DECISIONS)))
    guardian.add_argument("--best-interests", metavar="REF",
                          help=_("reference of the best-interests determination"))
    guardian.add_argument("--lacks-capacity", choices=("yes", "no"),
                          help=_("the person lacks the capacity to decide alone"))
    guardian.set_defaults(func=cmd_guardian)

    decisions = [d.value for d in Decision]
    decide = sub.add_parser("decide", help=_("record the person's decision"))
    decide.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    decide.add_argument("decision", choices=decisions, metavar="DECISION",
                        help=_("one of: {choices}").format(choices=", ".join(decisions)))
    decide.add_argument("--date", metavar="YYYY-MM-DD", help=_("date of the decision "
                                                               "(default: today)"))
    decide.add_argument("--counsellor", help=_("who records it (default: you)"))
    decide.add_argument("--note", default="", help=_("in the person's words, where possible"))
    decide.set_defaults(func=cmd_decide)

    withdraw = sub.add_parser("withdraw-decision", help=_("the person withdraws their "
                                                          "decision (never refused)"))
    withdraw.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    withdraw.add_argument("--note", default="", help=_("reason, if the person gives one"))
    withdraw.set_defaults(func=cmd_withdraw)

    step = sub.add_parser("step", help=_("mark a required next step of the screening done or "
                                         "not done"))
    step.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    step.add_argument("step", metavar="STEP", help=_("the step's key, as “case show” lists it"))
    step.add_argument("state", choices=("done", "not-done"), metavar="STATE",
                      help=_("done or not-done"))
    step.add_argument("--note", help=_("what was done"))
    step.set_defaults(func=cmd_step)

    waive = sub.add_parser("waive", help=_("waive an open item with a written reason "
                                           "(supervisors and administrators)"))
    waive.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    waive.add_argument("item", metavar="ITEM",
                       help=_("the item, as “case show” lists it (e.g. "
                              "screening:fitness_to_travel)"))
    waive.add_argument("--reason", required=True, help=_("why it cannot or need not be done"))
    waive.set_defaults(func=cmd_waive)

    revoke = sub.add_parser("revoke-waiver", help=_("revoke a waiver in force (supervisors and "
                                                    "administrators)"))
    revoke.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    revoke.add_argument("item", metavar="ITEM", help=_("the item waived"))
    revoke.add_argument("--reason", required=True, help=_("why the waiver no longer stands"))
    revoke.set_defaults(func=cmd_revoke)

    marked = sub.add_parser(
        "confidential-flags", help=_("the vulnerability flags this centre keeps strictly "
                                     "confidential (trafficking, GBV and SOGI always are)"))
    marked.add_argument("--set", nargs="*", metavar="FLAG", dest="flags",
                        help=_("the centre's own list, replacing the previous one "
                               "(administrators); give none to keep only those always marked"))
    marked.set_defaults(func=cmd_confidential_flags)

    statuses = [s.value for s in CaseStatus]
    status = sub.add_parser("status", help=_("move a case to another status (its "
                                              "preconditions are checked)"))
    status.add_argument("reference", metavar="REFERENCE", help=_("case reference"))
    status.add_argument("target", choices=statuses, metavar="STATUS",
                        help=_("one of: {choices}").format(choices=", ".join(statuses)))
    status.set_defaults(func=cmd_status)

    from counsel_app.commands.skills import register_case_action as skills

    skills(sub)  # the skills profile (opportunities area)


def _open(args):
    from counsel_app.context import sign_in_from_environment
    from counsel_app.domain.reference import parse_reference
    from counsel_app.security.scoped import ScopedSessionStore

    try:
        parse_reference(args.reference)
    except Exception as exc:  # ValidationError -> a usage error (exit 2)
        raise UsageError(f"counsel-app case: {exc}") from None
    ctx = sign_in_from_environment(args.db)
    case = ctx.cases.get_by_reference(args.reference)
    store = ScopedSessionStore(ctx)
    return ctx, case, store, store.load(case.id, case.reference)


def _print_refusal(exc) -> int:
    import sys

    from counsel_app.services.status import StatusBlocked
    from counsel_app.session.voluntariness import DecisionBlocked

    reasons = getattr(exc, "reasons", None) if isinstance(
        exc, (StatusBlocked, DecisionBlocked)) else None
    if reasons:
        print(_("Refused:"), file=sys.stderr)
        for reason in reasons:
            print(f"  - {reason}", file=sys.stderr)
    else:
        print(str(exc), file=sys.stderr)
    return 1


def cmd_show(args: argparse.Namespace) -> int:
    from counsel_app.domain.case import guardian_needed
    from counsel_app.i18n.dates import show_date
    from counsel_app.domain.enums import CaseStatus
    from counsel_app.domain.workflow import allowed_targets
    from counsel_app.services.status import status_blockers
    from counsel_app.session.voluntariness import ELEMENTS, GUARDIAN_DECISIONS

    ctx, case, _store, record = _open(args)
    status = _(case.status.label)
    if case.decision:
        status = label_value(status, _(case.decision.label))
    print(_("Case {reference}: {status}").format(reference=case.reference, status=status))
    vol = record.voluntariness
    print(_("Voluntariness:"))
    for key, (label, _hint) in ELEMENTS.items():
        element = vol.elements[key]
        state = {True: _("holds"), False: _("does not hold"), None: _("not assessed yet")}[
            element.holds]
        print("  " + label_value(_(label), state) + (f" — {element.note}" if element.note
                                                     else ""))
    g = vol.guardian
    why = guardian_needed(case.person, date.today(), lacks_capacity=g.lacks_capacity)
    if why or not g.empty:
        decided = _(GUARDIAN_DECISIONS[g.decision]) if g.decision else _("not recorded")
        print("  " + _("Guardian: {name} ({relation}); decision: {decision}; best-interests "
                       "determination: {ref}").format(
            name=g.name or "—", relation=g.relation or "—", decision=decided,
            ref=g.best_interests_ref or "—"))
    if vol.current:
        print(_("Decision recorded: {decision} on {date} by {counsellor}").format(
            decision=_(vol.current.as_enum.label),
            date=show_date(date.fromisoformat(vol.current.decided_on), interface_language()),
            counsellor=vol.current.counsellor))
    from counsel_app.domain.enums import Decision
    from counsel_app.session.decision import decision_blockers
    from counsel_app.session.next_steps import item_key
    from counsel_app.waivers.service import in_force, item_label

    screening = record.screening
    waived = in_force(ctx, case)
    if screening.required():
        print(_("Required next steps:"))
        for step in screening.required():
            state = screening.steps.get(step.key)
            waiver = waived.get(item_key(step.key))
            if state is not None and state.done:
                mark = _("done")
            elif waiver is not None:
                mark = _("waived by {user}: {reason}").format(user=waiver.waived_by,
                                                              reason=waiver.reason)
            else:
                mark = _("open")
            # the item's key first: what "case waive" takes
            print(f"  {item_key(step.key)}  " + label_value(_(step.label), mark))
    others = [w for key, w in waived.items() if not key.startswith("screening:")]
    for waiver in others:
        print("  " + _("{item}: waived by {user}: {reason}").format(
            item=_(item_label(waiver.item)), user=waiver.waived_by, reason=waiver.reason))

    reasons = decision_blockers(case, record, Decision.RETURN)
    _print_possible(_("A decision to return"), reasons)
    print(_("Next statuses:"))
    for target in sorted(allowed_targets(case.status), key=list(CaseStatus).index):
        if target is CaseStatus.DECISION_TAKEN:
            continue  # recorded with "case decide", shown above
        _print_possible(_(target.label), status_blockers(ctx, case, target))
    return 0


def _print_possible(name: str, reasons: list[str]) -> None:
    if reasons:
        print("  " + label_value(name, _("not yet")))
        for reason in reasons:
            print(f"    - {reason}")
    else:
        print("  " + label_value(name, _("possible")))


def cmd_assess(args: argparse.Namespace) -> int:
    from counsel_app.session.decision import assess_element, save_voluntariness

    ctx, case, store, record = _open(args)
    assess_element(record, args.element, HOLDS[args.state], args.note)
    save_voluntariness(ctx, case, record, store)
    ctx.audit("change", case.reference, f"voluntariness {args.element}")
    print(_("Recorded."))
    return 0


def cmd_guardian(args: argparse.Namespace) -> int:
    from counsel_app.session.decision import save_voluntariness, set_guardian

    values = {k: v for k, v in (("name", args.name), ("relation", args.relation),
                                ("contact", args.contact), ("decision", args.decision),
                                ("best_interests_ref", args.best_interests)) if v is not None}
    if args.lacks_capacity is not None:
        values["lacks_capacity"] = args.lacks_capacity == "yes"
    if not values:
        raise UsageError(_("counsel-app case guardian: give at least one of --name, "
                           "--relation, --contact, --decision, --best-interests, "
                           "--lacks-capacity."))
    ctx, case, store, record = _open(args)
    set_guardian(record, **values)
    save_voluntariness(ctx, case, record, store)
    ctx.audit("change", case.reference, "voluntariness guardian")
    print(_("Recorded."))
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from counsel_app.domain.workflow import IllegalTransition
    from counsel_app.session.decision import record_decision
    from counsel_app.session.voluntariness import DecisionBlocked

    decided_on = None
    if args.date:
        try:
            decided_on = date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(_("--date: “{value}” is not a date (YYYY-MM-DD).").format(
                value=args.date)) from None
    ctx, case, store, record = _open(args)
    try:
        outcome = record_decision(ctx, case, args.decision,
                                  counsellor=args.counsellor or ctx.user,
                                  decided_on=decided_on, note=args.note, record=record,
                                  store=store)
    except (DecisionBlocked, IllegalTransition) as exc:
        return _print_refusal(exc)
    print(_("Decision recorded; case {reference} is now “{status}”.").format(
        reference=outcome.case.reference, status=_(outcome.case.status.label)))
    if outcome.consent_withdrawn:
        print(_("Consent (1), the decision to return, was withdrawn with it."))
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from counsel_app.session.decision import withdraw_decision

    ctx, case, store, record = _open(args)
    outcome = withdraw_decision(ctx, case, counsellor=ctx.user, note=args.note,
                                record=record, store=store)
    print(_("The withdrawal is recorded; case {reference} is now “{status}”.").format(
        reference=outcome.case.reference, status=_(outcome.case.status.label)))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from counsel_app.domain.enums import CaseStatus
    from counsel_app.domain.workflow import IllegalTransition
    from counsel_app.services.status import change_status

    target = CaseStatus(args.target)
    if target is CaseStatus.DECISION_TAKEN:
        raise UsageError(_("counsel-app case status: a decision is recorded with “counsel-app "
                           "case decide REFERENCE DECISION”."))
    ctx, case, _store, _record = _open(args)
    try:
        case = change_status(ctx, case, target)
    except IllegalTransition as exc:
        return _print_refusal(exc)
    print(_("Case {reference} is now “{status}”.").format(reference=case.reference,
                                                           status=_(case.status.label)))
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    ctx, case, store, record = _open(args)
    key = args.step.removeprefix("screening:")
    required = {r.key for r in record.screening.required()}
    if key not in required:
        raise UsageError(_("“{step}” is not a required next step of case {reference} "
                           "(required: {choices}).").format(
            step=args.step, reference=case.reference,
            choices=", ".join(sorted(required)) or "—"))
    ctx.require("cases.write")
    from counsel_app.services.step_facts import has_fact

    if has_fact(key):
        raise UserError(_("“{step}” is recorded in the Departure step (counsel-app travel "
                          "set {reference} …), not ticked here.").format(
                              step=key, reference=case.reference))
    record.screening.mark_step(key, args.state == "done")
    if args.note is not None:
        record.screening.steps[key].note = args.note
    store.save_part(record, "screening")
    ctx.audit("change", case.reference, f"screening step {key}")
    print(_("Recorded."))
    return 0


def cmd_waive(args: argparse.Namespace) -> int:
    from counsel_app.waivers.service import waive

    ctx, case, _store, _record = _open(args)
    waive(ctx, case, args.item, args.reason)
    print(_("Waived by {user}.").format(user=ctx.user))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from counsel_app.waivers.service import revoke

    ctx, case, _store, _record = _open(args)
    revoke(ctx, case, args.item, args.reason)
    print(_("The waiver is revoked; the item is open again."))
    return 0


def cmd_confidential_flags(args: argparse.Namespace) -> int:
    from counsel_app.context import sign_in_from_environment
    from counsel_app.session.confidentiality import ALWAYS, confidential_flags, mark_flags
    from counsel_app.session.screening import FLAGS

    ctx = sign_in_from_environment(args.db)
    marked = mark_flags(ctx, args.flags) if args.flags is not None else confidential_flags(ctx)
    print(_("Strictly confidential at this centre:"))
    for flag in FLAGS:
        if flag in marked:
            label = _(FLAGS[flag][0])
            if flag in ALWAYS:
                label = _("{flag} (always)").format(flag=label)
            # the flag's key first: what --set takes
            print("  " + label_value(flag, label))
    return 0
