"""The plan editor's model (Qt-free): the plan being edited and every decision about it.

The plan screen (:mod:`counsel_app.ui.plan_step`) only displays what this model answers and
forwards the counsellor's actions to it; a script or a test drives the same model without a
screen::

    editor = PlanEditor(ctx, case)
    editor.plan.summary[Dimension.ECONOMIC] = "Open a tailoring workshop"
    editor.edited()
    outcome = editor.autosave()        # SaveOutcome: saved / invalid / conflict / error
    if outcome.conflict:
        editor.keep_mine(outcome.conflict)   # or editor.take_theirs(outcome.conflict)
    editor.budget(lang)                # total, ceiling and what is left, in words
    editor.readiness()                 # can it be marked ready, and why not
    editor.mark_ready()                # through the plan service and the status guards

What it decides: the problems of the plan as typed and which of them stop a save (over the
ceiling is only a warning, so nothing typed is lost); when to save and what a conflict
means (keep mine / take theirs); the programme's ceiling for the plan's currency and what
is left; whether the plan can be marked ready, with every reason (the plan's own, the
status's other guards, the role); the currency a new plan starts with; every sentence the
screen shows about saving, printing and marking ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, ngettext
from counsel_app.i18n.formatting import format_decimal, format_money, format_time
from counsel_app.plan.model import GrantCeiling, ReintegrationPlan, save_blockers
from counsel_app.plan.service import PlanService, ready_reasons
from counsel_app.plan.store import PlanConflict

log = logging.getLogger(__name__)

#: statuses in which the plan may still be marked ready (once consented)
BEFORE_READY = (CaseStatus.CONSENTED, CaseStatus.DECISION_TAKEN, CaseStatus.COUNSELLING,
                CaseStatus.DRAFT)


@dataclass
class SaveOutcome:
    """What a save did: ``saved``, ``invalid`` (problems stop it: nothing written),
    ``conflict`` (someone saved meanwhile: keep mine or take theirs), ``error`` (a
    sentence in ``message``) or ``unchanged`` (nothing to save)."""

    kind: str
    conflict: PlanConflict | None = None
    message: str = ""

    @property
    def saved(self) -> bool:
        return self.kind in ("saved", "unchanged")


@dataclass
class BudgetView:
    """The budget's total against the ceiling, in words (``state``: none / over / within)."""

    total: str
    message: str
    state: str
    over: bool = False


@dataclass
class Readiness:
    """Whether *Mark plan ready* may be pressed, and the sentence to show beside it.

    ``state``: ``ready`` (marked ready), ``ready_with_problems`` (marked ready, the plan has
    problems since), ``elsewhere`` (the case is past that point), ``blocked`` (reasons
    listed) or ``possible``."""

    state: str
    text: str
    enabled: bool = False
    reasons: list[str] = field(default_factory=list)


def money(amount, currency: str, lang: str) -> str:
    """An amount in ``currency`` for ``lang`` (Babel); an unknown code still shows the
    number."""
    if len(currency) == 3 and currency.isalpha():
        try:
            return format_money(amount, currency, lang)
        except Exception:  # noqa: BLE001 - an unknown code still shows the number
            pass
    return f"{format_decimal(amount, lang)} {currency}".strip()


def currency_of(country: str) -> str:
    """The currency in use in ``country`` today (ISO 4217), "" when unknown."""
    if not country:
        return ""
    from babel.numbers import get_territory_currencies

    try:
        found = get_territory_currencies(country.upper(), tender=True, non_tender=False)
    except Exception:  # noqa: BLE001 - an unknown code is simply not filled in
        return ""
    return found[0] if found else ""


