"""The office workspace driven as a post-arrival caseworker would: import, arrival, a full
visit, a partial visit, an edited visit, action outcomes, plan refinement and the
acknowledgement with its receipt; the sender's view of the acknowledgement shows the
progress (a partial visit does not wipe it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QListWidget

from counsel_app.followup import office as office_rules
from counsel_app.followup.service import FollowupService
from counsel_app.i18n.dates import show_date
from counsel_app.handover.package import export_handover, import_package
from counsel_app.ui import messages
from tests.handover.helpers import (
    BASELINE,
    PLAN_ACTIONS,
    consented_case,
    consents,
    pair,
    sources_for,
)
from tests.ui.keyboard import type_text

FULL = {k: min(5, v + 2) for k, v in BASELINE.items()}
PARTIAL = {"income": 1, "food": 1, "wellbeing": 1}


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.LeftButton)


def type_date(qtbot, field, text):
    """Type over a date field's text and leave it, as a caseworker does."""
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key_Backspace)
    type_text(qtbot, field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key_Tab)


def fill(qtbot, view, scores, day, kind="home", people="", note=""):
    form = view.form
    form.visit_type.setCurrentIndex(form.visit_type.findData(kind))
    type_date(qtbot, form.visit_date, show_date(day, "en"))
    form.people.setText(people)
    form.note.setPlainText(note)
    for key, combo in form.scores.items():
        combo.setCurrentIndex(combo.findData(scores.get(key, 0)))


