"""Reintegration Sustainability Survey (RSS) scoring for follow-up visits (plain rules).

The 15 indicators are the session's assessment indicators
(:data:`counsel_app.session.assessment.DEFAULT_CONFIG`), so a follow-up is scored on exactly
what the pre-departure baseline measured and the change between them means something:

* economic (5): sources of income; security and suitability of work; debt compared with
  spending; food security; satisfaction with the economic situation;
* social (5): access to housing; education; justice and legal help; health care;
  identity and civil documents (DOMAIN.md also names "other public services": it is
  asked under health care and documents rather than as a sixteenth indicator);
* psychosocial (5): support networks; participation in community life; sense of
  belonging; feeling safe; psychological well-being.

Each indicator is scored 1 (very poor) to 5 (very good) or left unanswered. A dimension
score is the weighted mean of its answered indicators, normalised to 0–1 (as RSS indices
are); it needs at least :data:`MIN_ANSWERED` of its five indicators (the organisation can
set its own minimum with its weights), otherwise it is "not enough answers" rather than a
guess. The overall score is the weighted mean of the three dimension scores and needs all
three. A partial visit (a phone check-in on a few indicators) is scored over what was
answered, with the share of the 15 indicators answered shown beside it.

Progress since the baseline is measured on the *latest score of each dimension*
(:func:`latest_scores`): a partial visit that could not score a dimension leaves that
dimension's earlier score in place instead of wiping it.

IOM's official weights are not public in any source we could read. The shipped weights
are **project defaults (equal weights), not IOM's**; an organisation can set its own
(stored in the database, shown with their source beside every score).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from counsel_app.errors import ValidationError
from counsel_app.i18n import N_, _
from counsel_app.session.assessment import DEFAULT_CONFIG, DIMENSIONS, Indicator

SCALE = (1, 5)
MIN_ANSWERED = 3
#: the longest name a set of weights may carry (it is printed on reports and exports)
SOURCE_MAX = 200
PROJECT_DEFAULTS = N_("Project defaults (equal weights), not IOM's official weights")
META_KEY = "followup.rss_weights"

INDICATORS: tuple[Indicator, ...] = DEFAULT_CONFIG.indicators
assert len(INDICATORS) == 15 and {i.dimension for i in INDICATORS} == set(DIMENSIONS)


def indicator_keys() -> list[str]:
    return [i.key for i in INDICATORS]


@dataclass(frozen=True)
class Weights:
    indicators: dict[str, float] = field(
        default_factory=lambda: {i.key: 1.0 for i in INDICATORS})
    dimensions: dict[str, float] = field(default_factory=lambda: {d: 1.0 for d in DIMENSIONS})
    source: str = PROJECT_DEFAULTS
    #: answered indicators a dimension needs to be scored
    min_answered: int = MIN_ANSWERED

    @property
    def is_project_default(self) -> bool:
        return self.source == PROJECT_DEFAULTS

    def to_json(self) -> dict[str, Any]:
        return {"indicators": self.indicators, "dimensions": self.dimensions,
                "source": self.source, "min_answered": self.min_answered}

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str = "weights") -> Weights:
        base = cls()
        try:
            indicators = {**base.indicators,
                          **{str(k): float(v) for k, v in (data.get("indicators") or {}).items()}}
            dimensions = {**base.dimensions,
                          **{str(k): float(v) for k, v in (data.get("dimensions") or {}).items()}}
        except (TypeError, ValueError, AttributeError):
            raise ValidationError(_("{where}: every weight must be a number.").format(
                where=where), "weights") from None
        unknown = (set(indicators) - set(base.indicators)) | (set(dimensions) - set(DIMENSIONS))
        if unknown:
            name = sorted(unknown)[0]
            raise ValidationError(_("{where}: unknown indicator or dimension “{name}”.").format(
                where=where, name=name if len(name) <= 60 else name[:59] + "…"), "weights")
        if any(w < 0 for w in [*indicators.values(), *dimensions.values()]):
            raise ValidationError(_("{where}: weights cannot be negative.").format(where=where),
                                  "weights")
        if not any(dimensions.values()):
            raise ValidationError(_("{where}: at least one dimension needs a weight above "
                                    "zero.").format(where=where), "weights")
        minimum = data.get("min_answered", MIN_ANSWERED)
        if isinstance(minimum, bool) or not isinstance(minimum, int) or not 1 <= minimum <= 5:
            raise ValidationError(_("{where}: “min_answered” must be a whole number from 1 to "
                                    "5 (answered indicators a dimension needs).").format(
                where=where), "weights")
        source = str(data.get("source") or "").strip() or _("Organisation's own weights")
        if len(source) > SOURCE_MAX:
            raise ValidationError(_("{where}: “source” is longer than {limit} characters.")
                                  .format(where=where, limit=SOURCE_MAX), "weights")
        if source == PROJECT_DEFAULTS and (indicators != base.indicators
                                           or dimensions != base.dimensions
                                           or minimum != MIN_ANSWERED):
            source = _("Organisation's own weights")
        return cls(indicators, dimensions, source, minimum)


def validate_scores(scores: dict[str, Any]) -> dict[str, int]:
    """Indicator → score 1..5 (unanswered left out); a ValidationError names the indicator."""
    keys = set(indicator_keys())
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if key not in keys:
            raise ValidationError(_("“{key}” is not one of the 15 survey indicators.").format(
                key=key), key)
        if value is None or value == "":
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if str(number) != str(value).strip() or not SCALE[0] <= number <= SCALE[1]:
            raise ValidationError(_("The score for “{indicator}” must be a whole number from "
                                    "{low} to {high}.").format(
                indicator=_(next(i.label for i in INDICATORS if i.key == key)),
                low=SCALE[0], high=SCALE[1]), key)
        clean[key] = number
    return clean


@dataclass(frozen=True)
class Scores:
    dimensions: dict[str, float | None]
    overall: float | None
    answered: int

    @property
    def share(self) -> float:
        """The share of the 15 indicators answered (0–1)."""
        return self.answered / len(INDICATORS)

    @property
    def partial(self) -> bool:
        return self.answered < len(INDICATORS)


def score(scores: dict[str, int], weights: Weights | None = None) -> Scores:
    weights = weights or Weights()
    span = SCALE[1] - SCALE[0]
    dims: dict[str, float | None] = {}
    for dim in DIMENSIONS:
        answered = [i for i in INDICATORS if i.dimension == dim and i.key in scores]
        total = weight_sum = 0.0
        for ind in answered:
            w = weights.indicators.get(ind.key, 1.0)
            total += w * (scores[ind.key] - SCALE[0]) / span
            weight_sum += w
        dims[dim] = ((total / weight_sum)
                     if len(answered) >= weights.min_answered and weight_sum else None)
    return Scores(dims, overall_of(dims, weights), sum(1 for k in scores if k in indicator_keys()))


def overall_of(dims: dict[str, float | None], weights: Weights) -> float | None:
    """The weighted mean of the three dimension scores (None unless all three are known)."""
    if not all(dims.get(d) is not None for d in DIMENSIONS):
        return None
    dw = weights.dimensions
    return sum(dw[d] * dims[d] for d in DIMENSIONS) / sum(dw[d] for d in DIMENSIONS)


@dataclass(frozen=True)
class Latest:
    """The latest score of each dimension across the visits, with the date it was given,
    and the overall score of those (what progress since the baseline is measured on)."""

    scores: Scores
    as_of: dict[str, Any]  # dimension -> date of the visit that gave its latest score


def latest_scores(visits: list[tuple[Any, Scores]], weights: Weights | None = None
                  ) -> Latest | None:
    """``visits``: (date, scores) oldest first. None when no visit scored any dimension."""
    weights = weights or Weights()
    dims: dict[str, float | None] = {d: None for d in DIMENSIONS}
    as_of: dict[str, Any] = {}
    for day, result in visits:
        for dim in DIMENSIONS:
            value = result.dimensions.get(dim)
            if value is not None:
                dims[dim], as_of[dim] = value, day
    if not as_of:
        return None
    answered = max((r.answered for _d, r in visits), default=0)
    return Latest(Scores(dims, overall_of(dims, weights), answered), as_of)


def change(baseline: Scores, current: Scores) -> dict[str, float | None]:
    """Difference current − baseline per dimension and overall (None where either lacks)."""
    out = {}
    for dim in DIMENSIONS:
        b, c = baseline.dimensions.get(dim), current.dimensions.get(dim)
        out[dim] = None if b is None or c is None else c - b
    out["overall"] = (None if baseline.overall is None or current.overall is None
                      else current.overall - baseline.overall)
    return out


def load_weights(db) -> Weights:
    from counsel_app.storage.models import MetaEntry

    with db.read_session() as session:
        entry = session.get(MetaEntry, META_KEY)
        if entry is None:
            return Weights()
        return Weights.from_json(json.loads(entry.value))


def save_weights(ctx, weights: Weights | None) -> None:
    """Store the organisation's weights (``None`` goes back to the project defaults)."""
    from counsel_app.storage.models import MetaEntry

    ctx.require("settings.manage")
    with ctx.db.session() as session:
        entry = session.get(MetaEntry, META_KEY)
        if weights is None:
            if entry is not None:
                session.delete(entry)
            return
        value = json.dumps(weights.to_json(), separators=(",", ":"))
        if entry is None:
            session.add(MetaEntry(key=META_KEY, value=value))
        else:
            entry.value = value
