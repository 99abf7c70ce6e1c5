"""A date of birth is typed, not scrolled to: the language's form, ISO or its numbers;
empty is unknown (the estimated age counts); the calendar opens near a plausible date; a
mistake is one sentence under the field, nothing below moves, and nothing is saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counsel_app.domain.case import Case, Person

from .test_session_flow import _window


def _intake(qtbot, app_ctx):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    return case, window, window.wizard.widgets["intake"]


def _type(qtbot, field, text):
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key_Tab)
    QApplication.processEvents()


def test_a_date_of_birth_typed_in_the_iso_form_is_saved_and_shown_by_name(qtbot, app_ctx, answers):
    case, window, intake = _intake(qtbot, app_ctx)
    assert intake.dob.edit.text() == ""  # unknown: empty, not "1900-01-01"
    assert "leave empty if unknown" in intake.dob.edit.placeholderText()
    _type(qtbot, intake.dob, "1990-01-19")
    assert intake.dob.edit.text() == "Jan 19, 1990"  # how it was understood
    assert not intake.age.isEnabled()  # the age follows from the date
    window.wizard.flush()
    assert app_ctx.cases.get(case.id).person.date_of_birth == dt.date(1990, 1, 19)
    # typed over: "unknown" again
    _type(qtbot, intake.dob, "unknown")
    window.wizard.flush()
    assert app_ctx.cases.get(case.id).person.date_of_birth is None
    assert intake.age.isEnabled()


def test_a_mistake_is_one_sentence_nothing_moves_and_nothing_is_saved(qtbot, app_ctx, answers):
    case, window, intake = _intake(qtbot, app_ctx)
    _type(qtbot, intake.dob, "Mar 3, 1985")
    window.wizard.flush()
    below = intake.age.mapTo(window, intake.age.rect().topLeft())
    _type(qtbot, intake.dob, "12/4/85")
    assert "four digits" in intake.dob.error()
    assert intake.age.mapTo(window, intake.age.rect().topLeft()) == below  # nothing jumped
    _type(qtbot, intake.dob, "31/02/1985")
    assert "not a date that exists" in intake.dob.error()
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    _type(qtbot, intake.dob, future)
    assert "later than" in intake.dob.error()
    window.wizard.flush()
    assert app_ctx.cases.get(case.id).person.date_of_birth == dt.date(1985, 3, 3)
    _type(qtbot, intake.dob, "1985-03-04")
    assert intake.dob.error() == ""
    assert intake.age.mapTo(window, intake.age.rect().topLeft()) == below


def test_the_calendar_opens_near_the_estimated_age_not_in_1900(qtbot, app_ctx, answers):
    case, window, intake = _intake(qtbot, app_ctx)
    intake.age.setFocus()
    intake.age.selectAll()
    qtbot.keyClicks(intake.age, "40")
    intake.dob.edit.setFocus()
    qtbot.keyClick(intake.dob.edit, Qt.Key_Down, Qt.AltModifier)  # keyboard: Alt+Down
    shown = intake.dob.calendar.selectedDate()
    assert shown.year() == dt.date.today().year - 40
    intake.dob.calendar.activated.emit(shown)
    assert intake.dob.date() == dt.date(shown.year(), shown.month(), shown.day())
