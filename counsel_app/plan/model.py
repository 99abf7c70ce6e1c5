"""The individual reintegration plan (IOM Reintegration Handbook, Annex 3), as plain data.

Sections follow the template: 1. summary by dimension; 2. types of assistance, each with
"referral needed?"; 3. goods, equipment and services bought with the reintegration grant
(item, estimated cost, currency of the country of return, total, checked against the
programme's ceiling); 4. referrals; 5. well-being expected against a baseline score;
6. community projects. Around it, as in practice: chosen opportunities, arrival
arrangements, contact points in the country of origin, follow-up schedule, a mentor, and
goals with actions (who does what, by when).

No Qt, no SQL: :func:`plan_to_data` / :func:`plan_from_data` give JSON-ready data for the
encrypted store and for the handover package.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from counsel_app.errors import ValidationError
from counsel_app.i18n import D_, _, recorded_languages

_CURRENCY = re.compile(r"^[A-Z]{3}$")
DEFAULT_FOLLOW_UP_MONTHS: tuple[int, ...] = (1, 3, 6, 12)
SCORE_MIN, SCORE_MAX = 0, 100


class Dimension(StrEnum):
    ECONOMIC = "economic"
    SOCIAL = "social"
    PSYCHOSOCIAL = "psychosocial"


class AssistanceCategory(StrEnum):
    IMMEDIATE = "immediate"
    ECONOMIC = "economic"
    SOCIAL = "social"
    PSYCHOSOCIAL = "psychosocial"


#: Labels printed on documents (documents domain) for dimensions and categories.
DIMENSION_LABELS: dict[Dimension, str] = {
    Dimension.ECONOMIC: D_("Economic"),
    Dimension.SOCIAL: D_("Social"),
    Dimension.PSYCHOSOCIAL: D_("Psychosocial"),
}
CATEGORY_LABELS: dict[AssistanceCategory, str] = {
    AssistanceCategory.IMMEDIATE: D_("Immediate assistance"),
    AssistanceCategory.ECONOMIC: D_("Economic assistance"),
    AssistanceCategory.SOCIAL: D_("Social assistance"),
    AssistanceCategory.PSYCHOSOCIAL: D_("Psychosocial assistance"),
}

#: The assistance types of Annex 3, by category: key -> document label.
ASSISTANCE_TYPES: dict[AssistanceCategory, dict[str, str]] = {
    AssistanceCategory.IMMEDIATE: {
        "cash": D_("Cash"),
        "basic_needs": D_("Basic needs"),
        "accommodation": D_("Accommodation"),
        "medical": D_("Medical assistance"),
    },
    AssistanceCategory.ECONOMIC: {
        "income_generating_activity": D_("Income-generating activity"),
        "micro_business": D_("Individual micro-business"),
        "collective_project": D_("Collective or community project"),
        "job_placement": D_("Job placement"),
        "vocational_training": D_("Vocational training"),
        "cash_for_work": D_("Cash for work"),
    },
    AssistanceCategory.SOCIAL: {
        "housing": D_("Housing"),
        "medical_care": D_("Medical care for the returnee or family"),
        "education": D_("Education"),
        "skills_development": D_("Skills development"),
        "legal_services": D_("Legal services"),
        "social_protection": D_("Social protection schemes"),
        "childcare": D_("Childcare"),
        "security_measures": D_("Security measures"),
    },
    AssistanceCategory.PSYCHOSOCIAL: {
        "individual_family_activities": D_("Individual or family activities"),
        "community_activities": D_("Community activities"),
    },
}
TYPE_CATEGORY: dict[str, AssistanceCategory] = {
    key: category for category, types in ASSISTANCE_TYPES.items() for key in types
}

OPPORTUNITY_KINDS: dict[str, str] = {
    "job": D_("Job"),
    "training": D_("Training"),
    "business_support": D_("Business support"),
    "education": D_("Education"),
    "other": D_("Other"),
}


@dataclass
class Assistance:
    type: str  # a key of ASSISTANCE_TYPES
    details: str = ""
    referral_needed: bool = False

    @property
    def category(self) -> AssistanceCategory | None:
        return TYPE_CATEGORY.get(self.type)


@dataclass
class BudgetLine:
    item: str
    estimated_cost: Decimal = Decimal("0")
    quantity: int = 1

    @property
    def total(self) -> Decimal:
        return self.estimated_cost * self.quantity


@dataclass
class Referral:
    organisation: str
    service: str = ""
    contact: str = ""


@dataclass
class ChosenOpportunity:
    """An opportunity the person chose (plain data copied from the opportunities library)."""

    title: str
    provider: str = ""
    kind: str = "other"  # a key of OPPORTUNITY_KINDS
    place: str = ""
    source_id: str = ""  # id in the opportunities library, if it came from there
    is_sample: bool = False


@dataclass
class ArrivalArrangements:
    reception: str = ""
    onward_transport: str = ""
    temporary_accommodation: str = ""
    #: True: a medical escort travels; False: decided that none is needed; None: not yet
    #: decided (never printed as "No")
    medical_escort: bool | None = None
    medical_escort_details: str = ""


@dataclass
class ContactPoint:
    name: str
    role: str = ""
    organisation: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class FollowUp:
    months_after_arrival: int
    due_on: date | None = None
    note: str = ""


@dataclass
class Mentor:
    name: str = ""
    contact: str = ""
    note: str = ""


@dataclass
class WellBeing:
    """Scores on the same 0-100 scale (e.g. an RSS composite): now and expected."""

    baseline: float | None = None
    expected: float | None = None
    note: str = ""


@dataclass
class CommunityProject:
    title: str
    description: str = ""
    partners: str = ""


@dataclass
class ReturneeTexts:
    """The plan's free texts in the returnee's language, beside the counsellor's: written
    by the counsellor or the interpreter, never machine-translated.

    ``texts`` maps a text as the counsellor typed it to the same text in ``lang``; a text
    the counsellor changes loses its translation (the old one no longer says the same), and
    two fields with the same words share one. The plan prints the ``lang`` text on pages in
    ``lang``, and elsewhere the counsellor's text with a note naming its language."""

    lang: str = ""
    texts: dict[str, str] = field(default_factory=dict)

    def get(self, text: str, lang: str) -> str:
        """``text`` in ``lang`` when written, else ""."""
        if not text or lang != self.lang:
            return ""
        return (self.texts.get(text) or self.texts.get(text.strip()) or "").strip()


