"""The plan area's part in data protection: the reintegration plan in the person's copy of
their data (subject access). On anonymisation and erasure the plan is deleted with the
case (the default for tables referring to ``cases``)."""

from __future__ import annotations

from counsel_app.i18n import D_
from counsel_app.plan.model import (
    ASSISTANCE_TYPES,
    DIMENSION_LABELS,
    OPPORTUNITY_KINDS,
    TYPE_CATEGORY,
    Dimension,
    text_typed_in,
)
from counsel_app.plan.store import PlanRepository
from counsel_app.security.hooks import case_reference
from counsel_app.security.subject_access import (
    Money,
    Months,
    Msg,
    Section,
    labelled,
    register_subject_access,
    typed,
    unnamed,
)


def _yes_no(value: bool) -> Msg:
    return Msg(D_("Yes") if value else D_("No"))


def _money(amount, currency: str) -> Money | str:
    return Money(amount, currency) if currency else str(amount)


def plan_sections(ctx, case_id: int) -> list[Section]:
    reference = case_reference(ctx, case_id)
    plan = PlanRepository(ctx.db, ctx.vault.cipher).find(reference) if reference else None
    if plan is None:
        return []

    def t(text: str):
        # what the counsellor typed, as the plan prints it: in the copy's language where
        # the plan has those words, else as typed with "(written in …)" (plan_pdf.user_text)
        return typed(text, text_typed_in(plan, text), plan.returnee)

    sections = [Section(D_("Individual reintegration plan"), [
        (D_("Place of return"), t(plan.place_of_return)),
        (D_("Expected arrival"), plan.expected_arrival),
        (D_("Plan drafted on"), plan.drafted_on),
        *[(DIMENSION_LABELS[d], t(plan.summary.get(d, ""))) for d in Dimension],
        (D_("Notes"), t(plan.notes)),
    ])]
    if plan.assistance:
        sections.append(Section(
            D_("2. Types of assistance"),
            table_header=(D_("Assistance"), D_("Details"), D_("Referral needed?")),
            table_rows=[[Msg(ASSISTANCE_TYPES[TYPE_CATEGORY[a.type]][a.type])
                         if a.type in TYPE_CATEGORY else unnamed(a.type),
                         t(a.details), _yes_no(a.referral_needed)] for a in plan.assistance]))
    if plan.budget:
        sections.append(Section(
            D_("3. Goods, equipment and services paid by the reintegration grant"),
            table_header=(D_("Item"), D_("Estimated cost"), D_("Quantity"), D_("Total")),
            table_rows=[[t(b.item), _money(b.estimated_cost, plan.currency), b.quantity,
                         _money(b.total, plan.currency)] for b in plan.budget]))
    if plan.referrals:
        sections.append(Section(
            D_("4. Referrals"),
            table_header=(D_("Organisation"), D_("What it provides"), D_("Contact")),
            table_rows=[[r.organisation, t(r.service), r.contact] for r in plan.referrals]))
    wb = plan.well_being
    if wb.baseline is not None or wb.expected is not None or wb.note:
        sections.append(Section(D_("5. Well-being: expected improvement"), [
            (D_("Score at the start (0 to 100)"), wb.baseline),
            (D_("Expected score (0 to 100)"), wb.expected),
            (D_("Notes"), t(wb.note))]))
    if plan.community_projects:
        sections.append(Section(
            D_("6. Community projects"),
            table_header=(D_("Project"), D_("Description"), D_("Partners")),
            table_rows=[[t(p.title), t(p.description), p.partners]
                        for p in plan.community_projects]))
    if plan.opportunities:
        sections.append(Section(
            # the plan's own copy of them (as written into the plan), beside the
            # opportunities area's "Chosen opportunities" (when and why each was chosen)
            D_("Opportunities in your plan"),
            table_header=(D_("Opportunity"), D_("Provider"), D_("Kind"), D_("Place")),
            table_rows=[[o.title, o.provider,
                         labelled(OPPORTUNITY_KINDS, o.kind, Msg), o.place]
                        for o in plan.opportunities]))
    a = plan.arrival
    if any((a.reception, a.onward_transport, a.temporary_accommodation,
            a.medical_escort is not None, a.medical_escort_details)):
        escort = (Msg(D_("Not yet decided")) if a.medical_escort is None
                  else _yes_no(a.medical_escort))
        sections.append(Section(D_("Arrival arrangements"), [
            (D_("Reception on arrival"), t(a.reception)),
            (D_("Onward transport"), t(a.onward_transport)),
            (D_("Temporary accommodation"), t(a.temporary_accommodation)),
            (D_("Medical escort"), [escort, t(a.medical_escort_details)])]))
    if plan.contacts:
        sections.append(Section(
            D_("Contact points in the country of origin"),
            table_header=(D_("Name"), D_("Role"), D_("Organisation"), D_("Phone"), D_("Address")),
            table_rows=[[c.name, t(c.role), c.organisation, c.phone, t(c.address)]
                        for c in plan.contacts]))
    if plan.follow_up:
        sections.append(Section(
            D_("Follow-up schedule"), table_header=(D_("When"), D_("Date"), D_("Notes")),
            table_rows=[[Months(f.months_after_arrival), f.due_on, t(f.note)]
                        for f in sorted(plan.follow_up,
                                        key=lambda f: f.months_after_arrival)]))
    m = plan.mentor
    if m.name or m.contact or m.note:
        sections.append(Section(D_("Mentor"), [(D_("Name"), m.name), (D_("Contact"), m.contact),
                                               (D_("Notes"), t(m.note))]))
    rows = [[t(g.goal), t(x.who), t(x.what), x.by_when] for g in plan.goals
            for x in g.actions] + [[t(g.goal), "", "", None] for g in plan.goals
                                   if not g.actions]
    if rows:
        sections.append(Section(
            D_("Goals and actions"),
            table_header=(D_("Goals and actions"), D_("Who"), D_("What"), D_("By when")),
            table_rows=rows))
    return sections


register_subject_access(plan_sections, "plan")
