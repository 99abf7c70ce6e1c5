"""A centre on one PostgreSQL: 5, 10 and 20 counsellors at once (issue 25).

Starts a throwaway PostgreSQL server with PostgreSQL's default durability (fsync on, as a
centre's server runs), creates one account per counsellor through the accounts service, and
runs that many counsellor processes at once, each signed in as itself, for a fixed time with
a realistic mix: create a case, open one, list the cases, save one of one's own, filter the
list, edit a colleague's case. Every process works as fast as it can (no pause between
actions), so the figures are the centre's capacity on this machine, clients and server
together.

Reported per level: per operation ops/s, median and p95 (ms), conflicts and errors; the total
throughput. Afterwards every reported create and save is checked by content (each case's
stored version and note are those of its last reported save, and its versions 1..n were each
reported exactly once: nothing lost, nothing silently overwritten), every action is matched
with its audit event (per account and per case), and ``audit verify`` runs. While they
work, the server's backends are sampled (``pg_stat_activity``): how many, on average, run,
wait on a lock or the disk, or wait for their client.

Targets (issue 25): total throughput at 20 no lower than at 5; p95 of save and create under
150 ms at 20; 0 lost or silently overwritten saves; 0 actions without their event; the
audit trail verifies.

    python -m benchmarks pg_load                            # 60 s per level, 5/10/20
    COUNSEL_BENCH_PG_SECONDS=10 COUNSEL_BENCH_PG_WORKERS=5,10 python -m benchmarks pg_load
    python -m benchmarks.bench_pg_load --seconds 10 --workers 5,10   # the same, alone
    COUNSEL_BENCH_PG_PROFILE=/tmp/p5 python -m benchmarks.bench_pg_load --workers 5
    python -m benchmarks.bench_pg_load --compare-profiles /tmp/p5 /tmp/p20  # work per action

Without PostgreSQL's programs (``initdb``) the area reports one row saying so.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREA = "pg_load"
PASSWORD = "load benchmark password"
DEFAULT_SECONDS = 60
DEFAULT_LEVELS = (5, 10, 20)
#: cases each counsellor creates before the clock starts (so there is something to open)
SEED_CASES = 8
#: the mix: operation -> weight
MIX = {"create": 10, "open": 25, "list": 15, "save": 25, "filter": 15, "colleague": 10}
LABELS = {
    "create": "create a case",
    "open": "open a case (audited)",
    "list": "list the cases (page of 50)",
    "save": "save one's own case",
    "filter": "filter the list (name / status / country)",
    "colleague": "edit a colleague's case (open + save)",
}
P95_TARGET_MS = 150.0
NAMES = ["Fatoumata", "Mamadou", "Aissatou", "Ibrahima", "Mariama", "Ousmane", "Kadiatou",
         "Abdoulaye", "Hawa", "Sekou", "Nadia", "Omar", "Leila", "Yusuf", "Amina", "Karim"]
COUNTRIES = ["GN", "SN", "ML", "CI", "NG", "TN", "MA", "AF", "IQ", "GE"]


def _bootstrap():
    """``.ci/bootstrap.py`` (its ``start_postgres`` is the tests' throwaway server)."""
    spec = importlib.util.spec_from_file_location("counsel_ci_bootstrap",
                                                  ROOT / ".ci" / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _levels() -> list[int]:
    raw = os.environ.get("COUNSEL_BENCH_PG_WORKERS", "")
    levels = [int(x) for x in raw.replace(" ", "").split(",") if x] if raw else []
    return levels or list(DEFAULT_LEVELS)


def _seconds() -> float:
    return float(os.environ.get("COUNSEL_BENCH_PG_SECONDS") or DEFAULT_SECONDS)


def _ready_then_go(seconds: float) -> float | None:
    """Say READY, wait for ``GO <time>`` on stdin and for that moment (every process of a
    level starts together); the monotonic deadline ``seconds`` later, or ``None`` when the
    parent sent something else."""
    print("READY", flush=True)
    line = sys.stdin.readline().split()
    if line[:1] != ["GO"] or len(line) < 2:
        return None
    start_at = float(line[1])
    while time.time() < start_at:
        time.sleep(0.001)
    return time.monotonic() + seconds


# -- one counsellor's process --------------------------------------------------------------

def _new_case(rng: random.Random, tag: str):
    from counsel_app.domain.case import Case, Person

    name = f"{rng.choice(NAMES)} {tag}"
    return Case(person=Person(name_latin=name), host_country="TN",
                return_country=rng.choice(COUNTRIES), reason_note=f"{tag} created")


def worker(url: str, username: str, seconds: float, out: str) -> int:
    """Sign in as ``username``, create a few cases, say READY, wait for GO, then work for
    ``seconds`` and write what happened to ``out`` (JSON)."""
    os.environ["COUNSEL_APP_FAST_KDF"] = "1"
    from counsel_app import areas
    from counsel_app.context import unlock
    from counsel_app.domain.enums import CaseStatus
    from counsel_app.errors import ConflictError
    from counsel_app.storage.db import Database

    areas.load()
    rng = random.Random(f"{username}-{os.getpid()}")
    db = Database(url)
    ctx = unlock(db, username, PASSWORD)
    samples: dict[str, list[float]] = {op: [] for op in MIX}
    conflicts = dict.fromkeys(MIX, 0)
    errors = dict.fromkeys(MIX, 0)
    error_texts: list[str] = []
    #: every committed create and save: [reference, version, note]
    saved: list[list] = []
    audited = {"create": 0, "change": 0, "view": 0}
    own: dict[str, object] = {}   # reference -> the Case as this counsellor last had it
    known: list[str] = []         # references seen in lists (colleagues' cases among them)
    counter = 0

    def note() -> str:
        nonlocal counter
        counter += 1
        return f"{username}:{counter}"

    def create():
        case = ctx.cases.create(_new_case(rng, username))
        audited["create"] += 1
        saved.append([case.reference, case.version, case.reason_note])
        own[case.reference] = case

    for _ in range(SEED_CASES):
        create()
    deadline = _ready_then_go(seconds)
    if deadline is None:
        return 1
    ops, weights = list(MIX), list(MIX.values())
    profile_to = os.environ.get("COUNSEL_BENCH_PG_PROFILE")  # a folder: cProfile each
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        profiler.enable()
    usage_before = _usage()

    def open_case():
        pool = known or list(own)
        case = ctx.cases.get_by_reference(rng.choice(pool))
        audited["view"] += 1
        if case.reference in own:
            own[case.reference] = case

    def list_cases():
        rows = ctx.cases.list(limit=50)
        known[:] = [r.reference for r in rows]

    def save_own():
        reference = rng.choice(list(own))
        case = own[reference]
        case.reason_note = note()
        try:
            ctx.cases.save(case)
        except ConflictError:
            own[reference] = ctx.cases.get_by_reference(reference)  # review theirs
            audited["view"] += 1
            raise
        audited["change"] += 1
        saved.append([case.reference, case.version, case.reason_note])

    def filter_cases():
        kind = rng.randrange(3)
        if kind == 0:
            ctx.cases.list(text=rng.choice(NAMES), limit=50)
        elif kind == 1:
            ctx.cases.list(status=CaseStatus.DRAFT, limit=50)
        else:
            ctx.cases.list(country=rng.choice(COUNTRIES), limit=50)

    def edit_colleague():
        theirs = [r for r in known if r not in own]
        if not theirs:
            list_cases()
            theirs = [r for r in known if r not in own] or list(own)
        case = ctx.cases.get_by_reference(rng.choice(theirs))
        audited["view"] += 1
        case.reason_note = note()
        ctx.cases.save(case)
        audited["change"] += 1
        saved.append([case.reference, case.version, case.reason_note])

    actions = {"create": create, "open": open_case, "list": list_cases, "save": save_own,
               "filter": filter_cases, "colleague": edit_colleague}
    while time.monotonic() < deadline:
        op = rng.choices(ops, weights)[0]
        began = time.perf_counter()
        try:
            actions[op]()
        except ConflictError:
            conflicts[op] += 1
            continue
        except Exception as exc:  # counted and shown: the benchmark must see every failure
            errors[op] += 1
            if len(error_texts) < 5:
                error_texts.append(f"{op}: {type(exc).__name__}: {exc}"[:300])
            continue
        samples[op].append((time.perf_counter() - began) * 1000)
    usage = {key: value - usage_before[key] for key, value in _usage().items()}
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(Path(profile_to) / f"{username}.prof"))
    db.dispose()
    Path(out).write_text(json.dumps({
        "user": username, "samples": samples, "conflicts": conflicts, "errors": errors,
        "error_texts": error_texts, "saved": saved, "audited": audited, "usage": usage}),
        encoding="utf-8")
    return 0


def _usage() -> dict[str, float]:
    """This process's CPU seconds and context switches so far (what one counsellor's
    process costs the machine: the figures are divided by its actions)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": ru.ru_utime + ru.ru_stime, "system_s": ru.ru_stime,
            "voluntary": ru.ru_nvcsw, "involuntary": ru.ru_nivcsw}


def machine_worker(seconds: float, out: str) -> int:
    """The machine's own share (no database): Python work like a counsellor's action
    (build and compile a statement, touch some memory) then a short sleep like a round
    trip, as many times as it can for ``seconds``; writes its steps and CPU seconds."""
    from sqlalchemy import column, select, table
    from sqlalchemy.dialects import postgresql

    cases = table("cases", column("id"), column("name"), column("status"),
                  column("updated_at"))
    dialect = postgresql.dialect()
    memory = [bytes(200) for _ in range(20_000)]

    def step(i: int) -> int:
        query = (select(cases.c.id, cases.c.name).where(cases.c.status == "draft")
                 .order_by(cases.c.updated_at.desc()).limit(50 + i % 7))
        str(query.compile(dialect=dialect))
        return sum(len(memory[(j + i) % 20_000]) for j in range(0, 20_000, 97))

    deadline = _ready_then_go(seconds)
    if deadline is None:
        return 1
    steps, before = 0, _usage()
    while time.monotonic() < deadline:
        step(steps)
        steps += 1
        time.sleep(0.0003)
    cpu = _usage()["cpu_s"] - before["cpu_s"]
    Path(out).write_text(json.dumps({"steps": steps, "cpu_s": cpu}), encoding="utf-8")
    return 0


#: the round-trip baseline's working set per process (MB): Python objects touched per step
PINGPONG_MB = 8


def pingpong_worker(seconds: float, out: str) -> int:
    """The machine's share as a counsellor's process meets it: Python work over a working
    set of ``PINGPONG_MB`` (dictionaries and strings, every seventh touched per step, like
    the objects an action walks), then one round trip over a socket to a partner process
    of its own (which touches 1 MB of its own and answers), as a counsellor's statement
    wakes its server backend and waits for it. Writes its steps and the CPU seconds of
    both processes. The sleep of :func:`machine_worker` never switches to another process
    that evicts this one's memory; a round trip does, at every step."""
    import socket

    mine, theirs = socket.socketpair()
    partner = os.fork()
    if partner == 0:  # the partner: answer each message after a little work of its own
        mine.close()
        table = [bytes(200) for _ in range(5_000)]
        turn = 0
        while True:
            message = theirs.recv(4096)
            if not message:
                os._exit(0)
            sum(len(table[(k + turn) % 5_000]) for k in range(0, 5_000, 31))
            turn += 1
            theirs.send(message)
    theirs.close()
    count = PINGPONG_MB * 1024 * 1024 // 400
    strings = [f"{i:08d}" * 20 for i in range(count)]
    records = [{"name": strings[i], "n": i, "tags": (i, i + 1)} for i in range(count)]

    def step(i: int) -> int:
        total = 0
        for j in range(i % 7, count, 7):
            record = records[j]
            total += len(record["name"]) + record["n"]
        return total

    deadline = _ready_then_go(seconds)
    if deadline is None:
        return 1
    steps, before = 0, _usage()
    while time.monotonic() < deadline:
        step(steps)
        mine.send(b"x" * 100)
        mine.recv(4096)
        steps += 1
    cpu = _usage()["cpu_s"] - before["cpu_s"]
    mine.close()
    _pid, _status, partner_usage = os.wait4(partner, 0)
    cpu += partner_usage.ru_utime + partner_usage.ru_stime  # its whole life: a little more
    Path(out).write_text(json.dumps({"steps": steps, "cpu_s": cpu}), encoding="utf-8")
    return 0


def machine_baseline(n: int, seconds: float, folder: Path, *, kind: str = "--machine") -> dict:
    """CPU per step of ``machine_worker`` (``kind`` "--machine") or ``pingpong_worker``
    ("--pingpong") with ``n`` processes at once: what the machine itself charges for more
    processes taking turns on its cores, without any database."""
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    outs = [folder / f"machine{kind}-{n}-{i}.json" for i in range(n)]
    procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.bench_pg_load", kind,
                               str(seconds), str(out)], cwd=ROOT, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for out in outs]
    try:
        for proc in procs:
            proc.stdout.readline()
        start_at = time.time() + 0.3
        for proc in procs:
            proc.stdin.write(f"GO {start_at}\n")
            proc.stdin.flush()
        for proc in procs:
            proc.communicate(timeout=seconds + 120)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    results = [json.loads(out.read_text("utf-8")) for out in outs]
    steps = sum(r["steps"] for r in results)
    return {"n": n, "kind": kind, "steps_s": steps / seconds,
            "cpu_ms": sum(r["cpu_s"] for r in results) * 1000 / max(1, steps)}


