"""The travel sheet in every document language, as pdftotext reads it: the catalog's
headings come back as written; the person's name in their script, the counsellor's name on
prints and a text written in the person's language come back in reading order; a text
typed in another language carries the note naming it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counsel_app.documents.typed_text import WRITTEN_IN
from counsel_app.i18n import D_, DOCUMENT_LANGUAGES, document_translator
from counsel_app.i18n.names import language_name
from counsel_app.plan.model import ReturneeTexts
from counsel_app.travel.sheet import SHEET_TITLE, SheetDocument, SheetStep, render_sheet

from .test_extracted_text import logical, pdftotext

SHEET_STRINGS = (SHEET_TITLE, D_("Departure"), D_("When you arrive"), D_("Who to call"),
                 D_("What to bring"))
TYPED = "Office car to the transit centre"
ACCOMMODATION = "Transit centre, Conakry (3 nights)."
#: the same text in the person's language, for the right-to-left and complex scripts
WRITTEN = {"ar": "مركز العبور في كوناكري (ثلاث ليال).", "bn": "কোনাক্রির ট্রানজিট কেন্দ্র।",
           "fa_AF": "مرکز ترانزیت در کوناکری (سه شب).", "am": "በኮናክሪ የመሸጋገሪያ ማዕከል።"}


def sheet(lang: str) -> SheetDocument:
    at = datetime(2026, 12, 20, 7, 15)
    return SheetDocument(
        reference="AVRR-2026-000123", person_name="Omar Abdallah",
        person_name_native="عمر عبد الله", country="GN", is_sample=True,
        printed_on=date(2026, 12, 5), departure_date=at.date(),
        meeting_point="Tunis-Carthage airport, terminal 1", departure_phone="+216 71 000 000",
        steps=[SheetStep("Tunis (TUN)", "Conakry (CKY)", True, "AT 571", at,
                         at.replace(hour=15))],
        met_by="Office staff", arrival_point="Conakry airport", arrival_phone="+224 620 00 00 00",
        onward_transport=TYPED, accommodation=ACCOMMODATION,
        luggage="23 kg",
        counsellor="Leïla Ben Salah", counsellor_contact="+216 71 000 001",
        text_language="en",
        returnee=ReturneeTexts(lang, {ACCOMMODATION: WRITTEN[lang]}) if lang in WRITTEN
        else ReturneeTexts())


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_the_travel_sheet_comes_back_as_written(tmp_path, lang):
    t = document_translator(lang)
    text = pdftotext(render_sheet(sheet(lang), lang), tmp_path, f"sheet-{lang}")
    for msgid in SHEET_STRINGS:
        expected = logical(t.gettext(msgid)) if t.has(msgid) else logical(msgid)
        assert expected in text, f"{lang}: {expected!r} not in the extracted text"
    assert "Leïla Ben Salah" in text and "عمر عبد الله" in text and "Omar Abdallah" in text
    if lang in WRITTEN:
        assert logical(WRITTEN[lang]) in text and ACCOMMODATION not in text
    if lang != "en":
        note = logical(t.gettext(WRITTEN_IN).format(
            language=language_name("en", lang, capitalised=False)))
        assert TYPED in text and note in text, f"{lang}: {note!r}"
