"""Writing a file all at once: the one place that does it, for country_info and counsel_app.

A crash, a full disk or a power cut while a file is written leaves the old file or the new
one, never half of one: the data goes to a temporary file in the same folder (so the rename
stays on one file system), is flushed to the disk, renamed over the target, and the folder
itself is flushed so the rename survives a power cut.

Anything that may hold personal data is written *private* (the default): the file readable
by its owner only (0600), where the system has such modes; :func:`ensure_folder` makes a
folder for such files (0700). Public files (packs built for publishing, public keys) pass
``private=False`` and get the usual modes.

Standard library only: country_info is the lower layer and imports nothing of counsel_app;
counsel_app imports this module (``from country_info.files import write_atomically``).
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
#: public files: what the user's umask lets through of rw-rw-rw- (as a plain ``open`` does)
PUBLIC_FILE = 0o666
_POSIX = os.name == "posix"


def ensure_folder(path: str | os.PathLike, *, private: bool = True) -> Path:
    """Create ``path`` (and its parents) if missing; a private folder is its owner's only
    (0700, also when it existed with wider modes)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER if private else 0o777)
    if private and _POSIX:
        try:
            path.chmod(PRIVATE_FOLDER)
        except OSError:  # a folder of another owner (a shared drive): leave it as it is
            pass
    return path


@contextmanager
def replacing(path: str | os.PathLike, *, private: bool = True) -> Iterator[Path]:
    """For writers that need a file name (SQLite, a PDF engine): yields a new, empty
    temporary file beside ``path``; when the block ends without an error the temporary
    file is flushed to the disk and renamed over ``path`` (see :func:`write_atomically`),
    otherwise it is removed and ``path`` is untouched."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 PRIVATE_FILE if private else PUBLIC_FILE)
    os.close(fd)
    try:
        yield tmp
        _sync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if private and _POSIX:
        os.chmod(path, PRIVATE_FILE)  # a writer may have replaced the temporary file
    _sync_folder(path.parent)


def write_atomically(path: str | os.PathLike, data: bytes | str, *, private: bool = True,
                     encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``data`` (``str`` is encoded with ``encoding``) all at once:
    a temporary file in the same folder, fsync, rename, fsync of the folder. ``private``
    (the default): 0600 for the file. The folder must exist (:func:`ensure_folder` makes
    one, 0700 when private): a mistyped folder is an error, not a new folder. Raises
    ``OSError`` (the caller says which file could not be written, in its user's words)."""
    if isinstance(data, str):
        data = data.encode(encoding)
    with replacing(path, private=private) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
    return Path(path)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file (POSIX; Windows has no such call)."""
    if not _POSIX:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot flush a folder: nothing more to do
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)
