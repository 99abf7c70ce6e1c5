"""Text layout for every script we print: HarfBuzz shaping, bidi, wrapping, alignment.

Why not ReportLab's ``Paragraph``: with ``shaping=1`` it joins Arabic letters but keeps the
runs of a line in left-to-right order, and arabic-reshaper + python-bidi cannot shape
Pashto letters that have no presentation forms, nor Bengali. So a paragraph here goes
through the steps of a real text engine:

1. resolve bidi levels over the whole paragraph, in logical order (:mod:`.bidi`);
2. choose a font per character (:mod:`.fonts`) and cut the text into runs of one level,
   font and style;
3. shape every run with HarfBuzz in its direction, script and language (letters join,
   Bengali conjuncts and vowel signs reorder, brackets mirror in right-to-left runs,
   zero-width non-joiners vanish);
4. wrap in logical order at spaces, using the shaped advances;
5. reorder each line's pieces visually (rule L2) and align it (right for right-to-left).

Glyphs are drawn through ReportLab's shaped-string support (``ShapedStr``), so positions
HarfBuzz computed (marks, kerning, cursive attachment) reach the PDF unchanged. Glyphs
without a Unicode code point (joined forms of Pashto letters, Bengali conjuncts) get a
private code in the font subset and a ToUnicode entry with the text they stand for, so
copying text out of the PDF still gives real letters.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

import uharfbuzz as hb
from reportlab.lib import colors
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.platypus import Flowable

from counsel_app.documents import actualtext, fonts
from counsel_app.documents.bidi import (
    base_level,
    isolate,
    paragraph_levels,
    strip_controls,
    visual_order,
)
from counsel_app.documents.fonts import INVISIBLE, Family
from counsel_app.i18n import primary


@dataclass(frozen=True)
class Span:
    """A piece of text with one style; a paragraph is a sequence of spans."""

    text: str
    bold: bool = False
    color: colors.Color | None = None
    #: lay out as one unit: True = left to right (phone numbers, references), "auto" = in
    #: the direction of its first letter (values put into a translated sentence)
    isolate: bool | str = False


@dataclass(frozen=True)
class TextStyle:
    size: float = 10.0
    bold: bool = False
    color: colors.Color = colors.black
    #: "start" (left in LTR, right in RTL), "end", "center"
    align: str = "start"
    #: line height as a multiple of the size; None = the fonts' own need
    leading: float | None = None
    space_before: float = 0.0
    space_after: float = 0.0
    #: indent on the start side (points)
    indent: float = 0.0

    def replace(self, **changes) -> TextStyle:
        from dataclasses import replace

        return replace(self, **changes)


# -- shaping ---------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _hb_font(family: Family, bold: bool) -> hb.Font:
    face = fonts.ttfont(family, bold).face
    return hb.Font(hb.Face(hb.Blob(face._ttf_data)))




def _is_presentation(code: int) -> bool:
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _preferred_char(codes: list[int]) -> int:
    for code in codes:
        if not _is_presentation(code):
            return code
    return codes[0]


#: (font name, private code) -> the text that glyph stands for (for ToUnicode)
PRIVATE_TEXT: dict[tuple[str, int], str] = {}


#: (family, bold, glyph) -> the code chosen for it (a glyph's choice never changes: a
#: private code is only given to a glyph that has no character of its own)
_GLYPH_CODE: dict[tuple[Family, bool, int], int] = {}


def _code_for_glyph(family: Family, bold: bool, gid: int, text: str) -> int:
    """A character code that makes ReportLab embed glyph ``gid`` (private if needed)."""
    key = (family, bold, gid)
    code = _GLYPH_CODE.get(key)
    if code is not None:
        return code
    face = fonts.ttfont(family, bold).face
    codes = face.glyphToChar.get(gid)
    if codes:
        code = _GLYPH_CODE[key] = _preferred_char(codes)
        return code
    with _PRIVATE_LOCK:
        codes = face.glyphToChar.get(gid)
        if codes:  # another thread gave it one meanwhile
            return _preferred_char(codes)
        return _new_private_code(family, bold, face, gid, text)


_PRIVATE_LOCK = threading.Lock()


def _new_private_code(family: Family, bold: bool, face, gid: int, text: str) -> int:
    code = 0xE000
    while code in face.charToGlyph:
        code += 1
    face.charToGlyph[code] = gid
    face.glyphToChar.setdefault(gid, []).append(code)
    face.charWidths[code] = _hb_font(family, bold).get_glyph_h_advance(gid) * 1000 / face.unitsPerEm
    PRIVATE_TEXT[(_face_name(face), code)] = text
    return code


def _face_name(face) -> str:
    name = face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, but private codes map to the text their glyph stands
    for and Arabic presentation forms to the letters themselves (so copied text is real
    text)."""
    import unicodedata

    face_name = fontname.split("+", 1)[-1]
    entries = []
    for index, code in enumerate(subset):
        text = PRIVATE_TEXT.get((face_name, code))
        if text is None:
            text = chr(code)
            if _is_presentation(code):
                text = unicodedata.normalize("NFKC", text)
        hexed = text.encode("utf-16-be").hex().upper() or "FFFD"
        entries.append(f"<{index:02X}> <{hexed}>")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _install_cmap() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


