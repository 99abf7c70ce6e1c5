"""The plan step over the grant ceiling (saved, warned, never lost) and *Mark plan ready*
(confirmation, disabled with the reason, the case list shows the new status)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from counsel_app.domain.enums import CaseStatus
from counsel_app.plan.model import BudgetLine, Referral
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from tests.ui.conftest import answers  # noqa: F401  (fixture)
from tests.ui.test_plan_step import make_case, open_step, type_cell  # noqa: F401
from tests.workflow_helpers import advance


def consented_case(ctx, **kwargs):
    case = make_case(ctx, **kwargs)
    return advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)


def ready_button(step) -> QAbstractButton:
    button = step.findChild(QAbstractButton, "plan_mark_ready")
    assert button is not None
    return button


def test_over_the_ceiling_the_plan_is_saved_warned_and_kept(qtbot, sqlite_ctx, open_step,
                                                             answers):
    case = consented_case(sqlite_ctx)
    PlanService(sqlite_ctx).set_ceiling("GNF", Decimal("10000000"))
    step = open_step(case)
    step.tabs.setCurrentIndex(1)
    view = step.views["budget"]
    qtbot.mouseClick(step.findChild(QAbstractButton, "plan_budget_add"), Qt.LeftButton)
    editor = view.focusWidget()
    qtbot.keyClicks(editor, "Sewing machine")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.wait(5)
    type_cell(qtbot, view, 0, 2, "12000000")  # 2 million over the ceiling
    # saved within the autosave pause although over the ceiling
    qtbot.waitUntil(lambda: PlanService(sqlite_ctx).exists(case.reference), timeout=2000)
    stored = PlanService(sqlite_ctx).get(case.reference)
    assert stored.budget == [BudgetLine("Sewing machine", Decimal("12000000"), 1)]
    assert "Not saved" not in step.state.text()
    # the red warning stays, on the budget and on the tab
    assert step.ceiling_over and "Over the ceiling" in step.ceiling.text()
    assert "ceiling" in step.error_labels["budget"].text()
    assert step.tabs.tabText(1).startswith("⚠")
    # only marking ready is blocked, saying why
    assert not ready_button(step).isEnabled()
    assert "ceiling" in step.ready_state.text()
    assert "ceiling" in ready_button(step).toolTip()
    # leaving the step and closing say nothing is lost (no "not saved" warning)
    step.flush()
    assert not [t for _k, t in answers.shown if "not saved" in t]
    # reopened: the line is still there, still warned
    again = open_step(case)
    assert again.models["budget"].rowCount() == 1
    assert again.ceiling_over and not ready_button(again).isEnabled()
    # the service refuses too
    assert any("ceiling" in r for r in PlanService(sqlite_ctx).ready_blockers(case.reference))


def test_mark_plan_ready_with_confirmation_and_the_case_list_shows_it(
        qtbot, sqlite_ctx, open_step, answers):
    from counsel_app.ui.case_list_model import CaseListModel

    case = consented_case(sqlite_ctx)
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "fr"))
    step = open_step(case)
    button = ready_button(step)
    assert button.isEnabled(), step.ready_state.text()
    # cancelled: nothing changes
    answers.choices = ["cancel"]
    qtbot.mouseClick(button, Qt.LeftButton)
    assert sqlite_ctx.cases.get(case.id).status is CaseStatus.CONSENTED
    assert any("ready" in text for kind, text in answers.shown if kind == "choose")
    # confirmed: the case is plan ready
    answers.choices = ["ready"]
    qtbot.mouseClick(button, Qt.LeftButton)
    stored = sqlite_ctx.cases.get(case.id)
    assert stored.status is CaseStatus.PLAN_READY
    assert step.services.case.status is CaseStatus.PLAN_READY
    assert step.services.case.version == stored.version  # the wizard saves without conflict
    assert not button.isEnabled()
    assert "marked ready" in step.ready_state.text()

    # the case list shows the new status, and its filter finds it
    model = CaseListModel(sqlite_ctx.cases.list)
    model.set_filter(status=CaseStatus.PLAN_READY)
    assert model.rowCount() == 1
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[0] == case.reference and texts[3].startswith("Plan ready"), texts


def test_mark_ready_is_disabled_with_the_reason(qtbot, sqlite_ctx, open_step, answers):
    # a case that is not consented yet
    early = make_case(sqlite_ctx)
    PlanService(sqlite_ctx).save(sample_plan(early.reference, "fr"))
    step = open_step(early)
    assert not ready_button(step).isEnabled()
    assert "not consented" in step.ready_state.text()

    # a consented case whose plan has a real problem (a referral without organisation)
    case = consented_case(sqlite_ctx, name="Fanta Keita")
    plan = sample_plan(case.reference, "fr")
    PlanService(sqlite_ctx).save(plan)
    step = open_step(case)
    assert ready_button(step).isEnabled()
    step.models["referrals"].add_row(Referral("", "Counselling", ""))
    assert not ready_button(step).isEnabled()
    assert "organisation of referral" in step.ready_state.text()
    assert sqlite_ctx.cases.get(case.id).status is CaseStatus.CONSENTED


def test_marked_ready_in_an_open_case_shows_in_the_header_and_survives_closing(
        qtbot, app_ctx, answers):
    from counsel_app.ui.main_window import MainWindow

    case = consented_case(app_ctx, name="Binta Barry")
    PlanService(app_ctx).save(sample_plan(case.reference, "fr"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    wizard = window.wizard
    wizard.go_to("plan")
    step = wizard.widgets["plan"]
    assert "Consented" in wizard.title.text()
    answers.choices = ["ready"]
    qtbot.mouseClick(ready_button(step), Qt.LeftButton)
    assert "Plan ready" in wizard.title.text()
    before = len(answers.shown)
    wizard.go_to("intake")  # the case's own autosave runs with the new version
    window.show_case_list()  # closes the case, saving everything
    assert answers.shown[before:] == []  # no conflict offered, no error
    assert app_ctx.cases.get(case.id).status is CaseStatus.PLAN_READY
    window.case_list.model.set_filter(status=CaseStatus.PLAN_READY)
    assert window.case_list.model.rowCount() == 1


def test_an_empty_plan_is_never_reported_as_ready(qtbot, sqlite_ctx, open_step, answers):
    case = consented_case(sqlite_ctx, name="Kadiatou Bah")
    service = PlanService(sqlite_ctx)
    service.save(service.get(case.reference))
    step = open_step(case)
    assert not ready_button(step).isEnabled()
    assert "can be marked ready" not in step.ready_state.text()
    assert "no type of assistance" in step.ready_state.text()
    assert "no goal" in step.ready_state.text()


def test_the_escort_decision_is_chosen_and_not_yet_decided_by_default(qtbot, sqlite_ctx,
                                                                      open_step, answers):
    from PySide6.QtWidgets import QComboBox

    case = consented_case(sqlite_ctx, name="Hawa Conte")
    step = open_step(case)
    combo = step.findChild(QComboBox, "plan_arrival_medical_escort")
    assert combo.currentText() == "Not yet decided"
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert step.plan.arrival.medical_escort is False
    step.flush()
    assert PlanService(sqlite_ctx).get(case.reference).arrival.medical_escort is False
