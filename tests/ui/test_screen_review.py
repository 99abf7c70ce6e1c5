"""Defects found in the screen review of 6 December (1366x768, English and Arabic): one set of
digits and one form of date on every screen, dates never written as numbers only."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.ui.i18n_qt import apply_interface_language
from tests.ui.test_plan_step import make_case, open_step  # noqa: F401  (fixture)

EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
NUMERIC_DATE = re.compile(r"\d{1,4}\s*[\u200e\u200f]?[/.-]\s*[\u200e\u200f]?\d{1,2}")


def test_arabic_date_and_number_fields_write_the_digits_of_the_rest_of_the_interface(
        qtbot, sqlite_ctx, open_step, arabic):  # noqa: F811
    """Babel writes plain Arabic with 0-9 (the case list, the intake's date of birth, the
    budget); Qt's own fields read a bare "ar" as Egyptian Arabic and wrote ١٥/١٢/٢٠٢٦."""
    from counsel_app.settings import Preferences
    from counsel_app.ui.settings_dialog import SettingsDialog

    case = make_case(sqlite_ctx)
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "fr"))
    step = open_step(case)
    arrival = step.findChild(QLineEdit, "plan_arrival_date")
    assert arrival.text() and not EASTERN_DIGITS.search(arrival.text()), arrival.text()
    assert str(step.arrival_date.date().year) in arrival.text()

    dialog = SettingsDialog(Preferences(), None, sqlite_ctx)
    qtbot.addWidget(dialog)
    months = dialog.editors["stale_months"]
    assert isinstance(months, QSpinBox)
    assert months.text() == str(months.value()), months.text()


def test_dates_in_the_plan_tables_are_the_medium_form_in_arabic_too(
        qtbot, sqlite_ctx, open_step, arabic):  # noqa: F811
    """The actions' "by when" column: "14 يناير 2027" like every other date on screen, never
    the numeric 2027/01/14 (which reads as another day to someone else)."""
    from counsel_app.i18n.dates import show_date

    case = make_case(sqlite_ctx)
    plan = sample_plan(case.reference, "fr")
    PlanService(sqlite_ctx).save(plan)
    step = open_step(case)
    goals = step.views["goals"]
    goals.setCurrentIndex(goals.model().index(0, 0))
    actions = step.views["actions"]
    model = actions.model()
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Horizontal) == "الموعد النهائي")
    shown = [model.index(r, column).data() for r in range(model.rowCount())
             if model.index(r, column).data()]
    assert shown, "no action with a date in the sample plan"
    wanted = {show_date(a.by_when, "ar") for a in plan.goals[0].actions if a.by_when}
    assert set(shown) == wanted, shown
    for text in shown:
        assert not NUMERIC_DATE.search(text), text
        assert re.search("[\u0621-\u064a]", text), text  # the month by name


def test_the_departure_checklist_shows_the_clearance_date_as_every_other_date(
        qtbot, sqlite_ctx, arabic):
    """"Medical clearance: Fit to travel (2026-12-06)" sat under "Left on: 6 ديسمبر 2026"."""
    from datetime import date

    from counsel_app.i18n.dates import show_date
    from counsel_app.session.store import SessionStore
    from counsel_app.travel.service import TravelService
    from tests.ui.test_departure_step import checklist_text, make_step

    case = make_case(sqlite_ctx)
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    session = store.load(case.id, case.reference)
    session.screening.set_flag("health", True, "asthma")  # fitness to travel is then asked
    store.save_part(session, "screening")
    travel = TravelService(sqlite_ctx)
    record = travel.record(case)
    assessed = date(2026, 12, 4)
    record.fitness.clearance, record.fitness.assessed_on = "fit", assessed
    travel.save(case, record)
    step, _holder = make_step(qtbot, sqlite_ctx, case)
    text = checklist_text(step)
    assert f"({show_date(assessed, 'ar')})" in text, text
    assert "2026-12-04" not in text


