"""The status workflow of a case.

draft → counselling → decision taken → consented → plan ready → handed over → departed →
arrived → follow-up → closed. A decision of *needs more time* goes back to counselling;
*declined* leads to closure (a valid outcome, recorded with the same care). Any open case
can be closed; a closed case can be reopened into counselling. Until the person departs,
a case can always go back to counselling: people change their minds, and withdrawing a
decision to return is never blocked (GCM 21(b)).

*Departed* follows the handover: the package carries the itinerary and the reception
request, the office confirms the reception, then the person leaves (the pre-departure
checklist guards it, :mod:`counsel_app.travel.checklist`). A departure that did not happen
(a missed flight) goes back to *handed over*. *Handed over → arrived* stays open: the
receiving office's copy of a case never departs there, and an office's acknowledgement of
an arrival is a fact even when the departure was not recorded.
"""

from __future__ import annotations

from counsel_app.domain.enums import CaseStatus as S
from counsel_app.domain.enums import Decision
from counsel_app.errors import UserError
from counsel_app.i18n import _

TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.COUNSELLING, S.CLOSED}),
    S.COUNSELLING: frozenset({S.DECISION_TAKEN, S.CLOSED}),
    S.DECISION_TAKEN: frozenset({S.COUNSELLING, S.CONSENTED, S.CLOSED}),
    S.CONSENTED: frozenset({S.PLAN_READY, S.COUNSELLING, S.CLOSED}),
    S.PLAN_READY: frozenset({S.HANDED_OVER, S.COUNSELLING, S.CLOSED}),
    S.HANDED_OVER: frozenset({S.DEPARTED, S.ARRIVED, S.COUNSELLING, S.CLOSED}),
    S.DEPARTED: frozenset({S.ARRIVED, S.HANDED_OVER, S.CLOSED}),  # back: departure cancelled
    S.ARRIVED: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.FOLLOW_UP: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.COUNSELLING}),  # reopen
}


class IllegalTransition(UserError):
    """A status change the workflow does not allow; names both states."""

    def __init__(self, current: S, target: S, reason: str | None = None):
        message = _("A case cannot go from “{current}” to “{target}”.").format(
            current=_(current.label), target=_(target.label)
        )
        if reason:
            message = f"{message} {reason}"
        super().__init__(message)
        self.current = current
        self.target = target


def allowed_targets(current: S) -> frozenset[S]:
    return TRANSITIONS[current]


def check_transition(current: S, target: S, decision: Decision | None) -> None:
    """Raise :class:`IllegalTransition` unless ``current → target`` is allowed."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    if current is S.DECISION_TAKEN and target is S.CONSENTED and decision is not Decision.RETURN:
        raise IllegalTransition(
            current, target, _("Only a decision to return leads to consent.")
        )
    if current is S.DECISION_TAKEN and target is S.COUNSELLING and decision is Decision.RETURN:
        # going back to counselling after deciding to return is allowed: people change
        # their minds; nothing to check.
        return