# -- the centre --------------------------------------------------------------------------

def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _server_admin(server_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(server_url).set(drivername="postgresql+psycopg")
    return base, create_engine(base, isolation_level="AUTOCOMMIT")


def _fresh_database(server_url: str, name: str) -> str:
    from sqlalchemy import text

    base, admin = _server_admin(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_database(server_url: str, name: str) -> None:
    from sqlalchemy import text

    _base, admin = _server_admin(server_url)
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :n"), {"n": name})
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def run_level(server_url: str, n: int, seconds: float, folder: Path) -> dict:
    """One level: a fresh database on the server, ``n`` accounts and processes; returns the
    figures and the checks (the database is dropped afterwards)."""
    name = f"load_{n}_{uuid.uuid4().hex[:8]}"
    url = _fresh_database(server_url, name)
    try:
        return _run_level(url, n, seconds, folder)
    finally:
        _drop_database(server_url, name)


def _run_level(url: str, n: int, seconds: float, folder: Path) -> dict:
    from counsel_app.security.accounts import add_user, create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    db = Database(url)
    migrate.upgrade(db)
    admin = create_first_administrator(db, "admin", PASSWORD)
    users = [f"counsellor{i:02d}" for i in range(1, n + 1)]
    for user in users:
        add_user(admin, user, "counsellor", PASSWORD)
    env = {**os.environ, "COUNSEL_APP_FAST_KDF": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    procs = []
    for user in users:
        out = folder / f"{n}-{user}.json"
        procs.append((user, out, subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench_pg_load", "--worker", url, user,
             str(seconds), str(out)], cwd=ROOT, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    try:
        for user, _out, proc in procs:
            line = proc.stdout.readline()
            if not line.startswith("READY"):
                raise RuntimeError(f"{user} did not start: {line} {proc.stderr.read()[-2000:]}")
        start_at = time.time() + 0.5
        for _user, _out, proc in procs:
            proc.stdin.write(f"GO {start_at}\n")
            proc.stdin.flush()
        sampler = WaitSampler(url, start_at, seconds)
        sampler.start()
        failed = []
        for user, _out, proc in procs:
            _stdout, err = proc.communicate(timeout=seconds + 300)
            if proc.returncode != 0:
                failed.append(f"{user} (exit {proc.returncode}): {err[-1500:]}")
        sampler.join()
    finally:
        for _user, _out, proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if failed:
        raise RuntimeError("counsellor processes failed: " + "; ".join(failed))
    results = [json.loads(out.read_text("utf-8")) for _u, out, _p in procs]
    level = {"n": n, "seconds": seconds, "ops": {}}
    for op in MIX:
        values = [v for r in results for v in r["samples"][op]]
        level["ops"][op] = {
            "count": len(values), "ops_s": len(values) / seconds,
            "median": statistics.median(values) if values else None,
            "p95": _percentile(values, 0.95) if values else None,
            "conflicts": sum(r["conflicts"][op] for r in results),
            "errors": sum(r["errors"][op] for r in results)}
    level["total_ops_s"] = sum(o["ops_s"] for o in level["ops"].values())
    level["error_texts"] = [t for r in results for t in r["error_texts"]][:5]
    level["waits"] = sampler.summary()
    level["cpu"] = cpu_summary(results, sampler.server_cpu_s, sampler.machine, seconds)
    level.update(check(db, admin, results))
    db.dispose()
    return level


class WaitSampler(threading.Thread):
    """What the counsellors' server backends are doing, sampled every 100 ms while they
    work (``pg_stat_activity``): on average how many run, wait on a lock, on the disk, or
    wait for their client (idle, idle in a transaction). Where the time of a centre goes."""

    INTERVAL = 0.1

    def __init__(self, url: str, start_at: float, seconds: float):
        super().__init__(daemon=True)
        self.url, self.start_at, self.seconds = url, start_at, seconds
        self.samples = 0
        self.counts: dict[str, int] = {}
        #: CPU seconds of the server's processes and of the whole machine over the run
        self.server_cpu_s: float | None = None
        self.machine: dict[str, float] = {}

    def run(self) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url.replace("postgresql://", "postgresql+psycopg://", 1),
                               isolation_level="AUTOCOMMIT")
        query = text("SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
                     "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                     "AND backend_type = 'client backend'")
        # the server's processes: its backends and its own (WAL writer, checkpointer...)
        pids = text("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    "AND (datname = current_database() OR datname IS NULL)")
        try:
            with engine.connect() as conn:
                while time.time() < self.start_at:
                    time.sleep(0.01)
                server_pids = conn.execute(pids).scalars().all()
                server_before = _cpu_of(server_pids)
                server_last = dict(server_before or {})
                machine_before = _machine_cpu()
                end = self.start_at + self.seconds
                while time.time() < end:
                    for state, kind, event in conn.execute(query):
                        key = self._key(state, kind, event)
                        self.counts[key] = self.counts.get(key, 0) + 1
                    self.samples += 1
                    # read at every sample: a counsellor's backend ends with its process
                    server_last.update(_cpu_of(server_pids) or {})
                    time.sleep(self.INTERVAL)
                machine_after = _machine_cpu()
                if server_before is not None:
                    self.server_cpu_s = sum(cpu - server_before[pid]
                                            for pid, cpu in server_last.items())
                if machine_before and machine_after:
                    self.machine = {k: machine_after[k] - machine_before[k]
                                    for k in machine_after}
        finally:
            engine.dispose()

    @staticmethod
    def _key(state, kind, event) -> str:
        if state == "active":
            return "running" if kind is None else f"active, waiting on {kind}:{event}"
        if state == "idle in transaction":
            return "idle in a transaction (waiting for its client)"
        if state == "idle":
            return "idle (waiting for its client)"
        return state or "unknown"

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        ordered = sorted(self.counts.items(), key=lambda kv: -kv[1])
        return "; ".join(f"{key} {count / self.samples:.1f}" for key, count in ordered[:6])


def _cpu_of(pids) -> dict[int, float] | None:
    """CPU seconds (user + system) of each process in ``pids`` (Linux ``/proc``; ``None``
    elsewhere, or when the server runs as another user whose figures cannot be read)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out or None


def _machine_cpu() -> dict[str, float]:
    """The machine's CPU seconds so far, all cores: busy, idle (with waiting for the
    disk) and stolen by the hypervisor (Linux ``/proc/stat``; empty elsewhere)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) / tick
                                                             for x in first[1:9])
    return {"busy": user + nice + system + irq + softirq, "idle": idle + iowait,
            "steal": steal}


def cpu_summary(results: list[dict], server_cpu_s: float | None, machine: dict,
                seconds: float) -> str:
    """Where the machine's CPU went per action: the counsellor processes', the server's,
    context switches of the counsellor processes; how busy the machine was."""
    attempts = sum(len(r["samples"][op]) + r["conflicts"][op] + r["errors"][op]
                   for r in results for op in MIX)
    usages = [r["usage"] for r in results if r.get("usage")]
    if not attempts or not usages:
        return "no figures"
    client = sum(u["cpu_s"] for u in usages) * 1000 / attempts
    system = sum(u.get("system_s", 0.0) for u in usages) * 1000 / attempts
    parts = [f"counsellor processes {client:.2f} ms CPU per action ({system:.2f} ms of it "
             f"in the kernel; {attempts} actions with conflicts and errors)"]
    if server_cpu_s is not None:
        parts.append(f"server {server_cpu_s * 1000 / attempts:.2f} ms")
    parts.append("context switches per action: "
                 f"{sum(u['voluntary'] for u in usages) / attempts:.2f} voluntary, "
                 f"{sum(u['involuntary'] for u in usages) / attempts:.2f} involuntary")
    if machine:
        total = sum(machine.values()) or 1.0
        parts.append(f"machine busy {100 * machine['busy'] / total:.0f} %, idle "
                     f"{100 * machine['idle'] / total:.0f} %, stolen "
                     f"{100 * machine['steal'] / total:.0f} % over {seconds:.0f} s")
    return "; ".join(parts)


def check(db, admin, results: list[dict]) -> dict:
    """Every reported create and save by content; every action with its event; verify."""
    from sqlalchemy import func, select

    from counsel_app.security import audit
    from counsel_app.security.models import AuditEvent
    from counsel_app.storage.cases import CaseRepository

    reported: dict[str, dict[int, str]] = {}
    twice = 0
    for result in results:
        for reference, version, note in result["saved"]:
            versions = reported.setdefault(reference, {})
            if version in versions:
                twice += 1  # two saves both reported the same version: one overwrote
            versions[version] = note
    # read-only check of what is stored (not an action of anybody: no audit event)
    plain = CaseRepository(db, admin.vault.cipher)
    lost, stored_versions = [], {}
    for reference, versions in reported.items():
        case = plain.get_by_reference(reference)
        stored_versions[reference] = case.version
        last = max(versions)
        if (case.version != last or case.reason_note != versions[last]
                or set(versions) != set(range(1, last + 1))):
            lost.append(reference)
    with db.read_session() as session:
        per_user = {(u, a): c for u, a, c in session.execute(
            select(AuditEvent.username, AuditEvent.action, func.count())
            .where(AuditEvent.action.in_(["create", "change", "view"]))
            .group_by(AuditEvent.username, AuditEvent.action))}
        per_case = {(r, a): c for r, a, c in session.execute(
            select(AuditEvent.reference, AuditEvent.action, func.count())
            .where(AuditEvent.action.in_(["create", "change"]))
            .group_by(AuditEvent.reference, AuditEvent.action))}
    unmatched = 0
    for result in results:
        for action, count in result["audited"].items():
            unmatched += abs(per_user.get((result["user"], action), 0) - count)
    for reference, version in stored_versions.items():
        unmatched += abs(per_case.get((reference, "create"), 0) - 1)
        unmatched += abs(per_case.get((reference, "change"), 0) - (version - 1))
    verified = audit.verify(db, admin.vault.data_key)
    return {"saves_checked": sum(len(v) for v in reported.values()),
            "cases_checked": len(reported), "lost": len(lost) + twice,
            "unmatched": unmatched, "verify_ok": verified.ok,
            "verify_message": verified.message()}


def add_rows(report, levels: list[dict], note: str) -> None:
    for level in levels:
        n = level["n"]
        for op, fig in level["ops"].items():
            target, met = "", None
            if n == max(lv["n"] for lv in levels) and op in ("save", "create"):
                target = f"p95 < {P95_TARGET_MS:.0f} ms"
                met = fig["p95"] is not None and fig["p95"] < P95_TARGET_MS
            report.add(AREA, f"{n} counsellors: {LABELS[op]}: {fig['ops_s']:.1f} ops/s, "
                             f"{fig['conflicts']} conflicts, {fig['errors']} errors",
                       median_ms=fig["median"], p95_ms=fig["p95"], target=target, met=met)
        errors = sum(f["errors"] for f in level["ops"].values())
        report.add(AREA, f"{n} counsellors: total {level['total_ops_s']:.1f} ops/s over "
                         f"{level['seconds']:.0f} s; {errors} errors",
                   target="0 errors", met=errors == 0)
        for text in level["error_texts"]:
            print(f"    error at {n}: {text}", flush=True)
        report.add(AREA, f"{n} counsellors: {level['saves_checked']} creates and saves checked "
                         f"by content ({level['cases_checked']} cases): {level['lost']} lost "
                         f"or overwritten", target="0 lost", met=level["lost"] == 0)
        report.add(AREA, f"{n} counsellors: actions without their audit event (or events "
                         f"without their action): {level['unmatched']}", target="0",
                   met=level["unmatched"] == 0)
        report.add(AREA, f"{n} counsellors: audit verify: {level['verify_message']}",
                   target="intact", met=level["verify_ok"])
        report.add(AREA, f"{n} counsellors: server backends on average (sampled every "
                         f"100 ms): {level['waits']}")
        if level.get("cpu"):
            report.add(AREA, f"{n} counsellors: CPU: {level['cpu']}")
    if len(levels) > 1:
        low = min(levels, key=lambda lv: lv["n"])
        high = max(levels, key=lambda lv: lv["n"])
        report.add(AREA, f"total throughput at {high['n']} ({high['total_ops_s']:.1f} ops/s) "
                         f"vs at {low['n']} ({low['total_ops_s']:.1f} ops/s)",
                   target=f"at {high['n']} >= at {low['n']}",
                   met=high["total_ops_s"] >= low["total_ops_s"])
    report.add(AREA, note)


#: seconds of the machine's baseline per process count (:func:`machine_baseline`)
MACHINE_SECONDS = 8.0


def add_machine_rows(report, figures: list[dict]) -> None:
    low = figures[0]
    for fig in figures:
        if fig.get("kind") == "--pingpong":
            what = (f"Python work over {PINGPONG_MB} MB then a round trip to a partner "
                    f"process per step: {fig['steps_s']:.0f} steps/s, CPU per step (both)")
        else:
            what = (f"Python work with a 0.3 ms sleep per step: {fig['steps_s']:.0f} "
                    f"steps/s, CPU per step")
        report.add(AREA, f"machine alone (no database), {fig['n']} processes of {what}",
                   median_ms=fig["cpu_ms"],
                   baseline=f"{low['n']} processes" if fig is not low else "",
                   baseline_ms=low["cpu_ms"] if fig is not low else None)


def _load_note() -> str:
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return "machine load unknown"
    return (f"machine load average before the run {one:.2f} (1 min), {five:.2f} (5 min) on "
            f"{os.cpu_count()} cores")


def run(report) -> None:
    ci = _bootstrap()
    if ci._pg_bin() is None:
        report.add(AREA, "not run: PostgreSQL's programs (initdb) are not installed")
        return
    saved = os.environ.get("COUNSEL_APP_FAST_KDF")
    os.environ["COUNSEL_APP_FAST_KDF"] = "1"  # the sign-in's cost is not what is measured
    note = _load_note()
    url, stop = ci.start_postgres(durable=True, options="-c max_connections=200")
    folder = Path(tempfile.mkdtemp(prefix="counsel-pg-load-"))
    try:
        levels = []
        for n in _levels():
            print(f"  {AREA}: {n} counsellors for {_seconds():.0f} s ...", flush=True)
            levels.append(run_level(url, n, _seconds(), folder))
        add_rows(report, levels, f"{note}; server fsync on (default durability), accounts "
                                 f"with the test KDF")
        counts = sorted({min(_levels()), max(_levels())})
        if len(counts) > 1:
            add_machine_rows(report, [machine_baseline(n, MACHINE_SECONDS, folder)
                                      for n in counts])
            if hasattr(os, "fork"):
                add_machine_rows(report, [machine_baseline(n, MACHINE_SECONDS, folder,
                                                           kind="--pingpong")
                                          for n in counts])
    finally:
        stop()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        if saved is None:
            os.environ.pop("COUNSEL_APP_FAST_KDF", None)
        else:
            os.environ["COUNSEL_APP_FAST_KDF"] = saved


#: the worker's action functions (:func:`worker`): their calls count the actions profiled
ACTION_FUNCTIONS = ("create", "open_case", "list_cases", "save_own", "filter_cases",
                    "edit_colleague")


def compare_profiles(first: str, second: str, top: int = 25) -> str:
    """Two folders of ``COUNSEL_BENCH_PG_PROFILE`` profiles (say 5 and 20 counsellors):
    function calls per action in each, then for the functions that take the most CPU, the
    CPU per call in each and how it changed. Same calls per action and the same CPU per
    call in pure computation, but more in the code that runs as a process gets the core
    back from a round trip, is the machine's share of more processes, not more work."""
    import glob
    import pstats

    def load(folder: str):
        files = sorted(glob.glob(str(Path(folder) / "*.prof")))
        if not files:
            raise SystemExit(f"no .prof files in {folder}")
        stats = pstats.Stats(*files)
        actions = sum(v[1] for k, v in stats.stats.items()
                      if k[0].endswith("bench_pg_load.py") and k[2] in ACTION_FUNCTIONS)
        table = {(Path(k[0]).name, k[2]): (v[1], v[2]) for k, v in stats.stats.items()}
        return table, stats.total_calls, max(actions, 1)

    (a, calls_a, actions_a), (b, calls_b, actions_b) = load(first), load(second)
    lines = [f"{first}: {actions_a} actions, {calls_a / actions_a:.0f} function calls per "
             f"action; {second}: {actions_b} actions, {calls_b / actions_b:.0f} per action "
             f"({(calls_b / actions_b) / (calls_a / actions_a) - 1:+.1%})", "",
             f"{'function':<58} {'calls/action':>13} {'us/call':>16} {'change':>7}"]
    shared = sorted((a[k][1], k) for k in a if k in b and a[k][0] >= actions_a / 4)
    for _total, key in reversed(shared[-top:]):
        (na, ta), (nb, tb) = a[key], b[key]
        per_a, per_b = ta / na * 1e6, tb / nb * 1e6
        name = f"{key[0]}:{key[1]}"[:58]
        lines.append(f"{name:<58} {na / actions_a:6.2f} {nb / actions_b:6.2f} "
                     f"{per_a:7.2f} {per_b:8.2f} {per_b / per_a - 1:+7.0%}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compare-profiles"] and len(argv) == 3:
        print(compare_profiles(argv[1], argv[2]))
        return 0
    if argv[:1] == ["--machine"]:
        return machine_worker(float(argv[1]), argv[2])
    if argv[:1] == ["--pingpong"]:
        return pingpong_worker(float(argv[1]), argv[2])
    if argv[:1] == ["--worker"]:
        try:
            return worker(argv[1], argv[2], float(argv[3]), argv[4])
        except Exception:
            traceback.print_exc()
            return 1
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_pg_load")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--workers", default=None, help="levels, e.g. 5,10,20")
    args = parser.parse_args(argv)
    if args.seconds:
        os.environ["COUNSEL_BENCH_PG_SECONDS"] = str(args.seconds)
    if args.workers:
        os.environ["COUNSEL_BENCH_PG_WORKERS"] = args.workers
    from benchmarks.__main__ import main as bench_main

    return bench_main([AREA])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
