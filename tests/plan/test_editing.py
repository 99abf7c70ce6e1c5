"""The plan editor's widget-free rules: where problems show, currency, referrals from the
country library, opportunities from their step, assistance order."""

from __future__ import annotations

from decimal import Decimal

from counsel_app.plan.model import (
    Action,
    BudgetLine,
    ChosenOpportunity,
    ContactPoint,
    Goal,
    GrantCeiling,
    ReintegrationPlan,
)
from counsel_app.plan.editing import (
    catalogue_id,
    locate_problems,
    next_follow_up_month,
    opportunity_from_snapshot,
    referral_from_entry,
    set_assistance,
)


def test_problems_go_beside_their_field_their_cell_and_their_tab():
    plan = ReintegrationPlan("AVRR-2026-000001", currency="GNF",
                             budget=[BudgetLine("Tools", Decimal("1")), BudgetLine("")],
                             contacts=[ContactPoint("")],
                             goals=[Goal("Workshop"), Goal("School", actions=[Action("", "Enrol")])])
    found = locate_problems(plan.validate(), goal_row=1)
    assert found.cells["budget"] == {(1, "item"): "Enter what is bought on budget line 2."}
    assert found.cells["contacts"] == {(0, "name"): "Enter the name of contact point 1."}
    # an action's problem marks its cell (goal 2 is the one shown) and its goal's row
    assert found.cells["actions"] == {(0, "who"): "Enter who does action 1 of goal 2."}
    assert (1, "") in found.cells["goals"]
    assert set(found.by_section) == {"budget", "contacts", "goals"}
    assert found.tabs == {1, 3, 5}
    # another goal shown: the action's cell is not marked in the wrong table
    assert "actions" not in locate_problems(plan.validate(), goal_row=0).cells


def test_ceiling_and_currency_problems_show_with_the_budget():
    plan = ReintegrationPlan("AVRR-2026-000001", currency="GNF",
                             budget=[BudgetLine("Machine", Decimal("20000000"))])
    found = locate_problems(plan.validate(GrantCeiling(Decimal("15000000"), "GNF")))
    assert list(found.by_section) == ["budget"] and "ceiling" in found.by_section["budget"][0]
    assert found.cells == {} and found.tabs == {1}
    plan.currency = "gn"
    found = locate_problems(plan.validate())
    assert "currency" in found.by_section["budget"][0] and found.tabs == {1}


def test_referral_from_a_library_service(tmp_path):
    from country_info import Library, sample_pack_files

    library = Library(user_dir=tmp_path)
    library.import_pack(next(p for p in sample_pack_files() if "GN" in p.name))
    entry = next(e for e in library.get_country("GN").section("services")
                 if e.item.organisation)
    english = referral_from_entry(entry, "en")
    assert english.organisation.startswith("Sample organisation")
    assert english.service.startswith("Reception on arrival")
    assert english.contact == "+000 00 00 00 00, sample@example.org"
    assert referral_from_entry(entry, "fr").organisation.startswith("Organisation d'exemple")


def test_opportunity_snapshot_into_the_plan_and_back():
    item = opportunity_from_snapshot({"id": 7, "title": "Apprentie couturière",
                                      "provider_name": "Atelier (exemple)",
                                      "kind": "apprenticeship", "place": "Conakry",
                                      "is_sample": True})
    assert item == ChosenOpportunity("Apprentie couturière", "Atelier (exemple)", "training",
                                     "Conakry", "opportunities:7", True)
    assert catalogue_id(item) == 7
    assert catalogue_id(ChosenOpportunity("Typed by hand")) is None
    assert opportunity_from_snapshot({"title": "no id"}) is None
    assert opportunity_from_snapshot({"id": 3, "title": "", "kind": "job"}) is None


def test_assistance_keeps_the_template_order_and_follow_up_months():
    plan = ReintegrationPlan("AVRR-2026-000001")
    set_assistance(plan, "education", True, "School")
    set_assistance(plan, "cash", True)
    set_assistance(plan, "cash", True)  # twice: still once
    assert [a.type for a in plan.assistance] == ["cash", "education"]
    set_assistance(plan, "cash", False)
    assert [(a.type, a.details) for a in plan.assistance] == [("education", "School")]
    assert next_follow_up_month(plan) == 13  # after 1, 3, 6 and 12
    plan.follow_up = []
    assert next_follow_up_month(plan) == 1
