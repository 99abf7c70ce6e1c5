"""Voluntariness: the three elements, and the rule that gates a decision to return.

A decision to return is voluntary only when **freedom of choice** (no pressure, detention,
threats, support made conditional on return), **informed decision** (accurate, objective,
up-to-date information given and understood) and **legal capacity** (the person can decide,
or their legal guardian decides) all hold. :func:`blocking_reasons` says why a decision
cannot be recorded yet; *needs more time* and *declined* are always recordable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counsel_app.domain.enums import Decision
from counsel_app.i18n import N_, _

ELEMENTS: dict[str, tuple[str, str]] = {
    "freedom_of_choice": (
        N_("Freedom of choice"),
        N_("No physical or psychological pressure: no detention used to push return, no "
           "threats, no support made conditional on return."),
    ),
    "informed_decision": (
        N_("Informed decision"),
        N_("Accurate, objective and up-to-date information was given, in a language the "
           "person understands, and the person understood it."),
    ),
    "legal_capacity": (
        N_("Legal capacity"),
        N_("The person can take this decision, or their legal guardian decides with them "
           "(children, people lacking capacity)."),
    ),
}


@dataclass
class Element:
    holds: bool | None = None  # None: not assessed yet
    note: str = ""
    assessed_at: str = ""  # ISO timestamp of the last change of ``holds``


@dataclass
class DecisionRecord:
    decision: str  # Decision value
    decided_on: str  # ISO date
    counsellor: str
    note: str = ""
    recorded_at: str = ""  # ISO timestamp

    @property
    def as_enum(self) -> Decision:
        return Decision(self.decision)


@dataclass
class Voluntariness:
    elements: dict[str, Element] = field(
        default_factory=lambda: {key: Element() for key in ELEMENTS})
    decisions: list[DecisionRecord] = field(default_factory=list)  # history, last is current

    @property
    def current(self) -> DecisionRecord | None:
        return self.decisions[-1] if self.decisions else None

    def to_json(self) -> dict:
        return {
            "elements": {k: vars(e).copy() for k, e in self.elements.items()},
            "decisions": [vars(d).copy() for d in self.decisions],
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Voluntariness:
        data = data or {}
        elements = {key: Element() for key in ELEMENTS}
        for key, value in (data.get("elements") or {}).items():
            if key in elements:
                elements[key] = Element(**value)
        return cls(elements, [DecisionRecord(**d) for d in data.get("decisions") or []])


def blocking_reasons(vol: Voluntariness, decision: Decision | str, *, is_minor: bool = False,
                     guardian_note_required: bool = True) -> list[str]:
    """Why ``decision`` cannot be recorded now (translated sentences); empty when it can.

    Only a decision to return is gated. For a child (``is_minor``) legal capacity rests
    with a guardian: its note must say who decides.
    """
    decision = Decision(decision)
    if decision is not Decision.RETURN:
        return []
    reasons = []
    for key, (label, _hint) in ELEMENTS.items():
        element = vol.elements.get(key) or Element()
        if element.holds is None:
            reasons.append(_("“{element}” has not been assessed yet.").format(element=_(label)))
        elif element.holds is False:
            reasons.append(_("“{element}” does not hold: a return would not be voluntary.")
                           .format(element=_(label)))
    legal = vol.elements.get("legal_capacity") or Element()
    if is_minor and guardian_note_required and legal.holds and not legal.note.strip():
        reasons.append(_("The person is a child: note under “Legal capacity” who their legal "
                         "guardian is and that the guardian takes part in the decision."))
    return reasons


def record_decision(vol: Voluntariness, decision: Decision | str, *, counsellor: str,
                    decided_on: date, note: str = "", is_minor: bool = False,
                    now: datetime | None = None) -> DecisionRecord:
    """Append the decision to the history, or raise :class:`DecisionBlocked`."""
    reasons = blocking_reasons(vol, decision, is_minor=is_minor)
    if reasons:
        raise DecisionBlocked(reasons)
    if not counsellor.strip():
        raise DecisionBlocked([_("Name the counsellor who records the decision.")])
    from counsel_app.domain.case import utcnow

    record = DecisionRecord(Decision(decision).value, decided_on.isoformat(), counsellor,
                            note, (now or utcnow()).isoformat(timespec="seconds"))
    vol.decisions.append(record)
    return record


from counsel_app.errors import UserError  # noqa: E402


class DecisionBlocked(UserError):
    """A decision that cannot be recorded yet; ``reasons`` lists every cause."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons
