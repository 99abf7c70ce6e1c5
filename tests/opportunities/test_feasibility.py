"""The feasibility grid after arrival: each wish beside what is realistic (market, cost,
distance, partner), a decision and its reason; stored as the plan's refinement; the
command line and the screen (``ui/feasibility_grid.py``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.errors import UserError, ValidationError
from counsel_app.followup.service import FollowupService
from counsel_app.opportunities import feasibility as F
from counsel_app.opportunities.classifications import FeasibilityRating, OpportunityKind
from counsel_app.opportunities.model import FeasibilityRow, SkillsProfile, Wish
from counsel_app.opportunities.service import OpportunityService

from ..conftest import TEST_PASSWORD, make_context


def arrived_case(ctx, days=5):
    case = ctx.cases.create(Case(person=Person(name_latin="Awa Test", languages=["fr"]),
                                 return_country="ML", return_region="ML-BKO"))
    OpportunityService(ctx).save_profile(case, SkillsProfile(wishes=[
        Wish("open a tailoring shop", OpportunityKind.STARTUP, "7531"),
        Wish("learn to drive", OpportunityKind.TRAINING)]))
    return case


def test_the_grid_is_checked_and_stored_as_the_refinement(sqlite_ctx):
    ctx = sqlite_ctx
    case = arrived_case(ctx)
    rows = F.rows_from_wishes(OpportunityService(ctx).profile(case), [])
    assert [r.wish for r in rows] == ["open a tailoring shop", "learn to drive"]
    with pytest.raises(UserError, match="Record the arrival of case"):
        F.save_grid(ctx, case.reference, rows)
    FollowupService(ctx).record_arrival(case.reference, date.today() - timedelta(days=5), True)
    rows[0] = FeasibilityRow("open a tailoring shop", "shared workshop at the market",
                             FeasibilityRating.WITH_SUPPORT, "", market="many tailors",
                             cost="1 machine", distance="2 km", partner="tailors' workshop")
    with pytest.raises(ValidationError, match="Line 1 of the feasibility grid: write the "
                                              "reason for the decision “Feasible with "
                                              "support”"):
        F.save_grid(ctx, case.reference, rows)
    rows[0].notes = "a grant for the machine; the workshop lends space"
    assert F.save_grid(ctx, case.reference, rows) is True
    stored = F.load_grid(ctx, case.reference)
    assert stored[0].partner == "tailors' workshop" and stored[0].distance == "2 km"
    assert FollowupService(ctx).summary(case.reference).plan_refined_on == date.today()
    with pytest.raises(ValidationError, match="the decision must be one of not_assessed"):
        F.parse_row("a|b|c|d|e|f|maybe|g")


def test_case_feasibility_command(capsys, monkeypatch, tmp_path):
    from counsel_app.context import open_database

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    ctx = make_context(open_database(url))
    case = arrived_case(ctx)
    FollowupService(ctx).record_arrival(case.reference, date.today() - timedelta(days=40),
                                        True)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", url, "case", "feasibility", case.reference, "--row",
                 "learn to drive|driving school in Bamako|drivers wanted|150000 XOF|5 km|"
                 "|difficult|the fee is too high for now", "--from-wishes"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Feasibility grid of case" in out and "saved" in out
    assert "more than a month after arrival" in out
    assert "1. learn to drive → driving school in Bamako — Difficult (the fee is too high " \
           "for now)" in out
    # each part named as the screen's column, the language's colon and semicolon
    assert "\n   Market: drivers wanted; Cost: 150000 XOF; Distance: 5 km\n" in out, out
    assert "2. open a tailoring shop → — — Not assessed yet" in out
    assert f"Feasibility grid of case {case.reference}: 2 lines\n" in out, out
    code = main(["--db", url, "case", "feasibility", case.reference, "--row",
                 "x|y|||||feasible|"])
    out, err = capsys.readouterr()
    assert code == 2 and "write the reason for the decision" in err


def test_the_caseworker_fills_the_grid_on_screen(qtbot, sqlite_ctx):
    from counsel_app.ui.feasibility_grid import FeasibilityGrid

    ctx = sqlite_ctx
    case = arrived_case(ctx)
    FollowupService(ctx).record_arrival(case.reference, date.today() - timedelta(days=3), True)
    grid = FeasibilityGrid(ctx, case.reference)
    qtbot.addWidget(grid)
    grid.show()
    qtbot.mouseClick(grid.from_wishes, Qt.LeftButton)
    assert grid.table.rowCount() == 2
    grid.table.item(0, 1).setText("shared workshop")
    grid.table.item(0, 5).setText("tailors' workshop")
    combo = grid.table.cellWidget(0, 6)
    combo.setCurrentIndex(combo.findData("feasible"))
    qtbot.mouseClick(grid.save_button, Qt.LeftButton)
    assert "Line 1 of the feasibility grid: write the reason" in grid.error.text()
    grid.table.item(0, 7).setText("space lent by the workshop")
    qtbot.mouseClick(grid.save_button, Qt.LeftButton)
    assert grid.state.text() == "Saved." and not grid.error.isVisible()
    stored = F.load_grid(ctx, case.reference)
    assert (stored[0].realistic_option, stored[0].rating, stored[0].notes) == (
        "shared workshop", FeasibilityRating.FEASIBLE, "space lent by the workshop")


def test_a_grid_of_one_line_is_counted_in_the_singular(tmp_path, capsys, monkeypatch):
    """``case feasibility`` with one line says "1 line", not "1 lines"."""
    from counsel_app.context import open_database

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    ctx = make_context(open_database(url))
    case = arrived_case(ctx)
    FollowupService(ctx).record_arrival(case.reference, date.today() - timedelta(days=3), True)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", url, "case", "feasibility", case.reference, "--row",
                 "learn to drive|driving school in Bamako|drivers wanted|150000 XOF|5 km|"
                 "|difficult|the fee is too high for now"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"Feasibility grid of case {case.reference}: 1 line\n" in out, out


def test_case_feasibility_names_each_part_as_the_screen_does(tmp_path, capsys, monkeypatch):
    """``case feasibility`` in French and Arabic: each line's decision in words, the market,
    cost, distance and partner named as the grid's columns ("Marché", "Partenaire
    disponible"), with the language's colon (" : " in French) and semicolon ("؛ " in
    Arabic); never the English words typed by hand ("market: …; cost: …")."""
    from counsel_app.context import open_database
    from counsel_app.i18n import set_interface_language

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    ctx = make_context(open_database(url))
    case = arrived_case(ctx)
    FollowupService(ctx).record_arrival(case.reference, date.today() - timedelta(days=3), True)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    row = ("learn to drive|driving school in Bamako|drivers wanted|150 000 XOF, books "
           "included|5 km|Auto-école Kanté|difficult|the fee is too high for now")
    try:
        code = main(["--lang", "fr", "--db", url, "case", "feasibility", case.reference,
                     "--row", row])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert ("1. learn to drive → driving school in Bamako — Difficile (the fee is too "
                "high for now)\n") in out, out
        assert ("\n   Marché : drivers wanted ; Coût : 150 000 XOF, books "
                "included ; Distance : 5 km ; Partenaire disponible : "
                "Auto-école Kanté\n") in out, repr(out)
        assert "market" not in out and "cost:" not in out
        code = main(["--lang", "ar", "--db", url, "case", "feasibility", case.reference])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "learn to drive ← driving school in Bamako — صعب (the fee is too high for " \
               "now)\n" in out, out
        assert ("\n   السوق: drivers wanted؛ التكلفة: 150 000 XOF, books included؛ "
                "المسافة: 5 km؛ شريك متاح: Auto-école Kanté\n") in out, out
        assert "Market" not in out and "; " not in out
    finally:
        set_interface_language("en")
