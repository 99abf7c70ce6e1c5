"""Printing for the field: a follow-up visit record and a blank visit questionnaire.

The record says what was recorded at one visit (date, how it took place, who was present,
each answer with its indicator's wording and anchor, the scores over what was answered,
the note as written); the questionnaire is the paper backup for a visit without power or
phone (the 15 indicators with boxes for 1–5 or "not asked", the plan's actions and the
referrals with boxes for their status and outcome, room for the note). Both carry the case
reference and its check number (:func:`counsel_app.domain.reference.check_number`, the
number the phone form asks for) and the QR code of the reference; neither prints the
person's name, so a sheet lost in the field names nobody.

Input is plain data (:class:`VisitSheet`, built by :mod:`counsel_app.followup.prints`);
output is PDF bytes. Fixed texts are document strings (``D_``): a language whose catalog
lacks one prints it in English, marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from counsel_app.documents.base import (
    INK,
    DocumentInfo,
    DocumentWriter,
    Span,
    TableStyle,
    clean,
)
from counsel_app.i18n import D_

RECORD_TITLE = D_("Follow-up visit record")
QUESTIONNAIRE_TITLE = D_("Follow-up visit questionnaire")

#: the survey's dimensions and indicators (the keys of ``counsel_app.followup.rss``)
DIMENSION_LABELS = {
    "economic": D_("Economic"),
    "social": D_("Social"),
    "psychosocial": D_("Psychosocial"),
}
INDICATOR_LABELS = {
    "income": D_("Sources of income"),
    "work": D_("Security and suitability of work"),
    "debt": D_("Debt compared with spending"),
    "food": D_("Food security"),
    "economic_satisfaction": D_("Satisfaction with the economic situation"),
    "housing": D_("Access to housing"),
    "education": D_("Access to education"),
    "justice": D_("Access to justice and legal help"),
    "health": D_("Access to health care"),
    "documents": D_("Identity and civil documents"),
    "networks": D_("Support networks (family, friends, neighbours)"),
    "participation": D_("Participation in community life"),
    "belonging": D_("Sense of belonging"),
    "safety": D_("Feeling safe"),
    "wellbeing": D_("Psychological well-being"),
}
ANCHORS = {1: D_("1 very poor"), 2: D_("2 poor"), 3: D_("3 fair"), 4: D_("4 good"),
           5: D_("5 very good")}
NOT_ASKED = D_("not asked")
VISIT_TYPE_LABELS = {
    "home": D_("Home visit"),
    "phone": D_("Phone call"),
    "office": D_("At the office"),
}
ACTION_STATUS_LABELS = {
    "not_started": D_("Not started"),
    "in_progress": D_("In progress"),
    "done": D_("Done"),
    "dropped": D_("Dropped"),
}
REFERRAL_STATE_LABELS = {
    "planned": D_("planned"),
    "sent": D_("sent"),
    "accepted": D_("accepted"),
    "rejected": D_("rejected"),
    "done": D_("done"),
}
REFERRAL_OUTCOME_LABELS = {
    "received": D_("service received"),
    "partly": D_("service partly received"),
    "not_received": D_("service not received"),
    "declined": D_("the person declined"),
    "no_capacity": D_("no place or capacity at the partner"),
    "not_eligible": D_("not eligible"),
}


@dataclass
class SheetAction:
    number: int
    text: str
    status: str = "not_started"
    on: date | None = None
    outcome: str = ""


@dataclass
class SheetReferral:
    number: int
    partner: str
    service: str
    state: str = "planned"
    on: date | None = None
    outcome: str = ""


@dataclass
class SheetVisit:
    """One recorded visit."""

    visit_date: date
    visit_type: str
    scores: dict[str, int]
    #: dimension -> 0–1 score (None: not enough answers) and the overall score
    dimensions: dict[str, float | None]
    overall: float | None
    answered: int
    people: str = ""
    note: str = ""


@dataclass
class VisitSheet:
    """What a visit record or a blank questionnaire prints, as plain data."""

    reference: str
    check: int
    organisation: str = ""
    is_sample: bool = False
    #: ISO country of return (dates and digits as read there)
    country: str | None = None
    arrival: date | None = None
    actions: list[SheetAction] = field(default_factory=list)
    referrals: list[SheetReferral] = field(default_factory=list)
    #: the recorded visit (None for a blank questionnaire)
    visit: SheetVisit | None = None
    printed_on: date | None = None


class _Box(Flowable):
    """An empty square to tick on paper."""

    def __init__(self, size: float = 3.6 * mm):
        super().__init__()
        self.size = size

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.avail = availWidth
        return availWidth, self.size + 2

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.rect((self.avail - self.size) / 2, 1, self.size, self.size, stroke=1, fill=0)


class _Lines(Flowable):
    """Ruled lines to write on."""

    def __init__(self, count: int, step: float = 8 * mm):
        super().__init__()
        self.count = count
        self.step = step

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.avail = availWidth
        return availWidth, self.count * self.step

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.4)
        for i in range(self.count):
            y = i * self.step + 1
            self.canv.line(0, y, self.avail, y)


def _writer(sheet: VisitSheet, title: str, lang: str) -> DocumentWriter:
    return DocumentWriter(DocumentInfo(
        title=title, lang=lang, reference=sheet.reference, organisation=sheet.organisation,
        is_sample=sheet.is_sample, country=sheet.country, printed_on=sheet.printed_on))


def _choices(w: DocumentWriter, msgids: list[str], width: float, *, columns: int = 1
             ) -> Table:
    """Boxes to tick, each with its label, ``columns`` to a row, ``width`` wide (a share
    of the frame, the cell's padding taken off)."""
    width = w.frame_width * width - 8
    rows, row = [], []
    for msgid in msgids:
        row += [_Box(), w.text(w.t(msgid), w.cell)]
        if len(row) == 2 * columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (2 * columns - len(row)))
    if w.rtl:
        rows = [list(reversed(r)) for r in rows]
    pair = width / columns
    widths = [6 * mm, pair - 6 * mm] * columns
    if w.rtl:
        widths.reverse()
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _case_fields(w: DocumentWriter, sheet: VisitSheet) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        (D_("Case reference"), sheet.reference),
        (D_("Check number"), f"{sheet.check:02d}"),
    ]
    if sheet.arrival:
        rows.append((D_("Arrival"), w.date(sheet.arrival)))
    return w.fields(rows)