_install_cmap()


@dataclass(frozen=True)
class Shaped:
    """One run shaped: glyph codes, ReportLab shape data, per-character advances."""

    codes: str
    data: tuple[ShapeData, ...]
    clusters: tuple[int, ...]
    advances: tuple[float, ...]  # per input character, in 1/1000 em


@lru_cache(maxsize=20000)
def shape(text: str, family: Family, bold: bool, rtl: bool, lang: str) -> Shaped:
    font = _hb_font(family, bold)
    upem = font.face.upem
    buf = hb.Buffer()
    buf.add_codepoints([ord(ch) for ch in text])
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if lang:
        buf.language = lang
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(font, buf, {})
    face = fonts.ttfont(family, bold).face
    widths = face.charWidths
    scale = 1000 / upem
    codes: list[str] = []
    data: list[ShapeData] = []
    clusters: list[int] = []
    advances = [0.0] * len(text)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    # the characters each cluster covers (for the private-code ToUnicode text)
    starts = sorted({info.cluster for info in infos})
    ends = {s: e for s, e in zip(starts, starts[1:] + [len(text)])}
    for info, pos in zip(infos, positions):
        cluster = info.cluster
        code = _code_for_glyph(family, bold, info.codepoint, text[cluster:ends[cluster]])
        x_advance = pos.x_advance * scale
        codes.append(chr(code))
        data.append(ShapeData(cluster, x_advance, pos.y_advance * scale, pos.x_offset * scale,
                              pos.y_offset * scale, widths.get(code, x_advance)))
        clusters.append(cluster)
        advances[cluster] += x_advance
    return Shaped("".join(codes), tuple(data), tuple(clusters), tuple(advances))


# -- paragraph layout ------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _font_step(ch: str, around: Family, home: Family) -> tuple[Family | None, bool]:
    """The family that draws ``ch`` after text in ``around``, and whether the text after
    it continues in that family (letters and script characters carry it on; digits,
    spaces and punctuation do not). Invisible controls take the family around them."""
    if ch in INVISIBLE:
        return around, False
    family = fonts.family_for(ch, around, home)
    return family, fonts.script_family(ch) is not None or ch.isalpha()



#: characters of a number as it is written (digits of any script count too)
_NUMBER_MARKS = frozenset("+-()./")
_EUROPEAN_DIGITS = frozenset("0123456789")


