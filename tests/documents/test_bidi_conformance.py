"""The bidi levels and order our documents use pass the Unicode Consortium's own
conformance file, BidiCharacterTest.txt (Debian package unicode-data), case by case."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from counsel_app.documents.bidi import line_levels, paragraph_levels, visual_order

CANDIDATES = (Path("/usr/share/unicode/BidiCharacterTest.txt"),
              Path("/usr/share/unicode-data/BidiCharacterTest.txt"))


def _test_file() -> Path:
    for path in CANDIDATES:
        if path.exists():
            return path
    if os.environ.get("CI"):  # .ci/run installs it: a missing file is a broken CI, not a skip
        pytest.fail("BidiCharacterTest.txt is missing (apt-get install unicode-data)")
    pytest.skip("BidiCharacterTest.txt is missing (apt-get install unicode-data)")


def run_conformance(path: Path) -> tuple[int, list[str]]:
    """(cases run, descriptions of the failures)."""
    failures: list[str] = []
    count = 0
    directions = {"0": 0, "1": 1, "2": None}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split(";")
            codes, direction, paragraph, expected, order = fields[:5]
            text = "".join(chr(int(code, 16)) for code in codes.split())
            count += 1
            got_paragraph, levels = paragraph_levels(text, directions[direction])
            levels = line_levels(text, levels, got_paragraph)
            wanted = expected.split()
            shown = [i for i, level in enumerate(wanted) if level != "x"]
            got_levels = [levels[i] for i in shown]
            got_order = [i for i in visual_order(levels) if wanted[i] != "x"]
            if (got_paragraph != int(paragraph)
                    or got_levels != [int(wanted[i]) for i in shown]
                    or got_order != [int(i) for i in order.split()]):
                failures.append(f"line {number}: {codes} dir {direction}: levels "
                                f"{got_levels} order {got_order}, expected {expected} / "
                                f"{order}")
    return count, failures


def test_every_case_of_the_unicode_conformance_file_passes():
    path = _test_file()
    started = time.perf_counter()
    count, failures = run_conformance(path)
    elapsed = time.perf_counter() - started
    assert count > 90_000, f"only {count} cases read from {path}"
    assert not failures, f"{len(failures)} of {count} cases fail, e.g.\n" + "\n".join(
        failures[:10])
    print(f"{count} cases in {elapsed:.1f} s")
