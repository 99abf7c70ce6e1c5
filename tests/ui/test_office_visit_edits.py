"""A recorded visit open in the office's survey form is never replaced nor left dangling
without the caseworker knowing: opening another visit while its change is not saved asks
Save / Discard / Cancel; deleting the visit open in the form brings the form back to a new
visit and says so (saving would otherwise say the visit does not exist)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from counsel_app.followup import office as office_rules
from counsel_app.followup.service import FollowupService
from counsel_app.ui import messages
from tests.handover.helpers import handed_over
from tests.ui.conftest import answers  # noqa: F401  (fixture)
from tests.ui.keyboard import type_text

DEPARTURE = date.today() - timedelta(days=120)
DAY_A = DEPARTURE + timedelta(days=40)
DAY_B = DEPARTURE + timedelta(days=70)


@pytest.fixture
def view(qtbot, tmp_path):
    """The office's view of a received case with two visits recorded (A, then B), on its
    Visits tab."""
    from counsel_app.ui.office.case_view import OfficeCaseView

    _sender, office, _case, local = handed_over(tmp_path, contact=True, departure=DEPARTURE)
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, DEPARTURE + timedelta(days=1), True)
    follow.record_visit(local, {"income": 2, "food": 2}, DAY_A, "home", note="first")
    follow.record_visit(local, {"income": 3, "food": 3}, DAY_B, "phone", note="second")
    view = OfficeCaseView(office.ctx, local)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.tabs.setCurrentIndex(1)
    return view


def open_visit(qtbot, view, day):
    """Choose the visit of ``day`` in the list and press Edit or complete."""
    tree = view.visit_list.tree
    row = next(i for i, v in enumerate(view.visit_list.visits) if v.visit_date == day)
    tree.setCurrentItem(tree.topLevelItem(row))
    qtbot.mouseClick(view.visit_list.edit_button, Qt.LeftButton)


def recorded(view, day):
    return next(v for v in FollowupService(view.ctx).summary(view.reference).visits
                if v.visit_date == day)


def type_note(qtbot, view, text):
    """Type at the end of the note, as a caseworker adding to it."""
    view.form.note.setFocus()
    qtbot.keyClick(view.form.note, Qt.Key_End, Qt.ControlModifier)
    type_text(qtbot, view.form.note, text)


def test_opening_another_visit_asks_before_the_change_is_replaced(qtbot, view, answers):
    form = view.form
    open_visit(qtbot, view, DAY_A)
    assert form.editing == recorded(view, DAY_A).uid and form.note.toPlainText() == "first"
    open_visit(qtbot, view, DAY_B)  # nothing changed in A: no question
    assert not answers.shown and form.editing == recorded(view, DAY_B).uid
    open_visit(qtbot, view, DAY_A)
    type_note(qtbot, view, ", shop open")

    # Cancel: the form stays on A, as typed
    answers.choices = ["cancel"]
    open_visit(qtbot, view, DAY_B)
    assert len(answers.shown) == 1 and "not saved" in answers.shown[-1][1]
    assert form.editing == recorded(view, DAY_A).uid
    assert form.note.toPlainText() == "first, shop open"
    # opening A again keeps what is typed (not the visit as recorded)
    open_visit(qtbot, view, DAY_A)
    assert form.note.toPlainText() == "first, shop open" and len(answers.shown) == 1

    # Save: A's change is saved, then B opens
    answers.choices = ["save"]
    open_visit(qtbot, view, DAY_B)
    assert recorded(view, DAY_A).note == "first, shop open"
    assert form.editing == recorded(view, DAY_B).uid and form.note.toPlainText() == "second"

    # Discard: B's change goes (and its draft), A opens as recorded
    type_note(qtbot, view, " call")
    qtbot.waitUntil(lambda: office_rules.load_edit_draft(view.ctx, view.reference) is not None
                    and office_rules.load_edit_draft(view.ctx, view.reference)["note"]
                    == "second call", timeout=3000)
    answers.choices = ["discard"]
    open_visit(qtbot, view, DAY_A)
    assert len(answers.shown) == 3
    assert recorded(view, DAY_B).note == "second"
    assert form.editing == recorded(view, DAY_A).uid
    assert form.note.toPlainText() == "first, shop open"
    edit = office_rules.load_edit_draft(view.ctx, view.reference)
    assert edit is None or edit["visit"] == recorded(view, DAY_A).uid


def test_a_change_that_cannot_be_saved_keeps_the_form_on_it(qtbot, view, answers):
    form = view.form
    open_visit(qtbot, view, DAY_A)
    form.scores["income"].setCurrentIndex(0)
    form.scores["food"].setCurrentIndex(0)  # no answer left: refused
    answers.choices = ["save"]
    open_visit(qtbot, view, DAY_B)
    assert form.editing == recorded(view, DAY_A).uid
    assert form.error.isVisible() and "at least one score" in form.error.text()
    assert recorded(view, DAY_A).scores == {"income": 2, "food": 2}


def test_deleting_the_visit_open_in_the_form_brings_back_a_new_visit(qtbot, view,
                                                                     monkeypatch):
    form = view.form
    open_visit(qtbot, view, DAY_A)
    type_note(qtbot, view, ", shop open")
    monkeypatch.setattr(messages, "ask", lambda parent, text, title=None: True)
    tree = view.visit_list.tree
    row = next(i for i, v in enumerate(view.visit_list.visits) if v.visit_date == DAY_A)
    tree.setCurrentItem(tree.topLevelItem(row))
    qtbot.mouseClick(view.visit_list.delete_button, Qt.LeftButton)
    assert [v.visit_date for v in FollowupService(view.ctx).summary(view.reference).visits] \
        == [DAY_B]
    assert form.editing is None
    assert form.record_button.text().replace("&", "") == "Record the visit"
    assert form.note.toPlainText() == "" and form.values() == {}
    assert form.error.isVisible() and "was deleted" in form.error.text()
    assert "back to a new visit" in form.error.text()
    # the form records a new visit (it no longer says the visit does not exist)
    form.scores["income"].setCurrentIndex(form.scores["income"].findData(4))
    qtbot.mouseClick(form.record_button, Qt.LeftButton)
    assert not form.error.isVisible(), form.error.text()
    assert len(FollowupService(view.ctx).summary(view.reference).visits) == 2


def test_cancelling_a_change_not_saved_asks_first(qtbot, view, answers):
    form = view.form
    # nothing changed: the form goes back to a new visit without a question
    open_visit(qtbot, view, DAY_B)
    qtbot.mouseClick(form.cancel_button, Qt.LeftButton)
    assert not answers.shown and form.editing is None

    open_visit(qtbot, view, DAY_A)
    type_note(qtbot, view, ", shop open")
    # Cancel: the form stays on A, as typed
    answers.choices = ["cancel"]
    qtbot.mouseClick(form.cancel_button, Qt.LeftButton)
    assert len(answers.shown) == 1
    assert "not saved" in answers.shown[-1][1] and "new visit" in answers.shown[-1][1]
    assert form.editing == recorded(view, DAY_A).uid
    assert form.note.toPlainText() == "first, shop open"
    # Save: the change is saved and the form is a new visit
    answers.choices = ["save"]
    qtbot.mouseClick(form.cancel_button, Qt.LeftButton)
    assert len(answers.shown) == 2 and recorded(view, DAY_A).note == "first, shop open"
    assert form.editing is None and form.note.toPlainText() == ""
    # Discard: the change goes, the visit stays as recorded
    open_visit(qtbot, view, DAY_A)
    type_note(qtbot, view, " today")
    answers.choices = ["discard"]
    qtbot.mouseClick(form.cancel_button, Qt.LeftButton)
    assert len(answers.shown) == 3 and recorded(view, DAY_A).note == "first, shop open"
    assert form.editing is None and form.note.toPlainText() == ""


def test_the_delete_question_says_a_change_not_saved_goes_with_the_visit(qtbot, view,
                                                                         monkeypatch):
    asked = []
    monkeypatch.setattr(messages, "ask",
                        lambda parent, text, title=None: asked.append(text) or False)
    tree = view.visit_list.tree

    def delete(day):
        row = next(i for i, v in enumerate(view.visit_list.visits) if v.visit_date == day)
        tree.setCurrentItem(tree.topLevelItem(row))
        qtbot.mouseClick(view.visit_list.delete_button, Qt.LeftButton)

    open_visit(qtbot, view, DAY_A)
    delete(DAY_A)  # open, nothing changed: the plain question
    assert "not saved" not in asked[-1]
    type_note(qtbot, view, ", shop open")
    delete(DAY_B)  # another visit: the change to A does not concern it
    assert "not saved" not in asked[-1]
    delete(DAY_A)
    assert "Delete the visit of" in asked[-1] and "not saved yet" in asked[-1], asked[-1]
    assert len(asked) == 3
    # answered No: nothing deleted, the change still typed
    assert len(FollowupService(view.ctx).summary(view.reference).visits) == 2
    assert view.form.note.toPlainText() == "first, shop open"
