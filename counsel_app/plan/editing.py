"""The plan editor's rules that need no widget (Qt-free, tested on their own).

* where each validation problem goes: the section label beside the field, the table cell
  (row, column) it names and the tab that holds it (:func:`locate_problems`);
* a referral from a service of the country library (:func:`referral_from_entry`);
* a chosen opportunity from the opportunities area's snapshot
  (:func:`opportunity_from_snapshot`) and back (:func:`catalogue_id`);
* the assistance types ticked on and off (:func:`set_assistance`), follow-up months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from counsel_app.plan.model import (
    ASSISTANCE_TYPES,
    Assistance,
    ChosenOpportunity,
    Referral,
    ReintegrationPlan,
)

#: the editor's tabs, in order, and the sections of the plan each one holds
TABS: tuple[tuple[str, ...], ...] = (
    ("summary", "assistance", "place_of_return", "expected_arrival", "notes", "plan"),
    ("budget", "currency"),
    ("referrals", "opportunities"),
    ("arrival", "contacts", "mentor"),
    ("follow_up", "well_being", "community_projects"),
    ("goals",),
)
#: a field path section -> the section whose label shows its problems
SECTION_ALIASES = {"currency": "budget"}

_PATH = re.compile(r"^(?P<section>[a-z_]+)(?:\[(?P<row>\d+)\])?(?:\.(?P<rest>.*))?$")
_ACTION = re.compile(r"^actions\[(?P<row>\d+)\](?:\.(?P<column>\w+))?$")

#: kinds of the opportunities catalogue -> kinds the plan prints
OPPORTUNITY_KIND = {"job": "job", "training": "training", "apprenticeship": "training",
                    "startup": "business_support", "placement": "job"}
SOURCE_PREFIX = "opportunities:"
ASSISTANCE_ORDER = [key for types in ASSISTANCE_TYPES.values() for key in types]


@dataclass
class ProblemMap:
    #: section -> messages shown beside it
    by_section: dict[str, list[str]] = field(default_factory=dict)
    #: table (a plan list: "budget", "goals", "actions"...) -> {(row, column): message};
    #: column "" marks the whole row
    cells: dict[str, dict[tuple[int, str], str]] = field(default_factory=dict)
    #: indexes of the tabs that hold a problem
    tabs: set[int] = field(default_factory=set)


def tab_of(section: str) -> int:
    for index, sections in enumerate(TABS):
        if section in sections:
            return index
    return 0


def locate_problems(problems, goal_row: int = -1) -> ProblemMap:
    """Where to show each :class:`ValidationError` (its ``field`` is a path such as
    ``budget[2].item`` or ``goals[0].actions[1].who``). Actions are a table of the goal
    chosen (``goal_row``); their problems also mark the goal's row."""
    found = ProblemMap()
    for problem in problems:
        text = str(problem)
        match = _PATH.match(getattr(problem, "field", "") or "")
        if match is None:
            found.by_section.setdefault("plan", []).append(text)
            found.tabs.add(0)
            continue
        section = SECTION_ALIASES.get(match["section"], match["section"])
        found.by_section.setdefault(section, []).append(text)
        found.tabs.add(tab_of(section))
        if match["row"] is None:
            continue
        row, rest = int(match["row"]), match["rest"] or ""
        action = _ACTION.match(rest) if section == "goals" else None
        if action is not None:
            found.cells.setdefault("goals", {})[(row, "")] = text
            if row == goal_row:
                found.cells.setdefault("actions", {})[
                    (int(action["row"]), action["column"] or "")] = text
        else:
            found.cells.setdefault(section, {})[(row, rest)] = text
    return found


def referral_from_entry(entry, lang: str) -> Referral:
    """A referral (organisation, what it provides, contact) from a ``services`` entry of
    the country library (:class:`country_info.Entry` with organisation data)."""
    from country_info.model import pick

    org = entry.item.organisation or {}

    def text(key: str) -> str:
        found = pick(org.get(key) or {}, lang, entry.item.source_language)
        return found.text if found else ""

    title = entry.title_in(lang).text
    contact = ", ".join(list(org.get("phone") or []) + list(org.get("email") or []))
    return Referral(text("name") or title, text("services") or title, contact)


def opportunity_from_snapshot(snap: dict[str, Any]) -> ChosenOpportunity | None:
    """A plan entry from one of ``OpportunityService.plan_data()["chosen_opportunities"]``;
    None when it has no id or title."""
    if snap.get("id") is None or not snap.get("title"):
        return None
    return ChosenOpportunity(
        title=snap["title"], provider=snap.get("provider_name", ""),
        kind=OPPORTUNITY_KIND.get(snap.get("kind", ""), "other"),
        place=snap.get("place", ""), source_id=f"{SOURCE_PREFIX}{snap['id']}",
        is_sample=bool(snap.get("is_sample")))


def catalogue_id(opportunity: ChosenOpportunity) -> int | None:
    """The opportunities catalogue id a plan entry came from, or None (typed by hand)."""
    if opportunity.source_id.startswith(SOURCE_PREFIX):
        tail = opportunity.source_id[len(SOURCE_PREFIX):]
        return int(tail) if tail.isdigit() else None
    return None


def set_assistance(plan: ReintegrationPlan, key: str, on: bool, details: str = "",
                   referral_needed: bool = False) -> None:
    """Tick a type of assistance on (kept in the template's order) or off."""
    present = any(a.type == key for a in plan.assistance)
    if on and not present:
        plan.assistance.append(Assistance(key, details, referral_needed))
        plan.assistance.sort(key=lambda a: ASSISTANCE_ORDER.index(a.type)
                             if a.type in ASSISTANCE_ORDER else len(ASSISTANCE_ORDER))
    elif not on:
        plan.assistance = [a for a in plan.assistance if a.type != key]


def next_follow_up_month(plan: ReintegrationPlan, limit: int = 60) -> int:
    """The month after the last planned follow-up (not one already taken)."""
    used = {f.months_after_arrival for f in plan.follow_up}
    month = max(used, default=0) + 1
    while month in used:
        month += 1
    return min(month, limit)
