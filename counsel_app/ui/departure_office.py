"""The Departure step on the office's station: the reception request that came with a
handover (:func:`counsel_app.travel.text.reception_request`), the office's answer
(:meth:`TravelService.answer_reception`) and the acknowledgement carrying it back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.travel.model import ANSWERS
from counsel_app.travel.text import reception_request
from counsel_app.ui import messages


def selectable_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


class ReceptionAnswerBox(QGroupBox):
    """``report(sentence)`` shows a problem ("" clears it); ``recorded()`` runs after an
    answer is recorded (the step reloads)."""

    def __init__(self, step, report: Callable[[str], None], recorded: Callable[[], None],
                 parent=None):
        super().__init__(_("Reception request received from the sending station"), parent)
        self.step, self.report, self.recorded = step, report, recorded
        self.setObjectName("travel_office_box")
        office = QVBoxLayout(self)
        self.request_text = selectable_label("travel_request")
        office.addWidget(self.request_text)
        form = QFormLayout()
        self.answer = QComboBox()
        self.answer.setObjectName("travel_answer")
        self.answer.setAccessibleName(_("Answer to the reception request"))
        for key, label in ANSWERS.items():
            self.answer.addItem(_(label), key)
        self.answer_contact = QLineEdit()
        self.answer_contact.setObjectName("travel_answer_contact")
        self.answer_contact.setAccessibleName(_("Who meets the person"))
        self.answer_phone = QLineEdit()
        self.answer_phone.setObjectName("travel_answer_phone")
        self.answer_phone.setAccessibleName(_("Phone on arrival"))
        self.answer_note = QLineEdit()
        self.answer_note.setObjectName("travel_answer_note")
        self.answer_note.setAccessibleName(_("Note"))
        for label, widget in ((_("Answer:"), self.answer), (_("Who meets the person:"),
                                                           self.answer_contact),
                              (_("Their phone:"), self.answer_phone),
                              (_("Note:"), self.answer_note)):
            form.addRow(label, widget)
        office.addLayout(form)
        row = QHBoxLayout()
        button = QPushButton(_("Record the &answer"))
        button.setObjectName("travel_record_answer")
        button.clicked.connect(self.record_answer)
        row.addWidget(button)
        button = QPushButton(_("Write the acknowledgement…"))
        button.setObjectName("travel_write_ack")
        button.clicked.connect(self.write_ack)
        row.addWidget(button)
        row.addStretch(1)
        office.addLayout(row)

    def show_request(self, request: dict, record) -> None:
        self.request_text.setText(reception_request(request, record))

    def record_answer(self) -> None:
        try:
            self.step.service.answer_reception(
                self.step.services.case.reference, self.answer.currentData(),
                note=self.answer_note.text(), contact_name=self.answer_contact.text(),
                contact_phone=self.answer_phone.text())
        except UserError as exc:
            self.report(str(exc))
            return
        self.report("")
        self.recorded()
        messages.info(self, _("The answer is recorded. Write the acknowledgement and send it "
                              "to the sending station."))

    def write_ack(self) -> None:
        from counsel_app.handover.ack import export_ack

        case = self.step.services.case
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the acknowledgement"), f"{case.reference}-ack.cahp",
            _("Handover packages (*.cahp)"))
        if not path:
            return
        try:
            export_ack(self.step.ctx, case.reference, Path(path))
        except UserError as exc:
            self.report(str(exc))
            return
        self.report("")
        messages.info(self, _("The acknowledgement is saved in {path}.").format(path=path))
