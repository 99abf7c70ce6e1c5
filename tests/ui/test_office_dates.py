"""The office's dates are typed as every date is (issue 22): the medium form ("Dec 3, 2026",
"3 ديسمبر 2026", in the language's own digits too) or ISO, shown back in the medium form. A
QDateEdit showing the medium form could not be typed into: it ignored a month typed by
name. A text that is not a date stops the save with one sentence and records nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from counsel_app.followup.service import FollowupService
from counsel_app.handover.package import import_package
from tests.handover.helpers import PLAN_ACTIONS

from .test_office_workspace import _paragraph_direction, type_date
from .test_office_workspace import stations  # noqa: F401 - a fixture

DEC_3 = date(2026, 12, 3)


def plain(text: str) -> str:
    """A message without the isolates around the values it quotes."""
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def drawn(label) -> str:
    """What a message line lays out (with the interface's direction mark it adds)."""
    from PySide6.QtWidgets import QLabel

    return QLabel.text(label)


@pytest.fixture
def office_view(qtbot, stations):  # noqa: F811 - the fixture imported above
    """A received case, arrived 40 days ago, open in the office workspace (active, so
    fields have the keyboard)."""
    from counsel_app.ui.office.workspace import OfficeWorkspace

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    FollowupService(office.ctx).record_arrival(local, date.today() - timedelta(days=40), True)
    ws = OfficeWorkspace(office.ctx)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    ws.activateWindow()
    with qtbot.waitActive(ws):
        pass
    ws.open_reference(local)
    return ws.view, FollowupService(office.ctx), local


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.LeftButton)


def _a_score(view):
    combo = view.form.scores["income"]
    combo.setCurrentIndex(combo.findData(3))


@pytest.mark.skipif(date.today() < DEC_3, reason="a date later than today is refused")
def test_dates_typed_in_the_medium_form_are_understood_and_shown_so(qtbot, office_view):
    view, service, local = office_view
    form = view.form
    assert form.visit_date.edit.text() == f"{date.today():%b} {date.today().day}, " \
                                          f"{date.today().year}"  # today, not 12/6/26
    view.tabs.setCurrentIndex(1)  # Visits
    _a_score(view)
    type_date(qtbot, form.visit_date, "Dec 3, 2026")
    assert form.visit_date.edit.text() == "Dec 3, 2026"
    click(qtbot, form.record_button)
    assert not form.error.isVisible(), form.error.text()
    (visit,) = [v for v in service.summary(local).visits if v.kind == "followup"]
    assert visit.visit_date == DEC_3
    assert view.visit_list.tree.topLevelItem(0).text(0).startswith("Dec 3, 2026 — ")

    view.tabs.setCurrentIndex(0)  # Arrival and plan: an action's date, the refinement's
    view.action.setCurrentIndex(view.action.findText(PLAN_ACTIONS[0]))
    view.action_status.setCurrentIndex(view.action_status.findData("done"))
    type_date(qtbot, view.action_date, "2026-12-03")
    assert view.action_date.edit.text() == "Dec 3, 2026"
    click(qtbot, view.findChild(type(form.record_button), "office_action_save"))
    assert service.summary(local).actions[0].action_date == DEC_3
    type_date(qtbot, view.refined_on, "Dec 3, 2026")
    click(qtbot, view.findChild(type(form.record_button), "office_record_refinement"))
    assert service.summary(local).plan_refined_on == DEC_3
    assert view.refined.text() == "Refined on Dec 3, 2026"


@pytest.mark.skipif(date.today() < DEC_3, reason="a date later than today is refused")
def test_in_arabic_a_date_is_typed_with_the_month_by_name(qtbot, arabic, office_view):
    view, service, local = office_view
    form = view.form
    view.tabs.setCurrentIndex(1)
    _a_score(view)
    type_date(qtbot, form.visit_date, "Sept 31")  # not a date
    click(qtbot, form.record_button)
    assert "«Sept 31» ليس تاريخًا: اكتبه بالشكل " in plain(form.error.text())
    # a right-to-left line, though it begins with the Latin text typed
    assert _paragraph_direction(drawn(form.error)) == "R", form.error.text()
    view.tabs.setCurrentIndex(0)
    type_date(qtbot, view.arrival_date, "Sept 31")
    line = view.findChild(type(view.refined), "office_arrival_date_error")
    assert _paragraph_direction(drawn(line)) == "R", line.text()
    view.tabs.setCurrentIndex(1)
    type_date(qtbot, form.visit_date, "3 ديسمبر 2026")
    assert form.visit_date.edit.text() == "3 ديسمبر 2026"
    click(qtbot, form.record_button)
    assert not form.error.isVisible(), form.error.text()
    assert service.summary(local).visits[-1].visit_date == DEC_3
    view.tabs.setCurrentIndex(0)
    type_date(qtbot, view.refined_on, "٣ ديسمبر ٢٠٢٦")  # the language's own digits
    assert view.refined_on.edit.text() == "3 ديسمبر 2026"
    click(qtbot, view.findChild(type(form.record_button), "office_record_refinement"))
    assert service.summary(local).plan_refined_on == DEC_3


