"""The travel sheet's "What to bring" list stays in the text column beside its pictogram:
on a right-to-left sheet the items do not run under the bag drawn on the start side, and
a long item wraps inside the page on a left-to-right one (word boxes read back from the
PDF)."""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from counsel_app.documents import text as text_module
from counsel_app.documents.base import PAGE_MARGIN
from counsel_app.travel.sheet import render_sheet

from .test_travel_sheet_text import sheet

OTHER = ("Warm clothes for the child, the sewing certificate from the training centre and "
         "the letter from the school in Tunis about the child's classes")
#: the pictogram column: a 13 mm drawing and 4 mm beside it
PICTOGRAM = 13 * mm

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                   r"([^<]*)</word>")


def bring_words(lang: str, folder) -> list[tuple[str, float, float]]:
    """(text, left x, right x) of the words of the list's items (the typed item and the
    luggage line), from the glyphs as drawn."""
    doc = dataclasses.replace(sheet(lang), bring_other=OTHER, luggage="23 kg + 8 kg cabin")
    text_module.ACTUAL_TEXT = False
    try:
        pdf = render_sheet(doc, lang)
    finally:
        text_module.ACTUAL_TEXT = True
    source = folder / f"sheet-{lang}.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-bbox", str(source), "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    found = [(html.unescape(t), float(x0), float(x1), float(y0))
             for x0, y0, x1, t in _WORD.findall(result.stdout)]
    rows: dict[float, list] = {}
    for word in found:
        rows.setdefault(round(word[3]), []).append(word)
    item_words = set(OTHER.split()) | {"kg", "cabin"}
    out = [(t, x0, x1) for row in rows.values() if any(w[0] in item_words for w in row)
           for t, x0, x1, _y in row]
    assert any(t == "cabin" for t, _x0, _x1 in out) and any(t == "Warm" for t, *_ in out)
    return out


@pytest.mark.parametrize("lang", ["ar", "fa_AF", "ur"])
def test_the_items_stay_beside_the_bag_on_a_right_to_left_sheet(tmp_path, lang):
    column_end = A4[0] - PAGE_MARGIN - PICTOGRAM  # where the pictogram begins
    for word, _x0, x1 in bring_words(lang, tmp_path):
        assert x1 <= column_end, f"{lang}: {word!r} ends at {x1:.0f}, under the pictogram"


def test_a_long_item_wraps_inside_the_page(tmp_path):
    for word, x0, x1 in bring_words("en", tmp_path):
        assert x0 >= PAGE_MARGIN + PICTOGRAM, f"{word!r} starts under the pictogram"
        assert x1 <= A4[0] - PAGE_MARGIN, f"{word!r} ends at {x1:.0f}, past the margin"