@pytest.fixture
def stations(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    package = tmp_path / "p.cahp"
    export_handover(sender.ctx, case.reference, fp, package,
                    sources=sources_for(consents(fp, contact=True)), receipt_pdf=False)
    return sender, office, case, package


def test_the_office_workspace_from_import_to_acknowledgement(qtbot, tmp_path, monkeypatch,
                                                             stations):
    from counsel_app.ui.office.workspace import OfficeWorkspace

    sender, office, case, package = stations
    shown = []
    monkeypatch.setattr(messages, "info", lambda parent, text, title=None: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(package), "")))
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    ws.activateWindow()  # offscreen: active, or no field has the keyboard
    with qtbot.waitActive(ws):
        pass
    assert ws.table.rowCount() == 0

    # -- import: the case appears with the sender's reference --------------------------
    click(qtbot, ws.import_button)
    assert "Imported case" in shown[-1]
    assert ws.table.rowCount() == 1
    assert ws.table.item(0, 1).text() == case.reference
    local = ws.table.item(0, 0).text()
    ws.table.selectRow(0)
    view = ws.view
    assert view is not None and view.reference == local
    assert "Handed over" in view.header.text() and case.reference in view.header.text()
    assert [view.consents.item(i).text() for i in range(view.consents.count())]
    consents_text = "\n".join(view.consents.item(i).text() for i in range(view.consents.count()))
    assert "given" in consents_text and "not recorded" not in consents_text

    # -- arrival: schedule from it; the first visit is overdue --------------------------
    arrival = date.today() - timedelta(days=70)
    type_date(qtbot, view.arrival_date, arrival.isoformat())
    view.reception.setChecked(True)
    button = view.findChild(type(view.form.record_button), "office_record_arrival")
    click(qtbot, button)
    assert not view.error.isVisible(), view.error.text()
    # dates on the screen read as everywhere else ("Sep 27, 2026"), never as 2026-09-27
    assert "Arrived" in view.header.text() and show_date(arrival, "en") in view.header.text()
    assert arrival.isoformat() not in view.header.text()
    # the visits due: "1 month …; 3 months …", not "1 months"
    assert "1 month " in view.schedule.text(), view.schedule.text()
    assert "1 months" not in view.schedule.text() and "3 months" in view.schedule.text()
    assert ws.table.item(0, 4).text() == show_date(arrival, "en")  # not 2026-09-27
    assert "OVERDUE" in ws.table.item(0, 5).text()

    # -- a full home visit: autosaved while typed, cleared once recorded ---------------
    view.tabs.setCurrentIndex(1)
    fill(qtbot, view, FULL, arrival + timedelta(days=30), "home", "the person and her sister",
         "workshop started")
    qtbot.waitUntil(lambda: office_rules.load_draft(office.ctx, local) is not None,
                    timeout=3000)
    assert office_rules.load_draft(office.ctx, local)["scores"] == FULL
    assert "15 of 15" in view.form.share.text()
    click(qtbot, view.form.record_button)
    assert not view.form.error.isVisible(), view.form.error.text()
    assert view.form.values() == {} and view.form.people.text() == ""
    assert office_rules.load_draft(office.ctx, local) is None
    assert "OVERDUE" not in ws.table.item(0, 5).text()  # the 1-month visit is done
    full_overall = view.summary.current().scores.overall

    # a second click on the cleared form records nothing
    click(qtbot, view.form.record_button)
    assert "at least one score" in view.form.error.text()
    assert len(view.summary.visits) == 1

    # -- a partial phone visit: the progress stays --------------------------------------
    fill(qtbot, view, PARTIAL, arrival + timedelta(days=50), "phone")
    click(qtbot, view.form.record_button)
    assert len(view.summary.visits) == 2
    assert "3 of 15 answered (20%)" in view.progress.text()
    assert "3 of 15 answered (20%)" in view.visit_list.tree.topLevelItem(0).text(1)
    assert f"{full_overall:.2f}" in view.progress.text()
    top = view.visit_list.tree.topLevelItem(0)
    assert top.text(0).startswith(show_date(arrival + timedelta(days=50), "en"))
    answers = {top.child(i).text(0): top.child(i).text(1) for i in range(top.childCount())}
    assert answers["Sources of income"] == "1 (very poor)"
    assert answers["Access to housing"] == "– not asked"

    # -- the same date again is refused in one sentence --------------------------------
    fill(qtbot, view, PARTIAL, arrival + timedelta(days=50), "phone")
    click(qtbot, view.form.record_button)
    assert "already recorded" in view.form.error.text()
    view.form.clear()

    # -- the partial visit completed later (edited, kept in the history) ---------------
    view.visit_list.tree.setCurrentItem(view.visit_list.tree.topLevelItem(0))
    click(qtbot, view.visit_list.edit_button)
    assert view.form.editing is not None and view.form.values() == PARTIAL
    combo = view.form.scores["housing"]
    combo.setCurrentIndex(combo.findData(4))
    click(qtbot, view.form.record_button)
    assert view.form.editing is None
    assert len(view.summary.visits) == 2
    assert view.summary.visits[-1].scores == {**PARTIAL, "housing": 4}
    assert [h.change for h in FollowupService(office.ctx).history(local)] == ["changed"]

    # -- action outcomes ---------------------------------------------------------------
    view.tabs.setCurrentIndex(0)
    view.action.setCurrentIndex(view.action.findText(PLAN_ACTIONS[0]))
    view.action_status.setCurrentIndex(view.action_status.findData("done"))
    view.action_outcome.setText("machine delivered and working")
    click(qtbot, view.findChild(type(view.form.record_button), "office_action_save"))
    action = view.summary.actions[0]
    assert (action.status, action.outcome) == ("done", "machine delivered and working")

    # -- plan refinement -----------------------------------------------------------------
    type_date(qtbot, view.refined_on, show_date(arrival + timedelta(days=20), "en"))
    click(qtbot, view.findChild(type(view.form.record_button), "office_record_refinement"))
    assert show_date(arrival + timedelta(days=20), "en") in view.refined.text()

    # -- the acknowledgement from the GUI, with its receipt -------------------------------
    view.tabs.setCurrentIndex(4)
    ack = tmp_path / "ack.cahp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(ack), "")))
    click(qtbot, view.findChild(type(view.form.record_button), "office_send_ack"))
    assert not view.error.isVisible(), view.error.text()
    assert ack.exists() and view.receipt.isVisible()
    receipt = view.receipt.toPlainText()
    assert "ACKNOWLEDGEMENT RECEIPT" in receipt and case.reference in receipt
    assert "machine delivered" not in receipt

    # -- the sender's view of the acknowledgement shows the right progress ----------------
    import_package(sender.ctx, ack)
    from tests.ui.test_handover_step import make_step

    step, _holder = make_step(qtbot, sender.ctx, sender.ctx.cases.get(case.id))
    history = step.findChild(QListWidget, "handover_history")
    lines = "\n".join(history.item(i).text() for i in range(history.count()))
    change = view.summary.change_since_baseline()["overall"]
    assert change > 0.2
    assert f"change since the baseline {change:+.2f}" in lines
    assert f"latest overall {full_overall:.2f}" in lines
    # the day as the screens show it ("Nov 16, 2026"), never ISO
    assert f"plan refined {show_date(arrival + timedelta(days=20), 'en')}" in lines
    assert (arrival + timedelta(days=20)).isoformat() not in lines
    assert f"{PLAN_ACTIONS[0]}: Done" in lines


