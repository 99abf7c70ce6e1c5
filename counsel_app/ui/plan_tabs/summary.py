"""Tab 1, summary: the plan by dimension, the types of assistance, place and expected arrival.

A part of :class:`counsel_app.ui.plan_step.PlanStep` (layout and signal wiring only)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from counsel_app.i18n import _
from counsel_app.plan.model import (
    ASSISTANCE_TYPES,
    CATEGORY_LABELS,
    DIMENSION_LABELS,
    Dimension,
)
from counsel_app.plan.editing import set_assistance
from counsel_app.ui.date_field import DateField
from counsel_app.ui.steps.common import set_text_keep_cursor
from counsel_app.ui.plan_tabs.base import (
    doc_label,
    _set_checked,
)


class SummaryTab:
    """Tab 1, summary of the plan step."""

    def _build_summary_tab(self) -> None:
        page = self._tab(_("Summary and assistance"), _(
            "Write the plan with the person, in words they understand. What they want, "
            "what is realistic where they return, and what the programme provides."))
        form = QFormLayout()
        place = self._line("plan_place", _("Place of return"),
                           lambda: self.plan.place_of_return,
                           lambda v: setattr(self.plan, "place_of_return", v))
        form.addRow(_("Place of return"), place)
        # empty while the day is not known (the calendar then opens a month ahead)
        self.arrival_date = DateField(
            "plan_arrival_date", _("Expected arrival date"), allow_unknown=True,
            plausible=lambda: date.today() + timedelta(days=30))
        form.addRow(_("Expected arrival"), self.arrival_date)
        self.arrival_date.dateChanged.connect(self._arrival_changed)
        self._refreshers.append(self._show_arrival_date)
        page.addLayout(form)

        box = QGroupBox(_("Summary of the plan"))
        box_form = QFormLayout(box)
        self.summary_edits = {}
        for dimension in Dimension:
            label = doc_label(DIMENSION_LABELS[dimension])
            edit = self._note(
                f"plan_summary_{dimension.value}", _("Summary: {dimension}").format(
                    dimension=label),
                lambda d=dimension: self.plan.summary.get(d, ""),
                lambda v, d=dimension: self._set_summary(d, v))
            self.summary_edits[dimension] = edit
            box_form.addRow(label, edit)
        page.addWidget(box)
        self._error("summary", page)

        assistance = QGroupBox(_("Types of assistance"))
        assistance.setObjectName("plan_assistance")
        outer = QVBoxLayout(assistance)
        hint = QLabel(_("Tick each type of assistance the plan includes, say whether a "
                        "referral is needed, and note the details."))
        hint.setWordWrap(True)
        outer.addWidget(hint)
        self.assistance_rows: dict[str, tuple[QCheckBox, QCheckBox, QLineEdit]] = {}
        for category, types in ASSISTANCE_TYPES.items():
            group = QGroupBox(doc_label(CATEGORY_LABELS[category]))
            group.setObjectName(f"plan_assistance_{category.value}")
            grid = QGridLayout(group)
            grid.setColumnStretch(2, 1)
            for row, (key, label) in enumerate(types.items()):
                text = doc_label(label)
                chosen = QCheckBox(text)
                chosen.setObjectName(f"plan_assist_{key}")
                chosen.setAccessibleName(text)
                referral = QCheckBox(_("Referral needed?"))
                referral.setObjectName(f"plan_assist_{key}_referral")
                referral.setAccessibleName(_("{type}: referral needed").format(type=text))
                details = QLineEdit()
                details.setObjectName(f"plan_assist_{key}_details")
                details.setAccessibleName(_("{type}: details").format(type=text))
                details.setPlaceholderText(_("Details"))
                grid.addWidget(chosen, row, 0)
                grid.addWidget(referral, row, 1)
                grid.addWidget(details, row, 2)
                chosen.toggled.connect(lambda on, k=key: self._assistance_toggled(k, on))
                referral.toggled.connect(lambda on, k=key: self._assistance_set(
                    k, "referral_needed", on))
                details.textEdited.connect(lambda v, k=key: self._assistance_set(k, "details", v))
                self.assistance_rows[key] = (chosen, referral, details)
            outer.addWidget(group)
        page.addWidget(assistance)
        self._error("assistance", page)
        self._refreshers.append(self._show_assistance)
        page.addStretch(1)

    def _show_arrival_date(self) -> None:
        self.arrival_date.setDate(self.plan.expected_arrival)

    def _show_assistance(self) -> None:
        chosen = {a.type: a for a in self.plan.assistance}
        for key, (box, referral, details) in self.assistance_rows.items():
            item = chosen.get(key)
            _set_checked(box, item is not None)
            _set_checked(referral, bool(item and item.referral_needed))
            set_text_keep_cursor(details, item.details if item else "")
            referral.setEnabled(item is not None)
            details.setEnabled(item is not None)

    def _set_summary(self, dimension: Dimension, text: str) -> None:
        if text.strip():
            self.plan.summary[dimension] = text
        else:
            self.plan.summary.pop(dimension, None)

    def _arrival_changed(self, day: date | None) -> None:
        if self._loading:
            return
        self.plan.expected_arrival = day
        self.changed()

    def _assistance_toggled(self, key: str, on: bool) -> None:
        if self._loading:
            return
        _box, referral, details = self.assistance_rows[key]
        set_assistance(self.plan, key, on, details.text(), referral.isChecked())
        referral.setEnabled(on)
        details.setEnabled(on)
        self.changed()

    def _assistance_set(self, key: str, attribute: str, value) -> None:
        if self._loading:
            return
        for item in self.plan.assistance:
            if item.type == key:
                setattr(item, attribute, value)
                self.changed()
                return
