"""The office workspace shows the plan's tracked referrals the handover carried (partner,
service, state, dates) and the caseworker moves them after arrival; the questionnaire
numbers them as the list does."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counsel_app.consent.purposes import Purpose
from counsel_app.followup.prints import sheet_data
from counsel_app.followup.service import FollowupService
from counsel_app.handover.package import export_handover, import_package
from counsel_app.partners.referrals import ReferralService
from counsel_app.partners.service import PartnerDirectory
from tests.handover.helpers import consented_case, consents, event, pair, sources_for


def click(qtbot, widget):
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.LeftButton)
    QApplication.processEvents()


def test_referrals_in_the_office_workspace(qtbot, tmp_path):
    from counsel_app.ui.office.case_view import OfficeCaseView

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    directory = PartnerDirectory(sender.ctx.db)
    directory.import_sample_set()
    partner = directory.search(country=case.return_country, text="returnee support")[0]
    referrals = ReferralService(sender.ctx)
    referrals.add(case, partner, "family mediation")
    referrals.move(case, "1", "sent")
    fp = office.keys.station().fingerprint
    # the case has a trafficking flag: its referrals travel with consent (7) for this office
    seven = event(7, Purpose.SHARE_CONFIDENTIAL, recipient=fp)
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp) + [seven]), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=5), True)

    view = OfficeCaseView(office.ctx, local)
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentWidget(view.referrals)
    assert view.tabs.tabText(view.tabs.currentIndex()) == "Referrals"
    panel = view.referrals
    assert panel.table.rowCount() == 1
    assert partner.name in panel.table.item(0, 0).text()
    assert panel.table.item(0, 1).text() == "family mediation"
    assert panel.table.item(0, 2).text() == "sent"
    assert "sent " in panel.table.item(0, 3).text()

    panel.table.selectRow(0)
    panel.next_state.setCurrentIndex(panel.next_state.findData("accepted"))
    click(qtbot, panel.record)
    assert not panel.error.isVisible(), panel.error.text()
    assert panel.table.item(0, 2).text() == "accepted"
    at_office = office.ctx.cases.get_by_reference(local)
    assert ReferralService(office.ctx).list(at_office)[0].state == "accepted"
    sheet = sheet_data(office.ctx, local)
    assert [(r.number, r.service, r.state) for r in sheet.referrals] == [
        (1, "family mediation", "accepted")]
