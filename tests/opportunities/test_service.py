"""The case side: encrypted skills profile, suggestions, plan choices, feasibility grid."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from counsel_app.domain.case import Case, Person
from counsel_app.errors import ConflictError, UserError, ValidationError
from counsel_app.opportunities.classifications import FeasibilityRating, IscedLevel, OpportunityKind
from counsel_app.opportunities.model import FeasibilityRow, Occupation, SkillsProfile, Wish
from counsel_app.opportunities.service import OpportunityService
from counsel_app.opportunities.tables import CaseOpportunityProfileRow
from counsel_app.storage.crypto import DecryptionError

from .helpers import row, write_text


def new_case(ctx, **values) -> Case:
    base = dict(person=Person(name_latin="Awa Test", languages=["fr", "wo"]),
                return_country="SN", return_region="SN-DK")
    base.update(values)
    return ctx.cases.create(Case(**base))


def welder_profile() -> SkillsProfile:
    return SkillsProfile(
        education_level=IscedLevel.PRIMARY,
        occupations=[Occupation("7212", "welder", 4)],
        skills=["arc welding"], certificates=["site safety card"],
        wishes=[Wish("open a welding workshop", OpportunityKind.STARTUP, "72")],
        preferred_region="SN-DK",
    )


@pytest.fixture
def service(ctx, tmp_path):
    svc = OpportunityService(ctx)
    svc.import_file(write_text(tmp_path / "offers.csv", [
        row("A1", title_en="Welding course", region="SN-DK"),
        row("A2", kind="job", title_en="Driver", region="SN-TH", sector_isco="83",
            languages="en"),
        row("A3", title_en="Old welding course", application_deadline="2020-01-01",
            source_date="2019-12-01"),
        row("A4", kind="startup", title_en="Workshop start-up support", region="SN-SL",
            languages="wo"),
        row("G1", country="GN", region="GN-C", title_en="Guinea offer"),
    ]))
    return svc


def test_profile_is_stored_encrypted_and_bound_to_the_case(ctx, service):
    case = new_case(ctx)
    service.save_profile(case, welder_profile())
    assert service.profile(case) == welder_profile()
    with ctx.db.read_session() as session:
        stored = session.scalar(select(CaseOpportunityProfileRow))
        assert b"welder" not in stored.profile_enc and b"welding" not in stored.profile_enc
        blob = stored.profile_enc
    # a blob moved onto another case does not decrypt there
    other = new_case(ctx)
    service.save_profile(other, SkillsProfile())
    with ctx.db.session() as session:
        row_ = session.scalar(select(CaseOpportunityProfileRow).where(
            CaseOpportunityProfileRow.case_id == other.id))
        row_.profile_enc = blob
    with pytest.raises(DecryptionError):
        service.profile(other)


def test_deleting_the_case_deletes_its_profile(ctx, service):
    case = new_case(ctx)
    service.save_profile(case, welder_profile())
    ctx.cases.delete(case.id)
    with ctx.db.read_session() as session:
        assert session.scalar(select(CaseOpportunityProfileRow)) is None


def test_suggestions_are_ranked_with_reasons_and_expired_left_out(ctx, service):
    case = new_case(ctx)
    service.save_profile(case, welder_profile())
    page = service.suggest(case, today=date(2026, 11, 22))
    assert page.total == 3  # only Senegal, only open offers
    titles = [s.opportunity.title("en") for s in page.items]
    assert titles == ["Welding course", "Workshop start-up support", "Driver"]
    best = page.items[0].reason_texts()
    assert "same region: Dakar" in best
    assert "matches previous occupation: welder" in best
    assert "needs French: speaks French" in best
    assert "needs English: does not speak it" in page.items[2].reason_texts()
    everything = service.suggest(case, include_expired=True, today=date(2026, 11, 22))
    assert everything.total == 4
    assert everything.items[-1].opportunity.title("en") == "Old welding course"


def test_suggestions_follow_a_new_import(ctx, service, tmp_path):
    case = new_case(ctx)
    assert service.suggest(case).total == 3
    service.import_file(write_text(tmp_path / "more.csv", [row("A9", title_en="Extra")]))
    assert service.suggest(case).total == 4


def test_a_case_without_a_return_country_gets_a_clear_message(ctx, service):
    case = new_case(ctx, return_country="")
    with pytest.raises(UserError, match="country of return"):
        service.suggest(case)


def test_chosen_opportunities_reach_the_plan_as_plain_data(ctx, service):
    case = new_case(ctx)
    page = service.suggest(case)
    first = page.items[0].opportunity
    service.add_to_plan(case, first.id, note="call before 15 January")
    service.add_to_plan(case, first.id)  # choosing twice keeps one entry
    assert [c.opportunity_id for c in service.chosen(case)] == [first.id]
    assert service.suggest(case).items[0].chosen
    plan = service.plan_data(case, "fr")
    [chosen] = plan["chosen_opportunities"]
    assert chosen["title"] == "Formation en soudure"
    assert chosen["provider_name"] == "Centre Étoile"
    assert chosen["place"] == "Thiès, Dakar, Sénégal"
    assert chosen["note"] == "call before 15 January"
    assert chosen["is_sample"] is False and plan["any_sample"] is False
    # the plan keeps its copy when the offer is later deleted
    service.catalogue.delete(first.id)
    assert service.plan_data(case)["chosen_opportunities"][0]["provider_ref"] == "A1"
    service.remove_from_plan(case, first.id)
    assert service.chosen(case) == []


def test_feasibility_grid_round_trip_and_validation(ctx, service):
    case = new_case(ctx)
    rows = [
        FeasibilityRow("open a welding workshop", "start-up support in Saint-Louis",
                       FeasibilityRating.WITH_SUPPORT, "needs a grant for the equipment"),
        FeasibilityRow("work as a driver", "", FeasibilityRating.NOT_FEASIBLE, "no licence"),
    ]
    service.set_feasibility_grid(case, rows)
    assert service.feasibility_grid(case) == rows
    assert service.plan_data(case)["feasibility_grid"][0]["rating"] == "with_support"
    with pytest.raises(ValidationError, match="Line 2"):
        service.set_feasibility_grid(case, [rows[0], FeasibilityRow()])
    assert service.feasibility_grid(case) == rows
    with ctx.db.read_session() as session:
        assert b"welding" not in session.scalar(select(CaseOpportunityProfileRow)).grid_enc


def test_a_stale_save_is_a_conflict_not_an_overwrite(ctx, service):
    case = new_case(ctx)
    service.save_profile(case, welder_profile())
    opened = service.case_data(case)
    service.save_profile(case, SkillsProfile(skills=["driving"]))
    with pytest.raises(ConflictError):
        service.save_profile(case, SkillsProfile(skills=["mine"]), version=opened.version)
    assert service.profile(case).skills == ["driving"]


def test_sample_offers_say_so_in_their_reasons(ctx, service):
    service.catalogue.import_sample_set()
    case = new_case(ctx)
    page = service.suggest(case, limit=None)
    samples = [s for s in page.items if s.opportunity.is_sample]
    assert samples
    assert all("sample data, not a real offer" in s.reason_texts() for s in samples)
