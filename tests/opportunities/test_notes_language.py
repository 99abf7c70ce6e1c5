"""The person's copy names the language the skills profile's wishes and constraints'
notes, the feasibility grid's lines and the chosen opportunities' notes were really typed
in: the one the counsellor worked in when they were saved with that text, not the one they
print the copy from."""

from __future__ import annotations

from counsel_app.i18n import set_interface_language
from counsel_app.opportunities.classifications import FeasibilityRating
from counsel_app.opportunities.model import Constraint, FeasibilityRow, SkillsProfile, Wish
from counsel_app.opportunities.repository import _aad
from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService
from counsel_app.opportunities.tables import CaseOpportunityProfileRow
from counsel_app.security.subject_access import write_subject_access
from tests.documents.helpers import poppler_text
from tests.security.conftest import person_case


def _copy(ctx, case, tmp_path, name: str, lang: str = "en") -> str:
    """The person's copy in English (or ``lang``), as the returnee reads it."""
    out = write_subject_access(ctx, case.id, tmp_path / f"{name}.pdf", lang=lang)
    return poppler_text(out.read_bytes(), tmp_path)


def _profile(wishes: list[str], childcare: str) -> SkillsProfile:
    """The profile as the skills screen and the command line give it: rebuilt from what
    the fields say at each save (no language in it)."""
    return SkillsProfile(wishes=[Wish(text) for text in wishes],
                         constraints=[Constraint("childcare", childcare)])


def test_wishes_typed_in_french_say_so_in_a_copy_printed_from_english(sqlite_ctx, tmp_path):
    """A wish and a constraint's note typed while the counsellor worked in French, the
    copy printed in English from an English screen: each says "(written in French)" (the
    copy said nothing: it took them to be in the language of the screen that printed
    it). Saved again later from English with a wish added and the note rewritten: the
    wish left as it was keeps its mark, the new texts have none."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    set_interface_language("fr")
    service.save_profile(case, _profile(["ouvrir un atelier"], "deux enfants"))
    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "first")
    assert ("Support for you ouvrir un atelier (written in French), deux enfants "
            "(written in French)") in en

    service.save_profile(case, _profile(["a taxi licence", "ouvrir un atelier"],
                                        "two small children"))
    en = _copy(ctx, case, tmp_path, "after")
    assert ("Support for you a taxi licence, ouvrir un atelier (written in French), two "
            "small children") in en
    assert "children (written in" not in en


def _as_saved_before_languages(ctx, case) -> None:
    """The stored profile as the app stored it before it recorded the texts' language."""
    aad = _aad(case.reference, "profile")
    with ctx.db.session() as session:
        row = session.query(CaseOpportunityProfileRow).filter_by(case_id=case.id).one()
        data = ctx.vault.cipher.decrypt_json(row.profile_enc, aad)
        for item in (*data["wishes"], *data["constraints"]):
            item.pop("text_language", None)
        row.profile_enc = ctx.vault.cipher.encrypt_json(data, aad)


def test_a_profile_saved_before_languages_were_recorded_follows_the_old_rule(sqlite_ctx,
                                                                            tmp_path):
    """A profile saved before the language of its texts was kept: they are taken to be in
    the language of the screen that prints the copy, as before. A note changed since
    (here from a French screen) says the language it was changed in."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    service.save_profile(case, _profile(["open a workshop"], "two small children"))
    _as_saved_before_languages(ctx, case)
    assert service.profile(case).wishes[0].text_language is None

    set_interface_language("fr")
    service.save_profile(case, _profile(["open a workshop"], "deux enfants"))
    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "from-english")
    assert "Support for you open a workshop, deux enfants (written in French)" in en
    set_interface_language("fr")
    from_french = _copy(ctx, case, tmp_path, "from-french")
    assert ("Support for you open a workshop (written in French), deux enfants "
            "(written in French)") in from_french


# -- the feasibility grid and the opportunities chosen ------------------------------------


def _chosen(ctx, case, note: str = "") -> int:
    """The sample set's delivery driver in Guinea chosen for the plan, with ``note``."""
    catalogue = OpportunityCatalogue(ctx.db, ctx.user)
    if not catalogue.count():
        catalogue.import_sample_set()
    [driver] = catalogue.list(country="GN", text="Delivery driver")
    OpportunityService(ctx).add_to_plan(case, driver.id, note)
    return driver.id


def _grid(*lines: tuple[str, str, str]) -> list[FeasibilityRow]:
    """The grid as a screen gives it: rebuilt from its cells at each save (no language)."""
    return [FeasibilityRow(wish=wish, realistic_option=option, notes=notes,
                           rating=FeasibilityRating.FEASIBLE)
            for wish, option, notes in lines]


