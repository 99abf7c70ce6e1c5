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
from counsel_app.i18n import N_, _
from counsel_app.opportunities.classifications import FeasibilityRating
from counsel_app.opportunities.model import FeasibilityRow, line_from_wish

#: the parts of a line and their names, in the order of the screen's columns and the
#: command line's form; the screen's column headers and ``case feasibility``'s lines say
#: them with these words
PART_LABELS = {"wish": N_("Wish"), "realistic_option": N_("Realistic option"),
               "market": N_("Market"), "cost": N_("Cost"), "distance": N_("Distance"),
               "partner": N_("Partner available"), "rating": N_("Decision"),
               "notes": N_("Reason")}
PARTS = tuple(PART_LABELS)
#: the parts a line's details give, each with its name
DETAILS = ("market", "cost", "distance", "partner")


def row_lines(row: FeasibilityRow, number: int, lang: str) -> list[str]:
    """A line of the grid as the command line prints it, in the interface language: the
    wish, the realistic option, the decision in words and its reason; then, when any is
    written, its market, cost, distance and partner, each named as the screen's column,
    with the language's colon, one after the other with the language's semicolon (a cost
    may hold a comma of its own)."""
    from counsel_app.i18n.formatting import format_integer
    from counsel_app.i18n.phrases import join_clauses, label_value

    head = _("{number}. {wish} → {option} — {decision}").format(
        number=format_integer(number, lang), wish=row.wish, option=row.realistic_option or "—",
        decision=_(row.rating.label))
    if row.notes:
        head = _("{line} ({reason})").format(line=head, reason=row.notes)
    details = join_clauses(label_value(_(PART_LABELS[part]), getattr(row, part))
                           for part in DETAILS if getattr(row, part))
    return [head, details] if details else [head]


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
    """``existing`` plus a line for each wish of the skills profile not in it yet, in the
    language recorded with the wish; saved unchanged, it keeps it (:func:`save_grid` gives
    the profile's wishes to :func:`~counsel_app.opportunities.model.record_grid_languages`:
    the screen rebuilds its lines from the cells)."""
    have = {row.wish.strip().casefold() for row in existing}
    added = [line_from_wish(w) for w in profile.wishes
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
