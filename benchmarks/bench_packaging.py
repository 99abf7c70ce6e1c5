"""The packaged app: cold start of the built program and from source through the same
command line, beside a bare PySide6 ``QMainWindow`` in the same run; the build's size.

* **Cold start** = launch of a fresh process to a usable main window: ``counsel-app --db
  <100k cases> --startup-time`` takes the app's own path (command line, Qt, preferences,
  language, main window on its sign-in page, the database opening on a worker thread) and
  prints READY when the window takes typing. ``--startup-time=case-list``: the same with
  the password entered at once, to the case list's first page and count of the
  100,000-case database of ``bench_ui`` (its key slot uses the light test KDF; the
  production Argon2id unlock is the user's login, measured in ``bench_ui``). Median of 5,
  interleaved with the bare window so all see the same machine state. Peak RSS of the
  child from ``wait4``.
* **Built app**: ``dist/counsel-app/counsel-app`` (``python3 .ci/bootstrap.py build``), or
  the program named by ``COUNSEL_BENCH_APP``. Not built: the rows say so. Its baseline is
  the same bare window from ``python -c``: the built app also pays its bootloader and
  archive, which the bare window does not.
* **Size** of the one-folder build on disk (``du``), target under 250 MB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.bench_ui import _BARE_CHILD, PASSWORD, ROOT, _env, build_database
from benchmarks.harness import launch_until_ready

RUNS = 5
TARGET = "< 1500 ms and <= 2x bare"


def built_app() -> Path | None:
    named = os.environ.get("COUNSEL_BENCH_APP")
    path = Path(named) if named else ROOT / "dist" / "counsel-app" / "counsel-app"
    return path if path.is_file() and os.access(path, os.X_OK) else None


def _size_mb(folder: Path) -> float:
    out = subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


def run(report) -> None:
    url = build_database()
    env = dict(_env(), COUNSEL_APP_USER="admin", COUNSEL_APP_PASSWORD=PASSWORD)
    app = built_app()
    commands = {
        "bare": [sys.executable, "-c", _BARE_CHILD, "0"],
        "source": [sys.executable, "-m", "counsel_app", "--db", url, "--startup-time"],
    }
    if app is not None:
        commands["built"] = [str(app), "--db", url, "--startup-time"]
    for key in ("source", "built"):  # on to the case list, the password given at once
        if key in commands:
            commands[f"{key}-list"] = [*commands[key][:-1], "--startup-time=case-list"]
    for cmd in commands.values():  # warm the OS file cache the same way for each
        launch_until_ready(cmd, env, cwd=ROOT)
    times = {key: [] for key in commands}
    peaks = {key: [] for key in commands}
    for _ in range(RUNS):
        for key, cmd in commands.items():
            elapsed, peak = launch_until_ready(cmd, env, cwd=ROOT)
            times[key].append(elapsed)
            peaks[key].append(peak)
    bare = statistics.median(times["bare"])
    report.add("packaging", "bare PySide6 QMainWindow (python -c)", median_ms=bare,
               p95_ms=max(times["bare"]), memory_mb=max(peaks["bare"]),
               target="(baseline)")
    for key, label in (("source", "cold start from source (python -m counsel_app)"),
                       ("built", "cold start of the built app")):
        if key not in times:
            report.add("packaging", f"{label}: not built (python3 .ci/bootstrap.py build)",
                       target=TARGET)
            continue
        median = statistics.median(times[key])
        report.add("packaging", f"{label}, usable main window (sign-in page)",
                   median_ms=median, p95_ms=max(times[key]), baseline="bare QMainWindow",
                   baseline_ms=bare, memory_mb=max(peaks[key]), target=TARGET,
                   met=median < 1500 and median <= 2 * bare)
        listed = statistics.median(times[f"{key}-list"])
        report.add("packaging", f"{label}, to the case list (100k cases)", median_ms=listed,
                   p95_ms=max(times[f"{key}-list"]), baseline="bare QMainWindow",
                   baseline_ms=bare, memory_mb=max(peaks[f"{key}-list"]),
                   target="< 1500 ms", met=listed < 1500)
    if app is not None:
        size = _size_mb(app.parent)
        report.add("packaging", f"one-folder build on disk: {size:.0f} MB",
                   target="< 250 MB", met=size < 250)
