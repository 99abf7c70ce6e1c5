"""Python's cyclic garbage collector is paused while the program starts.

Starting the app creates some 150,000 objects that live as long as the process (modules,
classes, functions: Qt's bindings, SQLAlchemy, ours) and almost no cyclic garbage (about
a thousand objects, measured when the case list shows). With the collector running, every
full collection during the start walks all of them again: 40-65 ms of a start of about
0.6 s on a 2-core machine, for nothing (measured with ``gc.callbacks``).

So the program (:func:`counsel_app.cli.main`, never a caller that imports the app) pauses
the collector before it loads anything heavy, and resumes it once the loading is over: in
the desktop app when the database layer has loaded, before the database is opened (an
upgrade of its schema and data may take minutes, and makes garbage), or when it could not
be loaded; for a command once its modules are loaded, before the command runs. Resuming first *freezes* what the start
created (``gc.freeze``): later collections skip those long-lived objects, which keeps the
session's full collections short too; the few cyclic objects of the start that were
already garbage stay in memory (tens of kilobytes). Reference counting frees everything
else as usual while the collector is paused.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    """Pause the cyclic collector for the start (a no-op if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """The start is over: freeze what it created and resume the collector, if
    :func:`pause_collector` paused it. Safe to call more than once."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
