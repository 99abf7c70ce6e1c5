"""Printing documents through the system's print service, without a window.

The PDF itself goes to the print service (CUPS: the ``lp`` command, on Linux and macOS), so
the printer receives vector pages with real text, never page images. The only connection
made is the print service's own, to the server the user set up (a local socket or the
``CUPS_SERVER`` the system names); the app opens none itself.

    from counsel_app.documents import printing
    printing.printers()                  # ["Office", "PDF"]
    job = printing.print_pdf(pdf_bytes, printer="Office", copies=2, title="plan AVRR-…")

Every failure is a :class:`PrintError` with one sentence: no print service, no such printer,
no default printer, a refused job.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from counsel_app.errors import UserError
from counsel_app.i18n import _

MAX_COPIES = 99
_TIMEOUT = 60


class PrintError(UserError):
    """The document could not be handed to the print service."""


def available() -> bool:
    """Whether this computer has a print service the app can use without a window."""
    return shutil.which("lp") is not None and shutil.which("lpstat") is not None


def _run(args: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=_TIMEOUT,
                              env={**os.environ, "LC_ALL": "C"})
    except FileNotFoundError:
        raise PrintError(_("No print service was found on this computer (the CUPS “lp” "
                           "command is missing). Save the PDF and print it from another "
                           "program, or install CUPS.")) from None
    except subprocess.TimeoutExpired:
        raise PrintError(_("The print service did not answer within {seconds} seconds.")
                         .format(seconds=_TIMEOUT)) from None


def printers() -> list[str]:
    """The printers (destinations) the print service offers, by name."""
    if not available():
        return []
    result = _run(["lpstat", "-e"])
    if result.returncode != 0:
        return []
    return [line.split()[0] for line in result.stdout.splitlines() if line.strip()]


def default_printer() -> str | None:
    """The print service's default printer, if one is set."""
    if not available():
        return None
    result = _run(["lpstat", "-d"])
    match = re.search(r"system default destination:\s*(\S+)", result.stdout)
    return match.group(1) if match else None


def print_pdf(data: bytes, *, printer: str | None = None, copies: int = 1,
              title: str = "counsel-app") -> str:
    """Hand ``data`` (a PDF) to the print service; returns the job's id (``Office-12``).

    ``printer``: a name from :func:`printers` (default: the system's default printer).
    Checks everything before anything is sent; the temporary copy is private and removed.
    """
    if not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise PrintError(_("The number of copies must be between 1 and {most}.")
                         .format(most=MAX_COPIES))
    if not available():
        _run(["lp", "--version"])  # raises the "no print service" sentence
    names = printers()
    if printer is None:
        printer = default_printer()
        if printer is None:
            raise PrintError(_("No default printer is set: name one ({printers}).").format(
                printers=", ".join(names) or _("none is set up")))
    elif printer not in names:
        raise PrintError(_("There is no printer “{name}” (printers: {printers}).").format(
            name=printer, printers=", ".join(names) or _("none is set up")))
    with tempfile.TemporaryDirectory(prefix="counsel-print-") as folder:
        path = Path(folder) / "document.pdf"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        result = _run(["lp", "-d", printer, "-n", str(copies), "-t", title, "--", str(path)])
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise PrintError(_("The printer “{name}” refused the document: {reason}").format(
            name=printer, reason=reason[-1] if reason else _("no reason given")))
    match = re.search(r"request id is (\S+)", result.stdout)
    return match.group(1) if match else ""
