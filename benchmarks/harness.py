"""A small benchmark harness: timing, peak memory, a table, ratios against a baseline.

Each area adds a module ``benchmarks/bench_<area>.py`` exposing ``run(report)``; it measures
its cases and calls ``report.add(...)``. ``python -m benchmarks`` runs them all (or the ones
named on the command line) and prints one table. Baselines are measured in the same run, so
a ratio compares like with like on whatever machine runs it.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; elsewhere peak RSS)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timing:
    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def launch_until_ready(cmd: list[str], env: dict, *, cwd) -> tuple[float, float]:
    """Start ``cmd`` as a fresh process: (ms from launch to its first line, which must start
    with READY; peak RSS of the child in MB). The child must then end with exit code 0."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    child.stdout.read()
    err = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if not line.startswith("READY") or child.returncode != 0:
        raise RuntimeError(f"{cmd[0]} did not start ({child.returncode}): {line} {err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def time_calls(func: Callable[[], object], *, repeat: int = 20, warmup: int = 2) -> Timing:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(samples)


def time_each(func: Callable[[object], object], items: list, *, warmup: int = 3) -> Timing:
    for item in items[:warmup]:
        func(item)
    samples = []
    for item in items:
        start = time.perf_counter()
        func(item)
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(samples)


def peak_python_memory_mb(func: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


@dataclass
class Row:
    area: str
    name: str
    median_ms: float | None = None
    p95_ms: float | None = None
    baseline: str = ""
    baseline_ms: float | None = None
    memory_mb: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline_ms and self.median_ms is not None:
            return self.median_ms / self.baseline_ms
        return None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(self, area: str, name: str, **values) -> Row:
        row = Row(area, name, **values)
        self.rows.append(row)
        print(f"  {area}: {name} ... {_fmt(row.median_ms)} ms", flush=True)
        return row

    def table(self) -> str:
        header = ("area", "measure", "median ms", "p95 ms", "baseline", "base ms", "ratio",
                  "mem MB", "target", "met")
        lines = [header]
        for r in self.rows:
            lines.append((
                r.area, r.name, _fmt(r.median_ms), _fmt(r.p95_ms), r.baseline,
                _fmt(r.baseline_ms), f"{r.ratio:.2f}x" if r.ratio else "",
                _fmt(r.memory_mb), r.target,
                "" if r.met is None else ("yes" if r.met else "NO"),
            ))
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
        out = []
        for index, line in enumerate(lines):
            out.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip())
            if index == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def machine_line() -> str:
    import platform

    return (f"{platform.node() or 'machine'}: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
