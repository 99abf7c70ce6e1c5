"""The rules of consent, over plain data (no database, no Qt).

* :func:`blocking_reasons` says why a consent cannot be recorded as given (teach-back,
  legal capacity, missing recipient...), each reason one clear translated sentence.
* :class:`ConsentState` folds a case's consent history into what is in force now and
  answers the questions every sharing path asks: :meth:`ConsentState.allows`,
  :meth:`ConsentState.sharable_sections`, :meth:`ConsentState.require`.
* :func:`filter_for_recipient` removes from a data bundle everything the consents do not
  allow to go to a recipient (deny by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from counsel_app.consent.purposes import DataCategory, EventKind, Method, Purpose, Signer
from counsel_app.domain.case import Person, guardian_needed
from counsel_app.errors import UserError
from counsel_app.i18n import _


class ConsentRequired(UserError):
    """A sharing or step that the person's current consents do not allow."""

    def __init__(self, message: str, missing: list[tuple[Purpose, str]] | None = None):
        super().__init__(message)
        self.missing = missing or []


class ConsentBlocked(UserError):
    """A consent that cannot be recorded as given yet; ``reasons`` says why."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


# -- what the counsellor records ----------------------------------------------------------
@dataclass(frozen=True)
class InterpreterInfo:
    """Whether the text was interpreted, into which language, by whom."""

    used: bool = False
    language: str = ""
    name_or_id: str = ""


@dataclass(frozen=True)
class Guardian:
    name: str = ""
    relation: str = ""  # parent, legal guardian, appointed representative...
    contact: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.name.strip() and self.relation.strip() and self.contact.strip())


@dataclass(frozen=True)
class Capacity:
    """Legal capacity: whether a guardian decides with or for the person."""

    #: the counsellor found the person lacks capacity to decide (not about age)
    lacks_capacity: bool = False
    guardian: Guardian | None = None
    best_interests_ref: str = ""  # reference of the best-interests determination

    @property
    def guardian_complete(self) -> bool:
        return self.guardian is not None and self.guardian.complete


@dataclass(frozen=True)
class Circumstances:
    """How a set of consents was given: shared by the choices recorded together."""

    language: str  # language of the consent text the person was given (document language)
    method: Method
    counsellor: str
    at: datetime
    interpreter: InterpreterInfo = field(default_factory=InterpreterInfo)
    teach_back_done: bool = False
    teach_back_note: str = ""
    capacity: Capacity = field(default_factory=Capacity)
    signer: Signer = Signer.PERSON


@dataclass(frozen=True)
class Choice:
    """One consent, given or refused."""

    purpose: Purpose
    given: bool
    recipient_id: str = ""
    recipient_name: str = ""
    #: the consent text version the person was shown (``None``: the current one)
    text_id: int | None = None

    @property
    def key(self) -> tuple[Purpose, str]:
        return self.purpose, self.recipient_id if self.purpose.needs_recipient else ""


#: a recipient id for "the office in" a country whose key this station does not trust yet
OFFICE_IN = "office-in:"


def office_in(country: str) -> str:
    """The recipient id of the programme's office in ``country`` (key to follow)."""
    return f"{OFFICE_IN}{country.strip().upper()}"


def office_in_name(recipient_id: str) -> str:
    """"the office in Guinea" for ``office-in:GN`` (empty for any other id)."""
    if not recipient_id.startswith(OFFICE_IN):
        return ""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.names import country_name

    return _("the office in {country} (key to follow)").format(
        country=country_name(recipient_id[len(OFFICE_IN):], interface_language()))


def same_name(name: str) -> str:
    """An office's name as compared: case and spacing do not count."""
    return " ".join((name or "").split()).casefold()


def needs_guardian(person: Person, capacity: Capacity, on: date) -> str | None:
    """Why a guardian must consent with/for the person, or ``None``.

    A minor, a person of unknown age and a person found to lack capacity cannot consent
    alone (:func:`counsel_app.domain.case.guardian_needed`)."""
    return guardian_needed(person, on, lacks_capacity=capacity.lacks_capacity)


