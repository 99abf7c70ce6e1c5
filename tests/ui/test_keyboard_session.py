"""A counsellor runs a whole session by keyboard alone (issue 22 item 6).

Every key goes to the widget that has the focus, as on a real keyboard: fields are reached
with Tab, boxes and buttons pressed with Space, choices made with the arrow keys or by typing,
steps changed with Alt+Right. A control that Tab cannot reach fails the test.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from counsel_app.domain.enums import CaseStatus, Decision

from .test_session_flow import _window as session_window

MAX_TABS = 160


class Keyboard:
    """Keys sent to whatever has the focus, as a physical keyboard does."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window = qtbot, window

    def target(self):
        if QApplication.activeWindow() is None:
            # a window manager gives the activation back to the window when a dialog
            # closes; the offscreen platform does not
            self.window.activateWindow()
            with self.qtbot.waitActive(self.window):
                pass
        return QApplication.focusWidget() or QApplication.activeWindow()

    def press(self, key, modifier=Qt.NoModifier, times: int = 1):
        for _ in range(times):
            self.qtbot.keyClick(self.target(), key, modifier)
        QApplication.processEvents()

    def type(self, text: str):
        self.qtbot.keyClicks(self.target(), text)
        QApplication.processEvents()

    def tab_to(self, name: str, backwards: bool = False):
        """Press Tab until the control named ``name`` has the focus; fail if it never does."""
        seen = []
        for _ in range(MAX_TABS):
            self.target()
            widget = QApplication.focusWidget()
            if widget is not None and widget.objectName() == name:
                return widget
            seen.append(widget.objectName() if widget is not None else None)
            self.press(Qt.Key_Backtab if backwards else Qt.Key_Tab)
        raise AssertionError(f"Tab never reaches {name!r}; it goes through {seen[:60]}")

    def in_dialog(self, actions):
        """Run ``actions`` once a modal dialog has opened and holds the focus (keys go to it
        as soon as it shows); a dialog still open after them is closed so the test fails
        instead of waiting forever."""
        state = {"tries": 0}

        def attempt():
            dialog = QApplication.activeModalWidget()
            focus = QApplication.focusWidget()
            if dialog is None or focus is None or not dialog.isAncestorOf(focus):
                state["tries"] += 1
                if state["tries"] < 250:
                    QTimer.singleShot(20, attempt)
                return
            actions()
            if QApplication.activeModalWidget() is dialog:
                state["left_open"] = dialog.objectName() or type(dialog).__name__
                dialog.reject()

        QTimer.singleShot(0, attempt)
        return state

    def next_step(self):
        self.press(Qt.Key_Right, Qt.AltModifier)


def _window(qtbot, ctx):
    window = session_window(qtbot, ctx)
    window.resize(1366, 768)
    return window


