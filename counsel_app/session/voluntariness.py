"""Voluntariness: the three elements, and the rule that gates a decision to return.

A decision to return is voluntary only when **freedom of choice** (no pressure, detention,
threats, support made conditional on return), **informed decision** (accurate, objective,
up-to-date information given and understood) and **legal capacity** (the person can decide,
or their legal guardian decides) all hold. For a child, a person whose age is not known or
a person found to lack capacity, the guardian's decision and the reference of the
best-interests determination are recorded as fields of their own (:class:`GuardianDecision`),
not only in a note.

:func:`blocking_reasons` says why a decision cannot be recorded yet (plain data, no
database); *needs more time* and *declined* are always recordable. The service that records
a decision for a stored case, and the status guard that holds on every path, are in
:mod:`counsel_app.session.decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from counsel_app.domain.case import Person, guardian_needed
from counsel_app.domain.enums import Decision
from counsel_app.errors import UserError
from counsel_app.i18n import N_, _, recorded_languages
from counsel_app.session.typed_texts import TypedTexts, text_key

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

#: What the guardian decided about the return (stable values in storage).
GUARDIAN_AGREES = "agrees"
GUARDIAN_DISAGREES = "does_not_agree"
GUARDIAN_DECISIONS: dict[str, str] = {
    GUARDIAN_AGREES: N_("The guardian agrees with the return"),
    GUARDIAN_DISAGREES: N_("The guardian does not agree with the return"),
}


class DecisionBlocked(UserError):
    """A decision that cannot be recorded yet; ``reasons`` lists every cause."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass
class Element:
    holds: bool | None = None  # None: not assessed yet
    note: str = ""
    assessed_at: str = ""  # ISO timestamp of the last change of ``holds``


@dataclass
class GuardianDecision:
    """Legal capacity resting with a guardian: who they are, what they decided, and the
    best-interests determination the decision refers to."""

    #: the counsellor found the person lacks capacity to decide alone (not about age)
    lacks_capacity: bool = False
    name: str = ""
    relation: str = ""  # parent, legal guardian, appointed official...
    contact: str = ""
    decision: str = ""  # "" (not recorded), GUARDIAN_AGREES or GUARDIAN_DISAGREES
    best_interests_ref: str = ""
    recorded_at: str = ""

    @property
    def empty(self) -> bool:
        return not (self.lacks_capacity or self.name or self.relation or self.contact
                    or self.decision or self.best_interests_ref)


@dataclass
class DecisionRecord:
    decision: str  # Decision value
    decided_on: str  # ISO date
    counsellor: str
    note: str = ""
    recorded_at: str = ""  # ISO timestamp
    #: the person withdrew this decision (a record of its own, appended to the history)
    withdrawn: bool = False

    @property
    def as_enum(self) -> Decision:
        return Decision(self.decision)


@dataclass
class Voluntariness(TypedTexts):
    """The elements, the guardian's part and the decisions. Each element's note and each
    decision's note has its language (:mod:`counsel_app.session.typed_texts`; a decision
    by its place in the history, which is only ever appended to)."""

    elements: dict[str, Element] = field(
        default_factory=lambda: {key: Element() for key in ELEMENTS})
    guardian: GuardianDecision = field(default_factory=GuardianDecision)
    decisions: list[DecisionRecord] = field(default_factory=list)  # history, last is current
    text_languages: dict[str, str] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        return {**{text_key("element", k): e.note for k, e in self.elements.items()},
                **{text_key("decision", str(i)): d.note for i, d in enumerate(self.decisions)}}

    @property
    def current(self) -> DecisionRecord | None:
        """The decision that stands: the last one recorded, unless it was withdrawn."""
        if not self.decisions or self.decisions[-1].withdrawn:
            return None
        return self.decisions[-1]

    def to_json(self) -> dict:
        data = {
            "elements": {k: vars(e).copy() for k, e in self.elements.items()},
            "decisions": [vars(d).copy() for d in self.decisions],
            "text_languages": dict(self.text_languages),
        }
        if not self.guardian.empty:
            data["guardian"] = vars(self.guardian).copy()
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> Voluntariness:
        data = data or {}
        elements = {key: Element() for key in ELEMENTS}
        for key, value in (data.get("elements") or {}).items():
            if key in elements:
                elements[key] = Element(**value)
        known = {f.name for f in fields(GuardianDecision)}
        guardian = GuardianDecision(**{k: v for k, v in (data.get("guardian") or {}).items()
                                       if k in known})
        return cls(elements, guardian,
                   [DecisionRecord(**d) for d in data.get("decisions") or []],
                   recorded_languages(data))


