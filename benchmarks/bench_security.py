"""Security: sign-in cost (real Argon2id parameters), audit append and verify, case reads
with and without the audit trail, backup and verified restore of 1,000 cases."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.harness import time_calls

N_CASES = 1000


def run(report) -> None:
    area = "security"
    saved = os.environ.pop("COUNSEL_APP_FAST_KDF", None)
    folder = Path(tempfile.mkdtemp(prefix="bench-security-"))
    try:
        from counsel_app.domain.case import Case, Person
        from counsel_app.security import audit, backup
        from counsel_app.security.accounts import create_first_administrator, sign_in
        from counsel_app.storage import migrate
        from counsel_app.storage.cases import CaseRepository
        from counsel_app.storage.crypto import TEST_KDF
        from counsel_app.storage.db import Database

        db = Database(f"sqlite:///{folder / 'bench.sqlite'}")
        migrate.upgrade(db)
        ctx = create_first_administrator(db, "admin", "benchmark password")
        signin = time_calls(lambda: sign_in(db, "admin", "benchmark password"), repeat=5,
                            warmup=1)
        report.add(area, "sign in (Argon2id t=3 m=64MiB p=2, hash + key slot)",
                   median_ms=signin.median, p95_ms=signin.p95, target="< 1500 ms",
                   met=signin.median < 1500)
        os.environ["COUNSEL_APP_FAST_KDF"] = "1"
        ids = []
        start = time.perf_counter()
        for n in range(N_CASES):
            ids.append(ctx.cases.create(Case(person=Person(name_latin=f"Person {n}"),
                                             return_country="GN")).id)
        per_create = (time.perf_counter() - start) * 1000 / N_CASES
        report.add(area, "create a case (with its audit event)", median_ms=per_create)
        traced = time_calls(lambda: ctx.cases.get(ids[len(ids) // 2]), repeat=50)
        plain_repo = CaseRepository(db, ctx.vault.cipher)
        plain = time_calls(lambda: plain_repo.get(ids[len(ids) // 2]), repeat=50)
        report.add(area, "open a case, audited", median_ms=traced.median, p95_ms=traced.p95,
                   baseline="unaudited get", baseline_ms=plain.median)
        key = ctx.vault.data_key
        count = len(audit.events(db))
        verify = time_calls(lambda: audit.verify(db, key), repeat=3, warmup=1)
        report.add(area, f"verify the audit chain ({count} events)", median_ms=verify.median)
        file = folder / "b.cbak"
        made = time_calls(lambda: backup.create_backup(ctx, file, "benchmark passphrase",
                                                       kdf=TEST_KDF), repeat=3, warmup=1)
        report.add(area, f"backup {N_CASES} cases ({file.stat().st_size // 1024} KB)",
                   median_ms=made.median)
        target = Database(f"sqlite:///{folder / 'restore.sqlite'}")
        migrate.upgrade(target)
        restored = time_calls(lambda: backup.restore_backup(target, file, "benchmark passphrase",
                                                            ctx=ctx), repeat=1, warmup=0)
        report.add(area, f"verified restore of {N_CASES} cases (with trial restore)",
                   median_ms=restored.median)
        target.dispose()
        db.dispose()
    finally:
        if saved is None:
            os.environ.pop("COUNSEL_APP_FAST_KDF", None)
        else:
            os.environ["COUNSEL_APP_FAST_KDF"] = saved
        shutil.rmtree(folder, ignore_errors=True)
