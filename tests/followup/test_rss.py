"""The Reintegration Sustainability Survey scoring (plain rules)."""

import pytest

from counsel_app.errors import ValidationError
from counsel_app.followup import rss


def test_fifteen_indicators_five_per_dimension():
    assert len(rss.INDICATORS) == 15
    for dim in ("economic", "social", "psychosocial"):
        assert sum(1 for i in rss.INDICATORS if i.dimension == dim) == 5


def test_scores_on_zero_to_one():
    all_ones = rss.score({k: 1 for k in rss.indicator_keys()})
    all_fives = rss.score({k: 5 for k in rss.indicator_keys()})
    assert all_ones.overall == 0 and all_fives.overall == 1
    mixed = rss.score({**{k: 1 for k in rss.indicator_keys()}, "income": 5})
    assert mixed.dimensions["economic"] == pytest.approx(0.2)
    assert mixed.dimensions["social"] == 0


def test_too_few_answers_give_no_score():
    result = rss.score({"income": 5, "work": 5, "housing": 3})
    assert result.dimensions["economic"] is None and result.overall is None
    assert result.answered == 3


def test_weights_change_the_result_and_are_labelled():
    scores = {**{k: 3 for k in rss.indicator_keys()}, "income": 5}
    default = rss.score(scores)
    weights = rss.Weights.from_json({"indicators": {"income": 3.0},
                                     "dimensions": {"economic": 2.0}})
    weighted = rss.score(scores, weights)
    assert weighted.dimensions["economic"] > default.dimensions["economic"]
    assert weighted.overall > default.overall
    assert rss.Weights().is_project_default and "not IOM" in rss.Weights().source
    assert not weights.is_project_default


def test_weights_validation():
    with pytest.raises(ValidationError, match="unknown indicator"):
        rss.Weights.from_json({"indicators": {"luck": 1}})
    with pytest.raises(ValidationError, match="negative"):
        rss.Weights.from_json({"dimensions": {"social": -1}})
    with pytest.raises(ValidationError, match="number"):
        rss.Weights.from_json({"indicators": {"income": "a lot"}})


@pytest.mark.parametrize("value", [0, 6, "3.5", "x", -1])
def test_bad_scores_name_the_indicator(value):
    with pytest.raises(ValidationError) as info:
        rss.validate_scores({"food": value})
    assert info.value.field == "food" and "Food security" in str(info.value)


def test_change_since_baseline():
    base = rss.score({k: 2 for k in rss.indicator_keys()})
    now = rss.score({k: 4 for k in rss.indicator_keys()})
    change = rss.change(base, now)
    assert change["overall"] == pytest.approx(0.5)
    assert change["economic"] == pytest.approx(0.5)


def test_weights_stored_per_database(sqlite_ctx):
    assert rss.load_weights(sqlite_ctx.db).is_project_default
    rss.save_weights(sqlite_ctx, rss.Weights.from_json({"indicators": {"food": 2},
                                                        "source": "Our programme 2027"}))
    loaded = rss.load_weights(sqlite_ctx.db)
    assert loaded.indicators["food"] == 2 and loaded.source == "Our programme 2027"
    rss.save_weights(sqlite_ctx, None)
    assert rss.load_weights(sqlite_ctx.db).is_project_default
