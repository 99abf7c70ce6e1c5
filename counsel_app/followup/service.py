"""Post-arrival work on a received case: arrival, plan refinement, visits, actions, closure.

Each public method is one user action in one short transaction; the case's status follows
the workflow (handed over or departed → arrived → follow-up → closed). Scores, notes and the
feasibility grid are encrypted with the database's data key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError, ValidationError
from counsel_app.followup import rss
from counsel_app.followup.models import ActionProgressRow, FollowupCaseRow, FollowupVisitRow
from counsel_app.i18n import N_, _

REFINE_WITHIN = timedelta(days=31)
ACTION_STATUSES = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
CLOSURE_REASONS = {
    "completed": N_("Plan completed"),
    "lost_contact": N_("Contact lost"),
    "moved_on": N_("Moved away or migrated again"),
    "declined": N_("Person no longer wants assistance"),
    "other": N_("Other"),
}


def visits_aad(case_id: int, uid: str) -> str:
    return f"followup_visits:{case_id}:{uid}:scores"


def notes_aad(case_id: int) -> str:
    return f"followup_cases:{case_id}:notes"


def feasibility_aad(case_id: int) -> str:
    return f"followup_cases:{case_id}:feasibility"


def progress_aad(case_id: int, action_key: str) -> str:
    return f"followup_action_progress:{case_id}:{action_key}:note"


def new_followup_row(case_id: int) -> FollowupCaseRow:
    return FollowupCaseRow(case_id=case_id, reception_done=False, updated_at=utcnow())


def baseline_visit_row(ctx, case_id: int, scores: dict[str, Any], day: date) -> FollowupVisitRow:
    """The pre-departure baseline (from a handover) as a visit of kind ``baseline``."""
    clean = {k: int(v) for k, v in scores.items()
             if k in rss.indicator_keys() and isinstance(v, int) and 1 <= v <= 5}
    uid = uuid.uuid4().hex
    return FollowupVisitRow(case_id=case_id, kind="baseline", visit_date=day, uid=uid,
                            scores_enc=ctx.vault.cipher.encrypt_json(clean,
                                                                     visits_aad(case_id, uid)),
                            recorded_at=utcnow(), recorded_by=ctx.user)


@dataclass
class Visit:
    uid: str
    kind: str
    visit_date: date
    scores: dict[str, int]
    result: rss.Scores


@dataclass
class PlanAction:
    key: str
    text: str
    status: str = "not_started"
    note: str = ""


@dataclass
class FollowupSummary:
    reference: str
    status: CaseStatus
    arrival_date: date | None
    reception_done: bool
    plan_refined_on: date | None
    refine_by: date | None
    feasibility: list[dict[str, Any]]
    baseline: Visit | None
    visits: list[Visit]
    actions: list[PlanAction]
    closed_on: date | None
    closure_reason: str | None
    weights: rss.Weights
    notes: str = ""
    chart: list[dict[str, Any]] = field(default_factory=list)

    @property
    def latest(self) -> Visit | None:
        return self.visits[-1] if self.visits else None

    def change_since_baseline(self) -> dict[str, float | None] | None:
        if self.baseline is None or self.latest is None:
            return None
        return rss.change(self.baseline.result, self.latest.result)


def plan_actions_from(plan: Any) -> list[tuple[str, str]]:
    """(key, text) of every action in a plan given as plain data.

    Understands ``{"goals": [{"actions": [...]}]}`` and ``{"actions": [...]}``, each
    action a dict with an ``id``/``key`` and a ``text``/``action``/``what``/``title``.
    """
    found: list[tuple[str, str]] = []

    def text_of(item: dict) -> str:
        for name in ("text", "action", "what", "title", "description"):
            if isinstance(item.get(name), str) and item[name].strip():
                return item[name].strip()
        return ""

    def take(actions: Any, prefix: str) -> None:
        if not isinstance(actions, list):
            return
        for index, item in enumerate(actions, 1):
            if isinstance(item, dict) and text_of(item):
                key = str(item.get("id") or item.get("key") or f"{prefix}{index}")[:64]
                found.append((key, text_of(item)))

    if isinstance(plan, dict):
        take(plan.get("actions"), "a")
        for g, goal in enumerate(plan.get("goals") or [], 1):
            if isinstance(goal, dict):
                take(goal.get("actions"), f"g{g}.")
    return found


class FollowupService:
    def __init__(self, ctx):
        self.ctx = ctx
        self.db = ctx.db
        self.cipher = ctx.vault.cipher

    # -- helpers ------------------------------------------------------------------------
    def _case(self, reference: str):
        return self.ctx.cases.get_by_reference(reference)

    def _row(self, session, case_id: int) -> FollowupCaseRow:
        row = session.get(FollowupCaseRow, case_id)
        if row is None:
            row = new_followup_row(case_id)
            session.add(row)
        return row

    def _received_content(self, case_id: int) -> dict[str, Any] | None:
        from counsel_app.handover.package import packages_for_case

        received = [p for p in packages_for_case(self.ctx, case_id)
                    if p["kind"] == "handover" and p["direction"] == "received"]
        return received[-1]["content"] if received else None

    def _open(self, case) -> None:
        if case.status is CaseStatus.CLOSED:
            raise UserError(_("Case {reference} is closed; reopen it before recording "
                              "follow-up work.").format(reference=case.reference))

    # -- actions ------------------------------------------------------------------------
    def record_arrival(self, reference: str, arrival_date: date, reception_done: bool,
                       note: str = "") -> None:
        from counsel_app.handover.package import move_status

        case = self._case(reference)
        self._open(case)
        if arrival_date > date.today():
            raise ValidationError(_("The arrival date is in the future."), "arrival_date")
        with self.db.session() as session:
            row = self._row(session, case.id)
            row.arrival_date = arrival_date
            row.reception_done = bool(reception_done)
            if note:
                row.notes_enc = self.cipher.encrypt_text(
                    note, notes_aad(case.id))
            row.updated_at = utcnow()
            if case.status in (CaseStatus.HANDED_OVER, CaseStatus.DEPARTED):
                move_status(session, case.id, CaseStatus.ARRIVED, ctx=self.ctx)
        self.ctx.audit("followup_arrival", case.reference, "")

    def refine_plan(self, reference: str, grid: list[dict[str, Any]],
                    on: date | None = None) -> bool:
        """Store the feasibility grid made after arrival. Returns whether it was done
        within a month of arrival (a late refinement is recorded all the same)."""
        from counsel_app.opportunities.model import FeasibilityRow

        case = self._case(reference)
        self._open(case)
        on = on or date.today()
        try:
            rows = [FeasibilityRow.from_data(item).to_data() for item in grid]
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValidationError(_("A line of the feasibility grid is not valid: {reason}")
                                  .format(reason=exc), "feasibility") from None
        with self.db.session() as session:
            row = self._row(session, case.id)
            if row.arrival_date is None:
                raise UserError(_("Record the arrival of case {reference} before refining "
                                  "the plan.").format(reference=case.reference))
            row.feasibility_enc = self.cipher.encrypt_json(
                rows, feasibility_aad(case.id))
            row.plan_refined_on = on
            row.updated_at = utcnow()
            in_time = on - row.arrival_date <= REFINE_WITHIN
        self.ctx.audit("followup_refine", case.reference, "")
        return in_time

    def record_visit(self, reference: str, scores: dict[str, Any], visit_date: date) -> Visit:
        from counsel_app.handover.package import move_status

        case = self._case(reference)
        self._open(case)
        clean = rss.validate_scores(scores)
        if not clean:
            raise ValidationError(_("Enter at least one score for the visit."), "scores")
        if visit_date > date.today():
            raise ValidationError(_("The visit date is in the future."), "visit_date")
        uid = uuid.uuid4().hex
        with self.db.session() as session:
            row = self._row(session, case.id)
            if row.arrival_date is None:
                raise UserError(_("Record the arrival of case {reference} before a follow-up "
                                  "visit.").format(reference=case.reference))
            if visit_date < row.arrival_date:
                raise ValidationError(_("The visit date is before the arrival."), "visit_date")
            session.add(FollowupVisitRow(
                case_id=case.id, kind="followup", visit_date=visit_date, uid=uid,
                scores_enc=self.cipher.encrypt_json(clean, visits_aad(case.id, uid)),
                recorded_at=utcnow(), recorded_by=self.ctx.user))
            if case.status is CaseStatus.ARRIVED:
                move_status(session, case.id, CaseStatus.FOLLOW_UP, ctx=self.ctx)
        self.ctx.audit("followup_visit", case.reference, "")
        return Visit(uid, "followup", visit_date, clean, rss.score(clean, self.weights()))

    def set_action(self, reference: str, action_key: str, status: str, note: str = "") -> None:
        case = self._case(reference)
        self._open(case)
        if status not in ACTION_STATUSES:
            raise ValidationError(_("Unknown action status “{status}” (choose {choices}).")
                                  .format(status=status, choices=", ".join(ACTION_STATUSES)),
                                  "status")
        keys = {k for k, _t in self.plan_actions(case)}
        if action_key not in keys:
            raise ValidationError(_("The plan of case {reference} has no action “{key}”.")
                                  .format(reference=case.reference, key=action_key), "action")
        with self.db.session() as session:
            row = session.scalar(select(ActionProgressRow).where(
                ActionProgressRow.case_id == case.id, ActionProgressRow.action_key == action_key))
            if row is None:
                row = ActionProgressRow(case_id=case.id, action_key=action_key)
                session.add(row)
            row.status = status
            row.note_enc = (self.cipher.encrypt_text(
                note, progress_aad(case.id, action_key)) if note else None)
            row.updated_at = utcnow()
        self.ctx.audit("followup_action", case.reference, action_key)

    def close(self, reference: str, reason: str, on: date | None = None) -> None:
        from counsel_app.handover.package import move_status

        case = self._case(reference)
        self._open(case)
        if reason not in CLOSURE_REASONS:
            raise ValidationError(_("Unknown closure reason “{reason}” (choose {choices}).")
                                  .format(reason=reason, choices=", ".join(CLOSURE_REASONS)),
                                  "reason")
        with self.db.session() as session:
            row = self._row(session, case.id)
            row.closed_on = on or date.today()
            row.closure_reason = reason
            row.updated_at = utcnow()
            move_status(session, case.id, CaseStatus.CLOSED, ctx=self.ctx)
        self.ctx.audit("followup_close", case.reference, reason)

    # -- reading ------------------------------------------------------------------------
    def weights(self) -> rss.Weights:
        return rss.load_weights(self.db)

    def plan_actions(self, case) -> list[tuple[str, str]]:
        """The actions of the case's plan: the plan as refined here (plan area) if there
        is one, otherwise the plan as received."""
        try:
            from counsel_app.plan.model import plan_to_data
            from counsel_app.plan.store import PlanRepository

            plan = PlanRepository(self.db, self.cipher).find(case.reference)
        except ImportError:
            plan = None
        if plan is not None:
            return plan_actions_from(plan_to_data(plan))
        content = self._received_content(case.id) or {}
        return plan_actions_from((content.get("data") or {}).get("plan"))

    def summary(self, reference: str) -> FollowupSummary:
        case = self._case(reference)
        weights = self.weights()
        with self.db.read_session() as session:
            row = session.get(FollowupCaseRow, case.id)
            visit_rows = session.scalars(select(FollowupVisitRow)
                                         .where(FollowupVisitRow.case_id == case.id)
                                         .order_by(FollowupVisitRow.visit_date,
                                                   FollowupVisitRow.id)).all()
            progress = {r.action_key: r for r in session.scalars(
                select(ActionProgressRow).where(ActionProgressRow.case_id == case.id)).all()}
            visits = []
            for v in visit_rows:
                scores = self.cipher.decrypt_json(v.scores_enc, visits_aad(case.id, v.uid))
                visits.append(Visit(v.uid, v.kind, v.visit_date, scores,
                                    rss.score(scores, weights)))
            actions = []
            for key, text in self.plan_actions(case):
                p = progress.get(key)
                note = (self.cipher.decrypt_text(
                    p.note_enc, progress_aad(case.id, key))
                    if p is not None and p.note_enc else "")
                actions.append(PlanAction(key, text, p.status if p else "not_started", note))
            feasibility = (self.cipher.decrypt_json(row.feasibility_enc,
                                                    feasibility_aad(case.id))
                           if row is not None and row.feasibility_enc else [])
            notes = (self.cipher.decrypt_text(row.notes_enc, notes_aad(case.id))
                     if row is not None and row.notes_enc else "")
        baseline = next((v for v in visits if v.kind == "baseline"), None)
        followups = [v for v in visits if v.kind == "followup"]
        arrival = row.arrival_date if row else None
        summary = FollowupSummary(
            reference=case.reference, status=case.status, arrival_date=arrival,
            reception_done=bool(row and row.reception_done),
            plan_refined_on=row.plan_refined_on if row else None,
            refine_by=arrival + REFINE_WITHIN if arrival else None,
            feasibility=feasibility, baseline=baseline, visits=followups, actions=actions,
            closed_on=row.closed_on if row else None,
            closure_reason=row.closure_reason if row else None, weights=weights, notes=notes,
        )
        summary.chart = chart_series(baseline, followups)
        return summary


def chart_series(baseline: Visit | None, visits: list[Visit]) -> list[dict[str, Any]]:
    """Points for a chart of the change since the baseline: one per survey, in order,
    each with its date, label and the three dimension scores and overall (0–1 or None)."""
    points = []
    for visit in ([baseline] if baseline else []) + visits:
        points.append({"date": visit.visit_date.isoformat(), "kind": visit.kind,
                       **visit.result.dimensions, "overall": visit.result.overall})
    return points
