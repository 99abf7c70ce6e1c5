"""The travel sheet's free texts in the person's language: written beside the counsellor's
(by the counsellor or the interpreter, never a machine), printed on pages in that language;
a text without them prints as typed with a note naming its language; a text changed later
loses its old words. The same rule as the plan's (documents/typed_text.py)."""

from __future__ import annotations

import json

import pytest

from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import ValidationError
from counsel_app.plan.model import ReturneeTexts
from counsel_app.travel.service import TravelService
from tests.documents.helpers import poppler_text
from tests.travel.helpers import child_case, travel_record

ACCOMMODATION_AR = "مركز العبور في كوناكري (ثلاث ليال)."
TRANSPORT_FR = "Voiture du bureau jusqu’au centre de Conakry"
IN_ENGLISH_AR = "(مكتوب باللغة الإنجليزية)"
IN_ENGLISH_FR = "(écrit en anglais)"


@pytest.fixture
def sheet(sqlite_ctx, tmp_path):
    record = travel_record()
    case = child_case(sqlite_ctx, travel=record, until=CaseStatus.CONSENTED)
    service = TravelService(sqlite_ctx)
    record = service.record(case)
    assert record.text_language == "en"  # stamped with the language the counsellor works in

    def render(lang, second=None):
        return poppler_text(service.render_sheet(case.reference, lang, second), tmp_path)

    return service, case, render


def written(service, case, lang, texts):
    record = service.record(case)
    record.returnee = ReturneeTexts(lang, texts)
    return service.save(case, record)


def test_a_page_in_the_persons_language_prints_their_words(sheet):
    service, case, render = sheet
    record = written(service, case, "ar",
                     {"Transit centre, Conakry (3 nights)": ACCOMMODATION_AR})
    assert record.returnee.texts  # kept: the text is on the sheet
    text = render("ar")
    assert ACCOMMODATION_AR in text and "Transit centre, Conakry" not in text
    # a text nobody wrote in Arabic prints as typed, saying in Arabic it is in English
    assert "Office car to Conakry centre" in text and IN_ENGLISH_AR in text
    # a page in English prints the counsellor's words, without a note
    english = render("en")
    assert "Transit centre, Conakry (3 nights)" in english and ACCOMMODATION_AR not in english
    assert "(written in" not in english


def test_a_bilingual_sheet_prints_both(sheet):
    service, case, render = sheet
    written(service, case, "fr", {"Office car to Conakry centre": TRANSPORT_FR})
    text = render("ar", "fr")
    # Arabic first (typed in English, so noted), then the French words
    assert "Office car to Conakry centre" in text and TRANSPORT_FR in text
    assert IN_ENGLISH_AR in text
    french = render("fr")
    assert TRANSPORT_FR in french and "Office car to Conakry centre" not in french
    assert IN_ENGLISH_FR in french  # the other texts


def test_a_changed_text_loses_its_old_words(sheet):
    service, case, render = sheet
    written(service, case, "ar", {"Transit centre, Conakry (3 nights)": ACCOMMODATION_AR})
    record = service.record(case)
    record.reception.accommodation = "Family home in Matoto"
    record = service.save(case, record)
    assert record.returnee.texts == {}
    text = render("ar")
    assert ACCOMMODATION_AR not in text and "Family home in Matoto" in text


def test_from_the_command_line_as_json(sheet, tmp_path, capsys, monkeypatch):
    from counsel_app.cli import main
    from tests.conftest import TEST_PASSWORD

    service, case, render = sheet
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    url = service.ctx.db.url
    changes = tmp_path / "texts.json"
    changes.write_text(json.dumps({"returnee": {"lang": "ar", "texts": {
        "Transit centre, Conakry (3 nights)": ACCOMMODATION_AR}}}, ensure_ascii=False),
        encoding="utf-8")
    code = main(["--db", url, "travel", "set", case.reference, "--file", str(changes)])
    out, err = capsys.readouterr()
    assert code == 0, err
    pdf = tmp_path / "sheet.pdf"
    assert main(["--db", url, "travel", "sheet", case.reference, "--lang", "ar",
                 "--out", str(pdf)]) == 0
    capsys.readouterr()
    assert ACCOMMODATION_AR in poppler_text(pdf.read_bytes(), tmp_path)
    # an unknown language: one sentence naming the field, nothing saved
    changes.write_text(json.dumps({"returnee": {"lang": "xx"}}), encoding="utf-8")
    code = main(["--db", url, "travel", "set", case.reference, "--file", str(changes)])
    out, err = capsys.readouterr()
    assert code != 0 and "returnee.lang" in err and "Traceback" not in err
    assert service.record(case).returnee.lang == "ar"


def test_unknown_language_refused_by_the_service(sheet):
    service, case, _render = sheet
    record = service.record(case)
    record.returnee = ReturneeTexts("xx", {"Office car to Conakry centre": "?"})
    with pytest.raises(ValidationError) as refused:
        service.save(case, record)
    assert refused.value.field == "returnee.lang"


def test_a_town_on_the_route_reads_by_its_countrys_name_in_the_sheets_language(sheet):
    # a stop written as a town and its country code ("Kindia, GN"): the country's name in
    # the page's language, with that language's comma; it printed "Kindia, GN" on every page
    from counsel_app.travel.model import Leg

    service, case, render = sheet
    record = service.record(case)
    last = record.itinerary.legs[-1]
    record.itinerary.legs.append(Leg(
        "CKY", "Kindia, GN", "Office car", last.arrives.replace(hour=21),
        last.arrives.replace(hour=23, minute=50)))
    service.save(case, record)
    texts = {lang: render(lang) for lang in ("ar", "ur", "fr")}
    assert "Kindia، غينيا" in texts["ar"] and "Kindia، گنی" in texts["ur"]
    assert "Kindia, Guinée" in texts["fr"]
    for text in texts.values():
        assert "Kindia, GN" not in text
