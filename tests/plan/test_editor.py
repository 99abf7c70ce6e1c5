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


# -- what the plan screen used to decide itself (each rule here, the screen only shows it) --
def test_a_new_plan_takes_the_currency_of_the_country_of_return(sqlite_ctx):
    from counsel_app.plan.editor import currency_of

    assert currency_of("GN") == "GNF" and currency_of("iq") == "IQD"
    assert currency_of("") == "" and currency_of("XX") == ""
    ctx = sqlite_ctx
    case = consented(ctx)
    editor = PlanEditor(ctx, case)
    assert editor.plan.currency == "GNF" and not editor.dirty  # not an edit by itself
    editor.plan.currency = "EUR"  # the counsellor's own choice stays
    assert editor.fill_currency() == "" and editor.plan.currency == "EUR"
    moved = PlanEditor(ctx, ctx.cases.create(Case(person=Person(name_latin="Moved"),
                                                  return_country="ML", counsellor=ctx.user)))
    moved.plan.currency = ""
    moved.plan.budget.append(BudgetLine("Tools", Decimal("1"), 1))
    assert moved.fill_currency() == "" and moved.plan.currency == ""  # a budget: left alone


def test_what_the_screen_says_of_saving_and_the_step_line(sqlite_ctx):
    from datetime import datetime

    ctx = sqlite_ctx
    editor = PlanEditor(ctx, consented(ctx))
    assert editor.summary("en") == ""  # nothing yet
    assert editor.save_state(True, "en") == ("saved", "")  # never saved: nothing to say
    editor.plan.summary[Dimension.ECONOMIC] = "Open a tailoring workshop"
    editor.edited()
    assert editor.save_state(False, "en") == ("saving", "Saving…")
    assert editor.autosave().saved
    kind, text = editor.save_state(True, "en", datetime(2026, 12, 5, 14, 3, 9))
    assert (kind, text) == ("saved", "Plan saved at 2:03:09\u202fPM")
    editor.plan.budget.append(BudgetLine("Sewing machine", Decimal("1500000"), 1))
    editor.edited()
    assert editor.summary("en") == "0 goals · GNF1,500,000"
    editor.plan.budget.append(BudgetLine("", Decimal("10"), 1))
    editor.autosave()
    assert editor.save_state(True, "en") == (
        "problems", "Not saved yet: fix what is marked in red.")


def test_unsaved_edits_are_said_before_leaving_printing_or_marking_ready(sqlite_ctx):
    ctx = sqlite_ctx
    editor = PlanEditor(ctx, consented(ctx))
    assert editor.unsaved_warning() == "" and editor.print_refusal() == ""
    editor.plan.budget.append(BudgetLine("", Decimal("10"), 1))  # what is bought? missing
    editor.edited()
    assert editor.autosave().kind == "invalid"
    problem = str(editor.save_problems[0])
    assert editor.unsaved_warning().startswith(
        f"The latest changes to the plan are not saved yet: {problem}")
    assert editor.print_refusal() == f"Fix what is marked in red before printing: {problem}"
    assert editor.mark_ready_refusal() == (
        f"The plan could not be saved, so it cannot be marked ready yet: {problem}")


def test_marking_ready_is_refused_in_one_sentence_then_asked(sqlite_ctx):
    ctx = sqlite_ctx
    case = consented(ctx)
    editor = PlanEditor(ctx, case)
    refusal = editor.mark_ready_refusal()
    assert refusal.startswith("The plan cannot be marked ready yet: ")  # an empty plan
    editor.plan = sample_plan(case.reference)
    editor.edited()
    assert editor.autosave().saved
    assert editor.mark_ready_refusal() == ""
    assert editor.ready_question().startswith(
        f"Mark the plan of case {case.reference} ready? The case moves to “Plan ready”")
