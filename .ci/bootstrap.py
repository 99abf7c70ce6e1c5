#!/usr/bin/env python3
"""Set up and run counsel-app from a fresh clone with nothing but Python 3.11+ and git.

    python3 .ci/bootstrap.py app     # run the app (no display: the headless demo)
    python3 .ci/bootstrap.py test    # run the whole test suite
    python3 .ci/bootstrap.py build   # build the desktop app into dist/counsel-app/ and self-check it

It makes a virtual environment in .venv, installs the project with its test extras, compiles
the translation catalogs, and then runs the app or the tests. For the tests it starts a
throwaway PostgreSQL server on loopback when PostgreSQL's programs are installed and no
COUNSEL_TEST_PG_URL is given (on CI, where CI=true, PostgreSQL tests must run).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def ensure_venv() -> None:
    if PY.exists():
        return
    say("creating the virtual environment in .venv")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
    if result.returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        if shutil.which("apt-get") and os.geteuid() == 0:
            say("installing python3-venv with apt-get")
            run(["apt-get", "install", "-y", "-qq", "python3-venv"])
            run([sys.executable, "-m", "venv", str(VENV)])
        else:
            sys.exit("[bootstrap] Python cannot create a virtual environment here. "
                     "On Debian/Ubuntu run: sudo apt-get install python3-venv")


def install(extras: str) -> None:
    stamp = VENV / f".installed-{extras}"
    pyproject = ROOT / "pyproject.toml"
    if stamp.exists() and stamp.stat().st_mtime >= pyproject.stat().st_mtime:
        return
    say(f"installing counsel-app [{extras}] and its dependencies")
    run([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[{extras}]"])
    stamp.touch()


def compile_catalogs() -> None:
    run([str(PY), "-m", "counsel_app.i18n.catalogs", "compile"], cwd=ROOT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _traversable_tmp() -> str:
    """A temporary folder another user (postgres) can reach: some sandboxes make /tmp
    private to root."""
    for candidate in (tempfile.gettempdir(), "/var/tmp", "/dev/shm", str(VENV)):
        path = Path(candidate)
        if path.is_dir() and all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents]):
            return str(path)
    return tempfile.gettempdir()


def start_postgres(*, durable: bool = False, options: str = ""):
    """Start a throwaway PostgreSQL on 127.0.0.1; return (url, stop) or (None, None).

    ``durable``: keep PostgreSQL's default durability (fsync on), as a centre's server runs
    (the load benchmark); the tests turn fsync off. ``options``: more ``-c name=value``."""
    bindir = _pg_bin()
    if bindir is None:
        return None, None
    base = Path(tempfile.mkdtemp(prefix="counsel-pg-", dir=_traversable_tmp()))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            run(["useradd", "--system", "--no-create-home", "postgres"])
        run(["chown", "-R", "postgres", str(base)])
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL}
    run(prefix + [str(bindir / "initdb"), "-D", str(data), "-U", "counsel", "-A", "trust",
                  "-E", "UTF8", "--no-locale"], **quiet)
    run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w",
                  "-o", f"-h 127.0.0.1 -p {port} -k {sock}{'' if durable else ' -c fsync=off'}"
                  f"{' ' + options if options else ''}", "start"], **quiet)
    url = f"postgresql://counsel@127.0.0.1:{port}/postgres"
    say(f"started a throwaway PostgreSQL server at 127.0.0.1:{port}")

    def stop() -> None:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)

    return url, stop


def cmd_test(extra: list[str]) -> int:
    ensure_venv()
    install("test,packs")  # packs: the pinned sources, so the base-pack build is tested too
    compile_catalogs()
    env = dict(os.environ)
    stop = None
    if not env.get("COUNSEL_TEST_PG_URL"):
        url, stop = start_postgres()
        if url:
            env["COUNSEL_TEST_PG_URL"] = url
        elif env.get("CI") == "true":
            sys.exit("[bootstrap] CI=true but PostgreSQL is not installed: the PostgreSQL "
                     "tests must run on CI (apt-get install postgresql).")
        else:
            say("PostgreSQL is not installed: its tests will be skipped")
    try:
        return subprocess.run([str(PY), "-m", "pytest", *_workers(extra), *extra], cwd=ROOT,
                              env=env).returncode
    finally:
        if stop:
            stop()


def _workers(extra: list[str]) -> list[str]:
    """The suite on every core, up to four (pytest-xdist; tests handed out one by one, which
    kept both cores busy to the end where one file per worker left one idle); none added
    when the caller chose (``-n``/``--numprocesses``, or ``-p no:xdist``)."""
    if any(arg.startswith(("-n", "--numprocesses", "--dist")) or arg == "no:xdist"
           for arg in extra):
        return []
    workers = min(os.cpu_count() or 1, 4)
    return ["-n", str(workers)] if workers > 1 else []


def cmd_app(extra: list[str]) -> int:
    ensure_venv()
    install("test")
    compile_catalogs()
    return subprocess.run([str(BIN / "counsel-app"), *extra], cwd=ROOT).returncode


#: The one-folder build must stay under this size (issue 11; docs/performance.md).
BUILD_LIMIT_MB = 250


def build_prerequisites() -> None:
    """PyInstaller needs the shared Python library, and binutils' strip to shrink the build."""
    if not sys.platform.startswith("linux"):
        return
    import sysconfig

    missing = []
    lib = Path(sysconfig.get_config_var("LIBDIR") or "/") / (sysconfig.get_config_var("INSTSONAME") or "-")
    if not lib.is_file():
        missing.append(f"libpython{sys.version_info.major}.{sys.version_info.minor}")
    if not shutil.which("strip"):
        missing.append("binutils")
    if not missing:
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        say(f"installing {' '.join(missing)} with apt-get")
        run(["apt-get", "install", "-y", "-qq", *missing])
    else:
        sys.exit(f"[bootstrap] the build needs {' and '.join(missing)}. "
                 f"On Debian/Ubuntu run: sudo apt-get install {' '.join(missing)}")


