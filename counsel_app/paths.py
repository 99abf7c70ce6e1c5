"""Where the program finds its bundled files and keeps the user's data.

Bundled read-only files (translations, resources, country packs) live beside the package
in a source checkout and under ``sys._MEIPASS`` in the PyInstaller build. User data goes to
the platform's data folder (platformdirs) unless ``COUNSEL_APP_DATA_DIR`` says otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: ``ensure_private_dir(path)``: create ``path`` if needed, its owner's only (0700) where the OS
#: allows it. One home for it: :func:`country_info.files.ensure_folder`.
from country_info.files import ensure_folder as ensure_private_dir  # noqa: F401 - re-exported

APP_DIR_NAME = "counsel-app"
APP_AUTHOR = "counsel-app"


def bundle_root() -> Path:
    """Folder holding ``translations/``, ``resources/`` and ``country_info/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def translations_dir() -> Path:
    return bundle_root() / "translations"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def data_dir() -> Path:
    """The user's data folder (created on first use, private to the user)."""
    override = os.environ.get("COUNSEL_APP_DATA_DIR")
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))
    ensure_private_dir(path)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    ensure_private_dir(path)
    return path


def default_database_path() -> Path:
    return data_dir() / "counsel.sqlite"