@pytest.mark.parametrize(("lang", "typed"), [("en", "Dec 3, 2026"), ("ar", "٣ ديسمبر ٢٠٢٦")])
def test_the_expected_arrival_is_shown_and_typed_in_the_medium_form(
        qtbot, sqlite_ctx, open_step, lang, typed):  # noqa: F811
    """"12/15/26" reads as 15 December to one person and as nonsense or 12 March to
    another; the plan's expected arrival is shown as every other date on screen, and typed
    the same way (a date spin box in that form ignored a month typed by name). Empty is
    "not known yet", as the plan allows."""
    from datetime import date

    from counsel_app.i18n.dates import show_date
    from tests.ui.keyboard import type_date

    apply_interface_language(lang)
    try:
        case = make_case(sqlite_ctx)
        plan = sample_plan(case.reference, "fr")
        PlanService(sqlite_ctx).save(plan)
        step = open_step(case)
        step.activateWindow()  # offscreen: active, or no field has the keyboard
        with qtbot.waitActive(step):
            pass
        field = step.arrival_date

        def stored():
            return PlanService(sqlite_ctx).get(case.reference).expected_arrival

        assert field.edit.text() == show_date(plan.expected_arrival, lang)
        assert not NUMERIC_DATE.search(field.edit.text()), field.edit.text()

        type_date(qtbot, field, "3 Decembre 2026")  # not a date: said, nothing changes
        assert "3 Decembre 2026" in field.error()
        assert field.message.isVisible()
        assert step.plan.expected_arrival == plan.expected_arrival
        qtbot.wait(150)  # past the autosave pause
        assert stored() == plan.expected_arrival

        type_date(qtbot, field, typed)
        assert field.error() == ""
        assert field.edit.text() == show_date(date(2026, 12, 3), lang)  # "3 ديسمبر 2026"
        qtbot.waitUntil(lambda: stored() == date(2026, 12, 3), timeout=2000)

        type_date(qtbot, field, "")  # not known any more
        assert field.error() == ""
        qtbot.waitUntil(lambda: stored() is None, timeout=2000)
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)


def test_a_french_goal_keeps_its_full_stop_at_its_end_in_the_arabic_interface(
        qtbot, sqlite_ctx, open_step, arabic):  # noqa: F811
    """The goals table and the title above the actions painted ".Ouvrir l'atelier …
    l'arrivée" in the Arabic interface: the French sentence, in a right-to-left line, lost
    its full stop to the other end. Each painted cell and the goal in the title are isolated
    (FSI…PDI), so the sentence keeps its own direction; the data stays the plain text."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    FSI, PDI = "\u2068", "\u2069"
    case = make_case(sqlite_ctx)
    plan = sample_plan(case.reference, "fr")
    PlanService(sqlite_ctx).save(plan)
    step = open_step(case)
    step.tabs.setCurrentIndex(5)
    goals = step.views["goals"]
    goals.setCurrentIndex(goals.model().index(0, 0))
    goal = plan.goals[0].goal
    assert goal.endswith(".")
    index = goals.model().index(0, 0)
    assert index.data() == goal  # what is stored and edited is the text itself
    option = QStyleOptionViewItem()
    goals.itemDelegateForIndex(index).initStyleOption(option, index)
    assert option.text == FSI + goal + PDI
    assert FSI + goal + PDI in step.actions_title.text()
    actions = step.views["actions"]
    cell = actions.model().index(0, 1)
    option = QStyleOptionViewItem()
    actions.itemDelegateForIndex(cell).initStyleOption(option, cell)
    assert option.text == FSI + cell.data() + PDI


def test_every_line_of_a_suggestion_is_shown_in_the_arabic_interface(qtbot, app_ctx, answers,
                                                                     arabic):
    """Qt measured the Arabic lines of a suggestion lower than it drew them: the job
    placement desk lost "sample data, not a real offer" and a reason to "…"."""
    from counsel_app.demo import sample_case
    from counsel_app.opportunities.service import OpportunityCatalogue
    from tests.ui.test_session_flow import _window

    OpportunityCatalogue(app_ctx.db, app_ctx.user).import_sample_set()
    case = app_ctx.cases.create(sample_case())
    window = _window(qtbot, app_ctx)
    window.resize(1366, 768)
    window.open_case(case.id)
    window.wizard.go_to("opportunities")
    listing = window.wizard.widgets["opportunities"].list
    qtbot.waitUntil(lambda: listing.count() > 0, timeout=5000)
    QApplication.processEvents()
    line = listing.fontMetrics().height()
    for row in range(listing.count()):
        item = listing.item(row)
        lines = item.text().count("\n") + 1
        assert listing.visualItemRect(item).height() >= lines * line, item.text()


def test_a_search_that_finds_no_case_says_why(qtbot, app_ctx, answers):
    """"Gui" in the Arabic interface found nothing (countries match by their name in the
    interface's language) and the table stayed empty with "0 cases" alone."""
    from counsel_app.domain.case import Case, Person
    from tests.ui.test_session_flow import _window

    app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"), return_country="SN"))
    window = _window(qtbot, app_ctx)
    listing = window.case_list
    qtbot.keyClicks(listing.search, "Zebulon")
    listing.apply_filter()
    qtbot.waitUntil(lambda: listing.shown_count == 0, timeout=5000)
    assert listing.model.rowCount() == 0
    assert "No case matches “Zebulon”" in listing.count_label.text()
    listing.search.clear()
    qtbot.keyClicks(listing.search, "Awa")
    listing.apply_filter()
    qtbot.waitUntil(lambda: listing.shown_count == 1, timeout=5000)
    assert listing.count_label.text() == "1 case"
