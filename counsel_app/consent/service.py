"""Consent services for one signed-in user: record, withdraw, read, verify, move the case.

Every function takes the :class:`~counsel_app.context.AppContext` and a case reference,
does one user action in short sessions, and audits it (without personal data).

Other areas listen to withdrawals through :data:`WITHDRAWAL_LISTENERS` (see
:func:`on_withdrawal`): the handover area flags pending handovers there. Listeners run after
the withdrawal is stored; the withdrawal stands even if a listener fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from counsel_app.consent.purposes import EventKind, Purpose, Signer
from counsel_app.consent.rules import (
    Choice,
    Circumstances,
    ConsentBlocked,
    ConsentEvent,
    ConsentState,
    blocking_reasons,
    needs_guardian,
)
from counsel_app.consent.store import ConsentHistory, NewEvent, VerifyReport
from counsel_app.consent.texts import ConsentText, TextStore
from counsel_app.domain.case import Case, utcnow
from counsel_app.domain.enums import CaseStatus
from counsel_app.domain.workflow import IllegalTransition
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, ngettext
from counsel_app.plugins import CORE, require_loaded
from counsel_app.services.status import StatusChange, change_status, register_guard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal listener receives (no personal data beyond the reference)."""

    reference: str
    withdrawn: tuple[tuple[Purpose, str], ...]  # (purpose, recipient id)
    at: datetime
    state: ConsentState  # the consents in force after the withdrawal
    #: the case as the withdrawal read it (a listener need not decrypt it again)
    case: Case | None = None

    @property
    def stops_all_sharing(self) -> bool:
        return not any(self.state.sharable_sections(r)
                       for r in self.state.recipients(in_force_only=False))


WithdrawalListener = Callable[[object, Withdrawal], None]
#: ``listener(ctx, withdrawal)`` is called after every recorded withdrawal.
WITHDRAWAL_LISTENERS: list[WithdrawalListener] = []


def on_withdrawal(listener: WithdrawalListener) -> WithdrawalListener:
    """Register ``listener`` (usable as a decorator); registering twice has no effect."""
    if listener not in WITHDRAWAL_LISTENERS:
        WITHDRAWAL_LISTENERS.append(listener)
    return listener


def history_of(ctx) -> ConsentHistory:
    return ConsentHistory(ctx.db, ctx.vault.cipher)


def texts_of(ctx) -> TextStore:
    return TextStore(ctx.db, ctx.user)


# -- reading ------------------------------------------------------------------------------
def opened(ctx, case: Case | str) -> Case:
    """The case a service works on: the :class:`Case` its caller holds (read through
    ``ctx.cases``, so decrypted and audited once; the role and the case scope are checked
    again here without decrypting it), or read by reference."""
    if isinstance(case, Case):
        if case.id is None:
            return ctx.cases.get_by_reference(case.reference)
        from counsel_app.security.access import check_case_access

        ctx.require("cases.read")
        check_case_access(ctx, case.id)
        return case
    return ctx.cases.get_by_reference(case)


def events(ctx, case: Case | str) -> tuple[list[ConsentEvent], VerifyReport]:
    """The case's consent history (oldest first) and its verification. Opening it is
    opening the case: the user's role and case scope apply. ``case``: the case (as the
    caller holds it) or its reference."""
    return history_of(ctx).events(opened(ctx, case).reference)


def load_state(ctx, case: Case | str) -> ConsentState:
    """The consents of the case (or case reference) as they stand now (checked: a broken
    history gives a state that allows nothing)."""
    case = opened(ctx, case)
    history, report = events(ctx, case)
    return ConsentState.from_events(case.reference, history, intact=report.ok)


def verify(ctx, reference: str) -> VerifyReport:
    report = events(ctx, reference)[1]
    ctx.audit("consent.verify", report.reference, "ok" if report.ok else "broken")
    return report


def text_for(ctx, purpose: Purpose, language: str) -> ConsentText:
    return texts_of(ctx).current(purpose, language)


