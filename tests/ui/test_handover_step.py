"""The handover step and the keys dialog as a counsellor uses them (pytest-qt, offscreen)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
)

from counsel_app.consent.purposes import Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances
from counsel_app.consent.service import record
from counsel_app.documents.bidi import isolate
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
    lang = step.findChild(QComboBox, "handover_receipt_lang")
    assert lang.currentData() == "en"
    lang.setCurrentIndex(lang.findData("fr"))
    # nothing sent yet: the list says so (it was an empty white box), and that line is
    # not a package one can select
    history = step.findChild(QListWidget, "handover_history")
    assert history.count() == 1
    assert history.item(0).text() == "No package sealed or received for this case yet."
    assert not history.item(0).flags() & Qt.ItemIsSelectable
    click(qtbot, step, "handover_seal")
    assert out.exists()
    printed = tmp_path / "package.cahp.receipt.pdf"
    assert b"/Lang (fr)" in printed.read_bytes()  # printed in the language chosen
    assert any("package.cahp.receipt.pdf" in text for _title, text in answers.shown)
    assert holder.case.status is CaseStatus.HANDED_OVER
    assert any("is saved in" in text for _title, text in answers.shown)
    assert history.count() == 1 and "Handover sent" in history.item(0).text()
    # when, as every other date on screen ("Dec 6, 2026 5:02 AM"), not 2026-12-06 05:02
    from counsel_app.i18n.dates import show_date

    assert history.item(0).text().startswith(show_date(utcnow().date(), "en")), \
        history.item(0).text()


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


def test_followup_dialog_records_arrival_visit_actions_and_closure(qtbot, tmp_path,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QComboBox, QSpinBox

    from counsel_app.handover.package import export_handover, import_package
    from counsel_app.ui import messages
    from counsel_app.ui.handover_followup import FollowupDialog
    from tests.handover.helpers import BASELINE, PLAN_ACTIONS, consents, sources_for

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)))
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    dialog = FollowupDialog(office.ctx, local)
    qtbot.addWidget(dialog)
    assert "baseline" in text_of(dialog, "followup_overview")

    click(qtbot, dialog, "followup_record_visit")
    assert "at least one score" in text_of(dialog, "followup_error")
    dialog.findChild(QSpinBox, "followup_score_food").setValue(3)
    click(qtbot, dialog, "followup_record_visit")  # before arrival: refused, said plainly
    assert "arrival" in text_of(dialog, "followup_error")
    dialog.reception.setChecked(True)
    click(qtbot, dialog, "followup_record_arrival")
    assert "Arrived" in text_of(dialog, "followup_overview")
    for key, value in BASELINE.items():
        spin = dialog.findChild(QSpinBox, f"followup_score_{key}")
        spin.setValue(min(5, value + 1))
    click(qtbot, dialog, "followup_record_visit")
    overview = text_of(dialog, "followup_overview")
    assert "Change since the baseline" in overview and "Overall +" in overview
    # the form is cleared once recorded: a second click records nothing
    assert all(spin.value() == 0 for spin in dialog.scores.values())
    click(qtbot, dialog, "followup_record_visit")
    assert "at least one score" in text_of(dialog, "followup_error")
    from counsel_app.followup.service import FollowupService as _Service

    assert len(_Service(office.ctx).summary(local).visits) == 1
    assert office.ctx.cases.get_by_reference(local).status is CaseStatus.FOLLOW_UP

    combos = [c for c in dialog.findChildren(QComboBox)
              if c.objectName().startswith("followup_action_")]
    assert [c.accessibleName() for c in combos] == PLAN_ACTIONS
    combos[0].setCurrentIndex(combos[0].findData("done"))
    from counsel_app.followup.service import FollowupService

    assert FollowupService(office.ctx).summary(local).actions[0].status == "done"

    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    click(qtbot, dialog, "followup_close")
    assert office.ctx.cases.get_by_reference(local).status is CaseStatus.CLOSED


def _followup_dialog(qtbot, tmp_path):
    """The follow-up dialog of a case received by the office, shown and active (a date
    field has the keyboard only in an active window)."""
    from counsel_app.ui.handover_followup import FollowupDialog
    from tests.handover.helpers import handed_over

    _sender, office, _case, local = handed_over(tmp_path)
    dialog = FollowupDialog(office.ctx, local)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    with qtbot.waitActive(dialog):
        pass
    return office, local, dialog


def _a_recent_day():
    """Three days ago ("Dec 3, 2026" on 6 December), in the year the case was opened."""
    from datetime import date, timedelta

    today = date.today()
    return max(today - timedelta(days=3), date(today.year, 1, 1))


def test_followup_dates_are_typed_and_shown_in_the_medium_form(qtbot, tmp_path):
    from datetime import date

    from PySide6.QtWidgets import QSpinBox

    from counsel_app.followup.service import FollowupService
    from tests.ui.keyboard import type_date

    office, local, dialog = _followup_dialog(qtbot, tmp_path)
    service = FollowupService(office.ctx)
    today, day = date.today(), _a_recent_day()
    typed = f"{day:%b} {day.day}, {day.year}"  # "Dec 3, 2026"
    for field in (dialog.arrival_date, dialog.visit_date):  # today, not 2026-12-06
        assert field.edit.text() == f"{today:%b} {today.day}, {today.year}"

    # a text that is not a date: the field says so under it, nothing is recorded
    type_date(qtbot, dialog.arrival_date, "3 Decembre 2026")
    click(qtbot, dialog, "followup_record_arrival")
    assert dialog.arrival_date.error().startswith(
        f"“{isolate('3 Decembre 2026')}” is not a date: type it as ")
    assert dialog.arrival_date.message.isVisible()
    assert service.summary(local).arrival_date is None
    type_date(qtbot, dialog.arrival_date, "")
    click(qtbot, dialog, "followup_record_arrival")
    assert dialog.arrival_date.error() == "A date is needed here."
    assert service.summary(local).arrival_date is None

    type_date(qtbot, dialog.arrival_date, typed)
    assert dialog.arrival_date.error() == ""
    assert dialog.arrival_date.edit.text() == typed
    click(qtbot, dialog, "followup_record_arrival")
    assert service.summary(local).arrival_date == day
    assert dialog.arrival_date.edit.text() == typed  # shown again as recorded
    assert f"Arrived {typed}; reception not done." in text_of(dialog, "followup_overview")

    dialog.findChild(QSpinBox, "followup_score_food").setValue(3)
    type_date(qtbot, dialog.visit_date, "yesterday")
    click(qtbot, dialog, "followup_record_visit")
    assert dialog.visit_date.error().startswith(f"“{isolate('yesterday')}” is not a date")
    assert service.summary(local).visits == []
    type_date(qtbot, dialog.visit_date, day.isoformat())
    assert dialog.visit_date.edit.text() == typed
    click(qtbot, dialog, "followup_record_visit")
    [visit] = service.summary(local).visits
    assert visit.visit_date == day


def test_in_arabic_the_followup_dates_are_typed_with_the_month_by_name(qtbot, tmp_path,
                                                                       arabic):
    from counsel_app.followup.service import FollowupService
    from counsel_app.i18n.dates import show_date
    from tests.ui.keyboard import type_date

    office, local, dialog = _followup_dialog(qtbot, tmp_path)
    day = _a_recent_day()
    typed = show_date(day, "ar").translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    type_date(qtbot, dialog.arrival_date, typed)  # "٣ ديسمبر ٢٠٢٦", the language's digits
    assert dialog.arrival_date.edit.text() == show_date(day, "ar")  # "3 ديسمبر 2026"
    click(qtbot, dialog, "followup_record_arrival")
    assert FollowupService(office.ctx).summary(local).arrival_date == day
    type_date(qtbot, dialog.arrival_date, "3 Decembre 2026")
    assert "3 Decembre 2026" in dialog.arrival_date.error()  # said in Arabic
    click(qtbot, dialog, "followup_record_arrival")
    assert FollowupService(office.ctx).summary(local).arrival_date == day


def test_import_package_from_the_file_menu(qtbot, tmp_path, monkeypatch, answers):
    from counsel_app.handover.package import export_handover
    from counsel_app.ui.actions import ACTIONS
    from counsel_app.ui.handover_followup import import_package_dialog
    from tests.handover.helpers import NAME, consents, sources_for

    assert "file.import_package" in ACTIONS and "case.followup" in ACTIONS
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    package = tmp_path / "p.cahp"
    export_handover(sender.ctx, case.reference, fp, package, sources=sources_for(consents(fp)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    import_package_dialog(None, office.ctx)
    assert "Imported case" in answers.shown[-1][1]
    assert office.ctx.cases.list()[0].name == NAME
    import_package_dialog(None, office.ctx)  # the same package again: refused, said plainly
    assert "already imported" in answers.shown[-1][1]
    assert len(office.ctx.cases.list()) == 1


def test_imported_package_names_the_shared_categories_as_arabic_lists_them(
        qtbot, tmp_path, monkeypatch, answers, arabic):
    """The categories shared with the office, after the Arabic comma, each an isolate (an
    ASCII "; " between them before)."""
    from counsel_app.handover import package as packages
    from counsel_app.handover.receipt import category_label
    from counsel_app.i18n import _
    from counsel_app.ui.handover_followup import import_package_dialog
    from tests.handover.helpers import consents, sources_for

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    package = tmp_path / "p.cahp"
    packages.export_handover(sender.ctx, case.reference, fp, package,
                             sources=sources_for(consents(fp)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    results = []
    real_import = packages.import_package
    monkeypatch.setattr(packages, "import_package",
                        lambda *a, **k: results.append(real_import(*a, **k)) or results[-1])
    import_package_dialog(None, office.ctx)
    [result] = results
    labels = [category_label(k) for k in result.shared]
    assert len(labels) >= 2 and all(labels)
    text = answers.shown[-1][1]
    line = [row for row in text.splitlines() if labels[0] in row][0]
    assert "; " not in line, line
    # "الخطة، السفر": the Arabic comma, each category isolated
    assert "\u060c ".join(isolate(label) for label in labels) in line, line
    assert line.startswith(_("Shared with this office: {items}").split("{items}")[0]), line


def test_history_names_the_day_of_a_withdrawal_at_the_office_as_the_screens_do(qtbot,
                                                                             tmp_path):
    """The sender's history line of an acknowledgement that reports a consent withdrawn at
    the office gives that day in the medium form ("Dec 6, 2026"), not ISO."""
    from datetime import date

    from counsel_app.followup import office as office_rules
    from counsel_app.handover.ack import export_ack
    from counsel_app.handover.package import import_package
    from counsel_app.i18n.dates import show_date
    from tests.handover.helpers import handed_over

    sender, office, case, local = handed_over(tmp_path, contact=True)
    office_rules.withdraw_consent(office.ctx, local, "follow_up_contact")
    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    step, _holder = make_step(qtbot, sender.ctx, sender.ctx.cases.get(case.id))
    history = step.findChild(QListWidget, "handover_history")
    texts = "\n".join(history.item(i).text() for i in range(history.count()))
    assert "Consent withdrawn at the office on " + show_date(date.today(), "en") in texts, texts
    assert date.today().isoformat() not in texts, texts
