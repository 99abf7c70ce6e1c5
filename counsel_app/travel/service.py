"""The travel phase's use-cases, one short transaction each (Qt-free).

Every door — the Departure step, ``counsel-app travel``, the demo, a script — goes through
:class:`TravelService`: it validates (one sentence naming the field, nothing saved half),
stores with optimistic locking, audits, and moves the case to *departed* only through the
status guard (the pre-departure checklist).

Sending station: record documents, fitness, escort, itinerary and the reception request;
hand the case over (the package carries the itinerary and the request as consent allows);
import the office's acknowledgement (its answer to the request); mark the departure.
Receiving station (the office in the country of return): read the request that came with
the handover, answer it (:meth:`TravelService.answer_reception`), and send the answer back
in the acknowledgement (:func:`counsel_app.handover.ack.export_ack`).
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any

from counsel_app.domain.case import Case, utcnow
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.workflow import check_transition
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, saved_language
from counsel_app.plan.model import record_saved_languages, record_text_languages
from counsel_app.travel.checklist import (
    RECORDING_DEPARTURE,
    Checklist,
    checklist_for,
    screening_of,
)
from counsel_app.travel.model import (
    ANSWERS,
    ReceptionAnswer,
    Reminder,
    TravelRecord,
    reminders,
    validate,
)
from counsel_app.travel.store import TravelRepository

#: the sections of a travel record a ``set`` may replace or merge
SECTIONS = ("documents", "fitness", "escort", "itinerary", "reception", "sheet", "returnee")
#: statuses in which the travel phase is being prepared (edits allowed)
OPEN_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.DECISION_TAKEN, CaseStatus.CONSENTED,
                           CaseStatus.PLAN_READY, CaseStatus.HANDED_OVER, CaseStatus.DEPARTED,
                           CaseStatus.COUNSELLING})


class TravelService:
    def __init__(self, ctx):
        self.ctx = ctx
        self.repo = TravelRepository(ctx.db, ctx.vault.cipher)

    # -- reading ------------------------------------------------------------------------
    def open(self, reference: str) -> tuple[Case, TravelRecord]:
        """The case (access checked, audited as a view) and its travel record."""
        case = self.ctx.cases.get_by_reference(reference)
        return case, self.repo.get(case.reference)

    def record(self, case: Case) -> TravelRecord:
        return self.repo.get(case.reference)

    def flags(self, case: Case) -> set[str]:
        return set(screening_of(self.ctx, case).flags)

    def validate(self, case: Case, record: TravelRecord) -> list[ValidationError]:
        return validate(record, case, flags=self.flags(case))

    def checklist(self, case: Case, record: TravelRecord | None = None) -> Checklist:
        return checklist_for(self.ctx, case, record)

    def reminders(self, case: Case, record: TravelRecord | None = None) -> list[Reminder]:
        if case.status not in OPEN_STATUSES or case.status is CaseStatus.DEPARTED:
            return []
        return reminders(record or self.record(case), case)

    def open_reminders(self) -> list[tuple[Case, Reminder]]:
        """What is overdue across the cases being prepared (those this user may see), by
        case reference: documents expected from a consulate, requests without an answer,
        documents not requested close to the departure, clearances still awaited."""
        from sqlalchemy import select

        from counsel_app.errors import NotFound
        from counsel_app.storage.cases import CaseRepository
        from counsel_app.storage.models import CaseRow
        from counsel_app.travel.store import TravelRow

        self.ctx.require("cases.read")
        waiting = [s.value for s in OPEN_STATUSES if s is not CaseStatus.DEPARTED]
        with self.ctx.db.read_session() as session:
            ids = session.scalars(select(TravelRow.case_id).join(
                CaseRow, CaseRow.id == TravelRow.case_id).where(CaseRow.status.in_(waiting))
                .order_by(CaseRow.reference)).all()
        out = []
        for case_id in ids:
            try:
                case = CaseRepository.get(self.ctx.cases, case_id)  # scope; no audit entry
            except NotFound:
                continue
            out += [(case, note) for note in self.reminders(case)]
        return out

    # -- writing ------------------------------------------------------------------------
    def save(self, case: Case, record: TravelRecord, *, overwrite: bool = False,
             typed_in: str | None = None) -> TravelRecord:
        """Validate and store ``record`` (first problem raised, nothing written), or raise
        :class:`~counsel_app.travel.store.TravelConflict` with both versions.

        Each typed text new or changed since the record as stored is recorded as typed in
        the language the one saving it writes in (``typed_in`` when the caller knows it: a
        sample; for a record never saved, the ``text_language`` it comes with), an
        unchanged one keeps its own (:func:`~counsel_app.plan.model.record_saved_languages`,
        the plan's rule): a route typed in English and a note added later from a French
        screen each print by their own."""
        self.ctx.require("cases.write")
        if case.status not in OPEN_STATUSES:
            raise UserError(_("Case {reference} is “{status}”: its departure can no longer be "
                              "changed.").format(reference=case.reference,
                                                 status=_(case.status.label)))
        record.reference = case.reference
        # the escort decision is dated when it is taken (and undated when undone)
        if record.escort.kind and record.escort.decided_on is None:
            record.escort.decided_on = date.today()
        elif not record.escort.kind:
            record.escort.decided_on = None
        record_saved_languages(record, self.repo.find(case.reference), typed_in=typed_in)
        record.keep_current_translations()  # a changed text loses its old words
        problems = self.validate(case, record)
        if problems:
            raise problems[0]
        saved = self.repo.save(record, user=self.ctx.user, overwrite=overwrite)
        self.ctx.audit("change", case.reference, "travel")
        return saved

    def update(self, reference: str, changes: dict[str, Any]) -> TravelRecord:
        """Apply ``changes`` (JSON data by section: a list section is replaced, an object
        section is merged key by key) to the stored record, validate and save."""
        case, record = self.open(reference)
        data = record.to_data()
        if not isinstance(changes, dict):
            raise ValidationError(_("The travel details must be a JSON object with the "
                                    "sections {sections}.").format(
                                        sections=", ".join(SECTIONS)), "travel")
        for key, value in changes.items():
            if key not in SECTIONS:
                raise ValidationError(_("“{key}” is not a section of the travel details "
                                        "(use {sections}).").format(
                                            key=key, sections=", ".join(SECTIONS)), key)
            if isinstance(data.get(key), list) or key == "documents":
                if not isinstance(value, list):
                    raise ValidationError(_("“{key}” must be a list.").format(key=key), key)
                data[key] = value
            else:
                if not isinstance(value, dict):
                    raise ValidationError(_("“{key}” must be an object.").format(key=key), key)
                data[key] = {**(data.get(key) or {}), **value}
        updated = parse_record(data, case.reference, record.version)
        updated.departed_on, updated.answer = record.departed_on, record.answer
        return self.save(case, updated)

    # -- departure ----------------------------------------------------------------------
    def departure_blockers(self, case: Case) -> list[str]:
        """Why the person cannot be marked departed now through this service (the workflow
        and every guard of *departed*); empty when they can."""
        from counsel_app.services.status import status_blockers

        token = RECORDING_DEPARTURE.set(case.reference)
        try:
            return status_blockers(self.ctx, case, CaseStatus.DEPARTED)
        finally:
            RECORDING_DEPARTURE.reset(token)

    def depart(self, reference: str, on: date | None = None, note: str = "") -> Case:
        """Mark the person departed on ``on`` (default today): the workflow and the
        pre-departure checklist (complete, or each open item waived) must allow it; the
        status and the date are written in one transaction."""
        from counsel_app.services.status import StatusBlocked
        from counsel_app.storage.models import CaseRow

        self.ctx.require("cases.write")
        case, record = self.open(reference)
        on = on or date.today()
        if on > date.today():
            raise ValidationError(_("The departure cannot be recorded in the future."),
                                  "departed_on")
        if len(note) > 500:
            raise ValidationError(_("This text is too long (at most {n} characters).").format(
                n=500), "note")
        check_transition(case.status, CaseStatus.DEPARTED, case.decision)
        reasons = self.departure_blockers(case)
        if reasons:
            raise StatusBlocked(case.status, CaseStatus.DEPARTED, reasons)
        stored = deepcopy(record)
        record.departed_on, record.departure_note = on, note
        record_text_languages(record, stored)  # the note, in the language typed in
        with self.ctx.db.session() as session:
            row = session.get(CaseRow, case.id)
            if row.version != case.version:
                raise UserError(_("Case {reference} was changed elsewhere since you opened "
                                  "it: open it again before marking the departure.").format(
                                      reference=case.reference))
            row.status = CaseStatus.DEPARTED.value
            row.updated_at = utcnow()
            self.repo.write(session, case.id, record, user=self.ctx.user)
        self.ctx.audit("status", case.reference,
                       f"{case.status.value} -> {CaseStatus.DEPARTED.value}")
        self.ctx.audit("travel_departed", case.reference, on.isoformat())
        return self.ctx.cases.get(case.id)

    def cancel_departure(self, reference: str, reason: str) -> Case:
        """The person did not leave after all (a missed flight): back to *handed over*,
        the departure date cleared, the reason kept and audited."""
        from counsel_app.storage.models import CaseRow

        self.ctx.require("cases.write")
        case, record = self.open(reference)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Say why the departure did not happen."), "reason")
        if len(reason) > 500:
            raise ValidationError(_("This text is too long (at most {n} characters).").format(
                n=500), "reason")
        check_transition(case.status, CaseStatus.HANDED_OVER,
                         case.decision or Decision.RETURN)
        if case.status is not CaseStatus.DEPARTED:
            raise UserError(_("Case {reference} is not marked departed.").format(
                reference=case.reference))
        stored = deepcopy(record)
        record.departed_on = None
        record.departure_note = reason
        record_text_languages(record, stored)  # the reason, in the language typed in
        with self.ctx.db.session() as session:
            row = session.get(CaseRow, case.id)
            row.status = CaseStatus.HANDED_OVER.value
            row.updated_at = utcnow()
            self.repo.write(session, case.id, record, user=self.ctx.user)
        self.ctx.audit("status", case.reference,
                       f"{CaseStatus.DEPARTED.value} -> {CaseStatus.HANDED_OVER.value}")
        self.ctx.audit("travel_departure_cancelled", case.reference, "")
        return self.ctx.cases.get(case.id)

    # -- the receiving office ---------------------------------------------------------------
    def received_request(self, case: Case) -> dict[str, Any] | None:
        """Receiving station: the travel part of the latest handover received for the case
        (the itinerary and the reception request), or None."""
        from counsel_app.handover.records import packages_for_case

        received = [p for p in packages_for_case(self.ctx, case.id)
                    if p["kind"] == "handover" and p["direction"] == "received"]
        if not received:
            return None
        travel = ((received[-1]["content"].get("data") or {}).get("travel"))
        return travel if isinstance(travel, dict) else None

    def answer_reception(self, reference: str, state: str = "confirmed", *, note: str = "",
                         contact_name: str = "", contact_phone: str = "") -> TravelRecord:
        """Receiving station: answer the reception request that came with the handover
        (confirmed, or not possible as requested); the acknowledgement carries it back."""
        case, record = self.open(reference)
        if state not in ANSWERS:
            raise ValidationError(_("“{value}” is not an answer to a reception request (use "
                                    "{choices}).").format(value=state,
                                                          choices=", ".join(ANSWERS)),
                                  "answer.state")
        request = self.received_request(case)
        if request is None:
            raise UserError(_("Case {reference} came with no reception request to answer "
                              "(it was not received through a handover, or its travel "
                              "details were not shared).").format(reference=case.reference))
        before = record.answer  # the note answered before keeps its language if kept
        stored = deepcopy(record)
        record.answer = ReceptionAnswer(
            state, date.today(), str(request.get("request_id") or ""), note.strip(),
            contact_name.strip(), contact_phone.strip(),
            note_language=saved_language(note.strip(), before.note if before else None,
                                         before.note_language if before else None))
        problems = [p for p in self.validate(case, record) if p.field.startswith("answer")]
        if problems:
            raise problems[0]
        self.ctx.require("cases.write")
        record_text_languages(record, stored)  # (its other texts unchanged: kept as they are)
        saved = self.repo.save(record, user=self.ctx.user)
        self.ctx.audit("travel_reception_answer", case.reference, state)
        return saved

    # -- the travel sheet ---------------------------------------------------------------
    def render_sheet(self, reference: str, lang: str, second_lang: str | None = None, *,
                     organisation: str = "", out: str | Path | None = None) -> bytes:
        """The person's travel sheet in ``lang`` (optionally with ``second_lang``)."""
        from counsel_app.plan.service import check_language
        from counsel_app.travel.sheet import render_sheet, sheet_document

        self.ctx.require("cases.print")
        check_language(lang, "--lang")
        if second_lang:
            check_language(second_lang, "--bilingual")
        case, record = self.open(reference)
        doc = sheet_document(self.ctx, case, record, organisation=organisation)
        data = render_sheet(doc, lang, second_lang=second_lang, out=out)
        self.ctx.audit("print", case.reference,
                       f"travel sheet {lang}" + (f"+{second_lang}" if second_lang else ""))
        return data


def parse_record(data: dict[str, Any], reference: str, version: int = 0) -> TravelRecord:
    """A travel record from JSON data, or one sentence saying what is malformed."""
    try:
        return TravelRecord.from_data(data, reference, version)
    except TypeError as exc:
        name = str(exc).split("'")[1] if "'" in str(exc) else "?"
        raise ValidationError(_("“{name}” is not a field of the travel details.").format(
            name=name), name) from None
    except (ValueError, AttributeError) as exc:
        raise ValidationError(_("The travel details hold a value that is not valid: {reason}"
                                ).format(reason=exc), "travel") from None


__all__ = ["TravelService", "parse_record"]
