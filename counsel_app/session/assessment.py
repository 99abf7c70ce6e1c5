"""Skills and needs assessment with baseline scores.

Fifteen indicators across the three dimensions of sustainable reintegration (economic,
social, psychosocial), in the spirit of the Reintegration Sustainability Survey (RSS).
IOM's official weights are not public in any source we could read, so weights are
configurable and the shipped ones are **project defaults (equal weights), not IOM's**.

Each indicator is scored on the scale ``scale_min..scale_max`` (default 1–5: 1 very poor,
5 good) or left unscored. A dimension score is the weighted mean of its scored indicators
normalised to 0–1; an unscored dimension has no score (never a made-up zero).

A configuration can be loaded from JSON::

    {"scale": [1, 5],
     "indicators": [{"key": "income", "dimension": "economic",
                     "label": "Sources of income", "weight": 1.0}, ...]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from counsel_app.errors import UserError
from counsel_app.i18n import N_, _, recorded_languages
from counsel_app.session.typed_texts import TypedTexts, text_key

DIMENSIONS: dict[str, str] = {
    "economic": N_("Economic"),
    "social": N_("Social"),
    "psychosocial": N_("Psychosocial"),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    dimension: str
    label: str  # untranslated for the shipped set; as written for a loaded one
    weight: float = 1.0


@dataclass(frozen=True)
class AssessmentConfig:
    indicators: tuple[Indicator, ...]
    scale_min: int = 1
    scale_max: int = 5
    #: who set the weights, shown beside the scores
    weights_source: str = N_("Project defaults (equal weights), not IOM's official weights")

    def by_dimension(self, dimension: str) -> list[Indicator]:
        return [i for i in self.indicators if i.dimension == dimension]

    def indicator(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.key == key), None)


DEFAULT_CONFIG = AssessmentConfig(indicators=(
    Indicator("income", "economic", N_("Sources of income")),
    Indicator("work", "economic", N_("Security and suitability of work")),
    Indicator("debt", "economic", N_("Debt compared with spending")),
    Indicator("food", "economic", N_("Food security")),
    Indicator("economic_satisfaction", "economic", N_("Satisfaction with the economic situation")),
    Indicator("housing", "social", N_("Access to housing")),
    Indicator("education", "social", N_("Access to education")),
    Indicator("justice", "social", N_("Access to justice and legal help")),
    Indicator("health", "social", N_("Access to health care")),
    Indicator("documents", "social", N_("Identity and civil documents")),
    Indicator("networks", "psychosocial", N_("Support networks (family, friends, neighbours)")),
    Indicator("participation", "psychosocial", N_("Participation in community life")),
    Indicator("belonging", "psychosocial", N_("Sense of belonging")),
    Indicator("safety", "psychosocial", N_("Feeling safe")),
    Indicator("wellbeing", "psychosocial", N_("Psychological well-being")),
))

SCALE_LABELS = {1: N_("very poor"), 2: N_("poor"), 3: N_("fair"), 4: N_("good"),
                5: N_("very good")}


@dataclass
class Assessment(TypedTexts):
    """Baseline scores (indicator key → score) and notes per dimension, plus skills. Each
    text (skills, needs, each dimension's note) has its language
    (:mod:`counsel_app.session.typed_texts`)."""

    scores: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # dimension → note
    skills: str = ""  # work experience, trades, languages, education
    needs: str = ""  # what the person says they need
    text_languages: dict[str, str] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        return {"skills": self.skills, "needs": self.needs,
                **{text_key("note", d): note for d, note in self.notes.items()}}

    def to_json(self) -> dict:
        return {"scores": dict(self.scores), "notes": dict(self.notes),
                "skills": self.skills, "needs": self.needs,
                "text_languages": dict(self.text_languages)}

    @classmethod
    def from_json(cls, data: dict | None) -> Assessment:
        data = data or {}
        return cls(scores={k: int(v) for k, v in (data.get("scores") or {}).items()},
                   notes=dict(data.get("notes") or {}), skills=data.get("skills") or "",
                   needs=data.get("needs") or "", text_languages=recorded_languages(data))


def set_score(assessment: Assessment, config: AssessmentConfig, key: str,
              score: int | None) -> None:
    """Set (or clear with ``None``) one indicator's score, checking key and range."""
    if config.indicator(key) is None:
        raise UserError(_("“{key}” is not an indicator of this assessment.").format(key=key))
    if score is None:
        assessment.scores.pop(key, None)
        return
    if not config.scale_min <= score <= config.scale_max:
        raise UserError(_("A score must be between {low} and {high}.").format(
            low=config.scale_min, high=config.scale_max))
    assessment.scores[key] = int(score)


def dimension_score(assessment: Assessment, config: AssessmentConfig,
                    dimension: str) -> float | None:
    """Weighted mean of the scored indicators of ``dimension``, normalised to 0–1."""
    total = weight_sum = 0.0
    span = config.scale_max - config.scale_min
    for ind in config.by_dimension(dimension):
        if ind.key in assessment.scores and ind.weight > 0:
            total += ind.weight * (assessment.scores[ind.key] - config.scale_min) / span
            weight_sum += ind.weight
    return total / weight_sum if weight_sum else None


def overall_score(assessment: Assessment, config: AssessmentConfig) -> float | None:
    """Mean of the dimension scores that exist (each dimension counts equally)."""
    scores = [s for d in DIMENSIONS if (s := dimension_score(assessment, config, d)) is not None]
    return sum(scores) / len(scores) if scores else None


def load_config(path: Path) -> AssessmentConfig:
    """Read an assessment configuration from JSON; any fault is one clear UserError."""
    from country_info import jsonlimits  # (not at import: keeps the app's start light)
    try:
        data = jsonlimits.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(_("Cannot read the assessment configuration {path}: {reason}").format(
            path=path, reason=exc)) from None
    try:
        low, high = data.get("scale", [1, 5])
        low, high = int(low), int(high)
        if high <= low:
            raise ValueError("scale")
        indicators = []
        seen = set()
        for index, item in enumerate(data["indicators"]):
            key, dim = str(item["key"]), str(item["dimension"])
            if dim not in DIMENSIONS or key in seen:
                raise ValueError(f"indicators[{index}]")
            seen.add(key)
            weight = float(item.get("weight", 1.0))
            if weight < 0:
                raise ValueError(f"indicators[{index}].weight")
            indicators.append(Indicator(key, dim, str(item.get("label") or key), weight))
        if not indicators:
            raise ValueError("indicators")
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(_("The assessment configuration {path} is not valid (at {where}).").format(
            path=path, where=exc)) from None
    return AssessmentConfig(tuple(indicators), low, high,
                            weights_source=str(data.get("weights_source") or path))
