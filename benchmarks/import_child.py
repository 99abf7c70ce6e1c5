"""One spreadsheet import (or the raw reader alone) in a fresh process, for the import
benchmark (``bench_opportunities``): prints one JSON line with the wall and CPU time and
the process's peak resident memory, so each figure is the import's own and not the
benchmark's (which holds 100,000 generated rows and writes the workbook).

    python -m benchmarks.import_child import FILE DATABASE_URL
    python -m benchmarks.import_child read FILE
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _raw_read(path: Path) -> int:
    """The floor: the standard reader going over every row, building nothing."""
    count = 0
    if path.suffix.lower() == ".csv":
        import csv

        with path.open(encoding="utf-8", newline="") as handle:
            for _row in csv.reader(handle, delimiter=";"):
                count += 1
        return count
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count


def _import(path: Path, url: str) -> int:
    from counsel_app.opportunities.service import OpportunityCatalogue
    from counsel_app.storage.db import Database

    report = OpportunityCatalogue(Database(url)).import_file(path)
    return report.inserted + report.updated


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not ``ru_maxrss``: on Linux it keeps the
    high-water mark of the process that forked this one (the benchmark, holding 100,000
    generated rows), so every child reported the parent's 500 MB. ``VmHWM`` belongs to
    this program's own memory since it started."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    what, path = argv[0], Path(argv[1])
    if what == "import":
        from counsel_app.storage.db import Database  # noqa: F401 - loaded before the clock
        from counsel_app.opportunities.service import OpportunityCatalogue  # noqa: F401
    started, cpu = time.perf_counter(), time.process_time()
    rows = _raw_read(path) if what == "read" else _import(path, argv[2])
    print(json.dumps({
        "ms": (time.perf_counter() - started) * 1000,
        "cpu_ms": (time.process_time() - cpu) * 1000,
        "rss_mb": peak_rss_mb(),
        "rows": rows,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
