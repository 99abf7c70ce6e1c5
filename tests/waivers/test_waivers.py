"""Waivers (both engines, no Qt): the screening's required next steps hold plan ready and
handover until done or waived by a supervisor with a written reason, audited."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import UserError, ValidationError
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.security.roles import PermissionDenied
from counsel_app.services.status import StatusBlocked, change_status, status_blockers
from counsel_app.session.store import SessionStore
from counsel_app.waivers import service as waivers
from tests.conftest import TEST_PASSWORD
from tests.workflow_helpers import advance, record_travel_decisions

S = CaseStatus
REASON = "Cleared by the airline's doctor on 3 December; the certificate is in the file."


@pytest.fixture
def people(ctx):
    from counsel_app.security.accounts import add_user

    add_user(ctx, "sam", "supervisor", TEST_PASSWORD)
    add_user(ctx, "cora", "counsellor", TEST_PASSWORD)
    return (waivers.supervisor_context(ctx.db, "sam", TEST_PASSWORD),
            _sign_in(ctx.db, "cora"))


def _sign_in(db, name):
    from counsel_app.security.accounts import sign_in

    return sign_in(db, name, TEST_PASSWORD)


def consented_with_health_needs(ctx) -> Case:
    case = ctx.cases.create(Case(person=Person(name_latin="Awa Diallo",
                                               date_of_birth=date(1988, 3, 1)),
                                 return_country="GN"))
    case = advance(ctx, case, S.COUNSELLING, S.DECISION_TAKEN, S.CONSENTED)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("health", True, "asthma")
    record.screening.mark_step("continuity_of_care", True)
    store.save_part(record, "screening")
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    return case


def test_open_steps_hold_plan_ready_naming_each(ctx):
    case = consented_with_health_needs(ctx)
    reasons = status_blockers(ctx, case, S.PLAN_READY)
    assert any("Fitness to travel" in r and "Health needs" in r for r in reasons)
    assert any("medical escort" in r for r in reasons)
    assert not any("Continuity" in r for r in reasons)  # done
    with pytest.raises(StatusBlocked):
        PlanService(ctx).mark_ready(case.reference)
    case.move_to(S.PLAN_READY)
    with pytest.raises(StatusBlocked):
        ctx.cases.save(case)
    assert ctx.cases.get(case.id).status is S.CONSENTED


def test_only_a_supervisor_waives_with_a_written_reason_and_it_is_audited(ctx, people):
    from counsel_app.security.audit import read_events

    supervisor, counsellor = people
    case = consented_with_health_needs(ctx)
    item = "screening:fitness_to_travel"
    assert item in {i.key for i in waivers.open_items(ctx, case)}
    with pytest.raises(PermissionDenied):
        waivers.waive(counsellor, case, item, REASON)
    with pytest.raises(ValidationError, match="reason"):
        waivers.waive(supervisor, case, item, "ok")
    with pytest.raises(UserError, match="not an open item"):
        waivers.waive(supervisor, case, "screening:continuity_of_care", REASON)  # done
    with pytest.raises(UserError, match="not an open item"):
        waivers.waive(supervisor, case, "screening:nonsense", REASON)
    waiver = waivers.waive(supervisor, case, item, REASON)
    assert (waiver.waived_by, waiver.role) == ("sam", "supervisor")
    with pytest.raises(UserError, match="waived already"):
        waivers.waive(supervisor, case, item, REASON)
    stored = waivers.in_force(ctx, case)[item]
    assert stored.reason == REASON and stored.waived_by == "sam"
    events = [(e.username, e.action, e.detail) for e in read_events(ctx, reference=case.reference)]
    assert ("sam", "waiver", item) in events
    reasons = status_blockers(ctx, case, S.PLAN_READY)
    assert not any("Fitness to travel" in r for r in reasons)
    assert any("medical escort" in r for r in reasons)


def test_waived_and_done_steps_let_the_case_on_and_a_revoked_waiver_holds_it_again(ctx,
                                                                                  people):
    supervisor, _counsellor = people
    case = consented_with_health_needs(ctx)
    waivers.waive(supervisor, case, "screening:fitness_to_travel", REASON)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record_travel_decisions(ctx, case, clearance=False)  # the escort decision: travel's
    assert status_blockers(ctx, case, S.PLAN_READY) == []
    waivers.revoke(supervisor, case, "screening:fitness_to_travel",
                   "The doctor's clearance was for another date.")
    assert any("Fitness to travel" in r for r in status_blockers(ctx, case, S.PLAN_READY))
    history = waivers.history(ctx, case)
    assert len(history) == 1 and not history[0].in_force and history[0].revoked_by == "sam"
    waivers.waive(supervisor, case, "screening:fitness_to_travel", REASON)
    case = change_status(ctx, case, S.PLAN_READY)
    assert case.status is S.PLAN_READY


def test_handover_is_held_by_a_step_opened_after_plan_ready(ctx, tmp_path):
    from counsel_app.handover.package import move_status
    from tests.workflow_helpers import record_sent_package

    case = consented_with_health_needs(ctx)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record_travel_decisions(ctx, case)  # fitness to travel and the escort: travel's
    case = change_status(ctx, case, S.PLAN_READY)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("pregnancy", True, "")  # maternal care now required
    store.save_part(record, "screening")
    record_sent_package(ctx, case)
    with pytest.raises(StatusBlocked, match="Maternal care"):
        change_status(ctx, case, S.HANDED_OVER)
    with pytest.raises(StatusBlocked):  # the in-transaction path needs every guard
        with ctx.db.session() as session:
            move_status(session, case.id, S.HANDED_OVER)
    with pytest.raises(StatusBlocked, match="Maternal care"):
        with ctx.db.session() as session:
            move_status(session, case.id, S.HANDED_OVER, ctx=ctx)
    assert ctx.cases.get(case.id).status is S.PLAN_READY


def test_a_supervisor_signature_needs_the_right_role_and_password(ctx, people):
    from counsel_app.security.accounts import SignInError

    with pytest.raises(UserError, match="cannot waive"):
        waivers.supervisor_context(ctx.db, "cora", TEST_PASSWORD)
    with pytest.raises(SignInError):
        waivers.supervisor_context(ctx.db, "sam", "wrong password")


def test_the_person_sees_waivers_in_their_copy(ctx, people, tmp_path):
    from pypdf import PdfReader

    from counsel_app.security.subject_access import write_subject_access

    supervisor, _counsellor = people
    case = consented_with_health_needs(ctx)
    waivers.waive(supervisor, case, "screening:fitness_to_travel", REASON)
    out = write_subject_access(ctx, case.id, tmp_path / "copy.pdf", lang="en")
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Steps waived by a supervisor" in text and "airline" in text


def _copy_text(ctx, case, lang: str, tmp_path) -> str:
    from pypdf import PdfReader

    from counsel_app.security.subject_access import write_subject_access
    from tests.documents.helpers import normalise

    out = write_subject_access(ctx, case.id, tmp_path / f"copy-{lang}.pdf", lang=lang)
    return normalise(" ".join(p.extract_text() for p in PdfReader(str(out)).pages))


FRENCH_REASON = "Certificat du médecin reçu."
FRENCH_REVOKE = "Le certificat est périmé."


def _waived_and_revoked_in_french(ctx, people):
    from counsel_app.i18n import set_interface_language

    supervisor, _counsellor = people
    case = consented_with_health_needs(ctx)
    set_interface_language("fr")
    try:
        waivers.waive(supervisor, case, "screening:fitness_to_travel", FRENCH_REASON)
        waivers.revoke(supervisor, case, "screening:fitness_to_travel", FRENCH_REVOKE)
    finally:
        set_interface_language("en")
    return case


def test_a_reason_says_the_language_it_was_typed_in_not_the_printers(ctx, people, tmp_path):
    """The supervisor worked in French; the person's copy is printed in English from an
    English screen: the reasons were said to be "written in English". Now each says the
    language recorded when it was written."""
    case = _waived_and_revoked_in_french(ctx, people)
    text = _copy_text(ctx, case, "en", tmp_path)
    assert f"{FRENCH_REASON} (written in French)" in text
    assert f"{FRENCH_REVOKE} (written in French)" in text


def test_a_reason_written_before_its_language_was_recorded_keeps_the_earlier_rule(
        ctx, people, tmp_path):
    """A waiver given before the language was recorded, revoked since from a French
    screen: its reason is taken to be in the language of the screen the copy is printed
    from, as before; the reason of the revocation says the language it was typed in."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.waivers.models import WaiverRow

    supervisor, _counsellor = people
    case = consented_with_health_needs(ctx)
    waivers.waive(supervisor, case, "screening:fitness_to_travel", FRENCH_REASON)
    with ctx.db.session() as session:
        for row in session.query(WaiverRow).filter_by(case_id=case.id):
            row.reason_language = None
    set_interface_language("fr")
    try:
        waivers.revoke(supervisor, case, "screening:fitness_to_travel", FRENCH_REVOKE)
    finally:
        set_interface_language("en")
    text = _copy_text(ctx, case, "en", tmp_path)
    assert FRENCH_REASON in text and f"{FRENCH_REASON} (" not in text
    assert f"{FRENCH_REVOKE} (written in French)" in text
    text = _copy_text(ctx, case, "fr", tmp_path)
    assert f"{FRENCH_REASON} (écrit en anglais)" in text
    assert FRENCH_REVOKE in text and f"{FRENCH_REVOKE} (" not in text
