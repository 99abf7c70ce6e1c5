"""The travel phase's part in data protection (registrations only).

* Subject access: the person's copy shows everything kept about their journey — documents,
  the medical clearance, medicines, the escort and why, the route, the reception, the
  office's answer and the departure with its note, or why it did not happen, and each
  document's note (their own health details included: it is their copy).
* Retention: anonymisation keeps what the monitoring figures count — the departure
  *month* and the kind of escort — and nothing that describes the person; erasure deletes
  the record.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from counsel_app.i18n import D_, typed_language
from counsel_app.plan.model import text_typed_in
from counsel_app.security.hooks import case_reference
from counsel_app.security.retention import CaseDataHandler, register_case_data_handler
from counsel_app.security.subject_access import (
    Msg,
    Phrase,
    Section,
    labelled,
    moment,
    register_subject_access,
    typed,
    unnamed,
)
from counsel_app.travel.model import (
    ANSWERS,
    CLEARANCES,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    ESCORTS,
    PERSON,
)
from counsel_app.travel.store import TravelRepository, TravelRow, travel_aad


def _ui(table: dict, key: str):
    """A stored code as the screen's words; a code the table lacks said so in words."""
    return labelled(table, key)


#: a household member without a name, by their row in "Your household" (the copy's words;
#: the interface's "family member {n}" is in the counsellor's language)
FAMILY_MEMBER = D_("Family member {n}")
#: a document of a family member no longer in the household the case holds
FORMER_MEMBER = D_("A family member no longer listed in your household")


def _holder(case, key: str):
    """Whose document it is, in words: the person's name, a family member's name (travelling
    or not any more), else "Family member 2"; never the holder's key ("household:1")."""
    if key == PERSON:
        return case.person.display_name
    index = key.removeprefix("household:")
    if key.startswith("household:") and index.isdigit():
        if int(index) >= len(case.household):
            return Msg(FORMER_MEMBER)
        return case.household[int(index)].name or Phrase(FAMILY_MEMBER, n=int(index) + 1)
    return unnamed(key) if key else ""


def travel_sections(ctx, case_id: int) -> list[Section]:
    reference = case_reference(ctx, case_id)
    if not reference:
        return []
    record = TravelRepository(ctx.db, ctx.vault.cipher).find(reference)
    if record is None:
        return []
    from counsel_app.storage.cases import CaseRepository

    case = CaseRepository.get(ctx.cases, case_id)
    f, e, it, r = record.fitness, record.escort, record.itinerary, record.reception

    def t(text: str):
        # what the counsellor typed, as the travel sheet prints it: in the copy's language
        # where the record has those words, else as typed with "(written in …)" by the
        # language it was typed in (text_typed_in: each text's own, as recorded)
        return typed(text, text_typed_in(record, text), record.returnee)

    noted = any(d.note.strip() for d in record.documents)
    sections = [Section(
        D_("Travel"),
        [(D_("Departure"), it.departure_date),
         # the departure's note: what was noted when it was recorded, or, once cancelled
         # (no date any more), why it did not happen (cancel_departure keeps it there)
         (D_("Departed on"), [record.departed_on, t(record.departure_note)]
          if record.departed_on else ""),
         (D_("The departure did not happen"),
          "" if record.departed_on else t(record.departure_note)),
         (D_("Medical clearance"), _ui(CLEARANCES, f.clearance) if f.clearance else ""),
         (D_("Medicines:"), t(f.medicines)), (D_("Notes"), t(f.note)),
         (D_("Escort"), [_ui(ESCORTS, e.kind) if e.kind else "", t(e.reason), e.name]),
         (D_("Be at:"), t(it.meeting_point)), (D_("Luggage allowed:"), t(it.luggage)),
         (D_("An adult travels with you all the way:"), it.accompanying_adult.name),
         (D_("Who meets you:"), r.met_by), (D_("Where:"), t(r.meeting_point)),
         (D_("Then:"), t(r.onward_transport)),
         (D_("Where you sleep first:"), t(r.accommodation)),
         (D_("Your first appointment at the office:"), moment(r.first_appointment)),
         # the office's answer to the reception request, and its note in the language
         # recorded with it
         (D_("Details"), [_ui(ANSWERS, record.answer.state),
                          typed(record.answer.note,
                                typed_language(record.answer.note_language))]
          if record.answer else "")],
        # each document's note in a column of its own, when one of them has a note
        table_header=(D_("Document"), D_("Name"), D_("Status"), D_("Expires"),
                      *([D_("Notes")] if noted else [])),
        table_rows=[[_ui(DOCUMENT_KINDS, d.kind), _holder(case, d.holder),
                     _ui(DOCUMENT_STATUSES, d.status), d.expires_on or "",
                     *([t(d.note)] if noted else [])]
                    for d in record.documents])]
    if it.legs:
        sections.append(Section(
            D_("Departure"), table_header=(D_("From:"), D_("To:"), D_("Leaves:"),
                                           D_("Arrives:")),
            table_rows=[[leg.origin, leg.destination, moment(leg.departs),
                         moment(leg.arrives)]
                        for leg in it.legs]))
    return sections


def _anonymise(session, case_id: int, ctx) -> None:
    """Keep the departure month and the kind of escort (monitoring), nothing else."""
    from counsel_app.storage.models import CaseRow

    row = session.get(TravelRow, case_id)
    if row is None:
        return
    reference = session.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
    data = ctx.vault.cipher.decrypt_json(row.data_enc, travel_aad(reference))
    kind = ((data.get("escort") or {}).get("kind")) or ""
    row.data_enc = ctx.vault.cipher.encrypt_json({"escort": {"kind": kind}},
                                                 travel_aad(reference))
    if row.departed_on is not None:
        row.departed_on = row.departed_on.replace(day=1)
    row.updated_by = ""


def _erase(session, case_id: int, ctx) -> None:
    session.execute(delete(TravelRow).where(TravelRow.case_id == case_id))


register_subject_access(travel_sections, "departure")
register_case_data_handler("travel_records", CaseDataHandler(_anonymise, _erase))
