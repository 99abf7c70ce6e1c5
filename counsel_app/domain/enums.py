"""Closed vocabularies of the domain, each value with a translatable label."""

from __future__ import annotations

import sys
from enum import StrEnum

from counsel_app.i18n import N_


class LabelledEnum(StrEnum):
    """A string enum whose members carry an untranslated, extractable label: the module that
    declares the enum keeps its labels in a ``_LABELS`` table (``{enum: {member: N_(...)}}``)
    after the classes, where ``xgettext``-style extraction finds them."""

    @property
    def label(self) -> str:
        return sys.modules[type(self).__module__]._LABELS[type(self)][self]


class CaseStatus(LabelledEnum):
    DRAFT = "draft"
    COUNSELLING = "counselling"
    DECISION_TAKEN = "decision_taken"
    CONSENTED = "consented"
    PLAN_READY = "plan_ready"
    HANDED_OVER = "handed_over"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class Decision(LabelledEnum):
    RETURN = "return"
    NEEDS_MORE_TIME = "needs_more_time"
    DECLINED = "declined"


class Sex(LabelledEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_STATED = "not_stated"


class ReasonCategory(LabelledEnum):
    ASYLUM_REJECTED = "asylum_rejected"
    IRREGULAR_STAY = "irregular_stay"
    STRANDED_IN_TRANSIT = "stranded_in_transit"
    TRAFFICKING_VICTIM = "trafficking_victim"
    LACKS_MEANS = "lacks_means"
    OTHER = "other"


class Relation(LabelledEnum):
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"


_LABELS: dict[type, dict] = {
    CaseStatus: {
        CaseStatus.DRAFT: N_("Draft"),
        CaseStatus.COUNSELLING: N_("Counselling"),
        CaseStatus.DECISION_TAKEN: N_("Decision taken"),
        CaseStatus.CONSENTED: N_("Consented"),
        CaseStatus.PLAN_READY: N_("Plan ready"),
        CaseStatus.HANDED_OVER: N_("Handed over"),
        CaseStatus.DEPARTED: N_("Departed"),
        CaseStatus.ARRIVED: N_("Arrived"),
        CaseStatus.FOLLOW_UP: N_("Follow-up"),
        CaseStatus.CLOSED: N_("Closed"),
    },
    Decision: {
        Decision.RETURN: N_("Return"),
        Decision.NEEDS_MORE_TIME: N_("Needs more time"),
        Decision.DECLINED: N_("Declined"),
    },
    Sex: {
        Sex.FEMALE: N_("Female"),
        Sex.MALE: N_("Male"),
        Sex.OTHER: N_("Other"),
        Sex.NOT_STATED: N_("Not stated"),
    },
    ReasonCategory: {
        ReasonCategory.ASYLUM_REJECTED: N_("Asylum claim rejected or withdrawn"),
        ReasonCategory.IRREGULAR_STAY: N_("Irregular stay"),
        ReasonCategory.STRANDED_IN_TRANSIT: N_("Stranded in transit"),
        ReasonCategory.TRAFFICKING_VICTIM: N_("Victim of trafficking"),
        ReasonCategory.LACKS_MEANS: N_("Lacks means to return"),
        ReasonCategory.OTHER: N_("Other"),
    },
    Relation: {
        Relation.SPOUSE: N_("Spouse or partner"),
        Relation.CHILD: N_("Child"),
        Relation.PARENT: N_("Parent"),
        Relation.SIBLING: N_("Brother or sister"),
        Relation.OTHER_RELATIVE: N_("Other relative"),
        Relation.OTHER: N_("Other"),
    },
}