def test_a_received_case_opens_in_the_office_workspace(qtbot, stations):
    from counsel_app.ui.main_window import MainWindow

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    window = MainWindow(office.ctx)
    qtbot.addWidget(window)
    window.open_case(office.ctx.cases.get_by_reference(local).id)
    assert window.stack.currentWidget() is window.office and window.wizard is None
    assert window.office.view.reference == local
    assert window.current_case_id() == office.ctx.cases.get_by_reference(local).id
    click(qtbot, window.office.session_button)  # the plan editor is still reachable
    assert window.wizard is not None
    window.actions_by_id["case.followup"].trigger()  # Case > Follow-up after arrival
    assert window.stack.currentWidget() is window.office and window.wizard is None
    assert window.office.view.reference == local


def test_the_plan_is_refined_from_the_feasibility_grid(qtbot, stations):
    from counsel_app.opportunities.model import FeasibilityRow
    from counsel_app.ui.office.workspace import OfficeWorkspace

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=10), True)
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.resize(1280, 800)
    ws.show()
    ws.open_reference(local)
    view = ws.view
    assert "Not refined yet" in view.refined.text()
    click(qtbot, view.findChild(type(view.form.record_button), "office_feasibility"))
    dialog = view.feasibility_dialog
    assert dialog.isVisible()
    dialog.grid.add_row(FeasibilityRow(wish="tailoring shop",
                                       realistic_option="market stall in Kindia"))
    assert dialog.grid.save()
    dialog.reject()
    assert f"Refined on {show_date(date.today(), 'en')}" in view.refined.text()


def test_a_grid_line_made_with_the_wishes_button_keeps_the_wishs_language(
        qtbot, stations, tmp_path):
    """The skills profile's wish was typed in French; the caseworker, working in English,
    clicks "Add the wishes of the skills profile" and saves: the person's English copy says
    the line is in French (the screen rebuilds its lines from the cells: the save finds
    the wish)."""
    import re

    from counsel_app.i18n import set_interface_language
    from counsel_app.opportunities.model import SkillsProfile, Wish
    from counsel_app.opportunities.service import OpportunityService
    from counsel_app.security.subject_access import write_subject_access
    from counsel_app.ui.office.workspace import OfficeWorkspace
    from tests.documents.helpers import poppler_text

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=10), True)
    case = office.ctx.cases.get_by_reference(local)
    set_interface_language("fr")
    try:
        OpportunityService(office.ctx).save_profile(
            case, SkillsProfile(wishes=[Wish("Ouvrir une menuiserie")]))
    finally:
        set_interface_language("en")
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.show()
    ws.open_reference(local)
    click(qtbot, ws.view.findChild(type(ws.view.form.record_button), "office_feasibility"))
    dialog = ws.view.feasibility_dialog
    click(qtbot, dialog.grid.from_wishes)
    assert dialog.grid.table.item(0, 0).text() == "Ouvrir une menuiserie"
    assert dialog.grid.save()
    dialog.reject()
    out = write_subject_access(office.ctx, case.id, tmp_path / "copy.pdf", lang="en")
    text = re.sub(r"\s+", " ", poppler_text(out.read_bytes(), tmp_path))
    # (the wish is in the skills profile's part too)
    grid = text.split("Feasibility grid", 1)[1].split("Your skills and wishes", 1)[0]
    assert "Ouvrir une menuiserie (written in French)" in grid


