"""The person's copy names the language each follow-up text was typed in: the language the
staff worked in when they saved it, recorded beside it, not the language of whoever prints
the copy later (a note typed in French and printed from an English screen was said to be
"written in English"). A text saved again unchanged keeps its language; a text saved before
languages were recorded keeps the earlier rule (the language of the one printing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counsel_app.followup import office as office_rules
from counsel_app.followup.models import (
    ActionProgressRow,
    CommunityProjectRow,
    FollowupCaseRow,
    FollowupVisitRow,
)
from counsel_app.followup.projects import ProjectService, project_aad
from counsel_app.followup.service import FollowupService, details_aad, feasibility_aad
from counsel_app.i18n import set_interface_language
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.store import PlanRepository
from counsel_app.security.subject_access import write_subject_access
from tests.documents.helpers import poppler_text
from tests.security.conftest import person_case

ARRIVAL = date.today() - timedelta(days=60)
#: what a caseworker working in French types, one text of each kind the copy prints
TYPED = {"arrival": "Arrivée sans bagages.", "visit": "Travaille au marché.",
         "action": "Formation commencée.", "outcome": "Diplôme obtenu.",
         "wish": "Coiffure", "project": "Coopérative de Kindia", "draft": "Appel coupé."}


def _copy(ctx, case, lang: str, tmp_path) -> str:
    out = write_subject_access(ctx, case.id, tmp_path / f"copy-{lang}.pdf", lang=lang)
    return poppler_text(out.read_bytes(), tmp_path)


def _typed_in_french(ctx):
    """A case whose every follow-up text was saved from a French screen."""
    case = ctx.cases.create(person_case())
    PlanRepository(ctx.db, ctx.vault.cipher).save(sample_plan(case.reference, "fr"),
                                                  user=ctx.user)
    follow = FollowupService(ctx)
    set_interface_language("fr")
    try:
        follow.record_arrival(case.reference, ARRIVAL, True, TYPED["arrival"])
        follow.refine_plan(case.reference, [{"wish": TYPED["wish"]}], on=ARRIVAL)
        visit = follow.record_visit(case.reference, {"income": 3},
                                    ARRIVAL + timedelta(days=10), "home", note=TYPED["visit"])
        key = follow.plan_actions(case)[0][0]
        follow.set_action(case.reference, key, "in_progress", TYPED["action"],
                          outcome=TYPED["outcome"])
        projects = ProjectService(ctx)
        project = projects.add("community", TYPED["project"], "GN")
        projects.link(project.uid, case.reference)
        # (no score: its cell would wrap into the note's line)
        office_rules.save_draft(ctx, case.reference, {}, date.today(), "phone", "",
                                TYPED["draft"])
    finally:
        set_interface_language("en")
    return case, visit, key


def test_a_note_typed_in_french_says_so_on_a_copy_printed_from_an_english_screen(
        sqlite_ctx, tmp_path):
    case, _visit, _key = _typed_in_french(sqlite_ctx)
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    for what, text in TYPED.items():
        assert f"{text} (written in French)" in en, what
    # in a French copy, the French texts carry no mark
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert TYPED["visit"] in fr and "(écrit en" not in fr


def test_a_text_saved_again_unchanged_keeps_its_language_a_changed_one_takes_the_new(
        sqlite_ctx, tmp_path):
    """From an English screen: the visit corrected (its score only), the action ticked done
    on the plan and the arrival recorded again with the same note keep "French"; the
    visit's note rewritten in English, or the new visit's draft rewritten, lose the mark."""
    case, visit, key = _typed_in_french(sqlite_ctx)
    follow = FollowupService(sqlite_ctx)
    follow.edit_visit(case.reference, visit.uid, {"income": 4}, visit.visit_date, "home",
                      note=TYPED["visit"])
    follow.mark_done(case.reference, key, True)
    follow.record_arrival(case.reference, ARRIVAL, True, TYPED["arrival"])
    follow.refine_plan(case.reference, [{"wish": TYPED["wish"]}, {"wish": "Sewing"}],
                       on=ARRIVAL)
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    for what in ("visit", "action", "outcome", "arrival", "wish"):
        assert f"{TYPED[what]} (written in French)" in en, what
    assert "Sewing" in en and "Sewing (written in" not in en

    follow.edit_visit(case.reference, visit.uid, {"income": 4}, visit.visit_date, "home",
                      note="Works at the market.")
    office_rules.save_draft(sqlite_ctx, case.reference, {}, date.today(), "phone", "",
                            "Line cut.")
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Works at the market." in en and "Works at the market. (written in" not in en
    assert "Line cut." in en and "Line cut. (written in" not in en


def test_a_visit_from_the_office_form_keeps_the_language_of_its_draft(sqlite_ctx, tmp_path):
    """The survey form's draft typed in French, recorded after the screen was switched to
    English: the note is still the French one, and says so."""
    case, _visit, _key = _typed_in_french(sqlite_ctx)
    draft = office_rules.load_draft(sqlite_ctx, case.reference)
    FollowupService(sqlite_ctx).record_visit(case.reference, {"income": 2},
                                             ARRIVAL + timedelta(days=20), "phone",
                                             note=draft["note"], from_draft=True)
    visits = _copy(sqlite_ctx, case, "en", tmp_path).split("Follow-up visits", 1)[1]
    assert f"{TYPED['draft']} (written in French)" in visits


def _forget_languages(ctx, case) -> None:
    """The case's texts as a version that did not record their language left them."""
    cipher = ctx.vault.cipher
    with ctx.db.session() as session:
        row = session.get(FollowupCaseRow, case.id)
        row.notes_language = None
        grid = cipher.decrypt_json(row.feasibility_enc, feasibility_aad(case.id))
        row.feasibility_enc = cipher.encrypt_json(
            [{k: v for k, v in line.items() if k not in ("text_language", "text_languages")}
             for line in grid],
            feasibility_aad(case.id))
        for visit in session.query(FollowupVisitRow).filter_by(case_id=case.id):
            details = cipher.decrypt_json(visit.details_enc, details_aad(case.id, visit.uid))
            details.pop("note_language", None)
            visit.details_enc = cipher.encrypt_json(details, details_aad(case.id, visit.uid))
        for progress in session.query(ActionProgressRow).filter_by(case_id=case.id):
            progress.note_language = progress.outcome_language = None
        for project in session.query(CommunityProjectRow):
            data = cipher.decrypt_json(project.data_enc, project_aad(project.uid))
            data.pop("title_language", None)
            data.pop("description_language", None)
            project.data_enc = cipher.encrypt_json(data, project_aad(project.uid))


