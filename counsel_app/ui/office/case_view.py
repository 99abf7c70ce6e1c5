"""One received case in the office workspace: arrival, schedule, plan actions and the plan
refinement, visits (form and list), consents carried, the chart, the acknowledgement.

No pre-departure wizard: this is the office's own view. Every rule is the services'
(:mod:`counsel_app.followup.service`, :mod:`counsel_app.followup.office`,
:mod:`counsel_app.handover.ack`); the widgets lay out and wire signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counsel_app.documents.bidi import isolate, value_list
from counsel_app.errors import UserError
from counsel_app.followup import office
from counsel_app.followup.service import ACTION_STATUSES, FollowupService
from counsel_app.handover.receipt import purpose_label
from counsel_app.i18n import _, interface_language, is_rtl, ngettext
from counsel_app.i18n.dates import show_date
from counsel_app.i18n.formatting import format_integer, format_score
from counsel_app.ui.date_field import DateField
from counsel_app.ui.handover_chart import ChangeChart
from counsel_app.ui.office.visit_form import (
    VisitEdit,
    VisitForm,
    VisitList,
    fmt,
    retype_date,
    share_text,
    typed_date,
)
from counsel_app.ui.steps.common import error_label, show_error


def _date_edit(name: str, accessible: str, message_line: bool = True) -> DateField:
    """A date typed in the medium form or ISO, today by default and never later."""
    field = DateField(name, accessible, required=True, maximum=date.today(),
                      message_line=message_line)
    field.setDate(date.today())
    if not message_line:  # in a row, as wide as its hint ("4 Dec 2026 or 2026-12-04")
        metrics = field.edit.fontMetrics()
        field.edit.setMinimumWidth(metrics.horizontalAdvance(field.edit.placeholderText())
                                   + 2 * metrics.averageCharWidth())
    return field


def _message_line(name: str, *fields: DateField) -> QLabel:
    """A row's reserved line for what is wrong with its date (a line under the date alone
    would wrap in its narrow width and push the row down)."""
    label = error_label(name)
    for field in fields:
        field.problemChanged.connect(lambda text, label=label: show_error(label, text))
    return label


def _day(value) -> str:
    """A date as every other date on screen ("Nov 21, 2026", "21 نوفمبر 2026")."""
    return show_date(value, interface_language())


def _scrolled(page: QWidget) -> QScrollArea:
    """A tab's page scrolls rather than squeezes on a small screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setWidget(page)
    return area


@dataclass(frozen=True)
class ActionFields:
    """A plan action chosen in the view, with its fields as typed."""

    key: str
    status: str
    action_date: date | str  # as understood, or the text not understood
    note: str
    outcome: str


@dataclass(frozen=True)
class Typed:
    """What the view shows as typed, saved or not (a new visit's draft is saved as it is
    typed): a change of the interface language makes the view again and gives it this."""

    visit: VisitEdit | None  # a recorded visit open in the form
    action: ActionFields | None
    arrival_date: date | str  # dates as understood, or the text not understood
    reception: bool
    refined_on: date | str


