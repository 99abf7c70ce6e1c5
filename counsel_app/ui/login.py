"""Sign-in, shown in the main window before anything else: first run creates the
administrator; later runs sign an account in.

:class:`SignInPage` is what a counsellor sees the moment the app starts. It is usable at
once: the database is opened on a worker thread meanwhile (see
:func:`counsel_app.ui.app.run_app`) and handed over with :meth:`SignInPage.set_database`.
Pressing *Sign in* before that waits for it ("Opening the database…"), then goes on by
itself. On a new database the page turns into the first-run form (administrator's name and
password, twice).

The checks themselves live in :mod:`counsel_app.security.accounts` (Argon2id, key slots,
back-off and lock-out); this page only asks and shows the answer: a wrong password, how
long to wait, or that the account is locked and an administrator must unlock it.

This module is imported before the window first shows, so it imports Qt and the i18n
module only; the database and security code are imported when a check runs (by then the
worker thread has loaded them).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counsel_app.i18n import _
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel

ADMIN = "admin"
SIGN_IN = "sign_in"
FIRST_RUN = "first_run"


class _Note(MessageLabel):
    """A line of text that takes no room while it is empty (errors, "Opening…")."""

    def __init__(self, name: str):
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class SignInPage(QWidget):
    """Account name and password (or, on a new database, the first administrator's);
    emits :attr:`signed_in` with the ``AppContext`` once the check passes."""

    signed_in = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, user: str = "",
                 first_run: bool = False):
        super().__init__(parent)
        self.setObjectName("sign_in_page")
        self.db = None
        self.mode = SIGN_IN
        self.result_ctx = None
        self._pending = False
        self._busy = False
        self._wait_left = 0

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.panel = QFrame()
        self.panel.setObjectName("sign_in_panel")
        self.panel.setFrameShape(QFrame.StyledPanel)
        self.panel.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.panel.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        outer.addWidget(self.panel, 0, Qt.AlignHCenter)
        outer.addStretch(2)
        layout = QVBoxLayout(self.panel)
        self.heading = QLabel()
        self.heading.setObjectName("sign_in_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.user = self._field(False, "user")
        self.user.setText(user)
        self.password = self._field(True, "password")
        self.repeat = self._field(True, "repeat")
        self.error = _Note("error")
        self.error.setStyleSheet(theme.style("error"))
        self.error.setAccessibleName(_("Error"))
        layout.addWidget(self.error)
        self.status = _Note("sign_in_status")
        self.status.setAccessibleName(_("Status"))
        layout.addWidget(self.status)
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("sign_in_button")
        self.ok_button.clicked.connect(self.submit)
        layout.addWidget(self.ok_button, 0, Qt.AlignRight)
        for edit in (self.user, self.password, self.repeat):
            edit.returnPressed.connect(self.submit)

        self._countdown = QTimer(self)
        self._countdown.setTimerType(Qt.PreciseTimer)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._set_mode(FIRST_RUN if first_run else SIGN_IN)

    def _field(self, secret: bool, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if secret:
            edit.setEchoMode(QLineEdit.Password)
        label = QLabel()
        label.setBuddy(edit)
        self.form.addRow(label, edit)
        return edit

    def _label(self, edit: QLineEdit, text: str) -> None:
        self.form.labelForField(edit).setText(text)
        edit.setAccessibleName(text.replace("&", ""))

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        first = mode == FIRST_RUN
        self.heading.setText(_("Set up Counsel") if first else _("Sign in to Counsel"))
        self.intro.setText(
            _("This database is new. Create the administrator's account. Write the password "
              "down: without it, the encrypted data cannot be opened.") if first
            else _("Sign in to open the case files."))
        self._label(self.user, _("Account name") if first else _("User name"))
        self._label(self.password, _("New password") if first else _("Password"))
        self._label(self.repeat, _("Repeat the password"))
        self.form.setRowVisible(self.repeat, first)
        self.ok_button.setText(_("Create the account") if first else _("Sign in"))
        self.ok_button.setAccessibleName(self.ok_button.text())
        if first and not self.user.text():
            self.user.setText(ADMIN)
        self.focus_first_field()

    def focus_first_field(self) -> None:
        (self.password if self.user.text() else self.user).setFocus()

    # -- the database, opened on a worker thread --------------------------------------------
    def set_database(self, db, *, first_run: bool) -> None:
        """The database is open: check what was submitted meanwhile, if anything."""
        self.db = db
        self.status.clear()
        if first_run != (self.mode == FIRST_RUN):
            self._pending = False  # what was typed was meant for the other form
            self.password.clear()
            self.repeat.clear()
            self._set_mode(FIRST_RUN if first_run else SIGN_IN)
            if first_run:
                self.status.setText(_("No account exists yet in this database."))
        self._set_busy(False)
        if self._pending:
            self._pending = False
            self.submit()

    def database_failed(self, message: str) -> None:
        """The database could not be opened: say why; nothing can be signed in to."""
        self._pending = False
        self._set_busy(False)
        self.status.clear()
        self.error.setText(message)
        self.password.clear()
        self.repeat.clear()
        for widget in (self.user, self.password, self.repeat, self.ok_button):
            widget.setEnabled(False)

    def opening_slowly(self) -> None:
        """The database is taking its time (an upgrade, a distant server): say so."""
        if self.db is None and self.user.isEnabled():
            self.status.setText(_("Opening the database…"))

    def _set_busy(self, busy: bool) -> None:
        """Waiting for the database after a submit: wait cursor, and what was submitted
        cannot change meanwhile (a half-typed password would count as a failed attempt)."""
        if busy and not self._busy:
            QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        elif self._busy and not busy:
            QGuiApplication.restoreOverrideCursor()
        self._busy = busy
        for edit in (self.user, self.password, self.repeat):
            edit.setReadOnly(busy)
        self.ok_button.setEnabled(not busy and self._wait_left <= 0)

    # -- checks ----------------------------------------------------------------------------
    def submit(self) -> None:
        if self._wait_left > 0 or self._pending or not self.ok_button.isEnabled():
            return
        self.error.clear()
        if self.db is None:
            self._pending = True
            self.status.setText(_("Opening the database…"))
            self._set_busy(True)
            return
        if self.mode == FIRST_RUN:
            self._create_administrator()
        else:
            self._sign_in()

    def _create_administrator(self) -> None:
        from counsel_app.errors import UserError
        from counsel_app.security.accounts import (
            MIN_PASSWORD_LENGTH,
            create_first_administrator,
        )

        pw = self.password.text()
        if len(pw) < MIN_PASSWORD_LENGTH:
            self.error.setText(_("The password needs at least {n} characters.").format(
                n=MIN_PASSWORD_LENGTH))
            return
        if pw != self.repeat.text():
            self.error.setText(_("The two passwords differ."))
            return
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            ctx = create_first_administrator(self.db, self.user.text(), pw)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._done(ctx)

    def _sign_in(self) -> None:
        from counsel_app.errors import UserError
        from counsel_app.security.accounts import AccountLocked, MustWait, sign_in

        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            ctx = sign_in(self.db, self.user.text().strip(), self.password.text())
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
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._done(ctx)

    def _done(self, ctx) -> None:
        self.result_ctx = ctx
        self.password.clear()  # no copy of the password stays in a widget
        self.repeat.clear()
        self.signed_in.emit(ctx)

    # -- back-off --------------------------------------------------------------------------
    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self.ok_button.setEnabled(False)
        self._show_wait()
        self._countdown.start()

    def _show_wait(self) -> None:
        from counsel_app.security.accounts import wait_message

        self.error.setText(wait_message(self._wait_left))

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
