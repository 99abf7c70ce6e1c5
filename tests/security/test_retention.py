"""Retention (anonymisation of old closed cases) and erasure on request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from counsel_app.context import unlock
from counsel_app.domain.case import utcnow
from counsel_app.domain.enums import CaseStatus, Decision, ReasonCategory
from counsel_app.errors import NotFound, ValidationError
from counsel_app.security import audit, retention
from counsel_app.security.accounts import add_user
from counsel_app.security.models import AnonymisedCase
from counsel_app.security.roles import PermissionDenied
from counsel_app.storage.models import CaseRow, CaseSearchToken
from tests.security.conftest import person_case


def closed_case(ctx, name="Fatoumata Diallo"):
    case = ctx.cases.create(person_case(name, reason=ReasonCategory.LACKS_MEANS,
                                        reason_note="sleeps at the bus station"))
    for status in (CaseStatus.COUNSELLING,):
        case.move_to(status)
        case = ctx.cases.save(case)
    case.move_to(CaseStatus.DECISION_TAKEN, Decision.DECLINED)
    case = ctx.cases.save(case)
    case.move_to(CaseStatus.CLOSED)
    return ctx.cases.save(case)


def test_closed_case_past_period_is_anonymised_with_statistics(ctx):
    old = closed_case(ctx)
    recent = closed_case(ctx, "Binta Sow")
    open_case = ctx.cases.create(person_case("Awa Camara"))
    later = utcnow() + timedelta(days=731)
    with ctx.db.session() as s:  # the recent one was changed just now, a year later
        s.get(CaseRow, recent.id).updated_at = utcnow() + timedelta(days=400)
    assert retention.apply_retention(ctx, now=later, dry_run=True).anonymised == [old.reference]
    result = retention.apply_retention(ctx, now=later)
    assert result.anonymised == [old.reference]
    anon = ctx.cases.get(old.id)
    # identity gone
    assert anon.person.name_latin == "" and anon.person.date_of_birth is None
    assert anon.person.phone == "" and anon.reason_note == ""
    assert ctx.cases.list(text="Fatoumata") == []
    with ctx.db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(CaseSearchToken)
                        .where(CaseSearchToken.case_id == old.id)) == 0
        stats = s.get(AnonymisedCase, old.id)
        row = s.get(CaseRow, old.id)
    # statistics kept
    assert anon.status is CaseStatus.CLOSED and anon.decision is Decision.DECLINED
    assert anon.return_country == "GN" and anon.host_country == "TN"
    assert anon.person.sex.value == "female" and anon.reason is ReasonCategory.LACKS_MEANS
    assert (stats.sex, stats.age_band, stats.reason) == ("female", "35-49", "lacks_means")
    assert row.created_at.day == 1 and row.created_at.hour == 0
    # others untouched; running again does nothing more
    assert ctx.cases.get(recent.id).person.name_latin == "Binta Sow"
    assert ctx.cases.get(open_case.id).person.name_latin == "Awa Camara"
    assert retention.apply_retention(ctx, now=later).anonymised == []
    assert any(e.action == "anonymise" for e in audit.events(ctx.db, reference=old.reference))


def test_periods_are_configurable(ctx):
    draft = ctx.cases.create(person_case())
    assert retention.due_for_anonymisation(ctx.db, now=utcnow() + timedelta(days=40)) == []
    retention.set_retention_period(ctx, "draft", 30)
    assert retention.retention_periods(ctx.db) == {"closed": 730, "draft": 30}
    assert retention.due_for_anonymisation(ctx.db, now=utcnow() + timedelta(days=40)) == [draft.id]
    retention.set_retention_period(ctx, "draft", None)
    assert retention.retention_periods(ctx.db) == {"closed": 730}
    with pytest.raises(ValidationError, match="not a case status"):
        retention.set_retention_period(ctx, "forgotten", 3)
    with pytest.raises(ValidationError, match="at least one day"):
        retention.set_retention_period(ctx, "closed", 0)


def test_erasure_leaves_only_a_tombstone(ctx):
    keep = ctx.cases.create(person_case("Awa Camara"))
    gone = ctx.cases.create(person_case("Mariama Barry"))
    ref = gone.reference
    # another area's table referring to the case (any table with a foreign key to cases.id)
    from counsel_app.security.access import grant_case_access

    add_user(ctx, "kofi", "caseworker", "a long enough password")
    grant_case_access(ctx, gone.id, "kofi")
    assert retention.erase_case(ctx, gone.id) == ref
    with pytest.raises(NotFound):
        ctx.cases.get(gone.id)
    with ctx.db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(CaseSearchToken)
                        .where(CaseSearchToken.case_id == gone.id)) == 0
        assert s.execute(text("SELECT count(*) FROM case_access")).scalar() == 0
    events = audit.events(ctx.db, reference=ref)
    assert events[-1].action == "erase" and events[-1].detail == "on request"
    assert audit.verify(ctx.db, ctx.vault.data_key).ok
    assert ctx.cases.get(keep.id).person.name_latin == "Awa Camara"


def test_only_administrator_erases_or_applies_retention(ctx):
    add_user(ctx, "cora", "counsellor", "a long enough password")
    cora = unlock(ctx.db, "cora", "a long enough password")
    case = cora.cases.create(person_case())
    with pytest.raises(PermissionDenied):
        retention.erase_case(cora, case.id)
    with pytest.raises(PermissionDenied):
        retention.apply_retention(cora)
    assert ctx.cases.get(case.id)
