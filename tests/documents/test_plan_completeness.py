"""The plan names the person in their own script (Latin beside it), the place by name in
the document's language, the counsellor and the centre's contact, the family members who
travel, the grant ceiling and what remains of it, and has a line for the caseworker in the
country of origin to sign after arrival — through the service a print goes through."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from counsel_app.demo import sample_case
from counsel_app.domain.case import HouseholdMember, Person
from counsel_app.domain.enums import Relation
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService, PrintOptions

from .helpers import poppler_text

OPTIONS = PrintOptions(organisation="Centre d’accueil de Tunis (exemple)",
                       organisation_contact="12 rue de Marseille, Tunis — +216 71 000 000",
                       counsellor="Leïla Ben Salah", counsellor_contact="+216 71 000 001")


@pytest.fixture
def case(sqlite_ctx):
    base = sample_case()
    case = replace(base, person=replace(base.person, name_latin="Omar Abdallah",
                                        name_native="عمر عبد الله"),
                   return_country="IQ", return_region="IQ-NI", return_town="Mosul",
                   household=[HouseholdMember(Relation.SPOUSE, "Fatima", 31, True),
                              HouseholdMember(Relation.CHILD, "Ali", 6, True),
                              HouseholdMember(Relation.PARENT, "Hassan", 70, False)])
    case = sqlite_ctx.cases.create(case)
    service = PlanService(sqlite_ctx, OPTIONS)
    plan = sample_plan(case.reference, "ar")
    plan.place_of_return = ""
    plan.currency = "IQD"
    service.save(plan)
    service.set_ceiling("IQD", Decimal("2000000"))
    return case


@pytest.fixture
def printed(sqlite_ctx, case, tmp_path):
    service = PlanService(sqlite_ctx, OPTIONS)
    return {lang: poppler_text(service.render_pdf(case.reference, lang), tmp_path)
            for lang in ("ar", "fr")}


def test_the_name_in_the_persons_script_with_latin_letters_beside_it(printed):
    assert "عمر عبد الله (Omar Abdallah)" in printed["ar"]
    assert "Omar Abdallah (عمر عبد الله)" in printed["fr"]


def test_the_place_by_name_in_the_documents_language_never_a_code(printed):
    assert "Mosul, Nīnawá, Irak" in printed["fr"]
    assert "العراق" in printed["ar"]
    assert "IQ-NI" not in printed["fr"] and "IQ-NI" not in printed["ar"]


@pytest.mark.parametrize("lang, country", [("ar", "العراق"), ("ur", "عراق")])
def test_the_place_reads_as_a_list_in_the_documents_language(sqlite_ctx, case, tmp_path,
                                                             lang, country):
    # Arabic-script plans separate the names with the Arabic comma, in reading order
    # (the town typed in Latin letters first): the plan and the easy-read page alike
    service = PlanService(sqlite_ctx, OPTIONS)
    for easy_read in (False, True):
        text = poppler_text(service.render_pdf(case.reference, lang, easy_read=easy_read),
                            tmp_path)
        assert f"Mosul، Nīnawá، {country}" in text, (lang, easy_read)
        assert "Mosul," not in text and "Nīnawá," not in text


def test_counsellor_and_centre_contact(printed):
    text = printed["fr"]
    assert "Leïla Ben Salah" in text and "+216 71 000 001" in text
    assert "12 rue de Marseille, Tunis" in text
    assert "Qui contacter au sujet de ce plan" in text


def test_family_members_travelling_and_only_them(printed):
    text = printed["fr"]
    assert "Membres de la famille qui voyagent avec vous" in text
    assert "Fatima" in text and "Ali" in text and "Hassan" not in text
    assert "Conjoint ou conjointe" in text


def test_ceiling_and_remaining_amount(printed):
    # the Arabic sample budget totals 1,800,000 IQD against a ceiling of 2,000,000
    text = printed["fr"]
    assert "Plafond du programme" in text or "plafond" in text
    assert "Reste disponible sous le plafond" in text and "200 000" in text


def test_a_signature_line_for_the_caseworker_after_arrival(printed):
    assert "Agent de suivi dans le pays d’origine" in printed["fr"]
    assert "مسؤول الحالة في بلد المنشأ" in printed["ar"]
