"""What the consent screen shows is decided by the consent service (no Qt): whether consent
(7) is asked, the capacity note, what stops recording, what recording did, the standing
lines, the integrity note, the withdrawal question and the step list's line."""

from __future__ import annotations

from datetime import date

from counsel_app import consent
from counsel_app.consent import Capacity, Choice, Purpose
from counsel_app.domain.enums import CaseStatus
from counsel_app.session.confidentiality import mark_flags
from tests.consent.helpers import OFFICE, all_given, circumstances, make_case, minor


def test_consent_seven_is_asked_for_a_confidential_case_or_once_asked(sqlite_ctx):
    ctx = sqlite_ctx
    assert not consent.asks_confidential(ctx, {"health"}, None)
    assert consent.asks_confidential(ctx, {"health", "gbv"}, None)
    mark_flags(ctx, ["psychosocial"])  # the centre's own mark counts too
    assert consent.asks_confidential(ctx, {"psychosocial"}, None)
    case = make_case(ctx)
    state = consent.record(ctx, case.reference, [
        Choice(Purpose.SHARE_CONFIDENTIAL, False, OFFICE, "IOM Conakry")], circumstances())
    assert consent.asks_confidential(ctx, set(), state)  # asked before: still shown


def test_capacity_and_what_stops_recording(sqlite_ctx):
    ctx = sqlite_ctx
    adult_case, child_case = make_case(ctx), make_case(ctx, minor())
    today = date(2026, 12, 5)
    assert consent.capacity_note(adult_case, circumstances(), today) == (
        "The person can consent alone.")
    assert consent.capacity_note(child_case, circumstances(), today).endswith(
        "A guardian must consent with them: enter the guardian's details and the "
        "best-interests determination reference.")
    lacks = circumstances(capacity=Capacity(lacks_capacity=True))
    assert "guardian must consent" in consent.capacity_note(adult_case, lacks, today)
    assert consent.recording_blockers(adult_case, circumstances(), []) == [
        "Mark at least one consent as agreed or not agreed."]
    assert consent.recording_blockers(adult_case, circumstances(), all_given()) == []
    assert any("guardian" in r for r in consent.recording_blockers(
        child_case, circumstances(), all_given()))


def test_recording_says_what_happened_to_the_case(sqlite_ctx):
    ctx = sqlite_ctx
    case = make_case(ctx)
    refused = [Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, False)]
    message = consent.record_and_report(ctx, case, refused, circumstances())
    assert message.startswith("The consents are recorded. The case stays where it is: ")
    case = ctx.cases.get(case.id)
    assert case.status is CaseStatus.DECISION_TAKEN
    assert consent.record_and_report(ctx, case, all_given(), circumstances()) == (
        "The consents are recorded. The case is now “Consented”.")


def test_standing_lines_integrity_withdrawal_question_and_summary(sqlite_ctx):
    ctx = sqlite_ctx
    case = make_case(ctx)
    assert consent.in_force_summary(None) == ""
    consent.record(ctx, case.reference, all_given(), circumstances())
    history, report = consent.events(ctx, case.reference)
    state = consent.ConsentState.from_events(case.reference, history, intact=report.ok)
    lines = consent.standing_lines(state, "en")
    assert [key for key, _line, _on in lines][:2] == [(Purpose.RETURN_DECISION, ""),
                                                     (Purpose.DATA_PROCESSING, "")]
    share = next(line for key, line, _on in lines if key[0] is Purpose.SHARE_WITH_RECIPIENT)
    assert "IOM Conakry" in share and ": given since " in share.lower()
    assert all(on for _key, _line, on in lines)
    assert consent.integrity_note(len(history), True) == (
        f"History: {len(history)} entries, intact.")
    assert "failed its integrity check" in consent.integrity_note(3, False)
    assert consent.integrity_note(1, True) == "History: 1 entry, intact."  # not "1 entries"
    assert consent.withdrawal_question(state, None).startswith("Withdraw all consents?")
    one = consent.withdrawal_question(state, [(Purpose.SHARE_WITH_RECIPIENT, OFFICE)])
    assert "IOM Conakry" in one and "never be held against them" in one
    assert consent.in_force_summary(state) == f"{len(lines)} in force"


def test_standing_lines_say_since_when_in_the_medium_form_of_the_language(sqlite_ctx):
    """"given since Dec 4, 2026 10:30 AM" ("4 déc. 2026", "4 ديسمبر 2026"), as
    ``consent show`` prints it; never the numeric short form ("12/4/26", "04/12/2026")."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.i18n.dates import show_date

    ctx = sqlite_ctx
    case = make_case(ctx)
    consent.record(ctx, case.reference, all_given(), circumstances())
    history, report = consent.events(ctx, case.reference)
    state = consent.ConsentState.from_events(case.reference, history, intact=report.ok)
    day = next(iter(state.standings.values())).since
    for lang in ("en", "fr", "ar"):
        set_interface_language(lang)
        lines = [line for _key, line, _on in consent.standing_lines(state, lang)]
        assert lines and all(show_date(day, lang) in line for line in lines), lines
        assert not any("/" in line or day.date().isoformat() in line for line in lines), lines
