"""The session's steps: a registry other areas plug their own step widgets into.

A step is a :class:`StepSpec` (key, order, title, factory). The factory receives
:class:`StepServices` — the signed-in context, the open case and its session record, and
``changed(part)`` to ask for an autosave — and returns a :class:`SessionStep` widget.

    # counsel_app/ui/consent_step.py (for example)
    from counsel_app.ui.session_steps import SessionStep, StepSpec, register_step

    class ConsentStep(SessionStep):
        def __init__(self, services): ...

    register_step(StepSpec("consent", 70, N_("Consent"), ConsentStep))

and add the module name to :data:`STEP_MODULES`. A registration with the key of a shipped
placeholder (``consent``, ``plan``, ``handover``) replaces it.

Saving: a step changes the plain data it is given (``services.case`` or a part of
``services.record``, or its own storage) as the user edits, then calls
``services.changed(part)`` with ``"case"`` or the part's name; the wizard saves within a
second, on leaving the step and on closing. A step with its own storage saves itself in
:meth:`SessionStep.flush` (called at the same moments).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counsel_app.i18n import N_, _

log = logging.getLogger(__name__)

#: Modules that register steps of other areas (imported when the first wizard opens).
STEP_MODULES: list[str] = [
    "counsel_app.ui.steps",
    "counsel_app.ui.consent_step",
    "counsel_app.ui.plan_step",
    "counsel_app.ui.handover_step",
]


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
    their own storage, :meth:`flush` (save now). ``entered()`` runs each time it is shown."""

    def __init__(self, services: StepServices, parent=None):
        super().__init__(parent)
        self.services = services

    def reload(self) -> None:
        """Show the current data again (after a conflict was resolved, say)."""

    def entered(self) -> None:
        """Called when the step becomes visible."""

    def flush(self) -> None:
        """Save anything the step keeps itself."""

    def summary(self) -> str:
        """A short state for the step list (e.g. "3 of 5 done"); empty for none."""
        return ""


@dataclass(frozen=True)
class StepSpec:
    key: str
    order: int
    title: str  # untranslated (N_)
    factory: Callable[[StepServices], SessionStep]
    placeholder: bool = False


STEPS: dict[str, StepSpec] = {}


def register_step(spec: StepSpec) -> StepSpec:
    current = STEPS.get(spec.key)
    if current is not None and not current.placeholder and spec.placeholder:
        return current  # a real step is never replaced by a placeholder
    STEPS[spec.key] = spec
    return spec


_loaded = False


def load_step_modules() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in STEP_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - one broken plug-in must not stop sessions
            log.exception("could not load session step module %s", name)


def ordered_steps() -> list[StepSpec]:
    load_step_modules()
    return sorted(STEPS.values(), key=lambda s: (s.order, s.key))


class PlaceholderStep(SessionStep):
    """A step another part of the app fills in; says so plainly."""

    def __init__(self, services: StepServices, title: str, text: str, parent=None):
        super().__init__(services, parent)
        from counsel_app.ui.steps.common import heading_label  # the package imports this one

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(title))
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAccessibleName(text)
        layout.addWidget(label)
        layout.addStretch(1)


def placeholder(key: str, order: int, title: str, text: str) -> StepSpec:
    return register_step(StepSpec(
        key, order, title, lambda services: PlaceholderStep(services, _(title), _(text)),
        placeholder=True))


placeholder("consent", 70, N_("Consent"),
            N_("Consent is recorded here once the consent module is installed. "
               "This version does not record consent yet."))
placeholder("plan", 80, N_("Plan"),
            N_("The reintegration plan is drafted here once the plan module is installed. "
               "This version does not draft plans yet."))
placeholder("handover", 90, N_("Handover"),
            N_("The case is handed over to the office in the country of return here once the "
               "handover module is installed. This version does not hand over cases yet."))
