"""Printing without a window through a real CUPS server: a private cupsd on a Unix socket
in a temporary folder, with the cups-pdf virtual printer; the printed file must hold text
(vector pages), not page images. The only connection is to that socket."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from counsel_app.documents import printing
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.plan.samples import sample_plan, sample_text

REF = "AVRR-2026-000123"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
NEEDED = ("cupsd", "lp", "lpstat", "lpadmin")


def _missing() -> str:
    for tool in NEEDED:
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            return tool
    if not PPD.exists() or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        return "printer-driver-cups-pdf"
    if os.geteuid() != 0:
        return "root (cups-pdf runs as root)"
    return ""


def _need_cups():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):  # .ci/run installs cups and cups-pdf: missing is a fault
            pytest.fail(f"CUPS test needs {missing} (apt-get install cups printer-driver-cups-pdf)")
        pytest.skip(f"needs {missing}")


def _reachable_tmp() -> str:
    """A temporary folder the "lp" account can reach: some sandboxes (CI) make /tmp private
    to root, and then the filters cannot read the printer's PPD and nothing is printed."""
    for candidate in (tempfile.gettempdir(), "/var/tmp", "/dev/shm"):
        path = Path(candidate)
        if path.is_dir() and all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents]):
            return str(path)
    return tempfile.gettempdir()


_SERVER_ROOT: list[Path] = []


@pytest.fixture(scope="module")
def cups_server():
    """A private cupsd with one cups-pdf printer named PDF; yields its socket."""
    _need_cups()
    # the filters run as the "lp" account: the folder must be reachable by it (pytest's
    # own temporary folders are private to root)
    root = Path(tempfile.mkdtemp(prefix="counsel-cups-", dir=_reachable_tmp()))
    root.chmod(0o755)
    for name in ("spool", "cache", "state", "log"):
        (root / name).mkdir()
    socket = root / "cups.sock"
    _SERVER_ROOT[:] = [root]
    (root / "cupsd.conf").write_text(
        f"LogLevel info\nListen {socket}\nBrowsing No\nWebInterface No\n"
        "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nCacheDir {root}/cache\n"
        f"StateDir {root}/state\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
        "User lp\nGroup lp\nSystemGroup root\n")
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    process = subprocess.Popen([cupsd, "-f", "-c", str(root / "cupsd.conf"),
                                "-s", str(root / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    env = {**os.environ, "CUPS_SERVER": str(socket)}
    try:
        deadline = time.monotonic() + 20
        while not socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
        lpadmin = shutil.which("lpadmin") or "/usr/sbin/lpadmin"
        subprocess.run([lpadmin, "-p", "PDF", "-E", "-v", "cups-pdf:/", "-P", str(PPD)],
                       env=env, check=True, capture_output=True, timeout=30)
        yield socket
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def cups_env(cups_server, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", str(cups_server))
    return cups_server


def _output_folder() -> Path:
    """Where cups-pdf writes jobs of this user (its "Out" setting)."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            if line.strip().startswith("Out "):
                out = line.split(None, 1)[1].strip()
    return Path(out.replace("${HOME}", str(Path.home())))


def _finished(path: Path) -> bool:
    """cups-pdf writes the copy in place: it is finished when it ends with the PDF trailer
    and its size holds still (under load the writing takes seconds)."""
    try:
        size = path.stat().st_size
        if size == 0 or b"%%EOF" not in path.read_bytes()[-64:]:
            return False
        time.sleep(0.5)
        return path.stat().st_size == size
    except FileNotFoundError:
        return False


def _wait_for_output(title: str, before: set[Path]) -> Path:
    folder = _output_folder()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        found = [p for p in folder.glob("*.pdf") if p not in before and title in p.name]
        if found and _finished(found[0]):
            return found[0]
        time.sleep(0.5)
    logs = [Path("/var/log/cups/cups-pdf-PDF_log"), *(r / "log" / "error_log" for r in _SERVER_ROOT)]
    tails = "\n".join(f"--- {p}:\n" + "\n".join(p.read_text(errors="replace").splitlines()[-15:])
                      for p in logs if p.exists())
    raise AssertionError(f"cups-pdf wrote nothing for {title} into {folder}\n{tails}")


def _text_and_images(path: Path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          timeout=60).stdout
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            timeout=60).stdout
    return text, images


def sample_pdf(lang: str) -> bytes:
    t = sample_text(lang)
    doc = PlanDocument(sample_plan(REF, lang), person_name=t["name"], country=t["country"],
                       is_sample=True)
    return render_plan(doc, lang)


def test_the_print_service_lists_its_printers(cups_env):
    assert printing.available()
    assert printing.printers() == ["PDF"]


def test_a_printed_plan_reaches_the_printer_as_text_not_images(cups_env):
    before = set(_output_folder().glob("*.pdf")) if _output_folder().exists() else set()
    job = printing.print_pdf(sample_pdf("fr"), printer="PDF", title="counsel-test-fr")
    assert job.startswith("PDF-")
    output = _wait_for_output("counsel-test-fr", before)
    try:
        text, images = _text_and_images(output)
        # (text extraction of the printed copy keeps ASCII: CUPS' PostScript step drops the
        # ToUnicode maps, not the glyphs)
        assert REF in text and "Plan individuel de r" in text and "Dossier" in text
        # the list has its two heading lines and no image row: vector pages
        assert len([line for line in images.splitlines() if line.strip()]) == 2, images
    finally:
        output.unlink()


def test_the_plan_command_prints_without_a_window(cups_env, sqlite_ctx, monkeypatch, capsys):
    from counsel_app.cli import main
    from counsel_app.demo import sample_case
    from counsel_app.plan.service import PlanService
    from tests.conftest import TEST_PASSWORD

    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    case = sqlite_ctx.cases.create(sample_case())
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "fr"))
    before = set(_output_folder().glob("*.pdf")) if _output_folder().exists() else set()
    code = main(["--db", str(sqlite_ctx.db.url), "plan", case.reference, "--lang", "fr",
                 "--print", "--printer", "PDF", "--copies", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Sent to the printer" in out
    output = _wait_for_output(case.reference, before)
    try:
        text, _images = _text_and_images(output)
        assert case.reference in text
    finally:
        output.unlink()


def test_an_unknown_printer_is_one_sentence_and_nothing_is_sent(cups_env):
    with pytest.raises(printing.PrintError, match="There is no printer “Nowhere”"):
        printing.print_pdf(b"%PDF-1.4", printer="Nowhere")


def test_bad_copies_and_a_missing_print_service_say_so(monkeypatch):
    with pytest.raises(printing.PrintError, match="between 1 and 99"):
        printing.print_pdf(b"%PDF-1.4", printer="PDF", copies=0)
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(printing.PrintError, match="No print service was found"):
        printing.print_pdf(b"%PDF-1.4", printer="PDF")
