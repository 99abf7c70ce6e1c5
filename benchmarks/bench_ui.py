"""The desktop app: cold start, the case list at 100,000 cases, memory.

* **Cold start**: ``python -m counsel_app --db <100k cases> --startup-time`` (the app's own
  start, see ``counsel_app/ui/startup_probe.py``) to the main window shown and taking typing
  on its sign-in page, the database still opening on its worker thread; beside it, in the
  same run, a fresh ``python -c`` process that shows a bare PySide6 ``QMainWindow`` the same
  way (ready in the first event-loop pass after ``show()``). Then ``--startup-time=case-list``:
  the same start with the password entered at once, to the case list's first page and case
  count (no typing time: the worst case for the background opening). From process launch to
  the child's "READY" line, median of 7, interleaved. The bench database's key slot uses the
  light test KDF so sign-in does not dominate; the production Argon2id unlock is measured on
  its own (it is the user's login, not start-up).
* **Typing while the database opens**: ``--startup-time=typing`` types a key into the
  password field every 10 ms from the moment the window is usable until the database is
  open, and says how late each key was handled (5 runs; every key must arrive); then the
  right password and Enter, to the case list with its count.
* **Case list at 100,000 cases**: opening the list (first page, total count) and filtering
  as the user types (name prefix through the blind index, a country name, a reference,
  a status), each keystroke = query + model reset + count (tasks run synchronously here).
* **RSS** of a process with the list open on 100,000 cases, and after scrolling 10,000 rows.

The 100,000 encrypted cases are generated once with bulk inserts into a cached SQLite file
(``$TMPDIR/counsel-bench-ui/cases-100k.sqlite``; delete it to rebuild).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.harness import launch_until_ready, rss_mb, time_each

#: ``COUNSEL_BENCH_UI_CASES`` sets a smaller database (the tests run the list part at 2,000).
N_CASES = int(os.environ.get("COUNSEL_BENCH_UI_CASES", "100000"))
RUNS = 7
PASSWORD = "benchmark password 2026"
ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "counsel-bench-ui"
SIZE = f"{N_CASES // 1000}k" if N_CASES % 1000 == 0 else str(N_CASES)  #: in the rows' names
DB_FILE = CACHE / f"cases-{SIZE}.sqlite"

FIRST = ["Aissatou", "Mamadou", "Fatoumata", "Ibrahima", "Mariama", "Ousmane", "Karim", "Olena",
         "Tesfaye", "Ahmad", "Awa", "Moussa", "Hawa", "Abdoulaye", "Kadiatou", "Sekou", "Amina",
         "Yusuf", "Leila", "Omar", "Nadia", "Hassan", "Zainab", "Ali", "Mohammed", "Fatima",
         "Dawit", "Selam", "Giorgi", "Nino", "Armen", "Ani", "Ivan", "Oksana", "Arben", "Elira"]
LAST = ["Barry", "Diallo", "Bah", "Sow", "Camara", "Conde", "Haddad", "Kovalenko", "Bekele",
        "Rahimi", "Ndiaye", "Traore", "Keita", "Coulibaly", "Toure", "Sylla", "Kone", "Hussein",
        "Ahmadi", "Karimi", "Tesfaye", "Girma", "Beridze", "Petrosyan", "Shevchenko", "Hoxha"]
COUNTRIES = ["GN", "ML", "CI", "SN", "NG", "GM", "BF", "CM", "ET", "ER", "SO", "SD", "IQ",
             "AF", "PK", "BD", "GE", "AM", "UA", "AL", "MD", "GT", "HN", "SV"]


def _env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNSEL_APP_FAST_KDF="1",
               COUNSEL_APP_DATA_DIR=str(CACHE / "data"), PYTHONPATH=str(ROOT))
    env.pop("COUNSEL_APP_DB_URL", None)
    return env


def build_database() -> str:
    """The cached 100,000-case database (built on first use); returns its URL."""
    url = f"sqlite:///{DB_FILE}"
    os.environ["COUNSEL_APP_DATA_DIR"] = str(CACHE / "data")
    os.environ["COUNSEL_APP_FAST_KDF"] = "1"
    from sqlalchemy import func, insert, select

    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from counsel_app.storage.models import CaseRow, CaseSearchToken, ReferenceCounter

    if DB_FILE.exists():
        db = Database(url)
        migrate.upgrade(db)
        with db.read_session() as s:
            if s.scalar(select(func.count(CaseRow.id))) == N_CASES:
                db.dispose()
                return url
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    from counsel_app.security.accounts import create_first_administrator

    db = Database(url)
    migrate.upgrade(db)
    ctx = create_first_administrator(db, "admin", PASSWORD)
    cipher = ctx.vault.cipher
    rng = random.Random(7)
    start = time.perf_counter()
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    year = 2026
    chunk = 5000
    statuses = ["draft", "counselling", "decision_taken", "closed"]
    with db.engine.begin() as conn:
        for first_id in range(1, N_CASES + 1, chunk):
            cases, tokens = [], []
            for case_id in range(first_id, min(first_id + chunk, N_CASES + 1)):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                ref = f"AVRR-{year}-{case_id:06d}"
                when = base + timedelta(minutes=case_id * 3)
                status = statuses[case_id % 4]
                personal = {"person": {"name_latin": name, "name_native": name},
                            "household": [], "counsellor": "admin"}
                cases.append(dict(
                    id=case_id, reference=ref, status=status,
                    decision="return" if status == "decision_taken" else None,
                    host_country="TN", return_country=rng.choice(COUNTRIES), is_sample=False,
                    created_at=when, updated_at=when,
                    name_enc=cipher.encrypt_text(name, f"cases:{ref}:name"),
                    personal_enc=cipher.encrypt_json(personal, f"cases:{ref}:personal"),
                    version=1))
                tokens.extend({"case_id": case_id, "token": t}
                              for t in cipher.search_tokens(name))
            conn.execute(insert(CaseRow.__table__), cases)
            conn.execute(insert(CaseSearchToken.__table__), tokens)
        conn.execute(insert(ReferenceCounter.__table__), [{"year": year,
                                                          "last_number": N_CASES}])
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"    built {N_CASES} encrypted cases in {time.perf_counter() - start:.0f} s",
          flush=True)
    db.dispose()
    return url


_BARE_CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    def ready():
        print("READY", flush=True)
        app.quit()
    QTimer.singleShot(0, ready)
    app.exec()
""")


