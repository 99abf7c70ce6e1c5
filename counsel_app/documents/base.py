"""The document layer every printed paper uses: page template, languages, building blocks.

Plain data in, PDF bytes out; no ORM object and no Qt here. A document is written by a
:class:`DocumentWriter` made from :class:`DocumentInfo`:

* every page carries the organisation's name and logo, the document title, the case
  reference, "page x of y", the print date, and a SAMPLE watermark when the data is sample;
* the first page carries a QR code holding only the case reference and a check number
  (:func:`qr_payload`), never personal data;
* fixed strings are marked ``D_`` and translated with ``document_translator(lang)``; with
  ``second_lang`` every heading and label also appears in the second language, below the
  first (``layout="below"``) or beside it (``layout="beside"``);
* dates, numbers and money go through :mod:`counsel_app.i18n.formatting` (Babel) for the
  document language and the country of return;
* user text is plain text: :class:`~counsel_app.documents.text.TextBlock` never interprets
  markup, so no user text can inject any; control characters are removed.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as _ReportLabTableStyle

from counsel_app.documents import actualtext, fonts
from counsel_app.documents.bidi import strip_controls
from counsel_app.documents.honesty import (
    COUNSELLOR_NOTE,
    DRAFT_NOTE,
    ENGLISH_NOTE,
    mark_untranslated,
)
from counsel_app.documents.text import Span, TextBlock, TextStyle, draw_text, format_spans
from counsel_app.errors import UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, D_, _, document_translator, is_rtl
from counsel_app.i18n import formatting, interface_language
from counsel_app.i18n.languages import COMPLETE, PARTIAL
from country_info.files import ensure_folder, write_atomically

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4d0")
SHADE = colors.HexColor("#eef2f6")
WATERMARK = colors.HexColor("#f4d9d5")

PAGE_MARGIN = 16 * mm
HEADER_HEIGHT = 22 * mm
FOOTER_HEIGHT = 12 * mm
LAYOUTS = ("below", "beside")

_BUILD_LOCK = threading.RLock()

#: streams are compressed but not also written out as ASCII85 text: a quarter smaller and
#: quicker to write (the pages, their text and their look are the same)
rl_config.useA85 = 0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TableStyle(_ReportLabTableStyle):
    """ReportLab's table style with an embedded font for the cells: ReportLab selects a
    cell's own font (Helvetica by default) before drawing the flowables in it, which put an
    unembedded Helvetica among every page's fonts (``pdffonts``: "emb no") though no glyph
    used it. Every table of the documents takes its style from here."""

    def __init__(self, cmds=None, parent=None, **kw):
        super().__init__([("FONTNAME", (0, 0), (-1, -1), fonts.LATIN.font_name()),
                          *(cmds or [])], parent, **kw)


def clean(text: object) -> str:
    """User text made safe to print: a string without control characters."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\t", " ")


# -- QR code -----------------------------------------------------------------------------------

def _mod97(text: str) -> int:
    digits = "".join(str(int(ch, 36)) for ch in text.upper() if ch.isalnum())
    return int(digits or "0") % 97


def qr_payload(reference: str) -> str:
    """What the QR code holds: the case reference and an ISO 7064 MOD 97-10 check number.

    ``AVRR-2026-000123`` -> ``AVRR-2026-000123*NN``. Nothing else: no name, no date of
    birth, no place. :func:`check_qr_payload` verifies it.
    """
    reference = reference.strip().upper()
    check = 98 - _mod97(reference + "00")
    return f"{reference}*{check:02d}"


def check_qr_payload(payload: str) -> str | None:
    """The reference in ``payload`` if its check number is right, else None."""
    reference, sep, check = payload.rpartition("*")
    if not sep or not check.isdigit() or len(check) != 2:
        return None
    return reference if _mod97(reference + check) == 1 else None


# -- what a document is about ------------------------------------------------------------------

@dataclass
class DocumentInfo:
    """The frame of one printed document (everything but its body)."""

    title: str  #: a D_ msgid, translated into each language
    lang: str
    reference: str = ""
    organisation: str = ""
    #: PNG/JPEG bytes or a file path
    logo: bytes | str | Path | None = None
    is_sample: bool = False
    printed_on: date | None = None
    second_lang: str | None = None
    layout: str = "below"
    #: ISO country of return, for the digits and formats people there read
    country: str | None = None
    qr: bool = True
    #: extra line under the title (already in the document language, e.g. a name)
    subtitle: str = ""

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise UserError(_("Unknown bilingual layout “{layout}” (use below or beside).")
                            .format(layout=self.layout))
        if self.second_lang == self.lang:
            self.second_lang = None
        self.printed_on = self.printed_on or date.today()


