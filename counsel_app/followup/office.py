"""The office's view of its cases (plain rules, no Qt): the received cases with the
sender's reference, arrival, next visit due and overdue marks, the caseworker; the survey
form's autosaved draft; the consents the package carried, with withdrawals made at the
office recorded against that history (and returned in the acknowledgement).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError, ValidationError
from counsel_app.followup import rss
from counsel_app.followup import schedule as plan_schedule
from counsel_app.followup.models import (
    DRAFT_KINDS,
    FollowupCaseRow,
    FollowupHistoryRow,
    FollowupVisitRow,
)
from counsel_app.followup.service import (
    VISIT_TYPES,
    FollowupService,
    details_aad,
    history_aad,
    visits_aad,
)
from counsel_app.i18n import _, saved_language

#: the statuses of a case the office works on after it was received
OFFICE_PHASES = (CaseStatus.HANDED_OVER, CaseStatus.DEPARTED, CaseStatus.ARRIVED,
                 CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)


@dataclass
class OfficeCase:
    case_id: int
    reference: str
    sender_reference: str
    name: str
    status: CaseStatus
    arrival: date | None
    next_due: date | None
    overdue: bool
    caseworker: str
    is_sample: bool = False


def is_office_case(ctx, case_id: int) -> bool:
    """Whether case ``case_id`` was received here through a handover."""
    from counsel_app.handover.models import HandoverPackageRow

    with ctx.db.read_session() as session:
        return session.scalar(select(HandoverPackageRow.id).where(
            HandoverPackageRow.case_id == case_id, HandoverPackageRow.kind == "handover",
            HandoverPackageRow.direction == "received").limit(1)) is not None


def office_cases(ctx, today: date | None = None) -> list[OfficeCase]:
    """The received cases this user may see, overdue first, then by next visit due."""
    from counsel_app.handover.models import HandoverPackageRow
    from counsel_app.security.models import CaseAccess
    from counsel_app.storage.cases import case_aad, split_list_name
    from counsel_app.storage.models import CaseRow

    ctx.require("cases.read")
    today = today or date.today()
    months = plan_schedule.intervals(ctx.db)  # the centre's follow-up intervals
    query = (select(CaseRow.id, CaseRow.reference, CaseRow.name_enc, CaseRow.status,
                    CaseRow.is_sample, HandoverPackageRow.remote_reference,
                    HandoverPackageRow.recorded_by)
             .join(HandoverPackageRow, HandoverPackageRow.case_id == CaseRow.id)
             .where(HandoverPackageRow.kind == "handover",
                    HandoverPackageRow.direction == "received"))
    if ctx.cases.scope is not None:
        query = query.where(ctx.cases.scope)
    out: list[OfficeCase] = []
    with ctx.db.read_session() as session:
        rows = session.execute(query.order_by(CaseRow.id)).all()
        ids = [r.id for r in rows]
        arrivals = {r.case_id: r.arrival_date for r in session.execute(
            select(FollowupCaseRow.case_id, FollowupCaseRow.arrival_date)
            .where(FollowupCaseRow.case_id.in_(ids))).all()} if ids else {}
        visits: dict[int, list[date]] = {}
        for case_id, day in session.execute(
                select(FollowupVisitRow.case_id, FollowupVisitRow.visit_date)
                .where(FollowupVisitRow.case_id.in_(ids), FollowupVisitRow.kind == "followup",
                       FollowupVisitRow.deleted_at.is_(None))).all() if ids else []:
            visits.setdefault(case_id, []).append(day)
        workers: dict[int, list[str]] = {}
        for case_id, user in session.execute(
                select(CaseAccess.case_id, CaseAccess.username)
                .where(CaseAccess.case_id.in_(ids))).all() if ids else []:
            workers.setdefault(case_id, []).append(user)
        seen = set()
        for r in rows:
            if r.id in seen:
                continue
            seen.add(r.id)
            status = CaseStatus(r.status)
            arrival = arrivals.get(r.id)
            due = plan_schedule.next_due(plan_schedule.schedule(arrival, visits.get(r.id, []),
                                                                months))
            open_case = status is not CaseStatus.CLOSED
            out.append(OfficeCase(
                r.id, r.reference, r.remote_reference,
                split_list_name(ctx.vault.cipher.decrypt_text(
                    r.name_enc, case_aad(r.reference, "name")))[0],
                status, arrival, due.due_on if due and open_case else None,
                bool(due and open_case and due.overdue(today)),
                ", ".join(sorted(workers.get(r.id, []))) or r.recorded_by, bool(r.is_sample)))
    out.sort(key=lambda c: (not c.overdue, c.next_due or date.max, c.reference))
    return out


# -- the survey form's drafts ---------------------------------------------------------------
#: a new visit as typed, and a recorded visit opened to complete or correct it, as typed
#: (one of each per case)
DRAFT, EDIT_DRAFT = DRAFT_KINDS


def save_draft(ctx, reference: str, scores: dict[str, Any], visit_date: date | None,
               visit_type: str = "home", people: str = "", note: str = "") -> None:
    """Keep what is typed into the survey form (encrypted) so a power cut loses nothing;
    one draft per case, replaced at each save, removed when the visit is recorded."""
    _save(ctx, reference, DRAFT, scores, visit_date, visit_type, {"people": people,
                                                                 "note": note})


def save_edit_draft(ctx, reference: str, visit_uid: str, scores: dict[str, Any],
                    visit_date: date | None, visit_type: str = "home", people: str = "",
                    note: str = "") -> None:
    """Keep what is typed into a recorded visit opened in the survey form (visit
    ``visit_uid``), as :func:`save_draft` keeps a new visit: the case left, the program
    closed or the power cut, the change comes back. One per case, beside the new visit's
    draft; removed when the change is saved or cancelled, or the visit deleted."""
    _save(ctx, reference, EDIT_DRAFT, scores, visit_date, visit_type,
          {"people": people, "note": note, "visit": visit_uid})


def _save(ctx, reference: str, kind: str, scores: dict[str, Any], visit_date: date | None,
          visit_type: str, details: dict[str, str]) -> None:
    ctx.require("cases.write")
    case = ctx.cases.get_by_reference(reference)
    clean = {k: int(v) for k, v in scores.items()
             if k in rss.indicator_keys() and isinstance(v, int) and 1 <= v <= 5}
    with ctx.db.session() as session:
        row = _draft_row(session, case.id, kind)
        details["note_language"] = _note_language(ctx, session, case.id, row, details)
        if row is None:
            row = FollowupVisitRow(case_id=case.id, kind=kind, uid=uuid.uuid4().hex,
                                   recorded_by=ctx.user)
            session.add(row)
        row.visit_date = visit_date or date.today()
        row.visit_type = visit_type if visit_type in VISIT_TYPES else "home"
        row.scores_enc = ctx.vault.cipher.encrypt_json(clean, visits_aad(case.id, row.uid))
        row.details_enc = ctx.vault.cipher.encrypt_json(details, details_aad(case.id, row.uid))
        row.recorded_at = utcnow()


def _note_language(ctx, session, case_id: int, row: FollowupVisitRow | None,
                   details: dict[str, str]) -> str | None:
    """The language of the note a draft keeps: the one stored with it when it is the note
    the draft held (or, for a change to a recorded visit just opened, the visit's note),
    else the language of this save."""
    cipher = ctx.vault.cipher
    before: dict[str, Any] = {}
    if row is not None and row.details_enc:
        before = cipher.decrypt_json(row.details_enc, details_aad(case_id, row.uid))
    if details.get("visit") and before.get("visit") != details["visit"]:
        visit = session.scalar(select(FollowupVisitRow).where(
            FollowupVisitRow.case_id == case_id, FollowupVisitRow.uid == details["visit"]))
        before = (cipher.decrypt_json(visit.details_enc, details_aad(case_id, visit.uid))
                  if visit is not None and visit.details_enc else {"note": ""})
    note = details.get("note", "").strip()
    return saved_language(note, str(before["note"]).strip() if "note" in before else None,
                          before.get("note_language"))


def unsaved_change(visit, scores: dict[str, Any], visit_date: date | str, visit_type: str,
                   people: str = "", note: str = "") -> bool:
    """Whether the survey form, opened on recorded ``visit`` (a
    :class:`~counsel_app.followup.service.Visit`), holds a change not saved: answers, date
    (a text not understood as a date is a change), kind, people present or note, compared
    as :meth:`~counsel_app.followup.service.FollowupService.edit_visit` would save them."""
    answers = {k: int(v) for k, v in scores.items() if v}
    return (answers != visit.scores or visit_date != visit.visit_date
            or visit_type != (visit.visit_type or "home")
            or people.strip() != visit.people or note.strip() != visit.note)


def load_draft(ctx, reference: str) -> dict[str, Any] | None:
    """The new visit's draft: scores, date, type, people, note (None: none kept)."""
    return _load(ctx, reference, DRAFT)


def load_edit_draft(ctx, reference: str) -> dict[str, Any] | None:
    """The recorded visit being changed, as :func:`load_draft` gives a new visit, with its
    id as ``visit`` (None: none kept)."""
    return _load(ctx, reference, EDIT_DRAFT)


def _load(ctx, reference: str, kind: str) -> dict[str, Any] | None:
    case = ctx.cases.get_by_reference(reference)
    with ctx.db.read_session() as session:
        row = _draft_row(session, case.id, kind)
        if row is None:
            return None
        details = ctx.vault.cipher.decrypt_json(row.details_enc, details_aad(case.id, row.uid))
        draft = {"scores": ctx.vault.cipher.decrypt_json(row.scores_enc,
                                                         visits_aad(case.id, row.uid)),
                 "date": row.visit_date, "type": row.visit_type,
                 "people": details.get("people", ""), "note": details.get("note", "")}
        if kind == EDIT_DRAFT:
            draft["visit"] = details.get("visit", "")
        return draft


def clear_draft(ctx, reference: str) -> None:
    _clear(ctx, reference, DRAFT)


def clear_edit_draft(ctx, reference: str) -> None:
    _clear(ctx, reference, EDIT_DRAFT)


def _clear(ctx, reference: str, kind: str) -> None:
    ctx.require("cases.write")
    case = ctx.cases.get_by_reference(reference)
    with ctx.db.session() as session:
        row = _draft_row(session, case.id, kind)
        if row is not None:
            session.delete(row)


def _draft_row(session, case_id: int, kind: str = DRAFT) -> FollowupVisitRow | None:
    return session.scalar(select(FollowupVisitRow).where(
        FollowupVisitRow.case_id == case_id, FollowupVisitRow.kind == kind).limit(1))


# -- consents carried -----------------------------------------------------------------------
@dataclass
class CarriedConsent:
    purpose: str
    state: str  # given | refused | withdrawn (as carried), or withdrawn here
    since: str
    text_version: Any
    text_language: str
    withdrawn_here: str | None = None  # ISO date of a withdrawal recorded at the office


def carried_consent_line(consent: CarriedConsent, lang: str) -> str:
    """A carried consent in words, as the office's case view and ``followup consents`` say
    it: "Sharing …: given on Dec 4, 2026 — withdrawn at the office on Dec 6, 2026", the
    days in the medium form of ``lang``; a purpose or state this version has no words for is
    said so in words (the shared "unnamed" wording), its key only as the reference."""
    from counsel_app.consent.purposes import Purpose
    from counsel_app.handover.receipt import CONSENT_STATES
    from counsel_app.i18n import document_translator
    from counsel_app.i18n.dates import show_stored_date
    from counsel_app.security.subject_access import UNNAMED

    def unnamed(key: str) -> str:
        return document_translator(lang).gettext(UNNAMED).format(key=key)

    try:
        purpose = _(Purpose(consent.purpose).label)
    except ValueError:
        purpose = unnamed(consent.purpose)
    state = CONSENT_STATES.get(consent.state)
    text = _("{purpose}: {state} on {date}").format(
        purpose=purpose, state=_(state) if state else unnamed(consent.state),
        date=show_stored_date(consent.since[:10], lang))
    if consent.withdrawn_here:
        text += " — " + _("withdrawn at the office on {date}").format(
            date=show_stored_date(consent.withdrawn_here, lang))
    return text


def carried_consents(ctx, reference: str) -> list[CarriedConsent]:
    """The consents the handover carried, as given, with any withdrawal made here."""
    service = FollowupService(ctx)
    case = ctx.cases.get_by_reference(reference)
    content = service._received_content(case.id) or {}
    withdrawn = {e.item.split(":", 1)[1]: e.before.get("withdrawn_on")
                 for e in service.history(reference) if e.item.startswith("consent:")
                 and e.change == "withdrawn"}
    out = []
    for item in content.get("consents") or []:
        if not isinstance(item, dict):
            continue
        purpose = str(item.get("purpose") or "")
        out.append(CarriedConsent(purpose, str(item.get("state") or ""),
                                  str(item.get("since") or ""), item.get("text_version"),
                                  str(item.get("text_language") or ""),
                                  withdrawn.get(purpose)))
    return out


def withdraw_consent(ctx, reference: str, purpose: str, on: date | None = None) -> None:
    """The person withdrew, at the office, a consent the package carried: recorded against
    that history (kept, audited) and reported in the next acknowledgement."""
    case = ctx.cases.get_by_reference(reference)
    ctx.require("cases.write")
    on = on or date.today()
    if on > date.today():
        raise ValidationError(_("The withdrawal date is in the future."), "withdrawn_on")
    carried = {c.purpose: c for c in carried_consents(ctx, reference)}
    consent = carried.get(purpose)
    if consent is None:
        raise ValidationError(_("The package of case {reference} carried no consent for "
                                "“{purpose}”.").format(reference=case.reference,
                                                       purpose=purpose), "purpose")
    if consent.state != "given" or consent.withdrawn_here:
        raise UserError(_("The consent “{purpose}” of case {reference} is not in force; "
                          "there is nothing to withdraw.").format(
            purpose=purpose, reference=case.reference))
    with ctx.db.session() as session:
        uid = uuid.uuid4().hex
        session.add(FollowupHistoryRow(
            uid=uid, case_id=case.id, item=f"consent:{purpose}", change="withdrawn",
            changed_at=utcnow(), changed_by=ctx.user,
            before_enc=ctx.vault.cipher.encrypt_json(
                {"state": consent.state, "since": consent.since,
                 "withdrawn_on": on.isoformat()}, history_aad(case.id, uid))))
        ctx.audit("followup_consent_withdrawn", case.reference, purpose)


def consents_withdrawn_here(ctx, reference: str) -> list[dict[str, str]]:
    return [{"purpose": c.purpose, "on": c.withdrawn_here}
            for c in carried_consents(ctx, reference) if c.withdrawn_here]
