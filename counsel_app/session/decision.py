"""Use-cases of the counselling session that move the case (Qt-free): start counselling,
record the person's decision, withdraw it; and the status guard that makes a decision to
return voluntary on every path.

What screens, commands, the demo and scripts call::

    from counsel_app.session.decision import record_decision, start_counselling

    case = start_counselling(ctx, case)                        # draft -> counselling
    outcome = record_decision(ctx, case, Decision.RETURN, counsellor="ana")
    outcome.case                                               # the saved case
    withdraw_decision(ctx, outcome.case, counsellor="ana", note="wants to stay")

A decision to return is refused (:class:`~counsel_app.session.voluntariness.DecisionBlocked`,
naming what is missing) unless the three voluntariness elements are assessed and hold and,
for a child, a person of unknown age or a person without capacity, the guardian's decision
and the best-interests reference are recorded. *Needs more time* and *declined* are never
refused, and neither is a withdrawal.

The same rule guards the status: *decision taken* with a decision to return, whatever path
asks for it (:func:`counsel_app.services.status.change_status`, ``case.move_to`` + save, the
command line, the demo), and every later step before departure (*consented*, *plan ready*,
*handed over*) while the decision to return stands.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from datetime import date, datetime

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.i18n import _
from counsel_app.services.status import StatusChange, change_status, register_guard
from counsel_app.session.record import SessionRecord, now_iso
from counsel_app.session.store import SessionStore
from counsel_app.session.voluntariness import (
    ELEMENTS,
    DecisionBlocked,
    DecisionRecord,
    Voluntariness,
    blocking_reasons,
    element_reasons,
)
from counsel_app.session.voluntariness import record_decision as _append_decision
from counsel_app.session.voluntariness import record_withdrawal as _append_withdrawal

log = logging.getLogger(__name__)

#: statuses from which recording a new decision first goes back to counselling
RECONSIDER_FROM = (CaseStatus.DECISION_TAKEN, CaseStatus.CONSENTED, CaseStatus.PLAN_READY,
                   CaseStatus.HANDED_OVER, CaseStatus.CLOSED)


@dataclass
class DecisionOutcome:
    """What recording or withdrawing a decision did."""

    case: Case  # the saved case (new status and version)
    record: SessionRecord  # the session record, its voluntariness part saved
    entry: DecisionRecord | None  # the history entry appended (None: nothing to withdraw)
    #: consent (1), the voluntary return declaration, was withdrawn on the way
    consent_withdrawn: bool = False


def _store(ctx, store: SessionStore | None) -> SessionStore:
    if store is not None:
        return store
    from counsel_app.security.scoped import ScopedSessionStore

    return ScopedSessionStore(ctx)


def stored_voluntariness(ctx, case: Case) -> Voluntariness:
    """The voluntariness part as stored for ``case`` (no role check: for guards)."""
    data, _version = SessionStore(ctx.db, ctx.vault.cipher).load_part(
        case.id, case.reference, "voluntariness")
    return Voluntariness.from_json(data)


# -- plain edits of the record (what a screen or a command changes before saving) ------------
def assess_element(record: SessionRecord, key: str, holds: bool | None,
                   note: str | None = None, now: datetime | None = None) -> None:
    """Set one element (``holds`` None: not assessed yet) and, if given, its note."""
    if key not in ELEMENTS:
        raise DecisionBlocked([_("“{element}” is not one of the three elements of "
                                 "voluntariness ({choices}).").format(
            element=key, choices=", ".join(ELEMENTS))])
    element = record.voluntariness.elements[key]
    if element.holds is not holds:
        element.holds = holds
        element.assessed_at = now_iso(now)
    if note is not None:
        element.note = note


def set_guardian(record: SessionRecord, now: datetime | None = None, **values) -> None:
    """Change the guardian's part (``lacks_capacity``, ``name``, ``relation``, ``contact``,
    ``decision``, ``best_interests_ref``)."""
    from counsel_app.session.voluntariness import GUARDIAN_DECISIONS

    guardian = record.voluntariness.guardian
    for key, value in values.items():
        if not hasattr(guardian, key) or key == "recorded_at":
            raise ValueError(f"unknown guardian field {key!r}")
        if key == "decision" and value and value not in GUARDIAN_DECISIONS:
            raise DecisionBlocked([_("“{value}” is not a guardian's decision (choose from "
                                     "{choices}).").format(
                value=value, choices=", ".join(GUARDIAN_DECISIONS))])
        setattr(guardian, key, value)
    guardian.recorded_at = now_iso(now)


def decision_blockers(case: Case, record: SessionRecord, decision: Decision | str,
                      on: date | None = None) -> list[str]:
    """Why ``decision`` cannot be recorded for ``case`` now, from the record as it stands in
    memory (for a screen to show beside its button); empty: it can."""
    return blocking_reasons(record.voluntariness, decision, case.person, on or date.today())


# -- use-cases -----------------------------------------------------------------------------
def start_counselling(ctx, case: Case) -> Case:
    """A draft case enters counselling when its session is first opened (guarded, saved,
    audited); any other case is returned as it is."""
    if case.status is not CaseStatus.DRAFT:
        return case
    return change_status(ctx, case, CaseStatus.COUNSELLING)


def save_voluntariness(ctx, case: Case, record: SessionRecord,
                       store: SessionStore | None = None) -> int:
    """Store the record's voluntariness part (elements, guardian, history)."""
    ctx.require("cases.write")
    return _store(ctx, store).save_part(record, "voluntariness")


