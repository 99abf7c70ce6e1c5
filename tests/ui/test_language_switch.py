"""The interface language changes at once from the Settings dialog, without a restart:
what was typed is saved, the menus, the case list, the open case (at the same step) and
the office workspace (on screen or reopened later) come back in the new language and
direction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
)

from counsel_app.domain.case import Case, Person
from counsel_app.handover.package import import_package
from counsel_app.i18n import interface_language, translator
from counsel_app.i18n.dates import show_date
from counsel_app.ui.i18n_qt import apply_interface_language

from .test_office_workspace import stations  # noqa: F401 - a fixture
from .test_office_workspace import type_date
from .test_session_flow import _window


def _menus(window):
    return [m.title().replace("&", "") for m in window.menuBar().findChildren(QMenu)
            if m.objectName().startswith("menu_")]


def test_switching_to_arabic_keeps_the_case_open_at_its_step(qtbot, app_ctx, answers, tmp_path):
    from counsel_app.settings import Preferences
    from counsel_app.ui.settings_dialog import SettingsDialog

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.open_case(case.id)
    window.wizard.go_to("screening")
    intake_town = window.wizard.widgets["intake"].town
    qtbot.keyClicks(intake_town, "Kindia")  # typed, not yet saved
    english_menus = _menus(window)
    dialog = SettingsDialog(window.prefs, window, app_ctx)
    qtbot.addWidget(dialog)
    combo = dialog.editors["interface_language"]
    combo.setCurrentIndex(combo.findData("ar"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    QApplication.processEvents()
    assert interface_language() == "ar"
    assert QApplication.layoutDirection() == Qt.RightToLeft
    assert _menus(window) != english_menus and "ملف" in " ".join(_menus(window))
    assert window.wizard is not None and window.wizard.current_key() == "screening"
    assert app_ctx.cases.get(case.id).return_town == "Kindia"  # saved before the switch
    assert window.wizard.title.text().startswith(case.reference)


def test_a_question_to_the_office_being_written_stays_open_through_a_switch(
        qtbot, app_ctx, answers, tmp_path):
    """The questions to the office, opened from the information step, closed with the steps
    made again: the question typed in it was lost."""
    from counsel_app.i18n.names import country_name
    from counsel_app.questions.store import OfficeQuestions
    from counsel_app.settings import Preferences
    from counsel_app.ui.office_questions_dialog import OfficeQuestionsDialog

    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"),
                                     return_country="GN", return_region="GN-K"))
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.open_case(case.id)
    window.wizard.go_to("information")
    step = window.wizard.widgets["information"]
    qtbot.mouseClick(step.ask_button, Qt.LeftButton)  # Questions to the office…

    def shown():
        return [d for d in window.findChildren(OfficeQuestionsDialog) if d.isVisible()]

    (dialog,) = shown()
    dialog.topic.setCurrentIndex(dialog.topic.findData("health"))
    dialog.region.clear()
    qtbot.keyClicks(dialog.region, "GN-C")
    question = "Is insulin free at the regional hospital?"
    qtbot.keyClicks(dialog.text, question)  # typed, not recorded
    dialog.move(dialog.x() + 40, dialog.y() + 30)  # where the counsellor put it
    place = dialog.geometry()
    try:
        _choose_language(qtbot, window, "ar")
        (dialog,) = shown()  # open again (once), in Arabic, on the step made again
        ar = translator("ar")
        assert dialog.windowTitle() == ar("Questions to the office — {country}").format(
            country=country_name("GN", "ar"))
        assert dialog.layoutDirection() == Qt.RightToLeft
        assert dialog.parent() is window.wizard.widgets["information"]
        assert dialog.topic.currentData() == "health"
        assert dialog.region.text() == "GN-C"
        assert dialog.text.toPlainText() == question
        assert dialog.geometry() == place
        qtbot.mouseClick(dialog.record, Qt.LeftButton)
        assert [(q.text, q.topic, q.region) for q in OfficeQuestions(app_ctx).all()] == [
            (question, "health", "GN-C")]
    finally:
        for d in shown():
            d.close()


# -- the office workspace -------------------------------------------------------------------
# It is made once and kept while the window lives (shown again by File > Office workspace):
# a switch makes it again in the new language, on the same case and tab, its panes as wide.

def _choose_language(qtbot, window, lang):
    """File > Settings…, the interface language, Save (as the counsellor does)."""
    from counsel_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.prefs, window, window.ctx)
    qtbot.addWidget(dialog)
    combo = dialog.editors["interface_language"]
    combo.setCurrentIndex(combo.findData(lang))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    QApplication.processEvents()
    assert interface_language() == lang


OFFICE_BUTTONS = {"office_open_session": "Open the &plan editor and session steps",
                  "office_import": "&Import a package…",
                  "office_field_followup": "Follow-up on &phones…"}
OFFICE_COLUMNS = ("Reference", "Sender's reference", "Name", "Status", "Arrival",
                  "Next visit due", "Caseworker")
OFFICE_TABS = ("Arrival and plan", "Visits", "Referrals", "Consents carried",
               "Progress and acknowledgement")


def _assert_office_in(lang, office):
    """Every text a caseworker reads on the workspace is ``lang``'s catalog's."""
    t = translator(lang)
    assert t("Office workspace: cases received") in office.title.text()
    for name, text in OFFICE_BUTTONS.items():
        assert office.findChild(QPushButton, name).text() == t(text)
        assert lang == "en" or t(text) != text  # a catalog that has it
    assert [office.table.horizontalHeaderItem(i).text()
            for i in range(office.table.columnCount())] == [t(c) for c in OFFICE_COLUMNS]
    if office.view is not None:
        tabs = office.view.tabs
        assert [tabs.tabText(i) for i in range(tabs.count())] == [t(x) for x in OFFICE_TABS]
        assert office.view.form.record_button.text() == t("Record the &visit")


def _office_window(qtbot, office_ctx, tmp_path):
    from counsel_app.settings import Preferences

    window = _window(qtbot, office_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.resize(1280, 760)
    return window


def test_the_office_workspace_on_screen_comes_back_in_arabic_as_it_was_left(
        qtbot, stations, tmp_path):
    from .test_right_to_left_panes import _drag_handle

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    window = _office_window(qtbot, office.ctx, tmp_path)
    window.open_case(office.ctx.cases.get_by_reference(local).id)  # opens in the office
    view = window.office.view
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(1).center())  # Visits
    qtbot.keyClicks(view.form.people, "Mariama, her brother")  # typed, not recorded
    splitter = next(s for s in window.office.findChildren(QSplitter)
                    if s.indexOf(window.office.table) >= 0)
    _drag_handle(qtbot, splitter, 90)
    QApplication.processEvents()
    widths = window.office.table.width(), window.office.right.width()
    _assert_office_in("en", window.office)
    _choose_language(qtbot, window, "ar")
    QApplication.processEvents()
    office_ws = window.office
    assert window.stack.currentWidget() is office_ws
    assert office_ws.layoutDirection() == Qt.RightToLeft
    _assert_office_in("ar", office_ws)
    # the same case, at the same tab, with what was typed; the panes as wide
    assert office_ws.view.reference == local
    assert office_ws.view.tabs.currentIndex() == 1
    assert office_ws.view.form.people.text() == "Mariama, her brother"
    # its date boxes too ("6 Dec 2026" until the window took the new locale)
    assert office_ws.view.form.visit_date.edit.text() == show_date(date.today(), "ar")
    assert (office_ws.table.width(), office_ws.right.width()) == widths
    # the list (first in reading order) is at the right
    assert office_ws.table.mapTo(office_ws, office_ws.table.rect().topLeft()).x() > \
        office_ws.right.mapTo(office_ws, office_ws.right.rect().topRight()).x()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_office_workspace_reopened_after_a_switch_speaks_the_new_language(
        qtbot, stations, tmp_path, lang):
    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    window = _office_window(qtbot, office.ctx, tmp_path)
    window.actions_by_id["file.office"].trigger()  # File > Office workspace
    window.office.open_reference(local)
    window.actions_by_id["file.case_list"].trigger()  # back to the case list
    _choose_language(qtbot, window, lang)
    assert window.stack.currentWidget() is window.case_list
    window.actions_by_id["file.office"].trigger()
    assert window.stack.currentWidget() is window.office
    _assert_office_in(lang, window.office)
    assert window.office.view.reference == local
    direction = Qt.RightToLeft if lang == "ar" else Qt.LeftToRight
    assert window.office.layoutDirection() == direction
    assert window.office.view.layoutDirection() == direction


def _open_in_office(qtbot, stations, tmp_path):
    """A received case, arrived 40 days ago, open in the office workspace."""
    from counsel_app.followup.service import FollowupService

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=40), True)
    window = _office_window(qtbot, office.ctx, tmp_path)
    return window, local


def test_a_visit_being_edited_comes_back_after_a_switch_as_it_was_typed(
        qtbot, stations, tmp_path):
    """Only a new visit's draft came back: a recorded visit opened to complete it came
    back as an empty new visit, what was typed in it lost."""
    from counsel_app.followup.service import FollowupService

    window, local = _open_in_office(qtbot, stations, tmp_path)
    service = FollowupService(window.ctx)
    service.record_visit(local, {"income": 2, "food": 3}, date.today() - timedelta(days=5),
                         "phone")
    window.open_case(window.ctx.cases.get_by_reference(local).id)
    view = window.office.view
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(1).center())  # Visits
    tree = view.visit_list.tree
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton,
                     pos=tree.visualItemRect(tree.topLevelItem(0)).center())  # the phone call
    qtbot.mouseClick(view.visit_list.edit_button, Qt.LeftButton)  # Edit or complete
    qtbot.keyClicks(view.form.people, "her uncle")
    housing = view.form.scores["housing"]
    housing.setCurrentIndex(housing.findData(4))
    _choose_language(qtbot, window, "fr")
    form = window.office.view.form
    assert window.office.view.tabs.currentIndex() == 1
    # the same visit, as typed, still to be saved (not a new visit)
    assert form.record_button.text() == translator("fr")("Save the &changes")
    assert form.cancel_button.isVisible()
    assert form.people.text() == "her uncle"
    assert form.values() == {"income": 2, "food": 3, "housing": 4}
    qtbot.mouseClick(form.record_button, Qt.LeftButton)
    (visit,) = service.summary(local).visits  # the same one, changed
    assert visit.scores == {"income": 2, "food": 3, "housing": 4}
    assert visit.people == "her uncle" and visit.visit_type == "phone"


def test_a_plan_actions_fields_not_saved_come_back_after_a_switch(qtbot, stations, tmp_path):
    """The plan action chosen, its status, note and outcome typed but not saved yet came
    back as last saved (the first action, not started, empty) after a switch."""
    from tests.handover.helpers import PLAN_ACTIONS

    window, local = _open_in_office(qtbot, stations, tmp_path)
    window.open_case(window.ctx.cases.get_by_reference(local).id)
    view = window.office.view  # on its first tab: Arrival and plan
    view.action.setCurrentIndex(view.action.findText(PLAN_ACTIONS[1]))
    key = view.action.currentData()
    view.action_status.setCurrentIndex(view.action_status.findData("in_progress"))
    qtbot.keyClicks(view.action_note, "stall owner called back")
    qtbot.keyClicks(view.action_outcome, "visit on Monday")
    three_days_ago = date.today() - timedelta(days=3)
    type_date(qtbot, view.refined_on, show_date(three_days_ago, "en"))  # not recorded either
    type_date(qtbot, view.arrival_date, "Sept 31")  # not a date: kept as typed
    _choose_language(qtbot, window, "ar")
    view = window.office.view
    assert view.action.currentData() == key
    assert view.action_status.currentData() == "in_progress"
    assert view.action_note.text() == "stall owner called back"
    assert view.action_outcome.text() == "visit on Monday"
    assert view.refined_on.edit.text() == show_date(three_days_ago, "ar")
    assert view.refined_on.date() == three_days_ago
    assert view.arrival_date.edit.text() == "Sept 31"
    assert view.arrival_date.error().startswith("«\u2068Sept 31\u2069» ")  # in Arabic now
    qtbot.mouseClick(view.findChild(QPushButton, "office_action_save"), Qt.LeftButton)
    action = next(a for a in view.summary.actions if a.key == key)
    assert (action.status, action.note, action.outcome) == (
        "in_progress", "stall owner called back", "visit on Monday")


def test_the_session_steps_of_a_received_case_stay_open_through_a_switch(
        qtbot, stations, tmp_path):
    """Opened from the office workspace (the plan editor), a received case's steps came
    back as the office workspace after a switch: the case's steps were reopened the way a
    received case opens by default."""
    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    window = _office_window(qtbot, office.ctx, tmp_path)
    window.open_case(office.ctx.cases.get_by_reference(local).id)
    qtbot.mouseClick(window.office.session_button, Qt.LeftButton)  # the plan editor
    window.wizard.go_to("plan")
    _choose_language(qtbot, window, "ar")
    assert window.stack.currentWidget() is window.wizard
    assert window.wizard.holder.case.reference == local
    assert window.wizard.current_key() == "plan"
    _assert_office_in("ar", window.office)  # made again too, behind the steps


def test_the_inactivity_lock_after_a_switch_covers_the_window_in_the_new_language(
        qtbot, app_ctx, tmp_path):
    """The lock's cover was made once, when the lock was installed at sign-in: after a
    switch to Arabic the window was covered with "Locked after inactivity."."""
    from PySide6.QtWidgets import QLabel

    from counsel_app.settings import Preferences
    from counsel_app.ui.idle_lock import install_idle_lock

    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    lock = install_idle_lock(window, lambda password: True, timeout_ms=60_000)
    try:
        _choose_language(qtbot, window, "ar")
        with qtbot.waitSignal(lock.locked, timeout=3000):
            lock.set_timeout(50)  # a moment without input
        ar = translator("ar")
        assert lock.cover.isVisible() and lock.cover.isRightToLeft()
        assert [label.text() for label in lock.cover.findChildren(QLabel)] == [
            ar("Locked after inactivity.")]
        assert lock.dialog.windowTitle() == ar("Locked")
    finally:
        lock.uninstall()


# -- windows beside the main one --------------------------------------------------------------
# The audit trail, the accounts and the country packs open beside the main window and stay
# open while the counsellor works (and opens File > Settings…): a switch opens them again.

def _english_left(widget, lang):
    """The texts on ``widget`` still in English although ``lang``'s catalog has them."""
    from babel.messages.pofile import read_po
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

    from counsel_app.paths import translations_dir

    with open(translations_dir() / lang / "LC_MESSAGES" / "counsel_app.po", "rb") as f:
        english = {m.id for m in read_po(f) if isinstance(m.id, str) and m.id
                   and m.string and m.string != m.id}
    shown = [widget.windowTitle()]
    shown += [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
              if w.isVisible()]
    shown += [w.title() for w in widget.findChildren(QGroupBox) if w.isVisible()]
    shown += [w.placeholderText() for w in widget.findChildren(QLineEdit) if w.isVisible()]
    return sorted({text for text in shown if text in english})


