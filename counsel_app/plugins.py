"""Whether the areas are plugged in: the one switch every registry checks.

The areas plug into registries kept by lower layers: tables on ``storage.models.Base``,
status guards (``services.status``), privacy hooks (``security.subject_access`` and
``security.retention``), consent-withdrawal listeners, demo steps, and on the desktop the
session steps and menu actions. Only the manifest, :mod:`counsel_app.areas`, imports the
areas' modules, and only the program's entry points import the manifest (so no area module
can form an import circle with it). The entry points call its loaders once; a registry read
before that raises instead of going on with an area missing, so a status guard or a privacy
hook can never be skipped silently.

The desktop does not load the Qt-free part before the case list: it hands the loader to
:func:`load_on_demand` and loads it in the background once the list shows. A registry read
before that load ends waits for it (or runs it, on the thread that asks): the same guarantee,
a shorter start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: the Qt-free part: tables, status guards, privacy hooks, listeners, demo steps
CORE = "core"
#: the desktop's session steps and menu actions
SCREENS = "screens"

_LOADERS = {CORE: "load", SCREENS: "load_screens"}
_loaded: set[str] = set()
#: loaders handed by an entry point that loads a part only when first needed
_on_demand: dict[str, Callable[[], None]] = {}
#: one load at a time: a registry read on one thread waits for a load under way on another
_loading = threading.Lock()
_loader_thread: int | None = None


def mark_loaded(part: str) -> None:
    """Called by :mod:`counsel_app.areas` once every area has registered its ``part``."""
    _loaded.add(part)


def is_loaded(part: str) -> bool:
    return part in _loaded


def load_on_demand(part: str, loader: Callable[[], None]) -> None:
    """The entry point defers loading ``part``: the first registry read (or
    :func:`ensure_loaded`) runs ``loader``, which marks the part loaded."""
    _on_demand[part] = loader


def ensure_loaded(part: str) -> None:
    """Load ``part`` now if an entry point deferred it (:func:`load_on_demand`); waits for
    a load under way on another thread. Does nothing when no loader was handed."""
    global _loader_thread
    if part in _loaded or part not in _on_demand or _loader_thread == threading.get_ident():
        return  # loaded, not deferred, or read while loading on this thread (then it raises)
    with _loading:
        if part not in _loaded:
            _loader_thread = threading.get_ident()
            try:
                _on_demand[part]()
            finally:
                _loader_thread = None


def require_loaded(part: str, what: str) -> None:
    """Raise when ``what`` (a registry) is read before the areas' ``part`` was loaded and
    no entry point deferred it (:func:`load_on_demand`: then it is loaded here, first).
    A programming error (an entry point that forgot), never a user's: no translation."""
    ensure_loaded(part)
    if part not in _loaded:
        raise RuntimeError(f"{what} read before the areas were loaded: the program's entry "
                           f"point calls counsel_app.areas.{_LOADERS[part]}() first")
