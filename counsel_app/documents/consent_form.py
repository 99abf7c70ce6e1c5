"""The consent form: each item with its text, two boxes (agree / do not agree), signatures.

Input is the consent area's plain data, ``counsel_app.consent.form.ConsentFormData``
(every string already translated; ``Bilingual(main, second)`` pairs when a second language
is printed). The renderer reads attributes only, so any object of the same shape works.
A form printed before consent is recorded has empty boxes for a signature on paper; after,
the recorded choices are ticked and dated.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from counsel_app.documents.base import (
    ACCENT,
    INK,
    MUTED,
    DocumentInfo,
    DocumentWriter,
    Span,
    TableStyle,
    _Rule,
    clean,
)
from counsel_app.documents.honesty import is_marked
from counsel_app.i18n import D_

FALLBACK_TITLE = D_("Consent form")


class Checkbox(Flowable):
    """A square box, ticked or empty (drawn, never a font glyph)."""

    def __init__(self, ticked: bool, size: float = 11):
        super().__init__()
        self.ticked = ticked
        self.size = size

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return self.size + 2, self.size + 2

    def draw(self):
        c = self.canv
        s = self.size
        c.setStrokeColor(INK)
        c.setLineWidth(1)
        c.rect(1, 1, s, s)
        if self.ticked:
            c.setStrokeColor(ACCENT)
            c.setLineWidth(2)
            path = c.beginPath()
            path.moveTo(1 + s * 0.2, 1 + s * 0.5)
            path.lineTo(1 + s * 0.42, 1 + s * 0.22)
            path.lineTo(1 + s * 0.82, 1 + s * 0.85)
            c.drawPath(path, stroke=1, fill=0)


def _bi(w: DocumentWriter, pair, style=None) -> list[Flowable]:
    """A Bilingual(main, second) pair as one or two text blocks."""
    if pair is None:
        return []
    style = style or w.body
    out = [w.text(clean(pair.main), style.replace(space_after=1))]
    if getattr(pair, "second", None) and w.second is not None:
        out.append(w.text(clean(pair.second), style.replace(size=style.size * 0.85,
                                                            color=MUTED, bold=False),
                          lang=w.second))
    return out


def _choice_row(w: DocumentWriter, item) -> Table:
    yes = [Checkbox(item.ticked_yes), _bi(w, item.yes_label)]
    no = [Checkbox(item.ticked_no), _bi(w, item.no_label)]
    half = w.frame_width / 2
    cells = [yes[0], yes[1], no[0], no[1]]
    widths = [16, half - 16, 16, half - 16]
    if w.rtl:
        cells.reverse()
        widths.reverse()
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def render_consent_form(data, out: str | Path | None = None, *, organisation: str = "",
                        logo=None, layout: str = "below") -> bytes:
    """The consent form of ``data`` (a ``ConsentFormData``) as PDF bytes."""
    writer = DocumentWriter(DocumentInfo(
        title=getattr(data, "title_msgid", FALLBACK_TITLE), lang=data.lang,
        second_lang=data.second_lang, layout=layout, reference=data.reference,
        organisation=organisation, logo=logo, is_sample=data.is_sample,
        country=getattr(data, "return_country", None) or None))
    w = writer
    _note_english(w, data)
    story: list[Flowable] = []
    story += _bi(w, data.title, w.h1)
    story.append(_Rule(w.frame_width, ACCENT))
    rows = [(D_("Name"), data.person_name),
            (D_("Case reference"), Span(data.reference, isolate=True))]
    counsellor = getattr(data, "counsellor", "")
    contact = getattr(data, "counsellor_contact", "")
    if counsellor:
        rows.append((D_("Counsellor"), Span(clean(counsellor), isolate="auto")))
    if contact:
        rows.append((D_("Contact of the counsellor"), Span(clean(contact), isolate="auto")))
    story += w.fields(rows)
    story.append(w.spacer(4))
    story += _bi(w, data.introduction)
    for line in (data.interpreter_line, data.guardian_line, data.teach_back_line):
        story += _bi(w, line, w.small)
    for item in data.items:
        block: list[Flowable] = [w.spacer(6)]
        number = w.integer(item.number)
        title = item.title
        block.append(w.text([Span(f"{number}. ", bold=True), Span(clean(title.main), bold=True)],
                            w.body.replace(size=w.base_size * 1.05, color=ACCENT,
                                           space_after=1)))
        if getattr(title, "second", None) and w.second is not None:
            block.append(w.text(clean(title.second), w.small, lang=w.second))
        block += _bi(w, item.text)
        block.append(_choice_row(w, item))
        if item.recorded_on:
            status = [Span(clean(item.status.main)), Span(" — "),
                      Span(w.date(item.recorded_on), isolate="auto")]
            if item.method is not None:
                status += [Span(" — "), Span(clean(item.method.main), isolate="auto")]
            block.append(w.text(status, w.small))
        block.append(_Rule(w.frame_width, MUTED, 0.3))
        story.append(w.keep(block))
    story.append(w.spacer(6))
    story += _bi(w, data.withdrawal_note, w.body.replace(bold=True))
    story += _bi(w, data.copy_note, w.small)
    if data.fingerprint_line is not None:
        story += _bi(w, data.fingerprint_line, w.small)
    labels = [pair for _role, pair in data.signatures]
    story.append(w.spacer(4 * mm))
    story += _signatures(w, labels)
    return writer.build(story, out)


def _note_english(w: DocumentWriter, data) -> None:
    """Texts of the form that came in English (marked [EN]) are named on every page."""
    pairs = [data.title, data.introduction, data.withdrawal_note, data.copy_note]
    for item in data.items:
        pairs += [item.title, item.text, item.yes_label, item.no_label]
    for pair in pairs:
        if pair is None:
            continue
        if is_marked(pair.main):
            w.note_untranslated()
        if w.second is not None and is_marked(getattr(pair, "second", None) or ""):
            w.note_untranslated(w.second)


def _signatures(w: DocumentWriter, labels) -> list[Flowable]:
    per_row = 2
    rows = []
    for start in range(0, len(labels), per_row):
        row = []
        for pair in labels[start:start + per_row]:
            row.append([w.spacer(12 * mm), _Rule(w.frame_width / per_row - 14, INK),
                        *_bi(w, pair, w.small), w.text(w.both(D_("Date:")), w.small)])
        while len(row) < per_row:
            row.append("")
        if w.rtl:
            row.reverse()
        rows.append(row)
    if not rows:
        return []
    table = Table(rows, colWidths=[w.frame_width / per_row] * per_row)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 6),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return [table]
