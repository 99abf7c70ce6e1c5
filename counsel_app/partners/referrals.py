"""Referrals that are tracked (Qt-free): a referral names a partner and a service and moves
through its states — planned, sent, then accepted or rejected, then done — each with its
date, an outcome (closed list) and a note. The rules live here; the Referrals tab, the
``counsel-app referrals`` command, the handover, the acknowledgement and the monitoring
export all go through this module.

States and moves::

    planned -> sent -> accepted -> done
                    -> rejected

Across stations: the handover carries the referrals (inside the plan's data category, so
consent decides; referrals to health facilities only under the health consent); the
receiving office updates them at follow-up visits and its acknowledgement returns each
referral's state, dates and outcome (never the note), which the sending station records.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.errors import ConflictError, NotFound, ValidationError
from counsel_app.i18n import N_, _, interface_language, saved_language
from counsel_app.i18n.dates import show_date, show_stored_date
from counsel_app.partners.model import PartnerType
from counsel_app.partners.tables import CaseReferralRow

PLANNED, SENT, ACCEPTED, REJECTED, DONE = "planned", "sent", "accepted", "rejected", "done"

STATE_LABELS: dict[str, str] = {
    PLANNED: N_("planned"),
    SENT: N_("sent"),
    ACCEPTED: N_("accepted"),
    REJECTED: N_("rejected"),
    DONE: N_("done"),
}
NEXT_STATES: dict[str, tuple[str, ...]] = {
    PLANNED: (SENT,),
    SENT: (ACCEPTED, REJECTED),
    ACCEPTED: (DONE,),
    REJECTED: (),
    DONE: (),
}
ORDER = (PLANNED, SENT, ACCEPTED, REJECTED, DONE)
DATE_FIELD = {SENT: "sent_on", ACCEPTED: "answered_on", REJECTED: "answered_on",
              DONE: "done_on"}

#: What came of it (a closed list, so it can be counted and returned to the sender).
OUTCOME_LABELS: dict[str, str] = {
    "received": N_("service received"),
    "partly": N_("service partly received"),
    "not_received": N_("service not received"),
    "declined": N_("the person declined"),
    "no_capacity": N_("no place or capacity at the partner"),
    "not_eligible": N_("not eligible"),
}
OUTCOMES_FOR: dict[str, tuple[str, ...]] = {
    DONE: ("received", "partly", "not_received"),
    REJECTED: ("declined", "no_capacity", "not_eligible"),
}


@dataclass
class Referral:
    key: str
    partner: dict[str, Any]  # the partner as it was when referred (Partner.snapshot)
    service: str
    state: str = PLANNED
    created_on: str = ""  # ISO dates
    sent_on: str = ""
    answered_on: str = ""
    done_on: str = ""
    outcome: str = ""
    note: str = ""
    history: list[dict[str, str]] = field(default_factory=list)  # state, on, by
    #: the language the note was typed in, recorded when it was written (carried with it
    #: in the handover); None for a note written here before it was recorded; "" not
    #: known (received in a package that did not carry it)
    note_language: str | None = None
    version: int = 0

    @property
    def partner_name(self) -> str:
        return str(self.partner.get("name") or "")

    @property
    def partner_type(self) -> str:
        return str(self.partner.get("type") or "")

    def data(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("version")
        return out

    @classmethod
    def from_data(cls, data: dict[str, Any], version: int = 0) -> Referral:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{**fields, "version": version})


def _aad(reference: str, key: str) -> str:
    return f"case_referrals:{reference}:{key}"


def _parse_on(on: date | str | None, today: date) -> date:
    if on is None or on == "":
        return today
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(str(on).strip())
    except ValueError:
        raise ValidationError(_("“{value}” is not a date; write it as YYYY-MM-DD.").format(
            value=on), "on") from None


class ReferralService:
    def __init__(self, ctx):
        self.ctx = ctx

    # -- reading ---------------------------------------------------------------------------
    def _case(self, case):
        if case.id is None:
            from counsel_app.errors import UserError

            raise UserError(_("Save the case before recording its referrals."))
        from counsel_app.security.access import check_case_access

        self.ctx.require("cases.read")
        check_case_access(self.ctx, case.id)
        return case

    def list(self, case) -> list[Referral]:
        self._case(case)
        with self.ctx.db.read_session() as session:
            rows = session.scalars(select(CaseReferralRow).where(
                CaseReferralRow.case_id == case.id).order_by(CaseReferralRow.id)).all()
            return [self._referral(case.reference, row) for row in rows]

    def _referral(self, reference: str, row: CaseReferralRow) -> Referral:
        data = self.ctx.vault.cipher.decrypt_json(row.data_enc, _aad(reference, row.key))
        return Referral.from_data(data, row.version)

    def find(self, case, which: str) -> Referral:
        """A referral by its number in the list (1, 2...) or the start of its key."""
        items = self.list(case)
        which = str(which).strip()
        if which.isdigit() and 1 <= int(which) <= len(items) and len(which) < 4:
            return items[int(which) - 1]
        found = [r for r in items if which and r.key.startswith(which.lower())]
        if len(found) != 1:
            raise NotFound(_("Case {reference} has no referral “{which}” (give its number in "
                             "the list).").format(reference=case.reference, which=which))
        return found[0]

    # -- writing ---------------------------------------------------------------------------
    def _write(self, session, case_id: int, reference: str, referral: Referral,
               row: CaseReferralRow | None = None) -> CaseReferralRow:
        if row is None:
            row = CaseReferralRow(case_id=case_id, key=referral.key)
            session.add(row)
        row.partner_type = referral.partner_type
        row.state = referral.state
        row.outcome = referral.outcome
        row.data_enc = self.ctx.vault.cipher.encrypt_json(referral.data(),
                                                          _aad(reference, referral.key))
        row.updated_at = utcnow()
        return row

    def add(self, case, partner, service: str, note: str = "", *,
            today: date | None = None) -> Referral:
        """Refer the person to ``partner`` (a :class:`Partner`, or a partner id of the
        directory) for ``service``; the referral starts *planned*."""
        self.ctx.require("cases.write")
        self._case(case)
        if isinstance(partner, int):
            from counsel_app.partners.service import PartnerDirectory

            partner = PartnerDirectory(self.ctx.db).get(partner)
        service = service.strip()
        if not service:
            raise ValidationError(_("Write the service the person is referred for."),
                                  "service")
        on = (today or date.today()).isoformat()
        referral = Referral(uuid.uuid4().hex, partner.snapshot(), service, PLANNED, on,
                            note=note.strip(),
                            history=[{"state": PLANNED, "on": on, "by": self.ctx.user}],
                            note_language=saved_language(note.strip()))
        with self.ctx.db.session() as session:
            row = self._write(session, case.id, case.reference, referral)
            session.flush()
            referral.version = row.version
            self.ctx.audit("change", case.reference, "referral added")
        return referral

    def move(self, case, referral: Referral | str, state: str, *, on: date | str | None = None,
             outcome: str = "", note: str | None = None, today: date | None = None
             ) -> Referral:
        """Move a referral to ``state`` on ``on`` (default today), with an outcome when it is
        done or rejected. Refused in one sentence: a move its state does not allow, a date
        before the previous one or in the future, an outcome that does not fit."""
        self.ctx.require("cases.write")
        self._case(case)
        if isinstance(referral, str):
            referral = self.find(case, referral)
        today = today or date.today()
        if state not in STATE_LABELS:
            raise ValidationError(_("“{state}” is not a referral state; write one of "
                                    "{choices}.").format(state=state,
                                                         choices=", ".join(ORDER)), "state")
        allowed = NEXT_STATES[referral.state]
        if state not in allowed:
            if allowed:
                text = _("The referral to {partner} is {current}: it can only become "
                         "{allowed} now.").format(
                    partner=referral.partner_name, current=_(STATE_LABELS[referral.state]),
                    allowed=" / ".join(_(STATE_LABELS[s]) for s in allowed))
            else:
                text = _("The referral to {partner} is {current} already; it cannot change "
                         "any more.").format(partner=referral.partner_name,
                                             current=_(STATE_LABELS[referral.state]))
            raise ValidationError(text, "state")
        when = _parse_on(on, today)
        # the previous step's date (recording a referral may come after it was sent)
        last = max((h.get("on") or "" for h in referral.history if h.get("state") != PLANNED),
                   default="")
        if when > today:
            raise ValidationError(_("The date {date} is in the future.").format(
                date=show_date(when, interface_language())), "on")
        if last and when.isoformat() < last:
            raise ValidationError(_("The date {date} is before the referral's previous step "
                                    "({previous}).").format(
                date=show_date(when, interface_language()),
                previous=show_stored_date(last, interface_language())), "on")
        outcome = outcome.strip()
        if outcome and outcome not in OUTCOMES_FOR.get(state, ()):
            raise ValidationError(_("“{outcome}” is not an outcome of a {state} referral; "
                                    "write one of {choices}.").format(
                outcome=outcome, state=_(STATE_LABELS[state]),
                choices=", ".join(OUTCOMES_FOR.get(state, ())) or "—"), "outcome")
        if state == DONE and not outcome:
            raise ValidationError(_("Say what came of the referral: {choices}.").format(
                choices=", ".join(OUTCOMES_FOR[DONE])), "outcome")
        referral.state = state
        setattr(referral, DATE_FIELD[state], when.isoformat())
        if outcome:
            referral.outcome = outcome
        if note is not None:
            referral.note_language = saved_language(note.strip(), referral.note,
                                                    referral.note_language)
            referral.note = note.strip()
        referral.history.append({"state": state, "on": when.isoformat(), "by": self.ctx.user})
        with self.ctx.db.session() as session:
            row = session.scalar(select(CaseReferralRow).where(
                CaseReferralRow.case_id == case.id, CaseReferralRow.key == referral.key))
            if row is None:
                raise NotFound(_("That referral no longer exists."))
            if row.version != referral.version:
                raise ConflictError(_("The referrals of case {reference} were changed by "
                                      "someone else since you opened them. Open them again "
                                      "and redo your change.").format(
                    reference=case.reference))
            self._write(session, case.id, case.reference, referral, row)
            session.flush()
            referral.version = row.version
            self.ctx.audit("change", case.reference, f"referral {state}")
        return referral

    # -- across stations -------------------------------------------------------------------
    def for_handover(self, case) -> list[dict[str, Any]]:
        return [r.data() for r in self.list(case)]

    def receive(self, case, items: list[dict[str, Any]]) -> int:
        """Store the referrals a handover carried (keys kept, so the office's
        acknowledgement can name them). Returns how many. A note's language is kept as the
        package carries it; a package that does not (made before it did, or a note from
        before it was recorded) gives "" (not known): someone else typed the note, never in
        this office's writing language by default, as ``None`` would have it."""
        count = 0
        with self.ctx.db.session() as session:
            for item in items or []:
                if not isinstance(item, dict) or not item.get("key"):
                    continue
                referral = Referral.from_data(item)
                if not isinstance(referral.note_language, str):
                    referral.note_language = ""
                self._write(session, case.id, case.reference, referral)
                count += 1
        return count

    def for_ack(self, case) -> list[dict[str, str]]:
        """What the acknowledgement returns of each referral: state, dates and outcome
        (never the note)."""
        return [{"key": r.key, "state": r.state, "sent_on": r.sent_on,
                 "answered_on": r.answered_on, "done_on": r.done_on, "outcome": r.outcome}
                for r in self.list(case)]