def new_item_id() -> str:
    """A stable id for a goal or action: kept when others are added, removed or moved, so
    that what is recorded against it (follow-up progress) stays with it."""
    return uuid.uuid4().hex[:12]


@dataclass
class Action:
    who: str
    what: str
    by_when: date | None = None
    done: bool = False
    #: stable id (not compared: two actions with the same content are equal)
    id: str = field(default_factory=new_item_id, compare=False)


@dataclass
class Goal:
    goal: str
    dimension: Dimension | None = None
    actions: list[Action] = field(default_factory=list)
    id: str = field(default_factory=new_item_id, compare=False)


#: what became of a wish when the plan was refined after arrival (WishChange.outcome)
WISH_OUTCOMES: dict[str, str] = {
    "kept": D_("Kept"),
    "changed": D_("Changed"),
    "dropped": D_("Dropped"),
    "added": D_("Added"),
    "open": D_("Not yet decided"),
}


@dataclass
class WishChange:
    """One wish of the returnee in a refinement of the plan: ``outcome`` (a key of
    WISH_OUTCOMES), what it became (``option``) and the reason, as the caseworker wrote it."""

    wish: str
    outcome: str
    option: str = ""
    reason: str = ""
    #: the language each of its texts (``wish``, ``option``, ``reason``: the name -> the
    #: language) was typed in, as the grid's line it was made from recorded it for its
    #: cell ("" not known; a text left out: empty, or not recorded, as in a version made
    #: before); read by :meth:`language`. Not part of what the change says
    text_languages: dict[str, str] = field(default_factory=dict, compare=False)

    def language(self, part: str) -> str | None:
        """The language the text ``part`` (``wish``, ``option`` or ``reason``) was typed
        in; ``None``: not recorded."""
        return self.text_languages.get(part)


