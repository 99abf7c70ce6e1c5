"""Honesty on paper: draft translations say so on every page (in their language and the
counsellor's), English left in a document is marked [EN] where it stands, a consent form
is never printed alone in a language that lacks its texts, the command line warns."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app import consent
from counsel_app.consent.form import ConsentTextsMissing, build_form, consent_form_data
from counsel_app.consent.rules import ConsentState
from counsel_app.consent.texts import TextStore
from counsel_app.documents.consent_form import render_consent_form
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.i18n import interface_language, set_interface_language
from counsel_app.plan.samples import sample_plan, sample_text
from tests.consent.helpers import OFFICE, all_given, circumstances, make_case

from .helpers import normalise, pages_text, poppler_text

REF = "AVRR-2026-000123"
SOMALI_DRAFT = "Turjumaaddan weli ma hubin qof afkan hooyo u ah."


def plan_in(lang: str) -> bytes:
    t = sample_text("fr")
    doc = PlanDocument(sample_plan(REF, "fr"), person_name=t["name"], country=t["country"],
                       printed_on=date(2026, 11, 22))
    return render_plan(doc, lang)


@pytest.fixture
def interface_french():
    before = interface_language()
    set_interface_language("fr")
    yield
    set_interface_language(before)


def test_a_partial_catalog_says_so_on_every_page_in_both_languages_and_marks_english(
        tmp_path):
    pdf = plan_in("so")
    pages = [normalise(page) for page in pages_text(pdf)]
    assert len(pages) >= 3
    for page in pages:
        assert SOMALI_DRAFT in page
        assert "Draft translation, not yet checked by a native speaker: Somali." in page
        assert "Texts marked [EN] are still in English." in page
    # the signature statement has no Somali translation: it prints in English, marked
    text = poppler_text(pdf, tmp_path)
    assert "[EN] We have read this plan together." in text


def test_a_complete_unreviewed_catalog_says_so_in_the_counsellors_language(
        interface_french, tmp_path):
    pdf = plan_in("ar")
    for page in pages_text(pdf):
        flat = normalise(page)
        assert ("Traduction provisoire, pas encore vérifiée par une personne de langue "
                "maternelle : arabe.") in flat
    text = poppler_text(pdf, tmp_path)
    assert "لم يراجع هذه الترجمة بعد أحد من أهل اللغة" in text.replace("ُ", "").replace("ٌ", "")
    assert "[EN]" not in text  # complete: nothing left in English


def test_the_source_language_prints_without_a_note():
    text = " ".join(pages_text(plan_in("en")))
    assert "native speaker" not in text and "[EN]" not in text


def test_a_somali_consent_form_alone_is_refused_with_the_reason(sqlite_ctx):
    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, all_given(), circumstances())
    with pytest.raises(ConsentTextsMissing) as info:
        consent_form_data(sqlite_ctx, case.reference, "so")
    message = str(info.value)
    assert "Somali alone" in message and "second language the person reads" in message


def test_a_somali_consent_form_prints_beside_french_with_english_marked(sqlite_ctx,
                                                                         tmp_path):
    state = ConsentState(REF)
    form = build_form(reference=REF, person_name="Cabdi Xasan", return_country="SO",
                      is_sample=True, state=state, store=TextStore(sqlite_ctx.db),
                      lang="so", second_lang="fr", recipients={OFFICE: "OIM Muqdisho"})
    assert all(item.text.main.strip("\u2066\u2069").startswith("[EN] ") for item in form.items
               if item.text_language != "so")
    text = poppler_text(render_consent_form(form), tmp_path)
    assert "Texts marked [EN] are still in English." in text or "[EN]" in text
    assert "Le formulaire" not in text  # (the interface message is not printed)
    assert "Je choisis" in text or "Ma décision" in text or "retour" in text


def test_the_plan_command_warns_like_the_print_screen(capsys, sqlite_ctx, monkeypatch,
                                                      tmp_path):
    from counsel_app.cli import main
    from tests.conftest import TEST_PASSWORD

    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    case = make_case(sqlite_ctx)
    code = main(["--db", str(sqlite_ctx.db.url), "plan", case.reference, "--lang", "so",
                 "--out", str(tmp_path / "plan.pdf")])
    err = capsys.readouterr().err
    assert "Warning: The Somali translation of these documents is incomplete" in err
    # (the case has no plan yet: the command stops with one sentence after the warning)
    assert code != 0 and "has no plan yet" in err


def test_one_consent_text_missing_is_said_in_the_singular(monkeypatch):
    """A form short of one text: "1 of its 12 texts is not translated", not "are"; in
    French "1 de ses 12 textes n’est pas traduit"."""
    from counsel_app.consent import form as module
    from counsel_app.i18n import set_interface_language

    monkeypatch.setattr(module, "untranslated_parts", lambda lang, items, second=False: (1, 12))

    def refusal(second=None):
        with pytest.raises(ConsentTextsMissing) as info:
            module.check_consent_languages("so", second, [])
        return str(info.value)

    assert "in Somali alone: 1 of its 12 texts is not translated into Somali and would " \
        "print in English." in refusal()
    assert "1 of its 12 texts is not in Somali, and Tigrinya lacks some too." in refusal("ti")
    set_interface_language("fr")
    assert "1 de ses 12 textes n’est pas traduit en somali et serait imprimé en anglais." \
        in refusal()
