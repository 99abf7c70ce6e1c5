"""A problem line reads in the direction of the interface, whatever its sentence begins with
(counsel_app.ui.message_label): Qt lays a label out in the direction of its first strong
letter, so "«3 Decembre» ليس تاريخًا" stood at the left of an Arabic screen, read from the
left. What is checked is what the person sees: where the sentence's ink is drawn, and in
which order its words come."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

from counsel_app.ui.steps.common import error_label, show_error
from tests.ui.keyboard import type_date

WIDTH = 900


def shown(qtbot, label: QLabel) -> QWidget:
    """``label`` on a page WIDTH wide, shown and laid out."""
    page = QWidget()
    QVBoxLayout(page).addWidget(label)
    page.setFixedWidth(WIDTH)
    qtbot.addWidget(page)
    page.show()
    QApplication.processEvents()
    return page


def ink(label: QLabel, inset: int = 0) -> tuple[int, int]:
    """The leftmost and rightmost columns where the label's text is drawn (``inset``: the
    width of a box's border and rounded corners, left out)."""
    image = label.grab().toImage()
    xs = range(inset, image.width() - inset)
    ys = range(inset, image.height() - inset)
    counts: dict[int, int] = {}
    for x in xs[::2]:
        for y in ys[::2]:
            counts[image.pixel(x, y)] = counts.get(image.pixel(x, y), 0) + 1
    background = max(counts, key=counts.get)
    columns = [x for x in xs if any(image.pixel(x, y) != background for y in ys)]
    assert columns, "nothing drawn"
    return columns[0], columns[-1]


def right_aligned(label: QLabel, inset: int = 0) -> bool:
    left, right = ink(label, inset)
    return right > label.width() - 12 - inset and left > label.width() / 3


def left_aligned(label: QLabel) -> bool:
    left, right = ink(label)
    return left < 12 and right < label.width() * 2 / 3


def x_of(label: QLabel, char: str, after: str = "") -> float:
    """Where the first ``char`` (after the first ``after``) of the label's text is drawn,
    laid out as Qt lays out a label's plain text (the direction of its first strong letter
    outside isolates)."""
    text = QLabel.text(label)  # as drawn, with whatever marks the label added
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    [run] = line.glyphRuns(text.index(char, text.index(after) if after else 0), 1)
    return run.boundingRect().center().x()


def test_in_arabic_a_problem_that_begins_with_latin_text_reads_from_the_right(qtbot, arabic):
    label = error_label("some_error")
    page = shown(qtbot, label)
    show_error(label, "«3 Decembre 2026» ليس تاريخًا.")  # the value not isolated
    assert label.text() == "«3 Decembre 2026» ليس تاريخًا."  # the sentence as it was set
    assert page.layoutDirection() == Qt.RightToLeft
    assert right_aligned(label), ink(label)
    assert x_of(label, "D") > x_of(label, "ل")  # the quoted text is read first: on the right


def test_in_english_a_problem_that_begins_with_arabic_text_reads_from_the_left(qtbot):
    label = error_label("some_error")
    page = shown(qtbot, label)  # noqa: F841 (kept: the label lives on it)
    show_error(label, "«٣ ديسمبر» is not a date.")
    assert left_aligned(label), ink(label)
    assert x_of(label, "ي") < x_of(label, "i")


@pytest.fixture
def date_field(qtbot):
    from counsel_app.ui.date_field import DateField

    field = DateField("some_day", "Some day")
    page = shown(qtbot, field)
    page.layout().addWidget(QLineEdit())  # where Tab takes the keyboard
    page.activateWindow()  # offscreen: active, or no field has the keyboard
    with qtbot.waitActive(page):
        pass
    yield field
    page.close()


def test_in_arabic_a_date_not_understood_is_said_from_the_right_in_the_typed_order(
        qtbot, arabic, date_field):
    type_date(qtbot, date_field, "3 Decembre 2026")
    assert "3 Decembre 2026" in date_field.error()
    label = date_field.message
    assert right_aligned(label), ink(label)
    # the typed text keeps its own order ("3" before "Decembre", not after "2026"), and
    # comes first from the right, before the Arabic words
    assert x_of(label, "3") < x_of(label, "D") < x_of(label, "2")
    assert x_of(label, "D") > x_of(label, "ل")
    # the ISO form in the sentence reads as it is typed, 2026-12-04, not 04-12-2026
    iso = f"{date.today().year}-12-04"
    assert x_of(label, "2", after=iso) < x_of(label, "1", after=iso) < x_of(label, "4",
                                                                            after=iso)


def test_the_sentence_follows_a_switch_of_the_interface_language(qtbot):
    from counsel_app.ui.i18n_qt import apply_interface_language

    label = error_label("some_error")
    page = shown(qtbot, label)  # noqa: F841 (kept: the label lives on it)
    show_error(label, "«3 Decembre 2026» ليس تاريخًا.")
    assert left_aligned(label)
    try:
        apply_interface_language("ar")
        QApplication.processEvents()
        assert right_aligned(label), ink(label)
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)
    QApplication.processEvents()
    assert left_aligned(label)


def test_in_arabic_the_plan_steps_ceiling_and_readiness_read_from_the_right(
        qtbot, arabic, sqlite_ctx, monkeypatch):
    """The plan step's ceiling line (budget tab) and its readiness line: a sentence that
    begins with Latin text (a currency code, a partner's name) reads from the right."""
    from dataclasses import replace
    from types import SimpleNamespace

    from counsel_app.ui.plan_step import PlanStep
    from counsel_app.ui.session_steps import StepServices
    from tests.ui.test_plan_step import make_case

    case = make_case(sqlite_ctx)
    holder = SimpleNamespace(ctx=sqlite_ctx, case=case, record=None, store=None)
    step = PlanStep(StepServices(sqlite_ctx, holder, changed=lambda part: None,
                                 save_now=lambda: None), delay_ms=50)
    qtbot.addWidget(step)
    step.resize(WIDTH, 700)
    step.show()
    step.entered()
    editor = step.editor
    budget, readiness = editor.budget, editor.readiness
    monkeypatch.setattr(editor, "budget", lambda lang: replace(
        budget(lang), message="«GNF 12,000,000» يتجاوز الحد الأقصى.", state="over"))
    monkeypatch.setattr(editor, "readiness", lambda: replace(
        readiness(), text="«Caritas Conakry» لم تُحدَّد بعد.", state="ready_with_problems"))
    step._after_change(saved=False)
    step.tabs.setCurrentIndex(1)  # the budget tab, where the ceiling is
    QApplication.processEvents()
    assert step.layoutDirection() == Qt.RightToLeft
    for label, latin, arabic_letter in ((step.ceiling, "G", "ي"),
                                        (step.ready_state, "C", "ل")):
        assert label.text().startswith("«")  # the sentence as it was set
        assert right_aligned(label, inset=5), (label.objectName(), ink(label, 5))
        assert x_of(label, latin) > x_of(label, arabic_letter), label.objectName()