def _header(w: DocumentWriter, sheet: VisitSheet, title: str, intro: str) -> list[Flowable]:
    story: list[Flowable] = []
    story += w.fixed(title, w.h1)
    if sheet.is_sample:
        story += w.fixed(D_("SAMPLE: fictional data, not a real case."),
                         w.body.replace(bold=True))
    story += w.fixed(intro, w.small)
    story.append(w.spacer(4))
    story += _case_fields(w, sheet)
    return story


def _score(w: DocumentWriter, value: float | None) -> str:
    if value is None:
        return w.t(D_("not enough answers"))
    return w.number(round(value, 2))


def render_visit_record(sheet: VisitSheet, lang: str, *, out: str | Path | None = None
                        ) -> bytes:
    """What was recorded at ``sheet.visit``, in ``lang``, as PDF bytes."""
    visit = sheet.visit
    if visit is None:
        raise ValueError("a visit record needs a visit")
    w = _writer(sheet, RECORD_TITLE, lang)
    story = _header(w, sheet, RECORD_TITLE, D_(
        "What was recorded at this follow-up visit. The note is printed as it was written. "
        "No name is printed: the reference identifies the case."))
    story += w.fields([
        (D_("Date of the visit"), w.date(visit.visit_date)),
        (D_("How the visit took place"),
         w.t(VISIT_TYPE_LABELS[visit.visit_type]) if visit.visit_type in VISIT_TYPE_LABELS
         else clean(visit.visit_type)),
        (D_("Who was present"), visit.people),
    ])
    story += w.heading(D_("Survey answers"))
    story += w.fixed(D_("Answered: {answered} of {total} indicators."),
                     answered=lambda lang_: w.integer(visit.answered),
                     total=lambda lang_: w.integer(len(INDICATOR_LABELS)))
    for dimension, dim_label in DIMENSION_LABELS.items():
        rows = []
        for key, label in _indicators(dimension):
            value = visit.scores.get(key)
            rows.append([w.t(label), w.t(ANCHORS[value]) if value in ANCHORS
                         else Span(w.t(NOT_ASKED))])
        story.append(w.keep([
            *w.fixed(dim_label, w.label_style.replace(size=w.base_size, color=INK)),
            *w.table([D_("Indicator"), D_("Answer")], rows, [0.62, 0.38]),
            w.spacer(4)]))
    story += w.heading(D_("Scores (0 very poor to 1 very good), over the answers given"))
    rows = [[w.t(label), _score(w, visit.dimensions.get(dim))]
            for dim, label in DIMENSION_LABELS.items()]
    story += w.table([D_("Dimension"), D_("Score")], rows, [0.62, 0.38], numeric=(1,),
                     footer=[w.t(D_("Overall")), _score(w, visit.overall)])
    if visit.note.strip():
        story += w.heading(D_("Note on the visit (as written)"))
        story.append(w.text(visit.note))
    story += _actions_now(w, sheet)
    story += _referrals_now(w, sheet)
    return w.build(story, out)


def _indicators(dimension: str) -> list[tuple[str, str]]:
    from counsel_app.followup.rss import INDICATORS

    return [(i.key, INDICATOR_LABELS[i.key]) for i in INDICATORS if i.dimension == dimension]


