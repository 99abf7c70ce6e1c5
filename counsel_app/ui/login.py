"""Sign-in: first run sets the administrator's password; later runs unlock the database.

``obtain_context(db, parent=None) -> AppContext | None`` (``None`` when the user cancels).
This is the first, minimal version; the security area may take it over (same signature).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counsel_app.context import AppContext
from counsel_app.context import unlock as unlock_context
from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.storage import keys
from counsel_app.storage.db import Database

MIN_PASSWORD = 10
ADMIN = "admin"


class _Dialog(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setAccessibleName(_("Error"))
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_ctx: AppContext | None = None

    def field(self, label: str, secret: bool, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        if secret:
            edit.setEchoMode(QLineEdit.Password)
        self.form.addRow(label, edit)
        return edit

    def _try_accept(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


def _first_administrator(db: Database, password: str) -> AppContext:
    """Create the data key and the first administrator (through the accounts module when
    it is installed, else a bare key slot)."""
    try:
        from counsel_app.security.accounts import create_first_administrator
    except ImportError:
        return AppContext(db, keys.initialise(db, ADMIN, password), ADMIN)
    return create_first_administrator(db, ADMIN, password)


class FirstRunDialog(_Dialog):
    def __init__(self, db: Database, parent=None):
        super().__init__(
            _("Set up Counsel"),
            _("This database is new. Choose the administrator's password (user “{user}”). "
              "Write it down: without it, the encrypted data cannot be opened.").format(user=ADMIN),
            parent,
        )
        self.db = db
        self.password = self.field(_("New password"), True, "password")
        self.repeat = self.field(_("Repeat the password"), True, "repeat")

    def _try_accept(self) -> None:
        pw = self.password.text()
        if len(pw) < MIN_PASSWORD:
            self.error.setText(_("The password needs at least {n} characters.").format(
                n=MIN_PASSWORD))
            return
        if pw != self.repeat.text():
            self.error.setText(_("The two passwords differ."))
            return
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            self.result_ctx = _first_administrator(self.db, pw)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


class LoginDialog(_Dialog):
    def __init__(self, db: Database, parent=None):
        super().__init__(_("Sign in to Counsel"), _("Sign in to open the case files."), parent)
        self.db = db
        self.user = self.field(_("User name"), False, "user")
        self.user.setText(ADMIN)
        self.password = self.field(_("Password"), True, "password")
        self.password.setFocus()

    def _try_accept(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            self.result_ctx = unlock_context(self.db, self.user.text().strip(),
                                             self.password.text())
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def obtain_context(db: Database, parent: QWidget | None = None) -> AppContext | None:
    """Ask for the credentials (or set up a new database); ``None`` if cancelled."""
    dialog = LoginDialog(db, parent) if keys.is_initialised(db) else FirstRunDialog(db, parent)
    if dialog.exec() != QDialog.Accepted:
        return None
    return dialog.result_ctx
