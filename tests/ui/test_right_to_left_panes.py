"""Screens with two panes side by side (the information step, the office workspace) in the
Arabic interface: the first pane in reading order is at the right and every pane keeps its
border inside the screen (a right-to-left QSplitter placed both panes one pixel too far
right: the right pane's border was cut off, the left pane overlapped the handle). A screen
can stay open while the interface language changes (the office workspace does), so the
panes follow the switch, each keeping the width the counsellor gave it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSplitter

from counsel_app.domain.case import Case, Person
from counsel_app.session.record import SessionRecord
from counsel_app.ui.i18n_qt import apply_interface_language


def _information_step(ctx):
    from counsel_app.ui.session_steps import StepServices
    from counsel_app.ui.steps.information import InformationStep

    case = ctx.cases.create(Case(person=Person(name_latin="Aminata Camara"),
                                 return_country="GN", counsellor=ctx.user))
    holder = SimpleNamespace(ctx=ctx, case=case, record=SessionRecord(case.id, case.reference),
                             store=None)
    services = StepServices(ctx, holder, changed=lambda part: None, save_now=lambda: None)
    step = InformationStep(services)
    return step, (step.library, step.topics_panel)


def _office_workspace(ctx):
    from counsel_app.ui.office.workspace import OfficeWorkspace

    workspace = OfficeWorkspace(ctx)
    return workspace, (workspace.table, workspace.right)


SCREENS = {"information step": _information_step, "office workspace": _office_workspace}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, qtbot, app_ctx):
    """The screen shown in a laptop-sized window, and its two panes in reading order."""
    widget, panes = SCREENS[request.param](app_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, panes


def _settle():
    for _ in range(3):
        QApplication.processEvents()


def _on_screen(widget, pane):
    """Where ``pane`` lies on ``widget``: (first column, last column)."""
    return (pane.mapTo(widget, QPoint(0, 0)).x(),
            pane.mapTo(widget, pane.rect().topRight()).x())


def _assert_whole(widget, panes):
    """Every pane lies inside the area that shows it: its first and last columns (its
    borders) are within the splitter and the screen, and no two panes overlap."""
    columns = sorted(_on_screen(widget, pane) for pane in panes)
    for pane in panes:
        holder = pane.parentWidget()
        assert holder.rect().contains(pane.geometry()), (pane.geometry(), holder.rect())
        first, last = _on_screen(widget, pane)
        assert 0 <= first and last < widget.width()
    for (_, last), (first, _) in zip(columns, columns[1:]):
        assert last < first  # the handle between them, neither pane over it


def test_in_arabic_the_first_pane_is_at_the_right_with_its_whole_border(
        qtbot, arabic, screen):
    widget, panes = screen
    assert widget.isRightToLeft()
    first, second = panes
    assert _on_screen(widget, first)[0] > _on_screen(widget, second)[1]  # at the right
    _assert_whole(widget, panes)
    assert first.isRightToLeft() and second.isRightToLeft()  # the panes read Arabic too


def _drag_handle(qtbot, splitter: QSplitter, dx: int) -> None:
    """Drag the handle between the two panes ``dx`` pixels to the right, with the mouse."""
    handle = splitter.handle(1)
    centre = handle.rect().center()
    qtbot.mousePress(handle, Qt.LeftButton, pos=centre)
    target = centre + QPoint(dx, 0)
    move = QMouseEvent(QEvent.MouseMove, QPointF(target), QPointF(handle.mapToGlobal(target)),
                       Qt.NoButton, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(handle, move)
    qtbot.mouseRelease(handle, Qt.LeftButton, pos=target)


def test_a_live_switch_to_arabic_and_back_moves_the_panes_and_keeps_their_widths(
        qtbot, screen):
    widget, panes = screen
    first, second = panes
    assert not widget.isRightToLeft()
    assert _on_screen(widget, first)[1] < _on_screen(widget, second)[0]  # at the left
    # the counsellor widens the first pane by dragging the handle between them
    splitter = next(w for w in widget.findChildren(QSplitter)
                    if w.indexOf(first) >= 0)
    before = first.width()
    _drag_handle(qtbot, splitter, 120)
    _settle()
    assert first.width() > before + 60
    widths = [first.width(), second.width()]
    try:
        apply_interface_language("ar")
        _settle()
        assert widget.isRightToLeft()
        assert _on_screen(widget, first)[0] > _on_screen(widget, second)[1]  # at the right
        _assert_whole(widget, panes)
        assert [first.width(), second.width()] == widths
        assert first.isRightToLeft() and second.isRightToLeft()  # the panes read Arabic too
        apply_interface_language("en")
        _settle()
        assert not widget.isRightToLeft()
        assert _on_screen(widget, first)[1] < _on_screen(widget, second)[0]  # at the left
        _assert_whole(widget, panes)
        assert [first.width(), second.width()] == widths
        assert not first.isRightToLeft() and not second.isRightToLeft()
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)
