"""Case > Travel reminders…: what is overdue across the cases being prepared for departure
(a thin dialog over :meth:`counsel_app.travel.service.TravelService.open_reminders`)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.travel.service import TravelService


class RemindersDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Travel reminders"))
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("travel_reminders_list")
        self.list.setAccessibleName(_("Travel reminders"))
        try:
            notes = TravelService(ctx).open_reminders()
        except UserError as exc:
            notes = []
            layout.addWidget(QLabel(str(exc)))
        for case, note in notes:
            self.list.addItem(f"{case.reference}  {case.person.display_name}\n    {note.text}")
        if not notes:
            self.list.addItem(_("Nothing is overdue."))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)


def open_reminders(host) -> None:
    RemindersDialog(host.ctx, host.parent_widget).exec()