def record_decision(ctx, case: Case, decision: Decision | str, *, counsellor: str,
                    decided_on: date | None = None, note: str = "",
                    record: SessionRecord | None = None, store: SessionStore | None = None,
                    now: datetime | None = None) -> DecisionOutcome:
    """Record the person's decision for ``case`` and move it to *decision taken* (going
    back to counselling first when an earlier decision stood).

    Refused, changing nothing, with :class:`DecisionBlocked` naming every missing element
    for a decision to return; :class:`~counsel_app.domain.workflow.IllegalTransition` when
    the case cannot take a decision now (it has arrived, say). Recording *needs more time*
    or *declined* over a return that the person had consented to withdraws consent (1) —
    the person changed their mind, which is their right."""
    ctx.require("cases.write")
    decision = Decision(decision)
    decided_on = decided_on or date.today()
    store = _store(ctx, store)
    if record is None:
        record = store.load(case.id, case.reference)
    trial = copy.deepcopy(case)
    path = []
    if trial.status is not CaseStatus.COUNSELLING:
        trial.move_to(CaseStatus.COUNSELLING)  # IllegalTransition names both states
        path.append(CaseStatus.COUNSELLING)
    trial.move_to(CaseStatus.DECISION_TAKEN, decision)
    entry = _append_decision(record.voluntariness, decision, counsellor=counsellor,
                             decided_on=decided_on, note=note.strip(), person=case.person,
                             now=now)  # DecisionBlocked: nothing appended
    store.save_part(record, "voluntariness")
    withdrawn = False
    try:
        if decision is not Decision.RETURN:
            case, withdrawn = _withdraw_return_consent(ctx, case, counsellor, note)
        if case.status is not CaseStatus.COUNSELLING:
            case = change_status(ctx, case, CaseStatus.COUNSELLING)
        case = change_status(ctx, case, CaseStatus.DECISION_TAKEN, decision)
    except BaseException:
        record.voluntariness.decisions.remove(entry)
        try:
            store.save_part(record, "voluntariness")
        except Exception:  # noqa: BLE001 - the first error is the one to report
            log.exception("decision history of case %s not rolled back", case.reference)
        raise
    ctx.audit("decision", case.reference, decision.value)
    return DecisionOutcome(case, record, entry, withdrawn)


def withdraw_decision(ctx, case: Case, *, counsellor: str = "", note: str = "",
                      record: SessionRecord | None = None,
                      store: SessionStore | None = None) -> DecisionOutcome:
    """The person withdraws their decision: never refused. The withdrawal is added to the
    decision history, consent (1) is withdrawn if it was in force, and the case goes back
    to counselling where the workflow allows it (until the person has arrived)."""
    ctx.require("cases.write")
    store = _store(ctx, store)
    if record is None:
        record = store.load(case.id, case.reference)
    entry = _append_withdrawal(record.voluntariness, counsellor=counsellor or ctx.user,
                               note=note.strip())
    if entry is not None:
        store.save_part(record, "voluntariness")
    case, withdrawn = _withdraw_return_consent(ctx, case, counsellor, note)
    if case.status in RECONSIDER_FROM and case.status is not CaseStatus.CLOSED:
        case = change_status(ctx, case, CaseStatus.COUNSELLING)
    ctx.audit("decision.withdraw", case.reference, case.status.value)
    return DecisionOutcome(case, record, entry, withdrawn)


def _withdraw_return_consent(ctx, case: Case, counsellor: str, note: str) -> tuple[Case, bool]:
    """Withdraw consent (1) if it is in force (which takes the case back to counselling);
    returns the case as stored afterwards and whether anything was withdrawn."""
    from counsel_app.consent.purposes import Purpose
    from counsel_app.consent.service import load_state, withdraw

    if not load_state(ctx, case).is_given(Purpose.RETURN_DECISION):
        return case, False
    withdraw(ctx, case.reference, [(Purpose.RETURN_DECISION, "")],
             reason=note.strip() or _("The person changed their decision."),
             counsellor=counsellor or ctx.user)
    return ctx.cases.get(case.id), True


# -- the guards ----------------------------------------------------------------------------
def _voluntary_decision_guard(ctx, change: StatusChange) -> list[str]:
    """*Decision taken* with a decision to return: the three elements hold (and the
    guardian's part where needed), as stored for the case."""
    if change.decision is not Decision.RETURN:
        return []
    return element_reasons(stored_voluntariness(ctx, change.case), change.case.person)


def _still_voluntary_guard(ctx, change: StatusChange) -> list[str]:
    """Every step after the decision, until handover: the decision to return it rests on
    must still be voluntary (an element marked "does not hold" since stops it)."""
    if change.decision is not Decision.RETURN:
        return []
    reasons = element_reasons(stored_voluntariness(ctx, change.case), change.case.person)
    if not reasons:
        return []
    return [_("The decision to return must still be voluntary: {reasons} Assess the "
              "elements again at the decision step.").format(reasons=" ".join(reasons))]


register_guard(CaseStatus.DECISION_TAKEN, _voluntary_decision_guard)
for _status in (CaseStatus.CONSENTED, CaseStatus.PLAN_READY, CaseStatus.HANDED_OVER):
    register_guard(_status, _still_voluntary_guard)
