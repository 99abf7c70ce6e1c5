"""The plan editor's model without a screen: saving, conflicts, the ceiling and readiness
decide here, and the plan screen only shows them (tests/ui/test_plan_step.py)."""

from __future__ import annotations

from decimal import Decimal

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.plan.editor import PlanEditor
from counsel_app.plan.model import BudgetLine, Dimension
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from tests.workflow_helpers import advance


def consented(ctx) -> Case:
    case = ctx.cases.create(Case(person=Person(name_latin="Editor Person"),
                                 return_country="GN", counsellor=ctx.user))
    return advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)


def test_autosave_saves_edits_and_refuses_an_invalid_plan(sqlite_ctx):
    ctx = sqlite_ctx
    editor = PlanEditor(ctx, consented(ctx))
    assert editor.autosave().kind == "unchanged"
    editor.plan.summary[Dimension.ECONOMIC] = "Open a tailoring workshop"
    editor.edited()
    assert editor.autosave().kind == "saved" and not editor.dirty
    assert PlanService(ctx).get(editor.case.reference).summary[Dimension.ECONOMIC] == \
        "Open a tailoring workshop"
    editor.plan.currency = "GNF"
    editor.plan.budget.append(BudgetLine("", Decimal("10"), 1))  # what is bought? missing
    editor.edited()
    outcome = editor.autosave()
    assert outcome.kind == "invalid" and editor.dirty
    assert [p.field for p in editor.save_problems] == ["budget[0].item"]
    assert PlanService(ctx).get(editor.case.reference).budget == []  # nothing written


def test_over_the_ceiling_is_saved_and_said(sqlite_ctx):
    ctx = sqlite_ctx
    case = consented(ctx)
    PlanService(ctx).set_ceiling("GNF", Decimal("1000"))
    editor = PlanEditor(ctx, case)
    editor.plan.currency = "GNF"
    editor.plan.budget.append(BudgetLine("Sewing machine", Decimal("800"), 2))
    editor.edited()
    assert editor.autosave().kind == "saved"  # nothing typed is lost
    budget = editor.budget("en")
    assert budget.state == "over" and budget.over
    assert "600" in budget.message and "1,000" in budget.message
    assert editor.readiness().state == "blocked"
    assert any("ceiling" in r for r in editor.readiness().reasons)


def test_a_conflict_is_kept_or_taken(sqlite_ctx):
    ctx = sqlite_ctx
    case = consented(ctx)
    mine, theirs = PlanEditor(ctx, case), PlanEditor(ctx, case)
    theirs.plan.place_of_return = "Kindia"
    theirs.edited()
    assert theirs.autosave().saved
    mine.plan.place_of_return = "Labé"
    mine.edited()
    outcome = mine.autosave()
    assert outcome.kind == "conflict" and outcome.conflict.theirs.place_of_return == "Kindia"
    assert mine.keep_mine(outcome.conflict).kind == "saved"
    assert PlanService(ctx).get(case.reference).place_of_return == "Labé"
    theirs.plan.place_of_return = "Mamou"
    theirs.edited()
    conflict = theirs.autosave().conflict
    theirs.take_theirs(conflict)
    assert theirs.plan.place_of_return == "Labé" and not theirs.dirty
    assert PlanService(ctx).get(case.reference).place_of_return == "Labé"


def test_readiness_and_marking_ready(sqlite_ctx):
    ctx = sqlite_ctx
    case = consented(ctx)
    editor = PlanEditor(ctx, case)
    editor.check()
    readiness = editor.readiness()
    assert readiness.state == "blocked" and not readiness.enabled
    assert "not been saved" in readiness.text  # nothing saved yet: never "can be marked"
    editor.plan = sample_plan(case.reference)
    editor.edited()
    assert editor.autosave().saved
    editor.check_other_rules()
    assert editor.readiness().state == "possible" and editor.readiness().enabled
    assert editor.mark_ready_blockers() == []
    assert editor.mark_ready().status is CaseStatus.PLAN_READY
    assert editor.readiness().state == "ready"


def test_the_screen_holder_is_followed(sqlite_ctx):
    """Given a function, the editor reads the case as it stands now (another step may have
    moved it)."""
    ctx = sqlite_ctx
    holder = {"case": ctx.cases.create(Case(person=Person(name_latin="Editor Person"),
                                            return_country="GN", counsellor=ctx.user))}
    editor = PlanEditor(ctx, lambda: holder["case"])
    assert editor.readiness().state == "blocked"
    holder["case"] = advance(ctx, holder["case"], CaseStatus.COUNSELLING,
                             CaseStatus.DECISION_TAKEN, CaseStatus.CONSENTED)
    assert "not consented" not in editor.readiness().text
