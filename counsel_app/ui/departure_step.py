"""Session step "Departure", between the plan and the handover: the pre-departure checklist,
the travel details, the person's travel sheet and the departure itself; on the office's
station, the reception request that came with a handover and the office's answer.

A thin view over :class:`counsel_app.travel.service.TravelService`: the checklist, the
checks and the status change live there; this module lays out and wires signals.
"""

from __future__ import annotations

from datetime import date

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.names import language_name
from counsel_app.travel.checklist import WHERE_LABELS
from counsel_app.travel.form import record_from_form
from counsel_app.travel.model import ANSWERS, travellers
from counsel_app.travel.service import TravelService
from counsel_app.travel.store import TravelConflict
from counsel_app.ui import theme
from counsel_app.ui import messages
from counsel_app.ui.date_field import DateField
from counsel_app.ui.departure_form import DepartureForm
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import error_label, scroll_page, show_error

MARKS = {"done": "✓", "waived": "≈", "open": "○"}
SAVE_DELAY_MS = 800


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


class DepartureStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        self.ctx = services.ctx
        self.service = TravelService(self.ctx)
        self.record = self.service.record(services.case)
        self._dirty = False
        area, page = scroll_page(_("Departure"), _(
            "Travel documents for everyone who travels, fitness to travel and the escort, the "
            "route and the reception on arrival. The person may be marked departed once every "
            "item below is done (or waived by a supervisor), the office in the country of "
            "return has confirmed the reception, and the case was handed over."))
        QVBoxLayout(self).addWidget(area)

        box = self.checklist_box = QGroupBox(_("Pre-departure checklist"))
        column = QVBoxLayout(box)
        self.checklist = QListWidget()
        self.checklist.setObjectName("travel_checklist")
        self.checklist.setAccessibleName(_("Pre-departure checklist"))
        self.checklist.setMinimumHeight(160)
        column.addWidget(self.checklist)
        self.reminders = _label("travel_reminders")
        self.reminders.setStyleSheet(theme.style("warning"))
        column.addWidget(self.reminders)
        row = QHBoxLayout()
        self.depart_on = DateField("travel_depart_on", _("Day of departure"),
                                   maximum=date.today())
        self.depart_on.setDate(date.today())
        row.addWidget(QLabel(_("Left on:")))
        row.addWidget(self.depart_on)
        self.depart_button = QPushButton(_("Mark &departed"))
        self.depart_button.setObjectName("travel_depart")
        self.depart_button.clicked.connect(self.depart)
        row.addWidget(self.depart_button)
        self.cancel_button = QPushButton(_("The departure did not happen…"))
        self.cancel_button.setObjectName("travel_cancel_departure")
        self.cancel_button.clicked.connect(self.cancel_departure)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        column.addLayout(row)
        self.depart_state = _label("travel_depart_state")
        column.addWidget(self.depart_state)
        page.addWidget(box)

        self.office_box = QGroupBox(_("Reception request received from the sending station"))
        self.office_box.setObjectName("travel_office_box")
        office = QVBoxLayout(self.office_box)
        self.request_text = _label("travel_request")
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
        page.addWidget(self.office_box)

        case = services.case
        self.form = DepartureForm({t.key: t.name for t in travellers(case)})
        self.form.changed.connect(self._edited)
        page.addWidget(self.form)

        box = self.sheet_box = QGroupBox(_("The person's travel sheet"))
        row = QHBoxLayout(box)
        self.sheet_lang = QComboBox()
        self.sheet_lang.setObjectName("travel_sheet_lang")
        self.sheet_lang.setAccessibleName(_("Language of the travel sheet"))
        self.sheet_second = QComboBox()
        self.sheet_second.setObjectName("travel_sheet_second")
        self.sheet_second.setAccessibleName(_("Second language of the travel sheet"))
        self.sheet_second.addItem(_("— none —"), None)
        ui = interface_language()
        for code in DOCUMENT_LANGUAGES:
            self.sheet_lang.addItem(language_name(code, ui), code)
            self.sheet_second.addItem(language_name(code, ui), code)
        preferred = case.person.preferred_language
        self.sheet_lang.setCurrentIndex(max(0, self.sheet_lang.findData(
            preferred if preferred in DOCUMENT_LANGUAGES else "en")))
        self.show_health = QCheckBox(_("The person asks for their medicines on the sheet"))
        self.show_health.setObjectName("travel_show_health")
        self.show_health.toggled.connect(lambda _on: self._edited())
        button = QPushButton(_("&Print the travel sheet…"))
        button.setObjectName("travel_print_sheet")
        button.clicked.connect(self.print_sheet)
        texts = QPushButton(_("Texts in the person's language…"))
        texts.setObjectName("travel_sheet_texts")
        texts.clicked.connect(self.edit_sheet_texts)
        for widget in (QLabel(_("Language:")), self.sheet_lang, QLabel(_("and:")),
                       self.sheet_second, self.show_health, texts, button):
            row.addWidget(widget)
        row.addStretch(1)
        page.addWidget(box)

        self.error = error_label("travel_error")
        page.addWidget(self.error)
        row = QHBoxLayout()
        self.save_row = row
        self.save_button = QPushButton(_("&Save the departure details"))
        self.save_button.setObjectName("travel_save")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        self.saved = _label("travel_saved")
        row.addWidget(self.saved, 1)
        page.addLayout(row)
        page.addStretch(1)
        self.timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.reload()

    # -- showing ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.record = self.service.record(self.services.case)
        self.form.show_record(self.record)
        self.show_health.blockSignals(True)
        self.show_health.setChecked(self.record.sheet.show_health)
        self.show_health.blockSignals(False)
        self._dirty = False
        self.refresh()

    def entered(self) -> None:
        self.services.holder.case = self.ctx.cases.get(self.services.case.id)
        self.reload()

    def refresh(self) -> None:
        case = self.services.case
        checklist = self._checklist = self.service.checklist(case, self.record)
        self.checklist.clear()
        for item in checklist.items:
            text = f"{MARKS[item.state]}  {item.label}"
            if item.detail:
                text += f"\n      {item.detail}"
            if item.waiver:
                text += "\n      " + _("waived by {user}: {reason}").format(
                    user=item.waiver.by, reason=item.waiver.reason)
            entry = QListWidgetItem(text)
            entry.setToolTip(_("Put right in: {step}").format(
                step=_(WHERE_LABELS.get(item.where, item.where))))
            if item.state == "open":
                entry.setForeground(theme.qcolour("error_strong"))
            self.checklist.addItem(entry)
        notes = self.service.reminders(case, self.record)
        self.reminders.setText("\n".join(f"! {n.text}" for n in notes))
        self.reminders.setVisible(bool(notes))
        departed = case.status is CaseStatus.DEPARTED
        self.depart_button.setVisible(not departed)
        self.depart_on.setEnabled(not departed)
        self.cancel_button.setVisible(departed)
        blockers = []
        if not departed:
            blockers = self.service.departure_blockers(case)
        self.depart_button.setEnabled(not departed and not blockers)
        if departed:
            self.depart_state.setText(_("Departed on {date}.").format(
                date=self.record.departed_on.isoformat() if self.record.departed_on else "?"))
        elif case.status is not CaseStatus.HANDED_OVER:
            self.depart_state.setText(_("The case is “{status}”: it is handed over (with the "
                                        "reception request) before the departure.").format(
                status=_(case.status.label)))
        else:
            self.depart_state.setText(
                _("Ready to leave.") if not blockers else
                _("{count} item(s) still open.").format(count=len(checklist.open_items)))
        request = self.service.received_request(case) if case.id is not None else None
        # the office's station answers the request; the sending station prepares the journey
        self.office_box.setVisible(request is not None)
        for widget in (self.checklist_box, self.form, self.sheet_box, self.save_button,
                       self.saved):
            widget.setVisible(request is None)
        if request is not None:
            self.request_text.setText(_request_text(request, self.record))

    def summary(self) -> str:
        case = self.services.case
        if case.status is CaseStatus.DEPARTED:
            return _("departed")
        checklist = getattr(self, "_checklist", None) or self.service.checklist(case, self.record)
        done = sum(1 for i in checklist.items if i.state != "open")
        return _("{done} of {total} ready").format(done=done, total=len(checklist.items))

    # -- editing ---------------------------------------------------------------------------
    def _edited(self) -> None:
        self._dirty = True
        self.saved.setText(_("Not saved yet"))
        self.timer.start()

    def _collect(self):
        record = record_from_form(self.form.values(), self.record)
        record.sheet.show_health = self.show_health.isChecked()
        return record

    def save(self) -> bool:
        """Check and save what is on screen; say what is wrong and keep it otherwise."""
        self.timer.stop()
        try:
            record = self._collect()
            self.record = self.service.save(self.services.case, record)
        except TravelConflict as conflict:
            choice = messages.choose(self, str(conflict), [("mine", _("Keep mine")),
                                                           ("theirs", _("Take theirs"))],
                                     title=_("Changed elsewhere"))
            if choice == "mine":
                self.record = self.service.save(self.services.case, conflict.mine,
                                                overwrite=True)
            else:
                self.record = conflict.theirs
                self.form.show_record(self.record)
        except UserError as exc:
            show_error(self.error, str(exc))
            self.saved.setText(_("Not saved: correct the field named above."))
            return False
        show_error(self.error, "")
        self._dirty = False
        self.saved.setText(_("Saved."))
        self.refresh()
        return True

    def flush(self) -> None:
        if self._dirty:
            self.save()

    # -- actions ---------------------------------------------------------------------------
    def depart(self) -> None:
        if self._dirty and not self.save():
            return
        if self.depart_on.date() is None or self.depart_on.error():
            self.depart_on.edit.setFocus()  # the field says what is wrong
            return
        try:
            case = self.service.depart(self.services.case.reference, self.depart_on.date())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        self.services.holder.case = case
        show_error(self.error, "")
        self.reload()

    def cancel_departure(self) -> None:
        reason, ok = QInputDialog.getText(self, _("The departure did not happen"),
                                          _("Why did the person not leave?"))
        if not ok:
            return
        try:
            case = self.service.cancel_departure(self.services.case.reference, reason)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        self.services.holder.case = case
        show_error(self.error, "")
        self.reload()

    def edit_sheet_texts(self) -> None:
        """The sheet's free texts in the person's language (written, never translated by a
        machine), for the sheet's language; saved with the record."""
        from counsel_app.ui.plan_returnee_texts import edit_sheet_texts

        if self._dirty and not self.save():
            return
        record = self._collect()
        if edit_sheet_texts(record, self.sheet_lang.currentData(), self):
            self.record = record
            self.save()

    def print_sheet(self) -> None:
        from counsel_app.i18n.languages import print_advice

        if self._dirty and not self.save():
            return
        case = self.services.case
        lang = self.sheet_lang.currentData()
        second = self.sheet_second.currentData()
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the travel sheet"), f"{case.reference}-travel-sheet-{lang}.pdf",
            _("PDF documents (*.pdf)"))
        if not path:
            return
        try:
            self.service.render_sheet(case.reference, lang, second, out=Path(path))
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        advice = print_advice(lang, prefer=(interface_language(),))
        text = _("The travel sheet is saved in {path}.").format(path=path)
        if advice.warn:
            text += "\n" + advice.message
        messages.info(self, text)

    def record_answer(self) -> None:
        try:
            self.service.answer_reception(
                self.services.case.reference, self.answer.currentData(),
                note=self.answer_note.text(), contact_name=self.answer_contact.text(),
                contact_phone=self.answer_phone.text())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.reload()
        messages.info(self, _("The answer is recorded. Write the acknowledgement and send it "
                              "to the sending station."))

    def write_ack(self) -> None:
        from counsel_app.handover.ack import export_ack

        case = self.services.case
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the acknowledgement"), f"{case.reference}-ack.cahp",
            _("Handover packages (*.cahp)"))
        if not path:
            return
        try:
            export_ack(self.ctx, case.reference, Path(path))
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        messages.info(self, _("The acknowledgement is saved in {path}.").format(path=path))


