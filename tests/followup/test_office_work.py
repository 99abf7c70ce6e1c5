"""The office's post-arrival work at service level: visits with type, people present and
note; partial visits that never wipe the progress; edits, deletions and the arrival kept
in the history (audited); the schedule from the recorded arrival; actions with date,
outcome and history; an action the office added reaches the sender with its text."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counsel_app.errors import UserError, ValidationError
from counsel_app.followup import rss
from counsel_app.followup.schedule import add_months
from counsel_app.followup.service import FollowupService
from counsel_app.handover.ack import acknowledged_actions, export_ack, latest_ack
from counsel_app.handover.package import import_package
from counsel_app.plan.model import Action
from counsel_app.plan.store import PlanRepository
from counsel_app.security.models import AuditEvent
from tests.handover.helpers import BASELINE, handed_over

FULL = {k: min(5, v + 2) for k, v in BASELINE.items()}
DEPARTURE = date.today() - timedelta(days=120)
PHONE = {"income": 1, "food": 1, "wellbeing": 1}  # 3 of 15, all worse


def shown(day):
    """``day`` as the English screens show it ("Dec 3, 2026"), not ISO."""
    return f"{day:%b} {day.day}, {day.year}"


@pytest.fixture
def received(tmp_path):
    return handed_over(tmp_path, contact=True, departure=DEPARTURE)


def audit_actions(ctx, reference):
    with ctx.db.read_session() as s:
        return s.scalars(select(AuditEvent.action).where(AuditEvent.reference == reference)
                         .order_by(AuditEvent.seq)).all()


def test_a_partial_visit_never_wipes_the_progress_reported(received, tmp_path):
    sender, office, case, local = received
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=60)
    follow.record_arrival(local, arrival, True)
    full = follow.record_visit(local, FULL, arrival + timedelta(days=30), "home",
                               "the person and her sister", "workshop started")
    phone = follow.record_visit(local, PHONE, arrival + timedelta(days=50), "phone")
    assert phone.result.answered == 3 and phone.result.share == pytest.approx(0.2)
    assert phone.result.overall is None  # 3 answers: no dimension reaches the minimum
    summary = follow.summary(local)
    assert summary.latest.uid == phone.uid
    change = summary.change_since_baseline()
    expected = full.result.overall - summary.baseline.result.overall
    assert change["overall"] == pytest.approx(expected) and expected > 0.2

    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    ack = latest_ack(sender.ctx, case.reference)["followup"]
    assert ack["visits"] == 2 and ack["latest_answered"] == 3
    assert ack["latest"]["overall"] == pytest.approx(full.result.overall, abs=1e-3)
    assert ack["change"]["overall"] == pytest.approx(expected, abs=1e-3)
    assert ack["as_of"]["economic"] == full.visit_date.isoformat()


def test_a_dimension_answered_again_replaces_its_earlier_score(received):
    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=60)
    follow.record_arrival(local, arrival, True)
    follow.record_visit(local, FULL, arrival + timedelta(days=30))
    worse = {"income": 1, "work": 1, "debt": 1}
    follow.record_visit(local, worse, arrival + timedelta(days=40), "phone")
    current = follow.summary(local).current()
    assert current.scores.dimensions["economic"] == 0.0
    assert current.as_of["economic"] == arrival + timedelta(days=40)
    assert current.as_of["social"] == arrival + timedelta(days=30)


def test_the_minimum_of_answers_is_the_organisations(received):
    _sender, office, _case, local = received
    data = {"min_answered": 1, "source": "Our programme"}
    rss.save_weights(office.ctx, rss.Weights.from_json(data))
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=40), True)
    visit = follow.record_visit(local, PHONE, date.today() - timedelta(days=5), "phone")
    assert visit.result.dimensions == {"economic": 0.0, "social": None, "psychosocial": 0.0}
    with pytest.raises(ValidationError, match="min_answered"):
        rss.Weights.from_json({"min_answered": 9})


def test_a_second_visit_on_the_same_date_is_refused(received):
    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=40), True)
    day = date.today() - timedelta(days=3)
    follow.record_visit(local, FULL, day)
    with pytest.raises(ValidationError, match=f"A visit on {shown(day)} is already recorded"):
        follow.record_visit(local, PHONE, day, "phone")
    assert len(follow.summary(local).visits) == 1
    with pytest.raises(ValidationError, match="visit type"):
        follow.record_visit(local, PHONE, day - timedelta(days=1), "email")


def test_a_visit_is_completed_later_and_deleted_with_history(received):
    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=40), True)
    day = date.today() - timedelta(days=3)
    first = follow.record_visit(local, PHONE, day, "phone", "", "bad line")
    done = follow.edit_visit(local, first.uid, FULL, day, "home", "the person", "completed")
    assert done.result.overall is not None
    visit = follow.summary(local).visits[0]
    assert (visit.scores, visit.visit_type, visit.people, visit.note) == (
        FULL, "home", "the person", "completed")
    other = follow.record_visit(local, PHONE, day - timedelta(days=1), "phone")
    with pytest.raises(ValidationError, match="already recorded"):
        follow.edit_visit(local, other.uid, PHONE, day, "phone")
    follow.delete_visit(local, other.uid)
    assert [v.uid for v in follow.summary(local).visits] == [first.uid]
    history = follow.history(local)
    assert [(h.item, h.change) for h in history] == [
        (f"visit:{first.uid}", "changed"), (f"visit:{other.uid}", "deleted")]
    assert history[0].before["scores"] == PHONE and history[0].before["note"] == "bad line"
    assert history[0].changed_by == office.ctx.user
    actions = audit_actions(office.ctx, local)
    assert {"followup_visit_edit", "followup_visit_delete"} <= set(actions)
    with pytest.raises(ValidationError, match="no visit"):
        follow.delete_visit(local, other.uid)


def test_the_arrival_is_corrected_with_history_never_before_departure(received):
    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    before = DEPARTURE - timedelta(days=1)
    with pytest.raises(ValidationError, match=f"The arrival date {shown(before)} is before the "
                                              rf"departure \({shown(DEPARTURE)}\)"):
        follow.record_arrival(local, before, True)
    first = date.today() - timedelta(days=10)
    follow.record_arrival(local, first, False)
    follow.record_arrival(local, first - timedelta(days=2), True)
    summary = follow.summary(local)
    assert summary.arrival_date == first - timedelta(days=2) and summary.reception_done
    assert [(h.item, h.before) for h in follow.history(local)] == [
        ("arrival", {"date": first.isoformat(), "reception_done": False})]
    assert "followup_arrival_change" in audit_actions(office.ctx, local)


def test_a_refused_arrival_names_its_dates_in_the_interface_language(received):
    """Under French the refusal reads "12 avr. 2026", as the date boxes show it, not ISO."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.i18n.dates import show_date

    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    before = DEPARTURE - timedelta(days=1)
    set_interface_language("fr")
    with pytest.raises(ValidationError) as refused:
        follow.record_arrival(local, before, True)
    text = str(refused.value)
    assert show_date(before, "fr") in text and f"({show_date(DEPARTURE, 'fr')})" in text
    assert before.isoformat() not in text and DEPARTURE.isoformat() not in text
    assert f"{before.day} " in show_date(before, "fr")  # the day first, the month by name


