"""One registry of the app's actions: id, text, shortcut, menu, handler.

The app's own actions are declared here, the areas' in the manifest
(:func:`counsel_app.areas.menu_actions`, registered by :func:`counsel_app.areas.load_screens`),
none in the main window. The window builds its menus from :data:`MENUS` and the registry and hands each
handler a small :class:`ActionHost` (parent widget, context, current case) — never itself.

    register_action(ActionSpec("tools.audit", N_("Audit trail…"), "tools",
                               handler=lambda host: open_audit(host.parent_widget, host.ctx),
                               shortcut="Ctrl+Shift+A", order=50))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtGui import QAction, QKeySequence

from counsel_app.i18n import N_, _


class ActionHost(Protocol):
    parent_widget: Any  # QWidget to parent dialogs on
    ctx: Any  # AppContext

    def current_case_id(self) -> int | None: ...


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # untranslated (N_)
    menu: str  # key of MENUS
    handler: Callable[[ActionHost], None] | None = None  # None: the window wires it
    shortcut: str | QKeySequence.StandardKey | tuple | None = None  # a tuple: several
    order: int = 100
    needs_case: bool = False  # enabled only with a case open or selected
    role: str = ""  # "quit", "about", "preferences" (platform menu roles)
    #: shown only to users whose role allows it (``security.roles.Permission`` name)
    permission: str = ""


#: Menus in order: key → untranslated title.
MENUS: dict[str, str] = {
    "file": N_("&File"),
    "case": N_("&Case"),
    "session": N_("&Session"),
    "tools": N_("&Tools"),
    "help": N_("&Help"),
}

ACTIONS: dict[str, ActionSpec] = {}


def register_action(spec: ActionSpec) -> ActionSpec:
    if spec.menu not in MENUS:
        raise ValueError(f"unknown menu {spec.menu!r}")
    ACTIONS[spec.id] = spec
    return spec


# -- the app's own actions (handlers wired by the main window) ---------------------------
for _spec in (
    ActionSpec("file.new_case", N_("&New case…"), "file", shortcut=QKeySequence.New, order=10),
    ActionSpec("file.open_case", N_("&Open selected case"), "file", shortcut="Ctrl+O",
               order=20),
    ActionSpec("file.case_list", N_("Back to the case &list"), "file", shortcut="Ctrl+L",
               order=30),
    ActionSpec("file.find", N_("&Find cases"), "file", shortcut=QKeySequence.Find, order=40),
    ActionSpec("file.settings", N_("&Settings…"), "file", shortcut="Ctrl+,", order=80,
               role="preferences"),
    ActionSpec("file.quit", N_("&Quit"), "file", shortcut=QKeySequence.Quit, order=99,
               role="quit"),
    ActionSpec("case.save", N_("&Save now"), "case", shortcut=QKeySequence.Save, order=10,
               needs_case=True),
    ActionSpec("case.close", N_("&Close case"), "case", shortcut="Ctrl+W", order=90,
               needs_case=True),
    ActionSpec("session.previous", N_("&Previous step"), "session",
               shortcut=("Alt+Left", "Ctrl+PgUp"), order=10, needs_case=True),
    ActionSpec("session.next", N_("&Next step"), "session",
               shortcut=("Alt+Right", "Ctrl+PgDown"), order=20, needs_case=True),
    ActionSpec("help.about", N_("&About Counsel"), "help", order=90, role="about"),
):
    register_action(_spec)


def _open_audit(host: ActionHost) -> None:
    from counsel_app.ui import messages
    from counsel_app.ui.audit_view import open_audit_dialog

    try:
        open_audit_dialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001 - a refusal (role) is a UserError sentence
        messages.show_exception(host.parent_widget, exc)


register_action(ActionSpec("tools.audit", N_("&Audit trail…"), "tools", handler=_open_audit,
                           shortcut="Ctrl+Shift+A", order=50))


def _open_accounts(host: ActionHost) -> None:
    from counsel_app.ui import messages
    from counsel_app.ui.security_accounts import open_accounts_dialog

    try:
        open_accounts_dialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001 - a refusal (role) is a UserError sentence
        messages.show_exception(host.parent_widget, exc)


def _change_password(host: ActionHost) -> None:
    from counsel_app.ui import messages
    from counsel_app.ui.security_accounts import open_change_password_dialog

    try:
        open_change_password_dialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001
        messages.show_exception(host.parent_widget, exc)


register_action(ActionSpec("tools.accounts", N_("A&ccounts…"), "tools", handler=_open_accounts,
                           order=60, permission="users.manage"))
register_action(ActionSpec("tools.change_password", N_("Change my &password…"), "tools",
                           handler=_change_password, order=70))


def _edit_profile(host: ActionHost) -> None:
    from counsel_app.ui import messages
    from counsel_app.ui.account_profile import open_profile_dialog

    try:
        open_profile_dialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001
        messages.show_exception(host.parent_widget, exc)


register_action(ActionSpec("tools.my_profile", N_("My &name on prints…"), "tools",
                           handler=_edit_profile, order=72))


def visible_to(spec: ActionSpec, ctx) -> bool:
    """Whether the signed-in user gets ``spec`` in the menus (its permission, if any)."""
    return not spec.permission or bool(ctx.allows(spec.permission))


def create_action(spec: ActionSpec, parent, host: ActionHost | None = None) -> QAction:
    action = QAction(_(spec.text), parent)
    action.setObjectName(spec.id)
    if isinstance(spec.shortcut, tuple):
        action.setShortcuts([QKeySequence(k) for k in spec.shortcut])
    elif spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.role:
        action.setMenuRole({"quit": QAction.QuitRole, "about": QAction.AboutRole,
                            "preferences": QAction.PreferencesRole}[spec.role])
    if spec.handler is not None and host is not None:
        action.triggered.connect(lambda _checked=False, h=spec.handler: h(host))
    plain = _(spec.text).replace("&", "").rstrip("…")
    action.setToolTip(f"{plain} ({shortcut_text(action.shortcut())})" if spec.shortcut else plain)
    return action


def specs_for(menu: str) -> list[ActionSpec]:
    return sorted((s for s in ACTIONS.values() if s.menu == menu), key=lambda s: (s.order, s.id))


def shortcut_text(sequence: QKeySequence) -> str:
    """A shortcut as the platform writes it ("Ctrl+,"), kept left to right inside a
    right-to-left sentence (an Arabic tooltip showed "+Ctrl,": the bidirectional
    algorithm moved the neutral "+" and "," to the ends). Isolated with LRI ... PDI."""
    return "\u2066" + sequence.toString(QKeySequence.NativeText) + "\u2069"