class OfficeCaseView(QWidget):
    changed = Signal()  # something was recorded (the case list's columns may change)

    def __init__(self, ctx, reference: str, parent=None):
        super().__init__(parent)
        self.ctx, self.reference = ctx, reference
        self.service = FollowupService(ctx)
        self.setObjectName("office_case_view")
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("office_header")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("office_tabs")
        layout.addWidget(self.tabs, 1)
        self.error = error_label("office_error")
        layout.addWidget(self.error)
        self.tabs.addTab(_scrolled(self._arrival_tab()), _("Arrival and plan"))
        self.form = VisitForm(ctx, reference)
        self.visit_list = VisitList(ctx, reference)
        visits = QWidget()
        box = QVBoxLayout(visits)
        box.addWidget(self.form)
        box.addWidget(self.visit_list, 1)
        prints = QHBoxLayout()
        self.print_visit_button = QPushButton(_("Print the visit &record…"))
        self.print_visit_button.setObjectName("office_print_visit")
        self.print_visit_button.clicked.connect(self.print_visit)
        self.print_blank_button = QPushButton(_("Print a blank &questionnaire…"))
        self.print_blank_button.setObjectName("office_print_questionnaire")
        self.print_blank_button.clicked.connect(lambda: self.print_field())
        prints.addWidget(self.print_visit_button)
        prints.addWidget(self.print_blank_button)
        prints.addStretch(1)
        box.addLayout(prints)
        for source in (self.form.changed, self.visit_list.changed):
            source.connect(self.refresh)
            source.connect(self.changed)
        self.visit_list.edit_requested.connect(self.form.edit)
        self.visit_list.deleted.connect(self.form.visit_deleted)
        self.visit_list.unsaved_change = lambda visit: self.form.unsaved_change(visit) \
            is not None
        self.tabs.addTab(_scrolled(visits), _("Visits"))
        # the plan's tracked referrals: state, partner, dates; moved here after arrival
        from counsel_app.ui.referrals_tab import ReferralsPanel

        self.referrals = ReferralsPanel(ctx, ctx.cases.get_by_reference(reference))
        self.referrals.setObjectName("office_referrals")
        self.tabs.addTab(self.referrals, _("Referrals"))
        self.tabs.addTab(_scrolled(self._consents_tab()), _("Consents carried"))
        self.tabs.addTab(_scrolled(self._ack_tab()), _("Progress and acknowledgement"))
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _arrival_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        box = QGroupBox(_("Arrival"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.arrival_date = _date_edit("office_arrival_date", _("Date of arrival"),
                                       message_line=False)
        self.reception = QCheckBox(_("Reception done"))
        self.reception.setObjectName("office_reception")
        button = QPushButton(_("Record &arrival"))
        button.setObjectName("office_record_arrival")
        button.clicked.connect(self._dated(lambda: self.service.record_arrival(
            self.reference, self.arrival_date.date(), self.reception.isChecked()),
            self.arrival_date))
        for widget in (self.arrival_date, self.reception, button):
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(_message_line("office_arrival_date_error", self.arrival_date))
        layout.addWidget(box)
        self.schedule = QLabel()
        self.schedule.setObjectName("office_schedule")
        self.schedule.setWordWrap(True)
        layout.addWidget(self.schedule)
        box = QGroupBox(_("Plan refinement after arrival"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.refined_on = _date_edit("office_refined_on", _("Date of the refinement"),
                                     message_line=False)
        button = QPushButton(_("Record the &refinement"))
        button.setObjectName("office_record_refinement")
        button.clicked.connect(self._dated(lambda: self.service.refine_plan(
            self.reference, [], on=self.refined_on.date()), self.refined_on))
        grid = QPushButton(_("Feasibility &grid…"))
        grid.setObjectName("office_feasibility")
        grid.clicked.connect(self.open_feasibility)
        self.refined = QLabel()
        self.refined.setObjectName("office_refined")
        for widget in (self.refined_on, button, grid, self.refined):
            row.addWidget(widget)
        row.addStretch(1)  # the date as wide as the arrival's above
        column.addLayout(row)
        column.addWidget(_message_line("office_refined_on_error", self.refined_on))
        layout.addWidget(box)
        box = QGroupBox(_("Plan actions"))
        form = QFormLayout(box)
        self.action = QComboBox()
        self.action.setObjectName("office_action")
        self.action.currentIndexChanged.connect(self._show_action)
        self.action_status = QComboBox()
        self.action_status.setObjectName("office_action_status")
        for key, label in ACTION_STATUSES.items():
            self.action_status.addItem(_(label), key)
        self.action_date = _date_edit("office_action_date", _("When it happened"))
        self.action_note = QLineEdit()
        self.action_note.setObjectName("office_action_note")
        self.action_outcome = QLineEdit()
        self.action_outcome.setObjectName("office_action_outcome")
        save = QPushButton(_("&Save the action"))
        save.setObjectName("office_action_save")
        save.clicked.connect(self._save_action)
        for label, widget in ((_("Action"), self.action), (_("Status"), self.action_status),
                              (_("When it happened"), self.action_date),
                              (_("Note"), self.action_note),
                              (_("Outcome"), self.action_outcome)):
            if widget is not self.action_date:  # its line edit has the name
                widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow(save)
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _consents_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("The consents the handover package carried, as the person "
                                  "gave them before departure.")))
        self.consents = QListWidget()
        self.consents.setObjectName("office_consents")
        layout.addWidget(self.consents, 1)
        button = QPushButton(_("Record a &withdrawal made at the office"))
        button.setObjectName("office_withdraw_consent")
        button.clicked.connect(self._withdraw)
        layout.addWidget(button)
        return page

    def _ack_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.progress = QLabel()
        self.progress.setObjectName("office_progress")
        self.progress.setWordWrap(True)
        layout.addWidget(self.progress)
        self.chart = ChangeChart()
        layout.addWidget(self.chart, 1)
        button = QPushButton(_("Send the ac&knowledgement to the sender…"))
        button.setObjectName("office_send_ack")
        button.clicked.connect(self.send_ack)
        layout.addWidget(button)
        self.receipt = QPlainTextEdit()
        self.receipt.setObjectName("office_ack_receipt")
        self.receipt.setReadOnly(True)
        self.receipt.setAccessibleName(_("Receipt of the acknowledgement"))
        self.receipt.setVisible(False)
        layout.addWidget(self.receipt)
        return page

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        s = self.summary = self.service.summary(self.reference)
        case = self.ctx.cases.get_by_reference(self.reference)
        received = self.service._received(case.id) or {}
        due = s.next_due
        # every value isolated and the line opened by the interface's direction mark: a
        # Latin reference first made the Arabic line left to right, its parts out of order
        mark = "\u200f" if is_rtl(interface_language()) else ""
        self.header.setText(mark + _("{reference} — {name} — {status}; the sender's reference "
                              "{remote}; arrival {arrival}; next visit {due}{overdue}").format(
            reference=isolate(s.reference), name=isolate(case.person.display_name),
            status=_(s.status.label),
            remote=isolate(received.get("remote_reference") or "-"),
            arrival=isolate(_day(s.arrival_date)) if s.arrival_date else _("not recorded"),
            due=isolate(_day(due.due_on)) if due else "-",
            overdue=" " + _("(OVERDUE)") if due and due.overdue() else "")
            + ("  " + _("SAMPLE — fictional data, not a real case") if case.is_sample else ""))
        if s.arrival_date:
            self.arrival_date.setDate(s.arrival_date)
            self.reception.setChecked(s.reception_done)
        # the language's separator ("، " in Arabic), each visit an isolate
        self.schedule.setText(_("Visits due: {items}").format(items=value_list((
            ngettext("{months} month {date}{state}", "{months} months {date}{state}",
                     d.months).format(
                months=format_integer(d.months, interface_language()), date=_day(d.due_on),
                state=(" ✓" if d.done_on else " " + _("(OVERDUE)") if d.overdue() else ""))
            for d in s.schedule), interface_language())) if s.schedule
            else _("Record the arrival to see the visits due."))
        self.refined.setText(_("Refined on {date}").format(date=_day(s.plan_refined_on))
                             if s.plan_refined_on else _("Not refined yet (due by {date})")
                             .format(date=_day(s.refine_by) if s.refine_by else "-"))
        current_key = self.action.currentData()
        self.action.blockSignals(True)
        self.action.clear()
        for action in s.actions:
            self.action.addItem(action.text + (" " + _("(added here)") if action.added_here
                                               else ""), action.key)
        self.action.setCurrentIndex(max(0, self.action.findData(current_key)))
        self.action.blockSignals(False)
        self._show_action()
        self.visit_list.set_visits(s.visits)
        self.consents.clear()
        for c in office.carried_consents(self.ctx, self.reference):
            self.consents.addItem(office.carried_consent_line(c, interface_language()))
        self._show_progress(s)

    def _show_progress(self, s) -> None:
        current, change = s.current(), s.change_since_baseline()
        latest = s.latest
        lang = interface_language()
        lines = [_("Visits: {count}").format(count=format_integer(len(s.visits), lang))]
        if latest is not None:
            lines.append(_("Latest visit {date}: {answered} of 15 answered ({share})")
                         .format(date=_day(latest.visit_date),
                                 answered=format_integer(latest.result.answered, lang),
                                 share=share_text(latest.result.share)))
        if current is not None:
            lines.append(_("Latest overall score: {overall}").format(
                overall=fmt(current.scores.overall)))
        if change and change.get("overall") is not None:
            lines.append(_("Change since the baseline (overall): {value}").format(
                value=format_score(change["overall"], lang, signed=True)))
        lines.append(_("Weights: {source}").format(source=_(s.weights.source)))
        self.progress.setText("\n".join(lines))
        self.chart.set_points(s.chart)

    def _show_action(self) -> None:
        key = self.action.currentData()
        action = next((a for a in self.summary.actions if a.key == key), None)
        if action is None:
            return
        self.action_status.setCurrentIndex(self.action_status.findData(action.status))
        self.action_date.setDate(action.action_date or date.today())
        self.action_note.setText(action.note)
        self.action_outcome.setText(action.outcome)

    # -- what is typed ------------------------------------------------------------------
    def typed(self) -> Typed:
        key = self.action.currentData()
        action = None if key is None else ActionFields(
            key, self.action_status.currentData(), typed_date(self.action_date),
            self.action_note.text(), self.action_outcome.text())
        return Typed(self.form.edit_in_progress(), action, typed_date(self.arrival_date),
                     self.reception.isChecked(), typed_date(self.refined_on))

    def retype(self, typed: Typed) -> None:
        """Show ``typed`` (from :meth:`typed` of a view of the same case) in the fields."""
        retype_date(self.arrival_date, typed.arrival_date)
        self.reception.setChecked(typed.reception)
        retype_date(self.refined_on, typed.refined_on)
        action = typed.action
        if action is not None and self.action.findData(action.key) >= 0:
            self.action.setCurrentIndex(self.action.findData(action.key))  # its saved fields
            self.action_status.setCurrentIndex(
                max(0, self.action_status.findData(action.status)))
            retype_date(self.action_date, action.action_date)
            self.action_note.setText(action.note)
            self.action_outcome.setText(action.outcome)
        if typed.visit is not None:
            self.form.resume_edit(typed.visit)

    # -- actions -------------------------------------------------------------------------
    def _run(self, func) -> bool:
        try:
            func()
        except UserError as exc:
            show_error(self.error, str(exc))
            return False
        show_error(self.error, "")
        self.refresh()
        self.changed.emit()
        return True

    def _dated(self, func, *fields: DateField):
        """``func`` run (as :meth:`_run` does) only when every field's text is a date;
        otherwise the first field not understood says why and keeps the cursor, and
        nothing is recorded."""
        def run() -> None:
            for field in fields:
                if not field.commit():
                    show_error(self.error, "")
                    field.edit.setFocus()
                    return
            self._run(func)
        return run

    def _save_action(self) -> None:
        key = self.action.currentData()
        if key is None:
            return
        self._dated(lambda: self.service.set_action(
            self.reference, key, self.action_status.currentData(), self.action_note.text(),
            self.action_date.date(), self.action_outcome.text()), self.action_date)()

    def _withdraw(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        carried = [c for c in office.carried_consents(self.ctx, self.reference)
                   if c.state == "given" and not c.withdrawn_here]
        if not carried:
            show_error(self.error, _("No consent carried is in force."))
            return
        labels = [purpose_label(c.purpose) for c in carried]
        label, ok = QInputDialog.getItem(self, _("Withdrawal at the office"),
                                         _("Which consent does the person withdraw?"),
                                         labels, 0, False)
        if ok:
            purpose = carried[labels.index(label)].purpose
            self._run(lambda: office.withdraw_consent(self.ctx, self.reference, purpose))

    def open_feasibility(self) -> None:
        """The feasibility grid (opportunities area): saving it records the refinement."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox

        from counsel_app.ui.feasibility_grid import FeasibilityGrid

        dialog = QDialog(self)
        dialog.setObjectName("office_feasibility_dialog")
        dialog.setWindowTitle(_("Feasibility grid of case {reference}").format(
            reference=self.reference))
        dialog.resize(980, 520)
        layout = QVBoxLayout(dialog)
        dialog.grid = FeasibilityGrid(self.ctx, self.reference)
        layout.addWidget(dialog.grid)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.finished.connect(lambda _r: (self.refresh(), self.changed.emit()))
        self.feasibility_dialog = dialog
        dialog.open()

    def print_visit(self) -> None:
        visit = self.visit_list.selected()
        if visit is None:
            show_error(self.error, _("Choose a visit in the list to print its record."))
            return
        self.print_field(visit.uid)

    def print_field(self, visit_uid: str | None = None) -> None:
        """The visit's record (``visit_uid``) or the blank questionnaire, in a document
        language (the dialog saves the PDF)."""
        from counsel_app.ui.office.field_prints import FieldPrintDialog

        dialog = FieldPrintDialog(self.ctx, self.reference, visit_uid, self)
        self.print_dialog = dialog
        dialog.open()

    def send_ack(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from counsel_app.handover.ack import export_ack, receipt_path

        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the acknowledgement"), f"ack-{self.reference}.cahp",
            _("Handover packages (*.cahp)"))
        if not path:
            return
        out = Path(path)
        if self._run(lambda: export_ack(self.ctx, self.reference, out)):
            self.receipt.setPlainText(receipt_path(out).read_text(encoding="utf-8"))
            self.receipt.setVisible(True)