@pytest.mark.parametrize("screen, copy, mark", [("en", "en", ""),
                                                ("en", "fr", " (écrit en anglais)"),
                                                ("fr", "en", " (written in French)")])
def test_a_text_saved_before_languages_were_recorded_keeps_the_earlier_rule(
        sqlite_ctx, tmp_path, screen, copy, mark):
    """No language stored beside the text: it is taken to be in the language the staff
    printing the copy work in, as before. A visit recorded since says its own language."""
    case, _visit, _key = _typed_in_french(sqlite_ctx)
    _forget_languages(sqlite_ctx, case)
    set_interface_language("fr")
    FollowupService(sqlite_ctx).record_visit(case.reference, {"income": 2},
                                             ARRIVAL + timedelta(days=30), "phone",
                                             note="Nouvel appel.")
    set_interface_language(screen)
    text = _copy(sqlite_ctx, case, copy, tmp_path)
    for what, typed in TYPED.items():
        assert f"{typed}{mark}" in text, what
        if not mark:
            assert f"{typed} (" not in text, what
    if copy == "fr":
        assert "Nouvel appel." in text and "Nouvel appel. (" not in text
    else:
        assert "Nouvel appel. (written in French)" in text


def _profile_in_french(ctx):
    """An arrived case whose skills profile's wish was typed from a French screen."""
    from counsel_app.opportunities.model import SkillsProfile, Wish
    from counsel_app.opportunities.service import OpportunityService

    case = ctx.cases.create(person_case())
    FollowupService(ctx).record_arrival(case.reference, ARRIVAL, True)
    set_interface_language("fr")
    try:
        OpportunityService(ctx).save_profile(case, SkillsProfile(wishes=[Wish("Menuiserie")]))
    finally:
        set_interface_language("en")
    return case


