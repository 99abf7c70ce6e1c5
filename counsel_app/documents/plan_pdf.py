"""The individual reintegration plan as a PDF, in any document language (optionally two).

Input is plain data (:class:`PlanDocument`: the plan dataclass plus the few case facts
the header needs); output is PDF bytes. Section order follows IOM's Annex 3 template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable

from counsel_app.documents.base import DocumentInfo, DocumentWriter, Span, clean
from counsel_app.documents.people import name_spans, place_name
from counsel_app.documents.text import format_spans
from counsel_app.documents.typed_text import WRITTEN_IN, typed_spans  # noqa: F401 - WRITTEN_IN: tests
from counsel_app.i18n import D_, Dn_, formatting
from counsel_app.plan.model import (
    ASSISTANCE_TYPES,
    CATEGORY_LABELS,
    DIMENSION_LABELS,
    OPPORTUNITY_KINDS,
    AssistanceCategory,
    Dimension,
    WISH_OUTCOMES,
    GrantCeiling,
    ReintegrationPlan,
    text_typed_in,
)

PLAN_TITLE = D_("Individual reintegration plan")
EASY_READ_TITLE = D_("My reintegration plan: the main points")


@dataclass
class TravellingMember:
    """A family member who travels with the returnee."""

    relation: str  #: a key of RELATION_LABELS
    name: str = ""
    age: int | None = None


@dataclass
class PlanDocument:
    """Everything the plan prints, as plain data."""

    plan: ReintegrationPlan
    #: the name in Latin letters (and as the person writes it, when it differs)
    person_name: str = ""
    place_of_return: str = ""  #: free text, when there is no town/region/country below
    country: str = ""  # ISO code of the country of return
    counsellor: str = ""  #: the counsellor's name as it should print (not a login)
    organisation: str = ""
    logo: bytes | str | Path | None = None
    is_sample: bool = False
    ceiling: GrantCeiling | None = None
    printed_on: date | None = None
    person_name_native: str = ""
    #: the town as typed and the region (ISO 3166-2 code or text): named per language
    return_town: str = ""
    return_region: str = ""
    counsellor_contact: str = ""  #: the counsellor's work phone or e-mail
    organisation_contact: str = ""  #: the centre's address and phone, as typed
    travelling: list[TravellingMember] = field(default_factory=list)


#: family relations as documents print them
RELATION_LABELS = {
    "spouse": D_("Spouse"),
    "child": D_("Child"),
    "parent": D_("Parent"),
    "sibling": D_("Brother or sister"),
    "other_relative": D_("Other relative"),
    "other": D_("Other"),
}


def user_spans(plan: ReintegrationPlan, text: str, lang, *, bold: bool = False
               ) -> list[Span]:
    """A text the counsellor typed, for a page in ``lang`` (a document language of the
    writer): in that language where the plan has it (``plan.returnee``), else as typed with
    a note naming the language it was typed in (when the plan says which:
    :func:`~counsel_app.plan.model.text_typed_in`); :func:`typed_spans`."""
    return typed_spans(text, plan.returnee, text_typed_in(plan, text), lang, bold=bold)


def user_text(w: DocumentWriter, plan: ReintegrationPlan, text: str, *, bold: bool = False):
    """The same as a field or cell value: in a bilingual print, the second language's text
    below when it has other words."""
    return typed_value(w, text, plan.returnee, text_typed_in(plan, text), bold=bold)


def typed_value(w: DocumentWriter, text: str, returnee, text_language: str, *,
                bold: bool = False):
    """A typed text as a field or cell value (:func:`typed_spans` for each language of the
    print): in a bilingual print, the second language's text below when it has other
    words."""
    first = typed_spans(text, returnee, text_language, w.main, bold=bold)
    if not first:
        return ""
    second = (typed_spans(text, returnee, text_language, w.second)
              if w.second is not None else None)
    if second is not None and second[0].text == first[0].text:
        second = None  # the same words (the first line names their language if need be)
    return w.dual(first, second)


MONTHS = Dn_("{n} month after arrival", "{n} months after arrival")


def months_text(w: DocumentWriter, n: int) -> list[Span]:
    """"1 month after arrival" in the document language, with its digits."""
    return format_spans(w.main.ngettext(*MONTHS, n), n=w.integer(n))


def months_value(w: DocumentWriter, n: int):
    """The same in both languages when bilingual."""
    second = None
    if w.second is not None:
        second = format_spans(w.second.ngettext(*MONTHS, n),
                              n=formatting.format_integer(n, w.second.locale))
    return w.dual(months_text(w, n), second)


def _yes_no(w: DocumentWriter, value: bool):
    return w.tr(D_("Yes") if value else D_("No"))


def plan_story(w: DocumentWriter, doc: PlanDocument) -> list[Flowable]:
    plan = doc.plan
    story: list[Flowable] = []
    story += w.fixed(PLAN_TITLE, w.h1)
    story += w.fields([
        (D_("Name"), name_spans(doc.person_name, doc.person_name_native, w.main.code)),
        (D_("Case reference"), Span(plan.reference, isolate=True)),
        (D_("Place of return"), place_value(w, doc)),
        (D_("Expected arrival"), w.date_value(plan.expected_arrival)),
        (D_("Counsellor"), doc.counsellor),
        (D_("Plan drafted on"), w.date_value(plan.drafted_on)),
    ])
    if doc.travelling:
        story += w.heading(D_("Family members travelling with you"))
        story += w.table([D_("Relation"), D_("Name"), D_("Age")],
                         [[w.tr(RELATION_LABELS.get(m.relation, RELATION_LABELS["other"])),
                           m.name, w.integer_value(m.age) if m.age is not None else ""]
                          for m in doc.travelling], [0.3, 0.5, 0.2])

    # 1. summary by dimension
    story += w.heading(D_("1. Summary of the plan"))
    rows = [(DIMENSION_LABELS[d], user_text(w, plan, plan.summary.get(d, "")))
            for d in Dimension]
    story += w.fields(rows) or w.fixed(D_("Not filled in yet."), w.small)

    # 2. types of assistance
    story += w.heading(D_("2. Types of assistance"))
    table_rows = []
    groups = []
    for category in AssistanceCategory:
        items = [a for a in plan.assistance if a.category is category]
        if not items:
            continue
        groups.append(len(table_rows))
        table_rows.append([w.tr(CATEGORY_LABELS[category], bold=True), "", ""])
        for item in items:
            label = ASSISTANCE_TYPES[category][item.type]
            table_rows.append([w.tr(label), user_text(w, plan, item.details),
                               _yes_no(w, item.referral_needed)])
    if table_rows:
        story += w.table([D_("Assistance"), D_("Details"), D_("Referral needed?")], table_rows,
                         [0.3, 0.52, 0.18], group_rows=groups)
    else:
        story += w.fixed(D_("No assistance chosen yet."), w.small)

    # 3. the reintegration grant
    story += w.heading(D_("3. Goods, equipment and services paid by the reintegration grant"))
    if plan.budget:
        def money(amount, bold=False):
            return w.money_value(amount, plan.currency, bold=bold, style=w.cell_end)

        rows3 = [[user_text(w, plan, line.item), w.integer_value(line.quantity, style=w.cell_end),
                  money(line.estimated_cost), money(line.total)] for line in plan.budget]
        story += w.table([D_("Item"), D_("Quantity"), D_("Estimated cost"), D_("Total")], rows3,
                         [0.46, 0.12, 0.21, 0.21], numeric=(1, 2, 3),
                         footer=[w.tr(D_("Total"), bold=True), "", "",
                                 money(plan.budget_total, bold=True)])
        check = plan.check_budget(doc.ceiling)
        if check.comparable:
            ceiling = doc.ceiling
            story += w.fixed(D_("Programme ceiling: {amount}"), w.small,
                             amount=lambda lang: _money_in(lang, ceiling.amount,
                                                           ceiling.currency))
            if not check.over and check.remaining is not None:
                remaining = check.remaining
                story += w.fixed(D_("Remaining within the ceiling: {amount}"), w.small,
                                 amount=lambda lang: _money_in(lang, remaining,
                                                               ceiling.currency))
            if check.over:
                story += w.fixed(D_("The total is above the programme ceiling and must be "
                                    "approved before payment."), w.body.replace(bold=True))
    else:
        story += w.fixed(D_("No purchases planned yet."), w.small)

    # 4. referrals
    story += w.heading(D_("4. Referrals"))
    if plan.referrals:
        story += w.table([D_("Organisation"), D_("What it provides"), D_("Contact")],
                         [[r.organisation, user_text(w, plan, r.service), r.contact]
                          for r in plan.referrals],
                         [0.32, 0.38, 0.30])
    else:
        story += w.fixed(D_("No referrals."), w.small)

    # 5. well-being
    story += w.heading(D_("5. Well-being: expected improvement"))
    wb = plan.well_being
    story += w.fields([
        (D_("Score at the start (0 to 100)"),
         w.number_value(wb.baseline) if wb.baseline is not None else ""),
        (D_("Expected score (0 to 100)"),
         w.number_value(wb.expected) if wb.expected is not None else ""),
        (D_("Notes"), user_text(w, plan, wb.note)),
    ]) or w.fixed(D_("Not filled in yet."), w.small)

    # 6. community projects
    story += w.heading(D_("6. Community projects"))
    if plan.community_projects:
        story += w.table([D_("Project"), D_("Description"), D_("Partners")],
                         [[user_text(w, plan, p.title), user_text(w, plan, p.description),
                           p.partners] for p in plan.community_projects],
                         [0.3, 0.45, 0.25])
    else:
        story += w.fixed(D_("None planned."), w.small)

    # around the template: opportunities, arrival, contacts, follow-up, mentor, goals
    if plan.opportunities:
        story += w.heading(D_("Chosen opportunities"))
        story += w.table(
            [D_("Opportunity"), D_("Provider"), D_("Kind"), D_("Place")],
            [[o.title, o.provider, w.tr(OPPORTUNITY_KINDS.get(o.kind, OPPORTUNITY_KINDS["other"])),
              o.place] for o in plan.opportunities],
            [0.36, 0.26, 0.16, 0.22])

    arrival = plan.arrival
    story += w.heading(D_("Arrival arrangements"))
    # a decision not taken is never printed as one (not "No" for an open question)
    escort = (w.tr(D_("Not yet decided")) if arrival.medical_escort is None
              else _yes_no(w, arrival.medical_escort))
    if arrival.medical_escort is not None and arrival.medical_escort_details:
        escort = [*_as_flowables(w, escort),
                  *_as_flowables(w, user_text(w, plan, arrival.medical_escort_details))]
    story += w.fields([
        (D_("Reception on arrival"), user_text(w, plan, arrival.reception)),
        (D_("Onward transport"), user_text(w, plan, arrival.onward_transport)),
        (D_("Temporary accommodation"), user_text(w, plan, arrival.temporary_accommodation)),
        (D_("Medical escort"), escort),
    ])

    if plan.contacts:
        story += w.heading(D_("Contact points in the country of origin"))
        story += w.table([D_("Name"), D_("Role"), D_("Organisation"), D_("Phone"), D_("Address")],
                         [[c.name, user_text(w, plan, c.role), c.organisation,
                           Span(c.phone, isolate=True), user_text(w, plan, c.address)]
                          for c in plan.contacts],
                         [0.2, 0.17, 0.2, 0.18, 0.25])

    if plan.follow_up:
        story += w.heading(D_("Follow-up schedule"))
        story += w.table([D_("When"), D_("Date"), D_("Notes")],
                         [[months_value(w, f.months_after_arrival),
                           w.date_value(f.due_on, "medium"), user_text(w, plan, f.note)]
                          for f in sorted(plan.follow_up, key=lambda f: f.months_after_arrival)],
                         [0.35, 0.25, 0.4])

    mentor = plan.mentor
    if mentor.name or mentor.contact:
        story += w.heading(D_("Mentor"))
        story += w.fields([(D_("Name"), mentor.name), (D_("Contact"), Span(mentor.contact, isolate=True)),
                           (D_("Notes"), user_text(w, plan, mentor.note))])

    if plan.goals:
        story += w.heading(D_("Goals and actions"))
        for number, goal in enumerate(plan.goals, start=1):
            title = _goal_title(w, w.main, number, goal.dimension)
            title.append(Span(": ", bold=True))
            # the goal is the counsellor's text: isolated, so its full stop stays with it
            first = user_spans(plan, goal.goal, w.main)
            block = [w.text([*title, *first], w.body.replace(space_before=4))]
            if w.second is not None:
                second_title = _goal_title(w, w.second, number, goal.dimension)
                second = user_spans(plan, goal.goal, w.second)
                if second[0].text != first[0].text:
                    # the goal itself reads differently in the second language
                    second_title += [Span(": ", bold=True), *second]
                block.append(w.text(second_title, w.small.replace(space_after=2),
                                    lang=w.second))
            if goal.actions:
                block += w.table([D_("Who"), D_("What"), D_("By when")],
                                 [[user_text(w, plan, a.who), user_text(w, plan, a.what),
                                   w.date_value(a.by_when, "medium")]
                                  for a in goal.actions],
                                 [0.25, 0.5, 0.25])
            story.append(w.keep(block))

    if plan.notes:
        story += w.heading(D_("Notes"))
        story += _as_flowables(w, user_text(w, plan, plan.notes))

    # whom to contact, then the signatures, each kept on one page (the plan never ends with
    # a page holding only a block of contacts or half the signatures)
    if doc.organisation or doc.organisation_contact or doc.counsellor_contact:
        story.append(w.keep([*w.heading(D_("Whom to contact about this plan")), *w.fields([
            (D_("Organisation"), doc.organisation),
            (D_("Address and phone"), doc.organisation_contact),
            (D_("Counsellor"), doc.counsellor),
            (D_("Contact of the counsellor"), Span(clean(doc.counsellor_contact),
                                                   isolate="auto")),
        ])]))
    signing = w.heading(D_("Signatures"))
    signing += w.fixed(D_("We have read this plan together. The returnee can ask for changes at "
                          "any time, and the plan will be reviewed within one month of "
                          "arrival."), w.small)
    signing += w.signature_lines([D_("Returnee"), D_("Counsellor")])
    signing += w.fixed(D_("After arrival, the caseworker in the country of origin reviews the "
                          "plan with the returnee and signs here."),
                       w.small.replace(space_before=8))
    signing += w.signature_lines([D_("Caseworker in the country of origin"), D_("Returnee")])
    story.append(w.keep(signing))
    if plan.revisions:
        story += refinement_annex(w, plan)
    return story


#: the decisions of the feasibility grid as documents print them
#: (keys of counsel_app.opportunities.classifications.FeasibilityRating)
FEASIBILITY_DECISIONS = {
    "not_assessed": D_("Not assessed yet"),
    "feasible": D_("Feasible"),
    "with_support": D_("Feasible with support"),
    "difficult": D_("Difficult"),
    "not_feasible": D_("Not feasible"),
}


def refinement_annex(w: DocumentWriter, plan: ReintegrationPlan) -> list[Flowable]:
    """The annex: the plan's versions after arrival, what the latest changed wish by wish,
    and the feasibility grid it came from. The wishes, options and reasons are the
    caseworker's words after arrival: printed as written (never translated, the page says
    so), each marked by the language recorded for it when it is another than the page's
    (:func:`typed_spans`, as the plan's own texts): a change by the one the grid's line
    recorded for its cell (:meth:`~counsel_app.plan.model.WishChange.language`), a grid's
    cell by its line's (:meth:`~counsel_app.opportunities.model.FeasibilityRow.language`).
    A text whose language is not recorded (a version made before; the grid's other cells)
    has no mark."""
    from counsel_app.opportunities.model import FeasibilityRow

    latest = plan.revisions[-1]

    def typed(text: str, language: str | None = None):
        return typed_value(w, text, None, language or "")

    story: list[Flowable] = [w.page_break()]
    story += w.heading(D_("Annex: the plan refined after arrival"), level=1)
    story += w.fixed(D_("The caseworker's words are printed as written, never translated."),
                     w.small)
    story += w.table([D_("Version"), D_("Date"), D_("Made from")],
                     [[w.integer(1), w.date_value(plan.drafted_on, "medium")
                       if plan.drafted_on else "", w.tr(D_("The plan agreed before departure"))],
                      *[[w.integer(r.number), w.date_value(r.on, "medium"),
                         w.tr(D_("The feasibility grid made after arrival"))]
                        for r in plan.revisions]],
                     [0.15, 0.25, 0.6])
    story += w.heading(D_("What changed in version {n}"), n=lambda lang: formatting
                       .format_integer(latest.number, lang.locale))
    story += w.table([D_("Wish"), D_("Outcome"), D_("Now"), D_("Reason")],
                     [[typed(c.wish, c.language("wish")),
                       w.tr(WISH_OUTCOMES.get(c.outcome, WISH_OUTCOMES["open"]), bold=True),
                       typed(c.option, c.language("option"))
                       if c.outcome in ("changed", "added") else "",
                       typed(c.reason, c.language("reason"))]
                      for c in latest.changes],
                     [0.27, 0.15, 0.27, 0.31])
    if latest.grid:
        story += w.heading(D_("Feasibility grid"))
        story += w.table([D_("Wish"), D_("Realistic option"), D_("Market"), D_("Cost"),
                          D_("Distance"), D_("Partner available"), D_("Decision")],
                         [[typed(g.get("wish", ""), line.language("wish")),
                           typed(g.get("realistic_option", ""),
                                 line.language("realistic_option")),
                           typed(g.get("market", "")),
                           typed(g.get("cost", "")),
                           typed(g.get("distance", "")),
                           typed(g.get("partner", "")),
                           w.tr(FEASIBILITY_DECISIONS.get(g.get("rating") or "not_assessed",
                                                          FEASIBILITY_DECISIONS["not_assessed"]))]
                          for g, line in ((g, FeasibilityRow.from_data(g))
                                          for g in latest.grid)],
                         [0.17, 0.17, 0.14, 0.12, 0.11, 0.14, 0.15])
    return story


def place_value(w: DocumentWriter, doc: PlanDocument):
    """Where the person returns: the plan's own text if the counsellor wrote one, else the
    town as typed with the region's and country's names in each language of the print."""
    if doc.plan.place_of_return:
        return user_text(w, doc.plan, doc.plan.place_of_return)
    if not (doc.return_town or doc.return_region or doc.country):
        return doc.place_of_return

    def named(lang) -> str:
        return place_name(doc.return_town, doc.return_region, doc.country, lang.code)

    return w.dual(named(w.main), named(w.second) if w.second is not None else None)


def _money_in(lang, amount, currency: str) -> str:
    try:
        return formatting.format_money(amount, currency, lang.locale)
    except Exception:  # noqa: BLE001 - unknown currency code: the number and the code
        return f"{formatting.format_decimal(amount, lang.locale)} {clean(currency)}"


def _goal_title(w: DocumentWriter, lang, number: int, dimension) -> list[Span]:
    """"Goal 1 (economic)" in one language of the document, with its digits."""
    title = format_spans(lang(D_("Goal {n}")), bold=True,
                         n=formatting.format_integer(number, lang.locale))
    if dimension:
        title.append(Span(f" ({lang(DIMENSION_LABELS[dimension])})", bold=True))
    return title


def _as_flowables(w: DocumentWriter, value) -> list:
    """A value from ``w.tr``/``w.dual`` as a list of flowables."""
    if isinstance(value, list) and value and not isinstance(value[0], (Span, str)):
        return value
    return [w.text(value, w.body.replace(space_after=0))]


def _info(doc: PlanDocument, title: str, lang: str, second_lang: str | None,
          layout: str) -> DocumentInfo:
    return DocumentInfo(
        title=title, lang=lang, second_lang=second_lang, layout=layout,
        reference=doc.plan.reference, organisation=doc.organisation, logo=doc.logo,
        is_sample=doc.is_sample, printed_on=doc.printed_on, country=doc.country or None,
    )


def render_plan(doc: PlanDocument, lang: str, *, second_lang: str | None = None,
                layout: str = "below", out: str | Path | None = None) -> bytes:
    """The full plan as PDF bytes (also written to ``out`` when given)."""
    writer = DocumentWriter(_info(doc, PLAN_TITLE, lang, second_lang, layout))
    return writer.build(plan_story(writer, doc), out)
