"""Post-arrival work on a received case: arrival, survey visit, plan actions, closure, and the
change since the pre-departure baseline. A thin dialog over
:class:`counsel_app.followup.service.FollowupService`.

Opened from the Case menu ("Follow-up after arrival…", registered below) or with
:func:`open_followup`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counsel_app.documents.bidi import value_list
from counsel_app.errors import UserError
from counsel_app.followup import rss
from counsel_app.followup.service import ACTION_STATUSES, CLOSURE_REASONS, FollowupService
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.i18n.formatting import format_score
from counsel_app.session.assessment import DIMENSIONS
from counsel_app.ui.date_field import DateField
from counsel_app.ui.handover_chart import ChangeChart
from counsel_app.ui.steps.common import error_label, show_error


def _fmt(value: float | None, signed: bool = False) -> str:
    """A score (or, ``signed``, a change) as the interface language writes numbers."""
    return format_score(value, interface_language(), signed=signed)


def _date_field(name: str, accessible: str) -> DateField:
    """A day up to today, today by default, typed in the medium form or ISO."""
    field = DateField(name, accessible, required=True, maximum=date.today())
    field.setDate(date.today())
    return field


class FollowupDialog(QDialog):
    def __init__(self, ctx, reference: str, parent=None):
        super().__init__(parent)
        self.service = FollowupService(ctx)
        self.reference = reference
        self.setWindowTitle(_("Follow-up after arrival: {reference}").format(reference=reference))
        outer = QVBoxLayout(self)
        # everything but the Close button scrolls: the dialog fits a small laptop screen
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(content)
        outer.addWidget(scroll)
        self.overview = QLabel()
        self.overview.setObjectName("followup_overview")
        self.overview.setWordWrap(True)
        self.overview.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.chart = ChangeChart()
        layout.addWidget(self.overview)

        box = QGroupBox(_("Change since the pre-departure baseline"))
        QVBoxLayout(box).addWidget(self.chart)
        layout.addWidget(box)

        box = QGroupBox(_("Arrival"))
        row = QHBoxLayout(box)
        self.arrival_date = _date_field("followup_arrival_date", _("Date of arrival"))
        row.addWidget(self.arrival_date, 1)
        self.reception = QCheckBox(_("Reception done"))
        self.reception.setObjectName("followup_reception")
        row.addWidget(self.reception, 0, Qt.AlignTop)  # level with the date, above its line
        button = QPushButton(_("Record &arrival"))
        button.setObjectName("followup_record_arrival")
        button.clicked.connect(self.record_arrival)
        row.addWidget(button, 0, Qt.AlignTop)
        layout.addWidget(box)

        box = QGroupBox(_("Survey visit (1 very poor … 5 very good; – not asked)"))
        grid = QGridLayout(box)
        self.scores: dict[str, QSpinBox] = {}
        for column, (dim, label) in enumerate(DIMENSIONS.items()):
            grid.addWidget(QLabel(f"<b>{_(label)}</b>"), 0, column * 2, 1, 2)
            row_index = 1
            for ind in rss.INDICATORS:
                if ind.dimension != dim:
                    continue
                spin = QSpinBox()
                spin.setRange(0, 5)
                spin.setSpecialValueText("–")  # 0: not asked
                spin.setObjectName(f"followup_score_{ind.key}")
                spin.setAccessibleName(_(ind.label))
                text = QLabel(_(ind.label))
                text.setWordWrap(True)
                text.setBuddy(spin)
                grid.addWidget(text, row_index, column * 2)
                grid.addWidget(spin, row_index, column * 2 + 1)
                self.scores[ind.key] = spin
                row_index += 1
        self.visit_date = _date_field("followup_visit_date", _("Date of the visit"))
        grid.addWidget(self.visit_date, 6, 0)
        button = QPushButton(_("Record &visit"))
        button.setObjectName("followup_record_visit")
        button.clicked.connect(self.record_visit)
        grid.addWidget(button, 6, 1, Qt.AlignTop)
        layout.addWidget(box)

        self.actions_box = QGroupBox(_("Plan actions"))
        self.actions_form = QFormLayout(self.actions_box)
        layout.addWidget(self.actions_box)

        row = QHBoxLayout()
        self.reason = QComboBox()
        self.reason.setObjectName("followup_close_reason")
        self.reason.setAccessibleName(_("Reason for closing"))
        for key, label in CLOSURE_REASONS.items():
            self.reason.addItem(_(label), key)
        row.addWidget(self.reason)
        button = QPushButton(_("&Close the case"))
        button.setObjectName("followup_close")
        button.clicked.connect(self.close_case)
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = error_label("followup_error")
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        available = self.screen().availableGeometry() if self.screen() else None
        width = content.sizeHint().width() + 40
        height = content.sizeHint().height() + 120
        if available is not None:
            width, height = min(width, available.width() - 40), min(height,
                                                                 available.height() - 60)
        self.resize(width, height)
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        s = self.service.summary(self.reference)
        lang = interface_language()
        lines = [_("Status: {status}").format(status=_(s.status.label))]
        if s.arrival_date:
            self.arrival_date.setDate(s.arrival_date)
            self.reception.setChecked(s.reception_done)
            lines.append(_("Arrived {date}; reception {done}.").format(
                date=show_date(s.arrival_date, lang),
                done=_("done") if s.reception_done else _("not done")))
            lines.append(_("Plan to be refined by {date}{state}.").format(
                date=show_date(s.refine_by, lang),
                state=_(" (refined {date})").format(date=show_date(s.plan_refined_on, lang))
                if s.plan_refined_on else ""))
        self.chart.set_points(s.chart)
        if s.baseline is not None:
            result = s.baseline.result
            lines.append(_("Pre-departure baseline: {values}").format(values=value_list(
                [f"{_(label)} {_fmt(result.dimensions.get(d))}" for d, label in DIMENSIONS.items()]
                + [f"{_('Overall')} {_fmt(result.overall)}"], lang)))
        change = s.change_since_baseline()
        if change:
            lines.append(_("Change since the baseline: {values}").format(values=value_list(
                [f"{_(DIMENSIONS[d]) if d in DIMENSIONS else _('Overall')} "
                 f"{_fmt(v, signed=True)}" for d, v in change.items()], lang)))
        lines.append(_("Weights: {source}").format(source=_(s.weights.source)))
        self.overview.setText("\n".join(lines))
        while self.actions_form.rowCount():
            self.actions_form.removeRow(0)
        for action in s.actions:
            combo = QComboBox()
            combo.setObjectName(f"followup_action_{action.key}")
            combo.setAccessibleName(action.text)
            for key, label in ACTION_STATUSES.items():
                combo.addItem(_(label), key)
            combo.setCurrentIndex(combo.findData(action.status))
            combo.currentIndexChanged.connect(
                lambda _i, k=action.key, c=combo: self.set_action(k, c.currentData()))
            self.actions_form.addRow(action.text, combo)
        self.actions_box.setVisible(bool(s.actions))

    # -- actions -------------------------------------------------------------------------
    def _run(self, func) -> bool:
        try:
            func()
        except UserError as exc:
            show_error(self.error, str(exc))
            return False
        show_error(self.error, "")
        self.refresh()
        return True

    def _date_read(self, field: DateField) -> bool:
        """False when ``field`` does not hold a date (it says why under it)."""
        if field.commit():
            return True
        show_error(self.error, "")
        field.edit.setFocus()
        return False

    def record_arrival(self) -> None:
        if not self._date_read(self.arrival_date):
            return
        self._run(lambda: self.service.record_arrival(
            self.reference, self.arrival_date.date(), self.reception.isChecked()))

    def record_visit(self) -> None:
        if not self._date_read(self.visit_date):
            return
        scores = {k: s.value() for k, s in self.scores.items() if s.value()}
        if self._run(lambda: self.service.record_visit(self.reference, scores,
                                                       self.visit_date.date())):
            # recorded: the form is cleared, so a second click cannot record it twice
            for spin in self.scores.values():
                spin.setValue(0)

    def set_action(self, key: str, status: str) -> None:
        self._run(lambda: self.service.set_action(self.reference, key, status))

    def close_case(self) -> None:
        from counsel_app.ui import messages

        if not messages.ask(self, _("Close case {reference}?").format(reference=self.reference)):
            return
        self._run(lambda: self.service.close(self.reference, self.reason.currentData()))


def open_followup(parent, ctx, reference: str) -> None:
    FollowupDialog(ctx, reference, parent).exec()


def open_followup_from_host(host) -> None:
    """Case > Follow-up after arrival (the menu action, see counsel_app.areas)."""
    case_id = host.current_case_id()
    if case_id is None:
        return
    case = host.ctx.cases.get(case_id)
    open_followup(host.parent_widget, host.ctx, case.reference)


def import_package_dialog(parent, ctx) -> None:
    """File > Import a package: a handover (new case) or an acknowledgement."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from counsel_app.handover.package import import_package
    from counsel_app.handover.receipt import category_label, consent_lines
    from counsel_app.ui import messages

    path, _filter = QFileDialog.getOpenFileName(parent, _("Import a package"), "",
                                                _("Handover packages (*.cahp)"))
    if not path:
        return
    try:
        result = import_package(ctx, Path(path))
    except UserError as exc:
        messages.error(parent, str(exc))
        return
    if result.kind == "ack":
        messages.info(parent, _("Acknowledgement from {office} for case {reference} recorded; "
                                "status now “{status}”.").format(
            office=result.sender.name, reference=result.local_reference,
            status=_(result.status.label)))
        return
    text = "\n".join([
        _("Imported case {reference} from {office} (their reference {remote}).").format(
            reference=result.local_reference, office=result.sender.name,
            remote=result.remote_reference),
        _("Shared with this office: {items}").format(
            items=value_list((category_label(k) for k in result.shared),
                             interface_language())),
        _("Under these consents:"), *consent_lines(result.consents)])
    messages.info(parent, text)