def test_an_arrival_before_the_case_was_opened_is_refused(tmp_path):
    """The sender handed the case over without a departure day: the sending office's
    reference still bounds the arrival, since no one arrives before their case was opened
    (the office's own reference for the case is of the year it was received)."""
    _sender, office, case, local = handed_over(tmp_path, contact=True)
    follow = FollowupService(office.ctx)
    opened = int(case.reference.split("-")[1])
    for day in (date(1, 1, 1), date(opened - 1, 12, 31)):
        with pytest.raises(ValidationError, match=f"The arrival date {shown(day)} is before the "
                                                  f"case was opened, in {opened}"):
            follow.record_arrival(local, day, True)
    assert follow.summary(local).arrival_date is None
    follow.record_arrival(local, date(opened, 1, 1), True)
    assert follow.summary(local).arrival_date == date(opened, 1, 1)


def test_the_schedule_follows_the_recorded_arrival(received):
    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=70)
    follow.record_arrival(local, arrival, True)
    summary = follow.summary(local)
    assert [d.due_on for d in summary.schedule] == [
        add_months(arrival, m) for m in (1, 3, 6, 12, 18)]
    assert summary.next_due.number == 1 and summary.next_due.overdue()
    follow.record_visit(local, FULL, arrival + timedelta(days=31))
    summary = follow.summary(local)
    assert summary.schedule[0].done_on == arrival + timedelta(days=31)
    assert summary.next_due.number == 2 and not summary.next_due.overdue()
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_the_schedule_takes_the_centres_intervals(received):
    """An administrator sets the follow-up intervals once (Settings, or `settings set`):
    the schedule and the office's next visit due follow them."""
    from counsel_app import settings
    from counsel_app.followup.office import office_cases

    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=20)
    follow.record_arrival(local, arrival, True)
    settings.update(office.ctx, {"followup_months": [2, 4, 9]})
    summary = follow.summary(local)
    assert [d.months for d in summary.schedule] == [2, 4, 9]
    assert summary.next_due.due_on == add_months(arrival, 2)
    [row] = [c for c in office_cases(office.ctx) if c.reference == local]
    assert row.next_due == add_months(arrival, 2)


