"""The consent step as a counsellor uses it (pytest-qt, offscreen)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from counsel_app import consent
from counsel_app.consent import Purpose
from counsel_app.domain.enums import CaseStatus
from tests.consent.helpers import circumstances, make_case, minor
from tests.ui.conftest import _sync_tasks, answers  # noqa: F401  (fixtures)


@pytest.fixture
def step_for(qtbot, sqlite_ctx, monkeypatch):
    from counsel_app.ui.consent_step import ConsentStep
    from counsel_app.ui.session_steps import StepServices

    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [])

    def make(person=None):
        case = make_case(sqlite_ctx, person)
        holder = SimpleNamespace(ctx=sqlite_ctx, case=case, record=None, store=None)
        services = StepServices(sqlite_ctx, holder, changed=lambda part: None,
                                save_now=lambda: None)
        step = ConsentStep(services)
        qtbot.addWidget(step)
        step.show()
        return step, holder

    return make


def click(qtbot, step, name):
    from PySide6.QtWidgets import QAbstractButton

    widget = step.findChild(QAbstractButton, name)
    assert widget is not None, name
    qtbot.mouseClick(widget, Qt.LeftButton)


def type_into(qtbot, step, name, text):
    from PySide6.QtWidgets import QWidget

    widget = step.findChild(QWidget, name)
    assert widget is not None, name
    qtbot.keyClicks(widget, text)


def test_recording_each_consent_moves_the_case_and_shows_where_it_stands(
        qtbot, step_for, answers):
    step, holder = step_for()
    # the text, its version and language are shown before anyone agrees, in the person's
    # preferred language (French here) and in any other language chosen
    assert step.language.currentData() == "fr"
    shown = consent.text_for(step.ctx, Purpose.RETURN_DECISION, "fr")
    assert step.rows[0].text.text() == shown.body
    assert "Text version 1" in step.rows[0].version.text()
    step.language.setCurrentIndex(step.language.findData("en"))
    assert "decided myself to return" in step.rows[0].text.text()
    click(qtbot, step, "consent_return_decision_yes")
    click(qtbot, step, "consent_data_processing_yes")
    click(qtbot, step, "consent_share_with_recipient_0_yes")
    click(qtbot, step, "consent_share_health_data_no")
    # blocked: no recipient named, no teach-back
    assert not step.record_button.isEnabled()
    assert "Name the office" in step.blockers.text() and "teach-back" in step.blockers.text()
    type_into(qtbot, step, "consent_recipient_id_0", "IOM-GN-CKY")
    type_into(qtbot, step, "consent_recipient_name_0", "IOM Conakry")
    assert "IOM Conakry" in step.rows[2].title.text()
    click(qtbot, step, "consent_teach_back")
    assert not step.record_button.isEnabled()  # a check without a note is not enough
    type_into(qtbot, step, "consent_teach_back_note", "Goes home, can stop any time.")
    assert step.record_button.isEnabled() and not step.blockers.isVisible()
    click(qtbot, step, "consent_record")
    assert holder.case.status is CaseStatus.CONSENTED
    assert any("now “Consented”" in text for _, text in answers.shown)
    state = consent.load_state(step.ctx, holder.case.reference)
    assert state.allows(Purpose.SHARE_WITH_RECIPIENT, "IOM-GN-CKY")
    assert not state.allows(Purpose.SHARE_HEALTH_DATA, "IOM-GN-CKY")
    lines = [step.standing.item(i).text() for i in range(step.standing.count())]
    assert any("Sharing health data: Refused" in line for line in lines)
    assert "4 entries, intact" in step.integrity.text()
    assert step.summary() == "3 in force"


def test_a_minor_is_blocked_with_the_reason_until_a_guardian_is_entered(qtbot, step_for,
                                                                           answers):
    step, holder = step_for(minor())
    assert "minor" in step.capacity_reason.text()
    click(qtbot, step, "consent_data_processing_yes")
    click(qtbot, step, "consent_teach_back")
    type_into(qtbot, step, "consent_teach_back_note", "Explained with his mother.")
    assert not step.record_button.isEnabled()
    assert "cannot consent alone" in step.blockers.text()
    type_into(qtbot, step, "consent_guardian_name", "Mariama Sow")
    type_into(qtbot, step, "consent_guardian_relation", "mother")
    type_into(qtbot, step, "consent_guardian_contact", "+224 620 00 00 00")
    assert not step.record_button.isEnabled()
    type_into(qtbot, step, "consent_best_interests", "BID-2026-017")
    assert step.record_button.isEnabled()
    click(qtbot, step, "consent_record")
    assert consent.load_state(step.ctx, holder.case.reference).allows(Purpose.DATA_PROCESSING)


def test_withdrawing_asks_first_and_keeps_the_history(qtbot, step_for, answers,
                                                      monkeypatch):
    from counsel_app.ui import messages

    step, holder = step_for()
    consent.record_and_mark_consented(step.ctx, holder.case.reference, [
        consent.Choice(Purpose.RETURN_DECISION, True),
        consent.Choice(Purpose.DATA_PROCESSING, True)],
        circumstances())
    step.reload()
    holder.case = step.ctx.cases.get(holder.case.id)
    asked = []
    monkeypatch.setattr(messages, "ask", lambda parent, text, title=None: asked.append(text)
                        or False)
    click(qtbot, step, "consent_withdraw_all")
    assert asked and "never be held against them" in asked[0]
    assert consent.load_state(step.ctx, holder.case.reference).allows(Purpose.DATA_PROCESSING)
    monkeypatch.setattr(messages, "ask", lambda parent, text, title=None: True)
    type_into(qtbot, step, "consent_withdraw_reason", "wants more time")
    click(qtbot, step, "consent_withdraw_all")
    state = consent.load_state(step.ctx, holder.case.reference)
    assert not state.allows(Purpose.DATA_PROCESSING)
    assert holder.case.status is CaseStatus.COUNSELLING
    events, report = consent.events(step.ctx, holder.case.reference)
    assert report.ok and len(events) == 4
    assert not step.withdraw_all.isEnabled()


def test_print_says_plainly_when_no_renderer_exists(qtbot, step_for, answers, monkeypatch):
    from counsel_app.ui import consent_step

    step, holder = step_for()
    monkeypatch.setattr(consent_step, "form_renderer", lambda: None)
    click(qtbot, step, "consent_print")
    assert any("cannot print the consent form" in text for _, text in answers.shown)


def test_print_hands_the_form_data_to_the_renderer(qtbot, step_for, answers, monkeypatch,
                                                   tmp_path):
    from counsel_app.ui import consent_step

    rendered = []
    step, holder = step_for()
    monkeypatch.setattr(consent_step, "form_renderer",
                        lambda: lambda data, out: rendered.append((data, out)))
    target = tmp_path / "form.pdf"
    monkeypatch.setattr(consent_step.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    click(qtbot, step, "consent_print")
    assert rendered and rendered[0][1] == target
    assert rendered[0][0].reference == holder.case.reference


def test_an_administrator_writes_a_new_text_version_and_a_used_one_stays_frozen(
        qtbot, step_for, answers):
    from counsel_app.ui.consent_step import ConsentTextsDialog

    step, holder = step_for()
    assert step.texts_button.isVisibleTo(step)  # the test user is an administrator
    consent.record(step.ctx, holder.case.reference,
                   [consent.Choice(Purpose.DATA_PROCESSING, True)], circumstances())
    dialog = ConsentTextsDialog(step.ctx, "en", step)
    qtbot.addWidget(dialog)
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("data_processing"))
    assert dialog.versions.count() == 1 and "frozen" in dialog.versions.item(0).text()
    assert not dialog.correct.isEnabled()
    dialog.body.setPlainText("We keep your information locked. You can say no at any time.")
    qtbot.mouseClick(dialog.save_new, Qt.LeftButton)
    assert dialog.versions.count() == 2
    assert dialog.correct.isEnabled()  # the new version is not used yet
    assert consent.text_for(step.ctx, Purpose.DATA_PROCESSING, "en").version == 2
    dialog.body.setPlainText("")
    qtbot.mouseClick(dialog.save_new, Qt.LeftButton)
    assert dialog.problem.isVisibleTo(dialog) and "Enter the consent text" in dialog.problem.text()


def test_recording_tells_the_wizard_the_case_changed(qtbot, step_for, answers):
    """The wizard's header shows the new status right after consenting."""
    step, holder = step_for()
    calls = []
    step.services.extras["case_replaced"] = lambda: calls.append(holder.case.status)
    click(qtbot, step, "consent_return_decision_yes")
    click(qtbot, step, "consent_data_processing_yes")
    click(qtbot, step, "consent_teach_back")
    type_into(qtbot, step, "consent_teach_back_note", "Goes home, can stop any time.")
    click(qtbot, step, "consent_record")
    assert calls and calls[-1] is CaseStatus.CONSENTED
