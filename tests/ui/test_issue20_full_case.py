"""Issue 20 end to end on screen: the counsellor fills the skills profile, sees ranked and
explained suggestions, refers the person to a partner from the plan; the office records the
outcome after arrival; its acknowledgement brings it back to the counsellor's plan tab."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from counsel_app.consent.purposes import Purpose
from counsel_app.followup.service import FollowupService
from counsel_app.handover.ack import export_ack
from counsel_app.handover.package import export_handover, import_package
from counsel_app.opportunities.service import OpportunityCatalogue, clear_cache
from counsel_app.partners.referrals import ReferralService
from counsel_app.partners.service import PartnerDirectory
from tests.handover.helpers import consented_case, consents, event, pair, sources_for


def click(qtbot, widget):
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.LeftButton)
    QApplication.processEvents()


def test_skills_to_suggestions_to_referral_outcome_back(qtbot, tmp_path, answers,
                                                        monkeypatch):
    from counsel_app.ui.main_window import MainWindow
    from counsel_app.ui.partner_search import PartnerSearchDialog

    sender, office = pair(tmp_path)
    case = consented_case(sender)  # Guinea
    OpportunityCatalogue(sender.ctx.db).import_sample_set()
    PartnerDirectory(sender.ctx.db).import_sample_set()
    clear_cache()
    window = MainWindow(sender.ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    wizard = window.wizard

    # the skills profile, as the counsellor types it
    wizard.go_to("assessment")
    form = wizard.widgets["assessment"].profile
    qtbot.keyClicks(form.isco_search, "soudeur")
    qtbot.keyClick(form.isco_search, Qt.Key_Return)
    isco, title, years, _where = form.occupations.rows[0][:4]
    assert isco.text() == "7212"
    years.setFocus()
    years.selectAll()
    qtbot.keyClicks(years, "5")
    click(qtbot, form.save_button)
    assert form.state.text() == "Saved.", form.error.text()

    # ranked and explained suggestions
    wizard.go_to("opportunities")
    step = wizard.widgets["opportunities"]
    qtbot.waitUntil(lambda: step.list.count() > 0, timeout=10000)
    first = step.list.item(0).text()
    assert first.startswith("Welding and metalwork course"), first
    assert "matches previous occupation: soudeur" in first
    assert "5 years of experience in this trade" in first

    # a referral in the plan, to a partner found in the directory
    wizard.go_to("plan")
    panel = wizard.widgets["plan"].referrals_followed

    def pick(dialog):
        qtbot.keyClicks(dialog.text, "returnee support")
        dialog.list.setCurrentRow(0)
        return QDialog.Accepted

    monkeypatch.setattr(PartnerSearchDialog, "exec", pick)
    click(qtbot, panel.choose)
    panel.service_edit.selectAll()
    qtbot.keyClicks(panel.service_edit, "family mediation")
    click(qtbot, panel.add)
    panel.table.selectRow(0)
    click(qtbot, panel.record)  # sent, today
    assert panel.table.item(0, 2).text() == "sent"

    # handed over; the office records the outcome after arrival and acknowledges
    fp = office.keys.station().fingerprint
    # the case has a trafficking flag: its referrals travel with consent (7) for this office
    seven = event(7, Purpose.SHARE_CONFIDENTIAL, recipient=fp)
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp) + [seven]), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=2), True)
    at_office = office.ctx.cases.get_by_reference(local)
    ReferralService(office.ctx).move(at_office, "1", "accepted")
    ReferralService(office.ctx).move(at_office, "1", "done", outcome="received")
    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")

    # back on the counsellor's screen
    panel.refresh()
    assert panel.table.item(0, 2).text() == "done"
    assert panel.table.item(0, 4).text() == "service received"
