"""The inactivity lock: after a while without input, cover the window and ask for the
password again, without closing or discarding anything.

``install_idle_lock(window, verify_password, timeout_ms)`` restarts a timer on every key,
click, mouse move, wheel or touch that reaches a window of the app. When the timer fires, an
opaque cover hides the window's contents (so nobody passing by reads a case) and a modal
password prompt opens over it. Every widget stays as it was: unsaved text stays in its
fields, open dialogs stay open underneath. The right password removes the cover; a wrong
one says so (and counts as a failed sign-in through ``verify_password``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class _Cover(QWidget):
    """An opaque panel over the whole window while it is locked."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("idleLockCover")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#idleLockCover { background: palette(window); }")
        layout = QVBoxLayout(self)
        label = QLabel(_("Locked after inactivity."))
        label.setAlignment(Qt.AlignCenter)
        layout.addWidget(label)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()


class LockDialog(QDialog):
    """The password prompt shown while the window is locked."""

    def __init__(self, window: QWidget, user_hint: str = ""):
        super().__init__(window)
        self.setObjectName("idleLockDialog")
        self.setWindowTitle(_("Locked"))
        self.setWindowModality(Qt.ApplicationModal)
        layout = QVBoxLayout(self)
        text = _("Counsel was locked after a period without use. Nothing was closed or lost. "
                 "Enter your password to continue.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if user_hint:
            layout.addWidget(QLabel(_("Signed in as {user}").format(user=user_hint)))
        self.password = QLineEdit()
        self.password.setObjectName("idleLockPassword")
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setAccessibleName(_("Password"))
        layout.addWidget(self.password)
        self.error = MessageLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.style("error"))
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Unlock"))
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        """Escape does not get past the lock."""

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        event.ignore()


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, verify_password: Callable[[str], bool],
                 timeout_ms: int, *, user_hint: str = ""):
        super().__init__(window)
        self.window = window
        self.verify_password = verify_password
        self.user_hint = user_hint
        self.is_locked = False
        self.dialog: LockDialog | None = None
        self.cover: _Cover | None = None  # made at each lock (see lock)
        self._covers: list[_Cover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(timeout_ms))
        self.timer.timeout.connect(self.lock)
        window.installEventFilter(self)  # its resizes, for the cover
        # Input is watched where the platform delivers it: on the windows of the app (the
        # main window's, and each other window's as it takes the focus: a dialog being
        # typed in). A filter on the whole application would also see every event of every
        # widget (paints, layouts, timers: thousands for the case list's first page), each
        # a call into Python: about 50 ms of the start to the case list, measured.
        app = QGuiApplication.instance()
        for qwindow in app.allWindows():
            self._watch(qwindow)
        app.focusWindowChanged.connect(self._watch)
        self.timer.start()

    def _watch(self, qwindow) -> None:
        if qwindow is not None:
            qwindow.installEventFilter(self)  # once per window: Qt does not add it twice

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(int(timeout_ms))
        if not self.is_locked:
            self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Resize and self.is_locked:
            for cover in self._covers:
                if cover.parentWidget() is obj:
                    cover.setGeometry(obj.rect())
        elif kind in INPUT_EVENTS and not self.is_locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self.is_locked = True
        self.timer.stop()
        # made at each lock, as the prompt is: its words in the interface language of now
        # (the language can change while the window is open), and nothing is built at
        # sign-in for a lock that may never come
        if self.cover is not None:
            self.cover.deleteLater()
        self.cover = _Cover(self.window)
        self.cover.cover()
        # other windows of the app (a dialog open on a case, the audit trail...) are covered
        # too, never hidden or closed: a dialog waiting in exec() must not end
        self._covers = [self.cover]
        for top in QApplication.topLevelWidgets():
            if (top is not self.window and top.isVisible() and top.isWindow()
                    and not top.windowType() in (Qt.Popup, Qt.ToolTip, Qt.SplashScreen)
                    and not isinstance(top, LockDialog)):
                cover = _Cover(top)
                cover.cover()
                top.installEventFilter(self)
                self._covers.append(cover)
        self.dialog = LockDialog(self.window, self.user_hint)
        self.dialog.buttons.accepted.connect(self._try_unlock)
        self.dialog.open()
        self.dialog.password.setFocus()
        self.locked.emit()

    def _try_unlock(self) -> None:
        dialog = self.dialog
        if dialog is None or not dialog.password.text():
            return
        try:
            ok = self.verify_password(dialog.password.text())
        except UserError as exc:  # e.g. "wait N seconds", "account locked"
            dialog.error.setText(str(exc))
            dialog.password.clear()
            return
        if not ok:
            dialog.error.setText(_("Wrong password."))
            dialog.password.clear()
            return
        self.unlock()

    def unlock(self) -> None:
        if self.dialog is not None:
            self.dialog.password.clear()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if self.cover is not None:
            self.cover.hide()
        for cover in self._covers[1:]:
            cover.hide()
            cover.deleteLater()
        self._covers = [self.cover]
        self.is_locked = False
        self.timer.start()
        self.unlocked.emit()

    def uninstall(self) -> None:
        self.timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.focusWindowChanged.disconnect(self._watch)
            for qwindow in app.allWindows():
                qwindow.removeEventFilter(self)
        self.window.removeEventFilter(self)


def install_idle_lock(window: QWidget, verify_password: Callable[[str], bool],
                      timeout_ms: int = 5 * 60 * 1000, *, user_hint: str = "") -> IdleLock:
    """Lock ``window`` after ``timeout_ms`` without input (see the module docstring).

    ``verify_password(password) -> bool`` checks the signed-in user's password; it may
    raise a ``UserError`` whose message is shown (back-off, locked account).
    For the app: ``install_idle_lock(window, security.idle.password_checker(ctx),
    security.idle.idle_timeout_ms(ctx.db), user_hint=ctx.user)``.
    """
    lock = IdleLock(window, verify_password, timeout_ms, user_hint=user_hint)
    window._idle_lock = lock  # keep it alive as long as the window
    return lock
