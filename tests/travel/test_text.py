"""The Departure step's sentences, without Qt: the line under the checklist and the
reception request as the office reads it."""

from __future__ import annotations

from datetime import date

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.travel.model import ReceptionAnswer, TravelRecord
from counsel_app.travel.text import departure_state, reception_request


def case_at(status: CaseStatus) -> Case:
    case = Case(person=Person(name_latin="Awa Test"), return_country="GN")
    case.status = status
    return case


def test_the_line_under_the_checklist():
    record = TravelRecord(reference="GN-1")
    assert "is handed over (with the reception request) before the departure" in \
        departure_state(case_at(CaseStatus.PLAN_READY), record, ["x"], 3)
    handed = case_at(CaseStatus.HANDED_OVER)
    assert departure_state(handed, record, ["open"], 2) == "2 items still open."
    assert departure_state(handed, record, ["open"], 1) == "1 item still open."
    assert departure_state(handed, record, [], 0) == "Ready to leave."
    record.departed_on = date(2026, 12, 1)
    assert departure_state(case_at(CaseStatus.DEPARTED), record, [], 0) == \
        "Departed on 2026-12-01."


def test_the_reception_request_with_the_answer_and_a_changed_request():
    request = {"request_id": "r2",
               "legs": [{"origin": "TUN", "destination": "CKY",
                         "departs": "2026-12-10T08:00", "arrives": "2026-12-10T15:00",
                         "carrier": "TU 123"}],
               "reception": {"met_by": "office", "meeting_point": "arrivals hall"},
               "accompanying_adult": {"name": "Ibrahima Escort-Test"}}
    record = TravelRecord(reference="GN-1")
    text = reception_request(request, record)
    assert "Leg 1: TUN → CKY, 2026-12-10 08:00 → 2026-12-10 15:00 TU 123" in text
    assert "met by office at arrivals hall; then –" in text
    assert "A child travels with Ibrahima Escort-Test." in text
    assert "Your answer" not in text
    record.answer = ReceptionAnswer("confirmed", date(2026, 12, 2), "r1")
    text = reception_request(request, record)
    assert "Your answer:" in text and "(2026-12-02)" in text
    assert "The request changed since you answered it." in text
    record.answer = ReceptionAnswer("confirmed", date(2026, 12, 2), "r2")
    assert "changed since" not in reception_request(request, record)


def test_the_line_under_the_checklist_counts_items_as_the_language_does():
    """One open item is "1 item", never "1 item(s)"; French and Arabic count their own way."""
    from counsel_app.i18n import set_interface_language

    handed, record = case_at(CaseStatus.HANDED_OVER), TravelRecord(reference="GN-1")
    set_interface_language("fr")
    assert departure_state(handed, record, ["open"], 1) == "1 point encore ouvert."
    assert departure_state(handed, record, ["open"], 2) == "2 points encore ouverts."
    set_interface_language("ar")
    assert departure_state(handed, record, ["open"], 3) == "3 بنود لا تزال مفتوحة."


def test_a_consulate_request_with_no_date_is_chased_in_days_counted_right(monkeypatch):
    """"requested 22 days ago" (chased after three weeks), "1 day ago" when the delay is
    shorter; Arabic says 22 days in the singular accusative (يومًا), French "il y a 1 jour"."""
    from datetime import timedelta

    from counsel_app.i18n import set_interface_language
    from counsel_app.travel import model
    from counsel_app.travel.model import TravelDocument, reminders

    today = date(2026, 12, 6)
    case = case_at(CaseStatus.HANDED_OVER)

    def chased(days):
        record = TravelRecord(reference="GN-1", documents=[TravelDocument(
            "person", "passport", "requested", "Consulate", today - timedelta(days=days))])
        return [r.text for r in reminders(record, case, today)]

    assert "was requested 22 days ago with no date" in chased(22)[0]
    assert chased(20) == []
    monkeypatch.setattr(model, "CHASE_AFTER", timedelta(0))
    assert "was requested 1 day ago with no date from the consulate" in chased(1)[0]
    set_interface_language("fr")
    assert "a été demandé il y a 1 jour sans date du consulat" in chased(1)[0]
    set_interface_language("ar")
    assert "منذ 22 يومًا دون أي موعد" in chased(22)[0]
