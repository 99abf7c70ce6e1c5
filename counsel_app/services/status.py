"""Status changes with their preconditions, whatever path asks for them (Qt-free).

The workflow (:mod:`counsel_app.domain.workflow`) says which status may follow which; it
knows nothing of consents, plans or handovers. The areas that own those facts register a
*guard* for the status that needs them::

    from counsel_app.services.status import register_guard

    def _needs_consents(ctx, case) -> list[str]:   # why not (empty: it may)
        return load_state(ctx, case.reference).consented_blockers()

    register_guard(CaseStatus.CONSENTED, _needs_consents)

Shipped guards: *consented* needs consents (1) return and (2) data processing given
(consent area); *plan ready* needs a saved plan without problems, within the grant ceiling,
on a consented case (plan area); *handed over* needs a handover package sent for the case
(handover area). The modules that register them are listed in the manifest
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
from typing import Any

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.workflow import IllegalTransition
from counsel_app.errors import UserError
from counsel_app.plugins import CORE, require_loaded

log = logging.getLogger(__name__)

#: ``guard(ctx, case) -> list[str]``: translated reasons why ``case`` may not enter the
#: status now (empty: it may). ``case`` is the case as it stands before the change.
Guard = Callable[[Any, Case], list[str]]

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
    """Add ``guard`` for entering ``target`` (once; usable as a plain call)."""
    guards = _GUARDS.setdefault(CaseStatus(target), [])
    if guard not in guards:
        guards.append(guard)
    return guard


def guards_for(target: CaseStatus) -> list[Guard]:
    require_loaded(CORE, "the status guards")
    return list(_GUARDS.get(CaseStatus(target), []))


def guard_reasons(ctx, case: Case, target: CaseStatus) -> list[str]:
    """What the registered guards say against ``case`` entering ``target``."""
    reasons: list[str] = []
    for guard in guards_for(target):
        for reason in guard(ctx, case) or []:
            if reason not in reasons:
                reasons.append(reason)
    return reasons


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
    return guard_reasons(ctx, case, target)


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
    reasons = guard_reasons(ctx, case, target)
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
    from counsel_app.storage.models import CaseRow

    with db.read_session() as session:
        row = session.get(CaseRow, case_id)
        return CaseStatus(row.status) if row is not None else None


def check_saved_status(ctx, case: Case) -> None:
    """Called before a case is saved: when the save would change its status to one that
    has guards, they must all agree (raise :class:`StatusBlocked` otherwise). This is what
    stops ``case.move_to(...)`` followed by a plain save from skipping a precondition."""
    if case.id is None or not guards_for(case.status):
        return
    if _checked.get() == (case.reference, case.status):
        return
    before = stored_status(ctx.db, case.id)
    if before is None or before is case.status:
        return
    previous = copy.deepcopy(case)
    previous.status = before
    reasons = guard_reasons(ctx, previous, case.status)
    if reasons:
        log.info("status change of case %s to %s refused by its guards", case.reference,
                 case.status.value)
        raise StatusBlocked(before, case.status, reasons)
