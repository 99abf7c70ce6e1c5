"""What a reader copies out of a printed page is what was written, in every document
language: poppler's pdftotext returns the catalog's strings of the plan, the easy-read
page, the handout and the consent form, with Arabic harakat and the Dari zero-width
non-joiner kept, and Bengali and Urdu letters in their reading order."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from counsel_app.documents.handout import HANDOUT_TITLE, HandoutTopicData, render_handout
from counsel_app.documents.honesty import DRAFT_NOTE
from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import (
    EASY_READ_TITLE,
    PLAN_TITLE,
    PlanDocument,
    render_plan,
)
from counsel_app.i18n import D_, DOCUMENT_LANGUAGES, document_translator
from counsel_app.plan.samples import sample_plan, sample_text

REF = "AVRR-2026-000123"
PLAN_STRINGS = (PLAN_TITLE, D_("1. Summary of the plan"), D_("2. Types of assistance"),
                D_("Arrival arrangements"), D_("Signatures"), D_("Goals and actions"))
EASY_STRINGS = (EASY_READ_TITLE, D_("When you arrive"), D_("Your next steps"))
HANDOUT_STRINGS = (HANDOUT_TITLE,)
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def logical(text: str) -> str:
    """Text as written: NFC, marks of direction dropped, whitespace collapsed; the
    zero-width non-joiner and harakat are kept."""
    return re.sub(r"\s+", " ", _CONTROLS.sub("", unicodedata.normalize("NFC", text))).strip()


def pdftotext(pdf: bytes, folder: Path, name: str) -> str:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return logical(result.stdout)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Plan, easy-read page and handout in every document language, as pdftotext reads
    them (rendered once for the module)."""
    folder = tmp_path_factory.mktemp("extracted")
    out = {}
    for lang in DOCUMENT_LANGUAGES:
        t = sample_text(lang)
        doc = PlanDocument(sample_plan(REF, lang), person_name=t["name"], country=t["country"],
                           printed_on=date(2026, 11, 22))
        topic = HandoutTopicData("Health", "Public hospitals charge small fees.",
                                 "Sample source", "March 2025", lang="en",
                                 language_note="source language: English")
        out[lang] = {
            "plan": pdftotext(render_plan(doc, lang), folder, f"plan-{lang}"),
            "easy": pdftotext(render_easy_read(doc, lang), folder, f"easy-{lang}"),
            "handout": pdftotext(render_handout([topic], lang, reference=REF), folder,
                                 f"handout-{lang}"),
        }
    return out


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_catalog_strings_come_back_as_written(extracted, lang):
    t = document_translator(lang)
    for kind, msgids in (("plan", PLAN_STRINGS), ("easy", EASY_STRINGS),
                         ("handout", HANDOUT_STRINGS)):
        text = extracted[lang][kind]
        for msgid in msgids:
            expected = logical(t.gettext(msgid)) if t.has(msgid) else logical(msgid)
            assert expected in text, f"{lang} {kind}: {expected!r} not in the extracted text"


@pytest.mark.parametrize("lang, word", [
    ("ar", "بعدُ أحدٌ"),          # harakat (damma, dammatan) in the draft note
    ("fa_AF", "مادری\u200cاش"),   # the zero-width non-joiner
    ("ur", "اہلِ زبان"),          # Nastaliq ligatures and the zer
    ("bn", "মাতৃভাষী"),            # Bengali vowel signs in reading order
])
def test_marks_and_joiners_survive_extraction(extracted, lang, word):
    assert logical(document_translator(lang).gettext(DRAFT_NOTE)) in extracted[lang]["plan"]
    assert word in extracted[lang]["plan"]


@pytest.mark.parametrize("lang", ["ar", "fa_AF", "ps", "ur", "bn", "am", "ti"])
def test_the_counsellors_sentences_in_the_persons_script_come_back(extracted, lang):
    """The sample plans are written in their language: the first words of the economic
    summary and a goal come back in reading order."""
    t = sample_text(lang)
    text = extracted[lang]["plan"]
    for sentence in (t["summary"][0], t["goals"][0][0]):
        start = " ".join(logical(sentence).split()[:3])
        assert start in text, f"{lang}: {start!r}"


MIXED_LINES = (
    "1. ملخص الخطة",
    "Conakry (Matoto)",
    "الهدف ١: Ouvrir l’atelier (Matoto) avant mars.",
    "اتصل على +964 770 000 0000 الآن",
    "الملف: AVRR-2026-000123",
    "العربية (ar): ٦٨ ٪",
    "Aïssatou Barry — مرشدة",
)


@pytest.mark.parametrize("filler", ["نص عربي للتعبئة " * 12, "Latin filler text " * 12])
def test_mixed_lines_come_back_whatever_the_page_direction(filler, tmp_path):
    """pdftotext rebuilds reading order with one rule per page (its direction is the
    majority of the page's letters): every line's ActualText is arranged for that rule."""
    from counsel_app.documents.base import DocumentInfo, DocumentWriter

    writer = DocumentWriter(DocumentInfo(title=PLAN_TITLE, lang="ar", qr=False))
    story = [writer.text(line) for line in MIXED_LINES]
    story += [writer.text(filler)] * 3
    text = pdftotext(writer.build(story), tmp_path, "mixed")
    for line in MIXED_LINES:
        assert logical(line) in text, line


CONSENT_STRINGS = (D_("Consent form"), D_("Yes, I agree"), D_("No, I do not agree"),
                   D_("Signature of the person"))


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_the_consent_form_comes_back_as_written(sqlite_ctx, tmp_path, lang):
    """The consent form in every document language: printed alone where its texts are all
    in that language, else beside English (never alone: the rule refuses it), and its
    wording comes back from the page as written."""
    from counsel_app.consent.form import ConsentTextsMissing, build_form
    from counsel_app.consent.rules import ConsentState
    from counsel_app.consent.texts import TextStore
    from counsel_app.documents.consent_form import render_consent_form

    def form(second=None):
        return build_form(reference=REF, person_name=sample_text(lang)["name"],
                          return_country="GN", is_sample=True, state=ConsentState(REF),
                          store=TextStore(sqlite_ctx.db), lang=lang, second_lang=second,
                          recipients={"IOM-GN-CKY": "OIM Conakry"})

    try:
        data = form()
    except ConsentTextsMissing:
        data = form("en")
    text = pdftotext(render_consent_form(data), tmp_path, f"consent-{lang}")
    t = document_translator(lang)
    for msgid in CONSENT_STRINGS:
        expected = logical(t.gettext(msgid)) if t.has(msgid) else logical(msgid)
        assert expected in text, f"{lang}: {expected!r} not in the extracted text"
    if data.second_lang:  # beside English: the English wording is there too
        assert "Yes, I agree" in text