def _actions_now(w: DocumentWriter, sheet: VisitSheet) -> list[Flowable]:
    if not sheet.actions:
        return []
    story = w.heading(D_("Plan actions (as they stand on the print date)"))
    rows = [[w.integer(a.number), a.text,
             w.t(ACTION_STATUS_LABELS.get(a.status, D_("Not started"))),
             w.date(a.on, "short") if a.on else "", a.outcome]
            for a in sheet.actions]
    story += w.table([D_("No."), D_("Action"), D_("Status"), D_("Date"), D_("Outcome")],
                     rows, [0.07, 0.4, 0.15, 0.13, 0.25], numeric=(0,))
    return story


def _referrals_now(w: DocumentWriter, sheet: VisitSheet) -> list[Flowable]:
    if not sheet.referrals:
        return []
    story = w.heading(D_("Referrals (as they stand on the print date)"))
    rows = [[w.integer(r.number), " – ".join(p for p in (r.partner, r.service) if p),
             w.t(REFERRAL_STATE_LABELS.get(r.state, D_("planned"))),
             w.date(r.on, "short") if r.on else "",
             w.t(REFERRAL_OUTCOME_LABELS[r.outcome]) if r.outcome in REFERRAL_OUTCOME_LABELS
             else ""]
            for r in sheet.referrals]
    story += w.table([D_("No."), D_("Partner and service"), D_("State"), D_("Date"),
                      D_("Outcome")], rows, [0.07, 0.4, 0.15, 0.13, 0.25], numeric=(0,))
    return story


def render_questionnaire(sheet: VisitSheet, lang: str, *, out: str | Path | None = None
                         ) -> bytes:
    """The blank visit questionnaire for ``sheet``'s case, in ``lang``, as PDF bytes."""
    w = _writer(sheet, QUESTIONNAIRE_TITLE, lang)
    story = _header(w, sheet, QUESTIONNAIRE_TITLE, D_(
        "Paper backup for a visit without power or phone. Tick one box a line, leave "
        "\u201cnot asked\u201d for what was not talked about, and record the answers in the "
        "app or the phone form afterwards with the reference and check number above. Write "
        "no names of other people."))
    story += w.fields([
        (D_("Date of the visit"), _Lines(1, 6 * mm)),
        (D_("How the visit took place"),
         _choices(w, list(VISIT_TYPE_LABELS.values()), 0.68, columns=3)),
        (D_("Who was present"), _Lines(1, 6 * mm)),
    ])
    story += w.heading(D_("Survey answers"))
    headers = [D_("Indicator"), *ANCHORS.values(), NOT_ASKED]
    widths = [0.37] + [0.105] * 5 + [0.105]
    for dimension, dim_label in DIMENSION_LABELS.items():
        rows = [[w.t(label), *[_Box() for _i in range(6)]]
                for _key, label in _indicators(dimension)]
        story.append(w.keep([
            *w.fixed(dim_label, w.label_style.replace(size=w.base_size, color=INK)),
            *w.table(headers, rows, widths),
            w.spacer(4)]))
    if sheet.actions:
        story += w.heading(D_("Plan actions talked about"))
        statuses = list(ACTION_STATUS_LABELS.values())
        rows = [[w.integer(a.number),
                 [w.text(a.text, w.cell),
                  w.text(w.fmt(D_("Now: {status}"),
                               status=w.t(ACTION_STATUS_LABELS.get(a.status,
                                                                   D_("Not started")))),
                         w.small)],
                 _choices(w, statuses, 0.22), _Lines(2, 7 * mm)]
                for a in sheet.actions]
        story += w.table([D_("No."), D_("Action"), D_("Status"), D_("Outcome or note")],
                         rows, [0.07, 0.38, 0.22, 0.33], numeric=(0,))
    if sheet.referrals:
        story += w.heading(D_("Referrals talked about"))
        rows = [[w.integer(r.number),
                 [w.text(" – ".join(p for p in (r.partner, r.service) if p), w.cell),
                  w.text(w.fmt(D_("Now: {status}"),
                               status=w.t(REFERRAL_STATE_LABELS.get(r.state, D_("planned")))),
                         w.small)],
                 _choices(w, [REFERRAL_STATE_LABELS[s] for s in ("sent", "accepted",
                                                                 "rejected", "done")], 0.2),
                 _choices(w, list(REFERRAL_OUTCOME_LABELS.values()), 0.4)]
                for r in sheet.referrals]
        story += w.table([D_("No."), D_("Partner and service"), D_("State"), D_("Outcome")],
                         rows, [0.07, 0.33, 0.2, 0.4], numeric=(0,))
    story += w.heading(D_("Note on the visit"))
    story.append(_Lines(5))
    story.append(w.spacer(6))
    story += w.signature_lines([D_("Caseworker")])
    return w.build(story, out)