def _grid_from_wishes(ctx, case) -> None:
    """The grid's "from the wishes" (the screen's button and ``case feasibility
    --from-wishes`` both call rows_from_wishes), saved from an English screen."""
    from counsel_app.opportunities import feasibility as F
    from counsel_app.opportunities.service import OpportunityService

    rows = F.rows_from_wishes(OpportunityService(ctx).profile(case),
                              F.load_grid(ctx, case.reference))
    F.save_grid(ctx, case.reference, rows, on=ARRIVAL)


def _grid_part(text: str) -> str:
    """The follow-up's feasibility grid in a copy (the wish is in the skills profile too)."""
    return text.split("Feasibility grid", 1)[1].split("Your skills and wishes", 1)[0]


def test_a_grid_line_made_from_a_wish_keeps_the_language_of_the_wish(sqlite_ctx, tmp_path):
    """The wish typed in French, its line made from an English screen: the line is French.
    Saved again unchanged it stays so; given an option from English, the wish is still
    French and the option English."""
    from counsel_app.opportunities import feasibility as F

    case = _profile_in_french(sqlite_ctx)
    _grid_from_wishes(sqlite_ctx, case)
    assert "Menuiserie (written in French)" in _grid_part(_copy(sqlite_ctx, case, "en",
                                                               tmp_path))
    _grid_from_wishes(sqlite_ctx, case)  # (no new wish: the grid saved as it is)
    assert "Menuiserie (written in French)" in _grid_part(_copy(sqlite_ctx, case, "en",
                                                               tmp_path))
    [row] = F.load_grid(sqlite_ctx, case.reference)
    row.realistic_option = "A workshop"
    F.save_grid(sqlite_ctx, case.reference, [row], on=ARRIVAL)
    grid = _grid_part(_copy(sqlite_ctx, case, "en", tmp_path))
    assert "Menuiserie (written in French)" in grid
    assert "A workshop" in grid and "A workshop (written in" not in grid


def test_a_grid_line_made_from_a_wish_saved_before_languages_keeps_the_earlier_rule(
        sqlite_ctx, tmp_path):
    """A wish stored before its language was recorded: its line has none either, so the
    copy takes it to be in the language of the one printing (French here), not in the
    English of the screen that made the line."""
    from counsel_app.opportunities.repository import CaseOpportunityStore

    case = _profile_in_french(sqlite_ctx)
    store = CaseOpportunityStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    data = store.load(case.id, case.reference)
    data.profile.wishes[0].text_language = None
    store.save(case.id, case.reference, data)
    _grid_from_wishes(sqlite_ctx, case)
    set_interface_language("fr")
    grid = _grid_part(_copy(sqlite_ctx, case, "en", tmp_path))
    assert "Menuiserie (written in French)" in grid


# -- each typed cell of a grid's line has its own language ---------------------------------


def _cells(text: str, *cells: str) -> list[str]:
    """Each of ``cells`` as the copy's grid prints it, with its mark if it has one."""
    import re

    return [re.search(re.escape(cell) + r"( \([^)]*\))?", text).group(0) for cell in cells]


def test_a_french_wish_given_an_english_option_marks_each_by_its_own_language(
        sqlite_ctx, tmp_path):
    """The wish typed in French, its line made and given a realistic option by the office
    working in English (through save_grid, as the screen and ``case feasibility`` do): on
    the English copy the wish is French and the option has no mark; on a French copy the
    option is English and the wish has no mark (the whole line was taken for English).
    Its reason typed later from French, the option stays English."""
    from counsel_app.opportunities import feasibility as F
    from counsel_app.opportunities.model import FeasibilityRow

    case = _profile_in_french(sqlite_ctx)
    rows = F.rows_from_wishes(_profile(sqlite_ctx, case),
                              F.load_grid(sqlite_ctx, case.reference))
    rows[0].realistic_option = "Workshop"
    # (the screen gives its lines rebuilt from the cells, no language with them)
    F.save_grid(sqlite_ctx, case.reference,
                [FeasibilityRow(**{k: getattr(r, k) for k in F.PARTS}) for r in rows],
                on=ARRIVAL)
    en = _grid_part(_copy(sqlite_ctx, case, "en", tmp_path))
    assert _cells(en, "Menuiserie", "Workshop") == ["Menuiserie (written in French)",
                                                     "Workshop"]
    fr = _copy(sqlite_ctx, case, "fr", tmp_path).split("Grille de faisabilité", 1)[1]
    assert _cells(fr, "Menuiserie", "Workshop") == ["Menuiserie",
                                                     "Workshop (écrit en anglais)"]

    [row] = F.load_grid(sqlite_ctx, case.reference)
    row.notes = "Loyer bas"
    set_interface_language("fr")
    try:
        F.save_grid(sqlite_ctx, case.reference, [row], on=ARRIVAL)
    finally:
        set_interface_language("en")
    en = _grid_part(_copy(sqlite_ctx, case, "en", tmp_path))
    assert _cells(en, "Menuiserie", "Workshop", "Loyer bas") == [
        "Menuiserie (written in French)", "Workshop", "Loyer bas (written in French)"]


