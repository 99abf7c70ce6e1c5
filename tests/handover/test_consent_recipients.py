"""The consent step offers the offices this station trusts as recipients of consent (3),
with the key fingerprint as recipient id, so that the handover finds the consent."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QAbstractButton, QComboBox, QWidget

from counsel_app import consent
from counsel_app.consent import Purpose
from tests.consent.helpers import make_case
from tests.handover.helpers import introduce, make_station, pair
from tests.ui.conftest import _sync_tasks, answers  # noqa: F401  (fixtures)


def click(qtbot, step, name):
    widget = step.findChild(QAbstractButton, name)
    assert widget is not None, name
    widget.click()  # as a click (or Space) does, also on a box not laid out yet


def make_step(qtbot, ctx, monkeypatch):
    from counsel_app.ui.consent_step import ConsentStep
    from counsel_app.ui.session_steps import StepServices

    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [])
    case = make_case(ctx)
    holder = SimpleNamespace(ctx=ctx, case=case, record=None, store=None)
    step = ConsentStep(StepServices(ctx, holder, changed=lambda part: None,
                                    save_now=lambda: None))
    qtbot.addWidget(step)
    step.show()
    step.reload()
    return step, holder


def test_trusted_office_is_offered_and_recorded_by_fingerprint(qtbot, tmp_path, monkeypatch,
                                                              answers):
    sender, office = pair(tmp_path)
    old = make_station(tmp_path, "Old Bamako office")
    introduce(sender, old)
    sender.keys.revoke(old.keys.station().fingerprint)  # revoked: never offered
    fp = office.keys.station().fingerprint
    step, holder = make_step(qtbot, sender.ctx, monkeypatch)

    combo = step.findChild(QComboBox, "consent_recipient_office_0")
    assert combo is not None and combo.isEnabled()
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert len(labels) == 3 and "Conakry reintegration office" in labels[1]
    assert labels[2] == "the office in Guinea (key to follow)"
    assert fp[:4].upper() in labels[1]  # the fingerprint to compare by phone
    assert not any("Bamako" in text for text in labels)

    combo.setCurrentIndex(combo.findData(fp))
    row = step.rows[2]
    assert row.recipient_id.text() == fp and row.recipient_id.isReadOnly()
    assert row.recipient_name.text() == "Conakry reintegration office"
    assert "Conakry reintegration office" in row.title.text()

    # a second recipient is still typed by hand
    click(qtbot, step, "consent_add_recipient")
    typed = step.findChild(QComboBox, "consent_recipient_office_1")
    assert typed.currentData() is None
    qtbot.keyClicks(step.findChild(QWidget, "consent_recipient_id_1"), "NGO-GN-42")
    qtbot.keyClicks(step.findChild(QWidget, "consent_recipient_name_1"), "Partner NGO")

    for name in ("consent_return_decision_yes", "consent_data_processing_yes",
                 "consent_share_with_recipient_0_yes", "consent_share_with_recipient_1_yes",
                 "consent_teach_back"):
        click(qtbot, step, name)
    qtbot.keyClicks(step.findChild(QWidget, "consent_teach_back_note"), "Understood.")
    assert step.record_button.isEnabled(), step.blockers.text()
    click(qtbot, step, "consent_record")

    state = consent.load_state(sender.ctx, holder.case.reference)
    assert state.allows(Purpose.SHARE_WITH_RECIPIENT, fp)
    assert state.allows(Purpose.SHARE_WITH_RECIPIENT, "NGO-GN-42")
    assert state.recipient_names[fp] == "Conakry reintegration office"


def test_going_back_to_typing_clears_the_office_and_unlocks_the_fields(qtbot, tmp_path,
                                                                       monkeypatch):
    sender, office = pair(tmp_path)
    fp = office.keys.station().fingerprint
    step, _holder = make_step(qtbot, sender.ctx, monkeypatch)
    combo = step.findChild(QComboBox, "consent_recipient_office_0")
    combo.setCurrentIndex(combo.findData(fp))
    combo.setCurrentIndex(0)
    row = step.rows[2]
    assert row.recipient_id.text() == "" and not row.recipient_id.isReadOnly()
    assert not row.recipient_name.isReadOnly()


def test_without_trusted_keys_the_step_says_so_and_typing_works(qtbot, tmp_path, monkeypatch):
    lone = make_station(tmp_path, "Tunis counselling office")
    step, _holder = make_step(qtbot, lone.ctx, monkeypatch)
    combo = step.findChild(QComboBox, "consent_recipient_office_0")
    assert "No trusted office key" in combo.itemText(0)
    assert [combo.itemText(i) for i in range(1, combo.count())] == [
        "the office in Guinea (key to follow)"]
    qtbot.keyClicks(step.findChild(QWidget, "consent_recipient_id_0"), "IOM-GN-CKY")
    assert step.rows[2].recipient_id.text() == "IOM-GN-CKY"


def test_consent_before_the_key_then_the_key_without_asking_again(qtbot, tmp_path,
                                                                  monkeypatch, answers):
    """Issue 22: the office in the country of return is consented to before its key is
    trusted; the answers stay shown as recorded, with no error; importing the key later
    shows it on the step and the handover goes through without asking the person again."""
    from counsel_app.consent.rules import office_in

    sender = make_station(tmp_path, "Tunis counselling office")
    office = make_station(tmp_path, "Conakry reintegration office")  # its key: not yet
    step, holder = make_step(qtbot, sender.ctx, monkeypatch)
    # a note before anything is done, not an error (in the text colour, not red)
    blockers = step.blockers
    assert blockers.palette().color(blockers.foregroundRole()) == step.palette().color(
        step.foregroundRole())
    combo = step.findChild(QComboBox, "consent_recipient_office_0")
    combo.setCurrentIndex(combo.findData(office_in("GN")))
    for name in ("consent_return_decision_yes", "consent_data_processing_yes",
                 "consent_share_with_recipient_0_yes", "consent_teach_back"):
        click(qtbot, step, name)
    qtbot.keyClicks(step.findChild(QWidget, "consent_teach_back_note"), "Understood.")
    # unrecorded answers: leaving asks first (answered "No" here: the user stays)
    assert step.leaving() is False
    assert "not recorded yet" in answers.shown[-1][1]
    click(qtbot, step, "consent_record")
    # shown as recorded; nothing left to record is a note, not a red error; leaving is free
    assert step.findChild(QAbstractButton, "consent_share_with_recipient_0_yes").isChecked()
    assert step.findChild(QAbstractButton, "consent_return_decision_yes").isChecked()
    assert not step.record_button.isEnabled()
    assert "ones recorded" in blockers.text()
    assert blockers.palette().color(blockers.foregroundRole()) == step.palette().color(
        step.foregroundRole())
    assert step.leaving()
    state = consent.load_state(sender.ctx, holder.case.reference)
    assert "the office in Guinea" in state.describe(Purpose.SHARE_WITH_RECIPIENT,
                                                     office_in("GN"))
    # the key arrives later: the step offers it when shown again
    introduce(sender, office)
    step.entered()
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert any("Conakry reintegration office" in text for text in labels)
    assert combo.currentData() == office_in("GN")  # what the person agreed to stays
