"""What country_info needs from the program around it: folders and the error base class.

Kept in one module so country_info can be made independent of the app by changing only
this file and :mod:`country_info.i18n`.
"""

from __future__ import annotations

from pathlib import Path

from counsel_app.errors import UserError  # noqa: F401 - re-exported


def data_dir() -> Path:
    """The user's data folder (private to the user)."""
    from counsel_app.paths import data_dir as _data_dir

    return _data_dir()


def resources_dir() -> Path:
    from counsel_app.paths import resources_dir as _resources_dir

    return _resources_dir()


def translations_dir() -> Path:
    from counsel_app.paths import translations_dir as _translations_dir

    return _translations_dir()


def private_dir(path: Path) -> Path:
    """``path`` created if needed, readable by its owner only where the OS allows it."""
    from counsel_app.paths import ensure_private_dir

    ensure_private_dir(path)
    return path