def element_reasons(vol: Voluntariness, person: Person | None = None,
                    on: date | None = None) -> list[str]:
    """Why a return would not be voluntary now (translated sentences, each naming what is
    missing); empty when the three elements hold and, where needed, the guardian's decision
    and the best-interests reference are recorded."""
    reasons = []
    for key, (label, _hint) in ELEMENTS.items():
        element = vol.elements.get(key) or Element()
        if element.holds is None:
            reasons.append(_("“{element}” has not been assessed yet.").format(element=_(label)))
        elif element.holds is False:
            reasons.append(_("“{element}” does not hold: a return would not be voluntary.")
                           .format(element=_(label)))
    if person is not None:
        reasons += guardian_reasons(vol.guardian, person, on or date.today())
    return reasons


def guardian_reasons(guardian: GuardianDecision, person: Person, on: date) -> list[str]:
    """What is missing from the guardian's part when the person cannot decide alone."""
    why = guardian_needed(person, on, lacks_capacity=guardian.lacks_capacity)
    if why is None:
        return []
    if guardian.decision == GUARDIAN_DISAGREES:
        return [_("{why} Their guardian does not agree with the return, so it cannot be "
                  "recorded as their decision.").format(why=why)]
    missing = []
    if not (guardian.name.strip() and guardian.relation.strip()):
        missing.append(_("who the guardian is (name and relation or role)"))
    if guardian.decision != GUARDIAN_AGREES:
        missing.append(_("the guardian's decision"))
    if not guardian.best_interests_ref.strip():
        missing.append(_("the reference of the best-interests determination"))
    if not missing:
        return []
    return [_("{why} Their guardian decides with them: under “Legal capacity”, record "
              "{missing}.").format(why=why, missing=_(" and ").join(missing))]


def blocking_reasons(vol: Voluntariness, decision: Decision | str,
                     person: Person | None = None, on: date | None = None) -> list[str]:
    """Why ``decision`` cannot be recorded now (translated sentences); empty when it can.
    Only a decision to return is gated (:func:`element_reasons`); ``person`` (the case's)
    brings in the guardian's part for a child or a person without capacity."""
    if Decision(decision) is not Decision.RETURN:
        return []
    return element_reasons(vol, person, on)


def record_decision(vol: Voluntariness, decision: Decision | str, *, counsellor: str,
                    decided_on: date, note: str = "", person: Person | None = None,
                    now: datetime | None = None) -> DecisionRecord:
    """Append the decision to the history, or raise :class:`DecisionBlocked` naming every
    reason (nothing is appended then)."""
    from counsel_app.domain.case import utcnow

    reasons = blocking_reasons(vol, decision, person, decided_on)
    if not counsellor.strip():
        reasons.append(_("Name the counsellor who records the decision."))
    if decided_on > date.today():
        reasons.append(_("The date of the decision is in the future."))
    if reasons:
        raise DecisionBlocked(reasons)
    record = DecisionRecord(Decision(decision).value, decided_on.isoformat(), counsellor.strip(),
                            note, (now or utcnow()).isoformat(timespec="seconds"))
    vol.decisions.append(record)
    return record


def record_withdrawal(vol: Voluntariness, *, counsellor: str, note: str = "",
                      now: datetime | None = None) -> DecisionRecord | None:
    """The person withdraws the decision that stands (never refused); None when no
    decision stands."""
    from counsel_app.domain.case import utcnow

    current = vol.current
    if current is None:
        return None
    moment = now or utcnow()
    record = DecisionRecord(current.decision, moment.date().isoformat(),
                            counsellor.strip(), note, moment.isoformat(timespec="seconds"),
                            withdrawn=True)
    vol.decisions.append(record)
    return record