@dataclass
class PlanRevision:
    """A new version of the plan after arrival, saying what changed wish by wish.
    ``number`` counts versions: 1 is the plan agreed before departure, so the first
    refinement is version 2. ``grid``: the feasibility grid it came from (plain data of
    :class:`counsel_app.opportunities.model.FeasibilityRow`), printed as the plan's annex."""

    number: int
    on: date
    by: str = ""
    source: str = "feasibility"
    changes: list[WishChange] = field(default_factory=list)
    grid: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ReintegrationPlan:
    """One person's plan. ``version`` belongs to storage (optimistic locking)."""

    reference: str
    summary: dict[Dimension, str] = field(default_factory=dict)
    assistance: list[Assistance] = field(default_factory=list)
    currency: str = ""
    budget: list[BudgetLine] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    opportunities: list[ChosenOpportunity] = field(default_factory=list)
    arrival: ArrivalArrangements = field(default_factory=ArrivalArrangements)
    contacts: list[ContactPoint] = field(default_factory=list)
    follow_up: list[FollowUp] = field(
        default_factory=lambda: [FollowUp(m) for m in DEFAULT_FOLLOW_UP_MONTHS])
    mentor: Mentor = field(default_factory=Mentor)
    well_being: WellBeing = field(default_factory=WellBeing)
    community_projects: list[CommunityProject] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    place_of_return: str = ""
    expected_arrival: date | None = None
    drafted_on: date | None = None
    notes: str = ""
    #: the language the plan's free texts saved before each text's language was recorded
    #: were typed in ("" not recorded): the language of every text not in text_languages
    text_language: str = ""
    #: the language each free text was typed in, by its words (the counsellor's, an
    #: office's after arrival): recorded at each save (:func:`record_saved_languages`), read
    #: by :func:`text_typed_in`
    text_languages: dict[str, str] = field(default_factory=dict)
    #: the same texts in the returnee's language, where written (see ReturneeTexts)
    returnee: ReturneeTexts = field(default_factory=ReturneeTexts)
    #: the versions made after arrival (feasibility grid), oldest first
    revisions: list[PlanRevision] = field(default_factory=list)
    version: int = 0

    # -- free texts -----------------------------------------------------------------------
    def free_texts(self) -> list[tuple[str, str]]:
        """(where, text) of every text the counsellor typed that the returnee reads, in
        print order, each text once (``where`` is a document label msgid: D_)."""
        from counsel_app.i18n import D_

        found: list[tuple[str, str]] = []
        a = self.arrival
        for where, text in (
                *[(DIMENSION_LABELS[d], self.summary.get(d, "")) for d in Dimension],
                *[(D_("Details"), x.details) for x in self.assistance],
                *[(D_("Item"), b.item) for b in self.budget],
                *[(D_("What it provides"), r.service) for r in self.referrals],
                (D_("Notes"), self.well_being.note),
                *[(D_("Project"), p.title) for p in self.community_projects],
                *[(D_("Description"), p.description) for p in self.community_projects],
                (D_("Reception on arrival"), a.reception),
                (D_("Onward transport"), a.onward_transport),
                (D_("Temporary accommodation"), a.temporary_accommodation),
                (D_("Medical escort"), a.medical_escort_details),
                *[(D_("Role"), c.role) for c in self.contacts],
                *[(D_("Address"), c.address) for c in self.contacts],
                *[(D_("Notes"), f.note) for f in self.follow_up],
                (D_("Notes"), self.mentor.note),
                *[item for g in self.goals for item in (
                    (D_("Goals and actions"), g.goal),
                    *[(D_("Who"), x.who) for x in g.actions],
                    *[(D_("What"), x.what) for x in g.actions])],
                (D_("Notes"), self.notes),
                (D_("Place of return"), self.place_of_return)):
            text = (text or "").strip()
            if text and all(text != seen for _w, seen in found):
                found.append((where, text))
        return found

    def typed_texts(self) -> list[str]:
        """Every text whose language is recorded (:func:`record_text_languages`): the
        free texts."""
        return [text for _where, text in self.free_texts()]

    def keep_current_translations(self) -> None:
        """Forget translations of texts the plan no longer holds (changed or removed)."""
        current = {text for _where, text in self.free_texts()}
        self.returnee.texts = {k: v for k, v in self.returnee.texts.items()
                               if k.strip() in current and v.strip()}

    # -- budget ---------------------------------------------------------------------------
    @property
    def budget_total(self) -> Decimal:
        return sum((line.total for line in self.budget), Decimal("0"))

    def check_budget(self, ceiling: GrantCeiling | None) -> BudgetCheck:
        return BudgetCheck(self.budget_total, self.currency, ceiling)

    # -- opportunities --------------------------------------------------------------------
    def add_opportunity(self, opportunity: ChosenOpportunity) -> bool:
        """Add unless the same one (by source id, or title+provider) is there already."""
        for existing in self.opportunities:
            same_source = opportunity.source_id and existing.source_id == opportunity.source_id
            same_text = (existing.title.strip().casefold(), existing.provider.strip().casefold()) \
                == (opportunity.title.strip().casefold(), opportunity.provider.strip().casefold())
            if same_source or same_text:
                return False
        self.opportunities.append(opportunity)
        return True

    # -- validation -----------------------------------------------------------------------
    def validate(self, ceiling: GrantCeiling | None = None) -> list[ValidationError]:
        """Every problem, each naming its field (e.g. ``budget[2].estimated_cost``).

        With a ``ceiling``, a budget above it is among them as an :class:`OverCeiling`: a
        warning that keeps the plan from being marked ready, never from being saved
        (:func:`save_blockers` leaves it out)."""
        problems: list[ValidationError] = []

        def add(message: str, where: str) -> None:
            problems.append(ValidationError(message, where))

        for key in self.summary:
            if not isinstance(key, Dimension):
                add(_("Unknown dimension “{key}” in the summary.").format(key=key), "summary")
        seen_types = set()
        for i, item in enumerate(self.assistance):
            if item.type not in TYPE_CATEGORY:
                add(_("Unknown type of assistance “{type}”.").format(type=item.type),
                    f"assistance[{i}].type")
            elif item.type in seen_types:
                add(_("This type of assistance is listed twice."), f"assistance[{i}].type")
            seen_types.add(item.type)
        if self.budget:
            if not _CURRENCY.match(self.currency or ""):
                add(_("Choose the currency of the country of return (three letters, e.g. GNF)."),
                    "currency")
        for i, line in enumerate(self.budget):
            if not line.item.strip():
                add(_("Enter what is bought on budget line {n}.").format(n=i + 1),
                    f"budget[{i}].item")
            if not isinstance(line.estimated_cost, Decimal) or line.estimated_cost < 0:
                add(_("The estimated cost on budget line {n} must be zero or more.").format(
                    n=i + 1), f"budget[{i}].estimated_cost")
            if not isinstance(line.quantity, int) or line.quantity < 1:
                add(_("The quantity on budget line {n} must be at least 1.").format(n=i + 1),
                    f"budget[{i}].quantity")
        if ceiling is not None and not problems:
            check = self.check_budget(ceiling)
            if check.over:
                problems.append(OverCeiling(
                    _("The budget total {total} is above the programme ceiling {ceiling}.")
                    .format(total=_money(check.total, self.currency),
                            ceiling=_money(ceiling.amount, ceiling.currency)), "budget"))
        for i, referral in enumerate(self.referrals):
            if not referral.organisation.strip():
                add(_("Enter the organisation of referral {n}.").format(n=i + 1),
                    f"referrals[{i}].organisation")
        for i, opp in enumerate(self.opportunities):
            if not opp.title.strip():
                add(_("Enter the title of opportunity {n}.").format(n=i + 1),
                    f"opportunities[{i}].title")
            if opp.kind not in OPPORTUNITY_KINDS:
                add(_("Unknown kind of opportunity “{kind}”.").format(kind=opp.kind),
                    f"opportunities[{i}].kind")
        for i, contact in enumerate(self.contacts):
            if not contact.name.strip():
                add(_("Enter the name of contact point {n}.").format(n=i + 1),
                    f"contacts[{i}].name")
        months = [f.months_after_arrival for f in self.follow_up]
        for i, visit in enumerate(self.follow_up):
            if not isinstance(visit.months_after_arrival, int) or not 0 <= \
                    visit.months_after_arrival <= 60:
                add(_("A follow-up must be between 0 and 60 months after arrival."),
                    f"follow_up[{i}].months_after_arrival")
            elif months.count(visit.months_after_arrival) > 1:
                add(_("Two follow-ups are planned for the same month."),
                    f"follow_up[{i}].months_after_arrival")
        for name in ("baseline", "expected"):
            value = getattr(self.well_being, name)
            if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
                add(_("Well-being scores go from {low} to {high}.").format(
                    low=SCORE_MIN, high=SCORE_MAX), f"well_being.{name}")
        for i, project in enumerate(self.community_projects):
            if not project.title.strip():
                add(_("Enter the title of community project {n}.").format(n=i + 1),
                    f"community_projects[{i}].title")
        for i, goal in enumerate(self.goals):
            if not goal.goal.strip():
                add(_("Enter goal {n}.").format(n=i + 1), f"goals[{i}].goal")
            for j, action in enumerate(goal.actions):
                if not action.what.strip():
                    add(_("Enter what is to be done in action {n} of goal {g}.").format(
                        n=j + 1, g=i + 1), f"goals[{i}].actions[{j}].what")
                if not action.who.strip():
                    add(_("Enter who does action {n} of goal {g}.").format(n=j + 1, g=i + 1),
                        f"goals[{i}].actions[{j}].who")
        from counsel_app.i18n import DOCUMENT_LANGUAGES

        for where, code in (("text_language", self.text_language),
                            ("returnee.lang", self.returnee.lang)):
            if code and code not in DOCUMENT_LANGUAGES:
                add(_("{option}: unknown document language “{lang}” (choose from "
                      "{choices}).").format(option=where, lang=code,
                                            choices=", ".join(DOCUMENT_LANGUAGES)), where)
        return problems

    def check_valid(self, ceiling: GrantCeiling | None = None) -> None:
        problems = self.validate(ceiling)
        if problems:
            raise problems[0]

    # -- ready ------------------------------------------------------------------------------
    def empty_reasons(self) -> list[str]:
        """Why the plan is too empty to be marked ready (a plan may be *saved* empty; it is
        never *ready* empty): it needs at least one type of assistance and one goal."""
        reasons = []
        if not self.assistance:
            reasons.append(_("The plan lists no type of assistance: tick at least one under "
                             "“Summary and assistance”."))
        if not self.goals:
            reasons.append(_("The plan has no goal yet: write at least one under “Goals and "
                             "actions”."))
        return reasons


