"""The foot of every page (the draft notes, the sample line, the print date and page
number) is a stack of lines that never touch: seen in the Urdu plan, where the tall
Nastaliq sample line ("نمونہ معلومات: حقیقی فرد نہیں") ran into the English draft note
above it."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import date

import pytest

from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.plan.samples import sample_plan, sample_text

REF = "AVRR-2026-000123"
#: how far two lines' boxes may overlap (pt): the boxes hold the fonts' whole ascent and
#: descent, so Naskh and Nastaliq lines reach up to 3.6 pt into their neighbour with no mark
#: touching it (looked at, 200 dpi); the Urdu sample line overlapped the draft note above by
#: 6.1 pt (8.5 pt in a bilingual plan), its marks on the letters of "checked"
OVERLAP = 4.0
_WORD = re.compile(r'\s*<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                   r'yMax="([\d.]+)">(.*)</word>')


def footer_overlaps(pdf: bytes, folder) -> list[tuple]:
    """Pairs of words of the page's foot (its lowest 70 pt) whose boxes overlap, as
    pdftotext -bbox reads them (the boxes hold each font's ascent and descent)."""
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, timeout=60).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))
    words = [(*map(float, m.groups()[:4]), html.unescape(m.group(5)))
             for m in map(_WORD.match, out.splitlines()) if m]
    foot = [w for w in words if w[1] > height - 70]
    assert len(foot) >= 3, foot  # (a line copied as one span is one "word")
    return [(a[4], b[4]) for i, a in enumerate(foot) for b in foot[i + 1:]
            if min(a[2], b[2]) - max(a[0], b[0]) > 1
            and min(a[3], b[3]) - max(a[1], b[1]) > OVERLAP]


def doc(lang: str) -> PlanDocument:
    t = sample_text(lang)
    return PlanDocument(sample_plan(REF, "fr"), person_name=t["name"], country="GN",
                        is_sample=True, printed_on=date(2026, 11, 22))


@pytest.mark.parametrize("lang, second", [("ur", None), ("ur", "fr"), ("fr", "ur"),
                                          ("ar", "fr"), ("ps", None), ("am", None)])
def test_the_lines_at_the_foot_of_the_page_do_not_touch(lang, second, tmp_path):
    pdf = render_plan(doc(lang), lang, second_lang=second)
    assert footer_overlaps(pdf, tmp_path) == []


def test_the_urdu_easy_read_page_foot_does_not_touch(tmp_path):
    assert footer_overlaps(render_easy_read(doc("ur"), "ur"), tmp_path) == []
