"""The pre-departure checklist of a case, and the guard of *departed* (Qt-free).

Generated from the case, never typed: the screening's required steps (a child's guardian
and escort, fitness to travel for health needs, a risk assessment for a victim of
trafficking...), the consents, the plan, a travel document for everyone who travels, the
escort, the route, the reception request and the office's confirmation of it. A case may
be marked *departed* only when every item is done or waived by a supervisor with a written
reason (audited) — the status guard below holds whichever screen, command or script asks.

:func:`build_checklist` works on plain data (tests call it without a database);
:func:`checklist_for` gathers that data for a stored case.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus
from counsel_app.i18n import N_, _, interface_language
from counsel_app.i18n.dates import show_date, show_stored_date
from counsel_app.services.status import register_guard
from counsel_app.services.step_facts import StepFact
from counsel_app.session.screening import STEPS, required_steps
from counsel_app.travel import facts
from counsel_app.travel.model import (
    ANSWERS,
    CLEARANCES,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    NO_EXPIRY,
    TravelRecord,
    person_is_child,
    travellers,
    validate,
)

#: the travel facts that answer screening steps, computed from the record at hand
_OWN_FACTS = {
    "medical_escort": facts.escort_fact,
    "fitness_to_travel": facts.fitness_fact,
}

#: where each kind of item is put right (a session step key)
WHERE_LABELS = {
    "screening": N_("Screening"),
    "consent": N_("Consent"),
    "plan": N_("Plan"),
    "departure": N_("Departure"),
    "handover": N_("Handover"),
}


@dataclass(frozen=True)
class Waiver:
    """An open item a supervisor waived, with their reason (from the waiver mechanism)."""

    by: str
    reason: str
    at: str = ""


#: the travel items a supervisor may waive (with a written reason, audited) and their labels;
#: consents, the plan and the route are never waived (the person's agreement, the plan's and
#: the route's own rules). A screening step is waived as the screening's item.
WAIVABLE: dict[str, str] = {
    "document:person": N_("Travel document of the person"),
    "document:household": N_("Travel document of a travelling family member"),
    "fitness": N_("Cleared as fit to travel"),
    "escort": N_("The escort is named"),
    "child_escort": N_("An adult accompanies the child throughout the journey"),
    "reception": N_("Reception on arrival requested (who meets the person, and where)"),
    "reception_confirmed": N_("Reception confirmed by the office in the country of return"),
}
PREFIX = "travel:"


def waiver_key(item_key: str) -> str:
    """The waiver item key of a checklist item ("" when it cannot be waived)."""
    if item_key.startswith("step:"):
        return "screening:" + item_key[len("step:"):]
    base = "document:household" if item_key.startswith("document:household:") else item_key
    return PREFIX + item_key if base in WAIVABLE else ""


def waiver_label(key: str) -> str | None:
    """The untranslated label of a travel waiver key (for the waivers' history)."""
    if not key.startswith(PREFIX):
        return None
    item = key[len(PREFIX):]
    if item.startswith("document:household:"):
        item = "document:household"
    return WAIVABLE.get(item)


@dataclass(frozen=True)
class Item:
    key: str  # "step:<key>", "consents", "plan", "document:<holder>", "itinerary"...
    label: str  # translated
    done: bool
    detail: str = ""  # translated: what was recorded, or what is missing
    where: str = "departure"  # the step where it is put right
    waiver: Waiver | None = None

    @property
    def state(self) -> str:
        return "done" if self.done else ("waived" if self.waiver else "open")


@dataclass
class Checklist:
    reference: str
    items: list[Item] = field(default_factory=list)

    @property
    def open_items(self) -> list[Item]:
        return [i for i in self.items if i.state == "open"]

    @property
    def complete(self) -> bool:
        return not self.open_items

    def blockers(self) -> list[str]:
        """One translated sentence per open item (the guard's reasons)."""
        out = []
        for item in self.open_items:
            text = _("Open before departure: {item}").format(item=item.label)
            if item.detail:
                text += f" — {item.detail}"
            out.append(text if text.endswith(".") else text + ".")
        return out


@dataclass
class Facts:
    """The plain data a checklist is computed from."""

    case: Case
    record: TravelRecord
    flags: set[str] = field(default_factory=set)
    steps_done: dict[str, bool] = field(default_factory=dict)  # screening ticks
    other_facts: dict[str, StepFact] = field(default_factory=dict)  # other areas' facts
    consent_blockers: list[str] = field(default_factory=list)
    plan_problems: list[str] | None = None  # None: no plan saved
    #: the office's answer to the reception request (sending side: from its acknowledgement)
    answer: dict[str, Any] | None = None
    waivers: dict[str, Waiver] = field(default_factory=dict)
    today: date = field(default_factory=date.today)


def build_checklist(f: Facts) -> Checklist:
    case, record = f.case, f.record
    items: list[Item] = []

    def add(key: str, label: str, done: bool, detail: str = "", where: str = "departure"):
        wkey = waiver_key(key)
        items.append(Item(key, label, done, detail, where,
                          None if done or not wkey else f.waivers.get(wkey)))

    # 1. the screening's required steps (facts recorded in the Departure step count)
    required = [r.key for r in required_steps(f.flags)]
    for key in required:
        fact = _OWN_FACTS[key](record) if key in _OWN_FACTS else f.other_facts.get(key)
        if fact is not None:
            add(f"step:{key}", _(STEPS[key]), fact.done, fact.text, fact.where or "departure")
        else:
            add(f"step:{key}", _(STEPS[key]), f.steps_done.get(key, False),
                "" if f.steps_done.get(key) else _("not ticked as done in the screening"),
                "screening")

    # 2. consents and plan
    add("consents", _("Consent to return and to the processing of personal data in force"),
        not f.consent_blockers, " ".join(f.consent_blockers), "consent")
    if f.plan_problems is None:
        add("plan", _("Reintegration plan saved without problems"), False,
            _("no plan is saved"), "plan")
    else:
        add("plan", _("Reintegration plan saved without problems"), not f.plan_problems,
            " ".join(f.plan_problems[:2]), "plan")

    # 3. a travel document for everyone who travels
    it = record.itinerary
    end = it.arrival().date() if it.arrival() else it.departure_date
    for traveller in travellers(case, f.today):
        docs = [d for d in record.documents if d.holder == traveller.key]
        label = _("Travel document of {name}").format(name=traveller.name)
        valid = [d for d in docs if d.status == "issued" and (
            d.kind in NO_EXPIRY or (d.expires_on and (end is None or d.expires_on >= end)))]
        if valid:
            doc = valid[0]
            detail = _(DOCUMENT_KINDS[doc.kind][0]) + (
                _(", valid until {date}").format(
                    date=show_date(doc.expires_on, interface_language()))
                if doc.expires_on else "")
            add(f"document:{traveller.key}", label, True, detail)
        elif docs:
            states = ", ".join(f"{_(DOCUMENT_KINDS.get(d.kind, (d.kind,))[0])}: "
                               f"{_(DOCUMENT_STATUSES.get(d.status, d.status))}" for d in docs)
            add(f"document:{traveller.key}", label, False, states)
        else:
            add(f"document:{traveller.key}", label, False, _("no document recorded"))

    # 4. fitness and escort
    clearance = record.fitness.clearance
    if clearance in ("pending", "not_fit"):
        add("fitness", _("Cleared as fit to travel"), False,
            _(CLEARANCES[clearance]))
    if record.escort.kind in ("operational", "medical"):
        add("escort", _("The escort is named"), bool(record.escort.name.strip()),
            record.escort.name or _("nobody named yet"))
    if person_is_child(case, f.flags, f.today):
        fact = facts.accompaniment_fact(record)
        add("child_escort", _("An adult accompanies the child throughout the journey"),
            fact.done, fact.text)

    # 5. route, reception request, the office's confirmation
    problems = validate(record, case, flags=f.flags, today=f.today)
    if not it.legs:
        add("itinerary", _("Route recorded, ending in the country of return"), False,
            _("no leg recorded"))
    else:
        add("itinerary", _("Route recorded, ending in the country of return"), not problems,
            str(problems[0]) if problems else "")
    reception = record.reception
    add("reception", _("Reception on arrival requested (who meets the person, and where)"),
        bool(reception.met_by.strip() and reception.meeting_point.strip()),
        "" if reception.met_by.strip() and reception.meeting_point.strip()
        else _("say who meets the person and where"))
    add("reception_confirmed", _("Reception confirmed by the office in the country of return"),
        *_confirmation(f.answer, record), where="handover")
    return Checklist(record.reference or case.reference, items)


def _confirmation(answer: dict[str, Any] | None, record: TravelRecord) -> tuple[bool, str]:
    if not answer:
        return False, _("no answer from the office yet: hand the case over with the reception "
                        "request, then import the office's acknowledgement")
    state = answer.get("state")
    # the day of the answer as the screens show it ("1 déc. 2026"), not as it is stored
    when = show_stored_date(str(answer.get("answered_on") or ""), interface_language())
    if state != "confirmed":
        note = str(answer.get("note") or "")
        return False, _("{answer} ({date}) {note}").format(
            answer=_(ANSWERS.get(state, N_("Unknown answer"))), date=when, note=note).strip()
    if answer.get("request_id") != record.request_id():
        return False, _("the office confirmed the request of {date}; the route or the reception "
                        "changed since: tell the office and get its confirmation again").format(
                            date=when)
    return True, _("confirmed on {date}").format(date=when) + (
        f" — {answer['contact_name']}" if answer.get("contact_name") else "")


# -- gathering the facts of a stored case ----------------------------------------------------
def waivers_for(ctx, case: Case) -> dict[str, Waiver]:
    """The waivers in force for ``case`` (waiver key -> who and why), from the general
    waiver mechanism shared with the screening's required steps (:mod:`counsel_app.waivers`):
    ``screening:<step>`` for a screening step, ``travel:<item>`` for a travel item."""
    from counsel_app.waivers.service import in_force

    return {key: Waiver(w.waived_by, w.reason, w.waived_at.date().isoformat())
            for key, w in in_force(ctx, case).items()}


def _waivable(ctx, case: Case):
    """The open travel items a supervisor may waive now (the waiver mechanism's source)."""
    from counsel_app.waivers.service import WaivableItem

    if case.status is not CaseStatus.HANDED_OVER:
        return []  # waived when the departure is near: once the case is handed over
    out = []
    for item in checklist_for(ctx, case).items:
        key = waiver_key(item.key)
        if item.state == "open" and key.startswith(PREFIX):
            out.append(WaivableItem(key, waiver_label(key) or key, (N_("Departure"),)))
    return out


def screening_of(ctx, case: Case):
    from counsel_app.session.record import Screening
    from counsel_app.session.store import SessionStore

    data, _version = SessionStore(ctx.db, ctx.vault.cipher).load_part(
        case.id, case.reference, "screening")
    return Screening.from_json(data)


def reception_answer(ctx, case: Case) -> dict[str, Any] | None:
    """The office's latest answer to this station's reception request (from its
    acknowledgements), or None."""
    from counsel_app.handover.records import packages_for_case

    answers = [p["content"].get("reception") for p in packages_for_case(ctx, case.id)
               if p["kind"] == "ack" and p["direction"] == "received"]
    answers = [a for a in answers if isinstance(a, dict)]
    return answers[-1] if answers else None


def gather(ctx, case: Case, record: TravelRecord | None = None) -> Facts:
    from counsel_app.consent.service import load_state
    from counsel_app.plan.service import PlanService
    from counsel_app.services.step_facts import fact_keys, step_fact
    from counsel_app.travel.store import TravelRepository

    if record is None:
        record = TravelRepository(ctx.db, ctx.vault.cipher).get(case.reference)
    screening = screening_of(ctx, case)
    flags = set(screening.flags)
    others = {key: step_fact(ctx, case, key) for key in fact_keys() - set(_OWN_FACTS)
              if key in {r.key for r in required_steps(flags)}}
    service = PlanService(ctx)
    plan = service.repo.find(case.reference)
    return Facts(
        case=case, record=record, flags=flags,
        steps_done={k: v.done for k, v in screening.steps.items()},
        other_facts={k: v for k, v in others.items() if v is not None},
        consent_blockers=load_state(ctx, case).consented_blockers(),
        plan_problems=None if plan is None else [str(p) for p in service.validate(plan)],
        answer=reception_answer(ctx, case),
        waivers=waivers_for(ctx, case),
    )


def checklist_for(ctx, case: Case, record: TravelRecord | None = None) -> Checklist:
    return build_checklist(gather(ctx, case, record))


#: set while :meth:`counsel_app.travel.service.TravelService.depart` records a departure
RECORDING_DEPARTURE: ContextVar[str | None] = ContextVar("recording_departure", default=None)


def _departed_guard(ctx, change) -> list[str]:
    """The precondition of *departed*, whatever path moves the case there (``change``: a
    :class:`counsel_app.services.status.StatusChange`): the checklist complete or waived,
    and the departure recorded with its day (through the travel service, which writes the
    status and the day in one transaction)."""
    reasons = checklist_for(ctx, change.case).blockers()
    if RECORDING_DEPARTURE.get() != change.case.reference:
        reasons.append(_("A departure is recorded with its day in the Departure step (or with "
                         "“counsel-app travel depart {reference}”).").format(
                             reference=change.case.reference))
    return reasons


def _register() -> None:
    from counsel_app.waivers.service import register_waivable

    register_guard(CaseStatus.DEPARTED, _departed_guard)
    register_waivable(PREFIX, _waivable, waiver_label)


_register()
