"""The printed plan, easy-read page, handout and consent form: content, language, fonts,
watermark, page numbers, QR payload; every page renders to PNG."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from counsel_app.documents.base import check_qr_payload, qr_payload
from counsel_app.documents.fonts import UnsupportedScript
from counsel_app.documents.handout import HandoutTopicData, render_handout
from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.plan.model import Dimension, GrantCeiling, ReintegrationPlan
from counsel_app.plan.samples import sample_plan, sample_text

from .helpers import flat, font_names, normalise, pages_text, poppler_text, render_png

REF = "AVRR-2026-000123"


def doc_for(lang: str, *, sample: bool = True, **changes) -> PlanDocument:
    t = sample_text(lang)
    plan = sample_plan(REF, lang)
    for key, value in changes.items():
        setattr(plan, key, value)
    return PlanDocument(plan, person_name=t["name"], country=t["country"],
                        counsellor="Counsellor A", organisation="Centre d’accueil (exemple)",
                        is_sample=sample, printed_on=date(2026, 11, 22))


@pytest.fixture(scope="module")
def plans():
    """Each reference plan rendered once for the module (rendering is the slow part)."""
    return {lang: render_plan(doc_for(lang), lang) for lang in ("ar", "fa_AF", "ti", "fr", "en")}


# -- one reference test per script ------------------------------------------------------------

def test_arabic_plan_text_fonts_and_digits(plans, tmp_path):
    pdf = plans["ar"]
    text = poppler_text(pdf, tmp_path)
    assert normalise("فتح ورشة صغيرة لإصلاح الهواتف المحمولة") in flat(pdf)  # pypdf too
    # the counsellor's sentences come back as written (logical order, joined letters
    # normalised from their presentation forms)
    for sentence in ("فتح ورشة صغيرة لإصلاح الهواتف المحمولة",
                     "جلسات دعم نفسي شهرية",
                     "مرافقة العائلة إلى المدرسة"):
        assert normalise(sentence) in text
    assert REF in text
    assert "+964 770 000 0000" in text  # the phone number is not reversed
    # Iraqi Arabic: money with Eastern Arabic digits (1,800,000 IQD total)
    assert "١٬٨٠٠٬٠٠٠" in text
    assert any(name.startswith("NotoNaskhArabic") for name in font_names(pdf))


def test_dari_plan_keeps_words_with_zero_width_non_joiner(plans, tmp_path):
    text = poppler_text(plans["fa_AF"], tmp_path)
    # the ZWNJ is invisible and extraction returns the word without a stray mark
    assert "برنامه" in text and "ثبتنام" in text.replace("\u200c", "")
    assert "۴۵٬۰۰۰" in text  # Persian digits for Afghanistan
    assert "\ufffd" not in text


def test_tigrinya_plan_uses_the_ethiopic_font(plans):
    pdf = plans["ti"]
    text = flat(pdf)
    assert "ኣብ መቐለ ንእሽቶ ድኳን ቡን ምኽፋት" in text
    assert any(name.startswith("NotoSansEthiopic") for name in font_names(pdf))


def test_cyrillic_plan():
    plan = ReintegrationPlan(REF, summary={Dimension.ECONOMIC: "Открыть мастерскую по ремонту "
                                                               "телефонов в Тбилиси."})
    pdf = render_plan(PlanDocument(plan, person_name="Иван Петров", country="GE"), "ru")
    text = flat(pdf)
    assert "Открыть мастерскую по ремонту телефонов в Тбилиси." in text
    assert "Иван Петров" in text
    assert font_names(pdf) <= {"NotoSans-Regular", "NotoSans-Bold"}


def test_latin_plan_in_french_with_babel_formats(plans):
    text = flat(plans["fr"])
    assert "Ouvrir un petit atelier de couture à Matoto" in text
    assert "GNF" in text or "FG" in text
    assert "15 décembre 2026" in text  # Babel's French date
    assert "Aïssatou Barry" in text


def test_urdu_prints_in_nastaliq():
    plan = ReintegrationPlan(REF, summary={Dimension.SOCIAL: "بچوں کو اسکول میں داخل کرانا۔"})
    pdf = render_plan(PlanDocument(plan), "ur")
    assert any(n.startswith("NotoNastaliqUrdu") for n in font_names(pdf))
    assert not any(n.startswith("NotoNaskhArabic") for n in font_names(pdf))


def test_bengali_is_shaped_with_the_bengali_font():
    plan = ReintegrationPlan(REF, summary={Dimension.SOCIAL: "ঢাকায় পৌঁছানোর পর অফিসে যোগাযোগ "
                                                             "করুন।"})
    pdf = render_plan(PlanDocument(plan), "bn")
    assert any(n.startswith("NotoSansBengali") for n in font_names(pdf))


# -- what every printed page carries ----------------------------------------------------------

def test_sample_watermark_on_every_page_and_only_for_sample_data(plans):
    pages = pages_text(plans["en"])
    assert len(pages) >= 3
    assert all("SAMPLE" in page for page in pages)
    real = render_plan(doc_for("en", sample=False), "en")
    assert not any("SAMPLE" in page for page in pages_text(real))


def test_page_x_of_y_and_print_date(plans):
    pages = pages_text(plans["en"])
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in normalise(page)
    assert "Printed on" in pages[0] and "2026" in pages[0]


def test_organisation_and_reference_on_every_page(plans):
    for page in pages_text(plans["fr"]):
        assert REF in page
        assert "Centre d’accueil (exemple)" in normalise(page)


def test_qr_payload_holds_only_the_reference_and_a_check_number():
    payload = qr_payload(REF)
    assert payload.startswith(REF + "*") and len(payload) == len(REF) + 3
    assert check_qr_payload(payload) == REF
    # a mistyped reference or check number is caught
    assert check_qr_payload(payload.replace("123", "124")) is None
    assert check_qr_payload(payload[:-1] + str((int(payload[-1]) + 1) % 10)) is None
    assert check_qr_payload("no check") is None


def test_bilingual_plan_prints_both_languages(plans):
    pdf = render_plan(doc_for("ar"), "ar", second_lang="en", layout="beside")
    text = flat(pdf)
    assert "Types of assistance" in text  # the English headings
    assert normalise("فتح ورشة صغيرة") in text


def test_budget_above_ceiling_is_flagged():
    doc = doc_for("en")
    doc.ceiling = GrantCeiling(Decimal("100000"), "NGN")
    text = flat(render_plan(doc, "en"))
    assert "above the programme ceiling" in text


def test_user_text_in_an_unprintable_script_refuses_the_print(tmp_path):
    doc = doc_for("en")
    doc.person_name = "अनीता शर्मा"
    out = tmp_path / "plan.pdf"
    with pytest.raises(UnsupportedScript) as info:
        render_plan(doc, "en", out=out)
    assert "Devanagari" in str(info.value)
    assert not out.exists()


def test_markup_in_user_text_is_not_interpreted():
    doc = doc_for("en", notes="<b>not bold</b> & <font color=red>x</font>")
    assert "<b>not bold</b> & <font color=red>x</font>" in flat(render_plan(doc, "en"))


# -- easy read, handout, consent form ------------------------------------------------------

def test_easy_read_is_one_page_with_the_main_points(tmp_path):
    pdf = render_easy_read(doc_for("ar"), "ar")
    pages = pages_text(pdf)
    assert len(pages) == 1
    text = poppler_text(pdf, tmp_path)
    assert normalise("فتح ورشة إصلاح الهواتف") in text
    assert "+964 770 000 0000" in text  # people to call
    assert "١٤" in text  # first follow-up date, with Iraqi digits


def _easy_read_scale(lang: str) -> float:
    """The size of the easy-read page's type, as a share of its full 15 pt."""
    from counsel_app.documents.base import DocumentWriter
    from counsel_app.documents.easy_read import _scale, easy_read_story
    from counsel_app.documents.plan_pdf import EASY_READ_TITLE, _info

    doc = doc_for(lang)
    writer = DocumentWriter(_info(doc, EASY_READ_TITLE, lang, None, "below"), base_size=15)
    return _scale(writer, easy_read_story(writer, doc)[0])