def write_text_version(ctx, purpose: Purpose, language: str, title: str,
                       body: str) -> ConsentText:
    """The organisation's own wording: a new version (earlier ones stay, used ones frozen).
    Needs the right to change data-protection settings."""
    ctx.require("settings.manage")
    text = texts_of(ctx).write_version(purpose, language, title, body)
    ctx.audit("consent.text_version", None,
              f"{text.purpose.value}/{text.language}/v{text.version}")
    return text


# -- recording ----------------------------------------------------------------------------
def check_recordable(case: Case, choices: Iterable[Choice],
                     circumstances: Circumstances) -> list[str]:
    """Why these consents cannot be recorded for ``case`` (empty: they can)."""
    return blocking_reasons(case.person, circumstances, choices)


def _details(circumstances: Circumstances, case: Case, choice: Choice | None = None,
             **extra) -> dict:
    details = {
        "counsellor": circumstances.counsellor,
        "language": circumstances.language,
        "interpreter": asdict(circumstances.interpreter),
        "teach_back": {"done": circumstances.teach_back_done,
                       "note": circumstances.teach_back_note},
    }
    why = needs_guardian(case.person, circumstances.capacity, circumstances.at.date())
    capacity = circumstances.capacity
    if why or capacity.guardian or capacity.best_interests_ref:
        details["capacity"] = {
            "guardian_needed": bool(why),
            "lacks_capacity": capacity.lacks_capacity,
            "guardian": asdict(capacity.guardian) if capacity.guardian else None,
            "best_interests_ref": capacity.best_interests_ref,
        }
    if choice is not None and choice.recipient_name:
        details["recipient_name"] = choice.recipient_name
    details.update(extra)
    return details


def record(ctx, reference: Case | str, choices: Sequence[Choice],
           circumstances: Circumstances) -> ConsentState:
    """Record each choice (given or refused) with its consent text version; raise
    :class:`ConsentBlocked` with every reason when something is missing (nothing is
    recorded then)."""
    ctx.require("cases.write")
    if not choices:
        raise ValidationError(_("Choose at least one consent to record."), "choices")
    case = opened(ctx, reference)
    reasons = check_recordable(case, choices, circumstances)
    if reasons:
        raise ConsentBlocked(reasons)
    store = texts_of(ctx)
    new: list[NewEvent] = []
    for choice in choices:
        if choice.text_id is not None:
            text = store.get(choice.text_id)
            if text.purpose is not choice.purpose:
                raise ValidationError(_("The consent text shown for “{purpose}” belongs to "
                                        "another consent.").format(
                                            purpose=_(choice.purpose.label)), "text_id")
        else:
            text = store.current(choice.purpose, circumstances.language)
        new.append(NewEvent(
            kind=EventKind.GIVEN if choice.given else EventKind.REFUSED,
            purpose=choice.purpose, recipient_id=choice.key[1],
            recorded_at=circumstances.at, text_id=text.id, method=circumstances.method,
            signer=circumstances.signer, details=_details(circumstances, case, choice),
        ))
    history_of(ctx).append(case.reference, new)
    ctx.audit("consent.record", case.reference, ", ".join(
        f"{c.purpose.value}{'@' + c.key[1] if c.key[1] else ''}="
        f"{'given' if c.given else 'refused'}" for c in choices))
    return load_state(ctx, case)