def _disk_mb(folder: Path) -> float:
    """Space the folder takes on disk (as du counts it)."""
    total = 0
    for path in folder.rglob("*"):
        if not path.is_symlink():
            st = path.stat()
            total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total / (1024 * 1024)


def cmd_build(extra: list[str]) -> int:
    """PyInstaller one-folder build (build.spec) into dist/counsel-app/, then its self-check
    (offscreen when there is no display) and its size."""
    ensure_venv()
    install("test,build")
    build_prerequisites()
    compile_catalogs()
    say("building the desktop app with PyInstaller (build.spec)")
    run([str(PY), "-m", "PyInstaller", "--noconfirm", "--distpath", str(ROOT / "dist"),
         "--workpath", str(ROOT / "build"), *extra, "build.spec"], cwd=ROOT)
    app = ROOT / "dist" / "counsel-app" / ("counsel-app.exe" if os.name == "nt" else "counsel-app")
    env = dict(os.environ)
    if os.name == "posix" and sys.platform != "darwin" and not (
            env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    say(f"self-check of {app.relative_to(ROOT)}")
    code = subprocess.run([str(app), "--self-check"], cwd=ROOT, env=env).returncode
    size = _disk_mb(app.parent)
    say(f"{app.parent.relative_to(ROOT)}: {size:.0f} MB on disk (limit {BUILD_LIMIT_MB} MB)")
    if size >= BUILD_LIMIT_MB:
        say("the build is too big: see 'Size' in docs/performance.md for what it leaves out")
        return code or 1
    return code


def main() -> int:
    commands = {"app": cmd_app, "test": cmd_test, "build": cmd_build}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python3 .ci/bootstrap.py app|test|build [args...]", file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