_FLOOR_CHILD = _BARE_CHILD.replace(
    "import sys\n", "import sys\nimport sqlalchemy.orm, cryptography.hazmat.primitives.ciphers.aead"
    ", babel.dates\n", 1)


def _cold_start(report, url: str) -> None:
    commands = {
        "bare": [sys.executable, "-c", _BARE_CHILD],
        "floor": [sys.executable, "-c", _FLOOR_CHILD],
        "window": [sys.executable, "-m", "counsel_app", "--db", url, "--startup-time"],
        "list": [sys.executable, "-m", "counsel_app", "--db", url, "--startup-time=case-list"],
    }
    env = dict(_env(), COUNSEL_APP_USER="admin", COUNSEL_APP_PASSWORD=PASSWORD)
    times = {key: [] for key in commands}
    for cmd in commands.values():  # warm the OS file cache for each the same way
        launch_until_ready(cmd, env, cwd=ROOT)
    for _ in range(RUNS):
        for key, cmd in commands.items():  # interleaved: each sees the same machine state
            times[key].append(launch_until_ready(cmd, env, cwd=ROOT)[0])
    med = {key: statistics.median(values) for key, values in times.items()}
    bare = med["bare"]
    report.add("ui", "bare QMainWindow + SQLAlchemy/cryptography/Babel imports",
               median_ms=med["floor"], p95_ms=max(times["floor"]), baseline="bare QMainWindow",
               baseline_ms=bare, target="(the stack's floor, for reference)")
    report.add("ui", "cold start to a usable main window (sign-in page, typing)",
               median_ms=med["window"], p95_ms=max(times["window"]),
               baseline="bare QMainWindow", baseline_ms=bare,
               target="< 1500 ms and <= 2x bare",
               met=med["window"] < 1500 and med["window"] <= 2 * bare)
    report.add("ui", f"cold start to the case list, {SIZE} cases (password given at once)",
               median_ms=med["list"], p95_ms=max(times["list"]), baseline="bare QMainWindow",
               baseline_ms=bare, target="< 500 ms (issue 22)", met=med["list"] < 500)