def test_an_early_check_in_does_not_answer_the_scheduled_visit():
    from counsel_app.followup.schedule import next_due, schedule

    arrival = date(2026, 1, 10)
    plan = schedule(arrival, [date(2026, 1, 17)])  # a phone call a week after arrival
    assert next_due(plan).number == 1 and plan[0].done_on is None
    plan = schedule(arrival, [date(2026, 1, 17), date(2026, 5, 2)])  # late, after 3 months
    assert plan[0].done_on == date(2026, 5, 2) and next_due(plan).number == 2


def test_actions_carry_date_outcome_history_and_the_office_added_text(received, tmp_path):
    sender, office, case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=20), True)
    repo = PlanRepository(office.ctx.db, office.ctx.vault.cipher)
    plan = repo.find(local)
    plan.goals[0].actions.append(Action("caseworker", "Register at the chamber of trades"))
    repo.save(plan)
    actions = follow.summary(local).actions
    added = next(a for a in actions if a.added_here)
    assert added.text == "Register at the chamber of trades"
    first = actions[0]
    day = date.today() - timedelta(days=2)
    follow.set_action(local, first.key, "in_progress", "machine ordered")
    follow.set_action(local, first.key, "done", "delivered", day, "working since Monday")
    follow.set_action(local, added.key, "done")
    got = follow.summary(local).actions[0]
    assert (got.status, got.note, got.action_date, got.outcome) == (
        "done", "delivered", day, "working since Monday")
    assert follow.history(local)[-1].before == {
        "status": "in_progress", "date": None, "note": "machine ordered", "outcome": ""}
    with pytest.raises(ValidationError, match="future"):
        follow.set_action(local, first.key, "done", on=date.today() + timedelta(days=1))

    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    ack = latest_ack(sender.ctx, case.reference)
    assert "working since Monday" not in str(ack) and "delivered" not in str(ack)
    shown = acknowledged_actions(sender.ctx, case.reference, ack)
    assert ("Register at the chamber of trades (added by the office)", "Done") in shown


def test_refinement_is_recorded_and_reported(received, tmp_path):
    sender, office, case, local = received
    follow = FollowupService(office.ctx)
    with pytest.raises(UserError, match="arrival"):
        follow.refine_plan(local, [])
    arrival = date.today() - timedelta(days=20)
    follow.record_arrival(local, arrival, True)
    assert follow.refine_plan(local, [], on=arrival + timedelta(days=10))
    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    assert latest_ack(sender.ctx, case.reference)["plan_refined_on"] == (
        arrival + timedelta(days=10)).isoformat()


def test_consents_carried_and_a_withdrawal_at_the_office_reach_the_sender(received, tmp_path):
    from counsel_app.followup import office as office_rules
    from counsel_app.handover.ack import receipt_path

    sender, office, case, local = received
    carried = {c.purpose: c for c in office_rules.carried_consents(office.ctx, local)}
    assert carried["follow_up_contact"].state == "given"
    office_rules.withdraw_consent(office.ctx, local, "follow_up_contact")
    assert office_rules.carried_consents(office.ctx, local)[-1].withdrawn_here
    with pytest.raises(UserError, match="not in force"):
        office_rules.withdraw_consent(office.ctx, local, "follow_up_contact")
    with pytest.raises(ValidationError, match="carried no consent"):
        office_rules.withdraw_consent(office.ctx, local, "share_health_data")
    assert "followup_consent_withdrawn" in audit_actions(office.ctx, local)
    out = tmp_path / "ack.cahp"
    export_ack(office.ctx, local, out)
    receipt = receipt_path(out).read_text(encoding="utf-8")
    assert "ACKNOWLEDGEMENT RECEIPT" in receipt and case.reference in receipt
    assert "Consent withdrawn at the office" in receipt
    import_package(sender.ctx, out)
    withdrawn = latest_ack(sender.ctx, case.reference)["consents_withdrawn"]
    assert [w["purpose"] for w in withdrawn] == ["follow_up_contact"]


