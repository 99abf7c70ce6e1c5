"""Plan goals and actions have stable ids: follow-up progress stays with its action when the
plan is refined (goals added in front, actions removed), and plans stored before the ids
keep the positional keys their progress was recorded with."""

from __future__ import annotations

from datetime import date, timedelta

from counsel_app.followup.service import FollowupService
from counsel_app.handover.package import import_package
from counsel_app.plan.model import Action, Dimension, Goal, plan_from_data, plan_to_data
from counsel_app.plan.store import PlanRepository
from tests.handover.helpers import PLAN_ACTIONS, handed_over, make_plan


def test_ids_survive_storage_and_do_not_change_equality():
    plan = make_plan("AVRR-2026-000001")
    data = plan_to_data(plan)
    ids = [a["id"] for g in data["goals"] for a in g["actions"]]
    assert len(set(ids)) == 2 and all(ids)
    again = plan_from_data(data)
    assert [a.id for g in again.goals for a in g.actions] == ids
    assert again.goals[0].id == plan.goals[0].id
    assert Action("me", "x") == Action("me", "x")  # content equality, ids aside


def test_a_plan_stored_before_ids_gets_the_old_positional_keys():
    data = plan_to_data(make_plan("AVRR-2026-000001"))
    for goal in data["goals"]:
        goal.pop("id")
        for action in goal["actions"]:
            action.pop("id")
    data["goals"].append({"goal": "Housing", "dimension": "social",
                          "actions": [{"who": "returnee", "what": "Find a room"}]})
    old = plan_from_data(data)
    assert [g.id for g in old.goals] == ["g1", "g2"]
    assert [a.id for g in old.goals for a in g.actions] == ["g1.1", "g1.2", "g2.1"]


def test_progress_stays_with_its_action_when_the_plan_is_refined(tmp_path):
    sender, office, case, local = handed_over(tmp_path)
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=5), True)
    sent = PlanRepository(sender.ctx.db, sender.ctx.vault.cipher).find(case.reference)
    keys = {a.text: a.key for a in follow.summary(local).actions}
    # the office keeps the sender's ids: an acknowledgement names the same actions
    assert keys[PLAN_ACTIONS[1]] == sent.goals[0].actions[1].id
    follow.set_action(local, keys[PLAN_ACTIONS[1]], "done")

    # refined after arrival: a new first goal, and the first action dropped from the plan
    repo = PlanRepository(office.ctx.db, office.ctx.vault.cipher)
    plan = repo.find(local)
    plan.goals[0].actions.pop(0)
    plan.goals.insert(0, Goal("Housing", Dimension.SOCIAL, [Action("returnee", "Find a room")]))
    repo.save(plan)

    status = {a.text: a.status for a in follow.summary(local).actions}
    assert status == {"Find a room": "not_started", PLAN_ACTIONS[1]: "done"}


def test_the_sender_reads_acknowledged_progress_by_its_own_action_names(qtbot, tmp_path):
    from counsel_app.handover.ack import acknowledged_actions, export_ack, latest_ack

    sender, office, case, local = handed_over(tmp_path)
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=5), True)
    repo = PlanRepository(office.ctx.db, office.ctx.vault.cipher)
    plan = repo.find(local)
    plan.goals.insert(0, Goal("Housing", Dimension.SOCIAL, [Action("returnee", "Find a room")]))
    repo.save(plan)  # the office's refined plan: its own goal first
    keys = {a.text: a.key for a in follow.summary(local).actions}
    follow.set_action(local, keys[PLAN_ACTIONS[1]], "done")
    follow.set_action(local, keys["Find a room"], "in_progress")
    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")

    shown = acknowledged_actions(sender.ctx, case.reference,
                                 latest_ack(sender.ctx, case.reference))
    assert (PLAN_ACTIONS[1], "Done") in shown and (PLAN_ACTIONS[0], "Not started") in shown
    added = [text for text, status in shown if status == "In progress"]
    assert len(added) == 1 and "added by the office" in added[0]

    # the counsellor sees it in the handover step's history
    from PySide6.QtWidgets import QListWidget

    from tests.ui.test_handover_step import make_step

    step, _holder = make_step(qtbot, sender.ctx, sender.ctx.cases.get(case.id))
    history = step.findChild(QListWidget, "handover_history")
    lines = "\n".join(history.item(i).text() for i in range(history.count()))
    assert f"{PLAN_ACTIONS[1]}: Done" in lines
