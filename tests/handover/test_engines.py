"""Keys, post-arrival records and monitoring on each engine (SQLite and PostgreSQL)."""

from datetime import date, timedelta

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.followup.service import FollowupService
from counsel_app.handover.keys import KeyStore
from counsel_app.handover.monitoring import collect, to_csv
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from tests.handover.helpers import BASELINE
from tests.workflow_helpers import advance


def test_keys_followup_and_monitoring(ctx, tmp_path):
    store = KeyStore(ctx)
    me = store.station(name="Office")
    assert KeyStore(ctx).station().fingerprint == me.fingerprint
    case = ctx.cases.create(Case(person=Person(name_latin="Engine Person"),
                                 return_country="GN"))
    case = advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)
    PlanService(ctx).save(sample_plan(case.reference, "en"))
    case = advance(ctx, case, CaseStatus.PLAN_READY, CaseStatus.HANDED_OVER)
    follow = FollowupService(ctx)
    follow.record_arrival(case.reference, date.today() - timedelta(days=3), True)
    follow.record_visit(case.reference, BASELINE, date.today())
    summary = follow.summary(case.reference)
    assert summary.arrival_date == date.today() - timedelta(days=3)
    assert summary.latest.scores == BASELINE
    assert ctx.cases.get(case.id).status is CaseStatus.FOLLOW_UP
    text = to_csv(collect(ctx), "2026-11-22")
    assert "follow_up,follow_up_visits_completed,<5" in text and "Engine" not in text