def _number_spaces(text: str, span_of: Sequence[int], spans: Sequence[Span]) -> frozenset[int]:
    """Positions of the spaces inside an ``isolate=True`` span that stand between two
    parts of one number (digits, or a digit and a bracket, plus or dash)."""
    keep = set()
    for pos in range(1, len(text) - 1):
        if text[pos] != " " or spans[span_of[pos]].isolate is not True:
            continue
        before, after = text[pos - 1], text[pos + 1]
        if ((before.isdigit() or before in _NUMBER_MARKS)
                and (after.isdigit() or after in _NUMBER_MARKS)
                and (before.isdigit() or after.isdigit())):
            keep.add(pos)
    return frozenset(keep)


@dataclass
class _Run:
    start: int
    end: int
    level: int
    family: Family
    bold: bool
    color: colors.Color
    shaped: Shaped | None = None


@dataclass
class Piece:
    """Part of a line drawn with one font: glyph codes with their shape data."""

    font_name: str
    codes: str
    data: list[ShapeData]
    width: float  # points
    color: colors.Color
    level: int


@dataclass
class Line:
    pieces: list[Piece]
    width: float
    height: float
    ascent: float
    #: the line's text in logical (reading) order, and in the order its glyphs stand
    text: str = ""
    visual: str = ""


