"""The plan's Referrals followed tab, driven as a counsellor does: choose a partner from the
directory, add the referral, record its steps; a refused step is one sentence."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog

from counsel_app.domain.case import Case, Person
from counsel_app.partners.referrals import ReferralService
from counsel_app.partners.service import PartnerDirectory


def click(qtbot, widget):
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.LeftButton)
    QApplication.processEvents()


def test_refer_to_a_partner_and_follow_it(qtbot, app_ctx, answers, monkeypatch):
    from counsel_app.ui.main_window import MainWindow

    PartnerDirectory(app_ctx.db).import_sample_set()
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Test", languages=["fr"]),
                                     return_country="ML", return_region="ML-BKO"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("plan")
    plan = window.wizard.widgets["plan"]
    panel = plan.referrals_followed
    index = plan.tabs.indexOf(panel)
    assert plan.tabs.tabText(index) == "Referrals followed"
    plan.tabs.setCurrentIndex(index)

    click(qtbot, panel.add)  # no partner yet: one sentence
    assert panel.error.isVisible() and panel.error.text() == "Choose a partner first."

    from counsel_app.ui.partner_search import PartnerSearchDialog

    seen = []

    def pick(dialog):  # the counsellor searches the directory and picks one
        seen.append(dialog.list.count())  # Bamako's partners and Mali-wide ones
        qtbot.keyClicks(dialog.text, "tailor")
        dialog.list.setCurrentRow(0)
        assert dialog.ok.isEnabled()
        return QDialog.Accepted

    monkeypatch.setattr(PartnerSearchDialog, "exec", pick)
    click(qtbot, panel.choose)
    assert seen == [2]
    assert "Tailors' Workshop" in panel.partner_label.text()
    assert panel.service_edit.text() == "job placement"  # the partner's first service
    panel.service_edit.selectAll()
    qtbot.keyClicks(panel.service_edit, "apprenticeship in tailoring")
    click(qtbot, panel.add)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 2).text() == "planned"
    assert "[SAMPLE]" in panel.table.item(0, 0).text()

    panel.table.selectRow(0)
    assert panel.next_state.currentText() == "sent"
    panel.on.setDate(QDate(2026, 12, 1))
    click(qtbot, panel.record)
    assert panel.table.item(0, 2).text() == "sent"
    assert panel.table.item(0, 3).text() == "sent 2026-12-01"
    # accepted, then a date before it is refused in one sentence
    panel.table.selectRow(0)
    assert [panel.next_state.itemText(i) for i in range(panel.next_state.count())] == [
        "accepted", "rejected"]
    panel.on.setDate(QDate(2026, 12, 2))
    click(qtbot, panel.record)
    panel.table.selectRow(0)
    assert panel.next_state.currentText() == "done"
    panel.on.setDate(QDate(2026, 11, 30))
    click(qtbot, panel.record)
    assert "is before the referral's previous step (2026-12-02)" in panel.error.text()
    panel.on.setDate(QDate.currentDate())
    panel.outcome.setCurrentIndex(panel.outcome.findData("received"))
    qtbot.keyClicks(panel.note, "finished")
    click(qtbot, panel.record)
    assert not panel.error.isVisible()
    assert panel.table.item(0, 4).text() == "service received"
    [stored] = ReferralService(app_ctx).list(case)
    assert (stored.state, stored.outcome, stored.note) == ("done", "received", "finished")
