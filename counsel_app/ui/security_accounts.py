"""Account screens: the administrator's account list (add, unlock, set a password) and
"change my password" for everyone. Thin widgets over :mod:`counsel_app.security.accounts`.

``open_accounts_dialog(ctx, parent)`` (administrators; raises ``PermissionDenied`` otherwise)
and ``open_change_password_dialog(ctx, parent)`` return the shown, non-modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import N_, _
from counsel_app.security import accounts
from counsel_app.security.roles import Permission, Role, role_label
from counsel_app.ui.account_form import AccountForm as _Form
from counsel_app.ui.account_profile import ProfileDialog

COLUMNS = [N_("Account"), N_("Role"), N_("State"), N_("Name on prints")]
AccountRole = Qt.UserRole + 1


class AccountsModel(QAbstractTableModel):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._rows: list[accounts.Account] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = accounts.list_users(self.ctx)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        account = self._rows[index.row()]
        if role == AccountRole:
            return account
        if role == Qt.DisplayRole:
            if index.column() == 0:
                return account.username
            if index.column() == 1:
                return role_label(account.role)
            if index.column() == 3:
                return account.display_name
            if account.needs_repair:
                return _("Changed outside the app: repair it")
            if account.locked:
                return _("Locked after failed sign-ins")
            return _("Active") if account.active else _("Disabled")
        return None

    def account_at(self, row: int) -> accounts.Account:
        return self._rows[row]


class AddAccountDialog(_Form):
    def __init__(self, ctx, parent=None):
        super().__init__(_("Add an account"), parent)
        self.ctx = ctx
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setAccessibleName(_("Account name"))
        self.form.addRow(_("Account name"), self.name)
        self.role = QComboBox()
        self.role.setAccessibleName(_("Role"))
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        self.form.addRow(_("Role"), self.role)
        self.password = self.secret(_("Password"), "password")
        self.repeat = self.secret(_("Repeat the password"), "repeat")

    def _submit(self) -> None:
        password = self._new_password()
        if password is not None:
            self._run(lambda: accounts.add_user(self.ctx, self.name.text(),
                                                self.role.currentData(), password))


class SetPasswordDialog(_Form):
    """Own password (asks for the current one) or, for an administrator, another account's."""

    def __init__(self, ctx, username: str | None = None, parent=None):
        self.ctx = ctx
        self.username = username or ctx.user
        own = self.username == ctx.user
        super().__init__(_("Change your password") if own else
                         _("New password for {name}").format(name=self.username), parent)
        self.current = self.secret(_("Current password"), "current") if own else None
        self.password = self.secret(_("New password"), "password")
        self.repeat = self.secret(_("Repeat the password"), "repeat")

    def _submit(self) -> None:
        password = self._new_password()
        if password is None:
            return
        if self.current is not None:
            self._run(lambda: accounts.change_password(self.ctx, self.current.text(), password))
        else:
            self._run(lambda: accounts.reset_password(self.ctx, self.username, password))


