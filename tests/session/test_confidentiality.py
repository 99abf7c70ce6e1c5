"""Strict confidentiality holds at every door (services only, no Qt).

A strictly confidential flag (trafficking, GBV, SOGI, or one the centre marks) never reaches
a handover package, a printed plan, a handout or the monitoring figures unless the person
gave consent (7) for that recipient; the subject-access copy to the person shows it.
"""

import csv
import inspect
import json

import pytest

from counsel_app.consent.purposes import DataCategory, Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances, ConsentState
from counsel_app.consent.service import record as record_consents
from counsel_app.domain.case import utcnow
from counsel_app.errors import UserError
from counsel_app.handover.package import export_handover, import_package
from counsel_app.session.confidentiality import (
    ALWAYS,
    confidential_flags,
    confidential_steps,
    mark_flags,
    split_screening,
)
from counsel_app.session.store import SessionStore
from tests.handover.helpers import (
    HEALTH_NOTE,
    SKILLS,
    consented_case,
    event,
    pair,
)

GBV_NOTE = "Zzsecret: assaulted by the recruiter in Sfax"


def test_always_confidential_flags():
    assert ALWAYS == {"trafficking", "gbv", "sogi"}


def test_split_keeps_shared_steps_open():
    """A step only a confidential flag requires would give the flag away; a step another
    flag of the case requires as well stays with the rest."""
    flags = {"trafficking": "", "violence": "beaten in transit", "child": ""}
    steps = {"strict_confidentiality": {"done": True}, "safe_reception": {"done": True},
             "risk_assessment": {"done": True}, "guardian": {"done": True}}
    open_flags, open_steps, secret = split_screening(flags, steps)
    assert set(open_flags) == {"violence", "child"}
    assert set(open_steps) == {"risk_assessment", "guardian"}  # violence needs it too
    assert set(secret["flags"]) == {"trafficking"}
    assert set(secret["steps"]) == {"strict_confidentiality", "safe_reception"}
    assert "risk_assessment" in confidential_steps({"sogi"})
    assert split_screening({"child": ""}, {"guardian": {}})[2] == {}


def test_consent_seven_is_per_recipient():
    state = ConsentState.from_events("R", [
        event(1, Purpose.RETURN_DECISION), event(2, Purpose.DATA_PROCESSING),
        event(3, Purpose.SHARE_WITH_RECIPIENT, recipient="A"),
        event(4, Purpose.SHARE_WITH_RECIPIENT, recipient="B"),
        event(5, Purpose.SHARE_CONFIDENTIAL, recipient="A")])
    assert DataCategory.CONFIDENTIAL in state.sharable_sections("A")
    assert DataCategory.CONFIDENTIAL not in state.sharable_sections("B")


# -- the handover package ---------------------------------------------------------------
def give(ctx, reference, choices):
    record_consents(ctx, reference, choices, Circumstances(
        language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin", at=utcnow(),
        teach_back_done=True, teach_back_note="explained back in her own words"))


def add_flag(ctx, case, flag, note):
    store = SessionStore(ctx.db, ctx.vault.cipher)
    rec = store.load(case.id, case.reference)
    rec.screening.set_flag(flag, True, note)
    for step in rec.screening.required():  # done, as a handover needs
        rec.screening.mark_step(step.key, True)
    store.save_part(rec, "screening")


@pytest.fixture
def gbv_case(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)  # trafficking and health flags
    add_flag(sender.ctx, case, "gbv", GBV_NOTE)
    return sender, office, case, office.keys.station().fingerprint


def basic(fp, *extra):
    return [Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
            Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office"),
            *extra]


def received(office, sender, case, fp, tmp_path, name="p.cahp"):
    out = tmp_path / name
    result = export_handover(sender.ctx, case.reference, fp, out)
    imported = import_package(office.ctx, out)
    return result, json.dumps(imported.content, ensure_ascii=False), imported


SECRETS = (GBV_NOTE, "trafficking", "gbv", "strict_confidentiality", "gbv_referral",
           "counsellor_choice", "safe_reception", "no_sharing_without_agreement",
           "share_confidential", "confidential")


def test_handover_without_consent_seven_carries_no_trace(gbv_case, tmp_path):
    sender, office, case, fp = gbv_case
    # the person refused to tell this office: not even the refusal may travel
    give(sender.ctx, case.reference, basic(fp, Choice(Purpose.SHARE_HEALTH_DATA, True),
                                            Choice(Purpose.SHARE_CONFIDENTIAL, False, fp,
                                                   "Conakry reintegration office")))
    result, text, imported = received(office, sender, case, fp, tmp_path)
    assert SKILLS in text and HEALTH_NOTE in text  # the rest goes as consented
    for secret in SECRETS:
        assert secret not in text, secret
    assert "confidential" not in result.withheld and "confidential" not in imported.withheld
    receipt = result.receipt_path.read_text(encoding="utf-8")
    assert GBV_NOTE not in receipt and "confidence" not in receipt


def test_consent_seven_for_another_office_does_not_count(gbv_case, tmp_path):
    sender, office, case, fp = gbv_case
    give(sender.ctx, case.reference, basic(fp, Choice(Purpose.SHARE_CONFIDENTIAL, True,
                                                      "OTHER-OFFICE", "Another office")))
    _result, text, _imported = received(office, sender, case, fp, tmp_path)
    assert GBV_NOTE not in text and "gbv" not in text and "trafficking" not in text