def test_the_survey_draft_is_kept_until_the_visit_is_recorded(received):
    from counsel_app.followup import office as office_rules

    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=40), True)
    day = date.today() - timedelta(days=1)
    office_rules.save_draft(office.ctx, local, PHONE, day, "phone", "", "line cut")
    office_rules.save_draft(office.ctx, local, {**PHONE, "housing": 3}, day, "phone", "",
                            "line cut")
    draft = office_rules.load_draft(office.ctx, local)
    assert draft["scores"] == {**PHONE, "housing": 3} and draft["note"] == "line cut"
    assert follow.summary(local).visits == []  # a draft is not a visit
    follow.record_visit(local, draft["scores"], day, "phone", from_draft=True)
    assert office_rules.load_draft(office.ctx, local) is None
    rows = office_rules.office_cases(office.ctx)
    assert [(r.reference, r.sender_reference) for r in rows] == [(local, _case.reference)]


def test_a_visit_recorded_from_elsewhere_leaves_the_forms_draft_as_typed(received):
    """A visit from the phones (or the command line) is not the draft typed in the office's
    survey form: the draft stays, to be recorded or dropped by the caseworker who typed it."""
    from counsel_app.followup import office as office_rules

    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=40), True)
    typed = {**PHONE, "housing": 4}
    office_rules.save_draft(office.ctx, local, typed, date.today(), "home", "her aunt",
                            "half done")
    follow.record_visit(local, PHONE, date.today() - timedelta(days=3), "phone",
                        uid="uuid-from-a-phone")  # a phone's submission
    follow.record_visit(local, PHONE, date.today() - timedelta(days=2), "office")  # typed
    draft = office_rules.load_draft(office.ctx, local)
    assert draft is not None, "the office's draft was lost when a visit came from elsewhere"
    assert (draft["scores"], draft["people"], draft["note"]) == (typed, "her aunt",
                                                                  "half done")
    assert len(follow.summary(local).visits) == 2  # and the draft is no visit
    follow.record_visit(local, draft["scores"], draft["date"], "home", from_draft=True)
    assert office_rules.load_draft(office.ctx, local) is None


def test_a_change_to_a_recorded_visit_is_kept_as_a_draft_beside_the_new_visits(received):
    """A recorded visit opened to complete it is kept as typed, as a new visit's draft is:
    never counted as a visit, not replaced by the new visit's draft nor dropped when
    another visit is recorded; gone once that visit is changed or deleted."""
    from counsel_app.followup import office as office_rules

    _sender, office, _case, local = received
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, date.today() - timedelta(days=40), True)
    day = date.today() - timedelta(days=5)
    visit = follow.record_visit(local, PHONE, day, "phone")
    office_rules.save_edit_draft(office.ctx, local, visit.uid, {**PHONE, "housing": 4}, day,
                                 "phone", "her uncle", "")
    office_rules.save_draft(office.ctx, local, {"income": 3}, date.today(), "home")
    edit = office_rules.load_edit_draft(office.ctx, local)
    assert (edit["visit"], edit["scores"], edit["people"]) == (
        visit.uid, {**PHONE, "housing": 4}, "her uncle")
    assert office_rules.load_draft(office.ctx, local)["scores"] == {"income": 3}
    assert [v.uid for v in follow.summary(local).visits] == [visit.uid]
    follow.record_visit(local, {"income": 3}, date.today(), "home")  # the new visit
    assert office_rules.load_edit_draft(office.ctx, local)["visit"] == visit.uid
    follow.edit_visit(local, visit.uid, edit["scores"], day, "phone", "her uncle")
    assert office_rules.load_edit_draft(office.ctx, local) is None
    office_rules.save_edit_draft(office.ctx, local, visit.uid, PHONE, day, "phone")
    follow.delete_visit(local, visit.uid)
    assert office_rules.load_edit_draft(office.ctx, local) is None
    # anonymising the case takes the drafts away with what was typed in them
    from counsel_app.followup.privacy import _anonymise_visits

    office_rules.save_edit_draft(office.ctx, local, "gone", PHONE, day, "phone", "her uncle")
    with office.ctx.db.session() as session:
        _anonymise_visits(session, office.ctx.cases.get_by_reference(local).id, office.ctx)
    assert office_rules.load_edit_draft(office.ctx, local) is None


