"""Each rule of issue 15 refused on screen, driven as a counsellor does (pytest-qt): the
sentence the person at the keyboard reads, and nothing changed in the database.

The rules live in Qt-free services (tests/services/test_no_way_around.py calls them
directly); here the real steps show their refusals: a decision to return without the three
voluntariness elements (and, for a child, without the guardian's decision and the
best-interests reference), *needs more time* recorded without them, *mark plan ready* for
an empty plan and for an open vulnerability next step (allowed once a supervisor waived it
with a reason), the handover while a next step is open, an undecided escort printed as
"not yet decided", and what was told in confidence kept out of the handover preview without
consent 7."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QRadioButton

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.session.decision import stored_voluntariness
from counsel_app.session.store import SessionStore
from counsel_app.waivers import service as waivers
from tests.conftest import TEST_PASSWORD
from tests.ui.conftest import answers  # noqa: F401  (fixture)
from tests.workflow_helpers import advance, record_travel_decisions

REASON = "Treatment continues with the clinic in Conakry; its letter is on file."


def click(qtbot, widget) -> None:
    QApplication.processEvents()
    pos = widget.rect().center()
    if isinstance(widget, QRadioButton):  # on the circle, not past the label
        pos = QPoint(8, widget.height() // 2)
    qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)
    QApplication.processEvents()


def open_decision(qtbot, ctx, case):
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("decision")
    return window, window.wizard.widgets["decision"]


def nothing_decided(ctx, case) -> None:
    stored = ctx.cases.get(case.id)
    assert stored.status is CaseStatus.COUNSELLING and stored.decision is None
    assert stored_voluntariness(ctx, stored).decisions == []


def new_case(ctx, name="Aminata Sow", born=date(1990, 5, 4)):
    return ctx.cases.create(Case(person=Person(name_latin=name, date_of_birth=born,
                                               languages=["fr"]),
                                 return_country="GN", return_town="Kindia",
                                 counsellor=ctx.user))


# -- the decision --------------------------------------------------------------------------
def test_return_is_refused_naming_each_missing_element(qtbot, app_ctx, answers):
    case = new_case(app_ctx)
    window, step = open_decision(qtbot, app_ctx, case)
    click(qtbot, step.decision_buttons["return"])
    shown = step.blockers.text()
    assert step.blockers.isVisible()
    for element in ("Freedom of choice", "Informed decision", "Legal capacity"):
        assert f"“{element}” has not been assessed yet." in shown, shown
    assert not step.record_button.isEnabled()
    click(qtbot, step.record_button)  # a click on the greyed button does nothing
    nothing_decided(app_ctx, case)

    # two assessed: the sentence names only the one still missing; "does not hold" too
    click(qtbot, step.findChild(QRadioButton, "freedom_of_choice_yes"))
    click(qtbot, step.findChild(QRadioButton, "informed_decision_no"))
    shown = step.blockers.text()
    assert "Freedom of choice" not in shown
    assert "“Informed decision” does not hold: a return would not be voluntary." in shown
    assert "“Legal capacity” has not been assessed yet." in shown
    assert not step.record_button.isEnabled()
    window.show_case_list()  # closing saves the assessment, and nothing else
    nothing_decided(app_ctx, case)


def test_return_for_a_child_is_refused_without_the_guardian_and_best_interests(
        qtbot, app_ctx, answers):
    case = new_case(app_ctx, name="Ibrahima Camara", born=date(date.today().year - 15, 1, 2))
    window, step = open_decision(qtbot, app_ctx, case)
    for key in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        click(qtbot, step.findChild(QRadioButton, f"{key}_yes"))
    click(qtbot, step.decision_buttons["return"])
    shown = step.blockers.text()
    assert "the guardian's decision" in shown, shown
    assert "the reference of the best-interests determination" in shown
    assert "has not been assessed" not in shown
    assert not step.record_button.isEnabled()
    nothing_decided(app_ctx, case)

    # the guardian's part recorded on screen: the decision can be recorded
    for key, text in (("name", "Mariam Camara"), ("relation", "mother"),
                      ("best_interests_ref", "BID-2026-044")):
        qtbot.keyClicks(step.guardian.edits[key], text)
    combo = step.guardian.decision
    combo.setCurrentIndex(combo.findData("agrees"))
    combo.activated.emit(combo.currentIndex())
    assert step.blockers.text() == "" and step.record_button.isEnabled()
    click(qtbot, step.record_button)
    stored = app_ctx.cases.get(case.id)
    assert stored.status is CaseStatus.DECISION_TAKEN and stored.decision is Decision.RETURN


def test_needs_more_time_is_recorded_without_the_three_elements(qtbot, app_ctx, answers):
    case = new_case(app_ctx, name="Moussa Keita")
    window, step = open_decision(qtbot, app_ctx, case)
    click(qtbot, step.decision_buttons["needs_more_time"])
    assert step.blockers.text() == ""
    assert step.record_button.isEnabled()
    click(qtbot, step.record_button)
    assert step.history.count() == 1 and "Needs more time" in step.history.item(0).text()
    stored = app_ctx.cases.get(case.id)
    assert stored.status is CaseStatus.DECISION_TAKEN
    assert stored.decision is Decision.NEEDS_MORE_TIME


def test_a_decision_without_its_date_is_refused_saying_why(qtbot, app_ctx, answers):
    """The date of the decision emptied: the click said nothing and only moved the cursor
    to the field; the field now says that a date is needed, and nothing is recorded."""
    from counsel_app.i18n.dates import show_date

    case = new_case(app_ctx, name="Moussa Keita")
    window, step = open_decision(qtbot, app_ctx, case)
    click(qtbot, step.decision_buttons["needs_more_time"])
    field = step.decided_on
    qtbot.keyClick(field.edit, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key_Backspace)
    assert field.edit.text() == ""
    click(qtbot, step.record_button)
    assert field.error() == "A date is needed here."
    assert field.message.isVisible()
    nothing_decided(app_ctx, case)
    today = date.today()
    qtbot.keyClicks(field.edit, today.isoformat())
    click(qtbot, step.record_button)
    assert field.error() == ""
    assert field.edit.text() == show_date(today, "en")
    assert app_ctx.cases.get(case.id).decision is Decision.NEEDS_MORE_TIME


# -- mark plan ready -------------------------------------------------------------------------
def plan_step(qtbot, ctx, case):
    from counsel_app.ui.plan_step import PlanStep
    from counsel_app.ui.session_steps import StepServices

    holder = SimpleNamespace(ctx=ctx, case=case, record=None, store=None)
    step = PlanStep(StepServices(ctx, holder, changed=lambda part: None,
                                 save_now=lambda: None), delay_ms=50)
    qtbot.addWidget(step)
    step.resize(1100, 800)
    step.show()
    step.entered()
    return step


def ready_button(step) -> QAbstractButton:
    return step.findChild(QAbstractButton, "plan_mark_ready")


def test_an_empty_plan_is_refused_on_screen(qtbot, app_ctx, answers):
    case = advance(app_ctx, new_case(app_ctx), CaseStatus.COUNSELLING,
                   CaseStatus.DECISION_TAKEN, CaseStatus.CONSENTED)
    service = PlanService(app_ctx)
    service.save(service.get(case.reference))  # saved, but nothing in it
    step = plan_step(qtbot, app_ctx, case)
    shown = step.ready_state.text()
    assert step.ready_state.isVisible()
    assert "no type of assistance" in shown and "no goal" in shown, shown
    assert "can be marked ready" not in shown
    assert not ready_button(step).isEnabled()
    assert "no goal" in ready_button(step).toolTip()
    click(qtbot, ready_button(step))
    assert app_ctx.cases.get(case.id).status is CaseStatus.CONSENTED
    assert answers.shown == []  # no question asked either


def health_case_with_a_plan(ctx):
    case = advance(ctx, new_case(ctx, name="Awa Diallo"), CaseStatus.COUNSELLING,
                   CaseStatus.DECISION_TAKEN, CaseStatus.CONSENTED)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("health", True, "asthma")
    store.save_part(record, "screening")
    record_travel_decisions(ctx, case)  # fitness and escort done in the Departure step
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    return ctx.cases.get(case.id)


def test_an_open_next_step_refuses_plan_ready_until_a_supervisor_waives_it(
        qtbot, app_ctx, answers):
    from counsel_app.security.accounts import add_user, sign_in
    from counsel_app.ui.waivers_dialog import WaiversDialog

    case = health_case_with_a_plan(app_ctx)
    step = plan_step(qtbot, app_ctx, case)
    shown = step.ready_state.text()
    assert ("“Continuity of treatment and medicines at return arranged” (required by Health "
            "needs) is not done, and no supervisor has waived it.") in shown, shown
    assert "Fitness to travel" not in shown  # done in the Departure step
    assert not ready_button(step).isEnabled()
    assert app_ctx.cases.get(case.id).status is CaseStatus.CONSENTED
    assert waivers.in_force(app_ctx, case) == {}

    # a supervisor signs the waiver with a reason on the counsellor's screen
    add_user(app_ctx, "sam", "supervisor", TEST_PASSWORD)
    add_user(app_ctx, "cora", "counsellor", TEST_PASSWORD)
    dialog = WaiversDialog(sign_in(app_ctx.db, "cora", TEST_PASSWORD), case)
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 1
    dialog.items.setCurrentRow(0)
    qtbot.keyClicks(dialog.reason, "too short")
    qtbot.keyClicks(dialog.supervisor, "sam")
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.mouseClick(dialog.sign, Qt.LeftButton)
    assert "Write the reason for the waiver in a sentence" in dialog.problem.text()
    assert waivers.in_force(app_ctx, case) == {}  # refused: nothing recorded
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, REASON)
    if not dialog.password.text():
        qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.mouseClick(dialog.sign, Qt.LeftButton)
    waiver = waivers.in_force(app_ctx, case)["screening:continuity_of_care"]
    assert waiver.waived_by == "sam" and waiver.reason == REASON

    step.entered()
    assert ready_button(step).isEnabled(), step.ready_state.text()
    answers.choices = ["ready"]
    click(qtbot, ready_button(step))
    assert app_ctx.cases.get(case.id).status is CaseStatus.PLAN_READY


# -- the handover ----------------------------------------------------------------------------
def test_the_handover_is_refused_while_a_next_step_is_open(qtbot, tmp_path, monkeypatch,
                                                           answers):
    from PySide6.QtWidgets import QFileDialog

    from counsel_app.consent.purposes import Method, Purpose
    from counsel_app.consent.rules import Choice, Circumstances
    from counsel_app.consent.service import record as record_consent
    from counsel_app.domain.case import utcnow
    from counsel_app.handover.package import packages_for_case
    from tests.handover.helpers import consented_case, pair
    from tests.ui.test_handover_step import make_step

    sender, office = pair(tmp_path)
    ctx = sender.ctx
    case = consented_case(sender)  # plan ready, every next step done
    fp = office.keys.station().fingerprint
    record_consent(ctx, case.reference, [
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office"),
        Choice(Purpose.SHARE_HEALTH_DATA, True, fp, "Conakry reintegration office")],
        Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                      at=utcnow(), teach_back_done=True, teach_back_note="explained"))
    # the screening finds a step open again (continuity of care not arranged after all)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    screening = store.load(case.id, case.reference)
    screening.screening.mark_step("continuity_of_care", False)
    store.save_part(screening, "screening")

    out = tmp_path / "package.cahp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    step, holder = make_step(qtbot, ctx, ctx.cases.get(case.id))
    shown = step.findChild(QLabel, "handover_error").text()
    assert "Continuity of treatment and medicines at return arranged" in shown, shown
    assert "no supervisor has waived it" in shown
    seal = step.findChild(QAbstractButton, "handover_seal")
    assert not seal.isEnabled()
    click(qtbot, seal)
    assert not out.exists()
    assert ctx.cases.get(case.id).status is CaseStatus.PLAN_READY
    assert packages_for_case(ctx, case.id) == []

    # waived by a supervisor (the administrator here) with a reason: the step lets it go
    waivers.waive(ctx, ctx.cases.get(case.id), "screening:continuity_of_care", REASON)
    step.entered()
    assert step.findChild(QLabel, "handover_error").text() == ""
    assert seal.isEnabled()


# -- the printed escort ----------------------------------------------------------------------
def test_an_undecided_escort_prints_not_yet_decided(qtbot, app_ctx, answers, tmp_path,
                                                    monkeypatch):
    from pypdf import PdfReader

    from counsel_app.ui import plan_print

    case = advance(app_ctx, new_case(app_ctx, name="Hawa Conte"), CaseStatus.COUNSELLING,
                   CaseStatus.DECISION_TAKEN, CaseStatus.CONSENTED)
    plan = sample_plan(case.reference, "en")
    plan.arrival.medical_escort = None
    plan.arrival.medical_escort_details = ""
    PlanService(app_ctx).save(plan)
    step = plan_step(qtbot, app_ctx, case)
    from PySide6.QtWidgets import QComboBox

    combo = step.findChild(QComboBox, "plan_arrival_medical_escort")
    assert combo.currentText() == "Not yet decided"
    panel = step.printing
    panel.lang.setCurrentIndex(panel.lang.findData("en"))
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(plan_print.QFileDialog, "getSaveFileName",
                        lambda parent, title, default, filters: (str(target), filters))
    click(qtbot, panel.findChild(QAbstractButton, "plan_save_pdf"))
    text = " ".join("".join(page.extract_text() for page in PdfReader(str(target)).pages)
                    .split())
    assert "Medical escort Not yet decided" in text, text[text.find("Medical escort"):][:80]
    assert not re.search(r"Medical escort No\b", text)  # never "No" for an open question
    assert PlanService(app_ctx).get(case.reference).arrival.medical_escort is None


# -- strict confidentiality ------------------------------------------------------------------
def test_what_was_told_in_confidence_leaves_only_with_consent_seven(qtbot, tmp_path, answers):
    from counsel_app.consent.purposes import Method, Purpose
    from counsel_app.consent.rules import Choice, Circumstances
    from counsel_app.consent.service import record as record_consent
    from counsel_app.domain.case import utcnow
    from tests.handover.helpers import consented_case, pair
    from tests.ui.test_handover_step import make_step

    sender, office = pair(tmp_path)
    ctx = sender.ctx
    case = consented_case(sender)  # screened with a trafficking flag
    fp, name = office.keys.station().fingerprint, "Conakry reintegration office"
    how = Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                        at=utcnow(), teach_back_done=True, teach_back_note="explained")
    record_consent(ctx, case.reference, [Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, name)],
                   how)
    step, _holder = make_step(qtbot, ctx, ctx.cases.get(case.id))
    preview = step.findChild(QLabel, "handover_preview").text()
    assert "Will be sent:" in preview
    # neither sent nor listed as held back: the list goes to the office, and naming it would
    # tell them the case has something to hide
    assert "in confidence" not in preview and "trafficking" not in preview.lower()

    record_consent(ctx, case.reference, [Choice(Purpose.SHARE_CONFIDENTIAL, True, fp, name)],
                   how)
    step.entered()
    sent = step.findChild(QLabel, "handover_preview").text().split("Will not be sent:")[0]
    assert "What the person told in confidence (shared with their consent)" in sent
