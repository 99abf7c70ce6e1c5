"""Every summary follows the same change as the data: the header when a service replaces
the case (a status changed by the handover, say), the step list when a step edits."""

from __future__ import annotations

import dataclasses

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus

from .test_session_flow import _window


def test_the_header_follows_a_replaced_case_at_once(qtbot, app_ctx, answers):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    wizard = window.wizard
    assert "Omar Ali" in wizard.title.text()
    # what a step does when a service changed the case's status behind it
    replaced = dataclasses.replace(wizard.holder.case, status=CaseStatus.HANDED_OVER)
    wizard.holder.case = replaced
    qtbot.waitUntil(lambda: "Handed over" in wizard.title.text(), timeout=500)


def test_the_step_list_follows_an_edit_before_it_is_saved(qtbot, app_ctx, answers):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    wizard = window.wizard
    intake = wizard.widgets["intake"]
    wizard.autosaver.timer.setInterval(60_000)  # no save in between: the list must not wait
    intake.summary = lambda: "edited"  # what the step would now say of itself
    qtbot.keyClicks(intake.town, "K")
    qtbot.waitUntil(lambda: "edited" in wizard.step_list.item(0).text(), timeout=500)
