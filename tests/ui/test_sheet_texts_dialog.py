"""Departure step > Texts in the person's language…: beside each text of the travel sheet the
counsellor or interpreter writes the same words in the person's language; saved with the
travel details, printed on a sheet in that language (tests/travel/test_sheet_texts.py)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from counsel_app.domain.enums import CaseStatus
from counsel_app.travel.service import TravelService
from tests.travel.helpers import child_case, travel_record
from tests.ui.conftest import _sync_tasks, answers  # noqa: F401  (fixtures)
from tests.ui.test_departure_step import choose, click, make_step

ACCOMMODATION_AR = "مركز العبور في كوناكري (ثلاث ليال)."


def test_the_counsellor_writes_the_sheets_texts_in_the_persons_language(qtbot, sqlite_ctx,
                                                                         tmp_path):
    case = child_case(sqlite_ctx, travel=travel_record(), until=CaseStatus.CONSENTED)
    step, _holder = make_step(qtbot, sqlite_ctx, case)
    choose(step, "travel_sheet_lang", "ar")
    seen = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        seen["title"] = dialog.windowTitle()
        texts = [text for _where, text in dialog.rows]
        seen["texts"] = texts
        row = texts.index("Transit centre, Conakry (3 nights)")
        dialog.table.item(row, 2).setText(ACCOMMODATION_AR)
        dialog.accept()

    QTimer.singleShot(50, fill)
    click(qtbot, step, "travel_sheet_texts")
    assert seen["title"] == "The travel sheet in the person's language"
    assert "Office car to Conakry centre" in seen["texts"]
    assert "+224 620 00 00 00" not in seen["texts"]  # phone numbers are not texts
    record = TravelService(sqlite_ctx).record(sqlite_ctx.cases.get(case.id))
    assert record.returnee.lang == "ar"
    assert record.returnee.texts == {"Transit centre, Conakry (3 nights)": ACCOMMODATION_AR}


def test_a_text_typed_in_the_persons_language_is_not_listed_for_it(qtbot, sqlite_ctx):
    """The route typed under English, where the person sleeps first rewritten later from a
    French screen: for a French sheet the French text is already in the person's words and
    is not listed; the English ones are. The escort's reason (health) is never listed."""
    from counsel_app.i18n import set_interface_language

    case = child_case(sqlite_ctx, travel=travel_record(), until=CaseStatus.CONSENTED)
    service = TravelService(sqlite_ctx)
    set_interface_language("fr")
    try:
        record = service.record(case)
        record.reception.accommodation = "Centre de transit, trois nuits"
        service.save(case, record)
    finally:
        set_interface_language("en")
    step, _holder = make_step(qtbot, sqlite_ctx, case)
    choose(step, "travel_sheet_lang", "fr")
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        seen["listed"] = [text for row, (_where, text) in enumerate(dialog.rows)
                          if not dialog.table.isRowHidden(row)]
        seen["written_in"] = dialog.written_in.text()
        dialog.reject()

    QTimer.singleShot(50, look)
    click(qtbot, step, "travel_sheet_texts")
    assert "Centre de transit, trois nuits" not in seen["listed"]
    assert "Office car to Conakry centre" in seen["listed"]
    assert "asthma attacks on long flights" not in seen["listed"]
    assert seen["written_in"] == "English, French"
