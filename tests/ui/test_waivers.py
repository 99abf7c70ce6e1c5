"""A supervisor waives a required step on the counsellor's screen (signing with their own
name and password); the screening step shows it, the plan step's refusal names open steps."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.session.store import SessionStore
from counsel_app.waivers import service as waivers
from tests.conftest import TEST_PASSWORD
from tests.workflow_helpers import advance

REASON = "Cleared by the airline's doctor; the certificate is on file."


def consented_with_health_needs(ctx):
    case = ctx.cases.create(Case(person=Person(name_latin="Awa Diallo",
                                               date_of_birth=date(1988, 3, 1)),
                                 return_country="GN", counsellor=ctx.user))
    case = advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("health", True, "asthma")
    store.save_part(record, "screening")
    return case


def test_a_supervisor_signs_a_waiver_on_the_counsellors_screen(qtbot, app_ctx):
    from counsel_app.security.accounts import add_user, sign_in
    from counsel_app.ui.waivers_dialog import WaiversDialog

    add_user(app_ctx, "sam", "supervisor", TEST_PASSWORD)
    add_user(app_ctx, "cora", "counsellor", TEST_PASSWORD)
    counsellor = sign_in(app_ctx.db, "cora", TEST_PASSWORD)
    case = consented_with_health_needs(app_ctx)
    dialog = WaiversDialog(counsellor, case)
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 3 and "Fitness to travel" in dialog.items.item(0).text()
    dialog.items.setCurrentRow(0)
    qtbot.keyClicks(dialog.reason, REASON)
    qtbot.keyClicks(dialog.supervisor, "sam")
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.mouseClick(dialog.sign, Qt.LeftButton)
    assert "Wrong user name or password" in dialog.problem.text()
    assert waivers.in_force(app_ctx, case) == {}
    qtbot.keyClicks(dialog.supervisor, "")  # the name stays typed
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.mouseClick(dialog.sign, Qt.LeftButton)
    assert dialog.problem.text() == "" or not dialog.problem.isVisible()
    waiver = waivers.in_force(app_ctx, case)["screening:fitness_to_travel"]
    assert waiver.waived_by == "sam" and waiver.reason == REASON
    assert dialog.items.count() == 2 and dialog.history.count() == 1
    assert "waived by sam" in dialog.history.item(0).text()
    # a counsellor alone cannot sign
    dialog.supervisor.setText("cora")
    dialog.items.setCurrentRow(0)
    qtbot.keyClicks(dialog.reason, REASON)
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.mouseClick(dialog.sign, Qt.LeftButton)
    assert "cannot waive" in dialog.problem.text()


def test_the_screening_step_shows_waivers_and_open_steps(qtbot, app_ctx, answers):
    from counsel_app.ui.main_window import MainWindow

    case = consented_with_health_needs(app_ctx)
    waivers.waive(app_ctx, case, "screening:fitness_to_travel", REASON)  # admin may waive
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("screening")
    step = window.wizard.widgets["screening"]
    assert "Waived by admin" in step.step_boxes["fitness_to_travel"].text()
    assert "Still open: 2" in step.open_state.text()
    assert step.findChild(QAbstractButton, "waive_steps").isVisible()
    escort = step.step_boxes["medical_escort"]
    assert not escort.isEnabled() and "Departure step" in escort.text()  # travel's fact
    box = step.step_boxes["continuity_of_care"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Space)
    assert "Still open: 1" in step.open_state.text()


def test_the_plan_step_names_the_open_steps_and_lets_the_case_on_once_waived(
        qtbot, app_ctx, answers):
    from counsel_app.plan.samples import sample_plan
    from counsel_app.plan.service import PlanService
    from counsel_app.ui.main_window import MainWindow

    case = consented_with_health_needs(app_ctx)
    PlanService(app_ctx).save(sample_plan(case.reference, "fr"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("plan")
    step = window.wizard.widgets["plan"]
    button = step.findChild(QAbstractButton, "plan_mark_ready")
    assert not button.isEnabled()
    assert "Fitness to travel" in step.ready_state.text()
    assert "no supervisor has waived it" in step.ready_state.text()
    for item in ("fitness_to_travel", "medical_escort", "continuity_of_care"):
        waivers.waive(app_ctx, case, f"screening:{item}", REASON)
    window.wizard.go_to("intake")
    window.wizard.go_to("plan")
    assert button.isEnabled(), step.ready_state.text()
    answers.choices = ["ready"]
    qtbot.mouseClick(button, Qt.LeftButton)
    assert app_ctx.cases.get(case.id).status is CaseStatus.PLAN_READY


def test_one_required_step_is_counted_in_the_singular(qtbot, app_ctx, answers):
    """A flag that needs one step ("distress"): the screening step says "0 of 1 step done",
    never "1 steps"; French "0 sur 1 étape faite"; the wizard's "of 10 steps visited" in
    French is "sur 10 étapes consultées"."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.ui.main_window import MainWindow

    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Diallo"),
                                     return_country="GN", counsellor=app_ctx.user))
    store = SessionStore(app_ctx.db, app_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("distress", True, "")
    store.save_part(record, "screening")
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("screening")
    step = window.wizard.widgets["screening"]
    assert step.summary().startswith("0 of 1 step done")
    set_interface_language("fr")
    assert step.summary().startswith("0 sur 1 étape faite")
    window.wizard.go_to("assessment")
    assert " sur 10 étapes consultées" in window.wizard.progress_label.text()