def _profile(ctx, case):
    from counsel_app.opportunities.service import OpportunityService

    return OpportunityService(ctx).profile(case)


def _stored_with_one_language_per_line(ctx, case, language: str | None) -> None:
    """The follow-up's stored grid as the app stored it when a line recorded one language
    for all its cells (``language``; ``None``: before it recorded any)."""
    cipher = ctx.vault.cipher
    with ctx.db.session() as session:
        row = session.get(FollowupCaseRow, case.id)
        grid = cipher.decrypt_json(row.feasibility_enc, feasibility_aad(case.id))
        lines = [{k: v for k, v in line.items() if k not in ("text_language", "text_languages")}
                 for line in grid]
        if language is not None:
            lines = [{**line, "text_language": language} for line in lines]
        row.feasibility_enc = cipher.encrypt_json(lines, feasibility_aad(case.id))


@pytest.mark.parametrize("language", ["fr", None])
def test_a_grid_line_stored_with_one_language_or_none_prints_as_before(
        sqlite_ctx, tmp_path, language):
    """A line stored with one language for all its cells (French) marks each French on the
    English copy, as before; one stored with none takes the language of the one printing
    (French here), as before. Its option rewritten from English: the wish and the reason
    keep what they had, only the option is English, unmarked on the English copy (the
    whole line became English)."""
    from counsel_app.opportunities import feasibility as F

    case = _profile_in_french(sqlite_ctx)
    F.save_grid(sqlite_ctx, case.reference,
                [F.parse_row("Coiffure|Salon||||||Clients")], on=ARRIVAL)
    _stored_with_one_language_per_line(sqlite_ctx, case, language)
    set_interface_language("fr")
    try:
        en = _grid_part(_copy(sqlite_ctx, case, "en", tmp_path))
    finally:
        set_interface_language("en")
    assert _cells(en, "Coiffure", "Salon", "Clients") == [
        "Coiffure (written in French)", "Salon (written in French)",
        "Clients (written in French)"]

    F.save_grid(sqlite_ctx, case.reference, [F.parse_row("Coiffure|Hair salon||||||Clients")],
                on=ARRIVAL)
    set_interface_language("fr")
    try:
        en = _grid_part(_copy(sqlite_ctx, case, "en", tmp_path))
    finally:
        set_interface_language("en")
    assert _cells(en, "Coiffure", "Hair salon", "Clients") == [
        "Coiffure (written in French)", "Hair salon", "Clients (written in French)"]


# -- the printed plan's annex marks the caseworker's words by their language ------------------


def _annex(pdf: bytes, tmp_path) -> str:
    """The plan's annex as poppler reads it (what changed, then the grid)."""
    return poppler_text(pdf, tmp_path).split("Annex", 1)[-1]


