"""Nothing leaves beyond consent: the real consent records (consent area) gate every export."""

import json

import pytest

from counsel_app.consent.purposes import Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances, ConsentRequired
from counsel_app.consent.service import record, withdraw
from counsel_app.domain.case import utcnow
from counsel_app.handover.package import (
    export_handover,
    import_package,
    withdrawal_flags,
)
from counsel_app.handover.sources import build_bundle
from tests.handover.helpers import (
    ASYLUM_NOTE,
    HEALTH_NOTE,
    MEDICAL_DETAIL,
    NAME,
    PHONE,
    SKILLS,
    consented_case,
    pair,
)


def give(ctx, reference, choices):
    record(ctx, reference, choices, Circumstances(
        language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin", at=utcnow(),
        teach_back_done=True, teach_back_note="explained back in her own words"))


@pytest.fixture
def setup(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    return sender, office, case, office.keys.station().fingerprint


def everything_received(office, path) -> str:
    imported = import_package(office.ctx, path)
    return json.dumps(imported.content, ensure_ascii=False), imported


def test_share_only_minimum(setup, tmp_path):
    sender, office, case, fp = setup
    give(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office"),
        Choice(Purpose.SHARE_HEALTH_DATA, False), Choice(Purpose.FOLLOW_UP_CONTACT, False)])
    out = tmp_path / "p.cahp"
    export_handover(sender.ctx, case.reference, fp, out)
    text, imported = everything_received(office, out)
    assert NAME in text and SKILLS in text  # identification and assessments consented
    for secret in (PHONE, HEALTH_NOTE, MEDICAL_DETAIL, ASYLUM_NOTE, "asylum_rejected",
                   "Awa Testchild", "explained back"):
        assert secret not in text, secret
    assert set(imported.withheld) == {"health", "follow_up_contact", "asylum_history"}
    local = office.ctx.cases.get_by_reference(imported.local_reference)
    assert local.person.phone == "" and local.reason is None


def test_health_and_contact_when_consented(setup, tmp_path):
    sender, office, case, fp = setup
    give(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office"),
        Choice(Purpose.SHARE_HEALTH_DATA, True), Choice(Purpose.FOLLOW_UP_CONTACT, True)])
    out = tmp_path / "p.cahp"
    export_handover(sender.ctx, case.reference, fp, out)
    text, _imported = everything_received(office, out)
    assert PHONE in text and HEALTH_NOTE in text and MEDICAL_DETAIL in text
    assert ASYLUM_NOTE not in text  # never shared, whatever the consents


def test_consent_for_another_office_does_not_count(setup, tmp_path):
    sender, _office, case, fp = setup
    give(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, "OTHER-OFFICE", "Another office")])
    with pytest.raises(ConsentRequired) as refused:
        export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp")
    assert not (tmp_path / "p.cahp").exists()
    # said in words: whom the person consented to, never a key's fingerprint
    assert "consented to sharing with Another office, not with" in str(refused.value)
    assert fp not in str(refused.value) and fp[:8].upper() not in str(refused.value)


def test_consent_before_the_key_links_when_the_key_is_trusted(setup, tmp_path):
    """Consent to "the office in Guinea, key to follow", or to an office by its name, is
    asked once: the office's key trusted later is covered without asking again."""
    from counsel_app.consent.rules import office_in

    sender, _office, case, fp = setup
    assert case.return_country == "GN"
    give(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, office_in("GN"), "")])
    result = export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                             receipt_pdf=False)
    assert (tmp_path / "p.cahp").exists() and result is not None


def test_withdrawal_stops_sharing_and_flags_sent_handover(setup, tmp_path):
    sender, _office, case, fp = setup
    give(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office")])
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p1.cahp")
    assert withdrawal_flags(sender.ctx, case.reference) == []
    withdraw(sender.ctx, case.reference, [(Purpose.SHARE_WITH_RECIPIENT, fp)],
             reason="changed her mind")
    flags = withdrawal_flags(sender.ctx, case.reference)
    assert len(flags) == 1 and flags[0]["fingerprint"] == fp
    assert flags[0]["withdrawn_at"] is not None
    with pytest.raises(ConsentRequired):
        export_handover(sender.ctx, case.reference, fp, tmp_path / "p2.cahp")


def test_bundle_files_health_apart():
    """The bundle builder files health details under ``health`` only (pure function)."""
    from counsel_app.domain.case import Case, Person
    from counsel_app.session.record import SessionRecord

    record_ = SessionRecord(1, "AVRR-2026-000001")
    record_.screening.set_flag("pregnancy", True, "seven months")
    record_.screening.set_flag("child", True, "")
    plan = {"assistance": [{"type": "medical_care", "details": "prenatal care"},
                           {"type": "housing", "details": "room"}],
            "arrival": {"medical_escort": True, "medical_escort_details": "midwife"}}
    bundle = build_bundle(Case(person=Person(name_latin="X")), record_, plan)
    outside = json.dumps({k: v for k, v in bundle.items() if k != "health"})
    for secret in ("seven months", "pregnancy", "prenatal care", "midwife"):
        assert secret not in outside
        assert secret in json.dumps(bundle["health"])
    assert "child" in bundle["assessments"]["vulnerability_flags"]