def _request_text(request: dict, record) -> str:
    lines = []
    for n, leg in enumerate(request.get("legs") or [], start=1):
        lines.append(_("Leg {n}: {origin} → {destination}, {departs} → {arrives} {carrier}")
                     .format(n=n, origin=leg.get("origin"), destination=leg.get("destination"),
                             departs=(leg.get("departs") or "").replace("T", " "),
                             arrives=(leg.get("arrives") or "").replace("T", " "),
                             carrier=leg.get("carrier") or "").rstrip())
    reception = request.get("reception") or {}
    lines.append(_("Asked for: met by {who} at {where}; then {onward}; staying at "
                   "{accommodation}.").format(
        who=reception.get("met_by") or "–", where=reception.get("meeting_point") or "–",
        onward=reception.get("onward_transport") or "–",
        accommodation=reception.get("accommodation") or "–"))
    adult = request.get("accompanying_adult")
    if isinstance(adult, dict) and adult.get("name"):
        lines.append(_("A child travels with {name}.").format(name=adult["name"]))
    answer = record.answer
    if answer is not None:
        lines.append(_("Your answer: {answer} ({date}).").format(
            answer=_(ANSWERS.get(answer.state, answer.state)),
            date=answer.answered_on.isoformat() if answer.answered_on else "?"))
        if answer.request_id != request.get("request_id"):
            lines.append(_("The request changed since you answered it."))
    return "\n".join(lines)