class PlanEditor:
    """The plan of one case while it is edited (see the module's docstring)."""

    def __init__(self, ctx, case: Case | Callable[[], Case],
                 service: PlanService | None = None):
        """``case``: the case, or a function returning it as it stands now (a screen's
        holder, which other steps may replace as they move the case)."""
        self.ctx = ctx
        self._case = case
        self.service = service or PlanService(ctx)
        self.plan: ReintegrationPlan = self.service.get(self.case.reference)
        #: the Done ticks as last shown or saved (after arrival: the follow-up's statuses)
        self._ticks: dict[str, bool] = self._follow_ticks()
        self.ceilings: dict[str, Decimal] = self._load_ceilings()
        #: edits not saved yet
        self.dirty = False
        self.problems: list[ValidationError] = []
        #: the problems that stop a save (over the ceiling is only a warning)
        self.save_problems: list[ValidationError] = []
        #: what *plan ready* needs beyond the plan itself (the status's other guards)
        self.other_reasons: list[str] = []
        self.fill_currency()

    @property
    def case(self) -> Case:
        return self._case() if callable(self._case) else self._case

    # -- the ceiling and the budget -----------------------------------------------------------
    def _load_ceilings(self) -> dict[str, Decimal]:
        try:
            return self.service.ceilings()
        except UserError:
            return {}

    def ceiling(self) -> GrantCeiling | None:
        currency = (self.plan.currency or "").upper()
        amount = self.ceilings.get(currency)
        return GrantCeiling(amount, currency) if amount is not None else None

    def budget(self, lang: str) -> BudgetView:
        check = self.plan.check_budget(self.ceiling())
        currency = (self.plan.currency or "").upper()
        total = _("Total: {total}").format(total=money(check.total, currency, lang))
        if check.ceiling is None:
            return BudgetView(total, _("No grant ceiling is set for {currency}. An "
                                       "administrator sets it in the settings.").format(
                currency=currency or "—"), "none")
        if check.over:
            return BudgetView(total, _(
                "Over the ceiling: the total is {over} more than the programme's ceiling of "
                "{ceiling}. Remove or reduce budget lines.").format(
                over=money(-check.remaining, currency, lang),
                ceiling=money(check.ceiling.amount, currency, lang)), "over", True)
        return BudgetView(total, _("Within the ceiling of {ceiling}: {remaining} left.").format(
            ceiling=money(check.ceiling.amount, currency, lang),
            remaining=money(check.remaining, currency, lang)), "within")

    def fill_currency(self) -> str:
        """A plan with neither a currency nor a budget line takes the currency of the
        country of return (which the intake may change meanwhile): the currency filled in,
        or "" when the plan keeps its own. Not an edit: nothing is saved for it alone."""
        if self.plan.currency or self.plan.budget:
            return ""
        currency = currency_of(self.case.return_country)
        self.plan.currency = currency
        return currency

    def summary(self, lang: str) -> str:
        """The step list's line for the plan ("2 goals · GNF 1,500,000"), "" before any."""
        if not self.plan.version and not self.dirty:
            return ""
        count = len(self.plan.goals)
        parts = [ngettext("{n} goal", "{n} goals", count).format(n=count)]
        if self.plan.budget:
            parts.append(money(self.plan.budget_total, self.plan.currency, lang))
        return " · ".join(parts)

    # -- edits, checks and saving -----------------------------------------------------------
    def save_state(self, saved: bool, lang: str, now: datetime | None = None
                   ) -> tuple[str, str]:
        """What the screen says of saving (``kind``, sentence): ``problems`` (the edits
        wait for a fix), ``saved`` (at what time; "" for a plan never saved) or
        ``saving``. ``saved``: the screen has just saved or loaded the plan."""
        if self.save_problems:
            return "problems", _("Not saved yet: fix what is marked in red.")
        if saved and not self.dirty:
            at = format_time(now or datetime.now(), lang, format="medium")
            return "saved", (_("Plan saved at {time}").format(time=at)
                             if self.plan.version else "")
        return "saving", _("Saving…")

    def unsaved_warning(self) -> str:
        """Said once when the step is left or the case closed with edits that cannot be
        saved yet (save first: ``autosave``); "" when nothing is at risk."""
        if not self.dirty or not self.save_problems:
            return ""
        return _("The latest changes to the plan are not saved yet: {problem} Go back to "
                 "the plan step and correct it, or they will be lost when the case is "
                 "closed.").format(problem=str(self.save_problems[0]))

    def print_refusal(self) -> str:
        """Why the plan cannot be printed yet (after :meth:`autosave`), or ""."""
        if self.save_problems:
            return _("Fix what is marked in red before printing: {problem}").format(
                problem=str(self.save_problems[0]))
        return ""

    def edited(self) -> None:
        """The counsellor changed something: it is to be saved."""
        self.dirty = True

    def check(self) -> list[ValidationError]:
        """The plan's problems as it stands in memory (and those that stop a save)."""
        self.problems = self.plan.validate(self.ceiling())
        self.save_problems = save_blockers(self.problems)
        return self.problems

    def autosave(self) -> SaveOutcome:
        """Save now if anything changed and nothing stops the save."""
        if not self.dirty:
            return SaveOutcome("unchanged")
        self.check()
        if self.save_problems:
            return SaveOutcome("invalid")
        return self.save(overwrite=False)

    def save(self, *, overwrite: bool) -> SaveOutcome:
        try:
            self.plan = self.service.save(self.plan, overwrite=overwrite)
        except PlanConflict as conflict:
            return SaveOutcome("conflict", conflict=conflict, message=str(conflict))
        except ValidationError as exc:
            log.info("plan of case %s not saved: invalid %s", self.plan.reference, exc.field)
            self.check()
            return SaveOutcome("invalid", message=str(exc))
        except UserError as exc:
            return SaveOutcome("error", message=str(exc))
        self.dirty = False
        self.check()
        try:
            self._send_ticks()
        except UserError as exc:
            return SaveOutcome("error", message=str(exc))
        return SaveOutcome("saved")

    # -- Done ticks after arrival: one status, the follow-up's ------------------------------
    def _follow_ticks(self) -> dict[str, bool]:
        """After arrival each action's Done tick shows its follow-up status (an action
        marked done at the office is done in the plan); the ticks as shown."""
        from counsel_app.followup.service import FollowupService

        ticks = FollowupService(self.ctx).done_ticks(self.case)
        for goal in self.plan.goals:
            for action in goal.actions:
                if action.id in ticks:
                    action.done = ticks[action.id]
        return {a.id: a.done for g in self.plan.goals for a in g.actions}

    def _send_ticks(self) -> None:
        """A Done tick changed in the editor after arrival is recorded as the action's
        follow-up status (the office workspace and the acknowledgement show the same)."""
        from counsel_app.followup.service import FollowupService

        follow = FollowupService(self.ctx)
        if follow.follows_actions(self.case):
            for goal in self.plan.goals:
                for action in goal.actions:
                    if action.done != self._ticks.get(action.id, False):
                        follow.mark_done(self.plan.reference, action.id, action.done)
        self._ticks = {a.id: a.done for g in self.plan.goals for a in g.actions}

    def keep_mine(self, conflict: PlanConflict) -> SaveOutcome:
        """Save this plan over the one saved elsewhere."""
        self.plan.version = conflict.theirs.version
        return self.save(overwrite=True)

    def take_theirs(self, conflict: PlanConflict) -> None:
        """Drop the edits and take the plan saved elsewhere."""
        self.plan = conflict.theirs
        self._ticks = self._follow_ticks()
        self.dirty = False
        self.check()

    # -- plan ready ---------------------------------------------------------------------------
    def check_other_rules(self) -> list[str]:
        """What *plan ready* needs besides the plan (the screening's next steps done or
        waived, the decision still voluntary...): the status's other guards, which read the
        stored case, not the plan being typed."""
        from counsel_app.plan.service import _plan_ready_guard
        from counsel_app.services.status import StatusChange, guard_reasons

        case = self.case
        self.other_reasons = []
        if case.status is CaseStatus.CONSENTED:
            try:
                self.other_reasons = guard_reasons(
                    self.ctx, StatusChange(case, CaseStatus.PLAN_READY, case.decision),
                    skip=(_plan_ready_guard,))
            except UserError as exc:
                self.other_reasons = [str(exc)]
        return self.other_reasons

    def ready_reasons(self) -> list[str]:
        """Why the plan cannot be marked ready now, from the plan as typed (the service
        checks the stored plan again when it is marked)."""
        reasons = []
        if not self.ctx.allows("cases.write"):
            reasons.append(_("Your role cannot change cases."))
        has_plan = bool(self.plan.version) or self.dirty
        return reasons + ready_reasons(self.case.status, self.problems, has_plan=has_plan,
                                       plan=self.plan) + self.other_reasons

    def readiness(self) -> Readiness:
        status = self.case.status
        if status is CaseStatus.PLAN_READY:
            warnings = [str(p) for p in self.problems]
            if warnings:
                return Readiness("ready_with_problems", _(
                    "The plan is marked ready, but: {problems}").format(
                        problems=" ".join(warnings)))
            return Readiness("ready", _("The plan is marked ready."))
        if status not in BEFORE_READY:
            return Readiness("elsewhere", _("The case is “{status}”.").format(
                status=_(status.label)))
        reasons = self.ready_reasons()
        if reasons:
            return Readiness("blocked", _("Cannot be marked ready yet: {reasons}").format(
                reasons=" ".join(reasons)), reasons=reasons)
        return Readiness("possible", _("The plan can be marked ready."), enabled=True)

    def mark_ready_refusal(self, save_message: str = "") -> str:
        """After :meth:`autosave`: the one sentence saying why the case cannot be marked
        ready now, or "" when it can (the stored case's guards, read again).
        ``save_message``: what was last said of saving, for edits still not saved."""
        if self.dirty:
            problem = str(self.save_problems[0]) if self.save_problems else save_message
            return _("The plan could not be saved, so it cannot be marked ready yet: "
                     "{problem}").format(problem=problem)
        try:
            reasons = self.mark_ready_blockers()
        except UserError as exc:
            return str(exc)
        if reasons:
            self.check_other_rules()
            return _("The plan cannot be marked ready yet: {reasons}").format(
                reasons=" ".join(reasons))
        return ""

    def ready_question(self) -> str:
        """The confirmation asked before marking the plan ready."""
        return _("Mark the plan of case {reference} ready? The case moves to “{status}” and "
                 "can then be handed over to the office in the country of return. The plan "
                 "can still be changed afterwards.").format(
            reference=self.case.reference, status=_(CaseStatus.PLAN_READY.label))

    def mark_ready_blockers(self) -> list[str]:
        """Every reason the stored case cannot move to *plan ready* now (empty: it can)."""
        from counsel_app.services.status import status_blockers

        return status_blockers(self.ctx, self.ctx.cases.get_by_reference(self.case.reference),
                               CaseStatus.PLAN_READY)

    def mark_ready(self) -> Case:
        """Move the case to *plan ready* through the service (the guards check the stored
        plan, the ceiling and the consents again); the editor then holds the saved case."""
        case = self.service.mark_ready(self.case.reference)
        if not callable(self._case):
            self._case = case
        return case