def apply_ack_referrals(ctx, session, case_id: int, reference: str,
                        items: list[dict[str, Any]] | None) -> int:
    """Record on the sending station what an acknowledgement says of its referrals (in the
    caller's transaction). A state only moves forward; unknown keys are ignored."""
    changed = 0
    for item in items or []:
        if not isinstance(item, dict):
            continue
        row = session.scalar(select(CaseReferralRow).where(
            CaseReferralRow.case_id == case_id, CaseReferralRow.key == str(item.get("key"))))
        state = item.get("state")
        if row is None or state not in STATE_LABELS:
            continue
        if ORDER.index(state) <= ORDER.index(row.state) and state != row.state:
            continue
        data = ctx.vault.cipher.decrypt_json(row.data_enc, _aad(reference, row.key))
        referral = Referral.from_data(data)
        before = (referral.state, referral.outcome, referral.sent_on, referral.answered_on,
                  referral.done_on)
        referral.state = state
        outcome = str(item.get("outcome") or "")
        referral.outcome = outcome if outcome in OUTCOME_LABELS else referral.outcome
        for name in ("sent_on", "answered_on", "done_on"):
            setattr(referral, name, str(item.get(name) or "") or getattr(referral, name))
        if before != (referral.state, referral.outcome, referral.sent_on,
                      referral.answered_on, referral.done_on):
            referral.history.append({"state": state, "on": referral.done_on or
                                     referral.answered_on or referral.sent_on,
                                     "by": "acknowledgement"})
            ReferralService(ctx)._write(session, case_id, reference, referral, row)
            changed += 1
    return changed


