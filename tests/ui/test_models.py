"""Table models pass qtmodeltester; the case list is lazy, filtered and sorted in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counsel_app.domain.case import Case, HouseholdMember, Person
from counsel_app.domain.enums import CaseStatus, Relation
from counsel_app.ui.case_list_model import CaseListModel, countries_matching
from counsel_app.ui.steps.household_model import HouseholdModel


def _cases(ctx, n):
    countries = ["GN", "ML", "SN", "IQ"]
    out = []
    for i in range(n):
        out.append(ctx.cases.create(Case(person=Person(name_latin=f"Person{i:03d} Test"),
                                         return_country=countries[i % 4],
                                         is_sample=(i == 0))))
    return out


def test_case_list_model_passes_modeltester_and_loads_lazily(qtmodeltester, app_ctx):
    _cases(app_ctx, 25)
    model = CaseListModel(app_ctx.cases.list, page_size=10)
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore()
    qtmodeltester.check(model, force_py=True)  # stays connected: checks the inserts too
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    model.set_filter("Person001")  # a reset
    assert model.rowCount() == 1


def test_case_list_filters_and_sorts_in_the_database(app_ctx):
    made = _cases(app_ctx, 12)
    model = CaseListModel(app_ctx.cases.list, page_size=50)
    model.set_filter("Guinea")  # a country name in the interface language
    assert model.rowCount() == 3
    assert {model.summary(r).return_country for r in range(3)} == {"GN"}
    model.set_filter("person005")  # a name prefix through the blind index
    assert [model.summary(r).reference for r in range(model.rowCount())] == [made[5].reference]
    model.set_filter(made[7].reference)
    assert model.rowCount() == 1
    model.set_filter("", CaseStatus.CLOSED)
    assert model.rowCount() == 0
    model.set_filter("", None)
    model.sort(0, Qt.AscendingOrder)
    refs = [model.summary(r).reference for r in range(model.rowCount())]
    assert refs == sorted(refs)
    model.sort(1, Qt.AscendingOrder)  # names are encrypted: no sort, order unchanged
    assert [model.summary(r).reference for r in range(model.rowCount())] == refs


def test_sample_cases_carry_a_visible_badge(app_ctx):
    _cases(app_ctx, 2)
    model = CaseListModel(app_ctx.cases.list)
    model.reload()
    badges = [model.data(model.index(r, 2)) for r in range(2)]
    assert sorted(badges) == ["", "SAMPLE"]


def test_country_search_uses_the_interface_language():
    assert "GN" in countries_matching("guin")
    assert "CI" in countries_matching("ivoire") or "CI" in countries_matching("côte")
    from counsel_app.i18n import set_interface_language

    set_interface_language("fr")
    try:
        assert "DE" in countries_matching("allemagne")
    finally:
        set_interface_language("en")


def test_household_model_passes_modeltester_and_edits(qtmodeltester):
    members = [HouseholdMember(Relation.CHILD, "Awa", 4, True)]
    model = HouseholdModel(members)
    qtmodeltester.check(model, force_py=True)
    row = model.add()
    assert model.setData(model.index(row, 1), "Moussa")
    assert model.setData(model.index(row, 2), "12")
    assert not model.setData(model.index(row, 2), "200")  # out of range refused
    assert model.setData(model.index(row, 0), "sibling")
    assert members[1] == HouseholdMember(Relation.SIBLING, "Moussa", 12, False)
    model.remove(0)
    assert [m.name for m in members] == ["Moussa"]