class Paragraph:
    """One paragraph laid out for a width: lines of visually ordered pieces."""

    def __init__(self, spans: Sequence[Span], style: TextStyle, rtl: bool, lang: str):
        self.spans = list(spans)
        self.style = style
        self.rtl = rtl
        self.lang = lang
        self._prepare()

    def _prepare(self) -> None:
        style = self.style
        # isolated spans carry their FSI/LRI…PDI in the text itself: the bidi algorithm
        # (a complete one, see .bidi) resolves them like any other text
        parts: list[str] = []
        span_of: list[int] = []
        for index, span in enumerate(self.spans):
            piece = span.text
            if span.isolate and piece:
                piece = isolate(piece, "auto" if span.isolate == "auto" else "ltr")
            parts.append(piece)
            span_of.extend([index] * len(piece))
        self.text = text = "".join(parts)
        n = len(text)
        #: spaces where a line must not break: inside a left-to-right unit (a phone number,
        #: a reference), a space between digits groups one number ("+224 621 00 00 00" is
        #: dialled as one: never "+224 621" on one line and "00 00 00" on the next)
        self.no_break = _number_spaces(text, span_of, self.spans)
        #: the paragraph's own direction: its first strong letter outside isolates (so an
        #: English or French name in an Arabic document keeps its punctuation where it
        #: belongs), the document's direction when it has none
        self.base, levels = paragraph_levels(text, base_level(text, 1 if self.rtl else 0))
        if not any(level % 2 for level in levels):
            levels = [0] * n  # all left to right (isolates included): one run, not several
        home = fonts.language_family(self.lang)
        families: list[Family] = []
        around = home
        for ch in text:
            family, sticky = _font_step(ch, around, home)
            if family is None:
                fonts.check_coverage(text, self.lang)
                family = around  # pragma: no cover - check_coverage raised
            families.append(family)
            if sticky:
                around = family
        for pos in range(1, n):
            # Nastaliq's word space is a sliver (0.13 em, for Urdu words that nearly touch);
            # between the digit groups of a number it would run "+224 620 00 00 00"
            # together: such a space (or no-break space: the travel sheet's numbers) takes
            # Noto Sans' width
            if (families[pos] is fonts.NASTALIQ and text[pos] in " \u00a0" and pos < n - 1
                    and text[pos - 1].isdigit() and text[pos + 1].isdigit()):
                families[pos] = fonts.LATIN
            # Naskh's full stop is a diamond astride the line, drawn for Arabic sentences;
            # after a number in 0-9 it read as a comma ("4, الإحالات" for "4. الإحالات",
            # "2,5" for "2.5"): there it is Noto Sans' dot, on the line like the digits
            # (0-9 have the same shapes in both fonts)
            elif (families[pos] is fonts.ARABIC and text[pos] == "."
                    and text[pos - 1] in _EUROPEAN_DIGITS):
                families[pos] = fonts.LATIN
        looks = [(span.bold or style.bold, span.color or style.color) for span in self.spans]
        runs: list[_Run] = []
        i = 0
        for (level, family, (bold, color)), group in groupby(
                zip(levels, families, [looks[index] for index in span_of])):
            end = i + sum(1 for _ in group)
            runs.append(_Run(i, end, level, family, bold, color))
            i = end
        advances = [0.0] * n
        lang = primary(self.lang)
        for run in runs:
            run_lang = lang if run.family is fonts.language_family(self.lang) else ""
            run.shaped = shape(text[run.start:run.end], run.family, run.bold,
                               bool(run.level % 2), run_lang)
            advances[run.start:run.end] = run.shaped.advances
        self.runs = runs
        self.advances = [a * style.size / 1000 for a in advances]
        used = {run.family for run in runs} or {home}
        factor = style.leading or max(f.leading for f in used)
        self.line_height = style.size * factor
        self.levels = levels

    def widest_word(self) -> float:
        """The width of the paragraph's widest word (points; a number kept on one line counts
        as one word)."""
        widest = current = 0.0
        for pos, (ch, advance) in enumerate(zip(self.text, self.advances)):
            if ch == " " and pos not in self.no_break:
                widest = max(widest, current)
                current = 0.0
            else:
                current += advance
        return max(widest, current)

    # -- wrapping ---------------------------------------------------------------------------
    def wrap_lines(self, width: float) -> list[Line]:
        text, adv = self.text, self.advances
        n = len(text)
        width = max(width - self.style.indent, self.style.size)
        lines: list[tuple[int, int]] = []
        start = 0
        while start < n:
            # skip spaces at the start of a line
            while start < n and text[start] == " ":
                start += 1
            if start >= n:
                break
            pos, used, last_break = start, 0.0, None
            while pos < n:
                if text[pos] == " " and pos not in self.no_break:
                    last_break = pos
                if text[pos] != " " and used + adv[pos] > width and pos > start:
                    break
                used += adv[pos]
                pos += 1
            if pos >= n:
                lines.append((start, n))
                break
            if last_break is not None and last_break > start:
                lines.append((start, last_break))
                start = last_break + 1
            else:  # one word longer than the line: cut it where it overflows
                cut = self._safe_cut(start, pos)
                lines.append((start, cut))
                start = cut
        return [self._line(a, b) for a, b in lines] or [Line([], 0.0, self.line_height,
                                                              self.style.size)]

    def _safe_cut(self, start: int, pos: int) -> int:
        """A cut point at or before ``pos`` that does not split a shaped cluster."""
        bounds = set()
        for run in self.runs:
            for cluster in run.shaped.clusters:
                bounds.add(run.start + cluster)
            bounds.add(run.end)
        cut = pos
        while cut > start + 1 and cut not in bounds:
            cut -= 1
        return max(cut, start + 1)

    def _line(self, a: int, b: int) -> Line:
        while b > a and self.text[b - 1] == " ":
            b -= 1
        size = self.style.size
        pieces: list[Piece] = []
        for run in self.runs:
            if run.end <= a or run.start >= b:
                continue
            lo, hi = a - run.start, b - run.start
            shaped = run.shaped
            codes, data = [], []
            width = 0.0
            for code, sd, cluster in zip(shaped.codes, shaped.data, shaped.clusters):
                if lo <= cluster < hi:
                    codes.append(code)
                    data.append(sd)
                    width += sd.x_advance
            if codes:
                pieces.append(Piece(fonts.ttfont(run.family, run.bold).fontName, "".join(codes),
                                    data, width * size / 1000, run.color, run.level))
        order = visual_order([p.level for p in pieces])
        ordered = [pieces[i] for i in order]
        return Line(ordered, sum(p.width for p in ordered), self.line_height, size,
                    strip_controls(self.text[a:b]), self._visual_text(a, b))

    def _visual_text(self, a: int, b: int) -> str:
        """The characters of ``text[a:b]`` in the order they stand on the line."""
        text = self.text[a:b]
        levels = self.levels[a:b]
        if not any(level % 2 for level in levels):
            return strip_controls(text)
        order = visual_order(levels)
        return strip_controls("".join(text[i] for i in order))