def referral_counts(session, case_ids) -> dict[tuple[str, str], int]:
    """(partner type, state or outcome) -> number of referrals, for the monitoring export."""
    from collections import Counter

    counts: Counter = Counter()
    if not case_ids:
        return {}
    for kind, state, outcome in session.execute(
            select(CaseReferralRow.partner_type, CaseReferralRow.state,
                   CaseReferralRow.outcome).where(CaseReferralRow.case_id.in_(case_ids))):
        counts[(kind if kind in {t.value for t in PartnerType} else "other",
                outcome or state)] += 1
    return dict(counts)


def receive_from_handover(ctx, case, data: dict[str, Any]) -> dict[str, Any] | None:
    """Store the tracked referrals a received handover carries (plan, health and, for a
    strictly confidential case shared with consent (7), confidential parts); returns the
    plan without them (``None`` when the package had no plan of its own)."""
    plan = data.get("plan") if isinstance(data.get("plan"), dict) else None
    items = []
    if plan is not None:
        plan = dict(plan)
        items += plan.pop("tracked_referrals", None) or []
    for category in ("health", "confidential"):
        part = data.get(category) if isinstance(data.get(category), dict) else {}
        items += part.get("tracked_referrals") or []
    if items:
        ReferralService(ctx).receive(case, items)
    return plan or None


def plan_referrals(ctx, case, listed) -> list:
    """The plan's printed referrals (section 4): the plan's own lines (``listed``), then each
    followed referral not yet among them and not rejected, as a plan ``Referral`` (partner,
    service, contact). Nothing is added for a case the user cannot read."""
    from counsel_app.plan.model import Referral as PlanReferral

    seen = {(r.organisation.strip().casefold(), r.service.strip().casefold()) for r in listed}
    out = list(listed)
    for r in ReferralService(ctx).list(case):
        key = (r.partner_name.strip().casefold(), r.service.strip().casefold())
        if r.state == REJECTED or key in seen:
            continue
        seen.add(key)
        out.append(PlanReferral(r.partner_name, r.service, str(r.partner.get("contact") or "")))
    return out
