"""Plans in the database (both engines): encrypted, bound to the case, optimistic locking,
deleted with the case; the service; the headless command."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from counsel_app.demo import sample_case
from counsel_app.errors import ValidationError
from counsel_app.plan.model import BudgetLine, ChosenOpportunity, Dimension, ReintegrationPlan
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.plan.store import PlanConflict, PlanRow
from counsel_app.storage.crypto import DecryptionError
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def case(ctx):
    return ctx.cases.create(sample_case())


def test_new_plan_then_save_and_read_back(ctx, case):
    service = PlanService(ctx)
    plan = service.get(case.reference)
    assert plan.version == 0 and plan.place_of_return == ""  # the place comes from the case
    plan.summary[Dimension.ECONOMIC] = "Ouvrir un atelier de couture."
    saved = service.save(plan)
    assert saved.version == 1
    again = service.get(case.reference)
    assert again.summary[Dimension.ECONOMIC] == "Ouvrir un atelier de couture."
    assert again.version == 1


def test_plan_is_encrypted_and_bound_to_its_case(ctx, case):
    service = PlanService(ctx)
    service.save(sample_plan(case.reference, "fr"))
    other = ctx.cases.create(sample_case())
    with ctx.db.read_session() as session:
        row = session.scalar(select(PlanRow))
    assert b"couture" not in row.data_enc and b"Matoto" not in row.data_enc
    # the blob does not open as another case's plan
    with pytest.raises(DecryptionError):
        ctx.vault.cipher.decrypt_json(row.data_enc, f"plans:{other.reference}:data")


def test_stale_save_is_a_conflict_with_both_versions(ctx, case):
    service = PlanService(ctx)
    mine = service.save(sample_plan(case.reference, "fr"))
    theirs = service.get(case.reference)
    theirs.notes = "Their change"
    service.save(theirs)
    mine.notes = "My change"
    with pytest.raises(PlanConflict) as info:
        service.save(mine)
    assert info.value.theirs.notes == "Their change"
    kept = service.save(mine, overwrite=True)
    assert service.get(case.reference).notes == "My change" and kept.version == 3


def test_a_second_new_plan_does_not_overwrite_the_first(ctx, case):
    service = PlanService(ctx)
    service.save(ReintegrationPlan(case.reference, notes="first"))
    with pytest.raises(PlanConflict):
        service.save(ReintegrationPlan(case.reference, notes="second"))


def test_plan_goes_with_its_case(ctx, case):
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    ctx.cases.delete(case.id)
    with ctx.db.read_session() as session:
        assert session.scalar(select(PlanRow)) is None


def test_invalid_plan_is_not_saved(ctx, case):
    service = PlanService(ctx)
    plan = ReintegrationPlan(case.reference, budget=[BudgetLine("Tools", Decimal("10"))])
    with pytest.raises(ValidationError) as info:
        service.save(plan)
    assert info.value.field == "currency"
    assert not service.exists(case.reference)


def test_ceiling_setting_and_budget_check(ctx, case):
    service = PlanService(ctx)
    service.set_ceiling("gnf", Decimal("10000000"))
    plan = sample_plan(case.reference, "fr")  # 13,400,000 GNF
    check = service.budget_check(plan)
    assert check.over is True and check.ceiling.amount == Decimal("10000000")
    # over the ceiling is a warning: the plan is saved (nothing typed is lost) ...
    plan = service.save(plan)
    assert service.get(case.reference).budget_total == plan.budget_total > Decimal("10000000")
    # ... and only marking it ready is refused
    assert [p.field for p in service.validate(plan)] == ["budget"]
    assert any("ceiling" in r for r in service.ready_blockers(case.reference))
    service.set_ceiling("GNF", None)
    assert service.budget_check(plan).over is None
    service.save(plan)


def test_add_opportunity_then_print(ctx, case, tmp_path):
    service = PlanService(ctx)
    plan = sample_plan(case.reference, "fr")
    assert service.add_opportunity(plan, ChosenOpportunity("Vendeuse", "Marché Madina",
                                                           "job", "Conakry"))
    service.save(plan)
    out = tmp_path / "plan.pdf"
    data = service.render_pdf(case.reference, "fr", bilingual="en", out=out)
    assert out.read_bytes() == data and data.startswith(b"%PDF")
    from tests.documents.helpers import flat

    text = flat(data)
    assert "Vendeuse" in text and "SAMPLE" in text and case.reference in text


def test_printing_without_a_plan_says_so(sqlite_ctx):
    case = sqlite_ctx.cases.create(sample_case())
    from counsel_app.errors import UserError

    with pytest.raises(UserError) as info:
        PlanService(sqlite_ctx).render_pdf(case.reference, "fr")
    assert "no plan yet" in str(info.value)


def test_headless_command_writes_the_plan(tmp_path, monkeypatch, capsys):
    from counsel_app.cli import main
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db = Database(url)
    migrate.upgrade(db)
    ctx = make_context(db)
    case = ctx.cases.create(sample_case())
    PlanService(ctx).save(sample_plan(case.reference, "ar"))
    db.dispose()
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    out = tmp_path / "plan-ar.pdf"
    code = main(["--db", url, "plan", case.reference, "--lang", "ar", "--bilingual", "fr",
                 "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert out.read_bytes().startswith(b"%PDF")
    easy = tmp_path / "easy.pdf"
    assert main(["--db", url, "plan", case.reference, "--lang", "ar", "--easy-read",
                 "--out", str(easy)]) == 0
    capsys.readouterr()
    # wrong arguments: one line, exit 2, nothing written
    bad = tmp_path / "bad.pdf"
    code = main(["--db", url, "plan", case.reference, "--lang", "hi", "--out", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "“hi”" in err and len(err.strip().splitlines()) == 1
    assert not bad.exists()
    code = main(["--db", url, "plan", "not-a-ref", "--lang", "fr", "--out", str(bad)])
    assert code == 2
