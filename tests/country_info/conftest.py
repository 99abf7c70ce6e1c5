"""Fixtures for the country-information tests: a small copy of the bundled base packs (so
each test builds its search index in milliseconds) and a library over it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from country_info.library import BASE_DIR, Library, sample_pack_files

MINI = ("GN", "IQ", "ET", "FR", "GB", "PS")


@pytest.fixture(scope="session")
def mini_base(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mini_base")
    index = json.loads((BASE_DIR / "index.json").read_text("utf-8"))
    index["countries"] = {c: index["countries"][c] for c in MINI}
    for code in MINI:
        shutil.copy(BASE_DIR / f"{code}.json.gz", out / f"{code}.json.gz")
    shutil.copy(BASE_DIR / "places.json.gz", out / "places.json.gz")
    (out / "index.json").write_text(json.dumps(index), "utf-8")
    return out


@pytest.fixture
def lib(mini_base, tmp_path) -> Library:
    library = Library(base_dir=mini_base, user_dir=tmp_path / "packs", index_path=tmp_path / "index.sqlite")
    yield library
    library.close()


@pytest.fixture
def samples() -> dict[str, Path]:
    return {p.name.split("-")[1].split(".")[0]: p for p in sample_pack_files()}


def pack_envelope(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))
