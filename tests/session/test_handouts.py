"""The information step's handout, without Qt: what it prints (the library topics ticked),
the refusal when there is none, the values read for it, and its record and audit event."""

from __future__ import annotations

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.errors import UserError
from counsel_app.session import handouts
from counsel_app.session.record import Information


def make_case(ctx, country="GN"):
    return ctx.cases.create(Case(person=Person(name_latin="Aminata Camara"),
                                 return_country=country, return_region="",
                                 counsellor=ctx.user))


def test_only_ticked_library_topics_are_printed():
    info = Information()
    info.cover("housing", True)  # a generic topic: not a library item
    info.show_item("gn-base:currency", "Money — Currency")
    assert handouts.pack_topics(info) == []
    assert "Tick at least one library topic" in handouts.handout_blocker(info, "GN")
    info.cover("pack:gn-base:currency", True)
    assert handouts.pack_topics(info) == ["gn-base:currency"]
    assert handouts.handout_blocker(info, "GN") == ""
    assert "country of return" in handouts.handout_blocker(info, "")


def test_prepare_refuses_without_a_topic_and_records_the_print_with_an_audit_event(
        sqlite_ctx):
    from counsel_app.security.audit import read_events

    ctx = sqlite_ctx
    case = make_case(ctx)
    info = Information()
    with pytest.raises(UserError, match="Tick at least one library topic"):
        handouts.prepare_handout(ctx, case, info, "fr")
    info.cover("pack:gn-base:currency", True)
    job = handouts.prepare_handout(ctx, case, info, "fr")
    assert job.keys == ("gn-base:currency",) and job.lang == "fr"
    assert job.reference == case.reference and job.country == "GN"
    handouts.handout_printed(ctx, case, info, job)
    assert info.handouts_printed[-1]["topics"] == ["gn-base:currency"]
    assert info.handouts_printed[-1]["lang"] == "fr"
    assert any(e.action == "print" and e.detail == "handout"
               for e in read_events(ctx, reference=case.reference))