#: wrap lines in /ActualText spans (tests switch it off to read the glyphs' own positions)
ACTUAL_TEXT = True


def draw_line(canvas, line: Line, x: float, y: float, size: float) -> None:
    """Draw ``line`` with its left edge at ``x`` and baseline at ``y``, wrapped in an
    ``/ActualText`` span holding all its characters (see :mod:`.actualtext`). A canvas that
    knows its pages (the documents' own) fills the span in once the page is complete;
    another one gets an order chosen from the line alone."""
    if not line.pieces:
        return
    marked = ACTUAL_TEXT and bool(line.text)
    if marked:
        record = getattr(canvas, "record_actual_text", None)
        if record is not None:
            record(line.text, line.visual)
        else:
            order = actualtext.extractable(line.text, line.visual,
                                           actualtext.page_direction([line.text]))
            canvas._code.append(f"/Span <</ActualText {actualtext.pdf_text(order)}>> BDC")
    for piece in line.pieces:
        canvas.setFillColor(piece.color)
        canvas.setFont(piece.font_name, size)
        canvas.drawString(x, y, ShapedStr(piece.codes, shapeData=list(piece.data)))
        x += piece.width
    if marked:
        canvas._code.append("EMC")


def line_x(line: Line, left: float, width: float, style: TextStyle, rtl: bool) -> float:
    align = style.align
    if align == "start":
        align = "right" if rtl else "left"
    elif align == "end":
        align = "left" if rtl else "right"
    if align == "center":
        return left + (width - line.width) / 2
    if align == "right":
        return left + width - line.width - (style.indent if rtl else 0)
    return left + (0 if rtl else style.indent)


def split_paragraphs(spans: Sequence[Span]) -> list[list[Span]]:
    """Cut spans at newlines: each line of user text is its own bidi paragraph."""
    out: list[list[Span]] = [[]]
    for span in spans:
        parts = span.text.replace("\r\n", "\n").split("\n")
        for index, part in enumerate(parts):
            if index:
                out.append([])
            if part:
                out[-1].append(Span(part, span.bold, span.color, span.isolate))
    return out


_PHONE_LIKE = re.compile(r"^\s*\+?[0-9][0-9 ().\-/]{3,}$")


def as_spans(content: str | Span | Iterable[Span]) -> list[Span]:
    if isinstance(content, str):
        return [Span(content, isolate=bool(_PHONE_LIKE.match(content)))]
    if isinstance(content, Span):
        return [content]
    return list(content)