def since_iso(station, local: str) -> str:
    from counsel_app.followup.office import carried_consents

    return next(c for c in carried_consents(station.ctx, local)
                if c.purpose == "follow_up_contact").since[:10]


def test_the_command_line_lists_carried_consents_and_records_a_withdrawal(
        received, tmp_path, capsys, monkeypatch):
    from tests.handover.test_cli_keys import run

    from counsel_app.followup.office import carried_consents
    from counsel_app.i18n.dates import show_date, show_stored_date

    sender, office, case, local = received
    since = show_stored_date(next(c for c in carried_consents(office.ctx, local)
                                  if c.purpose == "follow_up_contact").since[:10], "en")
    code, out, err = run(capsys, monkeypatch, office, "followup", "consents", local)
    assert code == 0, err
    # each consent in words, the day as the screens show it; its purpose only as what
    # "followup withdraw" takes
    contact = next(line for line in out.splitlines() if "follow_up_contact" in line)
    assert contact == (f"  Being contacted for follow-up after return: given on {since} (to withdraw it: "
                       f"counsel-app followup withdraw {local} follow_up_contact)"), out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    code, out, err = run(capsys, monkeypatch, office, "followup", "withdraw", local,
                         "follow_up_contact")
    assert code == 0, err
    code, out, _ = run(capsys, monkeypatch, office, "followup", "consents", local)
    today = date.today()
    assert (f"  Being contacted for follow-up after return: given on {since} — withdrawn at the office on "
            f"{show_date(today, 'en')}\n") in out, out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    # in French: the purpose and state in French, the colon as French writes it
    code, out, _ = run(capsys, monkeypatch, office, "--lang", "fr", "followup", "consents",
                       local)
    assert (f"  Être contacté pour le suivi après le retour : donné le "
            f"{show_stored_date(since_iso(office, local), 'fr')} — retiré au bureau le "
            f"{show_date(today, 'fr')}\n") in out, out
    code, out, _ = run(capsys, monkeypatch, office, "--lang", "ar", "followup", "consents",
                       local)
    assert show_date(today, "ar") in out and "Being contacted" not in out, out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    code, out, err = run(capsys, monkeypatch, office, "followup", "withdraw", local,
                         "follow_up_contact")
    assert code != 0 and "not in force" in err and "Traceback" not in err
    code, out, err = run(capsys, monkeypatch, office, "handover", "ack", local, "--out",
                         str(tmp_path / "a.cahp"))
    assert code == 0, err
    assert "Receipt:" in out


def test_a_change_not_saved_is_what_edit_visit_would_change():
    """The survey form asks before it leaves a recorded visit only when what it holds
    differs from the visit as edit_visit would save it (people and note trimmed)."""
    from counsel_app.followup.office import unsaved_change
    from counsel_app.followup.service import Visit

    day = date(2026, 5, 4)
    visit = Visit("v1", "followup", day, {"income": 2}, rss.score({"income": 2}),
                  "home", "her aunt", "shop open")
    same = ({"income": 2, "food": 0}, day, "home", " her aunt", "shop open\n")
    assert not unsaved_change(visit, *same)
    assert unsaved_change(visit, {"income": 3}, *same[1:])
    assert unsaved_change(visit, same[0], day + timedelta(days=1), *same[2:])
    assert unsaved_change(visit, same[0], "4 Mai 2026", *same[2:])  # a text not understood
    assert unsaved_change(visit, *same[:2], "phone", *same[3:])
    assert unsaved_change(visit, *same[:4], "shop closed")


def test_the_acknowledgement_receipt_names_each_action_in_words(received, tmp_path):
    """The office's file copy of an acknowledgement names the plan's actions as its screens
    do ("Buy a sewing machine"), not by their ids (the package carries only the ids)."""
    from counsel_app.handover.ack import receipt_path

    sender, office, case, local = received
    actions = FollowupService(office.ctx).summary(local).actions
    assert any(a.text == "Buy a sewing machine" for a in actions)
    out = tmp_path / "ack.cahp"
    export_ack(office.ctx, local, out)
    receipt = receipt_path(out).read_text(encoding="utf-8")
    assert "  Action “Buy a sewing machine”: Not started" in receipt, receipt
    for action in actions:
        assert action.key not in receipt, receipt
    assert not re.search(r"Action [0-9a-f]{12}\b", receipt), receipt
