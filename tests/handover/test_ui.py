"""The handover step and the keys dialog as a counsellor uses them (pytest-qt, offscreen)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QLabel, QListWidget

from counsel_app.consent.purposes import Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances
from counsel_app.consent.service import record
from counsel_app.domain.case import utcnow
from counsel_app.domain.enums import CaseStatus
from tests.handover.helpers import consented_case, make_station, pair
from tests.ui.conftest import _sync_tasks, answers  # noqa: F401  (fixtures)


def click(qtbot, widget, name):
    button = widget.findChild(QAbstractButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.LeftButton)


def text_of(widget, name) -> str:
    label = widget.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def make_step(qtbot, ctx, case):
    from counsel_app.ui.handover_step import HandoverStep
    from counsel_app.ui.session_steps import StepServices

    holder = SimpleNamespace(ctx=ctx, case=case, record=None, store=None)
    step = HandoverStep(StepServices(ctx, holder, changed=lambda part: None,
                                     save_now=lambda: None))
    qtbot.addWidget(step)
    step.show()
    return step, holder


def test_step_previews_and_seals_only_what_consent_allows(qtbot, tmp_path, monkeypatch,
                                                          answers):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    record(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office"),
        Choice(Purpose.SHARE_HEALTH_DATA, False)],
        Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                      at=utcnow(), teach_back_done=True, teach_back_note="explained"))
    step, holder = make_step(qtbot, sender.ctx, sender.ctx.cases.get(case.id))
    preview = text_of(step, "handover_preview")
    sent, withheld = preview.split("Will not be sent:")
    assert "Reintegration plan" in sent and "Health data" in withheld
    out = tmp_path / "package.cahp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, step, "handover_seal")
    assert out.exists()
    assert holder.case.status is CaseStatus.HANDED_OVER
    assert any("is saved in" in text for _title, text in answers.shown)
    history = step.findChild(QListWidget, "handover_history")
    assert history.count() == 1 and "Handover sent" in history.item(0).text()


def test_step_says_why_it_cannot_seal(qtbot, tmp_path):
    lonely = make_station(tmp_path, "Lonely office")
    case = consented_case(lonely)
    step, _holder = make_step(qtbot, lonely.ctx, case)
    assert "No office is trusted yet" in text_of(step, "handover_error")
    assert not step.findChild(QAbstractButton, "handover_seal").isEnabled()


def test_step_without_sharing_consent_names_the_missing_consent(qtbot, tmp_path):
    sender, _office = pair(tmp_path)
    case = consented_case(sender)
    step, _holder = make_step(qtbot, sender.ctx, case)
    assert "consent" in text_of(step, "handover_error").lower()
    assert not step.findChild(QAbstractButton, "handover_seal").isEnabled()


@pytest.mark.parametrize("typed_ok", [True, False])
def test_keys_dialog_imports_only_with_the_fingerprint_read_by_phone(qtbot, tmp_path,
                                                                     monkeypatch, typed_ok):
    from counsel_app.ui.handover_step import KeysDialog, VerifyKeyDialog

    mine = make_station(tmp_path, "Tunis office")
    other = make_station(tmp_path, "Bamako office")
    path = tmp_path / "bamako.json"
    other.keys.export_bundle(path)
    fp = other.keys.station().fingerprint
    typed = fp.upper() if typed_ok else "1234" * 8

    def fake_exec(dialog):
        assert fp[:4].upper() in dialog.findChild(QLabel, "verify_fingerprint_file").text()
        dialog.fingerprint.setText(typed)
        return QDialog.Accepted

    monkeypatch.setattr(VerifyKeyDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    dialog = KeysDialog(mine.ctx)
    qtbot.addWidget(dialog)
    assert "Tunis office" in text_of(dialog, "keys_own")
    assert not dialog.findChild(QLabel, "keys_qr").pixmap().isNull()
    click(qtbot, dialog, "keys_import")
    trusted = dialog.findChild(QListWidget, "keys_trusted")
    if typed_ok:
        assert trusted.count() == 1 and "Bamako office" in trusted.item(0).text()
    else:
        assert trusted.count() == 0
        assert "does not match" in text_of(dialog, "keys_error")
