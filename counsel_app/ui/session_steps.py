"""The session's steps: a registry the areas' step widgets are plugged into.

A step is a :class:`StepSpec` (key, order, title, factory). The factory receives
:class:`StepServices` — the signed-in context, the open case and its session record, and
``changed(part)`` to ask for an autosave — and returns a :class:`SessionStep` widget.

    # counsel_app/ui/consent_step.py (for example)
    class ConsentStep(SessionStep):
        def __init__(self, services): ...

    # counsel_app/areas.py, session_steps(): the factory imports the widget module when
    # the step is first shown
    StepSpec("consent", 70, N_("Consent"), _consent_step),

The manifest registers them (:func:`counsel_app.areas.load_screens`); reading the steps
before that raises.

Saving: a step changes the plain data it is given (``services.case`` or a part of
``services.record``, or its own storage) as the user edits, then calls
``services.changed(part)`` with ``"case"`` or the part's name; the wizard saves within a
second, on leaving the step and on closing. A step with its own storage saves itself in
:meth:`SessionStep.flush` (called at the same moments).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from counsel_app.plugins import SCREENS, require_loaded

@dataclass
class StepServices:
    ctx: Any  # AppContext
    holder: Any  # CaseHolder: .case (domain Case), .record (SessionRecord), .store
    changed: Callable[[str], None]  # ask for an autosave of "case" or a session part
    save_now: Callable[[], None]
    prefs: Any = None  # Preferences
    extras: dict = field(default_factory=dict)

    @property
    def case(self):
        return self.holder.case

    @property
    def record(self):
        return self.holder.record


class SessionStep(QWidget):
    """Base of a step widget. Override :meth:`reload` (fill from data) and, for steps with
    their own storage, :meth:`flush` (save now). ``entered()`` runs each time it is shown.
    A step that keeps data of its own (not through ``services.changed``) emits
    ``summary_changed`` when it changes, so the step list and header follow at once."""

    summary_changed = Signal()

    def __init__(self, services: StepServices, parent=None):
        super().__init__(parent)
        self.services = services

    def reload(self) -> None:
        """Show the current data again (after a conflict was resolved, say)."""

    def entered(self) -> None:
        """Called when the step becomes visible."""

    def flush(self) -> None:
        """Save anything the step keeps itself."""

    def leaving(self) -> bool:
        """The user moves to another step: False keeps them here (the step asked and they
        chose to stay)."""
        return True

    def summary(self) -> str:
        """A short state for the step list (e.g. "3 of 5 done"); empty for none."""
        return ""

    def arrangement(self) -> Any:
        """What the step shows that its data does not hold (a window opened from it, with
        what is written there), as plain data; None for nothing. A change of the interface
        language makes the steps again and gives this to the new step's :meth:`arrange`."""
        return None

    def arrange(self, arrangement: Any) -> None:
        """Show again what :meth:`arrangement` gave on the step made before."""


@dataclass(frozen=True)
class StepSpec:
    key: str
    order: int
    title: str  # untranslated (N_)
    factory: Callable[[StepServices], SessionStep]


STEPS: dict[str, StepSpec] = {}


def register_step(spec: StepSpec) -> StepSpec:
    STEPS[spec.key] = spec
    return spec


def ordered_steps() -> list[StepSpec]:
    require_loaded(SCREENS, "the session steps")
    return sorted(STEPS.values(), key=lambda s: (s.order, s.key))

