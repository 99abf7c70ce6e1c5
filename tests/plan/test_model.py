"""The plan as plain data: validation names the field, budget and ceiling, round trip."""

from datetime import date
from decimal import Decimal

from counsel_app.plan.model import (
    Action,
    Assistance,
    BudgetLine,
    ChosenOpportunity,
    Dimension,
    FollowUp,
    Goal,
    GrantCeiling,
    ReintegrationPlan,
    WellBeing,
    plan_from_data,
    plan_to_data,
)
from counsel_app.plan.samples import SAMPLE_LANGUAGES, sample_plan

REF = "AVRR-2026-000123"


def fields(plan, ceiling=None):
    return [p.field for p in plan.validate(ceiling)]


def test_new_plan_has_the_default_follow_up_schedule_and_is_valid():
    plan = ReintegrationPlan(REF)
    assert [f.months_after_arrival for f in plan.follow_up] == [1, 3, 6, 12]
    assert plan.validate() == []


def test_every_sample_plan_is_valid():
    for lang in SAMPLE_LANGUAGES:
        assert sample_plan(REF, lang).validate() == [], lang


def test_validation_names_each_bad_field():
    plan = ReintegrationPlan(
        REF,
        assistance=[Assistance("cash"), Assistance("teleportation"), Assistance("cash")],
        budget=[BudgetLine("", Decimal("-1"), 0)],
        follow_up=[FollowUp(3), FollowUp(3), FollowUp(99)],
        well_being=WellBeing(baseline=120),
        goals=[Goal("Open a shop", Dimension.ECONOMIC, [Action("", "Buy tools")])],
    )
    assert fields(plan) == [
        "assistance[1].type", "assistance[2].type", "currency", "budget[0].item",
        "budget[0].estimated_cost", "budget[0].quantity",
        "follow_up[0].months_after_arrival", "follow_up[1].months_after_arrival",
        "follow_up[2].months_after_arrival", "well_being.baseline",
        "goals[0].actions[0].who",
    ]


def test_budget_total_and_ceiling():
    plan = ReintegrationPlan(REF, currency="GNF", budget=[
        BudgetLine("Sewing machine", Decimal("2500000"), 2),
        BudgetLine("Fabric", Decimal("3000000")),
    ])
    assert plan.budget_total == Decimal("8000000")
    within = plan.check_budget(GrantCeiling(Decimal("9000000"), "GNF"))
    assert within.over is False and within.remaining == Decimal("1000000")
    over = GrantCeiling(Decimal("7000000"), "GNF")
    assert plan.check_budget(over).over is True
    assert fields(plan, over) == ["budget"]
    # a ceiling in another currency cannot be compared: no verdict rather than a wrong one
    assert plan.check_budget(GrantCeiling(Decimal("1000"), "EUR")).over is None
    assert plan.validate(GrantCeiling(Decimal("1000"), "EUR")) == []


def test_add_opportunity_skips_duplicates():
    plan = ReintegrationPlan(REF)
    assert plan.add_opportunity(ChosenOpportunity("Tailor", "Atelier K", "job", "Conakry"))
    assert not plan.add_opportunity(ChosenOpportunity("tailor ", "atelier k", "job"))
    assert plan.add_opportunity(ChosenOpportunity("Tailor", "Another", "job", source_id="x"))
    assert not plan.add_opportunity(ChosenOpportunity("Other title", "", source_id="x"))
    assert len(plan.opportunities) == 2


def test_round_trip_through_plain_data():
    plan = sample_plan(REF, "fa_AF")
    data = plan_to_data(plan)
    assert data["budget"][0]["estimated_cost"] == "9000"
    assert data["follow_up"][0]["due_on"] == "2027-01-14"
    again = plan_from_data(data, version=4)
    assert again.version == 4
    again.version = plan.version
    assert again == plan


def test_damaged_data_is_a_clear_error():
    import pytest

    from counsel_app.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        plan_from_data({"reference": REF, "budget": [{"item": "x", "estimated_cost": "abc"}]})
    assert "damaged" in str(info.value)
    assert date.today()  # keep the import used