def _tables(text: str) -> str:
    """The copy from the feasibility grid on (the grid, then the opportunities chosen)."""
    return text.split("Feasibility grid", 1)[1]


def test_a_grid_line_and_a_chosen_note_typed_in_french_say_so_in_a_copy_from_english(
        sqlite_ctx, tmp_path):
    """A line of the feasibility grid and the note of a chosen opportunity typed while the
    counsellor worked in French, the copy printed in English from an English screen: each
    says "(written in French)" (the copy said nothing: it took them to be in the language
    of the screen printing it). Saved again from English as they were (the grid rebuilt,
    its lines in another order, a decision changed; the opportunity chosen again): still
    French. Rewritten from English: no mark."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    set_interface_language("fr")
    service.set_feasibility_grid(case, _grid(("couture", "atelier", "loyer bas")))
    driver = _chosen(ctx, case, "appeler lundi")
    set_interface_language("en")
    tables = _tables(_copy(ctx, case, tmp_path, "first"))
    for text in ("couture", "atelier", "loyer bas", "appeler lundi"):
        assert f"{text} (written in French)" in tables, text

    rows = _grid(("taxi", "licence", "costly"), ("couture", "atelier", "loyer bas"))
    rows[1].rating = FeasibilityRating.NOT_FEASIBLE
    service.set_feasibility_grid(case, rows)
    _chosen(ctx, case)  # chosen again, its note left as it was
    service.add_to_plan(case, driver, "appeler lundi")  # the same note given again
    tables = _tables(_copy(ctx, case, tmp_path, "unchanged"))
    for text in ("couture", "atelier", "loyer bas", "appeler lundi"):
        assert f"{text} (written in French)" in tables, text
    assert "taxi" in tables and "(written in" not in tables.split("couture", 1)[0]

    service.set_feasibility_grid(case, _grid(("tailoring", "a workshop", "rent is low")))
    service.add_to_plan(case, driver, "call on Monday")
    tables = _tables(_copy(ctx, case, tmp_path, "edited"))
    assert "rent is low" in tables and "call on Monday" in tables
    assert "(written in" not in tables


def _as_saved_before_languages_grid(ctx, case) -> None:
    """The stored grid and choices as the app stored them before it recorded the
    language of their texts."""
    with ctx.db.session() as session:
        row = session.query(CaseOpportunityProfileRow).filter_by(case_id=case.id).one()
        for column in ("grid", "chosen"):
            aad = _aad(case.reference, column)
            items = ctx.vault.cipher.decrypt_json(getattr(row, f"{column}_enc"), aad)
            for item in items:
                item.pop("text_language", None)
                item.pop("text_languages", None)
            setattr(row, f"{column}_enc", ctx.vault.cipher.encrypt_json(items, aad))


def test_a_grid_and_choices_saved_before_languages_were_recorded_follow_the_old_rule(
        sqlite_ctx, tmp_path):
    """A grid line and a chosen opportunity's note saved before their language was kept:
    taken to be in the language of the screen printing the copy, as before, and so when
    saved again unchanged. A line added since from a French screen, and a note rewritten
    there, say the language they were typed in."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    service.set_feasibility_grid(case, _grid(("tailoring", "workshop", "low rent")))
    driver = _chosen(ctx, case, "call on Monday")
    _as_saved_before_languages_grid(ctx, case)
    assert service.feasibility_grid(case)[0].text_language is None

    set_interface_language("fr")
    service.set_feasibility_grid(case, _grid(("couture", "atelier", "loyer bas"),
                                             ("tailoring", "workshop", "low rent")))
    set_interface_language("en")
    tables = _tables(_copy(ctx, case, tmp_path, "from-english"))
    assert "loyer bas (written in French)" in tables
    assert "tailoring" in tables and "low rent (written in" not in tables
    assert "call on Monday" in tables and "Monday (written in" not in tables
    set_interface_language("fr")
    tables = _tables(_copy(ctx, case, tmp_path, "from-french"))
    for text in ("low rent", "call on Monday"):
        assert f"{text} (written in French)" in tables, text

    service.add_to_plan(case, driver, "appeler lundi")
    set_interface_language("en")
    tables = _tables(_copy(ctx, case, tmp_path, "rewritten"))
    assert "appeler lundi (written in French)" in tables


# -- each typed cell of a grid's line has its own language ---------------------------------


