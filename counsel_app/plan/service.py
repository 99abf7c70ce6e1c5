"""The plan service: what the plan editor screen and the ``plan`` command call (Qt-free).

    service = PlanService(ctx)
    plan = service.get("AVRR-2026-000123")          # stored plan, or a new empty one
    plan.summary[Dimension.ECONOMIC] = "..."
    problems = service.validate(plan)               # [ValidationError(field=...)]
    plan = service.save(plan)                       # PlanConflict if changed meanwhile
                                                    # (over the ceiling: saved, warned)
    service.ready_blockers("AVRR-2026-000123")      # why it cannot be marked ready yet
    case = service.mark_ready("AVRR-2026-000123")   # -> "plan ready" (guarded)
    service.add_opportunity(plan, ChosenOpportunity("Tailor", "Atelier", "job", "Conakry"))
    check = service.budget_check(plan)              # total, ceiling, over, remaining
    pdf = service.render_pdf("AVRR-2026-000123", "ar", bilingual="fr")
    easy = service.render_pdf("AVRR-2026-000123", "ar", easy_read=True)

Every call is one user action: role checked (``cases.read`` / ``cases.write`` /
``cases.print``), recorded in the audit trail (no personal data in the detail).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from counsel_app import settings
from counsel_app.domain.case import Case
from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _
from counsel_app.plan.model import (
    BudgetCheck,
    ChosenOpportunity,
    GrantCeiling,
    OverCeiling,
    ReintegrationPlan,
    record_saved_languages,
    save_blockers,
)
from counsel_app.plan.store import PlanRepository
from counsel_app.services.status import StatusChange, register_guard
from counsel_app.storage.cases import CaseRepository



@dataclass
class PrintOptions:
    """What the organisation prints on every page (from the app's preferences)."""

    organisation: str = ""
    logo: bytes | str | Path | None = None
    #: the centre's address and phone; the counsellor's name as it prints, and contact
    organisation_contact: str = ""
    counsellor: str = ""
    counsellor_contact: str = ""


class PlanService:
    def __init__(self, ctx, options: PrintOptions | None = None):
        self.ctx = ctx
        self.repo = PlanRepository(ctx.db, ctx.vault.cipher)
        self.options = options or PrintOptions()

    # -- read / write -----------------------------------------------------------------------
    def get(self, reference: str) -> ReintegrationPlan:
        """The case's plan, or a new one (``version == 0``) with the default follow-up
        schedule and the case's place of return."""
        case = self.ctx.cases.get_by_reference(reference)  # role, scope and audit "view"
        plan = self.repo.find(case.reference)
        if plan is None:
            # the place is left to the case (town as typed, region and country named in the
            # document's language when printed); the field is for a place the counsellor
            # writes differently
            plan = ReintegrationPlan(reference=case.reference, drafted_on=date.today())
        return plan

    def exists(self, reference: str) -> bool:
        self.ctx.require("cases.read")
        case = CaseRepository.get_by_reference(self.ctx.cases, reference)  # scope, no audit
        return self.repo.find(case.reference) is not None

    def validate(self, plan: ReintegrationPlan) -> list[ValidationError]:
        return plan.validate(self.ceiling_for(plan.currency))

    def save(self, plan: ReintegrationPlan, *, overwrite: bool = False,
             typed_in: str | None = None) -> ReintegrationPlan:
        """Validate and store; raise the first :class:`ValidationError` (naming its field)
        or :class:`~counsel_app.plan.store.PlanConflict` (with ``.mine``/``.theirs``).

        Each free text new or changed since the plan as stored is recorded as typed in the
        language the one saving it writes in (``typed_in`` when the caller knows it: a
        sample; for a plan never saved, the ``text_language`` it comes with), an unchanged
        one keeps its own (:func:`~counsel_app.plan.model.record_saved_languages`): a plan
        refined by an office in another language, or by a counsellor who switched languages
        between sittings, prints each text by its own.

        A budget over the programme ceiling is saved all the same (nothing typed is lost):
        it is a warning that only stops :meth:`mark_ready`."""
        self.ctx.require("cases.write")
        self.ctx.cases.get_by_reference(plan.reference)  # scope check
        problems = save_blockers(self.validate(plan))
        if problems:
            raise problems[0]
        record_saved_languages(plan, self.repo.find(plan.reference), typed_in=typed_in)
        plan = self.repo.save(plan, user=self.ctx.user, overwrite=overwrite)
        self.ctx.audit("change", plan.reference, "plan")
        return plan

    # -- plan ready --------------------------------------------------------------------------
    def ready_blockers(self, reference: str, case: Case | None = None) -> list[str]:
        """Why case ``reference`` cannot be marked *plan ready* now (empty: it can): the
        case must be consented, and its saved plan free of problems and within the
        programme's grant ceiling."""
        if case is None:
            case = self.ctx.cases.get_by_reference(reference)
        if case.status is CaseStatus.PLAN_READY:
            return []
        stored = self.repo.find(case.reference)
        problems = self.validate(stored) if stored is not None else []
        return ready_reasons(case.status, problems, has_plan=stored is not None, plan=stored)

    def mark_ready(self, reference: str) -> Case:
        """Move the case to *plan ready* (the guard checks :meth:`ready_blockers`);
        raise :class:`~counsel_app.domain.workflow.IllegalTransition` with every reason
        otherwise. Returns the saved case."""
        from counsel_app.services.status import change_status

        case = self.ctx.cases.get_by_reference(reference)
        return change_status(self.ctx, case, CaseStatus.PLAN_READY)

    def add_opportunity(self, plan: ReintegrationPlan, opportunity: ChosenOpportunity) -> bool:
        """Add to the plan in memory (save afterwards); False if it was already there."""
        return plan.add_opportunity(opportunity)

    # -- grant ceiling ----------------------------------------------------------------------
    def ceilings(self) -> dict[str, Decimal]:
        """The programme's grant ceiling per currency (the centre setting ``grant_ceilings``,
        set by an administrator in the Settings dialog or ``counsel-app settings set``)."""
        return settings.get(self.ctx.db, "grant_ceilings")

    def ceiling_for(self, currency: str) -> GrantCeiling | None:
        amount = self.ceilings().get((currency or "").upper())
        return GrantCeiling(amount, currency.upper()) if amount is not None else None

    def set_ceiling(self, currency: str, amount: Decimal | None) -> None:
        """Set (or with ``None`` remove) the ceiling in ``currency`` (administrators;
        checked and audited by :func:`counsel_app.settings.update`)."""
        self.ctx.require(settings.MANAGE)
        currency = (currency or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValidationError(_("A currency is a three-letter code such as EUR or GNF."),
                                  "currency")
        if amount is not None and amount <= 0:
            raise ValidationError(_("The ceiling must be more than zero."), "amount")
        values = self.ceilings()
        if amount is None:
            values.pop(currency, None)
        else:
            values[currency] = amount
        settings.update(self.ctx, {"grant_ceilings": values})

    def budget_check(self, plan: ReintegrationPlan) -> BudgetCheck:
        return plan.check_budget(self.ceiling_for(plan.currency))

    # -- printing ---------------------------------------------------------------------------
    def document(self, reference: str, plan: ReintegrationPlan | None = None):
        """The plain data the plan documents print (plan + the case facts they need)."""
        from counsel_app.documents.plan_pdf import PlanDocument, TravellingMember

        case = self.ctx.cases.get_by_reference(reference)
        plan = plan or self.repo.find(case.reference)
        if plan is None:
            raise UserError(_("Case {reference} has no plan yet: fill in the plan and save it "
                              "before printing.").format(reference=case.reference))
        person = case.person
        if plan.place_of_return == _legacy_place(case):
            # older plans were filled with "town, REGION-CODE": print the named place instead
            plan = replace(plan, place_of_return="")
        from counsel_app.partners.referrals import plan_referrals

        # the referrals followed (partners area) are printed with the plan's own
        plan = replace(plan, referrals=plan_referrals(self.ctx, case, plan.referrals))
        centre = settings.values(self.ctx.db, ["organisation_name", "organisation_address"])
        from counsel_app.security.accounts import printed_counsellor

        # the account's name on prints, never the login ("admin")
        counsellor, contact = printed_counsellor(self.ctx.db, case.counsellor or self.ctx.user)
        return PlanDocument(
            plan=plan, person_name=person.name_latin or person.name_native,
            person_name_native=person.name_native, return_town=case.return_town,
            return_region=case.return_region, country=case.return_country,
            counsellor=self.options.counsellor or counsellor,
            counsellor_contact=self.options.counsellor_contact or contact,
            organisation=self.options.organisation or centre["organisation_name"],
            organisation_contact=(self.options.organisation_contact
                                  or centre["organisation_address"]),
            logo=self.options.logo,
            is_sample=case.is_sample, ceiling=self.ceiling_for(plan.currency),
            travelling=[TravellingMember(m.relation.value, m.name, m.age)
                        for m in case.household if m.travelling],
        )

    def render_pdf(self, reference: str, lang: str, bilingual: str | None = None, *,
                   easy_read: bool = False, layout: str = "below",
                   plan: ReintegrationPlan | None = None,
                   out: str | Path | None = None) -> bytes:
        """The plan (or the easy-read page) of case ``reference`` in ``lang`` as PDF bytes.

        ``bilingual``: a second language printed below (``layout="below"``) or beside
        (``"beside"``) every heading and label. ``plan``: print this (unsaved) plan instead
        of the stored one. A script the fonts cannot show raises
        :class:`~counsel_app.documents.fonts.UnsupportedScript` before anything is written.
        """
        from counsel_app.documents.easy_read import render_easy_read
        from counsel_app.documents.plan_pdf import render_plan

        self.ctx.require("cases.print")
        check_language(lang, "--lang")
        if bilingual:
            check_language(bilingual, "--bilingual")
        doc = self.document(reference, plan)
        if easy_read:
            data = render_easy_read(doc, lang, out=out)
        else:
            data = render_plan(doc, lang, second_lang=bilingual, layout=layout, out=out)
        kind = "easy-read" if easy_read else "plan"
        self.ctx.audit("print", doc.plan.reference,
                       f"{kind} {lang}" + (f"+{bilingual}" if bilingual else ""))
        return data


def ready_reasons(status: CaseStatus, problems: list[ValidationError], *,
                  has_plan: bool, plan: ReintegrationPlan | None = None) -> list[str]:
    """Why a plan cannot be marked ready (empty: it can), from plain data: the case's
    status, the plan's problems (``plan.validate(ceiling)``, over-ceiling included),
    whether a plan is stored, and whether ``plan`` is too empty (no assistance, no goal).
    The plan screen shows these beside its button."""
    reasons: list[str] = []
    if status is not CaseStatus.CONSENTED:
        reasons.append(_("The case is not consented yet (it is “{status}”): the decision to "
                         "return and the processing of personal data must be agreed at the "
                         "consent step first.").format(status=_(status.label)))
    if not has_plan:
        reasons.append(_("The plan has not been saved yet."))
    elif plan is not None:
        reasons += plan.empty_reasons()
    for problem in problems:
        if isinstance(problem, OverCeiling):
            reasons.append(_("Over the programme ceiling: {problem}").format(
                problem=str(problem)))
        else:
            reasons.append(str(problem))
    return reasons


def _plan_ready_guard(ctx, change: StatusChange) -> list[str]:
    """The precondition of *plan ready*, whatever path moves the case there."""
    return PlanService(ctx).ready_blockers(change.case.reference, change.case)


register_guard(CaseStatus.PLAN_READY, _plan_ready_guard)


def _legacy_place(case: Case) -> str:
    return ", ".join(p for p in (case.return_town, case.return_region) if p)


def check_language(lang: str, where: str = "lang") -> None:
    if lang not in DOCUMENT_LANGUAGES:
        raise ValidationError(
            _("{where}: documents cannot be printed in “{lang}” (choose from {choices}).")
            .format(where=where, lang=lang, choices=", ".join(DOCUMENT_LANGUAGES)), where)