def test_easy_read_in_urdu_cuts_lists_before_the_type_gets_small(tmp_path):
    """Nastaliq needs lines half as tall again as Naskh: the whole sample plan shrank the
    page to about 10 pt. The longest lists are cut instead (each says how many more the
    plan has), and the type stays above 12 pt, on one page."""
    pdf = render_easy_read(doc_for("ur"), "ur")
    assert len(pages_text(pdf)) == 1
    assert _easy_read_scale("ur") >= 0.8
    text = poppler_text(pdf, tmp_path)
    plan = sample_plan(REF, "ur")
    support = 1 + len(plan.assistance)  # the money line and each kind of help
    from counsel_app.i18n import document_translator

    more = document_translator("ur").ngettext(
        "and {n} more: see your plan", "and {n} more: see your plan", support - 1)
    assert normalise(more.format(n=support - 1)) in text  # nothing dropped silently
    assert normalise(sample_text("ur")["name"]) in text


def test_easy_read_that_fits_shows_every_list_whole():
    assert _easy_read_scale("en") == 1.0
    text = flat(render_easy_read(doc_for("en"), "en"))
    plan = sample_plan(REF, "en")
    support = 1 + len(plan.assistance)
    # only the support list is longer than the four lines a list may have
    assert text.count("see your plan") == 1 and f"and {support - 4} more" in text
    for line in (plan.arrival.reception, plan.arrival.onward_transport,
                 plan.arrival.temporary_accommodation):
        assert normalise(line) in normalise(text)


def test_handout_marks_stale_information_and_sources():
    topics = [
        HandoutTopicData("Unemployment", "Unemployment was 13.3% (2024 est.).",
                         "The World Factbook, CIA, 22 January 2026", "January 2026"),
        HandoutTopicData("Health", "Public hospitals charge small fees.", "Sample source",
                         "March 2023", True, "information from March 2023", sample=True),
    ]
    pdf = render_handout(topics, "en", country_name="Nigeria", reference=REF)
    text = flat(pdf)
    assert "may be out of date" in text and "information from March 2023" in text
    assert "Source: The World Factbook, CIA, 22 January 2026" in text
    assert "SAMPLE" in text  # a sample topic makes the handout sample


