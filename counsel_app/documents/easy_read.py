"""The one-page easy-read summary of the plan: large type, pictograms, few words.

For a returnee who may read little: what happens on arrival, the next steps, the support,
the dates, the people to contact. Each block is a drawn pictogram beside a short heading
and a few lines. Lists are cut to what fits a page, and a cut list ends with "and N more:
see your plan" (nothing is dropped silently). The lists are cut shorter for a script that
needs taller lines (Urdu's Nastaliq) rather than the type made small: the page shrinks only
what still overflows once every list is down to its first item, and never runs onto a
second sheet.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Table

from counsel_app.documents import pictograms
from counsel_app.documents.base import MUTED, DocumentWriter, Span, TableStyle, clean
from counsel_app.documents.people import name_spans, place_name
from counsel_app.documents.plan_pdf import (
    EASY_READ_TITLE,
    PlanDocument,
    _info,
    months_text,
    user_spans,
)
from counsel_app.documents.text import format_spans
from counsel_app.i18n import D_, Dn_
from counsel_app.plan.model import ASSISTANCE_TYPES

MAX_ITEMS = 3
#: Most items of each list (a cut list adds its "and N more" line): the arrival, the next
#: steps, the support, the follow-up meetings (one line of dates), the people to call.
LIMITS = {"arrival": MAX_ITEMS + 1, "steps": MAX_ITEMS, "support": MAX_ITEMS + 1,
          "meetings": 4, "people": MAX_ITEMS}
#: The page's height for the story, and the smallest scale the type may shrink to before
#: the lists are cut shorter (15 pt body: about 13 pt).
PAGE_HEIGHT = 232 * mm
SMALLEST_SCALE = 0.87
MORE = Dn_("and {n} more: see your plan", "and {n} more: see your plan")


def _cut(w: DocumentWriter, items: list, limit: int) -> list:
    """The first ``limit`` items, and a line saying how many more the full plan has (an
    item is never dropped silently)."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], _more(w, len(items) - limit)]


def _more(w: DocumentWriter, rest: int) -> list[Span]:
    """"and 2 more: see your plan"."""
    more = format_spans(w.main.ngettext(*MORE, rest), n=w.integer(rest))
    return [Span(s.text, color=MUTED, isolate=s.isolate) for s in more]


def _block(w: DocumentWriter, icon: str, heading: str, lines: list, **icon_args) -> Table:
    size = 17 * mm
    drawing = pictograms.PICTOGRAMS[icon](size, **icon_args)
    content: list[Flowable] = [w.text(Span(w.t(heading), bold=True),
                                      w.body.replace(size=w.base_size * 1.15, space_after=2))]
    for line in lines:
        content.append(w.text(line, w.body.replace(space_after=1)))
    row = [drawing, content]
    widths = [size + 5 * mm, w.frame_width - size - 5 * mm]
    if w.rtl:
        row.reverse()
        widths.reverse()
    table = Table([row], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, pictograms.DISC),
    ]))
    return table


def easy_read_story(w: DocumentWriter, doc) -> list[Flowable]:
    """The page: each list as long as the type stays large (see :data:`SMALLEST_SCALE`);
    the longest list is cut a line at a time until it does, or no list can be cut further
    (then the page shrinks what is left to fit)."""
    limits = dict(LIMITS)
    while True:
        counts: dict[str, int] = {}
        blocks = _blocks(w, doc, limits, counts)
        page = KeepInFrame(w.frame_width, PAGE_HEIGHT, blocks, mode="shrink")
        if _scale(w, page) >= SMALLEST_SCALE:
            return [page]
        shorter = _shorter(limits, counts)
        if shorter is None:
            break
        limits.update(shorter)
    return [page]


def _shorter(limits: dict[str, int], counts: dict[str, int]) -> dict[str, int] | None:
    """The longest list cut by one line, or None when none can be. A list shown whole
    loses two items (their place takes one "and N more" line); one already cut loses one;
    none goes below one item. The meetings are one line of dates: never cut for room."""
    shown = {key: min(limits[key], count) for key, count in counts.items()
             if key != "meetings"}
    for key in sorted(shown, key=lambda key: -shown[key]):
        whole = counts[key] <= limits[key]
        fewer = shown[key] - (2 if whole else 1)
        if fewer >= 1:
            return {key: fewer}
    return None


def _scale(w: DocumentWriter, page: KeepInFrame) -> float:
    """The size the type will have on the page, as a share of its full size (1: no
    shrinking). Laid out as the page will be: shrunk text wraps at a wider measure."""
    page.canv = None  # measured before it is drawn (the text needs no canvas to wrap)
    page.wrap(w.frame_width, PAGE_HEIGHT)
    del page.canv
    return 1 / getattr(page, "_scale", 1.0)


