"""The centre load benchmark (``python -m benchmarks pg_load``), in miniature against the
tests' PostgreSQL server: two counsellor processes for two seconds; every figure and check
is reported, and its checks do catch a lost save and an action without its event."""

from __future__ import annotations

import pytest

from benchmarks import bench_pg_load
from benchmarks.harness import Report

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def server_url():
    from tests.conftest import _require_pg

    return _require_pg()


def test_two_counsellors_work_and_every_check_holds(server_url, tmp_path):
    level = bench_pg_load.run_level(server_url, 2, 2.0, tmp_path)
    assert sum(op["count"] for op in level["ops"].values()) > 10
    # audited actions ran (which ones in two seconds is chance: the mix is random)
    assert sum(level["ops"][op]["count"] for op in ("create", "open", "save", "colleague")) >= 1
    assert sum(op["errors"] for op in level["ops"].values()) == 0, level["error_texts"]
    assert level["saves_checked"] >= 2 * bench_pg_load.SEED_CASES
    assert level["lost"] == 0 and level["unmatched"] == 0
    assert level["verify_ok"], level["verify_message"]
    report = Report()
    bench_pg_load.add_rows(report, [level], "quiet")
    table = report.table()
    assert "2 counsellors: save one's own case" in table
    assert "p95 < 150 ms" in table  # the targets are judged at the highest level
    assert "0 lost or overwritten" in table
    # the server's backends were sampled while the counsellors worked
    assert "server backends on average" in table and "waiting for its client" in table
    # and where the CPU went, per action: the counsellors' processes and the server's
    assert "2 counsellors: CPU: counsellor processes" in table and " server " in table


def test_the_machine_baseline_compares_process_counts(tmp_path):
    figures = [bench_pg_load.machine_baseline(n, 0.5, tmp_path) for n in (1, 3)]
    assert all(f["steps_s"] > 0 and f["cpu_ms"] > 0 for f in figures)
    report = Report()
    bench_pg_load.add_machine_rows(report, figures)
    assert "machine alone (no database), 3 processes" in report.table()
    assert report.rows[1].baseline == "1 processes" and report.rows[1].ratio


def test_the_checks_catch_a_lost_save_and_an_unaudited_action(pg_database_url):
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    db = Database(pg_database_url)
    migrate.upgrade(db)
    ctx = make_context(db)
    case = ctx.cases.create(bench_pg_load._new_case(__import__("random").Random(1), "x"))
    honest = {"user": "admin", "saved": [[case.reference, 1, case.reason_note]],
              "audited": {"create": 1, "change": 0, "view": 0}}
    assert bench_pg_load.check(db, ctx, [honest])["lost"] == 0
    # a save reported as committed that is not in the database
    lying = {**honest, "saved": honest["saved"] + [[case.reference, 2, "admin:1"]]}
    assert bench_pg_load.check(db, ctx, [lying])["lost"] == 1
    # an action the counsellor did that has no event
    unaudited = {**honest, "audited": {"create": 1, "change": 0, "view": 1}}
    figures = bench_pg_load.check(db, ctx, [unaudited])
    assert figures["unmatched"] == 1 and figures["verify_ok"]
    db.dispose()


def test_the_round_trip_baseline_pays_for_its_partner_too(tmp_path):
    """The baseline that switches at every step: each step one round trip to a partner
    process; its CPU per step counts both processes."""
    figures = [bench_pg_load.machine_baseline(n, 0.5, tmp_path, kind="--pingpong")
               for n in (1, 2)]
    assert all(f["steps_s"] > 0 and f["cpu_ms"] > 0 for f in figures)
    report = Report()
    bench_pg_load.add_machine_rows(report, figures)
    assert "then a round trip to a partner process per step" in report.table()
    assert report.rows[1].baseline == "1 processes" and report.rows[1].ratio


def test_comparing_two_runs_profiles_counts_actions_and_cpu_per_call(tmp_path):
    """``--compare-profiles``: the actions are counted from the worker's action functions,
    and a run that does twice the work per action says so (calls per action, not only
    CPU), so "the same work, more CPU" is a reading, not an assumption."""
    import cProfile

    source = ("def helper():\n    return sum(range(50))\n"
              "def create(k):\n    for _ in range(k):\n        helper()\n")
    for name, actions, per_action in (("five", 10, 2), ("twenty", 20, 4)):
        space: dict = {}
        exec(compile(source, str(tmp_path / "bench_pg_load.py"), "exec"), space)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(actions):
            space["create"](per_action)
        profiler.disable()
        (tmp_path / name).mkdir()
        profiler.dump_stats(str(tmp_path / name / "counsellor01.prof"))
    text = bench_pg_load.compare_profiles(str(tmp_path / "five"), str(tmp_path / "twenty"))
    first = text.splitlines()[0]
    assert "10 actions" in first and "20 actions" in first
    helper = next(line for line in text.splitlines() if line.startswith("bench_pg_load.py:helper"))
    assert helper.split()[1:3] == ["2.00", "4.00"]  # calls per action, each run
