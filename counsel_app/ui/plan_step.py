"""Session step 8, the reintegration plan: the editor (IOM's template, Reintegration Handbook
Annex 3) and printing (language, bilingual, easy-read, preview, print, save as PDF).

A view over the Qt-free editor model :class:`counsel_app.plan.editor.PlanEditor`, which
holds the plan and decides readiness, the ceiling, saving and conflicts; each tab is a
module of :mod:`counsel_app.ui.plan_tabs` (layout and wiring only). The plan is plain data
(:class:`~counsel_app.plan.model.ReintegrationPlan`) that every edit changes at once; the
step saves it after a short pause (the session's autosave delay, under a second), when the
step is left and when the case closes (:meth:`PlanStep.flush`). Problems the plan's own
validation finds are shown beside the field they name and stop the save until fixed, except a
budget over the programme ceiling: that is saved (nothing typed is lost) and stays in red. A
plan someone else saved meanwhile is offered as keep mine / take theirs. *Mark plan ready…*
moves the case to *plan ready* (with a confirmation) through
:meth:`PlanService.mark_ready`; it is disabled, saying why, while the case is not consented,
the plan has problems or is over the ceiling.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, interface_language
from counsel_app.plan.editor import PlanEditor, SaveOutcome
from counsel_app.plan.service import PlanService, PrintOptions
from counsel_app.plan.store import PlanConflict
from counsel_app.ui import messages
from counsel_app.plan.editing import locate_problems
from counsel_app.ui.message_label import MessageLabel
from counsel_app.ui.plan_models import RowsModel
from counsel_app.ui.plan_print import PrintPanel, PrintRequest
from counsel_app.ui.plan_tabs.arrival import ArrivalTab
from counsel_app.ui.plan_tabs.base import (  # noqa: F401 (the columns: tests read them here)
    ACTION_COLUMNS,
    BUDGET_COLUMNS,
    GOAL_COLUMNS,
    PlanTabBase,
)
from counsel_app.ui.plan_tabs.budget import BudgetTab
from counsel_app.ui.plan_tabs.follow_up import FollowUpTab
from counsel_app.ui.plan_tabs.goals import GoalsTab
from counsel_app.ui.plan_tabs.referrals import ReferralsTab
from counsel_app.ui.plan_tabs.summary import SummaryTab
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import heading_label, set_text_keep_cursor
from counsel_app.ui.session_wizard import AUTOSAVE_MS  # the session's autosave pause (≤ 1 s)
from counsel_app.ui import theme

log = logging.getLogger(__name__)


#: how each state of the budget and of readiness looks (the editor model decides the state)
def budget_style(state: str) -> str:
    return {"none": "color: palette(text);", "over": theme.style("error_box"),
            "within": theme.style("ok")}[state]


def ready_style(state: str) -> str:
    return {"ready_with_problems": theme.style("error_bold"), "ready": theme.style("ok"),
            "elsewhere": "", "blocked": theme.style("error_muted"),
            "possible": theme.style("ok")}[state]


def print_options(prefs) -> PrintOptions:
    """This station's logo file; the organisation's name and address are the centre's
    settings, which the plan service prints."""
    if prefs is None:
        return PrintOptions()
    return PrintOptions(logo=prefs["organisation_logo"] or None)


class PlanStep(SummaryTab, BudgetTab, ReferralsTab, ArrivalTab, FollowUpTab, GoalsTab,
               PlanTabBase, SessionStep):
    """The plan editor and its print tab."""

    def __init__(self, services, parent=None, *, delay_ms: int = AUTOSAVE_MS):
        super().__init__(services, parent)
        self.ctx = services.ctx
        self.service = PlanService(self.ctx, print_options(services.prefs))
        #: the plan and every decision about it (readiness, ceiling, saving, conflicts)
        self.editor = PlanEditor(self.ctx, lambda: services.case, self.service)
        self._loading = False
        self._refreshers: list = []
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self._autosave)
        self._warned_unsaved = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(heading_label(_("Reintegration plan")))
        if services.case.is_sample:
            badge = QLabel(_("SAMPLE"))
            badge.setObjectName("plan_sample_badge")
            badge.setAccessibleName(_("Sample plan: fictional, for training"))
            badge.setStyleSheet(theme.style("sample_badge") + ""
                                "padding: 2px 8px; border-radius: 4px;")
            top.addWidget(badge)
        top.addStretch(1)
        # the save state, the readiness and the ceiling (budget tab) say what is wrong: they
        # read in the interface's direction, whatever their sentence begins with
        self.state = MessageLabel()
        self.state.setObjectName("plan_save_state")
        self.state.setAccessibleName(_("Plan save state"))
        top.addWidget(self.state)
        outer.addLayout(top)
        ready_row = QHBoxLayout()
        self.ready_state = MessageLabel()
        self.ready_state.setObjectName("plan_ready_state")
        self.ready_state.setWordWrap(True)
        self.ready_state.setTextInteractionFlags(Qt.TextSelectableByMouse)
        ready_row.addWidget(self.ready_state, 1)
        self.ready_button = QPushButton(_("Mark plan ready…"))
        self.ready_button.setObjectName("plan_mark_ready")
        self.ready_button.setAccessibleName(_("Mark plan ready"))
        self.ready_button.clicked.connect(self._mark_ready)
        ready_row.addWidget(self.ready_button, 0, Qt.AlignTop)
        outer.addLayout(ready_row)
        self.error_labels: dict[str, QLabel] = {}
        self._error("plan", outer)  # problems that name no part of the plan

        self.tabs = QTabWidget()
        self.tabs.setObjectName("plan_tabs")
        self.tabs.setAccessibleName(_("Parts of the plan"))
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)
        self._tab_titles: list[str] = []
        self.models: dict[str, RowsModel] = {}
        self.views: dict[str, QTableView] = {}

        self._build_summary_tab()
        self._build_budget_tab()
        self._build_referrals_tab()
        self._build_arrival_tab()
        self._build_follow_up_tab()
        self._build_goals_tab()
        self._build_print_tab()
        from counsel_app.ui.referrals_tab import add_referrals_tab  # partners area

        self.referrals_followed = add_referrals_tab(self.tabs, services.ctx, services.case)
        self._check_other_rules()
        self.reload()

    # -- the editor model's state, as the screen reads it ------------------------------------
    @property
    def plan(self):
        return self.editor.plan

    @property
    def problems(self) -> list[ValidationError]:
        return self.editor.problems

    @property
    def save_problems(self) -> list[ValidationError]:
        """The problems that stop a save (over the ceiling is only a warning)."""
        return self.editor.save_problems

    @property
    def _dirty(self) -> bool:
        return self.editor.dirty

    # -- the tabs ---------------------------------------------------------------------------
    def _build_print_tab(self) -> None:
        prefs = self.services.prefs
        preferred = tuple(prefs["plan_languages"]) if prefs is not None else ()
        person = self.services.case.person
        default = person.preferred_language or next(iter(person.languages), "")
        self.printing = PrintPanel(self._render, self._prepare_print,
                                   self.services.case.reference,
                                   is_sample=self.services.case.is_sample,
                                   preferred=preferred, default_lang=default,
                                   edit_texts=self._edit_returnee_texts)
        self.printing.setObjectName("plan_print_panel")
        self.tabs.addTab(self.printing, _("Print"))
        self._tab_titles.append(_("Print"))
        self.tabs.currentChanged.connect(self._tab_changed)

    def _edit_returnee_texts(self, lang: str) -> None:
        from counsel_app.ui.plan_returnee_texts import edit_returnee_texts

        if edit_returnee_texts(self.plan, lang, self):
            self.changed()

    # -- showing the plan -------------------------------------------------------------------
    def reload(self) -> None:
        """Show ``self.plan`` again (after take theirs, or on first show)."""
        self._loading = True
        try:
            for refresh in self._refreshers:
                refresh()
            for key, model in self.models.items():
                if key == "actions":
                    continue
                model.set_rows(getattr(self.plan, key))
            if self.plan.goals:
                self.views["goals"].setCurrentIndex(self.models["goals"].index(0, 0))
            self._goal_selected()
        finally:
            self._loading = False
        self._after_change(saved=True)

    def entered(self) -> None:
        """Each visit: the country of return may have changed at the intake, and
        opportunities may have been chosen on their step."""
        currency = self.editor.fill_currency()
        if currency:
            set_text_keep_cursor(self.currency, currency)
            self._after_change(saved=not self._dirty)
        self._fill_library_services()
        self._take_chosen_opportunities()
        self._check_other_rules()
        self._show_readiness()  # the consent step may have moved the case meanwhile

    # -- edits ------------------------------------------------------------------------------
    def changed(self) -> None:
        """An edit: check the plan now, save after a short pause."""
        self.editor.edited()
        self._warned_unsaved = False
        self.printing.invalidate()
        self._after_change(saved=False)
        self.timer.start()

    def _table_edited(self) -> None:
        if not self._loading:
            self._show_actions_title()
            self.changed()

    def _show_table_message(self, key: str, text: str) -> None:
        label = self.error_labels.get("goals" if key == "actions" else key)
        if label is not None:
            label.setText(text)
            label.setVisible(True)

    # -- checking and saving ----------------------------------------------------------------
    def _after_change(self, saved: bool) -> None:
        self.summary_changed.emit()  # the step list's "n goals" follows every edit
        self.editor.check()
        self._show_budget()
        self._show_problems()
        self._show_readiness()
        kind, text = self.editor.save_state(saved, interface_language())
        self.state.setText(text)
        self.state.setStyleSheet(theme.style("error" if kind == "problems" else "plain"))

    def _show_budget(self) -> None:
        budget = self.editor.budget(interface_language())
        self.total.setText(budget.total)
        self.total.setAccessibleName(budget.total)
        self.ceiling.setText(budget.message)
        self.ceiling.setAccessibleName(budget.message)
        self.ceiling.setStyleSheet(budget_style(budget.state))
        self.ceiling_over = budget.over

    def _show_problems(self) -> None:
        goal_row = self.views["goals"].currentIndex().row() if "goals" in self.views else -1
        found = locate_problems(self.problems, goal_row)
        for key, model in self.models.items():
            model.set_errors(found.cells.get(key, {}))
        for key, label in self.error_labels.items():
            lines = found.by_section.get(key, [])
            label.setText("\n".join(lines))
            label.setVisible(bool(lines))
        for index, title in enumerate(self._tab_titles):
            self.tabs.setTabText(index, f"⚠ {title}" if index in found.tabs else title)

    def _autosave(self) -> bool:
        """Save now if anything changed and the plan is valid; False if it stays unsaved."""
        self.timer.stop()
        if not self._dirty:
            return True
        self._after_change(saved=False)
        if self.save_problems:
            return False
        self._save(overwrite=False)
        return not self._dirty

    def flush(self) -> None:
        """The wizard leaves the step or closes the case: save now, and say so plainly when
        the plan cannot be saved yet (once, until it changes again)."""
        self._autosave()
        warning = self.editor.unsaved_warning()
        if warning and not self._warned_unsaved:
            self._warned_unsaved = True
            messages.warn(self, warning)

    def _save(self, overwrite: bool) -> None:
        self._saved(self.editor.save(overwrite=overwrite))

    def _saved(self, outcome: SaveOutcome) -> None:
        """Show what a save did (a conflict asks keep mine / take theirs)."""
        if outcome.kind == "conflict":
            self._resolve(outcome.conflict)
        elif outcome.kind == "invalid":
            self._after_change(saved=False)
        elif outcome.kind == "error":
            self.state.setText(outcome.message)
        else:
            self._after_change(saved=True)
            self.services.extras["plan_version"] = self.plan.version

    def _resolve(self, conflict: PlanConflict) -> None:
        choice = messages.choose(
            self, str(conflict), [("mine", _("Keep mine")), ("theirs", _("Take theirs"))],
            title=_("Changed elsewhere"))
        if choice == "mine":
            self._saved(self.editor.keep_mine(conflict))
        elif choice == "theirs":
            self.editor.take_theirs(conflict)
            self.reload()
            self.printing.invalidate()
        else:
            self.state.setText(_("Not saved: the plan was changed elsewhere."))

    # -- plan ready -------------------------------------------------------------------------
    def ready_reasons(self) -> list[str]:
        """Why the plan cannot be marked ready now, from what the screen holds (the
        service checks the stored plan again when the button is pressed)."""
        return self.editor.ready_reasons()

    def _check_other_rules(self) -> None:
        self.editor.check_other_rules()

    def _show_readiness(self) -> None:
        readiness = self.editor.readiness()
        text = readiness.text
        self.ready_state.setText(text)
        self.ready_state.setAccessibleName(text)
        self.ready_state.setStyleSheet(ready_style(readiness.state))
        self.ready_button.setEnabled(readiness.enabled)
        self.ready_button.setToolTip(text)
        self.ready_button.setAccessibleDescription(text)

    def _mark_ready(self) -> None:
        """Save pending edits, confirm, then move the case to *plan ready* through the
        service (which checks the stored plan, the ceiling and the consents again)."""
        self._autosave()
        refusal = self.editor.mark_ready_refusal(self.state.text())
        if refusal:
            self._show_readiness()
            messages.warn(self, refusal)
            return
        choice = messages.choose(
            self, self.editor.ready_question(),
            [("ready", _("Mark plan ready")), ("cancel", _("Cancel"))],
            title=_("Mark plan ready"))
        if choice != "ready":
            return
        try:
            case = self.editor.mark_ready()
        except UserError as exc:
            messages.warn(self, str(exc))
            self._show_readiness()
            return
        self.services.holder.case = case  # the stored case (new status and version)
        refresh = self.services.extras.get("case_replaced")
        if refresh is not None:
            refresh()  # the wizard's header and step list
        self._show_readiness()
        self.state.setText(_("The case is now “{status}”.").format(
            status=_(case.status.label)))

    # -- printing ---------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.printing:
            self._autosave()

    def _prepare_print(self) -> str:
        """Save pending edits; say why the plan cannot be printed yet, or ""."""
        self._autosave()
        refusal = self.editor.print_refusal()
        if not refusal:
            self._print_snapshot = copy.deepcopy(self.plan)
        return refusal

    def _render(self, request: PrintRequest) -> bytes:
        """Runs on a worker thread: only plain data and the service."""
        plan = self._print_snapshot
        return self.service.render_pdf(plan.reference, request.lang, request.bilingual,
                                       easy_read=request.easy_read, layout=request.layout,
                                       plan=plan)

    def summary(self) -> str:
        return self.editor.summary(interface_language())