NOTE_SIZE = 7.0
NOTE_STEP = 3.6 * mm
NOTE_COLOUR = colors.HexColor("#8a3b00")


class _Lang:
    """One language of a document: translator, direction, formatting locale, and how far
    its catalog can be trusted (fixed texts it lacks print in English, marked)."""

    def __init__(self, lang: str, country: str | None):
        self.code = lang
        self.t = document_translator(lang)
        self.rtl = is_rtl(lang)
        self.locale = formatting.formatting_locale(lang, country)
        self.state = _catalog_state(lang)
        #: the catalog is a draft: partial, or complete but not checked by a native speaker
        self.draft = self.state in (COMPLETE, PARTIAL)
        #: msgids this document printed in English for want of a translation
        self.missing: set[str] = set()

    def __call__(self, msgid: str) -> str:
        if self.t.has(msgid):
            return self.t.gettext(msgid)
        self.missing.add(msgid)
        return mark_untranslated(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.t.has_plural(singular):
            return self.t.ngettext(singular, plural, n)
        self.missing.add(singular)
        return mark_untranslated(singular if n == 1 else plural)


def _counsellor_language() -> _Lang | None:
    """The counsellor's (interface) language as a document language, when it can print."""
    code = interface_language()
    if code not in DOCUMENT_LANGUAGES:
        return None
    return _Lang(code, None)


def _catalog_state(lang: str) -> str | None:
    from counsel_app.i18n.languages import catalog_state

    try:
        return catalog_state(lang)
    except (OSError, ValueError):  # no manifest in this build: say nothing rather than lie
        return None


class DocumentWriter:
    """Builds the story of a document with the page template and bilingual helpers."""

    def __init__(self, info: DocumentInfo, *, base_size: float = 10.0):
        fonts.register_fonts()
        self.info = info
        self.main = _Lang(info.lang, info.country)
        self.second = _Lang(info.second_lang, info.country) if info.second_lang else None
        self.counsellor_lang = _counsellor_language()
        self._notes: list[tuple[str, _Lang]] | None = None
        self.rtl = self.main.rtl
        self.base_size = base_size
        s = base_size
        self.body = TextStyle(size=s, color=INK, space_after=s * 0.35)
        self.small = TextStyle(size=s * 0.82, color=MUTED)
        self.h1 = TextStyle(size=s * 1.6, bold=True, color=ACCENT, space_after=s * 0.2)
        self.h2 = TextStyle(size=s * 1.2, bold=True, color=ACCENT, space_before=s * 0.9,
                            space_after=s * 0.3)
        self.label_style = TextStyle(size=s * 0.9, bold=True, color=MUTED)
        #: table cells (the end-aligned one for amounts and numbers)
        self.cell = self.body.replace(space_after=0, size=s * 0.95)
        self.cell_end = self.cell.replace(align="end")
        # the frame keeps 6 pt of padding on each side
        self.frame_width = A4[0] - 2 * PAGE_MARGIN - 12

    # -- honesty about the translation ------------------------------------------------------
    @property
    def drafts(self) -> list[_Lang]:
        """The languages of this document whose catalog is a draft (partial or unreviewed)."""
        return [lang for lang in (self.main, self.second) if lang is not None and lang.draft]

    def note_untranslated(self, lang: _Lang | None = None) -> None:
        """Say that text this document prints (e.g. a consent text from the organisation's
        store) is in English where ``lang`` (default: the main language) was wanted."""
        (lang or self.main).missing.add("")

    def draft_notes(self) -> list[tuple[str, _Lang]]:
        """The lines every page carries when a language of the document is a draft: one in
        each draft language, then one in the counsellor's language naming them (unless the
        counsellor reads the only draft language)."""
        lines: list[tuple[str, _Lang]] = []
        drafts = self.drafts
        for lang in drafts:
            text = lang.t.gettext(DRAFT_NOTE)
            if lang.missing or lang.state == PARTIAL:
                text = f"{text} {lang.t.gettext(ENGLISH_NOTE)}"
            lines.append((text, lang))
        counsellor = self.counsellor_lang
        if drafts and counsellor is not None and [d.code for d in drafts] != [counsellor.code]:
            from babel.lists import format_list

            from counsel_app.i18n.names import language_name

            names = [language_name(d.code, counsellor.code, capitalised=False) for d in drafts]
            try:
                listed = format_list(names, locale=counsellor.locale)
            except Exception:  # noqa: BLE001 - a locale without list patterns
                listed = ", ".join(names)
            text = counsellor.t.gettext(COUNSELLOR_NOTE).format(languages=listed)
            if any(d.missing or d.state == PARTIAL for d in drafts):
                text = f"{text} {counsellor.t.gettext(ENGLISH_NOTE)}"
            lines.append((text, counsellor))
        return lines

    def _note_room(self) -> float:
        """Room the draft notes take at the foot of every page."""
        count = len(self.drafts)
        if count:
            count += 1
        if self._sample_line_above:
            count += 1
        return count * self._note_step

    @property
    def _note_step(self) -> float:
        """The distance between the lines at the foot of the page: NOTE_STEP holds scripts
        up to Naskh's line height; a taller one (Nastaliq) gets room in proportion, or its
        marks run into the line above."""
        tallest = max(fonts.language_family(lang.code).leading
                      for lang in (self.main, self.second) if lang is not None)
        return NOTE_STEP * max(1.0, tallest / fonts.ARABIC.leading)

    @property
    def _sample_line_above(self) -> bool:
        """Bilingual footers are long: the sample line goes on a line of its own."""
        return self.info.is_sample and self.second is not None

    # -- language helpers ------------------------------------------------------------------
    def t(self, msgid: str) -> str:
        return self.main(msgid)

    def both(self, msgid: str) -> str:
        """``msgid`` in the main language, then `` / `` the second (for short labels)."""
        first = self.main(msgid)
        if self.second is None:
            return first
        return f"{first} / {self.second(msgid)}"

    # -- values in both languages (a bilingual print is bilingual everywhere) ---------------
    def dual(self, first, second=None, *, bold: bool = False,
             style: TextStyle | None = None):
        """A value for a field or a table cell: ``first`` (text or spans in the main
        language), and below it, smaller, ``second`` (the same in the second language) when
        the print is bilingual and it differs."""
        if self.second is None or second is None or _plain(second) == _plain(first):
            return Span(first, bold=bold) if bold and isinstance(first, str) else first
        style = style or self.body.replace(space_after=0)
        main = Span(first, bold=bold) if isinstance(first, str) else first
        return [self.text(main, style.replace(bold=bold)),
                self.text(second, style.replace(size=style.size * 0.85, color=MUTED,
                                                bold=False), lang=self.second)]

    def tr(self, msgid: str, *, bold: bool = False, **values):
        """A translated value (label, yes/no, a kind) in both languages when bilingual."""
        if values:
            first = format_spans(self.main(msgid), bold=bold,
                                 **{k: clean(v) for k, v in values.items()})
            second = (format_spans(self.second(msgid), **{k: clean(v) for k, v in values.items()})
                      if self.second is not None else None)
            return self.dual(first, second)
        return self.dual(self.main(msgid), self.second(msgid) if self.second else None,
                         bold=bold)

    def date_value(self, value: date | None, fmt: str = "long"):
        """A date in the main language's format, and the second language's below."""
        if not value:
            return ""
        second = (formatting.format_date(value, self.second.locale, fmt)
                  if self.second is not None else None)
        return self.dual(self.date(value, fmt), second)

    def money_value(self, amount: Decimal | float | int, currency: str, *, bold: bool = False,
                    style: TextStyle | None = None):
        second = None
        if self.second is not None:
            try:
                second = formatting.format_money(amount, currency, self.second.locale)
            except Exception:  # noqa: BLE001 - unknown currency code
                second = None
        return self.dual(self.money(amount, currency), second, bold=bold, style=style)

    def number_value(self, value: int | float | Decimal, *, style: TextStyle | None = None):
        second = (formatting.format_decimal(value, self.second.locale)
                  if self.second is not None else None)
        return self.dual(self.number(value), second, style=style)

    def integer_value(self, value: int, *, style: TextStyle | None = None):
        second = (formatting.format_integer(value, self.second.locale)
                  if self.second is not None else None)
        return self.dual(self.integer(value), second, style=style)

    def date(self, value: date | None, fmt: str = "long") -> str:
        return formatting.format_date(value, self.main.locale, fmt) if value else ""

    def moment(self, value: datetime | None) -> str:
        """A day and a local time, joined the way the language joins them (CLDR)."""
        if value is None:
            return ""
        from babel import Locale

        try:
            glue = str(Locale.parse(self.main.locale).datetime_formats["medium"]).replace(
                "'", "")
        except (KeyError, ValueError):
            glue = "{1} {0}"
        return glue.replace("{1}", self.date(value.date())).replace(
            "{0}", formatting.format_time(value, self.main.locale, "short"))

    def number(self, value: int | float | Decimal) -> str:
        return formatting.format_decimal(value, self.main.locale)

    def integer(self, value: int) -> str:
        return formatting.format_integer(value, self.main.locale)

    def money(self, amount: Decimal | float | int, currency: str) -> str:
        try:
            return formatting.format_money(amount, currency, self.main.locale)
        except Exception:  # noqa: BLE001 - unknown currency code: print the number and code
            return f"{self.number(amount)} {clean(currency)}"

    # -- blocks --------------------------------------------------------------------------
    def fmt_both(self, msgid: str, *, bold: bool = False, **values) -> list[Span]:
        """``msgid`` with its values in the main language, then `` / `` and the same in the
        second when bilingual (one line: page furniture). A value is a function of the
        language (``lambda lang: ...``) so each half has its own digits and formats."""
        def one(lang: _Lang) -> list[Span]:
            return format_spans(lang(msgid), bold=bold,
                                **{k: clean(v(lang)) for k, v in values.items()})

        spans = one(self.main)
        if self.second is None:
            return spans
        return [*spans, Span(" / ", bold=bold),
                Span(strip_controls("".join(s.text for s in one(self.second))), bold=bold,
                     isolate="auto")]

    def fmt(self, msgid: str, *, bold: bool = False, **values) -> list[Span]:
        """``msgid`` translated, with ``values`` put in as isolates (see format_spans)."""
        return format_spans(self.t(msgid), bold=bold,
                            **{k: clean(v) for k, v in values.items()})

    def text(self, content, style: TextStyle | None = None, *, lang: _Lang | None = None,
             own_alignment: bool = False, fit_words: bool = False) -> TextBlock:
        """Text aligned to the document's start side (``lang``: text in another language;
        ``own_alignment``: align it to that language's side instead)."""
        align_rtl = None if own_alignment else self.rtl
        lang = lang or self.main
        if isinstance(content, str):
            content = clean(content)
        elif isinstance(content, Span):
            content = dc_replace(content, text=clean(content.text))
        elif content is not None:
            content = [dc_replace(s, text=clean(s.text)) for s in content]
        return TextBlock(content, style or self.body, rtl=lang.rtl, lang=lang.code,
                         align_rtl=align_rtl, fit_words=fit_words)

    def fixed(self, msgid: str, style: TextStyle | None = None, **fmt) -> list[Flowable]:
        """A fixed (translated) text, in both languages when bilingual. A value may be a
        function of the language (``lambda lang: ...``: a date or an amount in its format)."""
        style = style or self.body

        def values(lang: _Lang) -> dict[str, str]:
            return {k: clean(v(lang) if callable(v) else v) for k, v in fmt.items()}

        first = format_spans(self.main(msgid), **values(self.main)) if fmt else self.main(msgid)
        blocks = [self.text(first, style)]
        if self.second is None:
            return blocks
        second = (format_spans(self.second(msgid), **values(self.second)) if fmt
                  else self.second(msgid))
        second_style = style.replace(size=style.size * 0.85, color=MUTED, bold=False,
                                     space_before=0)
        if self.info.layout == "beside":
            return [self._beside(self.text(first, style.replace(space_after=0)),
                                 self.text(second, second_style, lang=self.second,
                                           own_alignment=True),
                                 style.space_before, style.space_after)]
        return [self.text(first, style.replace(space_after=0)),
                self.text(second, second_style, lang=self.second)]

    def _beside(self, first: Flowable, second: Flowable, before: float, after: float) -> Table:
        cells = [first, second]
        if self.rtl:
            cells.reverse()
        table = Table([cells], colWidths=[self.frame_width / 2] * 2)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), before), ("BOTTOMPADDING", (0, 0), (-1, -1), after),
        ]))
        return table

    def heading(self, msgid: str, level: int = 2, **fmt) -> list[Flowable]:
        style = self.h1 if level == 1 else self.h2
        blocks = self.fixed(msgid, style, **fmt)
        rule = _Rule(self.frame_width, RULE if level > 1 else ACCENT)
        rule.heading_end = True
        return [_HeadingBreak(110), *blocks, rule]

    def text_heading(self, content, style: TextStyle | None = None) -> list[Flowable]:
        """A heading whose words are given, not a catalog's (a country pack's section
        title on the handout), kept with the flowable after it as :meth:`heading` is."""
        block = self.text(content, style or self.h2)
        block.heading_end = True
        return [_HeadingBreak(110), block]

    def label(self, msgid: str) -> list[Flowable]:
        """A field label or column header (both languages when bilingual: second below,
        smaller). A word never breaks: a label too long for its column is set smaller."""
        blocks = [self.text(self.main(msgid), self.label_style, fit_words=True)]
        if self.second is not None:
            blocks.append(self.text(self.second(msgid),
                                    self.label_style.replace(size=self.label_style.size * 0.85,
                                                             bold=False),
                                    lang=self.second, fit_words=True))
        return blocks

    def fields(self, rows: Sequence[tuple[str, object]], *, label_width: float = 0.32,
               skip_empty: bool = True) -> list[Flowable]:
        """Label/value rows; values are user text (str) or ready flowables."""
        data = []
        for msgid, value in rows:
            if skip_empty and (value is None or value == "" or value == []
                               or (isinstance(value, Span) and not value.text.strip())):
                continue
            cell = value if _is_flowables(value) else self.text(
                value, self.body.replace(space_after=0))
            row = [self.label(msgid), cell]
            if self.rtl:
                row.reverse()
            data.append(row)
        if not data:
            return []
        widths = [self.frame_width * label_width, self.frame_width * (1 - label_width)]
        if self.rtl:
            widths.reverse()
        table = Table(data, colWidths=widths)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return [table]

    def table(self, header_msgids: Sequence[str], rows: Sequence[Sequence[object]],
              widths: Sequence[float], *, footer: Sequence[object] | None = None,
              numeric: Sequence[int] = (), group_rows: Sequence[int] = ()
              ) -> list[Flowable]:
        """A grid with a translated header row; columns mirror for right-to-left.

        ``widths`` are fractions of the frame; ``numeric`` columns align to the end;
        ``group_rows`` (indexes in ``rows``) are group headings: a page never ends with one.
        """
        cell_style = self.cell
        end_style = self.cell_end

        def cell(value, column):
            if _is_flowables(value):
                return value
            return self.text(value, end_style if column in numeric else cell_style)

        head = [self.label(m) for m in header_msgids]
        body = [[cell(v, i) for i, v in enumerate(row)] for row in rows]
        data = [head, *body]
        if footer is not None:
            data.append([cell(Span(clean(v), bold=True) if isinstance(v, str) else v, i)
                         for i, v in enumerate(footer)])
        col_widths = [self.frame_width * w for w in widths]
        if self.rtl:
            data = [list(reversed(r)) for r in data]
            col_widths.reverse()
        table = Table(data, colWidths=col_widths, repeatRows=1)
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if footer is not None:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, INK))
        for index in group_rows:  # the group heading (row index + 1) with its first row
            if index + 1 < len(rows):
                commands.append(("NOSPLIT", (0, index + 1), (-1, index + 2)))
        table.setStyle(TableStyle(commands))
        return [table]

    def bullets(self, items: Sequence[object], style: TextStyle | None = None
                ) -> list[Flowable]:
        """A list with drawn bullets on the start side (never a mirrored glyph)."""
        style = style or self.body.replace(space_after=1)
        data = []
        for item in items:
            content = item if _is_flowables(item) else self.text(item, style)
            row = [_Bullet(style.size), content]
            if self.rtl:
                row.reverse()
            data.append(row)
        if not data:
            return []
        # the text takes the width the list is given ("*"): the frame's on the page, a
        # cell's beside a pictogram (the travel sheet's "What to bring")
        widths: list = [5 * mm, "*"]
        if self.rtl:
            widths.reverse()
        table = Table(data, colWidths=widths)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]))
        return [table]

    def spacer(self, height: float = 6) -> Spacer:
        return Spacer(1, height)

    def page_break(self) -> PageBreak:
        return PageBreak()

    def keep(self, flowables: list[Flowable]) -> KeepTogether:
        return KeepTogether(flowables)

    def signature_lines(self, msgids: Sequence[str]) -> list[Flowable]:
        cells = []
        for msgid in msgids:
            cells.append([Spacer(1, 14 * mm), _Rule(self.frame_width / len(msgids) - 12, INK),
                          *self.label(msgid),
                          self.text(self.both(D_("Date:")), self.small)])
        if self.rtl:
            cells.reverse()
        table = Table([cells], colWidths=[self.frame_width / len(msgids)] * len(msgids))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 6),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
        return [table]

    # -- page furniture --------------------------------------------------------------------
    def _header(self, canvas: Canvas, doc) -> None:
        info = self.info
        width, height = A4
        canvas.saveState()
        if info.is_sample:
            self._watermark(canvas)
        top = height - PAGE_MARGIN + 4 * mm
        start_x = width - PAGE_MARGIN if self.rtl else PAGE_MARGIN
        end_x = PAGE_MARGIN if self.rtl else width - PAGE_MARGIN
        start_anchor = "right" if self.rtl else "left"
        end_anchor = "left" if self.rtl else "right"
        logo_room = 0.0
        if info.logo:
            image = _image(info.logo)
            if image is not None:
                iw, ih = image.getSize()
                h = 11 * mm
                w = min(h * iw / max(ih, 1), 30 * mm)
                x = start_x - w if self.rtl else start_x
                canvas.drawImage(image, x, top - h, w, h, mask="auto", preserveAspectRatio=True)
                logo_room = w + 3 * mm
        org_x = start_x - logo_room if self.rtl else start_x + logo_room
        if info.organisation:
            draw_text(canvas, Span(clean(info.organisation), bold=True), org_x, top - 4 * mm,
                      TextStyle(size=9, color=INK), rtl=self.rtl, lang=self.main.code,
                      anchor=start_anchor)
        draw_text(canvas, self.both(info.title), org_x, top - 9 * mm,
                  TextStyle(size=8, color=MUTED), rtl=self.rtl, lang=self.main.code,
                  anchor=start_anchor)
        qr_room = 0.0
        if info.qr and info.reference and doc.page == 1:
            size = 18 * mm
            _draw_qr(canvas, qr_payload(info.reference), end_x - size if not self.rtl else end_x,
                     top - size + 2 * mm, size)
            qr_room = size + 2 * mm
        if info.reference:
            ref_x = end_x + qr_room if self.rtl else end_x - qr_room
            draw_text(canvas, self.both(D_("Case")), ref_x, top - 4 * mm,
                      TextStyle(size=7.5, color=MUTED), rtl=self.rtl, lang=self.main.code,
                      anchor=end_anchor)
            draw_text(canvas, Span(info.reference, bold=True, isolate=True), ref_x, top - 9 * mm,
                      TextStyle(size=9, color=INK), rtl=False, lang="en", anchor=end_anchor)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(PAGE_MARGIN, height - PAGE_MARGIN - HEADER_HEIGHT + 8 * mm,
                    width - PAGE_MARGIN, height - PAGE_MARGIN - HEADER_HEIGHT + 8 * mm)
        canvas.restoreState()

    def _watermark(self, canvas: Canvas) -> None:
        width, height = A4
        word = self.t(D_("SAMPLE"))
        canvas.saveState()
        # a pale solid colour, drawn before the page's content: no transparency, which
        # would make print services (CUPS' PDF-to-PostScript filters) send page images
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        style = TextStyle(size=96, bold=True, color=WATERMARK)
        draw_text(canvas, word, 0, 0, style, rtl=self.rtl, lang=self.main.code, anchor="center")
        if word != "SAMPLE":
            draw_text(canvas, "SAMPLE", 0, -90, style.replace(size=60), rtl=False, lang="en",
                      anchor="center")
        canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        info = self.info
        width, _height = A4
        canvas.saveState()
        y = PAGE_MARGIN - 6 * mm
        style = TextStyle(size=7.5, color=MUTED)
        pages = self.fmt_both(D_("Page {page} of {pages}"),
                              page=lambda lang: formatting.format_integer(page, lang.locale),
                              pages=lambda lang: formatting.format_integer(total, lang.locale))
        printed = self.fmt_both(D_("Printed on {date}"), date=lambda lang: formatting.format_date(
            info.printed_on, lang.locale, "long"))
        start_x = width - PAGE_MARGIN if self.rtl else PAGE_MARGIN
        end_x = PAGE_MARGIN if self.rtl else width - PAGE_MARGIN
        draw_text(canvas, printed, start_x, y, style, rtl=self.rtl, lang=self.main.code,
                  anchor="right" if self.rtl else "left")
        draw_text(canvas, pages, end_x, y, style, rtl=self.rtl, lang=self.main.code,
                  anchor="left" if self.rtl else "right")
        above = 0
        if info.is_sample:
            above = 1 if self._sample_line_above else 0
            draw_text(canvas, self.both(D_("Sample data: not a real person")), width / 2,
                      y + above * self._note_step,
                      style.replace(color=colors.HexColor("#c0392b"), bold=True), rtl=self.rtl,
                      lang=self.main.code, anchor="center")
        note_style = TextStyle(size=NOTE_SIZE, color=NOTE_COLOUR)
        if self._notes is None:  # the pages are complete: what was left in English is known
            self._notes = self.draft_notes()
        notes = self._notes
        for index, (text, lang) in enumerate(reversed(notes), start=1):
            draw_text(canvas, text, width / 2, y + (index + above) * self._note_step,
                      note_style,
                      rtl=lang.rtl,
                      lang=lang.code, anchor="center")
        canvas.restoreState()

    # -- output ----------------------------------------------------------------------------
    def build(self, story: list[Flowable], out: str | Path | None = None) -> bytes:
        """Lay out ``story`` on A4 pages; return the PDF bytes (and write ``out``)."""
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4,
            leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN + HEADER_HEIGHT - 4 * mm,
            bottomMargin=PAGE_MARGIN + FOOTER_HEIGHT - 6 * mm + self._note_room(),
            title=self.t(self.info.title), author=clean(self.info.organisation),
            subject=self.info.reference, lang=self.main.code.replace("_", "-"),
            creator="counsel-app", initialFontName=fonts.LATIN.font_name(),
        )
        footer = self._footer
        # one document at a time: glyphs without a code point get private codes in the
        # shared font objects (a print on a background thread must not race another)
        with _BUILD_LOCK:
            self._build(doc, keep_headings(story), footer)
        data = buffer.getvalue()
        if out is not None:  # a document about a person: readable by its owner only
            path = Path(out)
            ensure_folder(path.parent)
            write_atomically(path, data)
        return data

    def _build(self, doc, story, footer) -> None:
        doc.build(story, onFirstPage=self._header, onLaterPages=self._header,
                  canvasmaker=_numbered_canvas(footer))


