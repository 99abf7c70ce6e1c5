"""Session step 8, the reintegration plan: the editor (IOM's template, Reintegration Handbook
Annex 3) and printing (language, bilingual, easy-read, preview, print, save as PDF).

A thin widget over :class:`counsel_app.plan.service.PlanService`: the plan is plain data
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
from datetime import date, datetime

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QRegularExpressionValidator
from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import NotFound, UserError, ValidationError
from counsel_app.i18n import N_, _, document_translator, interface_language, ngettext
from counsel_app.i18n.formatting import format_decimal, format_money, format_time
from counsel_app.plan.model import (
    ASSISTANCE_TYPES,
    CATEGORY_LABELS,
    DIMENSION_LABELS,
    Action,
    BudgetLine,
    ChosenOpportunity,
    CommunityProject,
    ContactPoint,
    Dimension,
    FollowUp,
    GrantCeiling,
    Goal,
    Referral,
    save_blockers,
)
from counsel_app.plan.service import PlanService, PrintOptions, ready_reasons
from counsel_app.plan.store import PlanConflict
from counsel_app.ui import messages
from counsel_app.ui.plan_controller import (
    catalogue_id,
    currency_of,
    locate_problems,
    next_follow_up_month,
    opportunity_from_snapshot,
    referral_from_entry,
    set_assistance,
)
from counsel_app.ui.plan_models import (
    BOOL,
    CHOICE,
    DATE,
    INT,
    MONEY,
    TEXT,
    ChoiceDelegate,
    Column,
    RowsModel,
)
from counsel_app.ui.plan_print import PrintPanel, PrintRequest
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import (
    error_label,
    heading_label,
    note_edit,
    scroll_page,
    set_text_keep_cursor,
)
from counsel_app.ui.tasks import run_task

log = logging.getLogger(__name__)

try:  # the session's autosave pause (≤ 1 s)
    from counsel_app.ui.session_wizard import AUTOSAVE_MS
except ImportError:  # pragma: no cover
    AUTOSAVE_MS = 600



def doc_label(text: str) -> str:
    """A label of the plan template (documents catalog) in the interface language."""
    return document_translator(interface_language()).gettext(text)


# -- the tables ----------------------------------------------------------------------------------

BUDGET_COLUMNS = [
    Column("item", N_("Item, equipment or service")),
    Column("quantity", N_("Quantity"), INT, minimum=1),
    Column("estimated_cost", N_("Estimated cost (each)"), MONEY),
    Column("total", N_("Line total"), MONEY, editable=False, compute=lambda line: line.total),
]
REFERRAL_COLUMNS = [
    Column("organisation", N_("Organisation")),
    Column("service", N_("What it provides")),
    Column("contact", N_("Contact")),
]
OPPORTUNITY_COLUMNS = [
    Column("title", N_("Opportunity"), editable=False),
    Column("provider", N_("Provider"), editable=False),
    Column("kind", N_("Kind"), CHOICE, editable=False,
           choices=(("job", N_("Job")), ("training", N_("Training")),
                    ("business_support", N_("Business support")),
                    ("education", N_("Education")), ("other", N_("Other")))),
    Column("place", N_("Place"), editable=False),
    Column("sample", N_("Sample"), editable=False,
           compute=lambda o: _("SAMPLE") if o.is_sample else ""),
]
CONTACT_COLUMNS = [
    Column("name", N_("Name")),
    Column("role", N_("Role")),
    Column("organisation", N_("Organisation")),
    Column("phone", N_("Phone")),
    Column("address", N_("Address")),
]
FOLLOW_UP_COLUMNS = [
    Column("months_after_arrival", N_("Months after arrival"), INT, minimum=0),
    Column("due_on", N_("Date"), DATE),
    Column("note", N_("What is checked")),
]
PROJECT_COLUMNS = [
    Column("title", N_("Community project")),
    Column("description", N_("Description")),
    Column("partners", N_("Partners")),
]
GOAL_COLUMNS = [
    Column("goal", N_("Goal")),
    Column("dimension", N_("Dimension"), CHOICE,
           choices=(("", N_("— none —")), ("economic", N_("Economic")),
                    ("social", N_("Social")), ("psychosocial", N_("Psychosocial"))),
           store=lambda key: Dimension(key) if key else None),
]
ACTION_COLUMNS = [
    Column("who", N_("Who")),
    Column("what", N_("Does what")),
    Column("by_when", N_("By when"), DATE),
    Column("done", N_("Done"), BOOL),
]


def print_options(prefs) -> PrintOptions:
    if prefs is None:
        return PrintOptions()
    logo = prefs["organisation_logo"] or None
    return PrintOptions(organisation=prefs["organisation_name"], logo=logo)


class PlanStep(SessionStep):
    """The plan editor and its print tab."""

    def __init__(self, services, parent=None, *, delay_ms: int = AUTOSAVE_MS):
        super().__init__(services, parent)
        self.ctx = services.ctx
        self.service = PlanService(self.ctx, print_options(services.prefs))
        self.plan = self.service.get(services.case.reference)
        if not self.plan.currency and not self.plan.budget:
            self.plan.currency = currency_of(services.case.return_country)
        self._ceilings = self._load_ceilings()
        self._dirty = False
        self._loading = False
        self._refreshers: list = []
        self.problems: list[ValidationError] = []
        self._other_reasons: list[str] = []
        #: the problems that stop a save (over the ceiling is only a warning)
        self.save_problems: list[ValidationError] = []
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
            badge.setStyleSheet("background: #ffd54f; color: #3e2723; font-weight: bold;"
                                "padding: 2px 8px; border-radius: 4px;")
            top.addWidget(badge)
        top.addStretch(1)
        self.state = QLabel()
        self.state.setObjectName("plan_save_state")
        self.state.setAccessibleName(_("Plan save state"))
        top.addWidget(self.state)
        outer.addLayout(top)
        ready_row = QHBoxLayout()
        self.ready_state = QLabel()
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

    # -- building blocks --------------------------------------------------------------------
    def _tab(self, title: str, intro: str = ""):
        area, page = scroll_page(title, intro)
        self.tabs.addTab(area, title)
        self._tab_titles.append(title)
        return page

    def _error(self, key: str, page) -> QLabel:
        label = error_label(f"plan_error_{key}")
        self.error_labels[key] = label
        page.addWidget(label)
        return label

    def _line(self, name: str, accessible: str, get, put) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setClearButtonEnabled(True)
        edit.textEdited.connect(lambda text: self._edit(put, text))
        self._refreshers.append(lambda: set_text_keep_cursor(edit, get()))
        return edit

    def _note(self, name: str, accessible: str, get, put, lines: int = 3):
        edit = note_edit(name, accessible, lines=lines)
        edit.textChanged.connect(lambda: self._edit(put, edit.toPlainText()))
        self._refreshers.append(lambda: set_text_keep_cursor(edit, get()))
        return edit

    def _edit(self, put, value) -> None:
        if self._loading:
            return
        put(value)
        self.changed()

    def _table(self, key: str, columns: list[Column], factory, rows_get, page,
               accessible: str, add_text: str, remove_text: str,
               min_rows: int = 4) -> tuple[RowsModel, QTableView, QHBoxLayout]:
        model = RowsModel(columns, factory, rows_get(), self)
        model.edited.connect(self._table_edited)
        model.invalid.connect(lambda text, k=key: self._show_table_message(k, text))
        view = QTableView()
        view.setObjectName(f"plan_{key}_table")
        view.setAccessibleName(accessible)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed
                             | QAbstractItemView.SelectedClicked)
        view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        header = view.horizontalHeader()
        text_width = 240 if sum(c.kind == TEXT for c in columns) <= 3 else 170
        for number, column in enumerate(columns):
            if column.kind == CHOICE and column.editable:
                view.setItemDelegateForColumn(number, ChoiceDelegate(column, view))
            if column.kind in (INT, BOOL, DATE, MONEY, CHOICE):
                header.setSectionResizeMode(number, QHeaderView.ResizeToContents)
            else:
                header.setSectionResizeMode(number, QHeaderView.Interactive)
                view.setColumnWidth(number, text_width)
        texts = [i for i, c in enumerate(columns) if c.kind == TEXT and c.compute is None]
        header.setStretchLastSection(False)
        header.setSectionResizeMode(texts[-1] if texts else len(columns) - 1,
                                    QHeaderView.Stretch)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * (min_rows + 1) + 6)
        page.addWidget(view)
        buttons = QHBoxLayout()
        if add_text:
            add = QPushButton(add_text)
            add.setObjectName(f"plan_{key}_add")
            add.setAccessibleName(add_text)
            add.clicked.connect(lambda: self._add_row(model, view))
            buttons.addWidget(add)
        remove = QPushButton(remove_text)
        remove.setObjectName(f"plan_{key}_remove")
        remove.setAccessibleName(remove_text)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        page.addLayout(buttons)
        remove.clicked.connect(lambda: self._remove_row(key, model, view))
        delete = QAction(remove_text, view)  # right-click menu; the Delete key below
        delete.triggered.connect(lambda: self._remove_row(key, model, view))
        view.addAction(delete)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        view.installEventFilter(_DeleteKey(view, lambda: self._remove_row(key, model, view)))
        self.models[key] = model
        self.views[key] = view
        return model, view, buttons

    def _add_row(self, model: RowsModel, view: QTableView) -> None:
        index = model.add_row()
        view.setCurrentIndex(index)
        view.setFocus(Qt.OtherFocusReason)
        view.edit(index)

    def _remove_row(self, key: str, model: RowsModel, view: QTableView) -> None:
        row = view.currentIndex().row()
        if row < 0:
            return
        if key == "opportunities":
            self._forget_opportunity(model.rows[row])
        model.remove_row(row)
        if key == "goals":
            self._goal_selected()

    # -- the tabs ---------------------------------------------------------------------------
    def _build_summary_tab(self) -> None:
        page = self._tab(_("Summary and assistance"), _(
            "Write the plan with the person, in words they understand. What they want, "
            "what is realistic where they return, and what the programme provides."))
        form = QFormLayout()
        place = self._line("plan_place", _("Place of return"),
                           lambda: self.plan.place_of_return,
                           lambda v: setattr(self.plan, "place_of_return", v))
        form.addRow(_("Place of return"), place)
        arrival_row = QHBoxLayout()
        self.arrival_known = QCheckBox(_("Known"))
        self.arrival_known.setObjectName("plan_arrival_known")
        self.arrival_known.setAccessibleName(_("The expected arrival date is known"))
        self.arrival_date = QDateEdit()
        self.arrival_date.setObjectName("plan_arrival_date")
        self.arrival_date.setAccessibleName(_("Expected arrival date"))
        self.arrival_date.setCalendarPopup(True)
        self.arrival_date.setDate(QDate.currentDate().addMonths(1))
        arrival_row.addWidget(self.arrival_known)
        arrival_row.addWidget(self.arrival_date)
        arrival_row.addStretch(1)
        form.addRow(_("Expected arrival"), arrival_row)
        self.arrival_known.toggled.connect(lambda _on: self._arrival_changed())
        self.arrival_date.dateChanged.connect(lambda _d: self._arrival_changed())
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

    def _build_budget_tab(self) -> None:
        page = self._tab(_("Grant budget"), _(
            "Goods, equipment and services bought with the reintegration grant, in the "
            "currency of the country of return."))
        form = QFormLayout()
        self.currency = QLineEdit()
        self.currency.setObjectName("plan_currency")
        self.currency.setAccessibleName(_("Currency of the country of return"))
        self.currency.setMaxLength(3)
        self.currency.setMaximumWidth(self.currency.fontMetrics().horizontalAdvance("WWWW") + 24)
        self.currency.setValidator(QRegularExpressionValidator(
            QRegularExpression("[A-Za-z]{0,3}"), self.currency))
        self.currency.textEdited.connect(self._currency_edited)
        self._refreshers.append(lambda: set_text_keep_cursor(self.currency, self.plan.currency))
        form.addRow(_("Currency"), self.currency)
        page.addLayout(form)
        self._table("budget", BUDGET_COLUMNS, lambda: BudgetLine(""),
                    lambda: self.plan.budget, page, _("Grant budget lines"),
                    _("Add a budget line"), _("Remove the budget line"), min_rows=6)
        self.total = QLabel()
        self.total.setObjectName("plan_budget_total")
        font = self.total.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.total.setFont(font)
        page.addWidget(self.total)
        self.ceiling = QLabel()
        self.ceiling.setObjectName("plan_budget_ceiling")
        self.ceiling.setWordWrap(True)
        page.addWidget(self.ceiling)
        self._error("budget", page)
        page.addStretch(1)

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

    def _build_goals_tab(self) -> None:
        page = self._tab(_("Goals and actions"), _(
            "Each goal with the actions that lead to it: who does what, by when."))
        model, view, _buttons = self._table(
            "goals", GOAL_COLUMNS, lambda: Goal(""), lambda: self.plan.goals, page,
            _("Goals"), _("Add a goal"), _("Remove the goal"), min_rows=3)
        view.selectionModel().currentRowChanged.connect(lambda *_a: self._goal_selected())
        model.modelReset.connect(self._goal_selected)
        self.actions_title = _subheading("")
        page.addWidget(self.actions_title)
        self._table("actions", ACTION_COLUMNS, lambda: Action("", ""), lambda: [], page,
                    _("Actions of the chosen goal"), _("Add an action"),
                    _("Remove the action"), min_rows=4)
        self._error("goals", page)
        page.addStretch(1)

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

    def _show_arrival_date(self) -> None:
        known = self.plan.expected_arrival is not None
        self.arrival_known.setChecked(known)
        self.arrival_date.setEnabled(known)
        if known:
            day = self.plan.expected_arrival
            self.arrival_date.setDate(QDate(day.year, day.month, day.day))

    def _show_assistance(self) -> None:
        chosen = {a.type: a for a in self.plan.assistance}
        for key, (box, referral, details) in self.assistance_rows.items():
            item = chosen.get(key)
            _set_checked(box, item is not None)
            _set_checked(referral, bool(item and item.referral_needed))
            set_text_keep_cursor(details, item.details if item else "")
            referral.setEnabled(item is not None)
            details.setEnabled(item is not None)

    def entered(self) -> None:
        """Each visit: the country of return may have changed at the intake, and
        opportunities may have been chosen on their step."""
        if not self.plan.budget and not self.plan.currency:
            currency = currency_of(self.services.case.return_country)
            if currency:
                self.plan.currency = currency
                set_text_keep_cursor(self.currency, currency)
                self._after_change(saved=not self._dirty)
        self._fill_library_services()
        self._take_chosen_opportunities()
        self._check_other_rules()
        self._show_readiness()  # the consent step may have moved the case meanwhile

    # -- edits ------------------------------------------------------------------------------
    def changed(self) -> None:
        """An edit: check the plan now, save after a short pause."""
        self._dirty = True
        self._warned_unsaved = False
        self.printing.invalidate()
        self._after_change(saved=False)
        self.timer.start()

    def _table_edited(self) -> None:
        if not self._loading:
            self._show_actions_title()
            self.changed()

    def _show_actions_title(self) -> None:
        goals = self.models["goals"]
        row = self.views["goals"].currentIndex().row()
        if 0 <= row < len(goals.rows):
            self.actions_title.setText(_("Actions for the goal “{goal}”").format(
                goal=goals.rows[row].goal or _("(not written yet)")))
        else:
            self.actions_title.setText(_("Actions (choose a goal above)"))

    def _set_summary(self, dimension: Dimension, text: str) -> None:
        if text.strip():
            self.plan.summary[dimension] = text
        else:
            self.plan.summary.pop(dimension, None)

    def _arrival_changed(self) -> None:
        if self._loading:
            return
        self.arrival_date.setEnabled(self.arrival_known.isChecked())
        if self.arrival_known.isChecked():
            d = self.arrival_date.date()
            self.plan.expected_arrival = date(d.year(), d.month(), d.day())
        else:
            self.plan.expected_arrival = None
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

    def _currency_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.currency.cursorPosition()
            self.currency.setText(upper)
            self.currency.setCursorPosition(position)
        self._edit(lambda v: setattr(self.plan, "currency", v), upper)

    def _goal_selected(self) -> None:
        goals = self.models["goals"]
        row = self.views["goals"].currentIndex().row()
        actions = self.models["actions"]
        enabled = 0 <= row < len(goals.rows)
        actions.set_rows(goals.rows[row].actions if enabled else [])
        self._show_actions_title()
        self.views["actions"].setEnabled(enabled)
        self.findChild(QPushButton, "plan_actions_add").setEnabled(enabled)
        self._show_problems()

    def _show_table_message(self, key: str, text: str) -> None:
        label = self.error_labels.get("goals" if key == "actions" else key)
        if label is not None:
            label.setText(text)
            label.setVisible(True)

    # -- checking and saving ----------------------------------------------------------------
    def _load_ceilings(self) -> dict:
        try:
            return self.service.ceilings()
        except UserError:
            return {}

    def _ceiling(self) -> GrantCeiling | None:
        currency = (self.plan.currency or "").upper()
        amount = self._ceilings.get(currency)
        return GrantCeiling(amount, currency) if amount is not None else None

    def _after_change(self, saved: bool) -> None:
        self.summary_changed.emit()  # the step list's "n goals" follows every edit
        self.problems = self.plan.validate(self._ceiling())
        self.save_problems = save_blockers(self.problems)
        self._show_budget()
        self._show_problems()
        self._show_readiness()
        if self.save_problems:
            self.state.setText(_("Not saved yet: fix what is marked in red."))
            self.state.setStyleSheet("color: #b00020;")
        elif saved and not self._dirty:
            at = format_time(datetime.now(), interface_language(), format="medium")
            self.state.setText(_("Plan saved at {time}").format(time=at)
                               if self.plan.version else "")
            self.state.setStyleSheet("")
        else:
            self.state.setText(_("Saving…"))
            self.state.setStyleSheet("")

    def _show_budget(self) -> None:
        check = self.plan.check_budget(self._ceiling())
        currency = (self.plan.currency or "").upper()
        lang = interface_language()
        total = _money(check.total, currency, lang)
        self.total.setText(_("Total: {total}").format(total=total))
        self.total.setAccessibleName(self.total.text())
        if check.ceiling is None:
            text = _("No grant ceiling is set for {currency}. An administrator sets it in "
                     "the settings.").format(currency=currency or "—")
            style = "color: palette(text);"
        elif check.over:
            text = _("Over the ceiling: the total is {over} more than the programme's ceiling "
                     "of {ceiling}. Remove or reduce budget lines.").format(
                over=_money(-check.remaining, currency, lang),
                ceiling=_money(check.ceiling.amount, currency, lang))
            style = ("background: #fde0e0; color: #8b0000; font-weight: bold; padding: 6px;"
                     "border: 1px solid #b00020; border-radius: 4px;")
        else:
            text = _("Within the ceiling of {ceiling}: {remaining} left.").format(
                ceiling=_money(check.ceiling.amount, currency, lang),
                remaining=_money(check.remaining, currency, lang))
            style = "color: #1b5e20;"
        self.ceiling.setText(text)
        self.ceiling.setAccessibleName(text)
        self.ceiling.setStyleSheet(style)
        self.ceiling_over = bool(check.over)

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
        if self._autosave() or not self.save_problems or self._warned_unsaved:
            return
        self._warned_unsaved = True
        messages.warn(self, _("The latest changes to the plan are not saved yet: {problem} "
                              "Go back to the plan step and correct it, or they will be "
                              "lost when the case is closed.").format(
                                  problem=str(self.save_problems[0])))

    def _save(self, overwrite: bool) -> None:
        try:
            self.plan = self.service.save(self.plan, overwrite=overwrite)
        except PlanConflict as conflict:
            self._resolve(conflict)
            return
        except ValidationError as exc:
            log.info("plan of case %s not saved: invalid %s", self.plan.reference, exc.field)
            self._after_change(saved=False)
            return
        except UserError as exc:
            self.state.setText(str(exc))
            return
        self._dirty = False
        self._after_change(saved=True)
        self.services.extras["plan_version"] = self.plan.version

    def _resolve(self, conflict: PlanConflict) -> None:
        choice = messages.choose(
            self, str(conflict), [("mine", _("Keep mine")), ("theirs", _("Take theirs"))],
            title=_("Changed elsewhere"))
        if choice == "mine":
            self.plan.version = conflict.theirs.version
            self._save(overwrite=True)
        elif choice == "theirs":
            self.plan = conflict.theirs
            self._dirty = False
            self.reload()
            self.printing.invalidate()
        else:
            self.state.setText(_("Not saved: the plan was changed elsewhere."))

    # -- plan ready -------------------------------------------------------------------------
    def ready_reasons(self) -> list[str]:
        """Why the plan cannot be marked ready now, from what the screen holds (the
        service checks the stored plan again when the button is pressed)."""
        reasons = []
        if not self.ctx.allows("cases.write"):
            reasons.append(_("Your role cannot change cases."))
        has_plan = bool(self.plan.version) or self._dirty
        return reasons + ready_reasons(self.services.case.status, self.problems,
                                       has_plan=has_plan, plan=self.plan) + self._other_reasons

    def _check_other_rules(self) -> None:
        """What *plan ready* needs beyond the plan itself (the screening's next steps done
        or waived, the decision still voluntary...): the other guards, asked when the step
        is shown (they read the stored case, not the plan being typed)."""
        from counsel_app.plan.service import _plan_ready_guard
        from counsel_app.services.status import StatusChange, guard_reasons

        case = self.services.case
        self._other_reasons = []
        if case.status is CaseStatus.CONSENTED:
            try:
                self._other_reasons = guard_reasons(
                    self.ctx, StatusChange(case, CaseStatus.PLAN_READY, case.decision),
                    skip=(_plan_ready_guard,))
            except UserError as exc:
                self._other_reasons = [str(exc)]

    def _show_readiness(self) -> None:
        status = self.services.case.status
        if status is CaseStatus.PLAN_READY:
            warnings = [str(p) for p in self.problems]
            if warnings:
                text = _("The plan is marked ready, but: {problems}").format(
                    problems=" ".join(warnings))
                style = "color: #b00020; font-weight: bold;"
            else:
                text = _("The plan is marked ready.")
                style = "color: #1b5e20;"
            enabled, tip = False, text
        elif status not in (CaseStatus.CONSENTED, CaseStatus.DECISION_TAKEN,
                            CaseStatus.COUNSELLING, CaseStatus.DRAFT):
            text = _("The case is “{status}”.").format(status=_(status.label))
            style, enabled, tip = "", False, text
        else:
            reasons = self.ready_reasons()
            if reasons:
                text = _("Cannot be marked ready yet: {reasons}").format(
                    reasons=" ".join(reasons))
                style, enabled = "color: #8b0000;", False
            else:
                text = _("The plan can be marked ready.")
                style, enabled = "color: #1b5e20;", True
            tip = text
        self.ready_state.setText(text)
        self.ready_state.setAccessibleName(text)
        self.ready_state.setStyleSheet(style)
        self.ready_button.setEnabled(enabled)
        self.ready_button.setToolTip(tip)
        self.ready_button.setAccessibleDescription(tip)

    def _mark_ready(self) -> None:
        """Save pending edits, confirm, then move the case to *plan ready* through the
        service (which checks the stored plan, the ceiling and the consents again)."""
        self._autosave()
        reference = self.services.case.reference
        if self._dirty:
            messages.warn(self, _("The plan could not be saved, so it cannot be marked ready "
                                  "yet: {problem}").format(
                problem=str(self.save_problems[0]) if self.save_problems else self.state.text()))
            return
        try:
            from counsel_app.services.status import status_blockers

            reasons = status_blockers(self.ctx, self.ctx.cases.get_by_reference(reference),
                                      CaseStatus.PLAN_READY)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        if reasons:
            self._check_other_rules()
            self._show_readiness()
            messages.warn(self, _("The plan cannot be marked ready yet: {reasons}").format(
                reasons=" ".join(reasons)))
            return
        choice = messages.choose(
            self, _("Mark the plan of case {reference} ready? The case moves to “{status}” "
                    "and can then be handed over to the office in the country of return. "
                    "The plan can still be changed afterwards.").format(
                reference=reference, status=_(CaseStatus.PLAN_READY.label)),
            [("ready", _("Mark plan ready")), ("cancel", _("Cancel"))],
            title=_("Mark plan ready"))
        if choice != "ready":
            return
        try:
            case = self.service.mark_ready(reference)
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

    # -- library services and opportunities ---------------------------------------------------
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
        try:
            from counsel_app.opportunities.service import OpportunityService
        except ImportError:  # pragma: no cover
            return
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

    # -- printing ---------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.printing:
            self._autosave()

    def _prepare_print(self) -> str:
        """Save pending edits; say why the plan cannot be printed yet, or ""."""
        self._autosave()
        if self.save_problems:
            return _("Fix what is marked in red before printing: {problem}").format(
                problem=str(self.save_problems[0]))
        self._print_snapshot = copy.deepcopy(self.plan)
        return ""

    def _render(self, request: PrintRequest) -> bytes:
        """Runs on a worker thread: only plain data and the service."""
        plan = self._print_snapshot
        return self.service.render_pdf(plan.reference, request.lang, request.bilingual,
                                       easy_read=request.easy_read, layout=request.layout,
                                       plan=plan)

    def summary(self) -> str:
        if not self.plan.version and not self._dirty:
            return ""
        count = len(self.plan.goals)
        parts = [ngettext("{n} goal", "{n} goals", count).format(n=count)]
        if self.plan.budget:
            parts.append(_money(self.plan.budget_total, self.plan.currency,
                                interface_language()))
        return " · ".join(parts)


# -- helpers ---------------------------------------------------------------------------------------

class _DeleteKey(QObject):
    """The Delete key on a table (not while a cell is being edited) removes the row."""

    def __init__(self, view: QTableView, remove):
        super().__init__(view)
        self.view = view
        self.remove = remove

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Delete \
                and event.modifiers() == Qt.NoModifier \
                and self.view.state() != QAbstractItemView.EditingState:
            self.remove()
            return True
        return False


def _subheading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _set_checked(box: QCheckBox, on: bool) -> None:
    if box.isChecked() != on:
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)


def _set_spin(spin: QSpinBox, value) -> None:
    target = -1 if value is None else int(round(value))
    if spin.value() != target:
        spin.blockSignals(True)
        spin.setValue(target)
        spin.blockSignals(False)


def _money(amount, currency: str, lang: str) -> str:
    if len(currency) == 3 and currency.isalpha():
        try:
            return format_money(amount, currency, lang)
        except Exception:  # noqa: BLE001 - an unknown code still shows the number
            pass
    return f"{format_decimal(amount, lang)} {currency}".strip()


def _library():
    """The country library the Information step uses (made once)."""
    from counsel_app.ui.steps.information import shared_library

    return shared_library()