def withdraw(ctx, reference: Case | str, items: Iterable[tuple[Purpose, str]] | None = None, *,
             reason: str = "", at: datetime | None = None, counsellor: str = "",
             signer: Signer = Signer.PERSON) -> ConsentState:
    """Withdraw consents in force (``items`` of (purpose, recipient id); ``None``: all of
    them). Never deletes anything: adds one *withdrawn* event per consent. Then tells the
    listeners (pending handovers are flagged there)."""
    require_loaded(CORE, "the consent-withdrawal listeners")  # none may be missed
    ctx.require("cases.write")
    case = opened(ctx, reference)
    state = load_state(ctx, case)
    reference = state.reference
    in_force = [key for key, standing in state.standings.items() if standing.in_force]
    if items is None:
        wanted = in_force
    else:
        wanted = [(Purpose(p), r if Purpose(p).needs_recipient else "") for p, r in items]
        not_given = [k for k in wanted if k not in in_force]
        if not_given:
            raise UserError(_("Nothing to withdraw: {consents} is not in force.").format(
                consents="; ".join(state.describe(p, r) for p, r in not_given)))
    if not wanted:
        raise UserError(_("Case {reference} has no consent in force to withdraw.").format(
            reference=reference))
    at = at or utcnow()
    details = {"counsellor": counsellor or ctx.user, "reason": reason.strip()}
    history_of(ctx).append(reference, [
        NewEvent(kind=EventKind.WITHDRAWN, purpose=p, recipient_id=r, recorded_at=at,
                 details=dict(details), signer=signer)
        for p, r in wanted
    ])
    ctx.audit("consent.withdraw", reference,
              ", ".join(f"{p.value}{'@' + r if r else ''}" for p, r in wanted))
    after = load_state(ctx, case)
    _after_withdrawal(ctx, case, after, wanted)
    withdrawal = Withdrawal(reference, tuple(wanted), at, after, case)
    failures = []
    for listener in list(WITHDRAWAL_LISTENERS):
        try:
            listener(ctx, withdrawal)
        except Exception:  # noqa: BLE001 - the withdrawal stands; say what was not done
            log.exception("withdrawal listener %r failed for %s", listener, reference)
            failures.append(getattr(listener, "__module__", "?"))
    if failures:
        raise UserError(
            _("The withdrawal is recorded, but pending handovers could not all be flagged "
              "({parts}). Nothing will be sent without consent; check the handovers of "
              "case {reference}.").format(parts=", ".join(failures), reference=reference))
    return after


def _after_withdrawal(ctx, case: Case, state: ConsentState,
                      wanted: Sequence[tuple[Purpose, str]]) -> None:
    """Withdrawing the decision to return takes the case back to counselling (where the
    workflow allows it): the person has changed their mind, which is their right."""
    if (Purpose.RETURN_DECISION, "") not in wanted:
        return
    if case.status in (CaseStatus.CONSENTED, CaseStatus.PLAN_READY, CaseStatus.DECISION_TAKEN,
                       CaseStatus.HANDED_OVER):
        change_status(ctx, case, CaseStatus.COUNSELLING)


# -- the case workflow --------------------------------------------------------------------
def consented_blockers(ctx, case: Case | str) -> list[str]:
    return load_state(ctx, case).consented_blockers()


def _consented_guard(ctx, change: StatusChange) -> list[str]:
    """The precondition of *consented*, whatever path moves the case there."""
    return consented_blockers(ctx, change.case)


register_guard(CaseStatus.CONSENTED, _consented_guard)


def mark_consented(ctx, reference: Case | str) -> Case:
    """Move the case to *consented*; only when the decision to return and the processing
    of personal data are both given (and the history checks out)."""
    case = opened(ctx, reference)
    reasons = consented_blockers(ctx, case)
    if reasons:
        raise IllegalTransition(case.status, CaseStatus.CONSENTED, " ".join(reasons))
    case = change_status(ctx, case, CaseStatus.CONSENTED)
    ctx.audit("consent.case_consented", case.reference)
    return case


def record_and_mark_consented(ctx, reference: Case | str, choices: Sequence[Choice],
                              circumstances: Circumstances) -> tuple[Case, ConsentState]:
    """Record the choices, then move the case to *consented* if (1) and (2) are given.

    The consents are recorded even when the case cannot move (they are facts); the
    error then says why the case stays where it is. The case is read (decrypted) once,
    or not at all when given."""
    case = opened(ctx, reference)
    state = record(ctx, case, choices, circumstances)
    if case.status is CaseStatus.DECISION_TAKEN and not state.consented_blockers():
        case = mark_consented(ctx, case)
    elif case.status is CaseStatus.DECISION_TAKEN:
        raise IllegalTransition(case.status, CaseStatus.CONSENTED,
                                " ".join(state.consented_blockers()))
    return case, state


# -- what the consent screen shows (it only displays these answers) ----------------------------
def asks_confidential(ctx, flags: Iterable[str], state: ConsentState | None) -> bool:
    """Whether consent (7), telling an office what is strictly confidential, is asked: the
    case has a flag strictly confidential at this centre, or (7) was asked before."""
    from counsel_app.session.confidentiality import confidential_flags, is_strictly_confidential

    asked = state is not None and any(
        p is Purpose.SHARE_CONFIDENTIAL for p, _r in state.standings)
    return asked or is_strictly_confidential(flags, confidential_flags(ctx))


