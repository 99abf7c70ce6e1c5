"""Shared helpers for the document tests: text extraction, fonts used, rendering to PNG."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]


def normalise(text: str) -> str:
    """Presentation forms -> letters (NFKC), joiners and marks of direction removed,
    whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c]", "", text)
    return re.sub(r"\s+", " ", text)


def flat(pdf: bytes) -> str:
    return normalise(" ".join(pages_text(pdf)))


def poppler_text(pdf: bytes, folder: Path) -> str:
    """Text in logical order as poppler's pdftotext reads it (it applies the bidi
    algorithm to right-to-left lines; pypdf reverses digits inside them)."""
    source = folder / "text.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return normalise(result.stdout)


def font_names(pdf: bytes) -> set[str]:
    """Base font names used on the pages, without the subset prefix."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for ref in fonts.values():
            base = str(ref.get_object()["/BaseFont"])
            names.add(base.split("+", 1)[-1].lstrip("/"))
    return names


def render_png(pdf: bytes, folder: Path, dpi: int = 40) -> list[Path]:
    """Render every page with poppler's pdftoppm; return the PNG files."""
    if shutil.which("pdftoppm") is None:  # pragma: no cover - poppler-utils is in CI
        raise RuntimeError("pdftoppm is missing (apt-get install poppler-utils)")
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source),
                             str(folder / "page")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    return sorted(folder.glob("page*.png"))