@pytest.mark.parametrize("action_id, title", [
    ("tools.audit", "Audit trail"), ("tools.accounts", "Accounts"),
    ("tools.country_packs", "Country information packs")])
def test_a_window_open_beside_the_main_one_comes_back_in_arabic(
        qtbot, app_ctx, tmp_path, action_id, title):
    from PySide6.QtWidgets import QDialog

    from counsel_app.settings import Preferences

    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")

    def beside():
        return [d for d in window.findChildren(QDialog) if d.isVisible()]

    window.actions_by_id[action_id].trigger()  # Tools > …
    (dialog,) = beside()
    dialog.move(dialog.x() + 40, dialog.y() + 30)  # where the counsellor put it
    place = dialog.geometry()
    assert dialog.windowTitle() == title
    try:
        _choose_language(qtbot, window, "ar")
        (dialog,) = beside()  # still open (once), now in Arabic
        assert dialog.windowTitle() == translator("ar")(title)
        assert _english_left(dialog, "ar") == []
        assert dialog.layoutDirection() == Qt.RightToLeft
        assert dialog.geometry() == place
    finally:
        for d in beside():
            d.close()


def _audit_reads(ctx):
    from counsel_app.security import audit

    return len(audit.read_events(ctx, action="view_audit"))


def test_the_audit_trail_reopened_by_a_switch_keeps_its_filters_and_selected_event(
        qtbot, app_ctx, tmp_path):
    from PySide6.QtWidgets import QDialog

    from counsel_app.settings import Preferences

    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.actions_by_id["tools.audit"].trigger()  # Tools > Audit trail
    (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
    dialog.activateWindow()  # where the supervisor types
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    view = dialog.view
    view.action.setCurrentIndex(view.action.findData("view_audit"))
    qtbot.keyClicks(view.user, app_ctx.user)
    qtbot.keyClick(view.user, Qt.Key_Return)
    qtbot.mouseClick(view.use_dates, Qt.LeftButton)
    until = date.today() - timedelta(days=0)
    type_date(qtbot, view.until, show_date(until, "en"))
    type_date(qtbot, view.since, "the first of May")  # not a date: kept as typed
    assert view.since.error()
    qtbot.keyClicks(view.quick, "a")
    seqs = [view.proxy.index(r, 0).data(Qt.UserRole + 1).seq
            for r in range(view.proxy.rowCount())]
    assert seqs
    rect = view.table.visualRect(view.proxy.index(len(seqs) - 1, 2))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    chosen = seqs[-1]
    try:
        _choose_language(qtbot, window, "ar")
        (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
        view = dialog.view
        assert view.user.text() == app_ctx.user
        assert view.action.currentData() == "view_audit"
        assert view.use_dates.isChecked() and view.since.isEnabled()
        assert view.since.edit.text() == "the first of May"
        assert view.since.error()  # said again, in Arabic
        assert view.until.date() == until
        assert view.until.edit.text() == show_date(until, "ar")
        assert view.quick.text() == "a"
        # the rows of the filters that held (account and action), as before the switch
        assert [view.proxy.index(r, 0).data(Qt.UserRole + 1).seq
                for r in range(view.proxy.rowCount())] == seqs
        rows = view.table.selectionModel().selectedRows()
        assert [view.proxy.data(i, Qt.UserRole + 1).seq for i in rows] == [chosen]
    finally:
        for d in window.findChildren(QDialog):
            d.close()


def test_a_switch_does_not_record_a_second_read_of_the_audit_trail(qtbot, app_ctx, tmp_path):
    """The person opened the trail once; the program makes its window again in the new
    language, with the same filters: the audit says they read it once."""
    from PySide6.QtWidgets import QDialog

    from counsel_app.settings import Preferences

    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    before = _audit_reads(app_ctx)
    window.actions_by_id["tools.audit"].trigger()  # Tools > Audit trail
    assert _audit_reads(app_ctx) == before + 1
    try:
        _choose_language(qtbot, window, "ar")
        assert [d for d in window.findChildren(QDialog) if d.isVisible()]  # open again
        assert _audit_reads(app_ctx) == before + 1
        apply_interface_language("en")
        window.actions_by_id["tools.audit"].trigger()  # opened again by the person
        assert _audit_reads(app_ctx) == before + 2
    finally:
        for d in window.findChildren(QDialog):
            d.close()


def _open_beside(qtbot, window, action_id):
    from PySide6.QtWidgets import QDialog

    window.actions_by_id[action_id].trigger()  # Tools > …
    (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
    return dialog


def _after_switch(qtbot, window, lang):
    from PySide6.QtWidgets import QDialog

    _choose_language(qtbot, window, lang)
    (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
    return dialog


def test_the_accounts_window_reopened_by_a_switch_keeps_the_account_selected(
        qtbot, app_ctx, tmp_path):
    from PySide6.QtWidgets import QDialog

    from counsel_app.security.accounts import add_user
    from counsel_app.settings import Preferences

    add_user(app_ctx, "cleo", "counsellor", "counsellor password")
    add_user(app_ctx, "dawit", "counsellor", "counsellor password")
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    view = _open_beside(qtbot, window, "tools.accounts").view
    names = [view.model.account_at(r).username for r in range(view.model.rowCount())]
    row = names.index("cleo")  # not the first row
    assert row > 0
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert view.selected().username == "cleo"
    try:
        view = _after_switch(qtbot, window, "ar").view
        assert view.selected() is not None and view.selected().username == "cleo"
        assert view.password_button.isEnabled()  # the buttons for the account selected
    finally:
        for d in window.findChildren(QDialog):
            d.close()


def test_the_country_packs_window_reopened_by_a_switch_keeps_its_selection(
        qtbot, app_ctx, tmp_path):
    from PySide6.QtWidgets import QDialog

    from counsel_app.settings import Preferences

    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    dialog = _open_beside(qtbot, window, "tools.country_packs")
    publishers = dialog.publishers
    assert publishers.count() >= 1
    last = publishers.count() - 1
    chosen = publishers.item(last).text()
    rect = publishers.visualItemRect(publishers.item(last))
    qtbot.mouseClick(publishers.viewport(), Qt.LeftButton, pos=rect.center())
    assert [i.text() for i in publishers.selectedItems()] == [chosen]
    try:
        dialog = _after_switch(qtbot, window, "ar")
        shown = [i.text() for i in dialog.publishers.selectedItems()]
        assert len(shown) == 1 and chosen.split("  [")[0] in shown[0]  # its flags in Arabic
    finally:
        for d in window.findChildren(QDialog):
            d.close()


def test_the_audit_trail_reopened_by_a_switch_reads_its_rows_once(
        qtbot, app_ctx, tmp_path, monkeypatch):
    """The window made again in the new language reads the trail's rows from the database
    once, under the filters it was left with (not first under the default filters, then
    again under its own): with a long trail, each read is a wait the supervisor sees."""
    from PySide6.QtWidgets import QDialog

    from counsel_app.security import audit
    from counsel_app.settings import Preferences

    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.actions_by_id["tools.audit"].trigger()  # Tools > Audit trail
    (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    view = dialog.view
    view.action.setCurrentIndex(view.action.findData("view_audit"))
    qtbot.keyClicks(view.user, app_ctx.user)
    qtbot.keyClick(view.user, Qt.Key_Return)
    qtbot.mouseClick(view.use_dates, Qt.LeftButton)  # the last 30 days, both dates valid
    seqs = [view.proxy.index(r, 0).data(Qt.UserRole + 1).seq
            for r in range(view.proxy.rowCount())]
    assert seqs
    rect = view.table.visualRect(view.proxy.index(0, 2))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    reads = []
    real = audit.read_events

    def counted(ctx, **filters):
        reads.append(filters)
        return real(ctx, **filters)

    monkeypatch.setattr(audit, "read_events", counted)
    try:
        _choose_language(qtbot, window, "ar")
        (dialog,) = [d for d in window.findChildren(QDialog) if d.isVisible()]
        view = dialog.view
        QApplication.processEvents()
        assert len(reads) == 1, reads
        assert reads[0]["username"] == app_ctx.user and reads[0]["action"] == "view_audit"
        assert reads[0]["since"] is not None
        assert view.user.text() == app_ctx.user
        assert view.action.currentData() == "view_audit"
        assert view.use_dates.isChecked()
        assert [view.proxy.index(r, 0).data(Qt.UserRole + 1).seq
                for r in range(view.proxy.rowCount())] == seqs
        rows = view.table.selectionModel().selectedRows()
        assert [view.proxy.data(i, Qt.UserRole + 1).seq for i in rows] == [seqs[0]]
    finally:
        for d in window.findChildren(QDialog):
            d.close()


def _questions_dialog(qtbot, app_ctx, tmp_path):
    """The main window on a case's information step with the office questions dialog
    opened from it: ``(window, shown)``, ``shown()`` listing the visible such dialogs."""
    from counsel_app.settings import Preferences
    from counsel_app.ui.office_questions_dialog import OfficeQuestionsDialog

    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"),
                                     return_country="GN", return_region="GN-K"))
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window.open_case(case.id)
    window.wizard.go_to("information")
    qtbot.mouseClick(window.wizard.widgets["information"].ask_button, Qt.LeftButton)
    return window, lambda: [d for d in window.findChildren(OfficeQuestionsDialog)
                            if d.isVisible()]


def test_a_question_refused_before_a_switch_is_refused_again_in_the_new_language(
        qtbot, app_ctx, answers, tmp_path):
    """The question kept through a switch is checked again by the same rule: the reason it
    cannot be recorded is said in Arabic, not left in English nor dropped."""
    from counsel_app.questions.store import OfficeQuestions

    window, shown = _questions_dialog(qtbot, app_ctx, tmp_path)
    (dialog,) = shown()
    question = "Can Awa get insulin free at the regional hospital?"  # her name: refused
    qtbot.keyClicks(dialog.text, question)
    qtbot.mouseClick(dialog.record, Qt.LeftButton)
    english = ("The question seems to contain personal data ({what}); ask it without "
               "anything that identifies the person.")
    assert dialog.error.text() == english.format(what="the person's name")
    try:
        _choose_language(qtbot, window, "ar")
        (dialog,) = shown()
        ar = translator("ar")
        assert ar(english) != english
        assert dialog.text.toPlainText() == question
        assert dialog.error.text() == ar(english).format(what=ar("the person's name"))
        assert OfficeQuestions(app_ctx).all() == []
        # corrected, the same question is recorded and the line cleared
        dialog.text.clear()
        qtbot.keyClicks(dialog.text, "Is insulin free at the regional hospital?")
        qtbot.mouseClick(dialog.record, Qt.LeftButton)
        assert dialog.error.text() == ""
        assert len(OfficeQuestions(app_ctx).all()) == 1
    finally:
        for d in shown():
            d.close()


def test_a_refusal_put_right_before_a_switch_is_not_said_again(
        qtbot, app_ctx, answers, tmp_path):
    """The region was wrong when Record was pressed, then corrected: the dialog made again
    in the new language checks the question as it now is and says nothing."""
    window, shown = _questions_dialog(qtbot, app_ctx, tmp_path)
    (dialog,) = shown()
    dialog.region.clear()
    qtbot.keyClicks(dialog.region, "GN-ZZ")
    qtbot.keyClicks(dialog.text, "Is insulin free at the regional hospital?")
    qtbot.mouseClick(dialog.record, Qt.LeftButton)
    assert dialog.error.text() == "“GN-ZZ” is not a region of GN."
    dialog.region.clear()
    qtbot.keyClicks(dialog.region, "GN-C")  # put right, not yet recorded
    try:
        _choose_language(qtbot, window, "ar")
        (dialog,) = shown()
        assert dialog.region.text() == "GN-C"
        assert dialog.error.text() == ""
    finally:
        for d in shown():
            d.close()


def test_the_accounts_status_line_is_said_again_in_the_new_language(qtbot, app_ctx, tmp_path):
    """The line that said what was done last (an account unlocked) comes back with the
    window made again by a switch, in the new language."""
    from PySide6.QtWidgets import QDialog
    from sqlalchemy import update

    from counsel_app.security.accounts import add_user
    from counsel_app.security.models import UserRow
    from counsel_app.settings import Preferences

    add_user(app_ctx, "kofi", "counsellor", "counsellor password")
    with app_ctx.db.session() as s:
        s.execute(update(UserRow).where(UserRow.username == "kofi").values(
            locked_at=UserRow.created_at, failed_attempts=10))
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    view = _open_beside(qtbot, window, "tools.accounts").view
    names = [view.model.account_at(r).username for r in range(view.model.rowCount())]
    rect = view.table.visualRect(view.model.index(names.index("kofi"), 0))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseClick(view.unlock_button, Qt.LeftButton)
    sentence = "The account “{name}” is unlocked."
    assert view.message.text() == sentence.format(name="kofi")
    try:
        view = _after_switch(qtbot, window, "ar").view
        ar = translator("ar")
        assert ar(sentence) != sentence
        assert view.message.text() == ar(sentence).format(name="kofi")
        # laid out from the right even where the sentence opens with the Latin name
        assert QLabel.text(view.message).startswith("\u200f"), QLabel.text(view.message)
        view = _after_switch(qtbot, window, "fr").view  # and again, from the same data
        assert view.message.text() == translator("fr")(sentence).format(name="kofi")
    finally:
        for d in window.findChildren(QDialog):
            d.close()


def test_the_country_packs_message_line_comes_back_after_a_switch(
        qtbot, app_ctx, answers, tmp_path, monkeypatch):
    """A pack refused (a file that is not a pack) is said on the window's message line; the
    window made again by a switch still says it (as it was shown: the refusal is a sentence
    made when the file was read)."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    from counsel_app.settings import Preferences

    bad = tmp_path / "notes.pack.json"
    bad.write_text("not a pack", "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(bad), "")))
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    dialog = _open_beside(qtbot, window, "tools.country_packs")
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)  # Import a pack…
    refused = dialog.error.text()
    assert refused and "notes.pack.json" in refused
    try:
        dialog = _after_switch(qtbot, window, "ar")
        assert dialog.windowTitle() == translator("ar")("Country information packs")
        assert dialog.error.text() == refused
        assert dialog.error.isVisible()
    finally:
        for d in window.findChildren(QDialog):
            d.close()
