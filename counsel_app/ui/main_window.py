"""The main window: the case list, or one open case's session; menus from the registry."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from counsel_app.i18n import _
from counsel_app.paths import data_dir
from counsel_app.security.scoped import ScopedSessionStore
from counsel_app.ui import actions as registry
from counsel_app.ui import messages
from counsel_app.ui.case_list import CaseListView
from counsel_app.ui.preferences import Preferences

log = logging.getLogger(__name__)


def window_state() -> QSettings:
    """Window geometry and layout, kept apart from the preferences."""
    return QSettings(str(data_dir() / "window-state.ini"), QSettings.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, ctx, prefs: Preferences | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.prefs = prefs or Preferences.load()
        self.store = ScopedSessionStore(ctx)  # role and case scope applied first
        self.parent_widget = self  # ActionHost: dialogs are parented on the window
        self.setWindowTitle(_("Counsel — {user}").format(user=ctx.user))
        self.setObjectName("main_window")
        self.stack = QStackedWidget()
        self.case_list = CaseListView(ctx.cases)
        self.stack.addWidget(self.case_list)
        self.setCentralWidget(self.stack)
        self.wizard = None
        self.user_label = QLabel(_("Signed in as {user}").format(user=ctx.user))
        self.statusBar().addPermanentWidget(self.user_label)

        self.actions_by_id = {}
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
        for menu_key, title in registry.MENUS.items():
            specs = [spec for spec in registry.specs_for(menu_key)
                     if registry.visible_to(spec, ctx)]
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

        self.case_list.open_case.connect(self.open_case)
        self.case_list.new_case.connect(self.new_case)
        self._update_actions()
        state = window_state()
        geometry = state.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.case_list.refresh()

    # -- ActionHost ----------------------------------------------------------------------------
    def current_case_id(self) -> int | None:
        if self.wizard is not None:
            return self.wizard.holder.case.id
        return self.case_list.selected_case_id()

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
        case_id = self.case_list.selected_case_id()
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int) -> None:
        from counsel_app.ui.session_wizard import SessionWizard

        self.close_wizard()
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

    def show_case_list(self) -> None:
        self.close_wizard()
        self.stack.setCurrentWidget(self.case_list)
        self.case_list.refresh()
        self._update_actions()
        self.case_list.table.setFocus()

    def find(self) -> None:
        if self.wizard is not None:
            self.show_case_list()
        self.case_list.focus_search()

    def save_now(self) -> None:
        if self.wizard is not None:
            self.wizard.flush()

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
        open_case = self.wizard is not None
        for spec in registry.ACTIONS.values():
            action = self.actions_by_id.get(spec.id)
            if action is not None and spec.needs_case:
                action.setEnabled(open_case)

    def closeEvent(self, event):  # noqa: N802
        try:
            if self.wizard is not None:
                self.wizard.flush()
        finally:
            window_state().setValue("geometry", self.saveGeometry())
        super().closeEvent(event)
