"""The small form dialog the account screens share: a form layout, an error line, OK and
Cancel; ``_submit`` runs the service call through ``_run`` (a refusal stays in the dialog)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel


class AccountForm(QDialog):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = MessageLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.style("error"))
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def secret(self, label: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.Password)
        edit.setAccessibleName(label)
        self.form.addRow(label, edit)
        return edit

    def _new_password(self) -> str | None:
        if self.password.text() != self.repeat.text():
            self.error.setText(_("The two passwords differ."))
            return None
        return self.password.text()

    def _run(self, action) -> None:
        try:
            action()
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def _submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