class TextBlock(Flowable):
    """A Platypus flowable holding one or more paragraphs of shaped text.

    ``content`` is plain text (no markup is interpreted, so user text needs no escaping
    here: it can never inject markup) or a sequence of :class:`Span`.
    """

    def __init__(self, content, style: TextStyle, *, rtl: bool, lang: str,
                 align_rtl: bool | None = None, _lines: list[Line] | None = None,
                 fit_words: bool = False):
        super().__init__()
        self.style = style
        #: shrink the type rather than cut a word that is wider than the column (headers)
        self.fit_words = fit_words
        self.rtl = rtl
        #: which side "start" is (the document's direction; defaults to the text's)
        self.align_rtl = rtl if align_rtl is None else align_rtl
        self.lang = lang
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        if _lines is not None:
            self.paragraphs = []
            self._lines = _lines
            self._width = None
        else:
            spans = as_spans(content)
            fonts.check_coverage("".join(s.text for s in spans), lang)
            self._source = split_paragraphs(spans)
            self.paragraphs = [
                Paragraph(p, style, rtl, lang) if p else None for p in self._source
            ]
            self._lines = []
            self._width = None

    @property
    def text(self) -> str:
        """The logical text (without the invisible isolate controls)."""
        return strip_controls("\n".join(p.text if p else "" for p in self.paragraphs))

    def _layout(self, width: float) -> list[Line]:
        if self.paragraphs and self._width != width:
            if self.fit_words:
                self._fit(width)
            lines: list[Line] = []
            for paragraph in self.paragraphs:
                if paragraph is None:
                    blank_height = self.style.size * (self.style.leading or 1.35)
                    lines.append(Line([], 0.0, blank_height, self.style.size))
                else:
                    lines.extend(paragraph.wrap_lines(width))
            self._lines = lines
            self._width = width
        return self._lines

    def _fit(self, width: float) -> None:
        """Make the widest word fit ``width``: smaller type (never under 60 %) instead of a
        word cut in two."""
        room = width - self.style.indent
        widest = max((p.widest_word() for p in self.paragraphs if p is not None), default=0)
        if widest <= room or widest <= 0:
            return
        size = max(self.style.size * room / widest * 0.99, self.style.size * 0.6)
        self.style = self.style.replace(size=size)
        self.paragraphs = [Paragraph(p, self.style, self.rtl, self.lang) if p else None
                           for p in self._source]

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab API
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = sum(line.height for line in lines)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        lines = self._layout(availWidth)
        used, count = 0.0, 0
        for line in lines:
            if used + line.height > availHeight:
                break
            used += line.height
            count += 1
        if count == 0 or count == len(lines):
            return []
        style = self.style
        first = TextBlock(None, style.replace(space_after=0), rtl=self.rtl, lang=self.lang,
                          align_rtl=self.align_rtl, _lines=lines[:count])
        rest = TextBlock(None, style.replace(space_before=0), rtl=self.rtl, lang=self.lang,
                         align_rtl=self.align_rtl, _lines=lines[count:])
        return [first, rest]

    def draw(self):
        canvas = self.canv
        y = self.height
        for line in self._lines:
            baseline = y - line.height + (line.height - line.ascent) / 2 + line.ascent * 0.22
            x = line_x(line, 0, self.width, self.style, self.align_rtl)
            draw_line(canvas, line, x, baseline, self.style.size)
            y -= line.height


def draw_text(canvas, content, x: float, y: float, style: TextStyle, *, rtl: bool, lang: str,
              anchor: str = "left") -> float:
    """Draw one line of text directly on a canvas (headers, footers, pictogram labels).

    ``anchor``: "left", "right" or "center" — where ``x`` is. Returns the width drawn.
    """
    spans = as_spans(content)
    fonts.check_coverage("".join(s.text for s in spans), lang)
    paragraph = Paragraph(spans, style, rtl, lang)
    line = paragraph._line(0, len(paragraph.text))
    if anchor == "right":
        x -= line.width
    elif anchor == "center":
        x -= line.width / 2
    draw_line(canvas, line, x, y, style.size)
    return line.width


_FIELD = re.compile(r"\{(\w+)\}")


def format_spans(template: str, *, bold: bool = False, **values: str) -> list[Span]:
    """``template.format(**values)`` as spans, each value an isolate in its own direction
    (so an Arabic date keeps its order inside an English sentence and vice versa)."""
    spans: list[Span] = []
    pos = 0
    for match in _FIELD.finditer(template):
        if match.start() > pos:
            spans.append(Span(template[pos:match.start()], bold))
        value = str(values.get(match.group(1), match.group(0)))
        if value:
            spans.append(Span(value, bold, isolate="auto"))
        pos = match.end()
    if pos < len(template):
        spans.append(Span(template[pos:], bold))
    return spans


def text_width(content, style: TextStyle, *, rtl: bool, lang: str) -> float:
    spans = as_spans(content)
    paragraph = Paragraph(spans, style, rtl, lang)
    return paragraph._line(0, len(paragraph.text)).width
