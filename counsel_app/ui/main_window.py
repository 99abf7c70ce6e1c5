"""The main window: sign-in first, then the case list or one open case's session; menus
from the registry.

``MainWindow(ctx)`` opens on the case list of a signed-in user. ``MainWindow(None)`` opens
on the sign-in page (:class:`counsel_app.ui.login.SignInPage`) with only *Quit* and *About*
in its menus; :meth:`MainWindow.enter` (called when the page signs someone in) builds the
case list and the menus that user's role allows, and emits :attr:`MainWindow.signed_in`.

The desktop app shows this window before the database is open (the page is usable at once),
so this module imports Qt and light modules only: the case list and the session store are
imported by :meth:`enter`; the areas' menu actions are registered by the manifest
(:func:`counsel_app.areas.load_screens`) before the window is made.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QStackedWidget

from counsel_app.i18n import _
from counsel_app.paths import data_dir
from counsel_app.plugins import SCREENS, require_loaded
from counsel_app.ui import actions as registry
from counsel_app.ui import messages
from counsel_app.settings import Preferences

log = logging.getLogger(__name__)

#: The actions a window offers before anyone is signed in.
SIGNED_OUT_ACTIONS = ("file.quit", "help.about")


#: the size the window opens at on a screen that has room for it
PREFERRED_SIZE = (1280, 800)
#: room left for the window's title bar and frame (not part of the widget's own size)
FRAME_ALLOWANCE = (16, 40)


def fit_to_screen(window) -> None:
    """Keep ``window`` inside the screen's available area (a 1366x768 laptop, 1280x720,
    1920x1080 at 150 %): a saved or preferred size larger than the screen shrinks to it,
    and a window left outside (a screen since removed) comes back onto it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = min(window.width(), max(640, area.width() - FRAME_ALLOWANCE[0]))
    height = min(window.height(), max(480, area.height() - FRAME_ALLOWANCE[1]))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), max(area.left(), area.right() - width))
    y = min(max(window.y(), area.top()), max(area.top(), area.bottom() - height))
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def window_state() -> QSettings:
    """Window geometry and layout, kept apart from the preferences."""
    return QSettings(str(data_dir() / "window-state.ini"), QSettings.IniFormat)