class RepairAccountDialog(_Form):
    """An administrator repairs an account changed outside the app: checks its role."""

    def __init__(self, ctx, account: accounts.Account, parent=None):
        super().__init__(_("Repair the account {name}").format(name=account.username), parent)
        self.ctx = ctx
        self.account = account
        note = QLabel(_("This account's role, status or lock-out was changed outside the "
                        "app, so it cannot sign in. Choose the role it should have; repairing "
                        "also lifts any lock-out. The repair is recorded in the audit trail."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.role = QComboBox()
        self.role.setAccessibleName(_("Role"))
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        # the role its row shows now is not trusted: start from the lowest one
        self.role.setCurrentIndex(self.role.findData(Role.SUPERVISOR.value))
        self.form.addRow(_("Role"), self.role)

    def _submit(self) -> None:
        self._run(lambda: accounts.repair_account(self.ctx, self.account.username,
                                                  self.role.currentData()))


@dataclass(frozen=True)
class AccountsArrangement:
    """The accounts window as the administrator left it: a change of the interface language
    makes it again with the same account selected and the same status line, ``said`` again
    in the new language (a refusal, already a sentence, is kept as it was shown)."""

    selected: str | None  # the account's user name
    said: Callable[[], str] | None  # the status line, in the interface language of the call


class AccountsView(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._said: Callable[[], str] | None = None  # what the status line says
        self.model = AccountsModel(ctx, self)
        layout = QVBoxLayout(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add an account…"))
        self.unlock_button = QPushButton(_("Unlock"))
        self.password_button = QPushButton(_("Set a password…"))
        self.active_button = QPushButton(_("Disable"))
        self.repair_button = QPushButton(_("Repair…"))
        self.profile_button = QPushButton(_("Name on prints…"))
        for button in (self.add_button, self.unlock_button, self.password_button,
                       self.active_button, self.repair_button, self.profile_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        from counsel_app.ui.message_label import MessageLabel

        self.message = MessageLabel()  # reads from the interface's side (an account's name
        self.message.setWordWrap(True)  # may open the sentence)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_account)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.password_button.clicked.connect(self.set_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.repair_button.clicked.connect(self.repair_selected)
        self.profile_button.clicked.connect(self.edit_profile)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def selected(self) -> accounts.Account | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.account_at(rows[0].row()) if rows else None

    def arrangement(self) -> AccountsArrangement:
        """The account selected (its user name) and the status line: a change of the
        interface language makes the window again and shows them again (:meth:`arrange`)."""
        account = self.selected()
        return AccountsArrangement(account.username if account is not None else None,
                                   self._said)

    def arrange(self, arrangement: AccountsArrangement) -> None:
        self._say(arrangement.said)
        username = arrangement.selected
        for row in range(self.model.rowCount()):
            if username is not None and self.model.account_at(row).username == username:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
                return

    def _say(self, sentence: Callable[[], str] | None) -> None:
        """Show ``sentence()`` on the status line (kept: a window made again in another
        interface language says it again in that language)."""
        self._said = sentence
        self.message.setText(sentence() if sentence is not None else "")

    def _update_buttons(self, *_args) -> None:
        account = self.selected()
        healthy = bool(account and not account.needs_repair)
        self.unlock_button.setEnabled(healthy and account.locked)
        self.password_button.setEnabled(account is not None)
        self.active_button.setEnabled(healthy and account.username != self.ctx.user)
        self.active_button.setText(_("Enable") if account and not account.active
                                   else _("Disable"))
        self.repair_button.setEnabled(bool(account and account.needs_repair))
        self.profile_button.setEnabled(healthy)

    def _do(self, action) -> bool:
        try:
            action()
        except UserError as exc:
            refused = str(exc)  # already a sentence in the interface language: kept as said
            self._say(lambda: refused)
            return False
        return True

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        if self._do(lambda: accounts.set_account_active(self.ctx, account.username,
                                                        not account.active)):
            self._say(lambda: (_("The account “{name}” is enabled.") if not account.active
                               else _("The account “{name}” is disabled.")).format(
                name=account.username))
        self.model.reload()

    def repair_selected(self) -> RepairAccountDialog | None:
        account = self.selected()
        if account is None:
            return None
        dialog = RepairAccountDialog(self.ctx, account, self)
        dialog.accepted.connect(self.model.reload)
        dialog.open()
        return dialog

    def edit_profile(self):
        """The selected account's name and contact on prints (ui.account_profile)."""
        account = self.selected()
        if account is None:
            return None
        dialog = ProfileDialog(self.ctx, self, account.username)
        dialog.accepted.connect(self.model.reload)
        dialog.open()
        return dialog

    def add_account(self) -> AddAccountDialog:
        dialog = AddAccountDialog(self.ctx, self)
        dialog.accepted.connect(self.model.reload)
        dialog.open()
        return dialog

    def unlock_selected(self) -> None:
        account = self.selected()
        if account is None:
            return
        if self._do(lambda: accounts.unlock_account(self.ctx, account.username)):
            self._say(lambda: _("The account “{name}” is unlocked.").format(
                name=account.username))
        self.model.reload()

    def set_password(self) -> SetPasswordDialog | None:
        account = self.selected()
        if account is None:
            return None
        dialog = SetPasswordDialog(self.ctx, account.username, self)
        dialog.open()
        return dialog


def open_accounts_dialog(ctx, parent: QWidget | None = None, arrangement=None) -> QDialog:
    """The accounts window; ``arrangement`` (:meth:`AccountsView.arrangement` of the window
    it replaces after a change of the interface language) is shown again in it."""
    ctx.require(Permission.USERS_MANAGE)
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Accounts"))
    layout = QVBoxLayout(dialog)
    dialog.view = AccountsView(ctx, dialog)
    layout.addWidget(dialog.view)
    buttons = QDialogButtonBox(QDialogButtonBox.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(720, 380)
    # after a language switch, with the same account selected and the same status line
    dialog.reopen = lambda arrangement=None: open_accounts_dialog(ctx, parent, arrangement)
    dialog.arrangement = dialog.view.arrangement
    if arrangement is not None:
        dialog.view.arrange(arrangement)
    dialog.show()
    return dialog


def open_change_password_dialog(ctx, parent: QWidget | None = None) -> SetPasswordDialog:
    dialog = SetPasswordDialog(ctx, None, parent)
    dialog.open()
    return dialog
