"""One way to write a file (``country_info.files``): all at once, private by default, and
used by every writer of counsel_app and country_info."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest

from country_info import files
from country_info.files import ensure_folder, replacing, write_atomically

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_text_and_bytes_and_replaces_what_was_there(tmp_path):
    target = tmp_path / "plan.json"
    write_atomically(target, "première version")
    assert target.read_text("utf-8") == "première version"
    write_atomically(target, b"\x00\x01second")
    assert target.read_bytes() == b"\x00\x01second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]  # no temporary left


@posix_only
def test_private_by_default_and_public_when_asked(tmp_path):
    folder = ensure_folder(tmp_path / "a" / "b")
    assert _mode(folder) == 0o700
    private = write_atomically(folder / "person.pdf", b"%PDF")
    assert _mode(private) == 0o600
    old_umask = os.umask(0o022)
    try:
        public = write_atomically(folder / "pack.json", "{}", private=False)
    finally:
        os.umask(old_umask)
    assert _mode(public) == 0o644
    # a file that was readable by others becomes private when rewritten
    wide = tmp_path / "wide.txt"
    wide.write_text("x")
    wide.chmod(0o644)
    write_atomically(wide, "personal")
    assert _mode(wide) == 0o600


def test_a_failure_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "backup.bin"
    write_atomically(target, b"old and whole")

    def power_cut(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", power_cut)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old and whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.bin"]


def test_a_writer_that_fails_half_way_changes_nothing(tmp_path):
    target = tmp_path / "index.sqlite"
    target.write_bytes(b"previous")
    with pytest.raises(ValueError), replacing(target) as tmp:
        tmp.write_bytes(b"half")
        raise ValueError("the writer stopped")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite"]


def test_a_missing_folder_is_an_error_not_a_new_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "typo" / "out.pdf", b"x")
    assert not (tmp_path / "typo").exists()


@posix_only
def test_the_file_and_then_its_folder_reach_the_disk(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    write_atomically(tmp_path / "package.cahp", b"sealed")
    assert synced == ["file", "folder"]


def _writes_outside_files_py() -> list[str]:
    found = []
    for package in ("counsel_app", "country_info"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ("country_info/files.py",
                       "counsel_app/logging_setup.py"):  # the log: appended, rotated by rename
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
                if name in ("write_bytes", "write_text", "rename") or \
                        (owner == "os" and name in ("replace", "rename")):
                    found.append(f"{rel}:{node.lineno} {name}")
                elif name == "open" and owner in ("", "io", "os"):
                    mode = node.args[1] if len(node.args) > 1 else next(
                        (k.value for k in node.keywords if k.arg == "mode"), None)
                    if isinstance(mode, ast.Constant) and set(str(mode.value)) & set("wax"):
                        found.append(f"{rel}:{node.lineno} open({mode.value!r})")
                elif name == "open" and isinstance(func, ast.Attribute):
                    mode = node.args[0] if node.args else None
                    if isinstance(mode, ast.Constant) and set(str(mode.value)) & set("wax") \
                            and not _inside_replacing(path, node):
                        found.append(f"{rel}:{node.lineno} .open({mode.value!r})")
    return found


def _inside_replacing(path: Path, call: ast.Call) -> bool:
    """``with replacing(p) as tmp, tmp.open("w") as handle`` writes the temporary file."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.With):
            names = [ast.unparse(item.context_expr) for item in node.items]
            if any(n.startswith("replacing(") for n in names) and \
                    any(isinstance(i.context_expr, ast.Call) and
                        i.context_expr.lineno == call.lineno for i in node.items):
                return True
    return False


def test_every_file_is_written_through_write_atomically():
    assert _writes_outside_files_py() == []