def capacity_note(case: Case, circumstances: Circumstances, on) -> str:
    """Whether the person can consent alone, and what to enter when they cannot."""
    why = needs_guardian(case.person, circumstances.capacity, on)
    if why:
        return _("{why} A guardian must consent with them: enter the guardian's details and "
                 "the best-interests determination reference.").format(why=why)
    return _("The person can consent alone.")


def recording_blockers(case: Case, circumstances: Circumstances,
                       choices: Sequence[Choice]) -> list[str]:
    """Every reason the choices on screen cannot be recorded (nothing chosen is one)."""
    reasons = blocking_reasons(case.person, circumstances, choices)
    if not choices:
        reasons = [_("Mark at least one consent as agreed or not agreed.")] + reasons
    return reasons


def nothing_to_record(state, choices: Sequence[Choice]) -> str:
    """A neutral note when the answers on screen are all in the history already (nothing
    to record, nothing wrong: no error is shown); empty when something would be
    recorded. ``state``: the case's :class:`ConsentState` (``None``: no history yet)."""
    changed = state.unrecorded(choices) if state is not None else list(choices)
    if changed:
        return ""
    if state is not None and state.standings:
        return _("The answers shown are the ones recorded. Change an answer to record it.")
    return _("Mark each consent the person agrees to or not; then record them.")


def record_and_report(ctx, case: Case, choices: Sequence[Choice],
                      circumstances: Circumstances) -> str:
    """:func:`record_and_mark_consented` for ``case`` (as the screen holds it), and the
    sentence that says what happened: the consents are recorded, and the case moved or
    stays where it is (and why). A refusal to record raises
    (:class:`~counsel_app.errors.UserError`): nothing was recorded."""
    message = _("The consents are recorded.")
    try:
        updated, _state = record_and_mark_consented(ctx, case.reference, choices,
                                                    circumstances)
    except IllegalTransition as exc:
        return message + " " + _("The case stays where it is: {reason}").format(
            reason=str(exc))
    if updated.status is not case.status:
        message += " " + _("The case is now “{status}”.").format(
            status=_(updated.status.label))
    return message


def standing_lines(state: ConsentState, lang: str) -> list[tuple[tuple[Purpose, str], str, bool]]:
    """Each consent as it stands, in order: its key, the line to show, whether in force.
    Since when: the day in the medium form of ``lang`` and the time, as ``consent show``
    prints it ("Dec 4, 2026 10:30 AM"), never a numeric day ("12/4/26") that reads two ways."""
    from counsel_app.i18n.dates import show_datetime

    return [((purpose, recipient), _("{consent}: {status} since {when}").format(
        consent=state.describe(purpose, recipient), status=_(standing.kind.label),
        when=show_datetime(standing.since, lang)), standing.in_force)
        for (purpose, recipient), standing in sorted(
            state.standings.items(), key=lambda kv: (kv[0][0].number, kv[0][1]))]


def integrity_note(count: int, intact: bool) -> str:
    """What the screen says of the history's integrity check."""
    if intact:
        return ngettext("History: {count} entry, intact.", "History: {count} entries, intact.",
                        count).format(count=count)
    return _("The consent history failed its integrity check: nothing may be shared for "
             "this case. Tell your supervisor.")


def withdrawal_question(state: ConsentState,
                        items: Sequence[tuple[Purpose, str]] | None) -> str:
    """The confirmation asked before withdrawing ``items`` (``None``: every consent)."""
    return _("Withdraw {what}? The person may withdraw at any time; this will never be "
             "held against them. Nothing more will be shared on these consents and pending "
             "handovers are stopped. The history is kept.").format(
        what=_("all consents") if items is None else "; ".join(
            state.describe(p, r) for p, r in items))


def in_force_summary(state: ConsentState | None) -> str:
    """The step list's line: how many consents are in force ("" when none)."""
    given = sum(1 for s in state.standings.values() if s.in_force) if state else 0
    return _("{count} in force").format(count=given) if given else ""
