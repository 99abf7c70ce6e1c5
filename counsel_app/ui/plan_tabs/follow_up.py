"""Tab 5, follow-up: visits, expected well-being, community projects.

A part of :class:`counsel_app.ui.plan_step.PlanStep` (layout and signal wiring only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QSpinBox,
)

from counsel_app.i18n import N_, _
from counsel_app.plan.model import (
    CommunityProject,
    FollowUp,
)
from counsel_app.plan.editing import next_follow_up_month
from counsel_app.ui.plan_tabs.base import (
    FOLLOW_UP_COLUMNS,
    PROJECT_COLUMNS,
    _subheading,
    _set_spin,
)


class FollowUpTab:
    """Tab 5, follow-up of the plan step."""

    def _build_follow_up_tab(self) -> None:
        page = self._tab(_("Follow-up and well-being"), _(
            "When the office in the country of return checks in, how the person is doing "
            "now and how they expect to be doing, and community projects."))
        page.addWidget(_subheading(_("Follow-up schedule")))
        self._table("follow_up", FOLLOW_UP_COLUMNS, lambda: FollowUp(next_follow_up_month(self.plan)),
                    lambda: self.plan.follow_up, page, _("Follow-up visits"),
                    _("Add a follow-up"), _("Remove the follow-up"))
        self._error("follow_up", page)

        box = QGroupBox(_("Well-being"))
        box.setObjectName("plan_well_being")
        form = QFormLayout(box)
        self.scores = {}
        for key, label in (("baseline", N_("Score now (baseline)")),
                           ("expected", N_("Expected score"))):
            spin = QSpinBox()
            spin.setObjectName(f"plan_well_being_{key}")
            spin.setAccessibleName(_(label))
            spin.setRange(-1, 100)
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance(_("not scored")) + 120)
            spin.setSpecialValueText(_("not scored"))
            spin.setSuffix(_(" of 100"))
            spin.valueChanged.connect(lambda v, k=key: self._edit(
                lambda value: setattr(self.plan.well_being, k,
                                      None if value < 0 else float(value)), v))
            self._refreshers.append(lambda s=spin, k=key: _set_spin(
                s, getattr(self.plan.well_being, k)))
            self.scores[key] = spin
            form.addRow(_(label), spin)
        form.addRow(_("Note"), self._note(
            "plan_well_being_note", _("Note on well-being"), lambda: self.plan.well_being.note,
            lambda v: setattr(self.plan.well_being, "note", v), lines=2))
        page.addWidget(box)
        self._error("well_being", page)

        page.addWidget(_subheading(_("Community projects")))
        self._table("community_projects", PROJECT_COLUMNS, lambda: CommunityProject(""),
                    lambda: self.plan.community_projects, page, _("Community projects"),
                    _("Add a community project"), _("Remove the community project"),
                    min_rows=2)
        self._error("community_projects", page)
        page.addStretch(1)
