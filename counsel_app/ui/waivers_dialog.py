"""Required steps and waivers of one case: a supervisor waives an open item with a written
reason, or revokes a waiver. A view over :mod:`counsel_app.waivers.service`.

A supervisor signed in waives as themselves (Case > Required steps and waivers…); on a
counsellor's screen the supervisor signs in the dialog with their own name and password
(the counsellor's session stays as it is). The service checks the role and the reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_datetime
from counsel_app.security.roles import Permission
from counsel_app.ui.steps.common import error_label, note_edit, show_error
from counsel_app.waivers import service


class WaiversDialog(QDialog):
    def __init__(self, ctx, case, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.setObjectName("waivers_dialog")
        self.setWindowTitle(_("Required steps and waivers — {reference}").format(
            reference=case.reference))
        layout = QVBoxLayout(self)
        intro = QLabel(_("A required step that cannot be done may be waived by a supervisor, "
                         "with the reason written out. The waiver is kept in the case's record "
                         "and in the audit trail; it can be revoked."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        box = QGroupBox(_("Open steps"))
        bl = QVBoxLayout(box)
        self.items = QListWidget()
        self.items.setObjectName("waiver_items")
        self.items.setAccessibleName(_("Open steps that may be waived"))
        bl.addWidget(self.items)
        self.reason = note_edit("waiver_reason", _("Reason for the waiver"),
                                _("Why this step cannot or need not be done"), 3)
        bl.addWidget(self.reason)
        form = QFormLayout()
        self.own = self.ctx.allows(Permission.WAIVE)
        self.supervisor = QLineEdit()
        self.supervisor.setObjectName("waiver_supervisor")
        self.supervisor.setAccessibleName(_("Supervisor's user name"))
        self.password = QLineEdit()
        self.password.setObjectName("waiver_password")
        self.password.setAccessibleName(_("Supervisor's password"))
        self.password.setEchoMode(QLineEdit.Password)
        if self.own:
            form.addRow(QLabel(_("You sign as {user}.").format(user=ctx.user)))
        else:
            form.addRow(QLabel(_("A supervisor signs here with their own name and password.")))
            form.addRow(_("Supervisor"), self.supervisor)
            form.addRow(_("Password"), self.password)
        bl.addLayout(form)
        buttons = QHBoxLayout()
        self.sign = QPushButton(_("Waive the chosen step"))
        self.sign.setObjectName("waiver_sign")
        buttons.addWidget(self.sign)
        self.revoke_button = QPushButton(_("Revoke the chosen waiver"))
        self.revoke_button.setObjectName("waiver_revoke")
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        bl.addLayout(buttons)
        self.problem = error_label("waiver_problem")
        bl.addWidget(self.problem)
        layout.addWidget(box)

        layout.addWidget(QLabel(_("Waivers of this case")))
        self.history = QListWidget()
        self.history.setObjectName("waiver_history")
        self.history.setAccessibleName(_("Waivers of this case"))
        layout.addWidget(self.history)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.sign.clicked.connect(self._waive)
        self.revoke_button.clicked.connect(self._revoke)
        self.items.currentRowChanged.connect(lambda _r: self._update())
        self.history.currentRowChanged.connect(lambda _r: self._update())
        self.resize(640, 560)
        self.reload()

    def reload(self) -> None:
        self.items.clear()
        for item in service.open_items(self.ctx, self.case):
            by = ", ".join(_(label) for label in item.required_by)
            entry = QListWidgetItem(f"{_(item.label)} ({by})" if by else _(item.label))
            entry.setData(Qt.UserRole, item.key)
            self.items.addItem(entry)
        if not self.items.count():
            empty = QListWidgetItem(_("No open step: nothing to waive."))
            empty.setFlags(Qt.NoItemFlags)
            self.items.addItem(empty)
        self.history.clear()
        lang = interface_language()
        for waiver in service.history(self.ctx, self.case):
            text = _("{item}: waived by {user} on {date}: {reason}").format(
                item=_(service.item_label(waiver.item)), user=waiver.waived_by,
                date=show_datetime(waiver.waived_at, lang), reason=waiver.reason)
            if not waiver.in_force:
                text += " " + _("(revoked by {user} on {date}: {reason})").format(
                    user=waiver.revoked_by,
                    date=show_datetime(waiver.revoked_at, lang),
                    reason=waiver.revoke_reason)
            entry = QListWidgetItem(text)
            entry.setData(Qt.UserRole, waiver.item if waiver.in_force else None)
            self.history.addItem(entry)
        self._update()

    def _chosen(self, widget: QListWidget) -> str | None:
        item = widget.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def _update(self) -> None:
        self.sign.setEnabled(self._chosen(self.items) is not None)
        self.revoke_button.setEnabled(self._chosen(self.history) is not None)

    def _signer(self):
        if self.own:
            return self.ctx
        return service.supervisor_context(self.ctx.db, self.supervisor.text(),
                                          self.password.text())

    def _run(self, action) -> None:
        try:
            action(self._signer())
        except UserError as exc:
            show_error(self.problem, str(exc))
            return
        finally:
            self.password.clear()
        show_error(self.problem, "")
        self.reason.clear()
        self.reload()

    def _waive(self) -> None:
        key = self._chosen(self.items)
        if key is not None:
            self._run(lambda signer: service.waive(signer, self.case, key,
                                                   self.reason.toPlainText()))

    def _revoke(self) -> None:
        key = self._chosen(self.history)
        if key is not None:
            self._run(lambda signer: service.revoke(signer, self.case, key,
                                                    self.reason.toPlainText()))


def open_waivers(parent, ctx, case) -> None:
    WaiversDialog(ctx, case, parent).exec()


def open_waivers_from_host(host) -> None:
    """Case > Required steps and waivers… (the menu action, see counsel_app.areas)."""
    case_id = host.current_case_id()
    if case_id is None:
        return
    open_waivers(host.parent_widget, host.ctx, host.ctx.cases.get(case_id))
