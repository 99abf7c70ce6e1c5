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



# -- what was printed, said in the interface language ---------------------------------------

def _printed(info, lang, topics, day, hour=12):
    """A print of ``topics`` library items in ``lang`` on December ``day``, 2026 (at noon
    UTC by default: the same day wherever the station is)."""
    from datetime import UTC, datetime

    case = Case(person=Person(name_latin="Aminata Camara"), reference="AVRR-2026-000001")
    job = handouts.case_handout(None, case, "GN", [f"gn-base:{i}" for i in range(topics)],
                                lang)
    handouts.handout_printed(None, case, info, job, datetime(2026, 12, day, hour, tzinfo=UTC))


def test_what_was_printed_is_said_in_one_sentence():
    info = Information()
    assert handouts.printed_summary(info) == "No handout printed yet."
    _printed(info, "fr", 1, 4)
    assert handouts.printed_summary(info) == "Handout printed on Dec 4, 2026 in French (1 topic)."
    info.handouts_printed.clear()
    _printed(info, "fr", 3, 7)
    assert handouts.printed_summary(info) == "Handout printed on Dec 7, 2026 in French (3 topics)."
    # several: how many, and the last of them (by its time, in whatever order recorded)
    _printed(info, "ar", 5, 9)
    _printed(info, "en", 2, 8)
    assert handouts.printed_summary(info) == (
        "3 handouts printed; the last on Dec 9, 2026 in Arabic (5 topics).")
    _printed(info, "es", 1, 10)
    assert handouts.printed_summary(info) == (
        "4 handouts printed; the last on Dec 10, 2026 in Spanish (1 topic).")


def test_a_print_recorded_badly_is_still_said_without_an_error():
    info = Information(handouts_printed=[{"at": "sometime", "topics": None}])
    assert handouts.printed_summary(info) == "Handout printed on sometime in ? (0 topics)."


@pytest.mark.parametrize("lang, none, one, three, several", [
    ("fr", "Aucune fiche imprimée pour l’instant.",
     "Fiche imprimée le 7 déc. 2026 en espagnol (1 sujet).",
     "Fiche imprimée le 7 déc. 2026 en espagnol (3 sujets).",
     "2 fiches imprimées ; la dernière le 8 déc. 2026 en anglais (1 sujet)."),
    ("ar", "لم تُطبع أي نشرة بعد.",
     "طُبعت النشرة في 7 ديسمبر 2026 باللغة الإسبانية (1 موضوع).",
     "طُبعت النشرة في 7 ديسمبر 2026 باللغة الإسبانية (3 مواضيع).",
     "طُبعت 2 نشرة؛ آخرها في 8 ديسمبر 2026 باللغة الإنجليزية (1 موضوع)."),
])
def test_the_sentence_is_whole_in_the_interface_language_with_its_plural_forms(
        lang, none, one, three, several):
    from counsel_app.i18n import set_interface_language

    set_interface_language(lang)
    try:
        info = Information()
        assert handouts.printed_summary(info) == none
        _printed(info, "es", 1, 7)
        assert handouts.printed_summary(info) == one
        info.handouts_printed.clear()
        _printed(info, "es", 3, 7)
        assert handouts.printed_summary(info) == three
        info.handouts_printed.clear()
        _printed(info, "es", 3, 7)
        _printed(info, "en", 1, 8)
        assert handouts.printed_summary(info) == several
    finally:
        set_interface_language("en")