def _blocks(w: DocumentWriter, doc, limits: dict[str, int],
            counts: dict[str, int]) -> list[Flowable]:
    """The page's blocks, each list cut at its limit; ``counts`` gets each list's length."""
    plan = doc.plan
    blocks: list[Flowable] = []
    blocks += w.fixed(D_("My reintegration plan: the main points"),
                      w.h1.replace(size=w.base_size * 1.5))
    name = name_spans(doc.person_name, doc.person_name_native, w.main.code)
    if name:
        blocks.append(w.text(name, w.body.replace(size=w.base_size * 1.05)))

    arrival = []
    place = user_spans(plan, plan.place_of_return, w.main) or [Span(clean(
        place_name(doc.return_town, doc.return_region, doc.country, w.main.code)
        if (doc.return_town or doc.return_region or doc.country) else doc.place_of_return),
        isolate="auto")]
    if place[0].text:
        line = list(place)
        if plan.expected_arrival:
            line += [Span(" — "), Span(w.date(plan.expected_arrival), isolate="auto")]
        arrival.append(line)
    for value in (plan.arrival.reception, plan.arrival.onward_transport,
                  plan.arrival.temporary_accommodation):
        if value:
            arrival.append(user_spans(plan, value, w.main))
    if arrival:
        counts["arrival"] = len(arrival)
        blocks.append(_block(w, "house", D_("When you arrive"),
                             _cut(w, arrival, limits["arrival"])))

    steps = [user_spans(plan, g.goal, w.main) for g in plan.goals if g.goal.strip()]
    if not steps:
        steps = [clean(o.title) for o in plan.opportunities]
    if steps:
        counts["steps"] = len(steps)
        blocks.append(_block(w, "steps", D_("Your next steps"), _cut(w, steps, limits["steps"])))

    support = []
    if plan.budget:
        support.append(w.fmt(D_("Money for what you need to start: {amount}"),
                             amount=w.money(plan.budget_total, plan.currency)))
    for item in plan.assistance:
        category = item.category
        if category is not None:
            support.append(w.t(ASSISTANCE_TYPES[category][item.type]))
    if support:
        counts["support"] = len(support)
        blocks.append(_block(w, "money", D_("Support for you"),
                             _cut(w, support, limits["support"])))

    dates: list[Span] = []
    visits = sorted(plan.follow_up, key=lambda f: f.months_after_arrival)
    shown = limits["meetings"]
    if visits:
        counts["meetings"] = len(visits)
    for visit in visits[:shown]:
        if dates:
            dates.append(Span(" · "))
        if visit.due_on:
            dates.append(Span(w.date(visit.due_on), isolate="auto"))
        else:
            dates.extend(months_text(w, visit.months_after_arrival))
    if dates:
        blocks.append(_block(w, "calendar", D_("Meetings to check how you are"),
                             [dates, _more(w, len(visits) - shown)]
                             if len(visits) > shown else [dates]))

    people = []
    for contact in plan.contacts:
        line: list[Span] = []
        role = (user_spans(plan, contact.role, w.main, bold=True) if contact.role.strip()
                else [Span(clean(contact.organisation), bold=True, isolate="auto")])
        for part in ([Span(clean(contact.name), bold=True, isolate="auto")], role):
            if part and part[0].text:
                if line:
                    line.append(Span(" — ", bold=True))
                line += part
        if contact.phone:
            line += [Span("  "), Span(clean(contact.phone), isolate=True)]
        people.append(line)
    if people:
        counts["people"] = len(people)
        blocks.append(_block(w, "phone", D_("People to call"),
                             _cut(w, people, limits["people"])))
    if plan.mentor.name:
        mentor = [Span(clean(plan.mentor.name), bold=True, isolate="auto")]
        if plan.mentor.contact:
            mentor.append(Span("  "))
            mentor.append(Span(clean(plan.mentor.contact), isolate=True))
        blocks.append(_block(w, "mentor", D_("Your mentor"), [mentor]))

    blocks += w.fixed(D_("Keep this page. Ask your counsellor if something is not clear."),
                      w.small.replace(size=w.base_size * 0.8, space_before=6))
    return blocks


def render_easy_read(doc: PlanDocument, lang: str, *, out: str | Path | None = None) -> bytes:
    """The one-page easy-read summary (large type, pictograms) as PDF bytes."""
    writer = DocumentWriter(_info(doc, EASY_READ_TITLE, lang, None, "below"), base_size=15)
    return writer.build(easy_read_story(writer, doc), out)
