"""Consent: recording a sitting, loading a case's state, verifying a long history, and the
sharing filter (what every handover, export and partner print calls).

One SQLite database in a temporary folder. *Record* is ``consent.record`` for the six
consents of one sitting (checks, text versions, encryption, hash chain, one transaction).
*Load state* is ``consent.load_state`` (read, decrypt, verify, fold) on a case with a
200-event history; *verify* is ``consent.verify`` on the same. The filter is measured on a
bundle with every category; its baseline is a plain dict comprehension over the same keys.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import time_calls


def run(report) -> None:
    area = "consent"
    folder = Path(tempfile.mkdtemp(prefix="bench-consent-"))
    old_data = os.environ.get("COUNSEL_APP_DATA_DIR")
    os.environ["COUNSEL_APP_DATA_DIR"] = str(folder / "data")
    try:
        _run(report, area, folder)
    finally:
        if old_data is None:
            os.environ.pop("COUNSEL_APP_DATA_DIR", None)
        else:
            os.environ["COUNSEL_APP_DATA_DIR"] = old_data
        shutil.rmtree(folder, ignore_errors=True)


def _run(report, area: str, folder: Path) -> None:
    from datetime import date

    from counsel_app import consent
    from counsel_app.consent import Choice, Circumstances, InterpreterInfo, Method, Purpose
    from counsel_app.domain.case import Case, Person, utcnow
    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    db = Database(f"sqlite:///{folder / 'counsel.sqlite'}")
    migrate.upgrade(db)
    ctx = create_first_administrator(db, "admin", "benchmark password 2026")
    case = ctx.cases.create(Case(person=Person(name_latin="Bench Mark",
                                               date_of_birth=date(1990, 1, 1)),
                                 return_country="GN", is_sample=True))
    choices = [Choice(p, True, "OFFICE-1" if p.needs_recipient else "", "Office one")
               for p in Purpose]

    def circumstances():
        return Circumstances(language="en", method=Method.PAPER_SIGNATURE, counsellor="admin",
                             at=utcnow(), interpreter=InterpreterInfo(True, "ff", "INT-1"),
                             teach_back_done=True, teach_back_note="explained back")

    recorded = time_calls(lambda: consent.record(ctx, case.reference, choices,
                                                 circumstances()), repeat=32, warmup=2)
    report.add(area, "record six consents (one sitting)", median_ms=recorded.median,
               p95_ms=recorded.p95, target="< 150 ms", met=recorded.median < 150)
    events = len(consent.events(ctx, case.reference)[0])
    loaded = time_calls(lambda: consent.load_state(ctx, case.reference), repeat=20)
    report.add(area, f"load state ({events} events, verified)", median_ms=loaded.median,
               p95_ms=loaded.p95, target="< 150 ms", met=loaded.median < 150)
    verified = time_calls(lambda: consent.verify(ctx, case.reference), repeat=20)
    report.add(area, f"verify history ({events} events)", median_ms=verified.median,
               p95_ms=verified.p95)

    state = consent.load_state(ctx, case.reference)
    bundle = {c.value: {"data": "x" * 100} for c in consent.DataCategory}
    bundle["unknown"] = {}
    keys = {c.value for c in state.sharable_sections("OFFICE-1")}

    def filtered():
        for _ in range(1000):
            consent.filter_for_recipient(bundle, state, "OFFICE-1")

    def plain():
        for _ in range(1000):
            {k: v for k, v in bundle.items() if k in keys}

    f = time_calls(filtered, repeat=10)
    base = time_calls(plain, repeat=10)
    report.add(area, "filter_for_recipient x1000", median_ms=f.median, p95_ms=f.p95,
               baseline="dict comprehension x1000", baseline_ms=base.median)
    db.dispose()