def _typing_while_opening(report, url: str) -> None:
    """Keys typed into the password field every 10 ms while the database opens behind the
    sign-in page: how late the worst one was handled (the window must not freeze)."""
    env = dict(_env(), COUNSEL_APP_USER="admin", COUNSEL_APP_PASSWORD=PASSWORD)
    worst, medians, entered = [], [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-m", "counsel_app", "--db", url,
                              "--startup-time=typing"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        line = next((x for x in out.stdout.splitlines() if x.startswith("TYPED")), "")
        if not line:
            raise RuntimeError(f"typing probe failed: {out.stdout} {out.stderr[-2000:]}")
        typed, keys = line.split()[1].split("/")
        if typed != keys:
            raise RuntimeError(f"keys were lost while the database opened: {line}")
        words = line.replace(",", "").split()
        worst.append(float(words[words.index("max-lag") + 1]))
        medians.append(float(words[words.index("median") + 1]))
        signed = next((x for x in out.stdout.splitlines() if x.startswith("SIGNED-IN")), "")
        if not signed:
            raise RuntimeError(f"sign-in after typing failed: {out.stderr[-2000:]}")
        entered.append(float(signed.split()[1]))
    report.add("ui", "typing while the database opens: key lag (median; p95 col = worst)",
               median_ms=statistics.median(medians), p95_ms=max(worst),
               target="worst key < 100 ms (no freeze)", met=max(worst) < 100)
    report.add("ui", f"then Enter: sign-in (test KDF) to the case list, {SIZE} cases",
               median_ms=statistics.median(entered), p95_ms=max(entered),
               target="(what a user waits for after the password)")


def _list_and_filter(report, url: str) -> None:
    from counsel_app.security.accounts import sign_in
    from counsel_app.storage.db import Database
    from counsel_app.ui import tasks
    from counsel_app.ui.app import make_application

    make_application()
    tasks.set_pool(tasks.SynchronousPool())
    from counsel_app.ui.case_list import CaseListView

    base_rss = rss_mb()
    ctx = sign_in(Database(url), "admin", PASSWORD)
    opened = []
    start = time.perf_counter()
    view = CaseListView(ctx.cases)
    view.resize(1200, 700)
    view.show()
    view.refresh()
    opened.append((time.perf_counter() - start) * 1000)
    for _ in range(4):
        start = time.perf_counter()
        view.refresh()
        opened.append((time.perf_counter() - start) * 1000)
    report.add("ui", f"case list open at {SIZE} (page + count)",
               median_ms=statistics.median(opened), p95_ms=max(opened), target="< 100 ms", met=statistics.median(opened) < 100)

    typed = []
    for word in ("Mariama", "Diallo", "Guinea", "AVRR-2026-0500", "Ukraine", "Oks"):
        for n in range(1, len(word) + 1):
            typed.append(word[:n])
        typed.append("")

    def keystroke(text: str) -> None:
        view.search.setText(text)
        view.apply_filter()

    timing = time_each(keystroke, typed)
    report.add("ui", f"filter per keystroke at {SIZE}", median_ms=timing.median,
               p95_ms=timing.p95, target="< 100 ms (p95)", met=timing.p95 < 100)
    view.search.setText("")
    from counsel_app.domain.enums import CaseStatus

    status_timing = time_each(lambda s: (view.status.setCurrentIndex(
        view.status.findData(s))), [CaseStatus.COUNSELLING, CaseStatus.CLOSED, None] * 3)
    report.add("ui", f"status filter at {SIZE}", median_ms=status_timing.median,
               p95_ms=status_timing.p95, target="< 100 ms", met=status_timing.p95 < 100)
    view.status.setCurrentIndex(0)
    listed = rss_mb()
    report.add("ui", f"RSS, list open on {SIZE} cases", memory_mb=listed,
               baseline=f"before: {base_rss:.0f} MB", target="< 300 MB", met=listed < 300)
    start = time.perf_counter()
    while view.model.rowCount() < 10_000 and view.model.canFetchMore():
        view.model.fetchMore()
    scrolled_ms = (time.perf_counter() - start) * 1000
    scrolled = rss_mb()
    report.add("ui", "scroll to 10,000 rows (50 pages)", median_ms=scrolled_ms / 49,
               memory_mb=scrolled, target="RSS < 300 MB", met=scrolled < 300)
    view.close()
    tasks.set_pool(None)


def _unlock(report) -> None:
    import os as _os

    from benchmarks.harness import time_calls
    from counsel_app.storage.crypto import KdfParams, derive_key

    salt = _os.urandom(16)
    timing = time_calls(lambda: derive_key(PASSWORD, salt, KdfParams()), repeat=3, warmup=1)
    report.add("ui", "sign-in key derivation (Argon2id, production)", median_ms=timing.median,
               p95_ms=timing.p95, target="(login, not start-up)")


QUIT_CHILD = textwrap.dedent("""
    import os, sys, tempfile, time
    folder = tempfile.mkdtemp(prefix="counsel-bench-quit-")
    os.environ["COUNSEL_APP_DATA_DIR"] = folder
    from counsel_app import areas, cli
    areas.load(); areas.load_screens()
    from counsel_app.demo import sample_case
    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    db = Database("sqlite:///" + os.path.join(folder, "quit.sqlite")); migrate.upgrade(db)
    ctx = create_first_administrator(db, "admin", "a long enough password")
    case = ctx.cases.create(sample_case())
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from counsel_app.ui.main_window import MainWindow
    app = QApplication([])
    window = MainWindow(ctx); window.show(); window.open_case(case.id)
    for key in ("intake", "screening", "information", "plan"):
        window.wizard.go_to(key); app.processEvents()
    QTimer.singleShot(200, window.close)
    app.exec()
    print("CLOSED", repr(time.time()), flush=True)
    if sys.argv[1] == "app":
        cli.end_process(0)      # what the desktop app does once its window has closed
""")


def _quit(report) -> None:
    """From the last window closed (everything saved) to the process gone: the app's end
    (exit handlers, log, then the process ends) beside Python's own teardown of the same
    process. Median of 5 runs each, interleaved."""
    def once(mode: str) -> float:
        child = subprocess.run([sys.executable, "-c", QUIT_CHILD, mode], env=_env(), cwd=ROOT,
                               capture_output=True, text=True, timeout=300)
        ended = time.time()
        line = next((x for x in child.stdout.splitlines() if x.startswith("CLOSED")), None)
        if child.returncode != 0 or line is None:
            raise RuntimeError(f"quit child failed ({child.returncode}): {child.stderr[-800:]}")
        return (ended - float(line.split()[1])) * 1000

    app, plain = [], []
    for _ in range(5):
        app.append(once("app"))
        plain.append(once("plain"))
    median = statistics.median(app)
    report.add("ui", "quit: last window closed to process ended", median_ms=median,
               p95_ms=max(app), baseline="Python's own teardown",
               baseline_ms=statistics.median(plain), target="< 300 ms", met=median < 300)


def run(report) -> None:
    old = {k: os.environ.get(k) for k in ("COUNSEL_APP_DATA_DIR", "COUNSEL_APP_FAST_KDF")}
    try:
        url = build_database()
        _cold_start(report, url)
        _typing_while_opening(report, url)
        _list_and_filter(report, url)
        _unlock(report)
        _quit(report)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
