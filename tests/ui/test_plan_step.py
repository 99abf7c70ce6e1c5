"""The plan step as a counsellor uses it (pytest-qt, offscreen): budget, ceiling, goals,
autosave, conflicts, the print preview and save as PDF."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from counsel_app.domain.case import Case, Person
from counsel_app.plan.model import BudgetLine, Goal
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from tests.ui.conftest import answers  # noqa: F401  (fixture)


def make_case(ctx, *, country="GN", sample=False, name="Mariama Diallo"):
    return ctx.cases.create(Case(person=Person(name_latin=name, languages=["fr"]),
                                 return_country=country, return_town="Kindia",
                                 is_sample=sample, counsellor=ctx.user))


@pytest.fixture
def open_step(qtbot, sqlite_ctx):
    from counsel_app.ui.plan_step import PlanStep
    from counsel_app.ui.session_steps import StepServices

    def make(case, delay_ms=50):
        holder = SimpleNamespace(ctx=sqlite_ctx, case=case, record=None, store=None)
        services = StepServices(sqlite_ctx, holder, changed=lambda part: None,
                                save_now=lambda: None)
        step = PlanStep(services, delay_ms=delay_ms)
        qtbot.addWidget(step)
        step.resize(1100, 800)
        step.show()
        step.entered()
        return step

    return make


def click(qtbot, step, name):
    button = step.findChild(QAbstractButton, name)
    assert button is not None, name
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.LeftButton)


def type_cell(qtbot, view, row, column, text):
    """Select a cell, type into it (any key starts editing) and press Enter."""
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    qtbot.keyClick(view, text[0])  # any key starts editing, as for a user
    editor = view.focusWidget()
    assert editor is not view, "typing did not open an editor"
    qtbot.keyClicks(editor, text[1:])
    enter(qtbot, editor)


def wait_saved(qtbot, step):
    """Wait as the counsellor does: until the step says the plan is saved (the autosave
    after the last edit, not any earlier one)."""
    qtbot.waitUntil(lambda: step.state.text().startswith("Plan saved at"), timeout=2000)


def enter(qtbot, editor):
    """Enter commits the edit (the delegate does it on the next event loop turn)."""
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.wait(5)


def test_budget_total_and_ceiling_warning_then_saved_and_reopened(
        qtbot, sqlite_ctx, open_step, answers):
    case = make_case(sqlite_ctx)
    PlanService(sqlite_ctx).set_ceiling("GNF", Decimal("10000000"))
    step = open_step(case)
    # the currency of the country of return is filled in
    assert step.currency.text() == "GNF"
    step.tabs.setCurrentIndex(1)
    view = step.views["budget"]
    click(qtbot, step, "plan_budget_add")
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Sewing machine")
    enter(qtbot, editor)
    type_cell(qtbot, view, 0, 2, "2500000")
    assert step.plan.budget[0].item == "Sewing machine"
    assert step.plan.budget[0].estimated_cost == Decimal("2500000")
    assert "2,500,000" in step.total.text()
    assert "Within the ceiling" in step.ceiling.text()
    assert not step.ceiling_over
    # quantity 5: 12.5 million, over the ceiling by 2.5 million
    type_cell(qtbot, view, 0, 1, "5")
    assert step.plan.budget[0].quantity == 5
    assert "12,500,000" in step.total.text()
    assert step.ceiling_over
    assert "Over the ceiling" in step.ceiling.text() and "2,500,000" in step.ceiling.text()
    # over the ceiling is a warning shown next to the budget; the plan is saved all the same
    # (waiting for "a plan exists" was not enough: on a loaded machine the pause could end
    # between two cells, save quantity 1, and the check ran before quantity 5 was saved)
    wait_saved(qtbot, step)
    assert PlanService(sqlite_ctx).get(case.reference).budget[0].quantity == 5
    assert step.error_labels["budget"].isVisible()
    assert "ceiling" in step.error_labels["budget"].text()
    assert step.tabs.tabText(1).startswith("⚠")
    # back under the ceiling: the warning goes, saved by itself within the pause
    type_cell(qtbot, view, 0, 1, "3")
    wait_saved(qtbot, step)
    assert not step.error_labels["budget"].isVisible()
    stored = PlanService(sqlite_ctx).get(case.reference)
    assert stored.budget == [BudgetLine("Sewing machine", Decimal("2500000"), 3)]
    assert stored.currency == "GNF"

    # a bad amount is refused with a message, the old value stays
    type_cell(qtbot, view, 0, 2, "lots")
    assert step.plan.budget[0].estimated_cost == Decimal("2500000")
    assert "not an amount" in step.error_labels["budget"].text()
    assert step.state.text().startswith("Plan saved at")  # nothing left to save

    # reopen: the line is there
    again = open_step(case)
    assert again.models["budget"].rowCount() == 1
    assert again.models["budget"].index(0, 0).data() == "Sewing machine"
    assert "7,500,000" in again.total.text()


def test_goal_with_an_action_by_keyboard_is_saved(qtbot, sqlite_ctx, open_step, answers):
    case = make_case(sqlite_ctx)
    step = open_step(case)
    step.tabs.setCurrentIndex(5)
    assert not step.views["actions"].isEnabled()  # no goal chosen yet
    click(qtbot, step, "plan_goals_add")
    editor = step.views["goals"].focusWidget()
    qtbot.keyClicks(editor, "Open a tailoring workshop")
    enter(qtbot, editor)
    assert "Open a tailoring workshop" in step.actions_title.text()
    # an empty action is a problem named next to the goals, on its cells
    click(qtbot, step, "plan_actions_add")
    qtbot.keyClick(step.views["actions"].focusWidget(), Qt.Key_Escape)
    assert "Enter what is to be done in action 1 of goal 1" in \
        step.error_labels["goals"].text()
    actions = step.views["actions"]
    type_cell(qtbot, actions, 0, 0, "Mariama")
    type_cell(qtbot, actions, 0, 1, "Buy the sewing machine")
    qtbot.waitUntil(lambda: PlanService(sqlite_ctx).exists(case.reference), timeout=2000)
    assert not step.error_labels["goals"].isVisible()
    # done: a check box in the table
    model = step.models["actions"]
    done = model.index(0, 3)
    assert model.setData(done, Qt.Checked.value, Qt.CheckStateRole)
    step.flush()
    stored = PlanService(sqlite_ctx).get(case.reference)
    assert stored.goals[0].goal == "Open a tailoring workshop"
    assert (stored.goals[0].actions[0].who, stored.goals[0].actions[0].what,
            stored.goals[0].actions[0].done) == ("Mariama", "Buy the sewing machine", True)

    again = open_step(case)
    again.tabs.setCurrentIndex(5)
    assert again.models["goals"].index(0, 0).data() == "Open a tailoring workshop"
    assert again.models["actions"].index(0, 1).data() == "Buy the sewing machine"


def test_text_fields_assistance_and_scores_save(qtbot, sqlite_ctx, open_step, answers):
    case = make_case(sqlite_ctx)
    step = open_step(case)
    summary = step.findChild(QWidget, "plan_summary_economic")
    qtbot.keyClicks(summary, "Tailoring workshop in Kindia")
    assert summary.isUndoRedoEnabled()
    click(qtbot, step, "plan_assist_vocational_training")
    details = step.findChild(QLineEdit, "plan_assist_vocational_training_details")
    assert details.isEnabled()
    qtbot.keyClicks(details, "Six months")
    click(qtbot, step, "plan_assist_vocational_training_referral")
    step.scores["baseline"].setValue(40)
    step.flush()
    stored = PlanService(sqlite_ctx).get(case.reference)
    assert stored.summary["economic"] == "Tailoring workshop in Kindia"
    assert [(a.type, a.details, a.referral_needed) for a in stored.assistance] == [
        ("vocational_training", "Six months", True)]
    assert stored.well_being.baseline == 40
    # a score out of range cannot be typed (the spin box stops at 100)
    assert step.scores["expected"].maximum() == 100


def test_conflict_offers_keep_mine_or_take_theirs(qtbot, sqlite_ctx, open_step, answers):
    case = make_case(sqlite_ctx)
    step = open_step(case)
    service = PlanService(sqlite_ctx)
    theirs = service.get(case.reference)
    theirs.notes = "theirs"
    theirs.goals.append(Goal("Their goal"))
    service.save(theirs)
    # my edit conflicts: take theirs
    answers.choices = ["theirs"]
    qtbot.keyClicks(step.findChild(QWidget, "plan_place"), "X")
    step.flush()
    assert any(kind == "choose" for kind, _t in answers.shown)
    assert step.models["goals"].index(0, 0).data() == "Their goal"
    # the next edit saves on top of theirs
    qtbot.keyClicks(step.findChild(QWidget, "plan_mentor_name"), "Aissatou")
    step.flush()
    stored = service.get(case.reference)
    assert stored.mentor.name == "Aissatou" and stored.goals[0].goal == "Their goal"
    # someone saves again; keep mine wins
    other = service.get(case.reference)
    other.mentor.name = "Someone else"
    service.save(other)
    answers.choices = ["mine"]
    qtbot.keyClicks(step.findChild(QWidget, "plan_mentor_name"), "!")
    step.flush()
    assert service.get(case.reference).mentor.name == "Aissatou!"


def test_referral_picked_from_the_country_library(qtbot, sqlite_ctx, open_step, answers,
                                                  tmp_path, monkeypatch):
    from country_info import Library, sample_pack_files

    from counsel_app.ui.plan_tabs import referrals

    library = Library(user_dir=tmp_path / "packs")
    library.import_pack(next(p for p in sample_pack_files() if "GN" in p.name))
    monkeypatch.setattr(referrals, "_library", lambda: library)
    case = make_case(sqlite_ctx, country="GN")
    step = open_step(case)
    assert step.library_services.isEnabled()
    assert "SAMPLE" in step.library_services.itemText(0)  # the bundled sample pack
    click(qtbot, step, "plan_library_add")
    referral = step.plan.referrals[0]
    assert "Sample organisation" in referral.organisation
    assert "+000" in referral.contact and referral.service


def test_table_models_pass_the_model_tester(qtmodeltester):
    from counsel_app.ui.plan_models import RowsModel
    from counsel_app.ui.plan_step import ACTION_COLUMNS, BUDGET_COLUMNS, GOAL_COLUMNS

    plan = sample_plan("AVRR-2026-000001", "en")
    budget = RowsModel(BUDGET_COLUMNS, lambda: BudgetLine(""), plan.budget)
    qtmodeltester.check(budget)
    goals = RowsModel(GOAL_COLUMNS, lambda: Goal(""), plan.goals)
    qtmodeltester.check(goals)
    actions = RowsModel(ACTION_COLUMNS, lambda: None, plan.goals[0].actions)
    qtmodeltester.check(actions)
    # the goal's dimension is edited by key and kept as the enum
    assert goals.setData(goals.index(0, 1), "social")
    assert plan.goals[0].dimension.value == "social"
    assert goals.index(0, 1).data() == "Social"


def test_preview_of_an_arabic_sample_plan_shows_its_pages(qtbot, sqlite_ctx, open_step,
                                                          answers):
    case = make_case(sqlite_ctx, country="IQ", sample=True, name="Karim Haddad")
    plan = sample_plan(case.reference, "ar")
    PlanService(sqlite_ctx).save(plan)
    from PySide6.QtCore import QThreadPool

    from counsel_app.ui import tasks

    tasks.set_pool(QThreadPool.globalInstance())  # a real worker thread, as in the app
    step = open_step(case)
    assert step.findChild(QWidget, "plan_sample_badge").isVisible()
    step.tabs.setCurrentWidget(step.printing)
    panel = step.printing
    assert panel.findChild(QWidget, "plan_print_sample").isVisible()
    panel.lang.setCurrentIndex(panel.lang.findData("ar"))
    with qtbot.waitSignal(panel.rendered, timeout=20000) as signal:
        click(qtbot, panel, "plan_preview")
    pages = signal.args[0]
    assert pages >= 2
    first = panel.images[0]
    assert first.width() > 500 and first.height() > first.width()
    # the page is not blank: plenty of dark pixels (text), not a white sheet
    dark = sum(1 for x in range(0, first.width(), 7) for y in range(0, first.height(), 7)
               if first.pixelColor(x, y).lightness() < 128)
    assert dark > 100  # a blank sheet has none
    assert panel.findChild(QWidget, "plan_preview_page_1").accessibleName() == \
        f"Page 1 of {pages}"


def test_save_as_pdf_writes_a_valid_pdf(qtbot, sqlite_ctx, open_step, answers,
                                        tmp_path, monkeypatch):
    from pypdf import PdfReader

    from counsel_app.ui import plan_print

    case = make_case(sqlite_ctx)
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "fr"))
    step = open_step(case)
    panel = step.printing
    panel.lang.setCurrentIndex(panel.lang.findData("fr"))
    target = tmp_path / "out" / "plan"
    target.parent.mkdir()
    asked = []

    def fake_dialog(parent, title, default, filters):
        asked.append(default)
        return str(target), filters

    monkeypatch.setattr(plan_print.QFileDialog, "getSaveFileName", fake_dialog)
    click(qtbot, panel, "plan_save_pdf")
    written = target.with_name("plan.pdf")
    assert written.exists(), answers.shown
    assert asked and asked[0].endswith(f"{case.reference}-plan-fr.pdf")
    reader = PdfReader(str(written))
    text = "".join(page.extract_text() for page in reader.pages)
    assert case.reference in text and "1. Résumé du plan" in text
    assert "1. Summary of the plan" not in text
    assert [p.name for p in written.parent.iterdir()] == ["plan.pdf"]  # no temporary left

    # bilingual, English beside French: both headings, a new file name offered
    panel.second.setCurrentIndex(panel.second.findData("en"))
    panel.layout_combo.setCurrentIndex(panel.layout_combo.findData("beside"))
    target = tmp_path / "out" / "bilingual.pdf"
    click(qtbot, panel, "plan_save_pdf")
    assert asked[-1].endswith(f"{case.reference}-plan-fr-en.pdf")
    text = "".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "1. Résumé du plan" in text and "Summary of the plan" in text


def test_print_to_file_writes_the_pdf_itself(qtbot, sqlite_ctx, open_step, answers,
                                                tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from pypdf import PdfReader

    from counsel_app.ui import plan_print

    case = make_case(sqlite_ctx)
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "en"))
    step = open_step(case)
    out = tmp_path / "printed.pdf"

    def fake_exec(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(100)
        return QPrintDialog.Accepted

    monkeypatch.setattr(plan_print, "exec_dialog", fake_exec)
    panel = step.printing
    panel.lang.setCurrentIndex(panel.lang.findData("en"))
    click(qtbot, panel, "plan_print")
    assert out.exists()
    expected = len(PdfReader(io.BytesIO(panel._pdf)).pages)
    assert len(PdfReader(str(out)).pages) == expected
    # "print to file" gets the PDF itself: vector pages with text, not page images
    assert out.read_bytes() == panel._pdf
    assert case.reference in PdfReader(str(out)).pages[0].extract_text()
    assert str(out) in panel.status.text()


def test_a_language_not_reviewed_warns_and_offers_a_bilingual_print(
        qtbot, sqlite_ctx, open_step, answers):
    from counsel_app.i18n.languages import print_advice

    case = make_case(sqlite_ctx)
    step = open_step(case)
    panel = step.printing
    warned = [info for info in ("ti", "am", "ps", "fa_AF", "ar", "fr")
              if panel.lang.findData(info) >= 0 and print_advice(info).warn
              and print_advice(info).bilingual_with]
    assert warned, "expected at least one document language that is not reviewed"
    code = warned[0]
    panel.lang.setCurrentIndex(panel.lang.findData(code))
    assert panel.advice.isVisibleTo(panel) and panel.advice.text()
    assert panel.use_companion.isVisibleTo(panel)
    click(qtbot, panel, "plan_print_use_companion")
    assert panel.request().bilingual == print_advice(code, prefer=("en",)).bilingual_with[0]
    assert panel.request().layout == "beside"


def test_unprintable_script_is_a_clear_message_and_nothing_is_written(
        qtbot, sqlite_ctx, open_step, answers, tmp_path, monkeypatch):
    from counsel_app.ui import plan_print

    case = make_case(sqlite_ctx)
    plan = sample_plan(case.reference, "en")
    plan.notes = "Klingon-like private use: \U000F0000 and Cherokee ᏣᎳᎩ and Tamil தமிழ்"
    plan.summary[next(iter(plan.summary))] = "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ"
    PlanService(sqlite_ctx).save(plan)
    step = open_step(case)
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(plan_print.QFileDialog, "getSaveFileName",
                        lambda *a: (str(target), ""))
    click(qtbot, step.printing, "plan_save_pdf")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [] or not any(
        p.suffix in (".pdf", ".part") for p in tmp_path.iterdir())
    assert any("cannot be printed" in text for _kind, text in answers.shown), answers.shown
    assert "cannot be printed" in step.printing.status.text()


def test_undo_in_a_field_and_delete_key_in_a_table(qtbot, sqlite_ctx, open_step, answers):
    case = make_case(sqlite_ctx)
    step = open_step(case)
    place = step.findChild(QLineEdit, "plan_place")
    place.setFocus()
    assert place.text() == ""  # the place comes from the case unless the counsellor writes one
    qtbot.keyClicks(place, "Kindia centre")
    assert step.plan.place_of_return == "Kindia centre"
    qtbot.keyClick(place, Qt.Key_Z, Qt.ControlModifier)
    assert step.plan.place_of_return == ""
    # Delete on a selected budget line removes it
    step.tabs.setCurrentIndex(1)
    click(qtbot, step, "plan_budget_add")
    qtbot.keyClick(step.views["budget"].focusWidget(), Qt.Key_Escape)
    assert len(step.plan.budget) == 1
    view = step.views["budget"]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key_Delete)
    assert step.plan.budget == []


def test_leaving_with_changes_that_cannot_be_saved_says_so(qtbot, sqlite_ctx, open_step,
                                                          answers):
    case = make_case(sqlite_ctx)
    step = open_step(case, delay_ms=10_000)
    step.tabs.setCurrentIndex(3)
    click(qtbot, step, "plan_contacts_add")  # a contact point without a name
    qtbot.keyClick(step.views["contacts"].focusWidget(), Qt.Key_Escape)
    assert "Enter the name of contact point 1" in step.error_labels["contacts"].text()
    assert step.tabs.tabText(3).startswith("⚠")
    step.flush()  # the wizard leaves the step
    assert any("not saved yet" in text for _kind, text in answers.shown)
    assert not PlanService(sqlite_ctx).exists(case.reference)


def test_opportunities_chosen_on_their_step_come_into_the_plan(qtbot, sqlite_ctx, open_step,
                                                               answers):
    from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService

    OpportunityCatalogue(sqlite_ctx.db, sqlite_ctx.user).import_sample_set()
    case = make_case(sqlite_ctx, country="GN")
    service = OpportunityService(sqlite_ctx)
    first = service.suggest(case, limit=1).items[0].opportunity
    service.add_to_plan(case, first.id)
    step = open_step(case)
    rows = step.models["opportunities"].rows
    assert [o.source_id for o in rows] == [f"opportunities:{first.id}"]
    assert step.models["opportunities"].index(0, 4).data() == "SAMPLE"
    step.flush()
    assert PlanService(sqlite_ctx).get(case.reference).opportunities[0].title == \
        first.title("en")
    # removing it from the plan removes it from the Opportunities step too
    step.tabs.setCurrentIndex(2)
    view = step.views["opportunities"]
    view.setCurrentIndex(view.model().index(0, 0))
    click(qtbot, step, "plan_opportunities_remove")
    assert step.plan.opportunities == []
    assert service.chosen(case) == []
    step.entered()  # coming back does not bring it back
    assert step.plan.opportunities == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_power_cut_after_typing_in_the_plan_loses_nothing(app_ctx):
    """Killed (SIGKILL) 1.5 s after the last keystroke: the plan holds what was typed."""
    from tests.ui.power_cut import kill_after_typing

    case = make_case(app_ctx)
    kill_after_typing(app_ctx, "tests.ui.plan_typing_child", str(case.id))
    stored = PlanService(app_ctx).get(case.reference)
    assert stored.summary["economic"] == "Tailoring workshop in Kindia"
    assert [line.item for line in stored.budget] == ["Sewing machine"]


def test_the_plans_texts_in_the_persons_language_side_by_side(qtbot, sqlite_ctx, open_step,
                                                               answers, monkeypatch):
    """The counsellor (or the interpreter) writes a goal in Arabic beside the French; the
    plan keeps it, and the Arabic plan prints it."""
    from counsel_app.ui.plan_returnee_texts import ReturneeTextsDialog

    case = make_case(sqlite_ctx)
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "fr"))
    step = open_step(case)
    step.tabs.setCurrentIndex(step.tabs.count() - 1)
    step.printing.lang.setCurrentIndex(step.printing.lang.findData("ar"))
    goal = step.plan.goals[0].goal

    def write_and_accept(dialog):
        assert dialog.lang() == "ar" and dialog.written_in.text() == "French"
        row = [text for _where, text in dialog.rows].index(goal)
        assert dialog.table.item(row, 1).text() == goal  # the French, read-only, beside
        dialog.table.item(row, 2).setText("فتح ورشة خياطة.")
        return ReturneeTextsDialog.Accepted

    monkeypatch.setattr(ReturneeTextsDialog, "exec", write_and_accept)
    click(qtbot, step, "plan_print_returnee_texts")
    assert step.plan.returnee.lang == "ar"
    assert step.plan.returnee.texts == {goal: "فتح ورشة خياطة."}
    qtbot.waitUntil(lambda: bool(PlanService(sqlite_ctx).get(case.reference).returnee.texts),
                    timeout=3000)
    pdf = PlanService(sqlite_ctx).render_pdf(case.reference, "ar")
    from tests.documents.helpers import flat

    assert "فتح ورشة خياطة" in flat(pdf).replace("ـ", "")


def test_a_one_page_preview_and_print_say_1_page(qtbot, sqlite_ctx, open_step, monkeypatch):
    """One page is "1 page", as the language counts it, in the preview and when a printer the
    print service does not know gets page images."""
    from PySide6.QtGui import QImage

    from counsel_app.i18n import set_interface_language
    from counsel_app.ui import pdf_pages

    step = open_step(make_case(sqlite_ctx))
    panel = step.printing
    page = QImage(40, 60, QImage.Format_RGB32)
    panel._show_pages([page])
    assert panel.status.text() == "Preview: 1 page."
    panel._show_pages([page, page])
    assert panel.status.text() == "Preview: 2 pages."
    unknown = SimpleNamespace(outputFileName=lambda: "", outputFormat=lambda: None,
                              printerName=lambda: "")
    monkeypatch.setattr(pdf_pages, "paint_on_printer", lambda printer, pdf: 1)
    assert pdf_pages.send_to_printer(unknown, b"%PDF-1.4", "plan").startswith(
        "Sent 1 page to the printer as images")
    set_interface_language("fr")
    panel._show_pages([page])
    assert panel.status.text() == "Aperçu : 1 page."
    panel._show_pages([page, page])
    assert panel.status.text() == "Aperçu : 2 pages."
