"""The print panel's choices as a request, its advice and the saved file's name (no Qt)."""

from __future__ import annotations

from pathlib import Path

from counsel_app.plan.print_request import PrintRequest, advice_for, make_request, pdf_target


def test_the_easy_read_page_and_a_repeated_language_have_no_second_language():
    assert make_request("fr", "en", "beside", False) == PrintRequest("fr", "en", "beside")
    assert make_request("fr", "en", "beside", True).bilingual is None
    assert make_request("fr", "fr", "below", False).bilingual is None
    assert make_request("fr", "", "below", False).bilingual is None
    assert make_request("fr", "en", "beside", False).file_name("GN-1") == \
        "GN-1-plan-fr-en.pdf"
    assert make_request("ar", None, "below", True).file_name("GN-1") == \
        "GN-1-easy-read-ar.pdf"


def test_a_language_not_reviewed_offers_a_complete_language_beside_it():
    from counsel_app.i18n.languages import document_languages, print_advice

    warned = [i.code for i in document_languages() if print_advice(i.code).warn
              and print_advice(i.code).bilingual_with]
    assert warned, "some document language is not complete"
    lang = warned[0]
    advice = advice_for(lang, None, False)
    assert advice.message and advice.companion in print_advice(lang).bilingual_with
    assert advice_for(lang, None, True).companion == ""  # the easy-read page: no second
    assert advice_for(lang, advice.companion, False).companion == ""  # already chosen
    assert advice_for("en", None, False) == advice_for("en", "fr", False)
    assert advice_for("en", None, False).message == ""
    assert advice_for("xx-not-a-language", None, False).message == ""


def test_save_as_pdf_adds_the_suffix_when_missing(tmp_path):
    assert pdf_target(tmp_path / "plan") == tmp_path / "plan.pdf"
    assert pdf_target(str(tmp_path / "Plan.PDF")) == tmp_path / "Plan.PDF"
    assert pdf_target("a.b") == Path("a.b.pdf")
