"""Whether the areas are plugged in: the one switch every registry checks.

The areas plug into registries kept by lower layers: tables on ``storage.models.Base``,
status guards (``services.status``), privacy hooks (``security.subject_access`` and
``security.retention``), consent-withdrawal listeners, demo steps, and on the desktop the
session steps and menu actions. Only the manifest, :mod:`counsel_app.areas`, imports the
areas' modules, and only the program's entry points import the manifest (so no area module
can form an import circle with it). The entry points call its loaders once; a registry read
before that raises instead of going on with an area missing, so a status guard or a privacy
hook can never be skipped silently.
"""

from __future__ import annotations

#: the Qt-free part: tables, status guards, privacy hooks, listeners, demo steps
CORE = "core"
#: the desktop's session steps and menu actions
SCREENS = "screens"

_LOADERS = {CORE: "load", SCREENS: "load_screens"}
_loaded: set[str] = set()


def mark_loaded(part: str) -> None:
    """Called by :mod:`counsel_app.areas` once every area has registered its ``part``."""
    _loaded.add(part)


def is_loaded(part: str) -> bool:
    return part in _loaded


def require_loaded(part: str, what: str) -> None:
    """Raise when ``what`` (a registry) is read before the areas' ``part`` was loaded.
    A programming error (an entry point that forgot), never a user's: no translation."""
    if part not in _loaded:
        raise RuntimeError(f"{what} read before the areas were loaded: the program's entry "
                           f"point calls counsel_app.areas.{_LOADERS[part]}() first")