def test_consent_seven_for_this_office_shares_it(gbv_case, tmp_path):
    sender, office, case, fp = gbv_case
    give(sender.ctx, case.reference, basic(fp, Choice(Purpose.SHARE_CONFIDENTIAL, True, fp,
                                                      "Conakry reintegration office")))
    result, text, imported = received(office, sender, case, fp, tmp_path)
    assert "confidential" in result.shared
    confidential = imported.content["data"]["confidential"]
    assert confidential["flags"] == {"trafficking": "", "gbv": GBV_NOTE}
    assert "strict_confidentiality" in confidential["steps"]
    # and only there: never filed under the assessments
    assert "gbv" not in json.dumps(imported.content["data"]["assessments"])


def test_a_flag_the_centre_marks_is_held_back_too(gbv_case, tmp_path):
    sender, office, case, fp = gbv_case
    assert mark_flags(sender.ctx, ["health"]) == ALWAYS | {"health"}
    assert confidential_flags(sender.ctx) == ALWAYS | {"health"}
    give(sender.ctx, case.reference, basic(fp, Choice(Purpose.SHARE_HEALTH_DATA, True)))
    _result, text, _imported = received(office, sender, case, fp, tmp_path)
    assert HEALTH_NOTE not in text  # health consent alone is not consent (7)
    assert SKILLS in text


def test_marking_an_unknown_flag_changes_nothing(gbv_case):
    sender, _office, _case, _fp = gbv_case
    with pytest.raises(UserError, match="“wealth” is not a vulnerability flag"):
        mark_flags(sender.ctx, ["health", "wealth"])
    assert confidential_flags(sender.ctx) == ALWAYS


def test_only_settings_managers_mark_flags(gbv_case):
    sender, _office, _case, _fp = gbv_case
    sender.ctx.role = "counsellor"
    with pytest.raises(UserError):
        mark_flags(sender.ctx, ["health"])
    assert confidential_flags(sender.ctx) == ALWAYS


# -- the other doors ---------------------------------------------------------------------
def test_monitoring_never_counts_confidential_flags(tmp_path):
    from counsel_app.handover.monitoring import export_monitoring
    from tests.handover.helpers import make_station
    from tests.handover.test_monitoring import add_case

    station = make_station(tmp_path, "Reporting office")
    for i in range(6):
        add_case(station.ctx, i, "GN", flags=["trafficking", "gbv", "sogi", "health", "child"])
    mark_flags(station.ctx, ["child"])
    out = tmp_path / "monitoring.csv"
    export_monitoring(station.ctx, out)
    groups = {(r["table"], r["group"]): r["value"]
              for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    assert groups[("cases_by_vulnerability_category", "health")] == "6"
    for flag in ("trafficking", "gbv", "sogi", "child"):
        assert ("cases_by_vulnerability_category", flag) not in groups


def test_printed_plan_never_shows_the_screening(gbv_case, tmp_path):
    from counsel_app.plan.service import PlanService
    from tests.documents.helpers import poppler_text

    sender, _office, case, _fp = gbv_case
    text = poppler_text(PlanService(sender.ctx).render_pdf(case.reference, "en"), tmp_path)
    assert "Zzsecret" not in text and "trafficking" not in text.lower()
    assert "gender-based" not in text.lower()


def test_the_handout_is_made_from_country_topics_only():
    """The handout takes topics and a language, never a case: no flag can reach it."""
    from counsel_app.documents.handout import render_handout

    params = set(inspect.signature(render_handout).parameters)
    assert not params & {"case", "record", "screening", "flags", "session"}


def test_subject_access_still_shows_it_to_the_person(gbv_case):
    from counsel_app.security.subject_access import collect

    sender, _office, case, _fp = gbv_case
    sections = collect(sender.ctx, case.id)
    rows = [getattr(cell, "text", cell)  # a typed note: its text
            for s in sections if s.table_rows for row in s.table_rows for cell in row]
    assert GBV_NOTE in rows
    assert any(str(cell) == "Gender-based violence" for cell in rows)


def test_the_consent_form_asks_consent_seven_for_a_confidential_case(gbv_case):
    from counsel_app.consent.form import consent_form_data

    sender, _office, case, fp = gbv_case
    data = consent_form_data(sender.ctx, case.reference, "fr",
                             recipients={fp: "Conakry reintegration office"})
    items = [(i.purpose, i.recipient_id) for i in data.items]
    assert ("share_confidential", fp) in items
    seven = next(i for i in data.items if i.purpose == "share_confidential")
    assert "Conakry reintegration office" in seven.title.main


@pytest.mark.parametrize("seven", [False, True], ids=["without_7", "with_7"])
def test_tracked_referrals_of_a_confidential_case_need_consent_seven(gbv_case, tmp_path,
                                                                     seven):
    """A referral to a partner (say, a GBV or anti-trafficking programme) would tell the
    office what the person told in confidence: it travels only with consent (7)."""
    from counsel_app.partners.referrals import ReferralService
    from tests.partners.test_referrals import partner

    sender, office, case, fp = gbv_case
    ngo = partner(sender.ctx, "returnee support")
    ReferralService(sender.ctx).add(case, ngo, "Zzshelter and counselling")
    extra = [Choice(Purpose.SHARE_CONFIDENTIAL, True, fp, "Conakry reintegration office")]
    give(sender.ctx, case.reference, basic(fp, Choice(Purpose.SHARE_HEALTH_DATA, True),
                                            *(extra if seven else [])))
    result, text, imported = received(office, sender, case, fp, tmp_path)
    assert SKILLS in text  # the rest goes either way
    assert "confidential" not in result.withheld
    at_office = ReferralService(office.ctx).list(
        office.ctx.cases.get_by_reference(imported.local_reference))
    if not seven:
        assert ngo.name not in text and "Zzshelter" not in text
        assert at_office == []
    else:
        [carried] = at_office
        assert (carried.partner_name, carried.service) == (ngo.name,
                                                           "Zzshelter and counselling")
