"""Status changes with their preconditions, whatever path asks for them (Qt-free).

The workflow (:mod:`counsel_app.domain.workflow`) says which status may follow which; it
knows nothing of consents, plans or handovers. The areas that own those facts register a
*guard* for the status that needs them::

    from counsel_app.services.status import StatusChange, register_guard

    def _needs_consents(ctx, change: StatusChange) -> list[str]:  # why not (empty: it may)
        return load_state(ctx, change.case).consented_blockers()

    register_guard(CaseStatus.CONSENTED, _needs_consents)

A guard is asked about a :class:`StatusChange`: the case as it stands before the change,
the status it would enter and the decision it would carry then (the decision being
recorded, for *decision taken*).

Two kinds of change are never blocked, whatever is registered: going back to
*counselling* (the person reconsiders or withdraws their decision, or a closed case is
reopened) and recording a decision other than *return* (*needs more time*, *declined*):
withdrawing and saying no must never be punished (GCM 21(b)). :func:`register_guard`
refuses a guard for *counselling*, and the guards of *decision taken* are asked only
about a decision to return.

Shipped guards (``docs/architecture.md`` lists where each rule lives): *decision taken*
(return) needs the three voluntariness elements assessed and holding, and for a child or a
person without capacity the guardian's decision and the best-interests reference (session
area); *consented* needs consents (1) return and (2) data processing given (consent area);
*plan ready* needs a saved, non-empty plan without problems, within the grant ceiling, on a
consented case (plan area); *handed over* needs a handover package sent for the case
(handover area); *departed* needs the pre-departure checklist complete or waived (travel
area). The modules that register them are listed in the manifest
(:func:`counsel_app.areas.guard_modules`) and loaded by the program's entry point; reading the
guards before that raises, so a guard holds whichever screen or command runs.

Screens and commands change a status with :func:`change_status` (guards checked, case
saved, audited) and show :func:`status_blockers` to say why an action is not available.
Any other path that moves a case with ``Case.move_to`` and saves it through ``ctx.cases``
is checked too (:func:`check_saved_status`, called by the case repository's ``save``).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.workflow import IllegalTransition, check_transition
from counsel_app.errors import UserError
from counsel_app.plugins import CORE, require_loaded

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusChange:
    """The change a guard is asked about."""

    #: the case as it stands before the change
    case: Case
    #: the status it would enter
    target: CaseStatus
    #: the decision the case would carry after the change (for *decision taken*: the
    #: decision being recorded)
    decision: Decision | None

    @property
    def current(self) -> CaseStatus:
        return self.case.status

    @property
    def never_blocked(self) -> bool:
        """Going back to counselling, or a decision other than *return*: withdrawing or
        saying no is never blocked."""
        return self.target is CaseStatus.COUNSELLING or (
            self.target is CaseStatus.DECISION_TAKEN and self.decision is not Decision.RETURN)


#: ``guard(ctx, change) -> list[str]``: translated reasons why ``change.case`` may not
#: enter ``change.target`` now (empty: it may).
Guard = Callable[[Any, StatusChange], list[str]]

_GUARDS: dict[CaseStatus, list[Guard]] = {}
#: the reference whose change :func:`change_status` has just checked (no second check)
_checked: ContextVar[tuple[str, CaseStatus] | None] = ContextVar("status_checked",
                                                                 default=None)


class StatusBlocked(IllegalTransition):
    """A status change whose preconditions are not met; ``reasons`` lists each one."""

    def __init__(self, current: CaseStatus, target: CaseStatus, reasons: list[str]):
        super().__init__(current, target, " ".join(reasons))
        self.reasons = list(reasons)


def register_guard(target: CaseStatus, guard: Guard) -> Guard:
    """Add ``guard`` for entering ``target`` (once; usable as a plain call). Going back to
    *counselling* is never guarded (a person may always reconsider or withdraw)."""
    target = CaseStatus(target)
    if target is CaseStatus.COUNSELLING:
        raise ValueError("going back to counselling (withdrawal) is never guarded")
    guards = _GUARDS.setdefault(target, [])
    if guard not in guards:
        guards.append(guard)
    return guard


def guards_for(target: CaseStatus) -> list[Guard]:
    require_loaded(CORE, "the status guards")
    return list(_GUARDS.get(CaseStatus(target), []))


def guard_reasons(ctx, change: StatusChange, *, skip: tuple[Guard, ...] = ()) -> list[str]:
    """What the registered guards (but those in ``skip``) say against ``change``."""
    if change.never_blocked:
        return []
    reasons: list[str] = []
    for guard in guards_for(change.target):
        if guard in skip:
            continue
        for reason in guard(ctx, change) or []:
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def _change(case: Case, trial: Case) -> StatusChange:
    return StatusChange(case, trial.status, trial.decision)


def status_blockers(ctx, case: Case, target: CaseStatus,
                    decision: Decision | None = None) -> list[str]:
    """Every reason ``case`` cannot move to ``target`` now (the workflow's first, then the
    guards'); empty when it can. For screens to disable an action and say why."""
    target = CaseStatus(target)
    if case.status is target:
        return []
    trial = copy.deepcopy(case)
    try:
        trial.move_to(target, decision)
    except UserError as exc:
        return [str(exc)]
    return guard_reasons(ctx, _change(case, trial))


def change_status(ctx, case: Case, target: CaseStatus,
                  decision: Decision | None = None) -> Case:
    """Move ``case`` to ``target`` if the workflow and every guard allow it, save it and
    record it in the audit trail; raise :class:`IllegalTransition` (or
    :class:`StatusBlocked` with every reason) and change nothing otherwise. Returns the
    saved case (its new version)."""
    target = CaseStatus(target)
    current = case.status
    trial = copy.deepcopy(case)
    trial.move_to(target, decision)  # IllegalTransition names both states
    reasons = guard_reasons(ctx, _change(case, trial))
    if reasons:
        raise StatusBlocked(current, target, reasons)
    with _already_checked(trial.reference, target):
        saved = ctx.cases.save(trial)
    ctx.audit("status", saved.reference, f"{current.value} -> {target.value}")
    return saved


@contextmanager
def _already_checked(reference: str, target: CaseStatus):
    token = _checked.set((reference, target))
    try:
        yield
    finally:
        _checked.reset(token)


def stored_status(db, case_id: int) -> CaseStatus | None:
    """The status a case has in the database now (no decryption), None if it is gone."""
    stored = stored_state(db, case_id)
    return stored[0] if stored is not None else None


def stored_state(db, case_id: int) -> tuple[CaseStatus, Decision | None] | None:
    """The status and decision a case has in the database now (clear columns, no
    decryption), None if it is gone."""
    from counsel_app.storage.models import CaseRow

    with db.read_session() as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            return None
        return CaseStatus(row.status), Decision(row.decision) if row.decision else None


def check_saved_status(ctx, case: Case, *,
                       stored: tuple[CaseStatus, Decision | None] | None = None) -> None:
    """Called before a case is saved: when the save would change its status or decision,
    the change must be one the workflow allows (raise :class:`IllegalTransition`) and every
    guard of the new status must agree (raise :class:`StatusBlocked`). This is what stops
    ``case.move_to(...)`` followed by a plain save, or a status or decision set by hand,
    from skipping a precondition.

    ``stored``: the status and decision stored now, when the caller has just read them
    (the case repository's save, in its transaction); otherwise they are read here."""
    if case.id is None:
        return
    if _checked.get() == (case.reference, case.status):
        return
    if stored is None:
        stored = stored_state(ctx.db, case.id)
    if stored is None or stored == (case.status, case.decision):
        return
    before, before_decision = stored
    check_transition(before, case.status, case.decision)
    if case.status is before or (case.status is CaseStatus.DECISION_TAKEN
                                 and case.decision is None):
        # a decision changed without a status change (or none entered): only through
        # counselling, where the person reconsiders
        raise IllegalTransition(before, case.status)
    previous = copy.deepcopy(case)
    previous.status, previous.decision = before, before_decision
    reasons = guard_reasons(ctx, StatusChange(previous, case.status, case.decision))
    if reasons:
        log.info("status change of case %s to %s refused by its guards", case.reference,
                 case.status.value)
        raise StatusBlocked(before, case.status, reasons)