def test_a_text_that_is_not_a_date_records_nothing_and_says_why(qtbot, office_view):
    view, service, local = office_view
    form = view.form
    before = service.summary(local)
    view.tabs.setCurrentIndex(1)
    _a_score(view)
    qtbot.keyClicks(form.people, "her uncle")
    button_at = form.record_button.geometry()
    type_date(qtbot, form.visit_date, "Dec 32, 2026")
    click(qtbot, form.record_button)
    assert form.error.isVisible()
    assert plain(form.error.text()) == "“Dec 32, 2026” is not a date that exists."
    assert len(service.summary(local).visits) == len(before.visits)  # nothing recorded
    # nothing typed is lost, nothing moved
    assert form.visit_date.edit.text() == "Dec 32, 2026"
    assert form.people.text() == "her uncle" and form.values() == {"income": 3}
    assert form.record_button.geometry() == button_at

    view.tabs.setCurrentIndex(0)
    row_line = view.findChild(type(view.refined), "office_arrival_date_error")
    record_arrival = view.findChild(type(form.record_button), "office_record_arrival")
    below = view.schedule.geometry()
    type_date(qtbot, view.arrival_date, "31/31/2026")
    click(qtbot, record_arrival)
    assert plain(row_line.text()).startswith("“31/31/2026” is not a date")
    assert not view.error.isVisible()
    assert service.summary(local).arrival_date == before.arrival_date
    assert view.schedule.geometry() == below
    type_date(qtbot, view.arrival_date, "")  # no date is not today without a word
    click(qtbot, record_arrival)
    assert row_line.text() == "A date is needed here."
    assert service.summary(local).arrival_date == before.arrival_date
    type_date(qtbot, view.action_date, "tomorrow")
    click(qtbot, view.findChild(type(form.record_button), "office_action_save"))
    assert plain(view.action_date.error()).startswith("“tomorrow” is not a date")
    assert service.summary(local).actions == before.actions


ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_case_table_and_the_consents_carried_show_dates_in_the_medium_form(
        qtbot, request, office_view, lang):
    from counsel_app.followup import office as office_rules
    from counsel_app.i18n.dates import show_date, show_stored_date

    if lang == "ar":
        request.getfixturevalue("arabic")
    view, service, local = office_view
    office_rules.withdraw_consent(view.ctx, local, "share_with_recipient",
                                  on=date.today() - timedelta(days=2))
    ws = view.window()  # the office workspace
    ws.refresh()
    view.refresh()
    summary = service.summary(local)
    # the arrival and the next visit due, as every other date on the screen
    assert ws.table.item(0, 4).text() == show_date(summary.arrival_date, lang)
    assert show_date(summary.next_due.due_on, lang) in ws.table.item(0, 5).text()
    for column in (4, 5):
        assert not ISO.search(ws.table.item(0, column).text())
    # the consents the package carried: since when, and a withdrawal at the office
    texts = [view.consents.item(i).text() for i in range(view.consents.count())]
    carried = office_rules.carried_consents(view.ctx, local)
    assert len(texts) == len(carried) and carried
    for text, consent in zip(texts, carried):
        assert show_stored_date(consent.since[:10], lang) in text, text
        assert not ISO.search(text), text
    withdrawn = show_date(date.today() - timedelta(days=2), lang)
    assert any(withdrawn in text for text in texts), texts


@pytest.mark.parametrize("lang, separator", [("en", ", "), ("ar", "\u060c ")])
def test_the_visits_due_are_listed_with_the_languages_separator(qtbot, request, office_view,
                                                                 lang, separator):
    """"Visits due": the language's separator between the visits ("، " in Arabic), each an
    isolate, never an ASCII "; "."""
    from counsel_app.documents.bidi import isolate
    from counsel_app.i18n.dates import show_date

    if lang == "ar":
        request.getfixturevalue("arabic")
    view, service, local = office_view
    view.refresh()
    schedule = service.summary(local).schedule
    text = view.schedule.text()
    assert len(schedule) >= 2 and "; " not in text, text
    # between two visits: the end of one isolate, the separator, the start of the next
    items = text.split("\u2069" + separator + "\u2068")
    assert len(items) == len(schedule), text
    for item, due in zip(items, schedule):
        assert show_date(due.due_on, lang) in item, text
    assert isolate(items[1]) in text, text  # a whole visit in one isolate