def test_an_option_typed_in_english_beside_a_french_wish_is_marked_apart(
        qtbot, stations, tmp_path):
    """The skills profile's wish typed in French; the caseworker, working in English, adds
    it with "Add the wishes of the skills profile", types its realistic option in the grid
    and saves: the person's English copy says the wish is in French and leaves the option
    unmarked; their French copy says the option is in English and leaves the wish
    unmarked (the whole line was taken for English)."""
    import re

    from counsel_app.i18n import set_interface_language
    from counsel_app.opportunities.model import SkillsProfile, Wish
    from counsel_app.opportunities.service import OpportunityService
    from counsel_app.security.subject_access import write_subject_access
    from counsel_app.ui.office.workspace import OfficeWorkspace
    from tests.documents.helpers import poppler_text

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=10), True)
    case = office.ctx.cases.get_by_reference(local)
    set_interface_language("fr")
    try:
        OpportunityService(office.ctx).save_profile(case, SkillsProfile(wishes=[Wish("Forge")]))
    finally:
        set_interface_language("en")
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.show()
    ws.open_reference(local)
    click(qtbot, ws.view.findChild(type(ws.view.form.record_button), "office_feasibility"))
    dialog = ws.view.feasibility_dialog
    click(qtbot, dialog.grid.from_wishes)
    table = dialog.grid.table
    table.setCurrentCell(0, 1)  # the realistic option
    qtbot.keyClick(table, Qt.Key_F2)
    editor = table.viewport().findChild(QLineEdit)
    type_text(qtbot, editor, "Welding shop")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, 1).text() == "Welding shop")
    assert dialog.grid.save()
    dialog.reject()

    def grid(lang: str, title: str, skills: str) -> list[str]:
        out = write_subject_access(office.ctx, case.id, tmp_path / f"{lang}.pdf", lang=lang)
        text = re.sub(r"\s+", " ", poppler_text(out.read_bytes(), tmp_path))
        part = text.split(title, 1)[1].split(skills, 1)[0]
        return [re.search(re.escape(cell) + r"( \([^)]*\))?", part).group(0)
                for cell in ("Forge", "Welding shop")]

    assert grid("en", "Feasibility grid", "Your skills and wishes") == [
        "Forge (written in French)", "Welding shop"]
    assert grid("fr", "Grille de faisabilité", "Vos compétences") == [
        "Forge", "Welding shop (écrit en anglais)"]


def test_the_phones_form_and_answers_from_the_office_workspace(qtbot, stations, monkeypatch):
    from counsel_app.ui.field_followup import FieldFollowupDialog
    from counsel_app.ui.main_window import MainWindow

    _sender, office, _case, package = stations
    import_package(office.ctx, package)
    window = MainWindow(office.ctx)
    qtbot.addWidget(window)
    window.show_office()
    seen = []
    monkeypatch.setattr(FieldFollowupDialog, "exec", lambda self: seen.append(self))
    click(qtbot, window.office.field_button)
    assert seen and seen[0].save_form.isEnabled() and seen[0].read.isEnabled()


def _paragraph_direction(text: str) -> str:
    """"R" or "L": the direction a line takes from its first strong letter, the letters
    inside an isolate (FSI/LRI/RLI … PDI) skipped (Unicode bidi rules P2, P3)."""
    import unicodedata

    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == "\u2069":
            depth = max(depth - 1, 0)
        elif depth == 0 and unicodedata.bidirectional(char) in ("L", "R", "AL"):
            return "L" if unicodedata.bidirectional(char) == "L" else "R"
    return "L"


def test_the_case_line_reads_right_to_left_in_arabic(qtbot, stations):
    """The line above the tabs began with the case's Latin reference, so in the Arabic
    interface it was laid out left to right and its Arabic parts came out of order."""
    from PySide6.QtWidgets import QApplication

    from counsel_app.ui.i18n_qt import apply_interface_language
    from counsel_app.ui.main_window import MainWindow

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    apply_interface_language("ar")
    try:
        window = MainWindow(office.ctx)
        qtbot.addWidget(window)
        window.open_case(office.ctx.cases.get_by_reference(local).id)
        header = window.office.view.header.text()
        assert local in header
        assert _paragraph_direction(header) == "R", header
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)


@pytest.fixture
def two_received(tmp_path, stations):
    """Two received cases, arrived 40 days ago, the first with a phone visit recorded."""
    sender, office, _case, package = stations
    other = consented_case(sender)
    fp = office.keys.station().fingerprint
    second = tmp_path / "second.cahp"
    export_handover(sender.ctx, other.reference, fp, second,
                    sources=sources_for(consents(fp, contact=True)), receipt_pdf=False)
    service = FollowupService(office.ctx)
    locals_ = [import_package(office.ctx, p).local_reference for p in (package, second)]
    for local in locals_:
        service.record_arrival(local, date.today() - timedelta(days=40), True)
    service.record_visit(locals_[0], {"income": 2, "food": 3}, date.today() - timedelta(days=5),
                         "phone")
    return office, service, locals_