class _HeadingBreak(CondPageBreak):
    """The page break a heading starts with (a new page when little room is left)."""


class _KeepStart(KeepTogether):
    """A heading and the flowable after it: the heading stays on this page only when the
    start of what follows fits under it (never a heading alone at the foot of a page)."""

    def split(self, aW, aH):  # noqa: N803 - ReportLab API
        content = self._content[:]
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", False):
            return content
        heading, following = content[:-1], content[-1]
        if aH < heading[0].height:  # the heading's own break: the whole goes to a new page
            return [self.FrameBreak(), *content]
        # the room left under the heading, spaced as the frame will space it (a space after
        # one flowable and before the next overlap when the frame says so)
        overlap = getattr(frame, "_oASpace", 0)
        previous = getattr(frame, "_prevASpace", 0) if overlap else 0

        def space_before(flowable) -> float:
            before = flowable.getSpaceBefore()
            if overlap:
                if getattr(flowable, "_SPACETRANSFER", False) or getattr(
                        flowable, "_ZEROSIZE", False):
                    before = previous
                before = max(before - previous, 0)
            return before

        used = 0.0
        for flowable in heading:
            height = (0.0 if isinstance(flowable, CondPageBreak)
                      else flowable.wrapOn(self.canv, aW, 0xFFFFFF)[1])
            after = flowable.getSpaceAfter()
            used += space_before(flowable) + height + after
            if overlap and not getattr(flowable, "_SPACETRANSFER", False):
                previous = after
        room = aH - used - space_before(following)
        if room > 0:
            _width, height = following.wrapOn(self.canv, aW, room)
            if height <= room:
                return content
            parts = following.splitOn(self.canv, aW, room)
            if len(parts) >= 2 and not isinstance(parts[0], ActionFlowable):
                return [*heading, *parts]
        return [self.FrameBreak(), *content]


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """Each heading of ``story`` (see :meth:`DocumentWriter.heading`) bound to the flowable
    after it, so that a heading is never the last thing on a page."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        if isinstance(story[i], _HeadingBreak):
            end = i + 1
            while end < len(story) and not getattr(story[end], "heading_end", False):
                end += 1
            following = story[end + 1] if end + 1 < len(story) else None
            if following is not None and not isinstance(following, (ActionFlowable, Spacer)):
                out.append(_KeepStart(story[i:end + 2]))
                i = end + 2
                continue
        out.append(story[i])
        i += 1
    return out


def _plain(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Span):
        return value.text
    return "".join(getattr(v, "text", str(v)) for v in value)


def _is_flowables(value) -> bool:
    """A flowable or a list of flowables (a list of spans is text)."""
    if isinstance(value, Flowable):
        return True
    return isinstance(value, list) and not any(isinstance(v, (Span, str)) for v in value)


def _numbered_canvas(footer: Callable[[Canvas, int, int], None]):
    """A canvas class that draws ``footer(canvas, page, total)`` once the total is known."""

    class NumberedCanvas(Canvas):
        """Pages are kept until the end: the footer needs the page count, and each line's
        ActualText the direction text readers will take the whole page for."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []
            self._lines: list[tuple[int, str, str]] = []

        def record_actual_text(self, logical: str, visual: str) -> None:
            """Open an ActualText span for a line; its text is written at save()."""
            self._lines.append((len(self._code), logical, visual))
            self._code.append("")

        def showPage(self):  # noqa: N802 - ReportLab API
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()
            self._lines = []

        def save(self):
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                self._fill_actual_text()
                Canvas.showPage(self)
            Canvas.save(self)

        def _fill_actual_text(self) -> None:
            left_to_right = actualtext.page_direction([text for _i, text, _v in self._lines])
            for index, logical, visual in self._lines:
                order = actualtext.extractable(logical, visual, left_to_right)
                self._code[index] = f"/Span <</ActualText {actualtext.pdf_text(order)}>> BDC"

    return NumberedCanvas


