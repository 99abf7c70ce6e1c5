"""Each text of the plan keeps the language it was typed in: a goal typed under an English
interface and one added later under a French one print each by its own language (on the
plan, its easy-read page and the person's copy), not both by the language of the plan's
first save; a plan saved before languages were recorded per text prints as it did."""

from __future__ import annotations

import pytest

from counsel_app.demo import sample_case
from counsel_app.i18n import set_interface_language
from counsel_app.plan.model import Dimension, Goal, ReintegrationPlan, text_typed_in
from counsel_app.plan.service import PlanService
from counsel_app.plan.store import PlanRepository
from counsel_app.security.subject_access import write_subject_access
from tests.documents.helpers import flat

EN_GOAL = "Open a tailoring workshop"
FR_GOAL = "Suivre une formation en couture"


@pytest.fixture
def case(ctx):
    return ctx.cases.create(sample_case())


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_interface_language("en")


def _in(language: str, service: PlanService, reference: str, change) -> None:
    """One sitting of the plan editor under an interface in ``language``: read, change,
    save."""
    set_interface_language(language)
    plan = service.get(reference)
    change(plan)
    service.save(plan)


def _two_sittings(ctx, case) -> PlanService:
    """The first goal typed under English; a second added later under French (the first
    rebuilt, as the editor does, after the new one)."""
    service = PlanService(ctx)
    _in("en", service, case.reference,
        lambda plan: plan.goals.append(Goal(EN_GOAL, Dimension.ECONOMIC)))

    def add_french(plan: ReintegrationPlan) -> None:
        plan.goals = [Goal(FR_GOAL, Dimension.SOCIAL),
                      Goal(plan.goals[0].goal, plan.goals[0].dimension)]

    _in("fr", service, case.reference, add_french)
    set_interface_language("en")
    return service


def test_goals_typed_in_two_languages_each_print_by_their_own(ctx, case):
    service = _two_sittings(ctx, case)
    fr = flat(service.render_pdf(case.reference, "fr"))
    assert f"{EN_GOAL} (écrit en anglais)" in fr
    assert FR_GOAL in fr and f"{FR_GOAL} (écrit" not in fr
    en = flat(service.render_pdf(case.reference, "en"))
    assert f"{FR_GOAL} (written in French)" in en
    assert EN_GOAL in en and f"{EN_GOAL} (written" not in en
    # the easy-read page lists the goals as next steps, each by its own language too
    easy = flat(service.render_pdf(case.reference, "fr", easy_read=True))
    assert f"{EN_GOAL} (écrit en anglais)" in easy and f"{FR_GOAL} (écrit" not in easy


def test_the_persons_copy_marks_each_goal_by_its_own_language(ctx, case, tmp_path):
    _two_sittings(ctx, case)
    out = write_subject_access(ctx, case.id, tmp_path / "copy.pdf", lang="en")
    text = flat(out.read_bytes())
    assert f"{FR_GOAL} (written in French)" in text
    assert f"{EN_GOAL} (written" not in text


def test_a_plan_saved_before_keeps_its_language_for_the_texts_it_had(ctx, case):
    """A plan stored before languages were recorded per text (its one text_language, no
    map) prints as it did: every text by that language. Saved again under French with a
    new goal, its old goal stays English, the new one is French."""
    repo = PlanRepository(ctx.db, ctx.vault.cipher)
    repo.save(ReintegrationPlan(case.reference, goals=[Goal(EN_GOAL), Goal(FR_GOAL)],
                                text_language="en"))
    service = PlanService(ctx)
    fr = flat(service.render_pdf(case.reference, "fr"))
    assert f"{EN_GOAL} (écrit en anglais)" in fr and f"{FR_GOAL} (écrit en anglais)" in fr
    en = flat(service.render_pdf(case.reference, "en"))
    assert "(written in" not in en

    def rewrite(plan: ReintegrationPlan) -> None:
        plan.goals[1] = Goal("Louer une place au marché")

    _in("fr", service, case.reference, rewrite)
    plan = repo.find(case.reference)
    assert plan.text_language == "en"
    assert text_typed_in(plan, EN_GOAL) == "en"
    assert text_typed_in(plan, "Louer une place au marché") == "fr"
