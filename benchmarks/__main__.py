"""Run the benchmarks and print one table: ``python -m benchmarks [area ...]``."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNSEL_APP_FAST_KDF", "0")

from benchmarks.harness import Report, machine_line  # noqa: E402


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{a}" for a in argv] if argv else names
    unknown = [w for w in wanted if w not in names]
    if unknown:
        print(f"unknown benchmark area(s): {', '.join(u[6:] for u in unknown)}; "
              f"choose from {', '.join(n[6:] for n in names)}", file=sys.stderr)
        return 2
    report = Report()
    print(machine_line())
    for name in wanted:
        print(f"[{name[6:]}]", flush=True)
        importlib.import_module(f"benchmarks.{name}").run(report)
    print()
    print(report.table())
    missed = [r for r in report.rows if r.met is False]
    if missed:
        print(f"\n{len(missed)} target(s) not met: " + "; ".join(f"{r.area}/{r.name}" for r in missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
