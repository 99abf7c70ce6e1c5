"""The plan's "Referrals followed" tab: each referral to a partner of the directory, where it
stands (planned, sent, accepted or rejected, done), with its dates, outcome and note; refer
to a partner (searching the directory) and record the next step.

Layout and wiring only: the states, dates and outcomes are checked by
:class:`counsel_app.partners.referrals.ReferralService` (a refusal is shown as its sentence).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_stored_date
from counsel_app.partners.model import PartnerType
from counsel_app.partners.referrals import (
    NEXT_STATES,
    OUTCOME_LABELS,
    OUTCOMES_FOR,
    STATE_LABELS,
    ReferralService,
)
from counsel_app.ui import messages
from counsel_app.ui.date_field import DateField
from counsel_app.ui.steps.common import error_label, scroll_page, show_error

class ReferralsPanel(QWidget):
    def __init__(self, ctx, case, parent=None):
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.service = ReferralService(ctx)
        self.items = []
        area, page = scroll_page(_("Referrals followed"), _(
            "Refer the person to a partner of the directory for a service, then record each "
            "step: sent, accepted or rejected, done, with its date and what came of it. The "
            "office in the country of return updates them after arrival; its "
            "acknowledgement brings them back here."))
        QVBoxLayout(self).addWidget(area)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("referrals_followed")
        self.table.setAccessibleName(_("Referrals followed"))
        self.table.setHorizontalHeaderLabels([
            _("Partner"), _("Service"), _("State"), _("Dates"), _("Outcome"), _("Note")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setMinimumHeight(180)
        page.addWidget(self.table)

        new = QGroupBox(_("Refer to a partner"))
        new_form = QFormLayout(new)
        partner_row = QHBoxLayout()
        self.partner_label = QLabel(_("No partner chosen yet."))
        self.partner_label.setObjectName("referral_partner")
        self.partner_label.setWordWrap(True)
        self.choose = QPushButton(_("Choose a partner…"))
        self.choose.setObjectName("choose_partner")
        partner_row.addWidget(self.partner_label, 1)
        partner_row.addWidget(self.choose)
        new_form.addRow(_("Partner"), partner_row)
        self.service_edit = QLineEdit()
        self.service_edit.setObjectName("referral_service")
        self.service_edit.setAccessibleName(_("Service"))
        new_form.addRow(_("Service"), self.service_edit)
        self.add = QPushButton(_("Add the referral"))
        self.add.setObjectName("add_referral")
        new_form.addRow(self.add)
        page.addWidget(new)

        step = QGroupBox(_("Next step of the selected referral"))
        step_form = QFormLayout(step)
        self.next_state = QComboBox()
        self.next_state.setObjectName("referral_next_state")
        self.next_state.setAccessibleName(_("Next step"))
        step_form.addRow(_("Next step"), self.next_state)
        self.on = DateField("referral_on", _("Date of the step"), required=True,
                            maximum=date.today())
        self.on.setDate(date.today())
        step_form.addRow(_("Date"), self.on)
        self.outcome = QComboBox()
        self.outcome.setObjectName("referral_outcome")
        self.outcome.setAccessibleName(_("Outcome"))
        step_form.addRow(_("Outcome"), self.outcome)
        self.note = QLineEdit()
        self.note.setObjectName("referral_note")
        self.note.setAccessibleName(_("Note"))
        step_form.addRow(_("Note"), self.note)
        self.record = QPushButton(_("Record the step"))
        self.record.setObjectName("record_referral_step")
        step_form.addRow(self.record)
        page.addWidget(step)
        self.error = error_label("referrals_error")
        page.addWidget(self.error)
        page.addStretch(1)

        self.partner = None
        self.choose.clicked.connect(self._choose)
        self.add.clicked.connect(self._add)
        self.record.clicked.connect(self._record)
        self.table.itemSelectionChanged.connect(self._selected)
        self.next_state.currentIndexChanged.connect(self._outcomes)
        self.refresh()

    # -- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self.items = self.service.list(self.case)
        except UserError as exc:
            show_error(self.error, str(exc))
            self.setEnabled(False)
            return
        current = self.table.currentRow()
        lang = interface_language()
        self.table.setRowCount(len(self.items))
        for row, r in enumerate(self.items):
            kind = _(PartnerType(r.partner_type).label) \
                if r.partner_type in PartnerType._value2member_map_ else r.partner_type
            name = r.partner_name + (f"  [{_('SAMPLE')}]" if r.partner.get("is_sample") else "")
            dates = ", ".join(
                f"{_(STATE_LABELS[s])} {show_stored_date(d, lang)}" for s, d in (
                    ("sent", r.sent_on), ("rejected" if r.state == "rejected" else "accepted",
                                          r.answered_on), ("done", r.done_on)) if d)
            for column, text in enumerate((f"{name}\n{kind}", r.service,
                                           _(STATE_LABELS[r.state]), dates,
                                           _(OUTCOME_LABELS[r.outcome]) if r.outcome else "",
                                           r.note)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if 0 <= current < len(self.items):
            self.table.selectRow(current)
        self._selected()

    def _selected(self) -> None:
        row = self.table.currentRow()
        referral = self.items[row] if 0 <= row < len(self.items) else None
        self.next_state.clear()
        for state in NEXT_STATES.get(referral.state, ()) if referral else ():
            self.next_state.addItem(_(STATE_LABELS[state]), state)
        self.record.setEnabled(self.next_state.count() > 0)
        self.note.setText(referral.note if referral else "")
        self._outcomes()

    def _outcomes(self) -> None:
        state = self.next_state.currentData()
        self.outcome.clear()
        if state == "rejected":
            self.outcome.addItem(_("— not stated —"), "")
        for key in OUTCOMES_FOR.get(state, ()):
            self.outcome.addItem(_(OUTCOME_LABELS[key]), key)
        self.outcome.setEnabled(self.outcome.count() > 0)

    # -- actions -------------------------------------------------------------------------
    def _choose(self) -> None:
        from counsel_app.ui.partner_search import PartnerSearchDialog

        dialog = PartnerSearchDialog(self.ctx, self.case.return_country or "",
                                     self.case.return_region or "", self, choosing=True)
        if dialog.exec() and dialog.chosen() is not None:
            self.set_partner(dialog.chosen())

    def set_partner(self, partner) -> None:
        self.partner = partner
        self.partner_label.setText(f"{partner.name} — {_(partner.type.label)}")
        if not self.service_edit.text().strip() and partner.services:
            self.service_edit.setText(partner.services[0])

    def _add(self) -> None:
        if self.partner is None:
            show_error(self.error, _("Choose a partner first."))
            return
        try:
            self.service.add(self.case, self.partner, self.service_edit.text())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.partner = None
        self.partner_label.setText(_("No partner chosen yet."))
        self.service_edit.clear()
        self.refresh()
        self.table.selectRow(len(self.items) - 1)

    def _record(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items) or self.next_state.currentData() is None:
            return
        if not self.on.commit():  # the field says what is wrong with the date
            show_error(self.error, "")
            self.on.edit.setFocus()
            return
        try:
            self.service.move(self.case, self.items[row], self.next_state.currentData(),
                              on=self.on.date(),
                              outcome=self.outcome.currentData() or "",
                              note=self.note.text())
        except UserError as exc:
            from counsel_app.errors import ConflictError

            if isinstance(exc, ConflictError):
                messages.warn(self, str(exc))
                self.refresh()
            else:
                show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.refresh()


def add_referrals_tab(tabs, ctx, case) -> ReferralsPanel:
    """Add the tab to the plan editor's ``tabs`` (``ui/plan_step.py``)."""
    panel = ReferralsPanel(ctx, case)
    panel.setObjectName("plan_referrals_followed")
    tabs.addTab(panel, _("Referrals followed"))
    return panel
