"""Post-arrival work on a received case: arrival, plan refinement, visits, actions, closure.

Each public method is one user action in one short transaction, audited in it; the case's
status follows the workflow (handed over or departed → arrived → follow-up → closed).
Scores, notes, people present, outcomes and the feasibility grid are encrypted with the
database's data key. A change never loses what it replaced: the arrival date, an edited or
deleted visit and an action's earlier state are kept in ``followup_history``. Each text
staff type is stored with the language it was typed in, recorded when it is saved new or
changed (:func:`counsel_app.i18n.saved_language`), for the person's copy of their data.
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
from counsel_app.followup import schedule as plan_schedule
from counsel_app.followup.models import (
    DRAFT_KINDS,
    ActionProgressRow,
    FollowupCaseRow,
    FollowupHistoryRow,
    FollowupVisitRow,
)
from counsel_app.i18n import N_, _, interface_language, saved_language
from counsel_app.i18n.dates import show_date

REFINE_WITHIN = timedelta(days=31)
ACTION_STATUSES = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
VISIT_TYPES = {
    "home": N_("Home visit"),
    "phone": N_("Phone call"),
    "office": N_("At the office"),
}
CLOSURE_REASONS = {
    "completed": N_("Plan completed"),
    "lost_contact": N_("Contact lost"),
    "moved_on": N_("Moved away or migrated again"),
    "declined": N_("Person no longer wants assistance"),
    "other": N_("Other"),
}


def _shown(day: date) -> str:
    """``day`` as the screens show it, for a refusal (the medium form of the interface
    language: "3 déc. 2026"), never ISO."""
    return show_date(day, interface_language())


def visits_aad(case_id: int, uid: str) -> str:
    return f"followup_visits:{case_id}:{uid}:scores"


def notes_aad(case_id: int) -> str:
    return f"followup_cases:{case_id}:notes"


def details_aad(case_id: int, uid: str) -> str:
    return f"followup_visits:{case_id}:{uid}:details"


def outcome_aad(case_id: int, action_key: str) -> str:
    return f"followup_action_progress:{case_id}:{action_key}:outcome"


def history_aad(case_id: int, uid: str) -> str:
    return f"followup_history:{case_id}:{uid}"


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
    visit_type: str = ""
    people: str = ""
    note: str = ""


@dataclass
class PlanAction:
    key: str
    text: str
    status: str = "not_started"
    note: str = ""
    action_date: date | None = None
    outcome: str = ""
    #: added by this office (not in the plan the sender handed over)
    added_here: bool = False


@dataclass
class HistoryEntry:
    item: str
    change: str
    changed_at: Any
    changed_by: str
    before: dict[str, Any]


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
    schedule: list[plan_schedule.Due] = field(default_factory=list)

    @property
    def latest(self) -> Visit | None:
        """The most recent visit (it may be partial; see :meth:`current`)."""
        return self.visits[-1] if self.visits else None

    def current(self) -> rss.Latest | None:
        """The latest score of each dimension across the visits (a partial visit that
        could not score a dimension leaves the earlier score in place)."""
        return rss.latest_scores([(v.visit_date, v.result) for v in self.visits],
                                 self.weights)

    def change_since_baseline(self) -> dict[str, float | None] | None:
        current = self.current()
        if self.baseline is None or current is None:
            return None
        return rss.change(self.baseline.result, current.scores)

    @property
    def next_due(self) -> plan_schedule.Due | None:
        return plan_schedule.next_due(self.schedule)


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

    def _received(self, case_id: int) -> dict[str, Any] | None:
        from counsel_app.handover.records import packages_for_case

        received = [p for p in packages_for_case(self.ctx, case_id)
                    if p["kind"] == "handover" and p["direction"] == "received"]
        return received[-1] if received else None

    def _received_content(self, case_id: int) -> dict[str, Any] | None:
        received = self._received(case_id)
        return received["content"] if received else None

    def _open(self, case) -> None:
        """Every write of the service passes here: the role may change cases (supervisors
        read, they change nothing) and the case is open for follow-up work."""
        self.ctx.require("cases.write")
        if case.status is CaseStatus.CLOSED:
            raise UserError(_("Case {reference} is closed; reopen it before recording "
                              "follow-up work.").format(reference=case.reference))

    def _keep(self, session, case_id: int, item: str, change: str,
              before: dict[str, Any]) -> None:
        """Keep what a change replaces (in the caller's transaction)."""
        uid = uuid.uuid4().hex
        session.add(FollowupHistoryRow(
            uid=uid, case_id=case_id, item=item, change=change, changed_at=utcnow(),
            changed_by=self.ctx.user,
            before_enc=self.cipher.encrypt_json(before, history_aad(case_id, uid))))

    def earliest_arrival(self, case) -> date | None:
        """The person cannot have arrived before leaving: the departure day the sender
        gave with the travel arrangements (None when it was not shared)."""
        received = self._received_content(case.id) or {}
        travel = (received.get("data") or {}).get("travel")
        departure = travel.get("departure_date") if isinstance(travel, dict) else None
        try:
            return date.fromisoformat(departure) if departure else None
        except (TypeError, ValueError):
            return None

    def opened_year(self, case) -> int | None:
        """The year the case was opened where the person was counselled: its reference at
        the sending office for a received case (the office gives it a reference of its own
        when it receives it), else its own. No one arrives home under the programme before
        their case was opened."""
        from counsel_app.domain.reference import is_reference, parse_reference

        received = self._received_content(case.id) or {}
        sent_as = (received.get("case") or {}).get("reference")
        reference = sent_as if isinstance(sent_as, str) and is_reference(sent_as) else \
            case.reference
        return parse_reference(reference)[0] if is_reference(reference) else None

    # -- arrival ------------------------------------------------------------------------
    def record_arrival(self, reference: str, arrival_date: date, reception_done: bool,
                       note: str = "") -> None:
        """Record the arrival, or correct it: the earlier date is kept in the history."""
        from counsel_app.handover.records import move_status

        case = self._case(reference)
        self._open(case)
        if arrival_date > date.today():
            raise ValidationError(_("The arrival date is in the future."), "arrival_date")
        opened = self.opened_year(case)
        if opened is not None and arrival_date.year < opened:
            raise ValidationError(_("The arrival date {date} is before the case was opened, "
                                    "in {year}.").format(date=_shown(arrival_date),
                                                         year=opened), "arrival_date")
        earliest = self.earliest_arrival(case)
        if earliest is not None and arrival_date < earliest:
            raise ValidationError(_("The arrival date {date} is before the departure "
                                    "({earliest}).").format(
                date=_shown(arrival_date), earliest=_shown(earliest)), "arrival_date")
        with self.db.session() as session:
            row = self._row(session, case.id)
            changed = row.arrival_date is not None and (
                row.arrival_date != arrival_date or row.reception_done != bool(reception_done))
            if changed:
                self._keep(session, case.id, "arrival", "changed",
                           {"date": row.arrival_date.isoformat(),
                            "reception_done": bool(row.reception_done)})
            row.arrival_date = arrival_date
            row.reception_done = bool(reception_done)
            if note:
                before = (self.cipher.decrypt_text(row.notes_enc, notes_aad(case.id))
                          if row.notes_enc else None)
                row.notes_language = saved_language(note, before, row.notes_language)
                row.notes_enc = self.cipher.encrypt_text(note, notes_aad(case.id))
            row.updated_at = utcnow()
            if case.status in (CaseStatus.HANDED_OVER, CaseStatus.DEPARTED):
                move_status(session, case.id, CaseStatus.ARRIVED, ctx=self.ctx)
            self.ctx.audit("followup_arrival_change" if changed else "followup_arrival",
                           case.reference, "")

    # -- plan refinement ----------------------------------------------------------------
    def refine_plan(self, reference: str, grid: list[dict[str, Any]],
                    on: date | None = None) -> bool:
        """Store the feasibility grid made after arrival. Returns whether it was done
        within a month of arrival (a late refinement is recorded all the same)."""
        from counsel_app.opportunities.model import FeasibilityRow

        case = self._case(reference)
        self._open(case)
        on = on or date.today()
        if on > date.today():
            raise ValidationError(_("The refinement date is in the future."), "refined_on")
        try:
            rows = [FeasibilityRow.from_data(item).to_data() for item in grid]
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValidationError(_("A line of the feasibility grid is not valid: {reason}")
                                  .format(reason=exc), "feasibility") from None
        # the skills profile's wishes, a line may be made from one (its language kept)
        from counsel_app.opportunities.repository import CaseOpportunityStore

        wishes = CaseOpportunityStore(self.db, self.cipher).load(
            case.id, case.reference).profile.wishes
        with self.db.session() as session:
            row = self._row(session, case.id)
            if row.arrival_date is None:
                raise UserError(_("Record the arrival of case {reference} before refining "
                                  "the plan.").format(reference=case.reference))
            if on < row.arrival_date:
                raise ValidationError(_("The refinement date is before the arrival."),
                                      "refined_on")
            if row.plan_refined_on is not None:
                self._keep(session, case.id, "refinement", "changed",
                           {"date": row.plan_refined_on.isoformat()})
            if grid or row.feasibility_enc is None:
                rows = self._grid_languages(case.id, row, rows, wishes)
                row.feasibility_enc = self.cipher.encrypt_json(rows, feasibility_aad(case.id))
            row.plan_refined_on = on
            row.updated_at = utcnow()
            in_time = on - row.arrival_date <= REFINE_WITHIN
            version = self._new_plan_version(case.reference, rows, on) if rows else None
            self.ctx.audit("followup_refine", case.reference,
                           f"plan version {version}" if version else "")
        return in_time

    def _grid_languages(self, case_id: int, row: FollowupCaseRow,
                        rows: list[dict[str, Any]], wishes) -> list[dict[str, Any]]:
        """The grid's lines (plain data, as stored), each typed cell with the language it
        was typed in (``text_languages``, in the line's dict): a cell stored before keeps
        its own (a line stored with one ``text_language`` for all its cells: that one), a
        wish cell made from one of ``wishes`` (the skills profile's) and left as it was
        keeps the wish's, a new or changed one takes the language of this save (the rule
        of the session's grid too:
        :func:`counsel_app.opportunities.model.record_grid_languages`)."""
        from counsel_app.opportunities.model import FeasibilityRow, record_grid_languages

        stored = (self.cipher.decrypt_json(row.feasibility_enc, feasibility_aad(case_id))
                  if row.feasibility_enc else [])
        grid = [FeasibilityRow.from_data(line) for line in rows]
        record_grid_languages(grid, [FeasibilityRow.from_data(line) for line in stored],
                              wishes)
        return [{**line, "text_languages": g.text_languages,
                 "text_language": g.text_language}
                for line, g in zip(rows, grid, strict=True)]

    def _new_plan_version(self, reference: str, rows: list[dict[str, Any]], on: date
                          ) -> int | None:
        """Record the refinement as a new version of the plan saying, wish by wish, what
        changed (in the caller's transaction); None when the case has no plan here."""
        from counsel_app.opportunities.refinement import plan_revision
        from counsel_app.plan.store import PlanRepository

        plans = PlanRepository(self.db, self.cipher)
        plan = plans.find(reference)
        if plan is None:
            return None
        revision = plan_revision(plan, rows, on, self.ctx.user)
        plan.revisions.append(revision)
        plans.save(plan, user=self.ctx.user)
        return revision.number

    # -- visits -------------------------------------------------------------------------
    def _visit_input(self, scores: dict[str, Any], visit_date: date, visit_type: str
                     ) -> dict[str, int]:
        if visit_type not in VISIT_TYPES:
            raise ValidationError(_("Unknown visit type “{kind}” (choose {choices}).").format(
                kind=visit_type, choices=", ".join(VISIT_TYPES)), "visit_type")
        clean = rss.validate_scores(scores)
        if not clean:
            raise ValidationError(_("Enter at least one score for the visit."), "scores")
        if visit_date > date.today():
            raise ValidationError(_("The visit date is in the future."), "visit_date")
        return clean

    def _same_day(self, session, case_id: int, visit_date: date, but: str = ""):
        return session.scalar(select(FollowupVisitRow).where(
            FollowupVisitRow.case_id == case_id, FollowupVisitRow.kind == "followup",
            FollowupVisitRow.visit_date == visit_date, FollowupVisitRow.deleted_at.is_(None),
            FollowupVisitRow.uid != but))

    def _check_dates(self, session, case, visit_date: date, but: str = "") -> None:
        row = self._row(session, case.id)
        if row.arrival_date is None:
            raise UserError(_("Record the arrival of case {reference} before a follow-up "
                              "visit.").format(reference=case.reference))
        if visit_date < row.arrival_date:
            raise ValidationError(_("The visit date is before the arrival."), "visit_date")
        if self._same_day(session, case.id, visit_date, but) is not None:
            raise ValidationError(_("A visit on {date} is already recorded for case "
                                    "{reference}: open that visit and complete it instead.")
                                  .format(date=_shown(visit_date),
                                          reference=case.reference), "visit_date")

    def record_visit(self, reference: str, scores: dict[str, Any], visit_date: date,
                     visit_type: str = "home", people: str = "", note: str = "",
                     uid: str | None = None, from_draft: bool = False,
                     typed_in: str | None = None) -> Visit:
        """Record a visit. ``uid``: the visit's id when it has one already (a submission
        from a phone keeps the same id on every import, so it is never recorded twice).
        ``from_draft``: the visit is the office survey form's draft of a new visit, now
        recorded, so the draft goes; a visit from anywhere else (the phones, the command
        line, the follow-up dialog) leaves that draft as it was typed. ``typed_in``: the
        language the note was typed in when it is not the one this office works in ("":
        not known, a phone's); the note kept from the draft keeps the draft's."""
        from counsel_app.handover.records import move_status

        case = self._case(reference)
        self._open(case)
        clean = self._visit_input(scores, visit_date, visit_type)
        uid = uid or uuid.uuid4().hex
        with self.db.session() as session:
            self._check_dates(session, case, visit_date)
            drafted, drafted_in = (self._draft_note(session, case.id, DRAFT_KINDS[0])
                                   if from_draft else (None, None))
            session.add(FollowupVisitRow(
                case_id=case.id, kind="followup", visit_date=visit_date, uid=uid,
                scores_enc=self.cipher.encrypt_json(clean, visits_aad(case.id, uid)),
                visit_type=visit_type,
                details_enc=self.cipher.encrypt_json(
                    {"people": people.strip(), "note": note.strip(),
                     "note_language": saved_language(note.strip(), drafted, drafted_in,
                                                     typed_in=typed_in)},
                    details_aad(case.id, uid)),
                recorded_at=utcnow(), recorded_by=self.ctx.user))
            if from_draft:  # the survey form's autosaved draft is now the visit
                for draft in session.scalars(select(FollowupVisitRow).where(
                        FollowupVisitRow.case_id == case.id,
                        FollowupVisitRow.kind == DRAFT_KINDS[0])):
                    session.delete(draft)
            if case.status is CaseStatus.ARRIVED:
                move_status(session, case.id, CaseStatus.FOLLOW_UP, ctx=self.ctx)
            self.ctx.audit("followup_visit", case.reference, uid)
        return Visit(uid, "followup", visit_date, clean, rss.score(clean, self.weights()),
                     visit_type, people.strip(), note.strip())

    def _visit_row(self, session, case, uid: str) -> FollowupVisitRow:
        row = session.scalar(select(FollowupVisitRow).where(
            FollowupVisitRow.case_id == case.id, FollowupVisitRow.uid == uid,
            FollowupVisitRow.kind == "followup", FollowupVisitRow.deleted_at.is_(None)))
        if row is None:
            raise ValidationError(_("Case {reference} has no visit “{uid}”.").format(
                reference=case.reference, uid=uid), "visit")
        return row

    def _draft_note(self, session, case_id: int, kind: str, visit: str = ""
                    ) -> tuple[str | None, str | None]:
        """The note of the survey form's draft of ``kind`` (of a change to visit ``visit``)
        and the language stored with it; (None, None) when there is none."""
        for draft in session.scalars(select(FollowupVisitRow).where(
                FollowupVisitRow.case_id == case_id, FollowupVisitRow.kind == kind)):
            details = (self.cipher.decrypt_json(draft.details_enc,
                                                details_aad(case_id, draft.uid))
                       if draft.details_enc else {})
            if details.get("visit", "") == visit:
                return str(details.get("note", "")).strip(), details.get("note_language")
        return None, None

    def _visit_before(self, case, row: FollowupVisitRow) -> dict[str, Any]:
        details = (self.cipher.decrypt_json(row.details_enc, details_aad(case.id, row.uid))
                   if row.details_enc else {})
        return {"date": row.visit_date.isoformat(), "type": row.visit_type,
                "scores": self.cipher.decrypt_json(row.scores_enc, visits_aad(case.id, row.uid)),
                "people": details.get("people", ""), "note": details.get("note", "")}

    def edit_visit(self, reference: str, uid: str, scores: dict[str, Any], visit_date: date,
                   visit_type: str = "home", people: str = "", note: str = "") -> Visit:
        """Complete or correct a visit; what it said before is kept in the history."""
        case = self._case(reference)
        self._open(case)
        clean = self._visit_input(scores, visit_date, visit_type)
        with self.db.session() as session:
            row = self._visit_row(session, case, uid)
            self._check_dates(session, case, visit_date, but=uid)
            self._keep(session, case.id, f"visit:{uid}", "changed", self._visit_before(case, row))
            # the note as it was keeps its language; changed, the language of the change
            # as the survey form's draft kept it, else of this save
            details = (self.cipher.decrypt_json(row.details_enc, details_aad(case.id, uid))
                       if row.details_enc else {})
            drafted, drafted_in = self._draft_note(session, case.id, DRAFT_KINDS[1], uid)
            language = saved_language(note.strip(), details.get("note", ""),
                                      details.get("note_language"),
                                      typed_in=saved_language(note.strip(), drafted,
                                                              drafted_in))
            row.visit_date, row.visit_type = visit_date, visit_type
            row.scores_enc = self.cipher.encrypt_json(clean, visits_aad(case.id, uid))
            row.details_enc = self.cipher.encrypt_json(
                {"people": people.strip(), "note": note.strip(), "note_language": language},
                details_aad(case.id, uid))
            row.updated_at = utcnow()
            self._drop_edit_draft(session, case.id, uid)  # the change is now the visit
            self.ctx.audit("followup_visit_edit", case.reference, uid)
        return Visit(uid, "followup", visit_date, clean, rss.score(clean, self.weights()),
                     visit_type, people.strip(), note.strip())

    def delete_visit(self, reference: str, uid: str) -> None:
        """Take a visit out of the follow-up (kept, with its content, in the history)."""
        case = self._case(reference)
        self._open(case)
        with self.db.session() as session:
            row = self._visit_row(session, case, uid)
            self._keep(session, case.id, f"visit:{uid}", "deleted", self._visit_before(case, row))
            row.deleted_at = utcnow()
            self._drop_edit_draft(session, case.id, uid)
            self.ctx.audit("followup_visit_delete", case.reference, uid)

    def _drop_edit_draft(self, session, case_id: int, uid: str) -> None:
        """The survey form's draft of a change to visit ``uid``, if one is kept."""
        for draft in session.scalars(select(FollowupVisitRow).where(
                FollowupVisitRow.case_id == case_id, FollowupVisitRow.kind == DRAFT_KINDS[1])):
            details = self.cipher.decrypt_json(draft.details_enc,
                                               details_aad(case_id, draft.uid))
            if details.get("visit") == uid:
                session.delete(draft)

    # -- plan actions -------------------------------------------------------------------
    def set_action(self, reference: str, action_key: str, status: str, note: str = "",
                   on: date | None = None, outcome: str = "", typed_in: str | None = None
                   ) -> None:
        """An action's status, with a note, the date it happened and what came of it; the
        earlier state is kept in the history. A note or outcome as it was keeps the
        language it was typed in; a new one takes ``typed_in`` ("": not known, a phone's),
        else the language this office works in."""
        case = self._case(reference)
        self._open(case)
        if status not in ACTION_STATUSES:
            raise ValidationError(_("Unknown action status “{status}” (choose {choices}).")
                                  .format(status=status, choices=", ".join(ACTION_STATUSES)),
                                  "status")
        if on is not None and on > date.today():
            raise ValidationError(_("The action's date is in the future."), "action_date")
        keys = {k for k, _t in self.plan_actions(case)}
        if action_key not in keys:
            raise ValidationError(_("The plan of case {reference} has no action “{key}”.")
                                  .format(reference=case.reference, key=action_key), "action")
        with self.db.session() as session:
            row = session.scalar(select(ActionProgressRow).where(
                ActionProgressRow.case_id == case.id, ActionProgressRow.action_key == action_key))
            before: dict[str, Any] = {}
            if row is None:
                row = ActionProgressRow(case_id=case.id, action_key=action_key)
                session.add(row)
            else:
                before = {
                    "status": row.status,
                    "date": row.action_date.isoformat() if row.action_date else None,
                    "note": (self.cipher.decrypt_text(row.note_enc,
                                                      progress_aad(case.id, action_key))
                             if row.note_enc else ""),
                    "outcome": (self.cipher.decrypt_text(row.outcome_enc,
                                                         outcome_aad(case.id, action_key))
                                if row.outcome_enc else "")}
                self._keep(session, case.id, f"action:{action_key}", "changed", before)
            row.note_language = saved_language(note, before.get("note"), row.note_language,
                                               typed_in=typed_in)
            row.outcome_language = saved_language(outcome, before.get("outcome"),
                                                  row.outcome_language, typed_in=typed_in)
            row.status = status
            row.note_enc = (self.cipher.encrypt_text(
                note, progress_aad(case.id, action_key)) if note else None)
            row.outcome_enc = (self.cipher.encrypt_text(
                outcome, outcome_aad(case.id, action_key)) if outcome else None)
            row.action_date = on
            row.updated_at = utcnow()
            self.ctx.audit("followup_action", case.reference, action_key)

    # -- the plan editor's Done ticks: the follow-up status is the one source of truth -----
    @staticmethod
    def follows_actions(case) -> bool:
        """After arrival, an action's status is kept here, and the plan shows it."""
        return case.status in (CaseStatus.ARRIVED, CaseStatus.FOLLOW_UP)

    def done_ticks(self, case) -> dict[str, bool]:
        """After arrival: the Done tick of each plan action whose status was recorded here
        (done: ticked; not started, in progress, dropped: not ticked)."""
        if not self.follows_actions(case):
            return {}
        with self.db.read_session() as session:
            rows = session.execute(select(ActionProgressRow.action_key, ActionProgressRow.status)
                                   .where(ActionProgressRow.case_id == case.id)).all()
        return {key: status == "done" for key, status in rows}

    def mark_done(self, reference: str, action_key: str, done: bool) -> None:
        """The plan editor's Done tick after arrival: the action's status becomes done
        (ticked) or in progress (a done action unticked); its note, date and outcome are
        kept, the earlier state goes to the history. Nothing changes when they agree."""
        action = next((a for a in self.summary(reference).actions if a.key == action_key),
                      None)
        if action is None or (action.status == "done") == done:
            return
        self.set_action(reference, action_key, "done" if done else "in_progress",
                        action.note, action.action_date, action.outcome)

    def close(self, reference: str, reason: str, on: date | None = None) -> None:
        from counsel_app.handover.records import move_status

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
        from counsel_app.plan.model import plan_to_data
        from counsel_app.plan.store import PlanRepository

        plan = PlanRepository(self.db, self.cipher).find(case.reference)
        if plan is not None:
            return plan_actions_from(plan_to_data(plan))
        return self.received_actions(case)

    def received_actions(self, case) -> list[tuple[str, str]]:
        content = self._received_content(case.id) or {}
        return plan_actions_from((content.get("data") or {}).get("plan"))

    def history(self, reference: str) -> list[HistoryEntry]:
        """Every change kept for the case, oldest first."""
        case = self._case(reference)
        with self.db.read_session() as session:
            rows = session.scalars(select(FollowupHistoryRow)
                                   .where(FollowupHistoryRow.case_id == case.id)
                                   .order_by(FollowupHistoryRow.id)).all()
            return [HistoryEntry(r.item, r.change, r.changed_at, r.changed_by,
                                 self.cipher.decrypt_json(r.before_enc,
                                                          history_aad(case.id, r.uid)))
                    for r in rows]

    def summary(self, reference: str) -> FollowupSummary:
        case = self._case(reference)
        weights = self.weights()
        with self.db.read_session() as session:
            row = session.get(FollowupCaseRow, case.id)
            visit_rows = session.scalars(select(FollowupVisitRow)
                                         .where(FollowupVisitRow.case_id == case.id,
                                                FollowupVisitRow.kind.not_in(DRAFT_KINDS),
                                                FollowupVisitRow.deleted_at.is_(None))
                                         .order_by(FollowupVisitRow.visit_date,
                                                   FollowupVisitRow.id)).all()
            progress = {r.action_key: r for r in session.scalars(
                select(ActionProgressRow).where(ActionProgressRow.case_id == case.id)).all()}
            visits = []
            for v in visit_rows:
                scores = self.cipher.decrypt_json(v.scores_enc, visits_aad(case.id, v.uid))
                details = (self.cipher.decrypt_json(v.details_enc, details_aad(case.id, v.uid))
                           if v.details_enc else {})
                visits.append(Visit(v.uid, v.kind, v.visit_date, scores,
                                    rss.score(scores, weights), v.visit_type or "",
                                    details.get("people", ""), details.get("note", "")))
            received = {k for k, _t in self.received_actions(case)}
            actions = []
            for key, text in self.plan_actions(case):
                p = progress.get(key)
                note = (self.cipher.decrypt_text(p.note_enc, progress_aad(case.id, key))
                        if p is not None and p.note_enc else "")
                outcome = (self.cipher.decrypt_text(p.outcome_enc, outcome_aad(case.id, key))
                           if p is not None and p.outcome_enc else "")
                actions.append(PlanAction(key, text, p.status if p else "not_started", note,
                                          p.action_date if p else None, outcome,
                                          added_here=bool(received) and key not in received))
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
        summary.schedule = plan_schedule.schedule(arrival, [v.visit_date for v in followups],
                                                  plan_schedule.intervals(self.db))
        return summary


def chart_series(baseline: Visit | None, visits: list[Visit]) -> list[dict[str, Any]]:
    """Points for a chart of the change since the baseline: one per survey, in order,
    each with its date, label and the three dimension scores and overall (0–1 or None)."""
    points = []
    for visit in ([baseline] if baseline else []) + visits:
        points.append({"date": visit.visit_date.isoformat(), "kind": visit.kind,
                       **visit.result.dimensions, "overall": visit.result.overall})
    return points
