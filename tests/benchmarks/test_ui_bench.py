"""The ui benchmark's in-process part (the case list opened, filtered as the user types,
by status, scrolled) in its own process on a small database, as ``python -m benchmarks ui``
runs it: it reports its rows and the process then ends with exit 0 (it used to die at
interpreter shutdown with SIGABRT: tests/ui/test_signal_references.py says why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import dataclasses, json, sys
    from counsel_app import areas
    areas.load()  # as python -m benchmarks does in each area's process
    from benchmarks import bench_ui
    from benchmarks.harness import Report
    report = Report()
    bench_ui._list_and_filter(report, bench_ui.build_database())
    print("ROWS", json.dumps([dataclasses.asdict(r) for r in report.rows]), flush=True)
""")


@pytest.mark.slow
def test_the_case_list_part_reports_its_rows_and_exits_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               TMPDIR=str(tmp_path), COUNSEL_BENCH_UI_CASES="2000")
    for name in ("COUNSEL_APP_DATA_DIR", "COUNSEL_APP_DB_URL", "COUNSEL_APP_FAST_KDF"):
        env.pop(name, None)
    child = subprocess.run([sys.executable, "-X", "faulthandler", "-c", CHILD], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, (child.returncode, child.stderr[-1500:])
    assert "Fatal Python error" not in child.stderr
    line = next(x for x in child.stdout.splitlines() if x.startswith("ROWS "))
    rows = {row["name"]: row for row in json.loads(line[5:])}
    assert rows["case list open at 2k (page + count)"]["median_ms"] > 0
    assert rows["filter per keystroke at 2k"]["p95_ms"] > 0
    assert rows["RSS, list open on 2k cases"]["memory_mb"] > 0
    assert (tmp_path / "counsel-bench-ui" / "cases-2k.sqlite").exists()
