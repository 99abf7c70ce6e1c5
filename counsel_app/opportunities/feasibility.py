"""The feasibility grid made with the post-arrival caseworker (Qt-free): each wish of the
returnee beside what is realistic in the place of return — the market, the cost, the
distance, a partner available — with a decision and its reason. Stored as the plan's
refinement after arrival (:meth:`counsel_app.followup.service.FollowupService.refine_plan`,
which the acknowledgement reports as ``plan_refined_on``).

The screen (``ui/feasibility_grid.py``, also called from the office workspace) and
``counsel-app case feasibility REFERENCE`` both call :func:`save_grid`.
"""

from __future__ import annotations

from datetime import date

from counsel_app.errors import ValidationError
from counsel_app.i18n import _
from counsel_app.opportunities.classifications import FeasibilityRating
from counsel_app.opportunities.model import FeasibilityRow

#: the parts of a line, in the order of the screen's columns and the command line's form
PARTS = ("wish", "realistic_option", "market", "cost", "distance", "partner", "rating",
         "notes")


def check_rows(rows: list[FeasibilityRow]) -> list[FeasibilityRow]:
    """The lines with text trimmed; refuses (one sentence naming the line) an empty line
    and a decision without its reason."""
    out = []
    for number, row in enumerate(rows, start=1):
        row = FeasibilityRow(**{**row.__dict__, **{
            k: v.strip() for k, v in row.__dict__.items() if isinstance(v, str)}})
        if not (row.wish or row.realistic_option):
            raise ValidationError(
                _("Line {line} of the feasibility grid is empty: write the wish or the "
                  "realistic option, or remove the line.").format(line=number),
                f"grid[{number - 1}]")
        if row.rating != FeasibilityRating.NOT_ASSESSED and not row.notes:
            raise ValidationError(
                _("Line {line} of the feasibility grid: write the reason for the decision "
                  "“{decision}”.").format(line=number, decision=_(row.rating.label)),
                f"grid[{number - 1}].notes")
        out.append(row)
    return out


def rows_from_wishes(profile, existing: list[FeasibilityRow]) -> list[FeasibilityRow]:
    """``existing`` plus a line for each wish of the skills profile not in it yet."""
    have = {row.wish.strip().casefold() for row in existing}
    added = [FeasibilityRow(wish=w.text) for w in profile.wishes
             if w.text.strip() and w.text.strip().casefold() not in have]
    return [*existing, *added]


def parse_row(text: str, number: int = 1) -> FeasibilityRow:
    """``WISH|OPTION|MARKET|COST|DISTANCE|PARTNER|DECISION|REASON`` (the command line)."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) > len(PARTS):
        raise ValidationError(_("Line {line} of the feasibility grid has more than {n} parts "
                                "separated by |.").format(line=number, n=len(PARTS)),
                              f"grid[{number - 1}]")
    values = dict(zip(PARTS, parts + [""] * (len(PARTS) - len(parts)), strict=True))
    rating = values.pop("rating") or FeasibilityRating.NOT_ASSESSED.value
    if rating not in FeasibilityRating._value2member_map_:
        raise ValidationError(_("Line {line} of the feasibility grid: the decision must be one "
                                "of {choices}, not “{value}”.").format(
            line=number, value=rating, choices=", ".join(r.value for r in FeasibilityRating)),
            f"grid[{number - 1}].rating")
    return FeasibilityRow(rating=FeasibilityRating(rating), **values)


def load_grid(ctx, reference: str) -> list[FeasibilityRow]:
    from counsel_app.followup.service import FollowupService

    summary = FollowupService(ctx).summary(reference)
    return [FeasibilityRow.from_data(item) for item in summary.feasibility]


def save_grid(ctx, reference: str, rows: list[FeasibilityRow], on: date | None = None
              ) -> bool:
    """Check and store the grid as the plan's refinement after arrival; returns whether it
    was within a month of arrival. Refused (one sentence) before the arrival is recorded."""
    from counsel_app.followup.service import FollowupService

    rows = check_rows(rows)
    return FollowupService(ctx).refine_plan(reference, [r.to_data() for r in rows], on)
