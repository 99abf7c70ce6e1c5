"""A bilingual print is bilingual everywhere: every fixed text printed in the first
language is printed in the second too (labels, headings, assistance types, yes/no, totals,
goal headings, dates, page furniture); the easy-read page never drops an item silently;
a column header never breaks inside a word."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.documents import base
from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import (
    WRITTEN_IN,
    PlanDocument,
    render_plan,
)
from counsel_app.plan.model import ContactPoint, FollowUp, Goal
from counsel_app.plan.samples import sample_plan, sample_text
from counsel_app.i18n import document_translator

from .helpers import pages_text, poppler_text

REF = "AVRR-2026-000123"
#: printed once on purpose: the watermark word (its English twin is drawn beside it), and
#: the note naming the language of the counsellor's text for a reader of the other language
ONE_LANGUAGE = {"SAMPLE", WRITTEN_IN}


def doc_for(text_lang: str) -> PlanDocument:
    t = sample_text(text_lang)
    return PlanDocument(sample_plan(REF, text_lang), person_name=t["name"], country=t["country"],
                        is_sample=True, printed_on=date(2026, 11, 22))


@pytest.fixture
def used(monkeypatch):
    """(language, msgid) of every fixed text the documents print."""
    seen: set[tuple[str, str]] = set()
    call, plural = base._Lang.__call__, base._Lang.ngettext

    def record(self, msgid):
        seen.add((self.code, msgid))
        return call(self, msgid)

    def record_plural(self, singular, plural_form, n):
        seen.add((self.code, singular))
        return plural(self, singular, plural_form, n)

    monkeypatch.setattr(base._Lang, "__call__", record)
    monkeypatch.setattr(base._Lang, "ngettext", record_plural)
    return seen


@pytest.mark.parametrize("first, second, text_lang", [("ar", "fr", "fr"), ("ti", "en", "ti")])
def test_every_fixed_text_is_printed_in_both_languages(used, tmp_path, first, second,
                                                       text_lang):
    pdf = render_plan(doc_for(text_lang), first, second_lang=second)
    in_first = {msgid for lang, msgid in used if lang == first}
    in_second = {msgid for lang, msgid in used if lang == second}
    missing = in_first - in_second - ONE_LANGUAGE
    assert not missing, f"printed in {first} only: {sorted(missing)}"
    # and what is printed really is there, e.g. the second language's date and yes/no
    text = poppler_text(pdf, tmp_path)
    t2 = document_translator(second)
    for msgid in ("Yes", "No", "Total", "2. Types of assistance"):
        assert t2.gettext(msgid) in text, msgid
    if second == "fr":
        assert "15 décembre 2026" in text  # the expected arrival in French too


def test_easy_read_says_how_many_more_the_plan_has(tmp_path):
    doc = doc_for("en")
    plan = doc.plan
    plan.goals = [Goal(goal=f"Step number {i}") for i in range(1, 7)]
    plan.contacts = [ContactPoint(name=f"Person {i}", phone="+234 800 000 0000")
                     for i in range(1, 6)]
    plan.follow_up = [FollowUp(months_after_arrival=m) for m in (1, 2, 3, 6, 9, 12)]
    text = poppler_text(render_easy_read(doc, "en"), tmp_path)
    assert "Step number 3" in text and "Step number 4" not in text
    assert "and 3 more: see your plan" in text  # goals: 6, 3 shown
    assert "and 2 more: see your plan" in text  # contacts: 5, 3 shown; visits: 6, 4 shown


def test_a_column_header_never_breaks_inside_a_word(tmp_path):
    """Russian "Количество" (quantity) is wider than its narrow column: it is set smaller,
    in one piece, not cut into "Количеств" / "о"."""
    pdf = render_plan(doc_for("en"), "ru")
    t = document_translator("ru")
    text = poppler_text(pdf, tmp_path)
    for msgid in ("Quantity", "Estimated cost"):
        for word in t.gettext(msgid).split():
            assert f" {word} " in f" {text} ", word