def blocking_reasons(person: Person, circumstances: Circumstances,
                     choices: Iterable[Choice] = ()) -> list[str]:
    """Every reason the ``choices`` cannot be recorded now (empty: they can).

    A refusal is always recordable: saying no needs no teach-back and no guardian. A
    consent given needs teach-back and, for a minor or a person without capacity, the
    guardian's details and a best-interests determination reference."""
    choices = list(choices)
    reasons: list[str] = []
    for choice in choices:
        if choice.purpose.needs_recipient and not choice.recipient_id.strip():
            reasons.append(_("Name the office or partner for “{purpose}”.").format(
                purpose=_(choice.purpose.label)))
    keys = [c.key for c in choices]
    if len(keys) != len(set(keys)):
        reasons.append(_("The same consent is listed twice; record each consent once."))
    if circumstances.at.tzinfo is not None and circumstances.at > (
            datetime.now(timezone.utc) + timedelta(minutes=10)):
        reasons.append(_("The date and time of the consent is in the future."))
    if not circumstances.counsellor.strip():
        reasons.append(_("Record which counsellor took the consent."))
    interp = circumstances.interpreter
    if interp.used and not (interp.language.strip() and interp.name_or_id.strip()):
        reasons.append(_("An interpreter was used: enter the interpreter's language and "
                         "name or id."))
    if not any(c.given for c in choices):
        return reasons
    if not (circumstances.teach_back_done and circumstances.teach_back_note.strip()):
        reasons.append(_("A consent can only be recorded as informed after teach-back: "
                         "tick that the person explained back in their own words what they "
                         "agree to, and write a short note of what they said."))
    why_guardian = needs_guardian(person, circumstances.capacity, circumstances.at.date())
    if why_guardian:
        capacity = circumstances.capacity
        missing = []
        if not capacity.guardian_complete:
            missing.append(_("the guardian's name, relation or role and contact"))
        if not capacity.best_interests_ref.strip():
            missing.append(_("the reference of the best-interests determination"))
        if missing:
            reasons.append(
                _("{why} They cannot consent alone: enter {missing}.").format(
                    why=why_guardian, missing=_(" and ").join(missing))
            )
    return reasons


# -- the history, folded ------------------------------------------------------------------
@dataclass(frozen=True)
class ConsentEvent:
    """One entry of a case's consent history (decrypted, plain data)."""

    seq: int
    event_id: str
    kind: EventKind
    purpose: Purpose
    recipient_id: str
    recorded_at: datetime
    text_id: int | None = None
    text_version: int | None = None
    text_language: str = ""
    method: Method | None = None
    signer: Signer = Signer.PERSON
    details: Mapping[str, Any] = field(default_factory=dict)  # the decrypted personal part

    @property
    def key(self) -> tuple[Purpose, str]:
        return self.purpose, self.recipient_id


@dataclass(frozen=True)
class Standing:
    """Where one consent stands now."""

    purpose: Purpose
    recipient_id: str
    kind: EventKind
    since: datetime
    event: ConsentEvent

    @property
    def in_force(self) -> bool:
        return self.kind is EventKind.GIVEN


#: What each data category needs, on top of sharing with the recipient being allowed.
CATEGORY_PURPOSE: dict[DataCategory, Purpose | None] = {
    DataCategory.IDENTIFICATION: None,
    DataCategory.PLAN: None,
    DataCategory.ASSESSMENTS: None,
    DataCategory.HEALTH: Purpose.SHARE_HEALTH_DATA,
    DataCategory.IDENTITY_DOCUMENTS: Purpose.KEEP_ID_DOCUMENTS,
    DataCategory.FOLLOW_UP_CONTACT: Purpose.FOLLOW_UP_CONTACT,
    DataCategory.TRAVEL: None,
    DataCategory.CONFIDENTIAL: Purpose.SHARE_CONFIDENTIAL,
}
#: Categories that never leave, whatever the consents.
NEVER_SHARED: frozenset[DataCategory] = frozenset({DataCategory.ASYLUM_HISTORY})


