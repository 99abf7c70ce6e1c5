"""The monitoring export: right counts, small cells suppressed, no personal data."""

import csv
from datetime import date, timedelta

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.followup.service import FollowupService
from counsel_app.handover.monitoring import Cell, Table, export_monitoring, suppress
from counsel_app.session.record import SessionRecord
from counsel_app.session.store import SessionStore
from tests.handover.helpers import BASELINE, make_station
from tests.workflow_helpers import advance

PATH = [(CaseStatus.COUNSELLING, None), (CaseStatus.DECISION_TAKEN, Decision.RETURN),
        (CaseStatus.CONSENTED, None), (CaseStatus.PLAN_READY, None),
        (CaseStatus.HANDED_OVER, None)]


def add_case(ctx, index, country, *, handed_over=False, flags=(), sample=False):
    case = ctx.cases.create(Case(
        person=Person(name_latin=f"Zzperson{index} Testname", phone=f"+224 555 {index:04d}"),
        return_country=country, host_country="TN", is_sample=sample))
    case = advance(ctx, case, *[t for t, _d in PATH[: 3 if handed_over else 2]])
    if handed_over:
        from counsel_app.plan.samples import sample_plan
        from counsel_app.plan.service import PlanService

        PlanService(ctx).save(sample_plan(case.reference, "en"))
        case = advance(ctx, case, CaseStatus.PLAN_READY, CaseStatus.HANDED_OVER)
    if flags:
        store = SessionStore(ctx.db, ctx.vault.cipher)
        record = SessionRecord(case.id, case.reference)
        for flag in flags:
            record.screening.set_flag(flag, True, f"secret note {index}")
        store.save_part(record, "screening")
    return case


@pytest.fixture
def figures(tmp_path):
    station = make_station(tmp_path, "Reporting office")
    ctx = station.ctx
    cases = []
    for i in range(7):
        cases.append(add_case(ctx, i, "GN", handed_over=i < 5, flags=["health"] if i < 6 else []))
    for i in range(7, 9):
        cases.append(add_case(ctx, i, "ML", flags=["child"] if i == 7 else []))
    for i in range(9, 15):
        cases.append(add_case(ctx, i, "SN"))
    add_case(ctx, 99, "ER", sample=True)
    follow = FollowupService(ctx)
    arrival = date.today() - timedelta(days=30)
    for case in cases[:5]:
        follow.record_arrival(case.reference, arrival, True)
        follow.record_visit(case.reference, {k: 4 for k in BASELINE}, date.today())
    out = tmp_path / "monitoring.csv"
    export_monitoring(ctx, out)
    text = out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return cases, text, {(r["table"], r["group"]): r for r in rows}


def test_counts_and_suppression(figures):
    _cases, _text, rows = figures
    assert rows[("cases_by_return_country", "GN")]["value"] == "7"
    assert rows[("cases_by_return_country", "ML")]["value"] == "<5"
    # one suppressed cell and a total: the next smallest is suppressed as well
    assert rows[("cases_by_return_country", "SN")]["value"] == "<5"
    assert "protects" in rows[("cases_by_return_country", "SN")]["note"]
    assert rows[("cases_by_return_country", "total")]["value"] == "15"
    assert ("cases_by_return_country", "ER") not in rows  # sample case left out
    assert rows[("cases_by_vulnerability_category", "health")]["value"] == "6"
    assert rows[("cases_by_vulnerability_category", "child")]["value"] == "<5"
    assert rows[("follow_up", "follow_up_visits_completed")]["value"] == "5"
    assert rows[("follow_up", "arrivals_recorded")]["value"] == "5"
    # all scores 4 on 1..5 -> 0.75 on 0..1
    assert rows[("average_scores_latest_follow_up", "overall")]["value"] == "0.750"
    assert rows[("average_scores_latest_follow_up", "overall")]["cases"] == "5"
    assert rows[("average_scores_baseline", "overall")]["value"] == ""
    assert "not IOM" in rows[("score_weights", "Project defaults (equal weights), not IOM's "
                                               "official weights")]["group"]


def test_no_personal_data(figures):
    cases, text, _rows = figures
    assert "Zzperson" not in text and "Testname" not in text and "secret note" not in text
    assert "+224" not in text and "555" not in text
    for case in cases:
        assert case.reference not in text


def test_averages_need_five_cases():
    table = Table("average", [Cell("overall", average=0.5, basis=4),
                              Cell("economic", average=0.6, basis=5)])
    suppress(table)
    assert table.cells[0].shown == "" and table.cells[1].shown == "0.600"


def test_single_cell_table_hides_total():
    table = Table("t", total=3)
    table.add("GN", 3)
    suppress(table)
    assert table.cells[0].shown == "<5" and table.total is None


def test_monitoring_needs_statistics_right(tmp_path):
    from counsel_app.errors import UserError

    station = make_station(tmp_path, "Office")
    station.ctx.role = "counsellor"
    with pytest.raises(UserError):
        export_monitoring(station.ctx, tmp_path / "m.csv")
