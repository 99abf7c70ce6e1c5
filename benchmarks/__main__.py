"""Run the benchmarks and print one table: ``python -m benchmarks [area ...]``.

Every area runs in its own Python process, one after the other: no area inherits another's
imports, caches, Qt application or memory, one area failing does not stop the others, and
each area's peak resident memory (the process's high-water mark, from ``wait4``) is a row
of the table. The exit code is non-zero when an area failed.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNSEL_APP_FAST_KDF", "0")

from benchmarks.harness import Report, Row, machine_line  # noqa: E402

HERE = Path(__file__).parent


def areas() -> list[str]:
    return sorted(m.name[6:] for m in pkgutil.iter_modules([str(HERE)])
                  if m.name.startswith("bench_"))


def usage(known: list[str]) -> str:
    """The help text: what the command does and each area with the first line of its
    module's docstring (read from the source, so no area is imported)."""
    import ast

    lines = ["usage: python -m benchmarks [-h] [AREA ...]", "",
             "Run the benchmarks, each area in its own process, and print one table of",
             "figures beside their targets and a baseline measured in the same run.", "",
             "With no AREA every area runs. Areas:"]
    for area in known:
        source = (HERE / f"bench_{area}.py").read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(source)) or ""
        paragraph = " ".join(doc.strip().split("\n\n")[0].split())
        lines.append(f"  {area:<14} {paragraph.split('. ')[0].rstrip('.')}")
    lines += ["", "Figures and targets: docs/performance.md. Exit status 1 when an area failed."]
    return "\n".join(lines)


def run_one(area: str, rows_file: str) -> int:
    """Child: run one area, write its rows as JSON."""
    from counsel_app import areas as app_areas

    app_areas.load()  # the areas plugged in, as the program's entry point does
    report = Report()
    importlib.import_module(f"benchmarks.bench_{area}").run(report)
    Path(rows_file).write_text(json.dumps([dataclasses.asdict(r) for r in report.rows]),
                               encoding="utf-8")
    return 0


def run_isolated(area: str, report: Report) -> bool:
    with tempfile.TemporaryDirectory(prefix="counsel-bench-") as folder:
        rows_file = Path(folder) / "rows.json"
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "benchmarks", "--one", area,
                                  str(rows_file)], cwd=HERE.parent)
        _pid, status, usage = os.wait4(child.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if rows_file.exists():
            report.rows.extend(Row(**row) for row in json.loads(rows_file.read_text("utf-8")))
    ok = code == 0
    report.rows.append(Row(area, f"peak RSS of the {area} benchmarks (process + children; "
                                 f"{seconds:.0f} s)" + ("" if ok else f": FAILED, exit {code}"),
                           memory_mb=usage.ru_maxrss / 1024, met=None if ok else False))
    return ok


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"] and len(argv) == 3:
        return run_one(argv[1], argv[2])
    # Start-up figures assume Python's bytecode cache, as in any installed app (pip writes
    # it, PyInstaller bundles it). Where the environment turns it off, the benchmark
    # processes keep it in a private folder outside the source tree instead of compiling
    # every module anew.
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        os.environ.setdefault("PYTHONPYCACHEPREFIX",
                              str(Path(tempfile.gettempdir()) / "counsel-bench-pycache"))
    known = areas()
    if any(a in ("-h", "--help") for a in argv):
        print(usage(known))
        return 0
    wanted = argv or known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        print(f"unknown benchmark area(s): {', '.join(unknown)}; "
              f"choose from {', '.join(known)}", file=sys.stderr)
        return 2
    report = Report()
    print(machine_line(), flush=True)
    failed = []
    for area in wanted:
        print(f"[{area}]", flush=True)
        if not run_isolated(area, report):
            failed.append(area)
    print()
    print(machine_line())
    print(report.table())
    missed = [r for r in report.rows if r.met is False]
    if missed:
        print(f"\n{len(missed)} target(s) not met: " + "; ".join(f"{r.area}/{r.name}" for r in missed))
    if failed:
        print(f"\nbenchmark area(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
