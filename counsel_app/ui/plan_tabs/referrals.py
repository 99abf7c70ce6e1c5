"""Tab 3, referrals and opportunities: from the country library's services and the opportunities step.

A part of :class:`counsel_app.ui.plan_step.PlanStep` (layout and signal wiring only)."""

from __future__ import annotations

import copy
import logging

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from counsel_app.errors import NotFound
from counsel_app.i18n import _, interface_language
from counsel_app.plan.model import (
    ChosenOpportunity,
    Referral,
)
from counsel_app.ui import messages
from counsel_app.plan.editing import (
    catalogue_id,
    opportunity_from_snapshot,
    referral_from_entry,
)
from counsel_app.ui.tasks import run_task
from counsel_app.ui.plan_tabs.base import (
    REFERRAL_COLUMNS,
    OPPORTUNITY_COLUMNS,
    _subheading,
    _library,
)
log = logging.getLogger(__name__)


class ReferralsTab:
    """Tab 3, referrals and opportunities of the plan step."""

    def _build_referrals_tab(self) -> None:
        page = self._tab(_("Referrals and opportunities"), _(
            "Who the person is referred to in the country of return, and the jobs, training "
            "or support they chose."))
        page.addWidget(_subheading(_("Referrals")))
        pick = QHBoxLayout()
        self.library_services = QComboBox()
        self.library_services.setObjectName("plan_library_services")
        self.library_services.setAccessibleName(
            _("Services in the country information of the country of return"))
        self.library_services.setSizeAdjustPolicy(
            QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.library_services.setMinimumContentsLength(30)
        self.library_add = QPushButton(_("Add this service"))
        self.library_add.setObjectName("plan_library_add")
        self.library_add.setAccessibleName(_("Add the chosen service as a referral"))
        self.library_add.clicked.connect(self._add_library_service)
        pick.addWidget(QLabel(_("From the country information:")))
        pick.addWidget(self.library_services, 1)
        pick.addWidget(self.library_add)
        page.addLayout(pick)
        self._table("referrals", REFERRAL_COLUMNS, lambda: Referral(""),
                    lambda: self.plan.referrals, page, _("Referrals"),
                    _("Type a referral"), _("Remove the referral"))
        self._error("referrals", page)
        page.addWidget(_subheading(_("Chosen opportunities")))
        note = QLabel(_("Opportunities chosen on the Opportunities step come here by "
                        "themselves. Removing one here removes it there too."))
        note.setWordWrap(True)
        page.addWidget(note)
        self._table("opportunities", OPPORTUNITY_COLUMNS, lambda: ChosenOpportunity(""),
                    lambda: self.plan.opportunities, page, _("Chosen opportunities"),
                    "", _("Remove the opportunity from the plan"), min_rows=3)
        self._error("opportunities", page)
        page.addStretch(1)

    def _fill_library_services(self) -> None:
        """Offer the services of the country library for the country of return (read on a
        worker thread: the first read loads the pack index)."""
        country = self.services.case.return_country
        lang = interface_language()
        self._library_entries = []
        self.library_services.clear()
        self.library_services.addItem(_("Looking up services…") if country else
                                      _("Choose the country of return at the intake first"))
        self.library_services.setEnabled(False)
        self.library_add.setEnabled(False)
        if not country:
            return

        def compute():
            entries = [e for e in _library().get_country(country).section("services")
                       if e.item.organisation]
            return [(referral_from_entry(e, lang), e.pack.sample) for e in entries]

        def failed(exc) -> None:  # the editor works without the library
            log.warning("country library not available for %s: %s", country, exc)
            self._show_library_services([])

        run_task(self, compute, self._show_library_services, failed)

    def _show_library_services(self, found: list) -> None:
        self.library_services.clear()
        self._library_entries = []
        for referral, sample in found:
            label = referral.organisation
            if referral.service and referral.service != label:
                label = f"{label} — {referral.service}"
            if sample:
                label = _("{name} (SAMPLE)").format(name=label)
            self.library_services.addItem(label)
            self._library_entries.append(referral)
        has = bool(self._library_entries)
        if not has:
            self.library_services.addItem(
                _("No services in the country information for this country"))
        self.library_services.setEnabled(has)
        self.library_add.setEnabled(has)

    def _add_library_service(self) -> None:
        row = self.library_services.currentIndex()
        if not 0 <= row < len(self._library_entries):
            return
        referral = copy.copy(self._library_entries[row])
        model = self.models["referrals"]
        if any(r.organisation == referral.organisation and r.service == referral.service
               for r in model.rows):
            self.state.setText(_("That service is already in the referrals."))
            return
        index = model.add_row(referral)
        self.views["referrals"].setCurrentIndex(index)

    def _take_chosen_opportunities(self) -> None:
        from counsel_app.opportunities.service import OpportunityService

        try:
            chosen = OpportunityService(self.ctx).plan_data(
                self.services.case, interface_language())["chosen_opportunities"]
        except Exception:  # noqa: BLE001 - the plan can be edited without the catalogue
            log.exception("chosen opportunities not available")
            return
        model = self.models["opportunities"]
        added = False
        for snap in chosen:
            item = opportunity_from_snapshot(snap)
            if item is None or any(o.source_id == item.source_id
                                   for o in self.plan.opportunities):
                continue
            model.beginResetModel()
            added = self.service.add_opportunity(self.plan, item) or added
            model.endResetModel()
        if added:
            self.changed()

    def _forget_opportunity(self, opportunity: ChosenOpportunity) -> None:
        number = catalogue_id(opportunity)
        if number is None:
            return
        try:
            from counsel_app.opportunities.service import OpportunityService

            OpportunityService(self.ctx).remove_from_plan(self.services.case, number)
        except NotFound:
            pass
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc)
