"""The session screen's audit event for a sitting (Qt-free): one event, part names only."""

from __future__ import annotations

from counsel_app.domain.case import Case, Person


def test_a_sitting_of_the_session_is_one_audit_event_naming_parts_only(sqlite_ctx):
    from counsel_app.security.audit import read_events
    from counsel_app.session.store import audit_sitting

    ctx = sqlite_ctx
    case = ctx.cases.create(Case(person=Person(name_latin="Aminata Camara"),
                                 return_country="GN", counsellor=ctx.user))
    assert not audit_sitting(ctx, case.reference, set())
    assert not audit_sitting(ctx, case.reference, {"progress"})  # moving between steps
    assert audit_sitting(ctx, case.reference, {"screening", "information", "progress"})
    changes = [e for e in read_events(ctx, reference=case.reference) if e.action == "change"]
    assert [e.detail for e in changes] == ["session: information, screening"]