def _cells(tables: str, *texts: str) -> list[str]:
    """Each of ``texts`` as the copy's grid prints it, with its mark if it has one."""
    import re

    return [re.search(re.escape(text) + r"( \([^)]*\))?", tables).group(0) for text in texts]


def test_a_wish_typed_in_french_keeps_its_language_when_given_an_option_in_english(
        sqlite_ctx, tmp_path):
    """The skills profile's wish typed in French; its line made and given a realistic
    option by a counsellor working in English (the screen gives its lines rebuilt from the
    cells): on the English copy the wish is French and the option has no mark (the whole
    line was taken for English); on a French copy the option is English and the wish has
    no mark. A reason added later from French, the line moved below a new one: the wish
    and the option keep theirs, the reason is French."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    set_interface_language("fr")
    service.save_profile(case, _profile(["couture"], "deux enfants"))
    set_interface_language("en")
    service.set_feasibility_grid(case, [FeasibilityRow(wish="couture",
                                                       realistic_option="a stall")])
    en = _tables(_copy(ctx, case, tmp_path, "en"))
    assert _cells(en, "couture", "a stall") == [
        "couture (written in French)", "a stall"]
    fr = _copy(ctx, case, tmp_path, "fr", lang="fr").split("Grille de faisabilité", 1)[1]
    assert _cells(fr, "couture", "a stall") == [
        "couture", "a stall (écrit en anglais)"]

    set_interface_language("fr")
    service.set_feasibility_grid(case, [
        FeasibilityRow(wish="taxi", realistic_option="licence"),
        FeasibilityRow(wish="couture", realistic_option="a stall",
                       rating=FeasibilityRating.FEASIBLE, notes="loyer bas")])
    set_interface_language("en")
    en = _tables(_copy(ctx, case, tmp_path, "later"))
    assert _cells(en, "couture", "a stall", "loyer bas", "licence") == [
        "couture (written in French)", "a stall",
        "loyer bas (written in French)", "licence (written in French)"]


def _as_saved_with_one_language_per_line(ctx, case, language: str | None) -> None:
    """The stored grid as the app stored it when a line recorded one language for all its
    cells (``language``; ``None``: before it recorded any)."""
    with ctx.db.session() as session:
        row = session.query(CaseOpportunityProfileRow).filter_by(case_id=case.id).one()
        aad = _aad(case.reference, "grid")
        items = ctx.vault.cipher.decrypt_json(row.grid_enc, aad)
        for item in items:
            item.pop("text_languages", None)
            item["text_language"] = language
            if language is None:
                item.pop("text_language")
        row.grid_enc = ctx.vault.cipher.encrypt_json(items, aad)


def test_a_grid_line_stored_with_one_language_prints_as_before_and_keeps_it_cell_by_cell(
        sqlite_ctx, tmp_path):
    """A line stored with one language for its wish, option and reason (French) prints
    each of them French on the English copy, as before; its reason rewritten from English,
    the wish and the option keep French and only the reason has no mark (the whole line
    became English)."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    service.set_feasibility_grid(case, _grid(("couture", "atelier", "loyer bas")))
    _as_saved_with_one_language_per_line(ctx, case, "fr")
    assert _cells(_tables(_copy(ctx, case, tmp_path, "stored")),
                  "couture", "atelier", "loyer bas") == [
        "couture (written in French)", "atelier (written in French)",
        "loyer bas (written in French)"]
    service.set_feasibility_grid(case, _grid(("couture", "atelier", "rent is low")))
    assert _cells(_tables(_copy(ctx, case, tmp_path, "changed")),
                  "couture", "atelier", "rent is low") == [
        "couture (written in French)", "atelier (written in French)", "rent is low"]


def test_a_grid_line_stored_with_no_language_keeps_the_old_rule_for_cells_left_alone(
        sqlite_ctx, tmp_path):
    """A line stored before any language was recorded prints by the old rule (the language
    of the one printing); its option rewritten from French, only the option is French: the
    wish and the reason left as they were keep the old rule (the whole line became
    French)."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    service.set_feasibility_grid(case, _grid(("tailoring", "workshop", "low rent")))
    _as_saved_with_one_language_per_line(ctx, case, None)
    set_interface_language("fr")
    assert "low rent (written in French)" in _tables(_copy(ctx, case, tmp_path, "old"))
    service.set_feasibility_grid(case, _grid(("tailoring", "atelier", "low rent")))
    set_interface_language("en")
    assert _cells(_tables(_copy(ctx, case, tmp_path, "changed")),
                  "tailoring", "atelier", "low rent") == [
        "tailoring", "atelier (written in French)", "low rent"]
