"""What became of each wish when the plan is refined from the feasibility grid (Qt-free).

A line of the grid says, for one wish of the returnee, what is realistic and the decision;
the refinement records it as a new version of the plan, wish by wish:

* **kept**: feasible (alone, with support, or difficult) as wished: no other option written,
  or the option is the wish itself;
* **changed**: feasible, but as the realistic option written beside it;
* **dropped**: not feasible;
* **added**: a line with an option and no wish (something new the caseworker proposes);
* **open**: not assessed yet.

The reason is the one written in the grid. :class:`counsel_app.followup.service.
FollowupService.refine_plan` calls :func:`plan_revision` in the same transaction as the grid.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from counsel_app.i18n import N_, _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.opportunities.classifications import FeasibilityRating
from counsel_app.opportunities.model import FeasibilityRow
from counsel_app.plan.model import PlanRevision, ReintegrationPlan, WishChange


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


#: the cell of a grid's line (:data:`~counsel_app.opportunities.model.TYPED_CELLS`) each
#: text of a :class:`~counsel_app.plan.model.WishChange` comes from
CHANGE_CELLS = {"wish": "wish", "option": "realistic_option", "reason": "notes"}


def wish_change(row: FeasibilityRow) -> WishChange:
    """What became of the wish of ``row``; its texts keep the languages the line recorded
    for their cells (:meth:`~counsel_app.opportunities.model.FeasibilityRow.language`),
    so the plan's annex marks each as the grid does."""
    wish, option = row.wish.strip(), row.realistic_option.strip()
    if not wish:
        outcome = "added"
    elif row.rating == FeasibilityRating.NOT_ASSESSED:
        outcome = "open"
    elif row.rating == FeasibilityRating.NOT_FEASIBLE:
        outcome = "dropped"
    elif option and not _same(option, wish):
        outcome = "changed"
    else:
        outcome = "kept"
    change = WishChange(wish=wish, outcome=outcome, option=option, reason=row.notes.strip())
    change.text_languages = {part: language for part, cell in CHANGE_CELLS.items()
                             if getattr(change, part)
                             and (language := row.language(cell)) is not None}
    return change


def wish_changes(grid: list[dict[str, Any]]) -> list[WishChange]:
    return [wish_change(FeasibilityRow.from_data(item)) for item in grid]


def plan_revision(plan: ReintegrationPlan, grid: list[dict[str, Any]], on: date,
                  by: str) -> PlanRevision:
    """The next version of ``plan`` made from ``grid`` (version 1 is the plan agreed before
    departure)."""
    number = max([1, *(r.number for r in plan.revisions)]) + 1
    return PlanRevision(number=number, on=on, by=by, source="feasibility",
                        changes=wish_changes(grid), grid=[dict(g) for g in grid])


#: the outcomes as the interface names them (documents: plan.model.WISH_OUTCOMES)
OUTCOME_LABELS = {
    "kept": N_("kept"),
    "changed": N_("changed"),
    "dropped": N_("dropped"),
    "added": N_("added"),
    "open": N_("not yet decided"),
}


def history_lines(plan: ReintegrationPlan | None) -> list[str]:
    """The plan's versions, newest first, each with what changed wish by wish, in the
    interface language (the screen and ``counsel-app case feasibility``)."""
    if plan is None:
        return []
    lines: list[str] = []
    for revision in reversed(plan.revisions):
        lines.append(_("Version {n} of the plan, {date}, from the feasibility grid "
                       "(by {user}):").format(
            n=revision.number, date=show_date(revision.on, interface_language()),
            user=revision.by or "—"))
        for change in revision.changes:
            label = _(OUTCOME_LABELS.get(change.outcome, OUTCOME_LABELS["open"]))
            what = change.wish or change.option
            if change.outcome in ("changed", "added") and change.option and change.wish:
                what = f"{change.wish} → {change.option}"
            lines.append(f"  • {what}: {label}" + (f" ({change.reason})" if change.reason
                                                   else ""))
    if plan.revisions:
        lines.append(_("Version 1 of the plan: agreed before departure."))
    return lines


def plan_history(ctx, reference: str) -> list[str]:
    """:func:`history_lines` of the stored plan of case ``reference`` (none: no plan)."""
    from counsel_app.plan.store import PlanRepository

    case = ctx.cases.get_by_reference(reference)  # role and scope
    return history_lines(PlanRepository(ctx.db, ctx.vault.cipher).find(case.reference))
