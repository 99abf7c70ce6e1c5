"""Tab 4, arrival: reception, contact points in the country of return, the mentor.

A part of :class:`counsel_app.ui.plan_step.PlanStep` (layout and signal wiring only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
)

from counsel_app.i18n import N_, _
from counsel_app.plan.model import ContactPoint
from counsel_app.ui.plan_tabs.base import (
    CONTACT_COLUMNS,
    _subheading,
)


class ArrivalTab:
    """Tab 4, arrival of the plan step."""

    def _build_arrival_tab(self) -> None:
        page = self._tab(_("Arrival and contacts"), _(
            "What happens on arrival, who the person can turn to in the country of return, "
            "and their mentor."))
        box = QGroupBox(_("Arrival arrangements"))
        form = QFormLayout(box)
        for key, label in (("reception", N_("Reception")),
                           ("onward_transport", N_("Onward transport")),
                           ("temporary_accommodation", N_("Temporary accommodation"))):
            edit = self._line(f"plan_arrival_{key}", _(label),
                              lambda k=key: getattr(self.plan.arrival, k),
                              lambda v, k=key: setattr(self.plan.arrival, k, v))
            form.addRow(_(label), edit)
        escort_row = QHBoxLayout()
        self.escort = QComboBox()
        self.escort.setObjectName("plan_arrival_medical_escort")
        self.escort.setAccessibleName(_("Medical escort: the decision"))
        for value, text in ((None, _("Not yet decided")),
                            (True, _("A medical escort travels with the person")),
                            (False, _("No medical escort needed"))):
            self.escort.addItem(text, value)
        self.escort.activated.connect(lambda _i: self._edit(
            lambda v: setattr(self.plan.arrival, "medical_escort", v),
            self.escort.currentData()))
        self._refreshers.append(lambda: self.escort.setCurrentIndex(
            {None: 0, True: 1, False: 2}[self.plan.arrival.medical_escort]))
        escort_details = self._line(
            "plan_arrival_medical_escort_details", _("Medical escort: details"),
            lambda: self.plan.arrival.medical_escort_details,
            lambda v: setattr(self.plan.arrival, "medical_escort_details", v))
        escort_details.setPlaceholderText(_("Details"))
        escort_row.addWidget(self.escort)
        escort_row.addWidget(escort_details, 1)
        form.addRow(_("Escort"), escort_row)
        page.addWidget(box)

        page.addWidget(_subheading(_("Contact points in the country of return")))
        self._table("contacts", CONTACT_COLUMNS, lambda: ContactPoint(""),
                    lambda: self.plan.contacts, page, _("Contact points"),
                    _("Add a contact point"), _("Remove the contact point"), min_rows=3)
        self._error("contacts", page)

        box = QGroupBox(_("Mentor"))
        form = QFormLayout(box)
        for key, label in (("name", N_("Mentor's name")), ("contact", N_("Mentor's contact"))):
            form.addRow(_(label), self._line(
                f"plan_mentor_{key}", _(label), lambda k=key: getattr(self.plan.mentor, k),
                lambda v, k=key: setattr(self.plan.mentor, k, v)))
        form.addRow(_("Note"), self._note(
            "plan_mentor_note", _("Note on the mentor"), lambda: self.plan.mentor.note,
            lambda v: setattr(self.plan.mentor, "note", v), lines=2))
        page.addWidget(box)
        page.addStretch(1)