@dataclass
class ConsentState:
    """The consents of one case as they stand now, and the sharing rules over them.

    ``intact`` is False when the history failed verification: then nothing may be shared
    (fail closed) until the break is investigated."""

    reference: str
    standings: dict[tuple[Purpose, str], Standing] = field(default_factory=dict)
    intact: bool = True
    recipient_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_events(cls, reference: str, events: Iterable[ConsentEvent], *,
                    intact: bool = True) -> ConsentState:
        state = cls(reference, intact=intact)
        for event in sorted(events, key=lambda e: e.seq):
            key = event.key
            if event.kind is EventKind.WITHDRAWN:
                previous = state.standings.get(key)
                if previous is None or previous.kind is not EventKind.GIVEN:
                    continue  # withdrawing what was not given changes nothing
            state.standings[key] = Standing(event.purpose, event.recipient_id, event.kind,
                                            event.recorded_at, event)
            name = event.details.get("recipient_name") if event.details else None
            if event.recipient_id and name:
                state.recipient_names[event.recipient_id] = name
        return state

    # -- raw standings ------------------------------------------------------------------
    def standing(self, purpose: Purpose, recipient: str | None = None) -> Standing | None:
        return self.standings.get((purpose, recipient or "" if purpose.needs_recipient else ""))

    def is_given(self, purpose: Purpose, recipient: str | None = None) -> bool:
        standing = self.standing(purpose, recipient)
        return standing is not None and standing.in_force

    def recipients(self, *, in_force_only: bool = True) -> list[str]:
        """Recipient ids with a sharing consent (in force, or ever recorded)."""
        return sorted(
            r for (p, r), s in self.standings.items()
            if p is Purpose.SHARE_WITH_RECIPIENT and (s.in_force or not in_force_only)
        )

    # -- the rules ----------------------------------------------------------------------
    def missing_for(self, purpose: Purpose, recipient: str | None = None
                    ) -> list[tuple[Purpose, str]]:
        """The consents (purpose, recipient) that must be in force for ``purpose``
        (towards ``recipient`` when one is named) and are not."""
        purpose = Purpose(purpose)
        recipient = (recipient or "").strip()
        needed: list[tuple[Purpose, str]] = [(purpose, recipient if purpose.needs_recipient
                                              else "")]
        if purpose is not Purpose.RETURN_DECISION:
            needed.insert(0, (Purpose.DATA_PROCESSING, ""))
        if purpose.needs_recipient or recipient:
            # anything sent to a recipient rides on the decision to return and on
            # sharing with that recipient
            needed[:0] = [(Purpose.RETURN_DECISION, ""), (Purpose.DATA_PROCESSING, "")]
            needed.append((Purpose.SHARE_WITH_RECIPIENT, recipient))
        seen: list[tuple[Purpose, str]] = []
        for item in needed:
            if item not in seen:
                seen.append(item)
        return [(p, r) for p, r in seen
                if not (self.is_given(p, r) and (r or not p.needs_recipient))]

    def allows(self, purpose: Purpose, recipient: str | None = None) -> bool:
        """Whether ``purpose`` may be done now (towards ``recipient`` if named)."""
        if not self.intact:
            return False
        return not self.missing_for(purpose, recipient)

    def sharable_sections(self, recipient: str) -> frozenset[DataCategory]:
        """The data categories that may go to ``recipient`` now (empty: nothing)."""
        recipient = (recipient or "").strip()
        if not recipient or not self.allows(Purpose.SHARE_WITH_RECIPIENT, recipient):
            return frozenset()
        out = set()
        for category, purpose in CATEGORY_PURPOSE.items():
            if purpose is None or self.allows(purpose, recipient):
                out.add(category)
        return frozenset(out - NEVER_SHARED)

    def require(self, purpose: Purpose, recipient: str | None = None) -> None:
        """Raise :class:`ConsentRequired` (one clear sentence) unless allowed."""
        if not self.intact:
            raise ConsentRequired(
                _("The consent history of case {reference} failed its integrity check; "
                  "nothing may be shared until it is investigated (run “counsel-app consent "
                  "verify {reference}”).").format(reference=self.reference))
        missing = self.missing_for(purpose, recipient)
        if missing:
            names = [self.describe(p, r) for p, r in missing]
            raise ConsentRequired(
                _("Case {reference}: this needs consent that is not in force: {missing}.")
                .format(reference=self.reference, missing="; ".join(names)),
                missing,
            )

    def require_category(self, category: DataCategory, recipient: str) -> None:
        category = DataCategory(category)
        if category in NEVER_SHARED:
            raise ConsentRequired(_("“{category}” is never shared.").format(
                category=_(category.label)))
        purpose = CATEGORY_PURPOSE[category] or Purpose.SHARE_WITH_RECIPIENT
        self.require(purpose, recipient)

    def unrecorded(self, choices: Iterable[Choice]) -> list[Choice]:
        """The choices that would change what is recorded (an answer the history already
        holds, in force or refused, is not asked again)."""
        out = []
        for choice in choices:
            standing = self.standing(choice.purpose, choice.recipient_id)
            recorded = None
            if standing is not None:
                if standing.in_force:
                    recorded = True
                elif standing.kind is EventKind.REFUSED:
                    recorded = False
            if recorded is not choice.given:
                out.append(choice)
        return out

    def recipient_for_office(self, fingerprint: str, name: str, country: str = ""
                             ) -> str | None:
        """The recipient id under which the person consented to sharing with the trusted
        office (``fingerprint``, ``name``): its key; a consent recorded under the office's
        name before its key was trusted (names compared without case and spacing); or
        "the office in" the case's country of return, key to follow (:func:`office_in`).
        ``None`` when no consent in force covers it."""
        candidates = [fingerprint]
        wanted = same_name(name)
        candidates += sorted(rid for rid, rname in self.recipient_names.items()
                             if wanted and same_name(rname) == wanted)
        if wanted:
            candidates += sorted(rid for rid in self.recipients() if same_name(rid) == wanted)
        if country:
            candidates.append(office_in(country))
        return next((c for c in candidates
                     if c and self.allows(Purpose.SHARE_WITH_RECIPIENT, c)), None)

    def describe(self, purpose: Purpose, recipient: str = "") -> str:
        label = _(purpose.label)
        if purpose.needs_recipient:
            name = (self.recipient_names.get(recipient) or office_in_name(recipient)
                    or recipient or _("(no recipient)"))
            return _("{purpose}: {recipient}").format(purpose=label, recipient=name)
        return label

    # -- the case workflow --------------------------------------------------------------
    def consented_blockers(self) -> list[str]:
        """Why the case cannot move to *consented* (empty: it can)."""
        reasons = []
        if not self.intact:
            reasons.append(_("The consent history failed its integrity check."))
        for purpose in (Purpose.RETURN_DECISION, Purpose.DATA_PROCESSING):
            if not self.is_given(purpose):
                reasons.append(_("“{purpose}” is not given.").format(purpose=_(purpose.label)))
        return reasons


def filter_for_recipient(bundle: Mapping[str, Any], state: ConsentState,
                         recipient: str) -> dict[str, Any]:
    """The part of ``bundle`` (category value → data) that may go to ``recipient``.

    Deny by default: a key that is not a known data category, a category without consent
    and a category that is never shared are all left out. The data under each kept key is
    passed through unchanged (the caller files each piece under the right category: health
    details inside an assessment belong under ``health``)."""
    allowed = {c.value for c in state.sharable_sections(recipient)}
    return {key: value for key, value in bundle.items()
            if isinstance(key, str) and key in allowed}


def withheld_categories(bundle: Mapping[str, Any], state: ConsentState,
                        recipient: str) -> list[str]:
    """The keys of ``bundle`` that :func:`filter_for_recipient` leaves out."""
    kept = filter_for_recipient(bundle, state, recipient)
    return [str(key) for key in bundle if key not in kept]
