"""A phone number is dialled as one: a printed line never ends in the middle of it.

Seen in the demo's documents: the easy-read page of a plan written in French and printed in
Arabic, Dari, Pashto or Urdu put "+224 621" at the end of one line and "00 00 00" on the
next (the "(written in French)" note before it made the line full)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.documents import fonts
from counsel_app.documents.text import Paragraph, Span, TextStyle
from counsel_app.plan.samples import sample_plan, sample_text

REF = "AVRR-2026-000123"
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def lines_of(pdf: bytes, folder: Path) -> list[str]:
    """The printed lines as pdftotext reads them, marks of direction dropped."""
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = _CONTROLS.sub("", unicodedata.normalize("NFC", result.stdout))
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


def phones(plan) -> list[str]:
    numbers = [c.phone for c in plan.contacts if c.phone]
    if plan.mentor.contact:
        numbers.append(plan.mentor.contact)
    return numbers


def french_plan_for(lang: str) -> PlanDocument:
    """The demo's case: the counsellor wrote the plan in French, the person reads ``lang``."""
    t = sample_text(lang)
    return PlanDocument(sample_plan(REF, "fr"), person_name=t["name"], country="GN",
                        counsellor="Counsellor A", is_sample=True,
                        printed_on=date(2026, 11, 22))


@pytest.mark.parametrize("lang", ["ar", "fa_AF", "ps", "ur", "ckb", "fr", "am"])
def test_easy_read_prints_each_phone_number_on_one_line(lang, tmp_path):
    doc = french_plan_for(lang)
    numbers = phones(doc.plan)
    assert numbers
    lines = lines_of(render_easy_read(doc, lang), tmp_path)
    for number in numbers:
        assert any(number in line for line in lines), (number, lines)


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_plan_prints_each_phone_number_on_one_line(lang, tmp_path):
    doc = french_plan_for(lang)
    lines = lines_of(render_plan(doc, lang), tmp_path)
    for number in phones(doc.plan):
        assert any(number in line for line in lines), (number, lines)


@pytest.mark.parametrize("rtl, lang, words", [(True, "ar", "اتصل بالمرشدة"),
                                              (False, "fr", "Appelez la conseillère")])
def test_a_line_breaks_before_a_number_not_inside_it(rtl, lang, words):
    number = "+224 621 00 00 00"
    paragraph = Paragraph([Span(words), Span("  "), Span(number, isolate=True)],
                          TextStyle(size=10), rtl, lang)
    full = paragraph.wrap_lines(1000)[0].width
    # room for the words and the first groups of the number, not for all of it
    lines = paragraph.wrap_lines(full - 20)
    assert len(lines) == 2
    assert lines[1].text.strip() == number


def test_a_long_isolated_text_still_breaks_between_its_words():
    text = "Marché Madina, boutique 12, demander Hawa"
    paragraph = Paragraph([Span(text, isolate=True)], TextStyle(size=10), False, "fr")
    lines = paragraph.wrap_lines(paragraph.wrap_lines(1000)[0].width / 2)
    assert len(lines) >= 2
    assert " ".join(line.text for line in lines) == text


def test_urdu_keeps_the_gaps_between_the_digit_groups_of_a_number():
    """Nastaliq's word space is a sliver: in Urdu documents "+224 620 00 00 00" printed as
    "+224620000000". A space between digits is as wide as in the other documents."""
    size = 10
    for lang, rtl, words in (("ur", True, "رابطہ "), ("ar", True, "اتصل "),
                             ("fr", False, "Tél. ")):
        paragraph = Paragraph([Span(words), Span("+224 620 00 00 00", isolate=True)],
                              TextStyle(size=size), rtl, lang)
        gaps = [advance for ch, before, advance
                in zip(paragraph.text[1:], paragraph.text, paragraph.advances[1:])
                if ch == " " and before.isdigit()]
        assert len(gaps) == 4
        assert min(gaps) >= 0.2 * size, (lang, gaps)  # Nastaliq's own: 0.13
    # the travel sheet keeps its numbers on one line with no-break spaces: the same width
    sheet = Paragraph([Span("+224\u00a0620\u00a000\u00a000\u00a000", isolate=True)],
                      TextStyle(size=size), True, "ur")
    gaps = [advance for ch, advance in zip(sheet.text, sheet.advances) if ch == "\u00a0"]
    assert len(gaps) == 4 and min(gaps) >= 0.2 * size, gaps
    # the words of the sentence keep Nastaliq's own spacing
    urdu = Paragraph([Span("آپ کا رابطہ")], TextStyle(size=size), True, "ur")
    assert {run.family for run in urdu.runs} == {fonts.NASTALIQ}