def _row_of(ws, reference):
    return next(i for i, c in enumerate(ws.cases) if c.reference == reference)


def _click_row(qtbot, ws, reference):
    table = ws.table
    cell = table.visualItemRect(table.item(_row_of(ws, reference), 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=cell)


def _edit_the_phone_call(qtbot, view):
    """On the Visits tab: a new visit begun, then the recorded phone call opened to
    complete it, a person and an answer added (nothing saved)."""
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(1).center())  # Visits
    qtbot.keyClicks(view.form.people, "a new visit begun")
    tree = view.visit_list.tree
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton,
                     pos=tree.visualItemRect(tree.topLevelItem(0)).center())
    click(qtbot, view.visit_list.edit_button)  # Edit or complete
    assert view.form.people.text() == ""
    qtbot.keyClicks(view.form.people, "her uncle")
    housing = view.form.scores["housing"]
    housing.setCurrentIndex(housing.findData(4))


def _the_change_is_back(qtbot, view, service, local):
    """The phone call still open as it was typed, to be saved; once saved, the new visit
    begun before it is in the form again."""
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(1).center())  # Visits
    form = view.form
    assert form.editing is not None
    assert form.record_button.text() == "Save the &changes" and form.cancel_button.isVisible()
    assert form.people.text() == "her uncle"
    assert form.values() == {"income": 2, "food": 3, "housing": 4}
    click(qtbot, form.record_button)
    assert not form.error.isVisible(), form.error.text()
    (visit,) = [v for v in service.summary(local).visits if v.kind == "followup"]
    assert visit.scores == {"income": 2, "food": 3, "housing": 4}
    assert (visit.people, visit.visit_type) == ("her uncle", "phone")
    assert form.editing is None and form.people.text() == "a new visit begun"


def test_a_visit_being_changed_is_kept_when_another_case_is_picked(qtbot, two_received):
    """Picking another case in the list lost the change typed into a recorded visit (only
    a new visit's draft was kept): it is kept the same way now."""
    from counsel_app.ui.office.workspace import OfficeWorkspace

    office, service, (first, second) = two_received
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    _click_row(qtbot, ws, first)
    _edit_the_phone_call(qtbot, ws.view)
    _click_row(qtbot, ws, second)
    assert ws.view.reference == second
    assert ws.view.form.editing is None and ws.view.form.people.text() == ""
    _click_row(qtbot, ws, first)
    assert ws.view.reference == first
    _the_change_is_back(qtbot, ws.view, service, first)


def test_a_visit_being_changed_is_kept_when_the_program_is_closed(qtbot, two_received):
    from counsel_app.ui.main_window import MainWindow

    office, service, (first, _second) = two_received
    case_id = office.ctx.cases.get_by_reference(first).id
    window = MainWindow(office.ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_id)  # a received case opens in the office workspace
    _edit_the_phone_call(qtbot, window.office.view)
    window.close()
    again = MainWindow(office.ctx)
    qtbot.addWidget(again)
    again.show()
    again.open_case(case_id)
    _the_change_is_back(qtbot, again.office.view, service, first)


def test_a_change_cancelled_is_not_kept(qtbot, two_received, answers):
    from counsel_app.ui.office.workspace import OfficeWorkspace

    office, service, (first, second) = two_received
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.show()
    _click_row(qtbot, ws, first)
    _edit_the_phone_call(qtbot, ws.view)
    answers.choices = ["discard"]
    click(qtbot, ws.view.form.cancel_button)  # Cancel the change: Discard
    assert len(answers.shown) == 1 and "not saved" in answers.shown[0][1]
    assert ws.view.form.people.text() == "a new visit begun"  # the new visit, as typed
    _click_row(qtbot, ws, second)
    _click_row(qtbot, ws, first)
    form = ws.view.form
    assert form.editing is None and form.people.text() == "a new visit begun"
    (visit,) = [v for v in service.summary(first).visits if v.kind == "followup"]
    assert visit.people == "" and "housing" not in visit.scores
