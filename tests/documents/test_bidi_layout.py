"""Right-to-left lines with Latin names, numbers and brackets, checked where the glyphs
land on the page (PDFium's character boxes), not only by eye."""

from __future__ import annotations

import html
import io
import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from counsel_app.documents import fonts
from counsel_app.documents import text as text_module
from counsel_app.documents.bidi import isolate
from counsel_app.documents.text import Span, TextBlock, TextStyle, format_spans


def words(pdf: bytes, folder: Path) -> list[tuple[str, float, float, float]]:
    """(text, left x, right x, top y) of every word poppler finds on page 1, its glyphs
    in the order they stand on the page (left to right), as drawn (ToUnicode)."""
    source = folder / "bidi.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(source), "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [(html.unescape(text), float(x0), float(x1), float(y0))
            for x0, y0, x1, text in _WORD.findall(result.stdout)]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                   r"([^<]*)</word>")


def render(blocks: list[TextBlock]) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(blocks)
    return buffer.getvalue()


def xs(found, chars: str) -> list[float]:
    return [x for ch, x, _y in found if ch in chars]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    fonts.register_fonts()
    # the glyphs' own positions: without the lines' ActualText, which poppler reads as one
    # word spread over the line
    text_module.ACTUAL_TEXT = False
    lines = {
        # an Arabic goal heading with the counsellor's French sentence
        "goal": [Span("الهدف ١: ", bold=True),
                 Span("Ouvrir l’atelier (Matoto) avant mars.", isolate="auto")],
        # the Dari sharing consent with a Latin office name that has brackets
        "office": format_spans("شریک ساختن معلومات من با {recipient}",
                               recipient="Bureau de Kaboul (OIM)"),
        # a phone number and a reference in an Arabic sentence
        "phone": [Span("اتصل على "), Span("+964 770 123 4567", isolate=True),
                  Span(" بخصوص الملف "), Span("AVRR-2026-000123", isolate=True)],
        # a Latin name and an amount in brackets in a Pashto sentence, inserted as text
        "name": "د " + isolate("Aïssatou Barry") + " لپاره (" + isolate("250 USD")
                + ") ورکړل شول",
    }
    blocks = [TextBlock(content, TextStyle(size=12, space_after=40), rtl=True,
                        lang="ps" if key == "name" else "ar") for key, content in lines.items()]
    try:
        found = words(render(blocks), tmp_path_factory.mktemp("bidi"))
    finally:
        text_module.ACTUAL_TEXT = True
    rows: list[list] = []  # rows from the top of the page: a gap of 25 pt starts one
    for word in sorted(found, key=lambda w: w[3]):
        if not rows or word[3] - rows[-1][-1][3] > 25:
            rows.append([])
        rows[-1].append(word)
    assert len(rows) == len(lines)
    return {key: sorted(row, key=lambda w: w[1]) for key, row in zip(lines, rows)}


def latin(row) -> list[str]:
    """The row's Latin words, left to right."""
    return [text for text, *_ in row if any(ch.isascii() and ch.isalnum() for ch in text)]


def rtl_words(row) -> list[tuple]:
    return [w for w in row if any("\u0600" <= ch <= "\u06ff" for ch in w[0])]


def test_the_full_stop_of_a_latin_sentence_stays_at_its_end(page):
    row = page["goal"]
    assert latin(row) == ["Ouvrir", "l’atelier", "(Matoto)", "avant", "mars."]
    last_latin = max(w[2] for w in row if w[0] == "mars.")
    # the heading is on the right (where reading starts), the sentence whole on its left
    assert min(w[1] for w in rtl_words(row)) > last_latin


def test_an_office_name_keeps_its_brackets_and_order(page):
    row = page["office"]
    assert latin(row) == ["Bureau", "de", "Kaboul", "(OIM)"]
    # at the end of the sentence: left of every Dari word
    assert max(w[2] for w in row if w[0] == "(OIM)") < min(w[1] for w in rtl_words(row))


def test_phone_number_and_reference_read_left_to_right_in_their_place(page):
    row = page["phone"]
    # reading right to left: "اتصل على", the phone, "بخصوص الملف", the reference (leftmost)
    assert latin(row) == ["AVRR-2026-000123", "+964", "770", "123", "4567"]
    between = [w for w in rtl_words(row)
               if w[1] > row[0][2] and w[2] < next(x for t, x, *_ in row if t == "+964")]
    assert len(between) == 2  # "بخصوص الملف" between the reference and the phone


def test_latin_name_and_bracketed_amount_in_pashto(page):
    row = page["name"]
    assert latin(row) == ["(250", "USD)", "Aïssatou", "Barry"]
