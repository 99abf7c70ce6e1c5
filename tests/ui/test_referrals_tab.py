"""The plan's Referrals followed tab, driven as a counsellor does: choose a partner from the
directory, add the referral, record its steps; a refused step is one sentence."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from counsel_app.documents.bidi import isolate
from counsel_app.domain.case import Case, Person
from counsel_app.partners.referrals import ReferralService
from counsel_app.partners.service import PartnerDirectory
from tests.ui.keyboard import type_date


def click(qtbot, widget):
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.LeftButton)
    QApplication.processEvents()


def _window(qtbot, app_ctx):
    from counsel_app.ui.main_window import MainWindow

    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Test", languages=["fr"]),
                                     return_country="ML", return_region="ML-BKO"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # offscreen: active, or no field has the keyboard
    with qtbot.waitActive(window):
        pass
    window.open_case(case.id)
    return case, window


def test_refer_to_a_partner_and_follow_it(qtbot, app_ctx, answers, monkeypatch):
    PartnerDirectory(app_ctx.db).import_sample_set()
    case, window = _window(qtbot, app_ctx)
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
        assert dialog.list.count() == 1
        assert dialog.state.text() == "1 partner found."  # not "1 partners"
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
    type_date(qtbot, panel.on, "2026-12-01")
    click(qtbot, panel.record)
    assert panel.table.item(0, 2).text() == "sent"
    assert panel.table.item(0, 3).text() == "sent Dec 1, 2026"
    # accepted, then a date before it is refused in one sentence
    panel.table.selectRow(0)
    assert [panel.next_state.itemText(i) for i in range(panel.next_state.count())] == [
        "accepted", "rejected"]
    type_date(qtbot, panel.on, "Dec 2, 2026")
    click(qtbot, panel.record)
    panel.table.selectRow(0)
    assert panel.next_state.currentText() == "done"
    type_date(qtbot, panel.on, "11/30/2026")
    click(qtbot, panel.record)
    assert "The date Nov 30, 2026 is before the referral's previous step (Dec 2, 2026)" in panel.error.text()
    type_date(qtbot, panel.on, dt.date.today().isoformat())
    panel.outcome.setCurrentIndex(panel.outcome.findData("received"))
    qtbot.keyClicks(panel.note, "finished")
    click(qtbot, panel.record)
    assert not panel.error.isVisible()
    assert panel.table.item(0, 4).text() == "service received"
    [stored] = ReferralService(app_ctx).list(case)
    assert (stored.state, stored.outcome, stored.note) == ("done", "received", "finished")


def _planned(qtbot, app_ctx):
    """The Referrals followed tab of a case with one planned referral, selected."""
    PartnerDirectory(app_ctx.db).import_sample_set()
    case, window = _window(qtbot, app_ctx)
    [partner, *_] = PartnerDirectory(app_ctx.db).search(country="ML")
    ReferralService(app_ctx).add(case, partner, "job placement")
    window.wizard.go_to("plan")
    plan = window.wizard.widgets["plan"]
    panel = plan.referrals_followed
    plan.tabs.setCurrentWidget(panel)
    panel.refresh()
    cell = panel.table.visualItemRect(panel.table.item(0, 1)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=cell)
    assert panel.next_state.currentData() == "sent"
    return case, panel


def test_the_step_date_is_shown_and_typed_in_the_medium_form(qtbot, app_ctx, answers):
    case, panel = _planned(qtbot, app_ctx)
    today = dt.date.today()
    assert panel.on.edit.text() == f"{today:%b} {today.day}, {today.year}"  # not 2026-12-06
    type_date(qtbot, panel.on, "3 Decembre 2025")  # not understood: nothing recorded
    click(qtbot, panel.record)
    assert panel.on.error().startswith(
        f"“{isolate('3 Decembre 2025')}” is not a date: type it as ")
    assert panel.on.message.isVisible()
    type_date(qtbot, panel.on, "")  # no date: not today without a word
    click(qtbot, panel.record)
    assert panel.on.error() == "A date is needed here."
    assert ReferralService(app_ctx).list(case)[0].state == "planned"
    type_date(qtbot, panel.on, "Dec 3, 2025")
    assert panel.on.error() == ""
    assert panel.on.edit.text() == "Dec 3, 2025"
    click(qtbot, panel.record)
    assert not panel.error.isVisible()
    [stored] = ReferralService(app_ctx).list(case)
    assert (stored.state, stored.sent_on) == ("sent", "2025-12-03")


def test_in_arabic_the_step_date_is_typed_with_the_month_by_name(qtbot, app_ctx, answers,
                                                                 arabic):
    from counsel_app.i18n.dates import show_date

    case, panel = _planned(qtbot, app_ctx)
    assert panel.on.edit.text() == show_date(dt.date.today(), "ar")  # "6 ديسمبر 2026"
    type_date(qtbot, panel.on, "٣ ديسمبر ٢٠٢٥")  # the language's own digits
    assert panel.on.edit.text() == "3 ديسمبر 2025"
    click(qtbot, panel.record)
    [stored] = ReferralService(app_ctx).list(case)
    assert (stored.state, stored.sent_on) == ("sent", "2025-12-03")
    assert panel.table.item(0, 3).text() == "مُرسلة 3 ديسمبر 2025"