def record_text_languages(record, stored, *, typed_in: str | None = None) -> None:
    """Record in ``record.text_languages`` the language each of its typed texts
    (``record.typed_texts()``: a plan's, a travel record's) is typed in, as it is saved
    (:func:`counsel_app.i18n.languages_at_save`), by its words: a text the record as stored
    until now (``stored``; None: never saved) already holds keeps the language it had there
    (a text saved before languages were recorded per text: none, so the record's
    ``text_language`` goes on applying to it); a new or changed one is in the language of
    the one saving it, or ``typed_in`` when the caller knows it."""
    from counsel_app.i18n import languages_at_save

    before = {text: text for text in stored.typed_texts()} if stored else {}
    record.text_languages = languages_at_save(
        {text: text for text in record.typed_texts()}, before,
        dict(stored.text_languages) if stored else {}, typed_in=typed_in)


def record_saved_languages(record, stored, *, typed_in: str | None = None) -> None:
    """The languages of ``record`` (a plan, a travel record) as its service saves it, over
    ``stored`` (the record as stored until now; None: never saved): a new record that comes
    with a ``text_language`` (a sample) is in it unless ``typed_in`` says otherwise; a record
    without one takes ``typed_in`` or the language the one saving it writes in; then each
    typed text's, by :func:`record_text_languages`."""
    if stored is None and typed_in is None and record.text_language:
        typed_in = record.text_language
    if not record.text_language:
        from counsel_app.i18n import writing_language

        record.text_language = writing_language() if typed_in is None else typed_in
    record_text_languages(record, stored, typed_in=typed_in)


