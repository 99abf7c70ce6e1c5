"""A return counselling case and the people in it (plain data, no storage)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from counsel_app.domain.enums import CaseStatus, Decision, ReasonCategory, Relation, Sex
from counsel_app.domain.workflow import check_transition
from counsel_app.errors import ValidationError
from counsel_app.i18n import _

ADULT_AGE = 18
_ISO2 = re.compile(r"^[A-Z]{2}$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,24}$")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """A datetime read back from the database, made aware: naive ones are UTC (SQLite
    stores no zone). ``None`` stays ``None``."""
    if value is None or value.tzinfo:
        return value
    return value.replace(tzinfo=timezone.utc)


def years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def phone_problem(phone: str) -> ValidationError | None:
    """What is wrong with a phone number as typed (``person.phone``), or None. The one
    phone rule: the intake screen, imports and the repository all ask here."""
    if phone and not _PHONE.match(phone.strip()):
        return ValidationError(_("The phone number may only hold digits, spaces and + ( ) - ."),
                               "person.phone")
    return None


def guardian_needed(person: Person, on: date, *, lacks_capacity: bool = False) -> str | None:
    """Why a guardian must decide or consent with (or for) the person, or None when the
    person can decide alone: they were found to lack capacity, they are a minor, or their
    age is not known. The one legal-capacity rule: consent and voluntariness both ask here."""
    if lacks_capacity:
        return _("The person was found to lack the capacity to decide alone.")
    minor = person.is_minor_on(on)
    if minor is None:
        return _("The person's age is not known: enter a date of birth or an estimated "
                 "age, or record a guardian.")
    if minor:
        return _("The person is a minor.")
    return None


@dataclass
class Person:
    """The returnee. Names are kept as the person writes them and in Latin script."""

    name_native: str = ""
    name_latin: str = ""
    sex: Sex = Sex.NOT_STATED
    date_of_birth: date | None = None
    estimated_age: int | None = None
    age_estimated_on: date | None = None
    nationality: str = ""  # ISO 3166-1 alpha-2
    languages: list[str] = field(default_factory=list)  # BCP 47 / CLDR codes
    preferred_language: str = ""
    phone: str = ""

    @property
    def display_name(self) -> str:
        return self.name_latin or self.name_native

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth:
            return years_between(self.date_of_birth, day)
        if self.estimated_age is not None:
            since = self.age_estimated_on or day
            return self.estimated_age + max(0, years_between(since, day))
        return None

    def is_minor_on(self, day: date) -> bool | None:
        age = self.age_on(day)
        return None if age is None else age < ADULT_AGE


@dataclass
class HouseholdMember:
    relation: Relation = Relation.OTHER
    name: str = ""
    age: int | None = None
    travelling: bool = False


@dataclass
class Interpreter:
    language: str = ""
    name_or_id: str = ""


@dataclass
class Case:
    """One person's return counselling case.

    ``id`` and ``version`` belong to storage: ``version`` is the optimistic-locking
    counter a save must match.
    """

    reference: str = ""
    status: CaseStatus = CaseStatus.DRAFT
    decision: Decision | None = None
    person: Person = field(default_factory=Person)
    household: list[HouseholdMember] = field(default_factory=list)
    counsellor: str = ""
    interpreter: Interpreter | None = None
    host_country: str = ""
    return_country: str = ""
    return_region: str = ""  # ISO 3166-2 code where known, otherwise free text
    return_town: str = ""
    reason: ReasonCategory | None = None
    reason_note: str = ""
    is_sample: bool = False
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    id: int | None = None
    version: int = 0

    # -- workflow -------------------------------------------------------------------
    def move_to(self, target: CaseStatus, decision: Decision | None = None) -> None:
        """Change status, or raise :class:`IllegalTransition` naming both states.

        Entering *decision taken* needs the decision itself.
        """
        target = CaseStatus(target)
        if target is CaseStatus.DECISION_TAKEN:
            if decision is None:
                raise ValidationError(_("Record the decision before marking it taken."), "decision")
            check_transition(self.status, target, decision)
            self.decision = Decision(decision)
        else:
            check_transition(self.status, target, self.decision)
        if target is CaseStatus.COUNSELLING and self.status in (
            CaseStatus.CLOSED,
            CaseStatus.DECISION_TAKEN,
            CaseStatus.CONSENTED,
            CaseStatus.PLAN_READY,
            CaseStatus.HANDED_OVER,
        ):
            # reopening or reconsidering: the earlier decision no longer stands
            self.decision = None
        self.status = target

    # -- validation -----------------------------------------------------------------
    def validate(self) -> list[ValidationError]:
        """Every problem with the case's fields, each naming its field."""
        problems: list[ValidationError] = []
        p = self.person
        if not (p.name_native.strip() or p.name_latin.strip()):
            problems.append(ValidationError(_("Enter the person's name."), "person.name_latin"))
        if p.date_of_birth and p.date_of_birth > date.today():
            problems.append(
                ValidationError(_("The date of birth is in the future."), "person.date_of_birth")
            )
        if p.estimated_age is not None and not 0 <= p.estimated_age <= 120:
            problems.append(
                ValidationError(_("The estimated age must be between 0 and 120."),
                                "person.estimated_age")
            )
        for name, value in (
            ("person.nationality", p.nationality),
            ("host_country", self.host_country),
            ("return_country", self.return_country),
        ):
            if value and not _ISO2.match(value):
                problems.append(
                    ValidationError(
                        _("“{value}” is not a two-letter country code.").format(value=value), name
                    )
                )
        phone = phone_problem(p.phone)
        if phone:
            problems.append(phone)
        if p.preferred_language and p.languages and p.preferred_language not in p.languages:
            problems.append(
                ValidationError(_("The preferred language must be one of the person's languages."),
                                "person.preferred_language")
            )
        for index, member in enumerate(self.household):
            if member.age is not None and not 0 <= member.age <= 120:
                problems.append(
                    ValidationError(_("A household member's age must be between 0 and 120."),
                                    f"household[{index}].age")
                )
        return problems

    def check_valid(self) -> None:
        problems = self.validate()
        if problems:
            raise problems[0]

    # -- plain data for storage and export --------------------------------------------
    def personal_data(self) -> dict[str, Any]:
        """The personal part of the case as JSON-ready data (goes encrypted to storage)."""
        return {
            "person": _jsonable(asdict(self.person)),
            "household": [_jsonable(asdict(m)) for m in self.household],
            "counsellor": self.counsellor,
            "interpreter": _jsonable(asdict(self.interpreter)) if self.interpreter else None,
            "return_region": self.return_region,
            "return_town": self.return_town,
            "reason": self.reason.value if self.reason else None,
            "reason_note": self.reason_note,
        }

    def load_personal_data(self, data: dict[str, Any]) -> None:
        person = dict(data.get("person") or {})
        for key in ("date_of_birth", "age_estimated_on"):
            if person.get(key):
                person[key] = date.fromisoformat(person[key])
        if person.get("sex"):
            person["sex"] = Sex(person["sex"])
        self.person = Person(**person)
        self.household = [
            HouseholdMember(**{**m, "relation": Relation(m.get("relation", "other"))})
            for m in data.get("household") or []
        ]
        self.counsellor = data.get("counsellor") or ""
        self.interpreter = Interpreter(**data["interpreter"]) if data.get("interpreter") else None
        self.return_region = data.get("return_region") or ""
        self.return_town = data.get("return_town") or ""
        self.reason = ReasonCategory(data["reason"]) if data.get("reason") else None
        self.reason_note = data.get("reason_note") or ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):
        return value.value
    return value
