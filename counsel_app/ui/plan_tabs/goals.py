"""Tab 6, goals and the actions of each.

A part of :class:`counsel_app.ui.plan_step.PlanStep` (layout and signal wiring only)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from counsel_app.documents.bidi import isolate
from counsel_app.i18n import _
from counsel_app.plan.model import (
    Action,
    Goal,
)
from counsel_app.ui.plan_tabs.base import (
    GOAL_COLUMNS,
    ACTION_COLUMNS,
    _subheading,
)


class GoalsTab:
    """Tab 6, goals and the actions of each. of the plan step."""

    def _build_goals_tab(self) -> None:
        page = self._tab(_("Goals and actions"), _(
            "Each goal with the actions that lead to it: who does what, by when."))
        model, view, _buttons = self._table(
            "goals", GOAL_COLUMNS, lambda: Goal(""), lambda: self.plan.goals, page,
            _("Goals"), _("Add a goal"), _("Remove the goal"), min_rows=3)
        view.selectionModel().currentRowChanged.connect(lambda *_a: self._goal_selected())
        model.modelReset.connect(self._goal_selected)
        self.actions_title = _subheading("")
        page.addWidget(self.actions_title)
        self._table("actions", ACTION_COLUMNS, lambda: Action("", ""), lambda: [], page,
                    _("Actions of the chosen goal"), _("Add an action"),
                    _("Remove the action"), min_rows=4)
        self._error("goals", page)
        page.addStretch(1)

    def _show_actions_title(self) -> None:
        goals = self.models["goals"]
        row = self.views["goals"].currentIndex().row()
        if 0 <= row < len(goals.rows):
            self.actions_title.setText(_("Actions for the goal “{goal}”").format(
                goal=isolate(goals.rows[row].goal) or _("(not written yet)")))
        else:
            self.actions_title.setText(_("Actions (choose a goal above)"))

    def _goal_selected(self) -> None:
        goals = self.models["goals"]
        row = self.views["goals"].currentIndex().row()
        actions = self.models["actions"]
        enabled = 0 <= row < len(goals.rows)
        actions.set_rows(goals.rows[row].actions if enabled else [])
        self._show_actions_title()
        self.views["actions"].setEnabled(enabled)
        self.findChild(QPushButton, "plan_actions_add").setEnabled(enabled)
        self._show_problems()
