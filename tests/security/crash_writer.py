"""A writer for the crash test: signs in, then creates and changes cases as fast as it can,
printing each case's reference once its change is committed (and audited).

Run as ``python -m tests.security.crash_writer URL``; the test kills it with SIGKILL."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ["COUNSEL_APP_FAST_KDF"] = "1"
    from counsel_app import areas
    from counsel_app.context import unlock
    from counsel_app.storage.db import Database
    from tests.security.conftest import person_case

    areas.load()  # an entry point of its own
    db = Database(sys.argv[1])
    ctx = unlock(db, "admin", os.environ["COUNSEL_APP_PASSWORD"])
    n = 0
    while True:
        n += 1
        case = ctx.cases.create(person_case(f"Person Number{n}"))
        case.reason_note = f"note {n}"
        case = ctx.cases.save(case)
        print(case.reference, flush=True)


if __name__ == "__main__":
    main()
