"""Refining the plan from the feasibility grid makes a new version of the plan saying what
changed, wish by wish (kept / changed / dropped, with the reason): in the plan's history on
screen and on the command line, and printed as the plan's annex."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from counsel_app.cli import main
from counsel_app.followup.service import FollowupService
from counsel_app.opportunities import feasibility as F
from counsel_app.opportunities.classifications import FeasibilityRating
from counsel_app.opportunities.model import FeasibilityRow
from counsel_app.opportunities.refinement import plan_history
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService

from ..conftest import TEST_PASSWORD, make_context
from ..documents.helpers import flat
from .test_feasibility import arrived_case

GRID = [
    FeasibilityRow("open a tailoring shop", "shared workshop at the market",
                   FeasibilityRating.WITH_SUPPORT, "the workshop lends space",
                   market="many tailors", cost="1 machine", partner="tailors' workshop"),
    FeasibilityRow("learn to drive", "", FeasibilityRating.NOT_FEASIBLE,
                   "the fee is too high for now"),
    FeasibilityRow("sell cloth", "sell cloth", FeasibilityRating.FEASIBLE, "her cousin's stall"),
]


def planned_and_arrived(ctx, days=5):
    case = arrived_case(ctx)
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    FollowupService(ctx).record_arrival(case.reference, date.today() - timedelta(days=days),
                                        True)
    return case


def test_each_refinement_is_a_new_version_saying_what_changed(sqlite_ctx):
    ctx = sqlite_ctx
    case = planned_and_arrived(ctx)
    assert PlanService(ctx).get(case.reference).revisions == []
    F.save_grid(ctx, case.reference, GRID)
    plan = PlanService(ctx).get(case.reference)
    [revision] = plan.revisions
    assert revision.number == 2 and revision.on == date.today() and revision.by == ctx.user
    assert [(c.wish, c.outcome, c.option, c.reason) for c in revision.changes] == [
        ("open a tailoring shop", "changed", "shared workshop at the market",
         "the workshop lends space"),
        ("learn to drive", "dropped", "", "the fee is too high for now"),
        ("sell cloth", "kept", "sell cloth", "her cousin's stall")]
    # a second refinement is version 3; the first stays in the history
    F.save_grid(ctx, case.reference, [*GRID[:2], FeasibilityRow(
        "", "a sewing course", FeasibilityRating.FEASIBLE, "offered by the partner")])
    plan = PlanService(ctx).get(case.reference)
    assert [r.number for r in plan.revisions] == [2, 3]
    assert plan.revisions[1].changes[2].outcome == "added"
    history = plan_history(ctx, case.reference)
    from counsel_app.i18n.dates import show_date

    # the day as the screens show it ("Dec 6, 2026"), never ISO
    assert history[0].startswith(
        f"Version 3 of the plan, {show_date(plan.revisions[1].on, 'en')}, ")
    assert "  • a sewing course: added (offered by the partner)" in history
    assert ("  • open a tailoring shop → shared workshop at the market: changed "
            "(the workshop lends space)") in history
    assert history[-1] == "Version 1 of the plan: agreed before departure."


def test_a_refinement_without_a_plan_records_the_grid_only(sqlite_ctx):
    ctx = sqlite_ctx
    case = arrived_case(ctx)
    FollowupService(ctx).record_arrival(case.reference, date.today(), True)
    assert F.save_grid(ctx, case.reference, GRID) is True
    assert plan_history(ctx, case.reference) == []
    assert F.load_grid(ctx, case.reference)[1].wish == "learn to drive"


def test_the_printed_plan_carries_the_grid_as_an_annex(sqlite_ctx):
    ctx = sqlite_ctx
    case = planned_and_arrived(ctx)
    before = flat(PlanService(ctx).render_pdf(case.reference, "en"))
    assert "Annex: the plan refined after arrival" not in before
    F.save_grid(ctx, case.reference, GRID)
    text = flat(PlanService(ctx).render_pdf(case.reference, "en"))
    assert "Annex: the plan refined after arrival" in text
    assert "What changed in version 2" in text
    for words in ("Dropped", "the fee is too high for now", "Feasible with support",
                  "shared workshop at the market", "tailors' workshop",
                  "The feasibility grid made after arrival"):
        assert words in text, words
    # a document language with the strings prints them; one without marks them [EN]
    french = flat(PlanService(ctx).render_pdf(case.reference, "fr"))
    assert "Annexe" in french and "[EN] Annex" not in french
    somali = flat(PlanService(ctx).render_pdf(case.reference, "so"))
    assert "[EN] Annex: the plan refined after arrival" in somali


def test_command_line_shows_the_plan_versions(capsys, monkeypatch, tmp_path):
    from counsel_app.context import open_database

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    ctx = make_context(open_database(url))
    case = planned_and_arrived(ctx)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", url, "case", "feasibility", case.reference, "--row",
                 "learn to drive||||||not_feasible|the fee is too high"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Version 2 of the plan, " in out
    assert "  • learn to drive: dropped (the fee is too high)" in out


def test_the_screen_shows_the_new_version_after_saving(qtbot, sqlite_ctx):
    from counsel_app.ui.feasibility_grid import FeasibilityGrid

    ctx = sqlite_ctx
    case = planned_and_arrived(ctx)
    grid = FeasibilityGrid(ctx, case.reference)
    qtbot.addWidget(grid)
    grid.show()
    assert grid.history.text() == ""
    qtbot.mouseClick(grid.from_wishes, Qt.LeftButton)
    combo = grid.table.cellWidget(1, 6)
    combo.setCurrentIndex(combo.findData("not_feasible"))
    grid.table.item(1, 7).setText("no driving school nearby")
    qtbot.mouseClick(grid.save_button, Qt.LeftButton)
    assert grid.state.text() == "Saved."
    assert "Version 2 of the plan" in grid.history.text()
    assert "learn to drive: dropped (no driving school nearby)" in grid.history.text()
    assert "open a tailoring shop: not yet decided" in grid.history.text()
