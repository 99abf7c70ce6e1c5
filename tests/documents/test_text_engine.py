"""The text engine: bidi order, shaping, wrapping, alignment, refusal of unknown scripts."""

import pytest
from bidi import get_display

from counsel_app.documents import fonts
from counsel_app.documents.bidi import display, isolate
from counsel_app.documents.fonts import ARABIC, UnsupportedScript
from counsel_app.documents.text import Paragraph, Span, TextBlock, TextStyle, line_x, shape

MIXED = [
    ("سلام عليكم AVRR-2026-000123 يا صديقي", 1),
    ("The name is محمد علي and 25 years", 0),
    ("المبلغ 1,500.50 دولار تقريبا", 1),
    ("abc 123 def", 1),
    ("شماره AVRR-2026-000123، تماس: +93 70 123 4567", 1),
]


@pytest.mark.parametrize("text, base", MIXED)
def test_visual_order_matches_python_bidi(text, base):
    assert display(text, base) == get_display(text, base_dir="R" if base else "L")


def test_isolated_phone_number_keeps_its_order_in_arabic():
    phone = "+964 770 000 0000"
    plain = display(f"اتصل {phone} الآن", 1)
    assert phone not in plain  # the bidi algorithm alone reverses the groups
    assert phone in display(f"اتصل {isolate(phone, 'ltr')} الآن", 1)


def test_an_isolated_value_keeps_its_full_stop_and_brackets():
    goal = "Ouvrir l’atelier (Matoto)."
    # not isolated, the French sentence's full stop and bracket go to the Arabic side
    assert display(f"الهدف ١: {goal}", 1).startswith(".")
    shown = display(f"الهدف ١: {isolate(goal)}", 1)
    assert shown.startswith(goal)  # the sentence whole, at the left end of the line


def test_arabic_letters_are_joined():
    fonts.register_fonts()
    shaped = shape("سلام", ARABIC, False, True, "ar")
    face = fonts.ttfont(ARABIC).face
    # four letters; at least the first two take joined (initial/medial) forms, which are
    # different glyphs from the isolated letters
    isolated = {face.charToGlyph[ord(ch)] for ch in "سلام"}
    used = {face.charToGlyph[ord(code)] for code in shaped.codes}
    assert used - isolated, "no joined forms: letters were printed unjoined"


def test_zero_width_non_joiner_leaves_no_mark_and_stops_joining():
    fonts.register_fonts()
    with_zwnj = shape("می\u200cگیرید", ARABIC, False, True, "fa")
    without = shape("میگیرید", ARABIC, False, True, "fa")
    # seven letters, seven glyphs: nothing is drawn for the ZWNJ itself
    assert len(with_zwnj.codes) == 7
    assert "\u200c" not in with_zwnj.codes
    # but it stops the joining: ی before it takes its final form, not the medial one
    assert "\ufbfd" in with_zwnj.codes and "\ufbfd" not in without.codes


def test_arabic_paragraph_wraps_in_reading_order_and_aligns_right():
    words = ["خطة", "إعادة", "الإدماج", "الفردية", "للحالة", "ستساعد", "المستفيد", "على",
             "فتح", "ورشة", "صغيرة"]
    paragraph = Paragraph([Span(" ".join(words))], TextStyle(size=12), True, "ar")
    lines = paragraph.wrap_lines(120)
    assert len(lines) > 2
    style = TextStyle(size=12)
    for line in lines:
        assert line.width <= 120 + 0.01
        x = line_x(line, 0, 120, style, True)
        assert abs(x + line.width - 120) < 0.01  # flush right


def test_wrapped_arabic_lines_read_in_order(tmp_path):
    """Wrapping happens in logical order: line 1 holds the first words, the last line the
    last ones, each line reads right to left (checked through poppler's text output)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from .helpers import poppler_text

    sentence = ("سيحصل المستفيد على منحة قدرها ألف وخمسمائة يورو لشراء معدات ورشة الخياطة "
                "في مدينة الخرطوم وسيتابعه المرشد بعد ثلاثة أشهر")
    path = tmp_path / "wrap.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=380, rightMargin=60)
    block = TextBlock(sentence, TextStyle(size=12), rtl=True, lang="ar")
    block.wrap(595 - 440 - 12, 1000)
    assert len(block._lines) >= 3
    doc.build([block])
    text = poppler_text(path.read_bytes(), tmp_path)
    assert text.strip().startswith("سيحصل المستفيد")
    assert text.strip().endswith("بعد ثلاثة أشهر")
    words = sentence.split()
    assert text.split() == words  # every word once, in reading order


def test_text_in_a_script_without_font_stops_the_print():
    with pytest.raises(UnsupportedScript) as info:
        TextBlock("Name: अनीता शर्मा", TextStyle(), rtl=False, lang="en")
    assert "Devanagari" in str(info.value)
    assert info.value.script == "Devanagari"


def test_every_document_language_sample_is_covered_by_the_bundled_fonts():
    samples = {
        "ar": "خطة", "fa_AF": "برنامه‌ی", "ps": "ښځې", "ur": "منصوبہ", "am": "ዕቅድ",
        "ti": "መደብ", "ru": "план", "uk": "їжа", "bn": "পরিকল্পনা", "fr": "réintégration",
        "so": "qorshe", "es": "reintegración", "ka": "გეგმა", "hy": "ծրագիր",
        "ckb": "پلانی تێکەڵبوونەوە", "sq": "riintegrimit ë ç",
    }
    for lang, word in samples.items():
        assert fonts.missing_characters(word) == [], lang


def test_markup_in_user_text_is_printed_literally():
    block = TextBlock("<b>bold?</b> & <font size=40>x</font>", TextStyle(), rtl=False,
                      lang="en")
    assert block.text == "<b>bold?</b> & <font size=40>x</font>"
