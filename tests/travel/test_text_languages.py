"""Each typed text of the travel record keeps the language it was typed in: the route typed
under an English interface and a text written later under a French one print each by its
own language (the travel sheet, the person's copy), not both by the language of the
record's first save; a record saved before languages were recorded per text prints as it
did; the departure's note is recorded in the language it was typed in."""

from __future__ import annotations

import re

import pytest

from counsel_app.domain.enums import CaseStatus
from counsel_app.i18n import set_interface_language
from counsel_app.plan.model import text_typed_in
from counsel_app.security.subject_access import write_subject_access
from counsel_app.travel.model import TravelRecord
from counsel_app.travel.service import TravelService
from counsel_app.travel.store import TravelRepository
from tests.documents.helpers import poppler_text
from tests.travel.helpers import MEDICINES, child_case, travel_record

ROUTE_EN = "Tunis-Carthage, terminal 1, 05:00"  # typed under English (travel_record)
PLACE_FR = "Bureau de l'OIM, Kaloum, porte bleue"
REASON_FR = "crises d'asthme pendant les longs vols"
REASON_CANCELLED_FR = "Le vol a été annulé par la compagnie."


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_interface_language("en")


def _flat(data: bytes, tmp_path) -> str:
    return re.sub(r"\s+", " ", poppler_text(data, tmp_path))


def _in(language: str, service: TravelService, case, change) -> TravelRecord:
    """One sitting of the departure step under an interface in ``language``: read, change,
    save."""
    set_interface_language(language)
    try:
        record = service.record(case)
        change(record)
        return service.save(case, record)
    finally:
        set_interface_language("en")


def _french_sitting(record: TravelRecord) -> None:
    record.reception.first_appointment_place = PLACE_FR
    record.escort.reason = REASON_FR


@pytest.fixture
def case(sqlite_ctx):
    """The travel details typed under English (the route, the reception, the medicines)."""
    return child_case(sqlite_ctx, travel=travel_record(), until=CaseStatus.CONSENTED)


def test_texts_typed_in_two_languages_each_print_by_their_own_on_the_sheet(
        sqlite_ctx, case, tmp_path):
    service = TravelService(sqlite_ctx)
    _in("fr", service, case, _french_sitting)
    fr = _flat(service.render_sheet(case.reference, "fr"), tmp_path)
    assert f"{ROUTE_EN} (écrit en anglais)" in fr
    assert PLACE_FR in fr and f"{PLACE_FR} (écrit" not in fr
    en = _flat(service.render_sheet(case.reference, "en"), tmp_path)
    assert f"{PLACE_FR} (written in French)" in en
    assert ROUTE_EN in en and f"{ROUTE_EN} (written" not in en
    # saved again unchanged from English: each keeps its language
    _in("en", service, case, lambda record: None)
    fr = _flat(service.render_sheet(case.reference, "fr"), tmp_path)
    assert f"{ROUTE_EN} (écrit en anglais)" in fr and f"{PLACE_FR} (écrit" not in fr


def test_the_persons_copy_marks_each_text_by_its_own_language(sqlite_ctx, case, tmp_path):
    """The escort's reason (health: never on the sheet) rewritten under French is French
    on the person's copy; the medicines typed under English are not marked in English."""
    _in("fr", TravelService(sqlite_ctx), case, _french_sitting)
    out = write_subject_access(sqlite_ctx, case.id, tmp_path / "copy.pdf", lang="en")
    text = _flat(out.read_bytes(), tmp_path)
    assert f"{REASON_FR} (written in French)" in text
    assert MEDICINES in text and f"{MEDICINES} (written" not in text
    assert f"{ROUTE_EN} (written" not in text


