"""Two-language fields: a plan's free text can hold the returnee-language words beside the
counsellor's (written by the counsellor or an interpreter, never machine-translated). A
page in that language prints them; a page in another language prints the counsellor's text
with a note naming its language; a text the counsellor changes loses its translation."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.errors import ValidationError
from counsel_app.plan.model import plan_from_data, plan_to_data
from counsel_app.plan.samples import sample_plan, sample_text

from .helpers import poppler_text

REF = "AVRR-2026-000123"
GOAL_AR = "فتح ورشة خياطة في ماتوتو (بعد التدريب)."
RECEPTION_AR = "يستقبلك موظف من المكتب في المطار."
IN_FRENCH_AR = "(مكتوب باللغة الفرنسية)"


def french_plan_with_arabic():
    plan = sample_plan(REF, "fr")
    assert plan.text_language == "fr"
    plan.returnee.lang = "ar"
    plan.returnee.texts[plan.goals[0].goal] = GOAL_AR
    plan.returnee.texts[plan.arrival.reception] = RECEPTION_AR
    return plan


def rendered(plan, lang, tmp_path, second=None, easy=False) -> str:
    t = sample_text("fr")
    doc = PlanDocument(plan, person_name=t["name"], country=t["country"],
                       printed_on=date(2026, 11, 22))
    pdf = render_easy_read(doc, lang) if easy else render_plan(doc, lang, second_lang=second)
    return poppler_text(pdf, tmp_path)


def test_the_plan_keeps_both_texts(tmp_path):
    plan = french_plan_with_arabic()
    again = plan_from_data(plan_to_data(plan))
    assert again.text_language == "fr" and again.returnee == plan.returnee


def test_a_page_in_the_returnees_language_prints_their_words(tmp_path):
    plan = french_plan_with_arabic()
    text = rendered(plan, "ar", tmp_path)
    assert GOAL_AR in text and RECEPTION_AR in text
    assert plan.goals[0].goal not in text and plan.arrival.reception not in text
    # what has no Arabic words prints as typed, saying in Arabic which language it is in
    assert plan.arrival.onward_transport in text
    assert text.count(IN_FRENCH_AR) >= 10


def test_a_page_in_the_counsellors_language_prints_their_text_without_a_note(tmp_path):
    plan = french_plan_with_arabic()
    text = rendered(plan, "fr", tmp_path)
    assert plan.goals[0].goal in text and GOAL_AR not in text
    assert "écrit en" not in text


def test_a_page_in_a_third_language_names_the_language_of_the_text(tmp_path):
    text = rendered(french_plan_with_arabic(), "en", tmp_path)
    assert "(written in French)" in text and GOAL_AR not in text


def test_a_bilingual_print_shows_both_texts(tmp_path):
    plan = french_plan_with_arabic()
    text = rendered(plan, "ar", tmp_path, second="fr")
    assert GOAL_AR in text and plan.goals[0].goal in text
    assert RECEPTION_AR in text and plan.arrival.reception in text


def test_the_easy_read_page_uses_the_returnees_words(tmp_path):
    plan = french_plan_with_arabic()
    text = rendered(plan, "ar", tmp_path, easy=True)
    assert GOAL_AR in text and RECEPTION_AR in text


def test_a_changed_text_loses_its_translation(tmp_path):
    plan = french_plan_with_arabic()
    plan.goals[0].goal = "Ouvrir un atelier de couture à Kaloum."
    text = rendered(plan, "ar", tmp_path)
    assert GOAL_AR not in text and "Ouvrir un atelier de couture à Kaloum." in text
    plan.keep_current_translations()
    assert set(plan.returnee.texts) == {plan.arrival.reception}


def test_the_service_records_the_language_the_counsellor_writes_in(sqlite_ctx):
    from counsel_app.i18n import interface_language, set_interface_language
    from counsel_app.plan.service import PlanService
    from tests.consent.helpers import make_case

    case = make_case(sqlite_ctx)
    service = PlanService(sqlite_ctx)
    plan = sample_plan(case.reference, "fr")
    plan.text_language = ""
    before = interface_language()
    set_interface_language("fr")
    try:
        saved = service.save(plan)
    finally:
        set_interface_language(before)
    assert saved.text_language == "fr"
    plan = service.get(case.reference)
    plan.returnee.lang = "xx"
    with pytest.raises(ValidationError) as info:
        service.save(plan)
    assert "unknown document language “xx”" in str(info.value)
    assert service.get(case.reference).returnee.lang == ""  # nothing changed