def consent_data():
    """A one-item consent form's data, English beside French (test_fonts_embedded too)."""
    bi = lambda m, s=None: SimpleNamespace(main=m, second=s)  # noqa: E731
    item = SimpleNamespace(number=1, title=bi("Return", "Retour"), text=bi("I choose to go home.",
                                                                           "Je choisis."),
                           ticked_yes=True, ticked_no=False, yes_label=bi("Yes, I agree"),
                           no_label=bi("No, I do not agree"), recorded_on=date(2026, 11, 20),
                           status=bi("Agreed"), method=None)
    return SimpleNamespace(
        reference=REF, lang="en", second_lang="fr", rtl=False, is_sample=True,
        title=bi("Consent form", "Formulaire de consentement"), title_msgid="Consent form",
        person_name="Aissatou Barry", return_country="GN", introduction=bi("Please read."),
        items=[item], interpreter_line=None, teach_back_line=None, guardian_line=None,
        signatures=[("person", bi("Signature of the person")),
                    ("counsellor", bi("Signature of the counsellor"))],
        copy_note=bi("This copy is for you."), withdrawal_note=bi("You can change your mind."),
        fingerprint_line=None)


def test_consent_form_ticks_recorded_choices():
    from counsel_app.documents.consent_form import render_consent_form

    data = consent_data()
    text = flat(render_consent_form(data))
    for expected in ("Formulaire de consentement", "I choose to go home.", "Yes, I agree",
                     "Signature of the counsellor", "Agreed"):
        assert expected in text


# -- look: every page renders ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "fa_AF", "ti", "fr", "en"])
def test_every_page_renders_to_png(plans, tmp_path, lang):
    pngs = render_png(plans[lang], tmp_path)
    assert len(pngs) == len(pages_text(plans[lang]))
    assert all(p.stat().st_size > 2000 for p in pngs)


# -- the annex of a plan refined after arrival ------------------------------------------------

ANNEX = "Annex: the plan refined after arrival"


def _refined(recorded: bool) -> PlanDocument:
    """An English plan refined after arrival from a grid whose wish was typed in French and
    its option and reason in English (``recorded``), or a version made before languages
    were recorded (none)."""
    from counsel_app.plan.model import PlanRevision, WishChange

    change = WishChange("Menuiserie", "changed", "Workshop", "Low rent")
    line = {"wish": "Menuiserie", "realistic_option": "Workshop", "rating": "with_support",
            "notes": "Low rent", "market": "Many shops"}
    if recorded:
        change.text_languages = {"wish": "fr", "option": "en", "reason": "en"}
        line["text_languages"] = {"wish": "fr", "realistic_option": "en", "notes": "en"}
    return doc_for("en", revisions=[PlanRevision(2, date(2026, 11, 30), changes=[change],
                                                 grid=[line])])


def _annex_text(pdf: bytes, lang: str, folder) -> str:
    from counsel_app.i18n import document_translator

    return poppler_text(pdf, folder).split(
        normalise(document_translator(lang).gettext(ANNEX)), 1)[1]


def test_the_annex_marks_each_caseworker_text_by_the_language_recorded_for_it(tmp_path):
    """What changed and the grid: the wish typed in French says so on the English plan,
    the option and reason typed in English do not; the grid's other cells, whose language
    is not recorded, have no mark. On an Arabic page each is marked, in reading order
    (the caseworker's words, then the note; in the grid's narrow columns the note goes on
    below, and poppler reads a table line by line across its cells). A version made
    before languages were recorded prints as before, without a mark."""
    doc = _refined(recorded=True)
    en = _annex_text(render_plan(doc, "en"), "en", tmp_path)
    changed, grid = en.split("Feasibility grid", 1)
    for part in (changed, grid):
        assert "Menuiserie (written in French)" in part
        assert "Workshop" in part and "Workshop (written" not in part
    assert "Low rent" in changed and "Low rent (written" not in changed
    assert "Many shops" in grid and "Many shops (" not in grid
    ar = _annex_text(render_plan(doc, "ar"), "ar", tmp_path)
    changed, grid = ar.rsplit("جدول الجدوى", 1)  # (the grid's heading, last)
    for text in ("Menuiserie", "Workshop", "Low rent"):
        assert f"{text} (مكتوب باللغة" in changed, text
    assert "الفرنسية)" in changed and changed.count("الإنجليزية)") == 2
    assert grid.count("(مكتوب") == 2 and "الفرنسية)" in grid  # (its wish's and option's)

    # a version made before languages were recorded prints as before: no mark at all
    for lang in ("en", "ar"):
        annex = _annex_text(render_plan(_refined(recorded=False), lang), lang, tmp_path)
        for text in ("Menuiserie", "Workshop", "Low rent", "Many shops"):
            assert text in annex and f"{text} (" not in annex, (lang, text)