def test_a_record_saved_before_keeps_its_language_for_the_texts_it_had(
        sqlite_ctx, case, tmp_path):
    """A record stored before languages were recorded per text (its one text_language, no
    map) prints as it did: every text by that language. Saved again under French with a
    text rewritten, its old texts stay English, the new one is French."""
    repo = TravelRepository(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = repo.get(case.reference)
    data = record.to_data()
    data.pop("text_languages", None)
    repo.save(TravelRecord.from_data(data, case.reference, record.version), user="admin")
    stored = repo.get(case.reference)
    assert stored.text_language == "en" and not getattr(stored, "text_languages", {})
    service = TravelService(sqlite_ctx)
    fr = _flat(service.render_sheet(case.reference, "fr"), tmp_path)
    assert f"{ROUTE_EN} (écrit en anglais)" in fr
    assert "Office, Kaloum (écrit en anglais)" in fr
    assert "(written in" not in _flat(service.render_sheet(case.reference, "en"), tmp_path)
    _in("fr", service, case, _french_sitting)
    fr = _flat(service.render_sheet(case.reference, "fr"), tmp_path)
    assert f"{ROUTE_EN} (écrit en anglais)" in fr and f"{PLACE_FR} (écrit" not in fr
    assert repo.get(case.reference).text_language == "en"


def test_the_departures_note_is_recorded_in_the_language_it_was_typed_in(sqlite_ctx):
    """The person departs (a note typed under English), the departure is cancelled from a
    French screen: the reason is recorded as French, the route stays English."""
    from counsel_app.services.status import change_status
    from counsel_app.waivers import service as waivers
    from tests.workflow_helpers import record_sent_package

    ctx = sqlite_ctx
    case = child_case(ctx, travel=travel_record())
    record_sent_package(ctx, case)
    case = change_status(ctx, case, CaseStatus.HANDED_OVER)
    waivers.waive(ctx, case, "travel:reception_confirmed",
                  "Confirmed by phone with the office, written confirmation follows.")
    travel = TravelService(ctx)
    travel.depart(case.reference, note="Left with the escort")
    assert text_typed_in(travel.record(case), "Left with the escort") == "en"
    set_interface_language("fr")
    travel.cancel_departure(case.reference, REASON_CANCELLED_FR)
    set_interface_language("en")
    record = travel.record(case)
    assert text_typed_in(record, REASON_CANCELLED_FR) == "fr"
    assert text_typed_in(record, ROUTE_EN) == "en"


NOTE_DEPARTED_FR = "Parti avec l'escorte, bagages enregistrés."
NOTE_DOCUMENT_FR = "Photo refaite au consulat, à retirer mardi."


def _departed(ctx, note: str):
    """The case handed over and the person departed, the note typed under French."""
    from counsel_app.services.status import change_status
    from counsel_app.waivers import service as waivers
    from tests.workflow_helpers import record_sent_package

    case = child_case(ctx, travel=travel_record())
    record_sent_package(ctx, case)
    case = change_status(ctx, case, CaseStatus.HANDED_OVER)
    waivers.waive(ctx, case, "travel:reception_confirmed",
                  "Confirmed by phone with the office, written confirmation follows.")
    travel = TravelService(ctx)
    set_interface_language("fr")
    try:
        travel.depart(case.reference, note=note)
    finally:
        set_interface_language("en")
    return travel, case


def _copy(ctx, case, tmp_path, lang: str = "en") -> str:
    out = write_subject_access(ctx, case.id, tmp_path / f"copy-{lang}.pdf", lang=lang)
    return _flat(out.read_bytes(), tmp_path)


def test_the_persons_copy_shows_the_departures_note_by_its_language(sqlite_ctx, tmp_path):
    _travel, case = _departed(sqlite_ctx, NOTE_DEPARTED_FR)
    text = _copy(sqlite_ctx, case, tmp_path)
    assert f"{NOTE_DEPARTED_FR} (written in French)" in text
    assert "The departure did not happen" not in text
    # in French, the copy's own language: as typed, no mark
    fr = _copy(sqlite_ctx, case, tmp_path, "fr")
    assert NOTE_DEPARTED_FR in fr and f"{NOTE_DEPARTED_FR} (écrit" not in fr


def test_the_persons_copy_shows_why_a_departure_did_not_happen(sqlite_ctx, tmp_path):
    """Departed without a note: the date alone; the departure cancelled from a French
    screen: its reason, marked French, and no date."""
    travel, case = _departed(sqlite_ctx, "")
    text = _copy(sqlite_ctx, case, tmp_path)
    assert "Departed on" in text and "(written in French)" not in text
    assert "The departure did not happen" not in text
    set_interface_language("fr")
    try:
        travel.cancel_departure(case.reference, REASON_CANCELLED_FR)
    finally:
        set_interface_language("en")
    text = _copy(sqlite_ctx, case, tmp_path)
    assert f"The departure did not happen {REASON_CANCELLED_FR} (written in French)" in text
    assert "Departed on" not in text


def test_the_persons_copy_shows_a_documents_note_by_its_language(sqlite_ctx, case, tmp_path):
    """No document has a note: no column for notes; one typed under French: the column,
    the note marked French."""
    text = _copy(sqlite_ctx, case, tmp_path)
    assert "Status Expires" in text and "Expires Notes" not in text

    def note(record: TravelRecord) -> None:
        record.documents[0].note = NOTE_DOCUMENT_FR

    _in("fr", TravelService(sqlite_ctx), case, note)
    assert text_typed_in(TravelService(sqlite_ctx).record(case), NOTE_DOCUMENT_FR) == "fr"
    text = _copy(sqlite_ctx, case, tmp_path)
    assert f"{NOTE_DOCUMENT_FR} (written in French)" in text
    assert "Expires Notes" in text  # the table's column
