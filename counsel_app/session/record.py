"""The whole counselling session as plain data, one JSON-ready *part* per step.

Each part is stored on its own (small, frequent autosaves; a conflict touches one step
only). Steps plugged in by other areas keep their data in their own tables or, if they
wish, in a part of their own here (``SessionRecord.extra[part]``: any JSON object); an
area that does says how the person's copy of their data reads it
(:func:`counsel_app.session.privacy.describe_step_part`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from counsel_app.domain.case import utcnow
from counsel_app.i18n import recorded_languages
from counsel_app.session.assessment import Assessment
from counsel_app.session.screening import FLAGS, required_steps
from counsel_app.session.typed_texts import TypedTexts, text_key
from counsel_app.session.voluntariness import Voluntariness


def now_iso(now: datetime | None = None) -> str:
    return (now or utcnow()).isoformat(timespec="seconds")


@dataclass
class Progress:
    last_step: str = ""
    visited: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"last_step": self.last_step, "visited": list(self.visited)}

    @classmethod
    def from_json(cls, data: dict | None) -> Progress:
        data = data or {}
        return cls(data.get("last_step") or "", list(data.get("visited") or []))


@dataclass
class StepState:
    done: bool = False
    done_at: str = ""
    note: str = ""


@dataclass
class Screening(TypedTexts):
    """Flags set (flag → note) and the state of each required next step. Its notes (the
    screening's, each flag's, each step's) are typed separately: each has its language
    (:mod:`counsel_app.session.typed_texts`)."""

    flags: dict[str, str] = field(default_factory=dict)
    steps: dict[str, StepState] = field(default_factory=dict)
    screened_at: str = ""
    note: str = ""
    text_languages: dict[str, str] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        return {"note": self.note,
                **{text_key("flag", f): note for f, note in self.flags.items()},
                **{text_key("step", k): st.note for k, st in self.steps.items()}}

    def set_flag(self, flag: str, on: bool, note: str | None = None) -> None:
        if flag not in FLAGS:
            raise ValueError(f"unknown flag {flag!r}")
        if on:
            self.flags[flag] = self.flags.get(flag, "") if note is None else note
        else:
            self.flags.pop(flag, None)
        self.screened_at = now_iso()

    def required(self):
        return required_steps(set(self.flags))

    def mark_step(self, key: str, done: bool, now: datetime | None = None) -> None:
        state = self.steps.setdefault(key, StepState())
        state.done = done
        state.done_at = now_iso(now) if done else ""

    def open_steps(self) -> list[str]:
        """Keys of required steps not done yet."""
        return [r.key for r in self.required() if not self.steps.get(r.key, StepState()).done]

    def to_json(self) -> dict:
        return {"flags": dict(self.flags),
                "steps": {k: vars(v).copy() for k, v in self.steps.items()},
                "screened_at": self.screened_at, "note": self.note,
                "text_languages": dict(self.text_languages)}

    @classmethod
    def from_json(cls, data: dict | None) -> Screening:
        data = data or {}
        return cls({k: v for k, v in (data.get("flags") or {}).items() if k in FLAGS},
                   {k: StepState(**v) for k, v in (data.get("steps") or {}).items()},
                   data.get("screened_at") or "", data.get("note") or "",
                   recorded_languages(data))


@dataclass
class Information(TypedTexts):
    """Topics covered (topic key → when) and country-pack items shown (id → when)."""

    covered: dict[str, str] = field(default_factory=dict)
    shown_items: dict[str, str] = field(default_factory=dict)
    pack_titles: dict[str, str] = field(default_factory=dict)  # "pack:<id>" → title shown
    handout_topics: list[str] = field(default_factory=list)
    handouts_printed: list[dict] = field(default_factory=list)  # {"at", "lang", "topics"}
    note: str = ""
    text_languages: dict[str, str] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        return {"note": self.note}

    def cover(self, topic: str, on: bool, now: datetime | None = None) -> None:
        if on:
            self.covered.setdefault(topic, now_iso(now))
        else:
            self.covered.pop(topic, None)

    def show_item(self, item_id: str, title: str = "", now: datetime | None = None) -> None:
        self.shown_items.setdefault(item_id, now_iso(now))
        if title:
            self.pack_titles[f"pack:{item_id}"] = title

    def to_json(self) -> dict:
        return {"covered": dict(self.covered), "shown_items": dict(self.shown_items),
                "pack_titles": dict(self.pack_titles),
                "handout_topics": list(self.handout_topics),
                "handouts_printed": list(self.handouts_printed), "note": self.note,
                "text_languages": dict(self.text_languages)}

    @classmethod
    def from_json(cls, data: dict | None) -> Information:
        data = data or {}
        return cls(dict(data.get("covered") or {}), dict(data.get("shown_items") or {}),
                   dict(data.get("pack_titles") or {}), list(data.get("handout_topics") or []),
                   list(data.get("handouts_printed") or []), data.get("note") or "",
                   recorded_languages(data))


@dataclass
class Opportunities(TypedTexts):
    """Opportunities the counsellor added to the plan (ids from the opportunities area)."""

    added: dict[str, str] = field(default_factory=dict)  # opportunity id → when
    note: str = ""
    text_languages: dict[str, str] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        return {"note": self.note}

    def to_json(self) -> dict:
        return {"added": dict(self.added), "note": self.note,
                "text_languages": dict(self.text_languages)}

    @classmethod
    def from_json(cls, data: dict | None) -> Opportunities:
        data = data or {}
        return cls(dict(data.get("added") or {}), data.get("note") or "",
                   recorded_languages(data))


#: Part name → class; every part has ``to_json``/``from_json``.
PARTS = {
    "progress": Progress,
    "screening": Screening,
    "information": Information,
    "assessment": Assessment,
    "voluntariness": Voluntariness,
    "opportunities": Opportunities,
}


@dataclass
class SessionRecord:
    case_id: int
    reference: str
    progress: Progress = field(default_factory=Progress)
    screening: Screening = field(default_factory=Screening)
    information: Information = field(default_factory=Information)
    assessment: Assessment = field(default_factory=Assessment)
    voluntariness: Voluntariness = field(default_factory=Voluntariness)
    opportunities: Opportunities = field(default_factory=Opportunities)
    #: parts of plugged-in steps (name → JSON object)
    extra: dict[str, dict] = field(default_factory=dict)
    #: stored version of each part (0: never stored) for optimistic locking
    versions: dict[str, int] = field(default_factory=dict)

    def part(self, name: str):
        if name in PARTS:
            return getattr(self, name)
        return self.extra.setdefault(name, {})

    def part_json(self, name: str) -> dict:
        value = self.part(name)
        return value.to_json() if hasattr(value, "to_json") else dict(value)

    def set_part_json(self, name: str, data: dict) -> None:
        if name in PARTS:
            setattr(self, name, PARTS[name].from_json(data))
        else:
            self.extra[name] = dict(data)