def text_typed_in(record, text: str) -> str:
    """The language ``text``, one of the typed texts of ``record`` (a plan, a travel record,
    the travel sheet's data), was typed in, for its "written in" mark and for whether it
    needs words in the person's language: the one recorded with its words
    (``text_languages``), else the record's ``text_language`` (the language of the texts
    saved before each one's was recorded; "" not known: no mark)."""
    own = getattr(record, "text_languages", None) or {}
    return own.get((text or "").strip(), record.text_language)


def texts_to_write(record, lang: str) -> list[tuple[str, str]]:
    """The free texts of ``record`` (``free_texts()``: where, text) that need words in the
    person's language ``lang``: those not typed in it (:func:`text_typed_in`)."""
    return [(where, text) for where, text in record.free_texts()
            if text_typed_in(record, text) != lang]


def _money(amount: Decimal, currency: str) -> str:
    """An amount in the interface language (Babel), e.g. ``GNF10,400,000``."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import format_money

    try:
        return format_money(amount, currency, interface_language())
    except Exception:  # noqa: BLE001 - an odd code still gets a readable sentence
        return f"{amount} {currency}"


class OverCeiling(ValidationError):
    """The budget is above the programme's grant ceiling: shown in red, the plan is saved
    all the same (nothing typed is lost), but it cannot be marked ready."""


def save_blockers(problems: list[ValidationError]) -> list[ValidationError]:
    """The problems that stop a save (all but the over-ceiling warning)."""
    return [p for p in problems if not isinstance(p, OverCeiling)]


@dataclass(frozen=True)
class GrantCeiling:
    """The programme's maximum reintegration grant per person."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class BudgetCheck:
    total: Decimal
    currency: str
    ceiling: GrantCeiling | None

    @property
    def comparable(self) -> bool:
        return self.ceiling is not None and self.ceiling.currency == self.currency

    @property
    def over(self) -> bool | None:
        """True/False when the total can be compared with the ceiling, else None."""
        if not self.comparable:
            return None
        return self.total > self.ceiling.amount

    @property
    def remaining(self) -> Decimal | None:
        return self.ceiling.amount - self.total if self.comparable else None


