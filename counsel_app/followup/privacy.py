"""Post-arrival work's part in data protection.

* Subject access: arrival, the plan refinement (feasibility grid made after arrival),
  follow-up visits with their scores, progress of the plan's actions, closure and notes,
  in the person's copy of their data. The survey form's drafts (a new visit being typed, a
  recorded visit being changed) are data held too: they print apart, as notes the office
  is writing and has not recorded, never as visits.
* Retention: anonymisation keeps what the monitoring figures count, without anything that
  describes the person in words: the arrival, refinement and closure *months*, whether
  reception was done, the closure reason, and each survey's kind, month and scores (no
  notes, no people present, no feasibility grid, no action notes or outcomes, no history
  of changes, no drafts of the survey form: those rows or columns are removed). Erasure
  deletes everything.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from counsel_app.followup.models import (
    DRAFT_KINDS,
    ActionProgressRow,
    CommunityProjectCaseRow,
    FollowupCaseRow,
    FollowupHistoryRow,
    FollowupVisitRow,
)
from counsel_app.followup.service import (
    ACTION_STATUSES,
    CLOSURE_REASONS,
    VISIT_TYPES,
    details_aad,
    feasibility_aad,
    outcome_aad,
    notes_aad,
    progress_aad,
    visits_aad,
)
from counsel_app.i18n import D_, typed_language
from counsel_app.security.hooks import case_reference
from counsel_app.security.retention import CaseDataHandler, register_case_data_handler
from counsel_app.security.subject_access import (
    Country,
    Joined,
    Msg,
    Pair,
    Phrase,
    Section,
    UiMsg,
    labelled,
    register_subject_access,
    typed,
    unnamed,
)
from counsel_app.session.assessment import DEFAULT_CONFIG


def _label(key: str):
    """An indicator by its label (one this copy has no words for: :func:`unnamed`)."""
    ind = DEFAULT_CONFIG.indicator(key)
    return UiMsg(ind.label) if ind else unnamed(key)


#: the kinds of survey, as the person knows them
VISIT_KINDS = {"baseline": D_("First interview, before you left"),
               "followup": D_("Follow-up visit")}


#: what a draft of the survey form is (the office is writing it; it is not a visit)
NEW_VISIT_DRAFT = D_("A visit not yet recorded")
EDIT_DRAFT = D_("Changes to the visit of {date}, not yet recorded")
EDIT_DRAFT_UNDATED = D_("Changes to a recorded visit, not yet recorded")


def _visit(cipher, case_id: int, v: FollowupVisitRow,
           visit_dates: dict[str, date] | None = None) -> list:
    """A row of the survey form: what it is (a draft's kind; a recorded visit: ""), its
    date, its kind of visit, its scores, the people present and the note."""
    scores = cipher.decrypt_json(v.scores_enc, visits_aad(case_id, v.uid))
    details = (cipher.decrypt_json(v.details_enc, details_aad(case_id, v.uid))
               if v.details_enc else {})
    what = ""
    if v.kind == DRAFT_KINDS[0]:
        what = Msg(NEW_VISIT_DRAFT)
    elif v.kind in DRAFT_KINDS:
        day = (visit_dates or {}).get(details.get("visit", ""))
        what = Phrase(EDIT_DRAFT, date=day) if day else Msg(EDIT_DRAFT_UNDATED)
    kind = (labelled(VISIT_TYPES, v.visit_type) if v.visit_type
            else labelled(VISIT_KINDS, v.kind, Msg) if v.kind not in DRAFT_KINDS else "")
    return [what, v.visit_date, kind,
            [Pair(_label(k), s) for k, s in sorted(scores.items())],
            Joined((details.get("people", ""),
                    typed(details.get("note", ""), typed_language(details.get("note_language")))))]


def _actions(ctx, case_id: int) -> dict[str, str]:
    """The plan's actions by key (their text is what the person knows them by)."""
    from counsel_app.followup.service import FollowupService
    from counsel_app.storage.cases import CaseRepository

    case = CaseRepository.get(ctx.cases, case_id)  # no second audit entry
    return dict(FollowupService(ctx).plan_actions(case))


def followup_sections(ctx, case_id: int) -> list[Section]:
    if not case_reference(ctx, case_id):
        return []
    cipher = ctx.vault.cipher
    # each text as typed, marked with the language recorded when it was saved (a text saved
    # before languages were recorded: the language the staff work in, the old rule)
    with ctx.db.read_session() as session:
        row = session.get(FollowupCaseRow, case_id)
        rows = session.scalars(select(FollowupVisitRow)
                               .where(FollowupVisitRow.case_id == case_id,
                                      FollowupVisitRow.deleted_at.is_(None))
                               .order_by(FollowupVisitRow.visit_date,
                                         FollowupVisitRow.id)).all()
        visits = [v for v in rows if v.kind not in DRAFT_KINDS]
        drafts = [v for v in rows if v.kind in DRAFT_KINDS]
        progress = session.scalars(select(ActionProgressRow)
                                   .where(ActionProgressRow.case_id == case_id)
                                   .order_by(ActionProgressRow.action_key)).all()
        sections: list[Section] = []
        if row is not None:
            notes = (cipher.decrypt_text(row.notes_enc, notes_aad(case_id))
                     if row.notes_enc else "")
            sections.append(Section(D_("When you arrive"), [
                (D_("Date"), row.arrival_date),
                (D_("Reception on arrival"),
                 Msg(D_("Yes") if row.reception_done else D_("No"))
                 if row.arrival_date else ""),
                (D_("Plan refined on"), row.plan_refined_on),
                (D_("Reason"), labelled(CLOSURE_REASONS, row.closure_reason)),
                (D_("Closed on"), row.closed_on),
                (D_("Notes"), typed(notes, typed_language(row.notes_language))),
            ]))
            if row.feasibility_enc:
                from counsel_app.opportunities.model import FeasibilityRow
                from counsel_app.opportunities.privacy import grid_section

                lines = cipher.decrypt_json(row.feasibility_enc, feasibility_aad(case_id))
                sections.append(grid_section([FeasibilityRow.from_data(line)
                                              for line in lines]))
        if visits:
            sections.append(Section(D_("Follow-up visits"),
                                    table_header=(D_("Date"), D_("Kind"), D_("Score"),
                                                  D_("Notes")),
                                    table_rows=[_visit(cipher, case_id, v)[1:]
                                                for v in visits]))
        if drafts:
            dates = {v.uid: v.visit_date for v in visits}
            sections.append(Section(D_("Notes being written by the office, not yet recorded"),
                                    table_header=(D_("What"), D_("Date"), D_("Kind"),
                                                  D_("Score"), D_("Notes")),
                                    table_rows=[_visit(cipher, case_id, v, dates)
                                                for v in drafts]))
        if progress:
            actions = _actions(ctx, case_id)
            sections.append(Section(D_("Goals and actions"), table_header=(
                D_("What"), D_("State"), D_("Notes")), table_rows=[[
                    actions.get(p.action_key) or unnamed(p.action_key), labelled(ACTION_STATUSES, p.status),
                    Joined(typed(x, typed_language(language)) for x, language in (
                        (cipher.decrypt_text(p.note_enc, progress_aad(case_id, p.action_key))
                         if p.note_enc else "", p.note_language),
                        (cipher.decrypt_text(p.outcome_enc,
                                             outcome_aad(case_id, p.action_key))
                         if p.outcome_enc else "", p.outcome_language)))]
                    for p in progress]))
    sections += _projects(ctx, case_id)
    return sections


def _projects(ctx, case_id: int) -> list[Section]:
    """The community projects and structural actions the case is linked to."""
    from counsel_app.followup.models import CommunityProjectRow
    from counsel_app.followup.projects import KINDS, project_aad

    with ctx.db.read_session() as session:
        rows = session.scalars(
            select(CommunityProjectRow).join(
                CommunityProjectCaseRow,
                CommunityProjectCaseRow.project_id == CommunityProjectRow.id)
            .where(CommunityProjectCaseRow.case_id == case_id)
            .order_by(CommunityProjectRow.id)).all()
    if not rows:
        return []
    table = []
    for row in rows:
        data = ctx.vault.cipher.decrypt_json(row.data_enc, project_aad(row.uid))
        table.append([labelled(KINDS, row.kind),
                      typed(data.get("title", ""), typed_language(data.get("title_language"))),
                      Country(row.country)])
    return [Section(D_("Community projects and structural actions"),
                    table_header=(D_("Kind"), D_("What"), D_("Country")), table_rows=table)]


# -- retention ------------------------------------------------------------------------------

def _month(value: date | None) -> date | None:
    return value.replace(day=1) if value else None


def _anonymise_case(session, case_id: int, ctx) -> None:
    row = session.get(FollowupCaseRow, case_id)
    if row is None:
        return
    row.arrival_date = _month(row.arrival_date)
    row.plan_refined_on = _month(row.plan_refined_on)
    row.closed_on = _month(row.closed_on)
    row.feasibility_enc = None
    row.notes_enc = None


def _anonymise_visits(session, case_id: int, ctx) -> None:
    session.execute(delete(FollowupVisitRow).where(FollowupVisitRow.case_id == case_id,
                                                   FollowupVisitRow.kind.in_(DRAFT_KINDS)))
    for row in session.scalars(select(FollowupVisitRow)
                               .where(FollowupVisitRow.case_id == case_id)):
        row.visit_date = row.visit_date.replace(day=1)
        row.recorded_by = ""
        row.details_enc = None


def _delete(model):
    def erase(session, case_id: int, ctx) -> None:
        session.execute(delete(model).where(model.case_id == case_id))
    return erase


register_subject_access(followup_sections, "followup")
register_case_data_handler("followup_cases",
                           CaseDataHandler(_anonymise_case, _delete(FollowupCaseRow)))
register_case_data_handler("followup_visits",
                           CaseDataHandler(_anonymise_visits, _delete(FollowupVisitRow)))
# a project's link to a case says which help reached the person: anonymisation keeps it
# (the programme report counts it, no name is left), erasure removes it
register_case_data_handler("community_project_cases",
                           CaseDataHandler(lambda session, case_id, ctx: None,
                                           _delete(CommunityProjectCaseRow)))
register_case_data_handler("followup_history",
                           CaseDataHandler(_delete(FollowupHistoryRow),
                                           _delete(FollowupHistoryRow)))