def _image(logo) -> ImageReader | None:
    try:
        if isinstance(logo, (bytes, bytearray)):
            return ImageReader(io.BytesIO(bytes(logo)))
        return ImageReader(str(logo))
    except Exception:  # noqa: BLE001 - a broken logo must not stop a plan from printing
        return None


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    renderPDF.draw(_qr_drawing(payload, size), canvas, x, y)


@lru_cache(maxsize=256)
def _qr_drawing(payload: str, size: float) -> Drawing:
    """The QR code as a drawing, encoded once per payload (the widget encodes the code
    again each time it is asked for its bounds or its shapes; drawing only reads it)."""
    widget = QrCodeWidget(payload, barLevel="M", barBorder=1)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                      initialFontName=fonts.LATIN.font_name())
    drawing.add(widget.draw())
    return drawing


class _Rule(Flowable):
    def __init__(self, width: float, color, thickness: float = 0.7):
        super().__init__()
        self.rule_width = width
        self.color = color
        self.thickness = thickness

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.rule_width = min(self.rule_width, availWidth)
        return self.rule_width, 4

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 2, self.rule_width, 2)


class _Bullet(Flowable):
    def __init__(self, size: float):
        super().__init__()
        self.size = size

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.avail = availWidth
        return availWidth, self.size * 1.3

    def draw(self):
        self.canv.setFillColor(ACCENT)
        self.canv.circle(self.avail / 2, self.size * 1.3 - self.size * 0.62, self.size * 0.16,
                         stroke=0, fill=1)


__all__ = [
    "DocumentInfo", "DocumentWriter", "Span", "TextStyle", "check_qr_payload", "clean",
    "qr_payload",
]