# -- plain data ---------------------------------------------------------------------------------

def plan_to_data(plan: ReintegrationPlan) -> dict[str, Any]:
    data = _jsonable(asdict(plan))
    data.pop("version", None)
    data["summary"] = {str(k): v for k, v in plan.summary.items()}
    # plans stored before the escort could be "not yet decided" kept False for that: the
    # marker tells an explicit "no" from them (see _arrival)
    data["arrival"]["medical_escort_decided"] = plan.arrival.medical_escort is not None
    return data


def _arrival(data: dict[str, Any] | None) -> ArrivalArrangements:
    data = dict(data or {})
    decided = data.pop("medical_escort_decided", None)
    escort = data.pop("medical_escort", None)
    if decided is None:  # stored before: False meant "nothing ticked", not a decision
        escort = True if escort else None
    else:
        escort = bool(escort) if decided else None
    return ArrivalArrangements(**data, medical_escort=escort)


def plan_from_data(data: dict[str, Any], *, version: int = 0) -> ReintegrationPlan:
    """Rebuild a plan from :func:`plan_to_data` output; raise ValidationError if malformed."""
    try:
        return ReintegrationPlan(
            reference=data["reference"],
            summary={Dimension(k): v for k, v in (data.get("summary") or {}).items()},
            assistance=[Assistance(**a) for a in data.get("assistance") or []],
            currency=data.get("currency") or "",
            budget=[BudgetLine(b["item"], _decimal(b.get("estimated_cost")),
                               int(b.get("quantity", 1))) for b in data.get("budget") or []],
            referrals=[Referral(**r) for r in data.get("referrals") or []],
            opportunities=[ChosenOpportunity(**o) for o in data.get("opportunities") or []],
            arrival=_arrival(data.get("arrival")),
            contacts=[ContactPoint(**c) for c in data.get("contacts") or []],
            follow_up=[FollowUp(f["months_after_arrival"], _date(f.get("due_on")),
                                f.get("note", "")) for f in data.get("follow_up") or []],
            mentor=Mentor(**(data.get("mentor") or {})),
            well_being=WellBeing(**(data.get("well_being") or {})),
            community_projects=[CommunityProject(**p)
                                for p in data.get("community_projects") or []],
            # a plan stored before goals and actions had ids gets the positional ids the
            # follow-up used until then (g1, g1.1...), so progress recorded with them stays
            goals=[Goal(g["goal"], Dimension(g["dimension"]) if g.get("dimension") else None,
                        [Action(a["who"], a["what"], _date(a.get("by_when")),
                                bool(a.get("done", False)),
                                id=str(a.get("id") or f"g{gi}.{ai}"))
                         for ai, a in enumerate(g.get("actions") or [], 1)],
                        id=str(g.get("id") or f"g{gi}"))
                   for gi, g in enumerate(data.get("goals") or [], 1)],
            place_of_return=data.get("place_of_return") or "",
            expected_arrival=_date(data.get("expected_arrival")),
            drafted_on=_date(data.get("drafted_on")),
            notes=data.get("notes") or "",
            text_language=data.get("text_language") or "",
            text_languages=recorded_languages(data),
            returnee=ReturneeTexts(
                lang=(data.get("returnee") or {}).get("lang") or "",
                texts={str(k): str(v) for k, v in
                       ((data.get("returnee") or {}).get("texts") or {}).items()}),
            revisions=[PlanRevision(
                int(r["number"]), date.fromisoformat(r["on"]), r.get("by") or "",
                r.get("source") or "feasibility",
                # (a version made before its texts' languages were recorded: none)
                [WishChange(**{**c, "text_languages": recorded_languages(c)})
                 for c in r.get("changes") or []],
                [dict(g) for g in r.get("grid") or []]) for r in data.get("revisions") or []],
            version=version,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("The stored plan is damaged ({error}).").format(error=exc),
                              "plan") from None


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, StrEnum):
        return value.value
    return value
