"""Vulnerability screening: flags and the steps each one requires next.

A plain rule over plain data: :func:`required_steps` turns a set of flags into the steps
the counsellor must take (a child needs a guardian, a best-interests step, a family
assessment and accompaniment; health needs fitness to travel, a decision on a medical
escort and continuity of care; trafficking a risk assessment and strict confidentiality...).
Several flags may require the same step (health needs and pregnancy both need fitness to
travel): it is listed once, naming every flag that asks for it.

The categories follow DOMAIN.md (named in the seeds, plus those counsellors also screen
for). The list of steps is a floor, not a complete rule book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counsel_app.domain.case import Case
from counsel_app.domain.enums import Relation
from counsel_app.i18n import N_


class Flag:
    """Vulnerability categories (string constants, stable in storage)."""

    CHILD = "child"  # unaccompanied or separated child
    HEALTH = "health"
    TRAFFICKING = "trafficking"
    DISTRESS = "distress"  # in distress or stranded
    VIOLENCE = "violence"  # violence, exploitation, abuse
    SINGLE_PARENT = "single_parent"
    OLDER_AGE = "older_age"
    DISABILITY = "disability"
    PREGNANCY = "pregnancy"
    PSYCHOSOCIAL = "psychosocial"
    GBV = "gbv"
    SOGI = "sogi"


#: Every flag with its untranslated label and a short hint, in screening order.
FLAGS: dict[str, tuple[str, str]] = {
    Flag.CHILD: (N_("Unaccompanied or separated child"),
                 N_("Under 18 and without a parent or usual caregiver.")),
    Flag.HEALTH: (N_("Health needs"),
                  N_("Illness, injury or treatment that matters for travel or return.")),
    Flag.TRAFFICKING: (N_("Victim of trafficking (or indications)"),
                       N_("Recruited, moved or held by force, fraud or coercion for exploitation.")),
    Flag.DISTRESS: (N_("In distress or stranded"),
                    N_("Without means, shelter or a way forward where they are.")),
    Flag.VIOLENCE: (N_("Victim of violence, exploitation or abuse"),
                    N_("During the journey, in transit or in the host country.")),
    Flag.SINGLE_PARENT: (N_("Single parent with children"),
                         N_("Caring for children alone.")),
    Flag.OLDER_AGE: (N_("Older person"), N_("Age brings needs for travel or reception.")),
    Flag.DISABILITY: (N_("Disability"), N_("Physical, sensory, intellectual or psychosocial.")),
    Flag.PREGNANCY: (N_("Pregnancy"), N_("Pregnant, or recently gave birth.")),
    Flag.PSYCHOSOCIAL: (N_("Psychosocial distress"),
                        N_("Signs of severe stress, trauma, anxiety or depression.")),
    Flag.GBV: (N_("Gender-based violence"), N_("Survivor of, or at risk of, gender-based violence.")),
    Flag.SOGI: (N_("Risk linked to sexual orientation or gender identity"),
                N_("At risk because of who they are or whom they love.")),
}


@dataclass(frozen=True)
class StepRule:
    key: str
    label: str  # untranslated (N_)


#: Every step a flag can require, by key (stable in storage).
STEPS: dict[str, str] = {
    "guardian": N_("A parent, legal guardian or competent official is appointed and agrees"),
    "best_interests": N_("Best-interests assessment of the child done"),
    "family_assessment": N_("Family assessment (tracing and situation at home) done before return"),
    "accompaniment": N_("Accompaniment throughout the journey arranged"),
    "reception_care": N_("Reception and care at arrival arranged"),
    "fitness_to_travel": N_("Fitness to travel assessed by a medical professional"),
    "medical_escort": N_("Decision on a medical escort taken"),
    "continuity_of_care": N_("Continuity of treatment and medicines at return arranged"),
    "risk_assessment": N_("Risk assessment for the return done"),
    "safe_reception": N_("Safe reception at arrival arranged"),
    "strict_confidentiality": N_("Case marked strictly confidential; only those who must know"),
    "no_sharing_without_agreement": N_(
        "Nothing shared with any partner the person has not agreed to"),
    "immediate_assistance": N_("Immediate needs met (shelter, food, basic needs)"),
    "protection_referral": N_("Referral to protection services offered"),
    "childcare_plan": N_("Children's care, schooling and needs included in the plan"),
    "travel_assistance": N_("Assistance during travel and transit arranged"),
    "accessible_travel": N_("Accessible travel, reception and assistive devices arranged"),
    "maternal_care": N_("Maternal care before travel and at return arranged"),
    "psychosocial_referral": N_("Psychosocial support (MHPSS) offered or referred"),
    "gbv_referral": N_("Referral to specialised GBV services offered, with consent"),
    "counsellor_choice": N_("Offered a counsellor and interpreter of the gender they prefer"),
}

#: What each flag requires next, in the order to do it.
RULES: dict[str, tuple[str, ...]] = {
    Flag.CHILD: ("guardian", "best_interests", "family_assessment", "accompaniment",
                 "reception_care"),
    Flag.HEALTH: ("fitness_to_travel", "medical_escort", "continuity_of_care"),
    Flag.TRAFFICKING: ("risk_assessment", "safe_reception", "strict_confidentiality",
                       "no_sharing_without_agreement"),
    Flag.DISTRESS: ("immediate_assistance",),
    Flag.VIOLENCE: ("protection_referral", "risk_assessment", "psychosocial_referral"),
    Flag.SINGLE_PARENT: ("childcare_plan",),
    Flag.OLDER_AGE: ("travel_assistance", "fitness_to_travel"),
    Flag.DISABILITY: ("accessible_travel", "travel_assistance", "continuity_of_care"),
    Flag.PREGNANCY: ("fitness_to_travel", "maternal_care"),
    Flag.PSYCHOSOCIAL: ("psychosocial_referral",),
    Flag.GBV: ("gbv_referral", "counsellor_choice", "strict_confidentiality",
               "no_sharing_without_agreement"),
    Flag.SOGI: ("risk_assessment", "strict_confidentiality", "no_sharing_without_agreement"),
}

#: Flags after which nothing about the case may be shared without the person's agreement.
CONFIDENTIAL_FLAGS = frozenset({Flag.TRAFFICKING, Flag.GBV, Flag.SOGI})


@dataclass(frozen=True)
class RequiredStep:
    key: str
    label: str  # untranslated
    flags: tuple[str, ...]  # the flags that require it


def required_steps(flags: set[str] | list[str]) -> list[RequiredStep]:
    """The steps the given flags require, each once, in flag order then rule order."""
    unknown = set(flags) - FLAGS.keys()
    if unknown:
        raise ValueError(f"unknown vulnerability flag(s): {sorted(unknown)}")
    order: list[str] = []
    by_step: dict[str, list[str]] = {}
    for flag in FLAGS:  # stable order
        if flag not in flags:
            continue
        for step in RULES[flag]:
            if step not in by_step:
                order.append(step)
                by_step[step] = []
            by_step[step].append(flag)
    return [RequiredStep(key, STEPS[key], tuple(by_step[key])) for key in order]


def strictly_confidential(flags: set[str] | list[str],
                          marked: frozenset[str] | set[str] = CONFIDENTIAL_FLAGS) -> bool:
    """Whether sharing anything needs the person's explicit agreement first (``marked``:
    the flags strictly confidential at this centre,
    :func:`counsel_app.session.confidentiality.confidential_flags`)."""
    return bool(set(marked) & set(flags))


@dataclass(frozen=True)
class Suggestion:
    flag: str
    reason: str  # untranslated (N_), formatted with no placeholders


def suggested_flags(case: Case, today: date | None = None) -> list[Suggestion]:
    """Flags the intake data hints at; the counsellor decides (never set automatically)."""
    today = today or date.today()
    out: list[Suggestion] = []
    minor = case.person.is_minor_on(today)
    age = case.person.age_on(today)
    parents = [m for m in case.household if m.relation in (Relation.PARENT,)]
    children = [m for m in case.household if m.relation is Relation.CHILD]
    partners = [m for m in case.household if m.relation is Relation.SPOUSE]
    if minor and not any(m.travelling for m in parents):
        out.append(Suggestion(Flag.CHILD, N_(
            "The person is under 18 and no travelling parent is recorded.")))
    if children and not partners:
        out.append(Suggestion(Flag.SINGLE_PARENT, N_(
            "Children are recorded and no spouse or partner.")))
    if age is not None and age >= 60:
        out.append(Suggestion(Flag.OLDER_AGE, N_("The person is 60 or older.")))
    if case.reason is not None and case.reason.value == "trafficking_victim":
        out.append(Suggestion(Flag.TRAFFICKING, N_(
            "The reason for return recorded at intake is trafficking.")))
    if case.reason is not None and case.reason.value == "stranded_in_transit":
        out.append(Suggestion(Flag.DISTRESS, N_(
            "The reason for return recorded at intake is being stranded in transit.")))
    return out
