"""Sign-in: first run creates the administrator; later runs sign an account in.

``obtain_context(db, parent=None) -> AppContext | None`` (``None`` when the user cancels).
The checks themselves live in :mod:`counsel_app.security.accounts` (Argon2id, key slots,
back-off and lock-out); this module only asks and shows the answer: a wrong password, how
long to wait, or that the account is locked and an administrator must unlock it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
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
from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.security.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountLocked,
    MustWait,
    create_first_administrator,
    needs_first_administrator,
    sign_in,
)
from counsel_app.storage.db import Database

MIN_PASSWORD = MIN_PASSWORD_LENGTH
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

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.Ok)

    def _try_accept(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class FirstRunDialog(_Dialog):
    """A new database: choose the administrator's account name and password."""

    def __init__(self, db: Database, parent=None):
        super().__init__(
            _("Set up Counsel"),
            _("This database is new. Create the administrator's account. Write the password "
              "down: without it, the encrypted data cannot be opened."),
            parent,
        )
        self.db = db
        self.user = self.field(_("Account name"), False, "user")
        self.user.setText(ADMIN)
        self.password = self.field(_("New password"), True, "password")
        self.repeat = self.field(_("Repeat the password"), True, "repeat")
        self.password.setFocus()

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
            self.result_ctx = create_first_administrator(self.db, self.user.text(), pw)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


class LoginDialog(_Dialog):
    """Account name and password; waits out the back-off with a visible countdown."""

    def __init__(self, db: Database, parent=None, *, user: str = ""):
        super().__init__(_("Sign in to Counsel"), _("Sign in to open the case files."), parent)
        self.db = db
        self.user = self.field(_("User name"), False, "user")
        self.user.setText(user)
        self.password = self.field(_("Password"), True, "password")
        (self.password if user else self.user).setFocus()
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setTimerType(Qt.PreciseTimer)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

    def _try_accept(self) -> None:
        if self._wait_left > 0:
            return
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            self.result_ctx = sign_in(self.db, self.user.text().strip(), self.password.text())
        except MustWait as exc:
            self._start_wait(exc.seconds)
            return
        except AccountLocked as exc:
            self.error.setText(str(exc))
            self.password.clear()
            return
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self.ok_button.setEnabled(False)
        self._show_wait()
        self._countdown.start()

    def _show_wait(self) -> None:
        self.error.setText(_("Too many failed attempts: wait {seconds} seconds before trying "
                             "again.").format(seconds=self._wait_left))

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            # a little after the end of the wait, so the retry is never a moment too early
            QTimer.singleShot(300, self, self._wait_over)
        else:
            self._show_wait()

    def _wait_over(self) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(_("You can try again now."))


def make_dialog(db: Database, parent: QWidget | None = None) -> _Dialog:
    return FirstRunDialog(db, parent) if needs_first_administrator(db) else LoginDialog(db, parent)


def obtain_context(db: Database, parent: QWidget | None = None) -> AppContext | None:
    """Ask for the credentials (or set up a new database); ``None`` if cancelled."""
    dialog = make_dialog(db, parent)
    if dialog.exec() != QDialog.Accepted:
        return None
    return dialog.result_ctx
