"""One status for a plan action after arrival: an action marked done at the office shows
done in the plan editor, and a Done tick changed in the plan editor is the action's
follow-up status (its note, date and outcome kept, the earlier state in the history)."""

from __future__ import annotations

from datetime import date, timedelta

from counsel_app.followup.service import FollowupService
from counsel_app.plan.editor import PlanEditor
from tests.followup.test_office_work import received  # noqa: F401 - fixture


def _ticks(editor):
    return {a.id: a.done for g in editor.plan.goals for a in g.actions}


def test_the_done_tick_follows_the_follow_up_status(received):  # noqa: F811
    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    case = office.ctx.cases.get_by_reference(local)
    keys = [a.key for a in follow.summary(local).actions]
    assert keys
    first = keys[0]
    # before arrival the plan's ticks are the plan's own
    assert not any(_ticks(PlanEditor(office.ctx, case)).values())

    follow.record_arrival(local, date.today() - timedelta(days=10), True)
    follow.set_action(local, first, "done", "paid in cash", date.today(), "machine delivered")
    case = office.ctx.cases.get_by_reference(local)
    editor = PlanEditor(office.ctx, case)
    ticks = _ticks(editor)
    assert first in ticks, "the follow-up keys are the plan's action ids"
    assert ticks[first] is True and not any(v for k, v in ticks.items() if k != first)

    # unticked in the plan editor: in progress at the office, the rest kept
    action = next(a for g in editor.plan.goals for a in g.actions if a.id == first)
    action.done = False
    editor.edited()
    assert editor.save(overwrite=False).kind == "saved"
    after = next(a for a in follow.summary(local).actions if a.key == first)
    assert (after.status, after.note, after.outcome) == ("in_progress", "paid in cash",
                                                         "machine delivered")
    assert [h.item for h in follow.history(local)][-1] == f"action:{first}"

    # ticked in the plan editor: done at the office
    second = keys[1] if len(keys) > 1 else first
    action = next(a for g in editor.plan.goals for a in g.actions if a.id == second)
    action.done = True
    editor.edited()
    assert editor.save(overwrite=False).kind == "saved"
    assert next(a for a in follow.summary(local).actions if a.key == second).status == "done"
    assert _ticks(PlanEditor(office.ctx, office.ctx.cases.get_by_reference(local)))[second]
