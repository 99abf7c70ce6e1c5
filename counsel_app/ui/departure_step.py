"""Session step "Departure", between the plan and the handover: the pre-departure checklist,
the travel details, the person's travel sheet and the departure itself; on the office's
station, the reception request that came with a handover and the office's answer.

A thin view over :class:`counsel_app.travel.service.TravelService`: the checklist, the
checks and the status change live there; this module lays out and wires signals.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.travel.checklist import WHERE_LABELS
from counsel_app.travel.form import record_from_form
from counsel_app.travel.model import travellers
from counsel_app.travel.service import TravelService
from counsel_app.travel.store import TravelConflict
from counsel_app.travel.text import departure_state
from counsel_app.ui import theme
from counsel_app.ui import messages
from counsel_app.ui.date_field import DateField
from counsel_app.ui.departure_form import DepartureForm
from counsel_app.ui.departure_office import ReceptionAnswerBox, selectable_label
from counsel_app.ui.departure_sheet import TravelSheetBox
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import error_label, scroll_page, show_error

MARKS = {"done": "✓", "waived": "≈", "open": "○"}
SAVE_DELAY_MS = 800


_label = selectable_label


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
        outer = QVBoxLayout(self)
        outer.addWidget(area, 1)

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
        self.depart_on = DateField("travel_depart_on", _("Day of departure"), required=True,
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

        self.office_box = ReceptionAnswerBox(self, lambda text: show_error(self.error, text),
                                             self.reload)
        page.addWidget(self.office_box)

        case = services.case
        self.form = DepartureForm({t.key: t.name for t in travellers(case)})
        self.form.changed.connect(self._edited)
        page.addWidget(self.form)

        box = self.sheet_box = TravelSheetBox(case.person.preferred_language)
        self.sheet_lang, self.sheet_second = box.sheet_lang, box.sheet_second
        self.show_health = box.show_health
        self.show_health.toggled.connect(lambda _on: self._edited())
        box.print_button.clicked.connect(self.print_sheet)
        box.texts_button.clicked.connect(self.edit_sheet_texts)
        page.addWidget(box)

        page.addStretch(1)
        # saving and printing stay in view under the page (the form is 2,000 pixels long:
        # at 1366x768 or 1280x720 they were below the fold), with what went wrong above them
        self.error = error_label("travel_error")
        outer.addWidget(self.error)
        row = QHBoxLayout()
        self.save_row = row
        self.save_button = QPushButton(_("Sa&ve the departure details"))
        self.save_button.setObjectName("travel_save")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        self.saved = _label("travel_saved")
        row.addWidget(self.saved, 1)
        row.addWidget(box.print_button)  # prints in the languages chosen in its box
        outer.addLayout(row)
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
        self.depart_state.setText(departure_state(case, self.record, blockers,
                                                  len(checklist.open_items)))
        request = self.service.received_request(case) if case.id is not None else None
        # the office's station answers the request; the sending station prepares the journey
        self.office_box.setVisible(request is not None)
        for widget in (self.checklist_box, self.form, self.sheet_box, self.save_button,
                       self.saved):
            widget.setVisible(request is None)
        if request is not None:
            self.office_box.show_request(request, self.record)

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
        if not self.depart_on.commit():
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