def _refined_from_a_french_wish(ctx):
    """A planned case whose grid's wish was typed in French (the skills profile's) and its
    realistic option and reason by the office working in English (through save_grid, as
    the screen and ``case feasibility`` do): version 2 of its plan."""
    from counsel_app.opportunities import feasibility as F
    from counsel_app.opportunities.classifications import FeasibilityRating
    from counsel_app.opportunities.model import FeasibilityRow

    case = _profile_in_french(ctx)
    PlanRepository(ctx.db, ctx.vault.cipher).save(sample_plan(case.reference, "en"),
                                                  user=ctx.user)
    rows = F.rows_from_wishes(_profile(ctx, case), F.load_grid(ctx, case.reference))
    rows[0].realistic_option = "Workshop"
    rows[0].rating = FeasibilityRating.WITH_SUPPORT
    rows[0].notes = "Low rent"
    F.save_grid(ctx, case.reference,
                [FeasibilityRow(**{k: getattr(r, k) for k in F.PARTS}) for r in rows],
                on=ARRIVAL)
    return case


def test_the_plan_version_keeps_the_language_of_each_grid_cell_it_came_from(sqlite_ctx):
    """The refinement's change for the line keeps its wish French, its option and reason
    English, as the grid's line recorded them (inside the stored plan)."""
    case = _refined_from_a_french_wish(sqlite_ctx)
    plan = PlanRepository(sqlite_ctx.db, sqlite_ctx.vault.cipher).find(case.reference)
    [change] = plan.revisions[-1].changes
    assert (change.wish, change.outcome, change.option) == ("Menuiserie", "changed",
                                                            "Workshop")
    assert [change.language(part) for part in ("wish", "option", "reason")] == [
        "fr", "en", "en"]


def test_the_plan_annex_marks_the_french_wish_on_the_english_plan_and_the_option_on_the_french(
        sqlite_ctx, tmp_path):
    """Printed in English, the wish carries "(written in French)" in what changed and in the
    grid, the option and reason none; printed in French, the reverse."""
    from counsel_app.plan.service import PlanService

    case = _refined_from_a_french_wish(sqlite_ctx)
    service = PlanService(sqlite_ctx)
    en = _annex(service.render_pdf(case.reference, "en"), tmp_path)
    changed, grid = en.split("Feasibility grid", 1)
    assert _cells(changed, "Menuiserie", "Workshop", "Low rent") == [
        "Menuiserie (written in French)", "Workshop", "Low rent"]
    assert _cells(grid, "Menuiserie", "Workshop") == ["Menuiserie (written in French)",
                                                      "Workshop"]
    fr = _annex(service.render_pdf(case.reference, "fr"), tmp_path)
    changed, grid = fr.split("Grille de faisabilité", 1)
    assert _cells(changed, "Menuiserie", "Workshop", "Low rent") == [
        "Menuiserie", "Workshop (écrit en anglais)", "Low rent (écrit en anglais)"]
    assert _cells(grid, "Menuiserie", "Workshop") == ["Menuiserie",
                                                      "Workshop (écrit en anglais)"]


def test_a_plan_version_made_before_languages_were_recorded_prints_as_before(
        sqlite_ctx, tmp_path):
    """A version stored without its texts' languages (nor its grid's) prints them without
    a mark, in English or in French, as before; the grid saved again from English makes
    version 3, which marks them."""
    from counsel_app.opportunities import feasibility as F
    from counsel_app.plan.service import PlanService

    case = _refined_from_a_french_wish(sqlite_ctx)
    plans = PlanRepository(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    plan = plans.find(case.reference)
    for revision in plan.revisions:
        for change in revision.changes:
            change.text_languages = {}
        revision.grid = [{k: v for k, v in line.items()
                          if k not in ("text_language", "text_languages")}
                         for line in revision.grid]
    plans.save(plan, user=sqlite_ctx.user)
    for lang in ("en", "fr"):
        annex = _annex(PlanService(sqlite_ctx).render_pdf(case.reference, lang), tmp_path)
        assert _cells(annex, "Menuiserie", "Workshop", "Low rent") == [
            "Menuiserie", "Workshop", "Low rent"], lang
        assert "(written in" not in annex and "(écrit en" not in annex, lang

    F.save_grid(sqlite_ctx, case.reference, F.load_grid(sqlite_ctx, case.reference),
                on=ARRIVAL)
    annex = _annex(PlanService(sqlite_ctx).render_pdf(case.reference, "en"), tmp_path)
    assert "What changed in version 3" in annex
    assert _cells(annex, "Menuiserie", "Workshop") == ["Menuiserie (written in French)",
                                                       "Workshop"]