class MainWindow(QMainWindow):
    #: emitted by :meth:`enter` with the signed-in ``AppContext``
    signed_in = Signal(object)


    def __init__(self, ctx=None, prefs: Preferences | None = None, parent=None, *,
                 first_run: bool = False):
        super().__init__(parent)
        self.ctx = None
        self.prefs = prefs or Preferences.load()
        self.parent_widget = self  # ActionHost: dialogs are parented on the window
        self.setObjectName("main_window")
        self.setWindowTitle(_("Counsel"))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.wizard = None
        self._store = None
        self.case_list = None
        self.office = None  # the office workspace (counsel_app.ui.office), once shown
        self.sign_in_page = None
        #: True while the app opens the database behind the sign-in page (see run_app)
        self.opening_database = False
        self._close_when_opened = False
        self.actions_by_id = {}
        self.window_settings = window_state()
        geometry = self.window_settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(*PREFERRED_SIZE)
        fit_to_screen(self)
        if ctx is None:
            self._show_sign_in(first_run)
        else:
            self.enter(ctx)

    def _show_sign_in(self, first_run: bool) -> None:
        from counsel_app.ui.login import SignInPage

        self.sign_in_page = SignInPage(user=str(self.window_settings.value("last_user", "")),
                                       first_run=first_run)
        self.sign_in_page.signed_in.connect(self._enter_from_page)
        self.stack.addWidget(self.sign_in_page)
        self._build_menus(lambda spec: spec.id in SIGNED_OUT_ACTIONS, load_areas=False)
        self.sign_in_page.focus_first_field()

    def _enter_from_page(self, ctx) -> None:
        try:
            self.enter(ctx)
        except Exception as exc:  # noqa: BLE001 - never a half-built, unlocked workspace
            log.exception("the workspace could not be opened after sign-in")
            messages.show_exception(self, exc)
            self.close()  # the app ends; nothing was open yet, nothing is lost

    def enter(self, ctx) -> None:
        """Open the workspace of the user ``ctx`` signed in: case list, menus, title."""
        from counsel_app.ui.case_list import CaseListView

        self.ctx = ctx
        self._store = None  # the sessions' store, made when a case is first opened
        self.setWindowTitle(_("Counsel — {user}").format(user=ctx.user))
        self.case_list = CaseListView(ctx.cases)
        self.stack.addWidget(self.case_list)
        self.stack.setCurrentWidget(self.case_list)
        if self.sign_in_page is not None:
            self.stack.removeWidget(self.sign_in_page)
            self.sign_in_page.deleteLater()
            self.sign_in_page = None
            self.window_settings.setValue("last_user", ctx.user)
        self.user_label = QLabel(_("Signed in as {user}").format(user=ctx.user))
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_menus(lambda spec: registry.visible_to(spec, ctx), load_areas=True)
        self.case_list.open_case.connect(self.open_case)
        self.case_list.new_case.connect(self.new_case)
        self._update_actions()
        self.case_list.refresh()
        self.case_list.table.setFocus()
        if getattr(ctx, "role", "") == "caseworker":  # post-arrival work: the office's view
            self.show_office()
        self.signed_in.emit(ctx)

    @property
    def store(self):
        """The signed-in user's session store (role and case scope applied first), made on
        first use: the sign-in and the case list do not need it."""
        if self._store is None or self._store.ctx is not self.ctx:
            from counsel_app.security.scoped import ScopedSessionStore

            self._store = ScopedSessionStore(self.ctx)
        return self._store

    def _build_menus(self, wanted, *, load_areas: bool) -> None:
        for action in self.actions_by_id.values():
            self.removeAction(action)
            action.deleteLater()
        self.actions_by_id = {}
        self.menuBar().clear()
        handlers = {
            "file.new_case": self.new_case,
            "file.open_case": self.open_selected,
            "file.case_list": self.show_case_list,
            "file.find": self.find,
            "file.settings": self.open_settings,
            "file.quit": self.close,
            "case.save": self.save_now,
            "case.close": self.show_case_list,
            "session.previous": lambda: self.wizard and self.wizard.go_previous(),
            "session.next": lambda: self.wizard and self.wizard.go_next(),
            "help.about": self.about,
        }
        if load_areas:  # the areas' actions too (registered by counsel_app.areas)
            require_loaded(SCREENS, "the areas' menu actions")
        for menu_key, title in registry.MENUS.items():
            specs = [spec for spec in registry.specs_for(menu_key) if wanted(spec)]
            if not specs:
                continue
            menu = self.menuBar().addMenu(_(title))
            menu.setObjectName(f"menu_{menu_key}")
            for spec in specs:
                action = registry.create_action(spec, self, self)
                if spec.handler is None and spec.id in handlers:
                    action.triggered.connect(lambda _c=False, f=handlers[spec.id]: f())
                self.addAction(action)  # shortcuts work whichever page is shown
                menu.addAction(action)
                self.actions_by_id[spec.id] = action

    # -- ActionHost ----------------------------------------------------------------------------
    def current_case_id(self) -> int | None:
        if self.wizard is not None:
            return self.wizard.holder.case.id
        if self.office is not None and self.stack.currentWidget() is self.office \
                and self.office.view is not None:
            return self.ctx.cases.get_by_reference(self.office.view.reference).id
        return self.case_list.selected_case_id() if self.case_list is not None else None

    # -- actions ---------------------------------------------------------------------------------
    def new_case(self) -> None:
        from counsel_app.ui.dialogs import NewCaseDialog

        dialog = NewCaseDialog(self)
        if dialog.exec() != NewCaseDialog.Accepted:
            return
        try:
            case = self.ctx.cases.create(dialog.case(self.ctx.user))
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc)
            return
        self.statusBar().showMessage(_("Created case {reference}").format(
            reference=case.reference), 5000)
        self.open_case(case.id)

    def open_selected(self) -> None:
        if self.case_list is None:
            return
        case_id = self.case_list.selected_case_id()
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int, *, wizard: bool = False) -> None:
        """Open a case: a case received from a host station opens in the office workspace
        (its phase is after departure), unless ``wizard`` asks for the session's steps."""
        from counsel_app.followup.office import is_office_case
        from counsel_app.ui.session_wizard import SessionWizard

        self.close_wizard()
        if not wizard and is_office_case(self.ctx, case_id):
            self.show_office(self.ctx.cases.get(case_id).reference)
            return
        try:
            case = self.ctx.cases.get(case_id)
            self.wizard = SessionWizard(self.ctx, case, self.store, self.prefs)
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc)
            self.wizard = None
            return
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)
        self._update_actions()
        self.wizard.step_widget(self.wizard.current_key()).setFocus()

    def close_wizard(self) -> None:
        if self.wizard is None:
            return
        self.wizard.close_case()
        self.stack.removeWidget(self.wizard)
        self.wizard.deleteLater()
        self.wizard = None

    def show_office(self, reference: str | None = None) -> None:
        """The office workspace (File > Office workspace), on case ``reference`` if given."""
        self.close_wizard()
        if self.office is None:
            self._make_office()
        else:
            self.office.refresh()
        if reference:
            self.office.open_reference(reference)
        self.stack.setCurrentWidget(self.office)
        self._update_actions()

    def _make_office(self) -> None:
        from counsel_app.ui.office.workspace import OfficeWorkspace

        self.office = OfficeWorkspace(self.ctx)
        self.office.open_session.connect(lambda ref: self.open_case(
            self.ctx.cases.get_by_reference(ref).id, wizard=True))
        self.stack.addWidget(self.office)

    def _close_office(self) -> None:
        if self.office is None:
            return
        self.office.close_view()  # the survey form's draft is kept
        self.stack.removeWidget(self.office)
        self.office.deleteLater()
        self.office = None

    def show_case_list(self) -> None:
        self.close_wizard()
        self.stack.setCurrentWidget(self.case_list)
        self.case_list.refresh()
        self._update_actions()
        self.case_list.table.setFocus()

    def find(self) -> None:
        if self.case_list is None:
            return
        if self.wizard is not None:
            self.show_case_list()
        self.case_list.focus_search()

    def save_now(self) -> None:
        if self.wizard is not None:
            self.wizard.flush()

    def switch_language(self, lang: str) -> None:
        """Show the interface in ``lang`` now, without a restart: everything typed is saved
        first, then the menus, the case list, the open case (at the same step, a window
        opened from a step open again with what was written in it) and the office
        workspace (on the same case and tab, what was typed there, its panes as wide) are
        made again in the new language and direction, and the windows open beside this
        one (audit trail, accounts, country packs: those with a ``reopen`` function) open
        again where they were, with their filters and selection (those that give an
        ``arrangement`` are made again with it: ``reopen(arrangement)``)."""
        from counsel_app.i18n import interface_language
        from counsel_app.ui.case_list import CaseListView
        from counsel_app.ui.i18n_qt import apply_interface_language

        if lang == interface_language() or self.ctx is None:
            apply_interface_language(lang)
            return
        case_id = step = steps = None
        if self.wizard is not None:
            case_id, step = self.wizard.holder.case.id, self.wizard.current_key()
            steps = self.wizard.arrangement()  # a window open from a step, as written
            self.close_wizard()  # saves what was typed
        office = office_shown = None
        if self.office is not None:
            office = self.office.arrangement()
            office_shown = self.stack.currentWidget() is self.office
            self._close_office()
        beside = []
        for dialog in self._windows_beside():
            # its filters and selection, what was typed in them (an ``arrangement``)
            keep = getattr(dialog, "arrangement", None)
            beside.append((dialog.reopen, keep() if callable(keep) else None,
                           dialog.geometry()))
            dialog.close()
            dialog.deleteLater()
        apply_interface_language(lang)
        self.setWindowTitle(_("Counsel — {user}").format(user=self.ctx.user))
        self.user_label.setText(_("Signed in as {user}").format(user=self.ctx.user))
        old = self.case_list
        self.case_list = CaseListView(self.ctx.cases)
        self.stack.addWidget(self.case_list)
        self.case_list.open_case.connect(self.open_case)
        self.case_list.new_case.connect(self.new_case)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self._build_menus(lambda spec: registry.visible_to(spec, self.ctx), load_areas=True)
        if office is not None:
            self._make_office()
            self.office.arrange(office)
        if case_id is not None:
            self.open_case(case_id, wizard=True)  # its steps, even for a received case
            if self.wizard is not None:
                if step:
                    self.wizard.go_to(step)
                self.wizard.arrange(steps)
        elif office_shown:
            self.show_office()
        else:
            self.show_case_list()
        self._update_actions()
        for reopen, arrangement, geometry in beside:
            # made with what it kept (an audit trail reads its rows once, under its filters)
            dialog = reopen() if arrangement is None else reopen(arrangement)
            dialog.setGeometry(geometry)

    def _windows_beside(self) -> list:
        """The windows open beside this one that can be opened again (non-modal dialogs
        with a ``reopen`` function, e.g. :func:`counsel_app.ui.audit_view.open_audit_dialog`;
        one that gives an ``arrangement`` is reopened with it, ``reopen(arrangement)``)."""
        return [dialog for dialog in self.findChildren(QDialog)
                if dialog.isVisible() and callable(getattr(dialog, "reopen", None))]

    def open_settings(self) -> None:
        from counsel_app.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.prefs, self, self.ctx).exec()

    def about(self) -> None:
        from counsel_app.ui.dialogs import AboutDialog

        AboutDialog(self).exec()

    def _update_actions(self) -> None:
        may_write = self.ctx.allows("cases.write")
        self.actions_by_id["file.new_case"].setEnabled(may_write)
        self.case_list.new_button.setEnabled(may_write)
        open_case = self.wizard is not None or (
            self.office is not None and self.stack.currentWidget() is self.office
            and self.office.view is not None)
        for spec in registry.ACTIONS.values():
            action = self.actions_by_id.get(spec.id)
            if action is not None and spec.needs_case:
                action.setEnabled(open_case)

    def opening_finished(self) -> None:
        """The database has finished opening (or failed to): a close asked for meanwhile
        happens now."""
        self.opening_database = False
        if self._close_when_opened:
            self.close()

    def closeEvent(self, event):  # noqa: N802
        if self.opening_database:
            # never cut an opening (perhaps a schema upgrade) short, and never wait for it
            # with no window: say so, and close when it is done
            event.ignore()
            self._close_when_opened = True
            if self.sign_in_page is not None:
                self.sign_in_page.status.setText(_(
                    "The database is still opening; Counsel closes as soon as it is done."))
            return
        try:
            if self.wizard is not None:
                self.wizard.flush()
            if self.office is not None:
                self.office.close_view()  # the survey form's draft is kept
        finally:
            self.window_settings.setValue("geometry", self.saveGeometry())
        super().closeEvent(event)
