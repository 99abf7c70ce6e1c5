"""The opportunities area's part in data protection: the person's skills profile, the
feasibility grid and the opportunities chosen for them, in their copy of their data
(subject access). On anonymisation and erasure the case's profile row is deleted with the
case (the default for tables referring to ``cases``); the catalogue holds no personal data."""

from __future__ import annotations

from counsel_app.i18n import D_
from counsel_app.opportunities.model import _pick
from counsel_app.opportunities.repository import CaseOpportunityStore
from counsel_app.security.hooks import case_reference
from counsel_app.security.subject_access import Section, UiMsg, register_subject_access


def opportunity_sections(ctx, case_id: int) -> list[Section]:
    reference = case_reference(ctx, case_id)
    if not reference:
        return []
    data = CaseOpportunityStore(ctx.db, ctx.vault.cipher).load(case_id, reference)
    if not data.version:
        return []
    p = data.profile
    sections = [Section(D_("Your skills and wishes"), [
        (D_("Education"), UiMsg(p.education_level.label) if p.education_level is not None
         else ""),
        (D_("Job"), "; ".join(
            " ".join(x for x in (o.title, o.isco and f"(ISCO {o.isco})",
                                 o.years and f"{o.years:g}", o.where) if x)
            for o in p.occupations)),
        (D_("Details"), [*p.skills, *(c.name for c in p.certificates)]),
        (D_("Languages"), [" ".join(x for x in (lang.code, lang.level) if x)
                           for lang in p.languages]),
        (D_("Support for you"), "; ".join(
            [*(w.text for w in p.wishes if w.text),
             *(c.note for c in p.constraints if c.note)])),
        (D_("Place of return"), [p.preferred_town, p.preferred_region]),
    ])]
    if data.grid:
        sections.append(Section(
            D_("Feasibility grid"),
            table_header=(D_("Support for you"), D_("Opportunity"), D_("State"), D_("Notes")),
            table_rows=[[r.wish, r.realistic_option, UiMsg(r.rating.label), r.notes]
                        for r in data.grid]))
    if data.chosen:
        sections.append(Section(
            D_("Chosen opportunities"),
            table_header=(D_("Opportunity"), D_("Provider"), D_("Date"), D_("Notes")),
            table_rows=[[_pick(c.snapshot.get("titles") or {}, "en") or
                         str(c.snapshot.get("title") or c.opportunity_id),
                         str(c.snapshot.get("provider_name") or ""), c.chosen_on, c.note]
                        for c in data.chosen]))
    return sections


register_subject_access(opportunity_sections)
