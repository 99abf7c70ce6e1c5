"""On screen: an action marked done in the office workspace shows its Done tick in the plan
editor's actions table; unticking it there puts it back in progress at the office."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from PySide6.QtCore import Qt

from counsel_app.followup.service import FollowupService
from tests.followup.test_office_work import received  # noqa: F401 - fixture


def test_the_plan_editors_done_tick_is_the_office_status(qtbot, received):  # noqa: F811
    from counsel_app.ui.plan_step import PlanStep
    from counsel_app.ui.session_steps import StepServices

    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=10), True)
    first = follow.summary(local).actions[0]
    follow.set_action(local, first.key, "done", "", date.today(), "delivered")

    case = office.ctx.cases.get_by_reference(local)
    holder = SimpleNamespace(ctx=office.ctx, case=case, record=None, store=None)
    step = PlanStep(StepServices(office.ctx, holder, changed=lambda part: None,
                                 save_now=lambda: None), delay_ms=20)
    qtbot.addWidget(step)
    step.resize(1100, 800)
    step.show()
    step.entered()
    step.tabs.setCurrentIndex(5)
    goals = step.views["goals"]
    row = next(r for r, g in enumerate(step.editor.plan.goals)
               if any(a.id == first.key for a in g.actions))
    goals.setCurrentIndex(step.models["goals"].index(row, 0))
    actions = step.models["actions"]
    index = next(r for r, a in enumerate(step.editor.plan.goals[row].actions)
                 if a.id == first.key)
    done = actions.index(index, 3)
    assert done.data(Qt.CheckStateRole) in (Qt.Checked, Qt.Checked.value)

    assert actions.setData(done, Qt.Unchecked.value, Qt.CheckStateRole)
    step.flush()
    after = next(a for a in follow.summary(local).actions if a.key == first.key)
    assert (after.status, after.outcome) == ("in_progress", "delivered")
