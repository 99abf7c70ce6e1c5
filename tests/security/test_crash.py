"""A counsellor's process killed with SIGKILL in the middle of creates and saves, many times
at random moments, on SQLite and on PostgreSQL, leaves a consistent database holding every
change it had reported as committed — each with exactly its audit events, and no audit
event without its change (issue 25: the event is written in the action's transaction)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from counsel_app.security import audit
from tests.conftest import TEST_PASSWORD, make_context

ROOT = Path(__file__).resolve().parents[2]
KILLS = 8


def _run_and_kill(url: str, rng: random.Random) -> list[str]:
    env = {**os.environ, "COUNSEL_APP_PASSWORD": TEST_PASSWORD, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.security.crash_writer", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    reported: list[str] = []
    target = rng.randint(1, 25)
    deadline = time.monotonic() + 30
    try:
        while len(reported) < target and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            reported.append(line.decode().strip())
        time.sleep(rng.uniform(0, 0.03))  # land somewhere inside the next write
    finally:
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=10)
    reported += [r for r in rest.decode().split() if r]
    assert reported, f"the writer never committed anything: {err.decode()[-500:]}"
    return reported


def _every_change_has_its_events_and_no_more(db) -> None:
    """Each stored case: one ``create`` event, and one ``change`` event per save (a save
    adds one to its version); no event names a case that is not stored."""
    with db.engine.connect() as conn:
        versions = dict(conn.execute(text("SELECT reference, version FROM cases")).all())
        counts = conn.execute(text(
            "SELECT reference, action, count(*) FROM audit_events WHERE action IN "
            "('create', 'change') GROUP BY reference, action")).all()
    events = {(ref, action): n for ref, action, n in counts}
    assert {ref for ref, _a in events} == set(versions), "an event without its case"
    for reference, version in versions.items():
        assert events.get((reference, "create")) == 1, f"{reference}: create not traced"
        assert events.get((reference, "change"), 0) == version - 1, \
            f"{reference}: {version - 1} saves, {events.get((reference, 'change'), 0)} events"


@pytest.mark.slow
def test_sigkill_during_writes_keeps_every_committed_change(database_url):
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    url = database_url
    db = Database(url)
    migrate.upgrade(db)
    ctx = make_context(db)
    db.dispose()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261122")))
    committed: list[str] = []
    for _ in range(KILLS):
        committed += _run_and_kill(url, rng)
        db = Database(url)
        with db.engine.connect() as conn:
            if db.is_sqlite:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            stored = set(conn.execute(text("SELECT reference FROM cases")).scalars())
        missing = [r for r in committed if r not in stored]
        assert missing == [], f"committed changes lost: {missing}"
        result = audit.verify(db, ctx.vault.data_key)
        assert result.ok, result.message()
        _every_change_has_its_events_and_no_more(db)
        ctx.db = db
        ctx.__dict__.pop("cases", None)
        for reference in committed[-3:]:
            case = ctx.cases.get_by_reference(reference)
            assert case.reason_note.startswith("note ")  # the change after create is there
        db.dispose()
    assert len(set(committed)) == len(committed)
