"""The opportunities area's part in data protection: the person's skills profile, the
feasibility grid and the opportunities chosen for them, in their copy of their data
(subject access). On anonymisation and erasure the case's profile row is deleted with the
case (the default for tables referring to ``cases``); the catalogue holds no personal data."""

from __future__ import annotations

from collections.abc import Iterable

from counsel_app.i18n import D_, typed_language
from counsel_app.i18n.names import country_codes
from counsel_app.opportunities.classifications import ISCO_GROUPS, LANGUAGE_LEVELS, isco_sector
from counsel_app.opportunities.model import TYPED_CELLS, FeasibilityRow
from counsel_app.opportunities.repository import CaseOpportunityStore
from counsel_app.security.hooks import case_reference
from counsel_app.security.subject_access import (
    ByLanguage,
    Country,
    Language,
    Pair,
    Phrase,
    Place,
    Section,
    UiMsg,
    Years,
    register_subject_access,
    typed,
    unnamed,
)


def _occupation(o) -> list:
    """One occupation as its values: what the person calls it with the ILO's title of its
    group, how long, where ("welder (Metal, machinery and related trades workers), 3 years,
    Italy"); never the ISCO code or a country code."""
    sector = isco_sector(o.isco)
    g = ISCO_GROUPS[sector] if sector else None
    group = ByLanguage(en=g.en, fr=g.fr, es=g.es, ar=g.ar) if g else ""
    what = (Phrase(D_("{occupation} ({group})"), occupation=o.title, group=group)
            if o.title and group else o.title or group)
    where = Country(o.where) if o.where.upper() in country_codes() else o.where
    return [what, Years(o.years) if o.years else "", where]


def _title(chosen) -> ByLanguage | str | Phrase:
    """A chosen opportunity by the title the catalogue gave it in the copy's language, else
    in English marked [EN] (the catalogue holds titles by language, as the list importing it
    had them); never its id."""
    titles = {lang: text for lang, text in (chosen.snapshot.get("titles") or {}).items()
              if text}
    if titles:
        return ByLanguage(titles)
    return str(chosen.snapshot.get("title") or "") or unnamed(chosen.opportunity_id)


def grid_section(rows: Iterable[FeasibilityRow]) -> Section:
    """A feasibility grid as the person's copy prints it, the session's and the one made
    after arrival (:mod:`counsel_app.followup.privacy`) alike: a line's wish, option and
    reason each marked by the language recorded beside it when the line was saved
    (:meth:`~counsel_app.opportunities.model.FeasibilityRow.language`, read by
    ``typed_language``)."""
    table = []
    for row in rows:
        wish, option, notes = (typed(getattr(row, part), typed_language(row.language(part)))
                               for part in TYPED_CELLS)
        table.append([wish, option, UiMsg(row.rating.label), notes])
    return Section(D_("Feasibility grid"),
                   table_header=(D_("Support for you"), D_("Opportunity"), D_("State"),
                                 D_("Notes")),
                   table_rows=table)


def opportunity_sections(ctx, case_id: int) -> list[Section]:
    reference = case_reference(ctx, case_id)
    if not reference:
        return []
    data = CaseOpportunityStore(ctx.db, ctx.vault.cipher).load(case_id, reference)
    if not data.version:
        return []
    p = data.profile
    # each text typed by staff is marked by the language recorded beside it when it was
    # saved (typed_language): a wish's, a constraint's note's, each typed cell of the
    # feasibility grid's (its wish, option and reason, each its own), a chosen
    # opportunity's note's; one saved before languages were recorded: the counsellor's
    # language now, the old rule
    sections = [Section(D_("Your skills and wishes"), [
        (D_("Education"), UiMsg(p.education_level.label) if p.education_level is not None
         else ""),
        *[(D_("Job"), _occupation(o)) for o in p.occupations],
        (D_("Details"), [*p.skills, *(c.name for c in p.certificates)]),
        (D_("Languages"), [Pair(Language(lang.code), UiMsg(LANGUAGE_LEVELS[lang.level]))
                           if lang.level in LANGUAGE_LEVELS else Language(lang.code)
                           for lang in p.languages if lang.code]),
        (D_("Support for you"), [
            *(typed(w.text, typed_language(w.text_language)) for w in p.wishes if w.text),
            *(typed(c.note, typed_language(c.text_language)) for c in p.constraints
              if c.note)]),
        (D_("Place of return"), Place(p.preferred_town, p.preferred_region)),
    ], part="skills profile")]  # taken in the session's assessment step
    if data.grid:
        sections.append(grid_section(data.grid))
    if data.chosen:
        sections.append(Section(
            D_("Chosen opportunities"),
            table_header=(D_("Opportunity"), D_("Provider"), D_("Date"), D_("Notes")),
            table_rows=[[_title(c), str(c.snapshot.get("provider_name") or ""),
                         c.chosen_on, typed(c.note, typed_language(c.text_language))]
                        for c in data.chosen]))
    return sections


register_subject_access(opportunity_sections, "opportunities")
