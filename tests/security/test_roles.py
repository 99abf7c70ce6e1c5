"""Role boundaries: what a counsellor, supervisor and caseworker may and may not do."""

from __future__ import annotations

import pytest

from counsel_app.context import unlock
from counsel_app.errors import NotFound
from counsel_app.security import audit
from counsel_app.security.access import grant_case_access
from counsel_app.security.accounts import add_user
from counsel_app.security.roles import PermissionDenied
from tests.security.conftest import person_case

PW = "a long enough password"


@pytest.fixture
def team(ctx):
    for name, role in (("cora", "counsellor"), ("sam", "supervisor"), ("kofi", "caseworker"),
                       ("kemi", "caseworker")):
        add_user(ctx, name, role, PW)
    return {name: unlock(ctx.db, name, PW) for name in ("cora", "sam", "kofi", "kemi")}


def test_counsellor_cannot_read_audit_trail(team):
    with pytest.raises(PermissionDenied, match="Counsellor.*read the audit trail"):
        audit.read_events(team["cora"])
    with pytest.raises(PermissionDenied):
        audit.verify_for(team["cora"])
    assert audit.read_events(team["sam"])  # a supervisor can


def test_supervisor_reads_but_does_not_change_cases(team):
    case = team["cora"].cases.create(person_case())
    assert team["sam"].cases.get(case.id).reference == case.reference
    with pytest.raises(PermissionDenied, match="Supervisor.*change cases"):
        team["sam"].cases.save(case)


def test_caseworker_sees_only_cases_handed_to_them(ctx, team):
    mine = team["cora"].cases.create(person_case("Mariama Camara"))
    other = team["cora"].cases.create(person_case("Ibrahima Sow"))
    kofi = team["kofi"]
    assert kofi.cases.list() == [] and kofi.cases.count() == 0
    with pytest.raises(NotFound):
        kofi.cases.get(mine.id)
    grant_case_access(ctx, mine.id, "kofi")
    assert [c.reference for c in kofi.cases.list()] == [mine.reference]
    assert [c.reference for c in kofi.cases.list(text="Mariama")] == [mine.reference]
    assert kofi.cases.list(text="Ibrahima") == []
    assert kofi.cases.get(mine.id).person.name_latin == "Mariama Camara"
    assert kofi.cases.get_by_reference(mine.reference).id == mine.id
    with pytest.raises(NotFound):
        kofi.cases.get(other.id)
    with pytest.raises(NotFound):
        kofi.cases.get_by_reference(other.reference)
    # a changed copy of a case not handed over cannot be saved either
    stolen = team["cora"].cases.get(other.id)
    with pytest.raises(NotFound):
        kofi.cases.save(stolen)
    # other areas' services check the same boundary by id
    from counsel_app.security.access import check_case_access

    check_case_access(kofi, mine.id)
    with pytest.raises(NotFound):
        check_case_access(kofi, other.id)
    check_case_access(team["cora"], other.id)
    # another caseworker still sees nothing; counsellors see everything
    assert team["kemi"].cases.list() == []
    assert len(team["cora"].cases.list()) == 2


def test_views_and_changes_are_audited(team):
    cora = team["cora"]
    case = cora.cases.create(person_case())
    cora.cases.get(case.id)
    case = cora.cases.get(case.id)
    case.reason_note = "changed"
    cora.cases.save(case)
    actions = [(e.username, e.action) for e in audit.read_events(team["sam"], reference=case.reference)]
    assert actions == [("cora", "create"), ("cora", "view"), ("cora", "view"), ("cora", "change")]