def test_a_whole_session_by_keyboard_alone(qtbot, app_ctx, answers):
    window = _window(qtbot, app_ctx)
    keys = Keyboard(qtbot, window)

    def new_case_dialog():
        keys.type("Mariama Sow")
        keys.press(Qt.Key_Return)

    opened = keys.in_dialog(new_case_dialog)
    keys.press(Qt.Key_N, Qt.ControlModifier)
    assert "left_open" not in opened, opened
    wizard = window.wizard
    assert wizard is not None and wizard.current_key() == "intake"
    case = wizard.holder.case

    # 1. Intake
    keys.tab_to("name_native")
    keys.type("Mariama Sow")
    keys.tab_to("estimated_age")
    keys.press(Qt.Key_A, Qt.ControlModifier)
    keys.type("29")
    keys.tab_to("phone")
    keys.type("+224 620 00 00 00")
    keys.tab_to("return_country")
    keys.type("Guinea")
    keys.tab_to("return_region")
    keys.type("Conakry")
    keys.tab_to("return_town")
    keys.type("Ratoma")
    keys.next_step()
    assert wizard.current_key() == "screening"

    # 2. Screening
    keys.tab_to("flag_single_parent")
    keys.press(Qt.Key_Space)
    keys.tab_to("step_childcare_plan")  # the next step it calls for, done in the session
    keys.press(Qt.Key_Space)
    keys.next_step()
    assert wizard.current_key() == "information"
    keys.next_step()
    keys.next_step()
    keys.next_step()
    assert wizard.current_key() == "decision"

    # 6. Decision: the three elements, then "return", then record
    for element in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        keys.tab_to(f"{element}_yes")
        keys.press(Qt.Key_Space)
        keys.tab_to(f"{element}_note")
        keys.type("checked with the interpreter")
    keys.tab_to("decision_return")
    keys.press(Qt.Key_Space)
    keys.tab_to("decision_note")
    keys.type("Wants to open a salon in Conakry")
    keys.tab_to("record_decision")
    keys.press(Qt.Key_Space)
    assert app_ctx.cases.get(case.id).decision is Decision.RETURN

    # 7. Consent: the two consents a return needs, recorded
    keys.next_step()
    assert wizard.current_key() == "consent"
    keys.tab_to("consent_return_decision_yes")
    keys.press(Qt.Key_Space)
    keys.tab_to("consent_data_processing_yes")
    keys.press(Qt.Key_Space)
    keys.tab_to("consent_follow_up_contact_yes")
    keys.press(Qt.Key_Space)
    keys.tab_to("consent_teach_back")
    keys.press(Qt.Key_Space)
    keys.tab_to("consent_teach_back_note")
    keys.type("She said her data goes to the office in Guinea, and she can stop any time")
    keys.tab_to("consent_record")
    keys.press(Qt.Key_Space)
    assert app_ctx.cases.get(case.id).status is CaseStatus.CONSENTED

    # 8. Plan: an assistance and a goal, then marked ready
    keys.next_step()
    assert wizard.current_key() == "plan"
    keys.tab_to("plan_assist_micro_business")
    keys.press(Qt.Key_Space)
    tabs = wizard.widgets["plan"].tabs
    keys.tab_to("qt_tabwidget_tabbar")
    while "Goals" not in tabs.tabText(tabs.currentIndex()):
        before = tabs.currentIndex()
        keys.press(Qt.Key_Right)
        assert tabs.currentIndex() != before, "the arrow keys do not move along the tabs"
    keys.tab_to("plan_goals_add")
    keys.press(Qt.Key_Space)  # a new goal, its first cell open for typing
    keys.type("Open a hair salon in Ratoma")
    keys.press(Qt.Key_Return)
    keys.tab_to("plan_actions_add")
    keys.press(Qt.Key_Space)
    keys.type("Mariama")  # who
    keys.press(Qt.Key_Return)
    keys.press(Qt.Key_Right)
    keys.type("Find a room to rent")  # does what: typing opens the cell
    keys.press(Qt.Key_Return)
    keys.tab_to("plan_mark_ready")
    keys.press(Qt.Key_Space)
    assert app_ctx.cases.get(case.id).status is CaseStatus.PLAN_READY

    # 9. Departure: the date and the meeting point, saved with its Alt letter (Alt+V)
    keys.next_step()
    assert wizard.current_key() == "departure"
    keys.tab_to("travel_departure_date")
    keys.type("2027-01-15")
    keys.tab_to("travel_meeting_point")
    keys.type("Airport, hall B, 06:00")
    keys.press(Qt.Key_V, Qt.AltModifier)
    departure = wizard.widgets["departure"]
    qtbot.waitUntil(lambda: departure.saved.text() == "Saved.", timeout=3000)  # Qt animates
    from counsel_app.travel.service import TravelService

    record = TravelService(app_ctx).record(app_ctx.cases.get(case.id))
    assert record.itinerary.departure_date.isoformat() == "2027-01-15"
    assert record.itinerary.meeting_point == "Airport, hall B, 06:00"

    # 10. Handover: the office list and the receipt language are reachable
    keys.next_step()
    assert wizard.current_key() == "handover"
    keys.tab_to("handover_office")
    keys.tab_to("handover_keys")

    # close the case (Ctrl+W), find it again in the list and open it with Enter
    keys.press(Qt.Key_W, Qt.ControlModifier)
    assert window.wizard is None
    keys.tab_to("case_table")
    keys.press(Qt.Key_Home)
    keys.press(Qt.Key_Return)
    assert window.wizard is not None and window.wizard.holder.case.id == case.id
    assert window.wizard.current_key() == "handover"  # where the session stopped
    stored = app_ctx.cases.get(case.id)
    assert stored.person.name_native == "Mariama Sow"
    assert stored.person.name_native == "Mariama Sow"
    assert stored.return_country == "GN" and stored.return_region == "GN-C"


class _WindowsShown(QObject):
    """Every window other than ``main`` that shows, by class and name."""

    def __init__(self, main):
        super().__init__()
        self.main, self.shown = main, []

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Show and isinstance(obj, QWidget) and obj.isWindow() \
                and obj is not self.main:
            self.shown.append(f"{type(obj).__name__} {obj.objectName()!r}")
        return False


def _mnemonic(text: str) -> str:
    """The letter after a single "&" (Alt+letter), lower case; "" when there is none."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return ""


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_no_button_of_a_step_shares_its_alt_letter_with_a_menu(qtbot, app_ctx, answers, lang):
    """Alt+letter on a button must press it: when a menu has the same letter, Qt takes it
    as ambiguous and the button is only focused (the menu does not open either). And no step
    opens a stray window on the way."""
    from PySide6.QtWidgets import QAbstractButton, QMenu

    from counsel_app.domain.case import Case, Person
    from counsel_app.ui.i18n_qt import apply_interface_language

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    apply_interface_language(lang)
    spy = _WindowsShown(None)
    try:
        window = _window(qtbot, app_ctx)
        menus = {_mnemonic(m.title()): m.title()
                 for m in window.menuBar().findChildren(QMenu)
                 if m.objectName().startswith("menu_") and _mnemonic(m.title())}
        assert len(menus) >= 4, menus
        window.open_case(case.id)
        clashes = []
        spy.main = window
        QApplication.instance().installEventFilter(spy)
        for spec in window.wizard.specs:
            window.wizard.go_to(spec.key)
            QApplication.processEvents()
            # a widget made visible before it has a parent opens as a window of its own
            # for a moment and takes the activation (no key reaches the app any more)
            assert not spy.shown, f"{spec.key}: {spy.shown}"
            for button in window.wizard.findChildren(QAbstractButton):
                letter = _mnemonic(button.text())
                if letter and letter in menus and button.isVisibleTo(window):
                    clashes.append(f"{spec.key}: {button.text()!r} and the menu "
                                   f"{menus[letter]!r}")
        assert not clashes, "\n".join(clashes)
    finally:
        QApplication.instance().removeEventFilter(spy)
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)
