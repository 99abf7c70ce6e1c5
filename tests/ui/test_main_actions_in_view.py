"""Every step's main actions can be pressed without scrolling, on a 1366x768 laptop and on
1280x720 (also 1920x1080 at 150 %): the window is the screen's available area less the
frame, and each action button is wholly visible (issue 22 item 6)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication

from counsel_app.domain.case import Case, Person
from counsel_app.ui.main_window import FRAME_ALLOWANCE

from .test_session_flow import _window

TASKBAR = 30  # a panel or taskbar takes about this much of the screen's height

#: the buttons that finish each step's work (besides Back and Next)
MAIN_ACTIONS = {
    "intake": ["add_member"],
    "information": ["print_handout"],
    "decision": ["record_decision"],
    "consent": ["consent_record"],
    "plan": ["plan_mark_ready"],
    "departure": ["travel_save", "travel_print_sheet"],
    "handover": ["handover_seal"],
}


@pytest.mark.parametrize("screen", [(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def test_every_main_action_is_in_view_without_scrolling(qtbot, app_ctx, answers, screen):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.resize(screen[0] - FRAME_ALLOWANCE[0], screen[1] - FRAME_ALLOWANCE[1] - TASKBAR)
    window.open_case(case.id)
    wizard = window.wizard
    hidden = []
    for spec in wizard.specs:
        wizard.go_to(spec.key)
        QApplication.processEvents()
        step = wizard.widgets[spec.key]
        names = MAIN_ACTIONS.get(spec.key, [])
        buttons = [wizard.back, wizard.next]
        for name in names:
            button = step.findChild(QAbstractButton, name)
            assert button is not None, f"{spec.key}: no button {name!r}"
            buttons.append(button)
        for button in buttons:
            seen = button.visibleRegion().boundingRect()
            if button.isVisibleTo(window) and seen.height() < button.height():
                hidden.append(f"{spec.key}: {button.text()!r} ({seen.height()} of "
                              f"{button.height()} pixels in view)")
    assert not hidden, "\n".join(hidden)
