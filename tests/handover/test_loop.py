"""The whole loop between two stations with separate data folders and databases:
export → import → arrival → plan refinement → follow-up → acknowledgement → sender updated."""

from datetime import date, timedelta

import pytest

from counsel_app.domain.enums import CaseStatus
from counsel_app.followup.service import FollowupService
from counsel_app.handover.ack import export_ack, latest_ack
from counsel_app.handover.package import export_handover, import_package, packages_for_case
from tests.handover.helpers import (
    BASELINE,
    HEALTH_NOTE,
    MEDICAL_DETAIL,
    NAME,
    PHONE,
    PLAN_ACTIONS,
    consented_case,
    consents,
    pair,
    sources_for,
)


@pytest.fixture
def stations(tmp_path):
    return pair(tmp_path)


def test_full_loop(stations, tmp_path):
    sender, office = stations
    case = consented_case(sender)
    office_fp = office.keys.station().fingerprint
    sources = sources_for(consents(office_fp, contact=True))

    # -- sending station: export --------------------------------------------------------
    out = tmp_path / "handover.cahp"
    result = export_handover(sender.ctx, case.reference, office_fp, out, sources=sources)
    assert out.exists() and result.receipt_path.exists()
    assert sender.ctx.cases.get(case.id).status is CaseStatus.HANDED_OVER
    raw = out.read_bytes()
    assert NAME.encode() not in raw and PHONE.encode() not in raw  # encrypted
    receipt = result.receipt_path.read_text()
    assert "Conakry reintegration office" in receipt
    assert "Reintegration plan" in receipt and "Contact details for follow-up" in receipt
    assert "Health data" in receipt.split("Not sent")[1]  # no health consent
    assert "Sharing with an office or partner" in receipt
    assert NAME not in receipt

    # -- receiving station: import ------------------------------------------------------
    imported = import_package(office.ctx, out)
    assert imported.kind == "handover" and imported.remote_reference == case.reference
    local = office.ctx.cases.get_by_reference(imported.local_reference)
    assert local.person.name_latin == NAME and local.person.phone == PHONE
    assert local.return_country == "GN" and local.status is CaseStatus.HANDED_OVER
    assert set(imported.shared) == {"identification", "plan", "assessments",
                                    "follow_up_contact"}
    assert {c["purpose"] for c in imported.consents} >= {"share_with_recipient",
                                                         "follow_up_contact"}
    # the received plan is in the office's plan editor, without its health lines
    from counsel_app.plan.store import PlanRepository

    plan = PlanRepository(office.ctx.db, office.ctx.vault.cipher).find(local.reference)
    assert [a.what for g in plan.goals for a in g.actions] == PLAN_ACTIONS
    assert all(a.type != "medical" for a in plan.assistance)

    # -- post-arrival work --------------------------------------------------------------
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=40)
    follow.record_arrival(local.reference, arrival, True)
    assert office.ctx.cases.get(local.id).status is CaseStatus.ARRIVED
    in_time = follow.refine_plan(local.reference, [
        {"wish": "tailoring shop", "realistic_option": "market stall in Kindia",
         "rating": "with_support"}], on=arrival + timedelta(days=20))
    assert in_time
    better = {k: min(5, v + 2) for k, v in BASELINE.items()}
    visit = follow.record_visit(local.reference, better, arrival + timedelta(days=30))
    assert visit.result.overall is not None
    assert office.ctx.cases.get(local.id).status is CaseStatus.FOLLOW_UP
    summary = follow.summary(local.reference)
    keys = [a.key for a in summary.actions]
    assert [a.text for a in summary.actions] == PLAN_ACTIONS
    follow.set_action(local.reference, keys[0], "done")
    summary = follow.summary(local.reference)
    assert summary.baseline is not None and summary.baseline.scores == BASELINE
    change = summary.change_since_baseline()
    assert change["overall"] > 0 and all(change[d] > 0 for d in
                                         ("economic", "social", "psychosocial"))
    assert [p["kind"] for p in summary.chart] == ["baseline", "followup"]
    assert summary.actions[0].status == "done" and summary.actions[1].status == "not_started"

    # -- acknowledgement back to the sender ----------------------------------------------
    ack_path = tmp_path / "ack.cahp"
    export_ack(office.ctx, local.reference, ack_path)
    assert NAME.encode() not in ack_path.read_bytes()
    back = import_package(sender.ctx, ack_path)
    assert back.kind == "ack" and back.local_reference == case.reference
    assert sender.ctx.cases.get(case.id).status is CaseStatus.FOLLOW_UP
    ack = latest_ack(sender.ctx, case.reference)
    assert ack["arrival"]["reception_done"] is True
    assert ack["followup"]["visits"] == 1
    assert ack["followup"]["change"]["overall"] == pytest.approx(change["overall"], abs=1e-3)
    assert ack["actions"][0]["status"] == "done"
    assert NAME not in str(ack) and HEALTH_NOTE not in str(ack)
    kinds = [(p["kind"], p["direction"]) for p in packages_for_case(sender.ctx, case.id)]
    assert kinds == [("handover", "sent"), ("ack", "received")]

    # -- closure, and a second acknowledgement closes the sender's case ------------------
    follow.close(local.reference, "completed")
    assert office.ctx.cases.get(local.id).status is CaseStatus.CLOSED
    export_ack(office.ctx, local.reference, tmp_path / "ack2.cahp")
    import_package(sender.ctx, tmp_path / "ack2.cahp")
    assert sender.ctx.cases.get(case.id).status is CaseStatus.CLOSED


def test_health_shared_only_with_health_consent(stations, tmp_path):
    sender, office = stations
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    out = tmp_path / "h.cahp"
    result = export_handover(sender.ctx, case.reference, fp, out,
                             sources=sources_for(consents(fp, health=True)))
    assert "health" in result.shared
    imported = import_package(office.ctx, out)
    health = imported.content["data"]["health"]
    assert health["flags"] == {"health": HEALTH_NOTE}
    assert health["plan"]["assistance"][0]["details"] == MEDICAL_DETAIL


def test_refinement_after_a_month_is_flagged_late(stations, tmp_path):
    sender, office = stations
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)))
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=60)
    follow.record_arrival(local, arrival, False)
    assert follow.refine_plan(local, [], on=arrival + timedelta(days=45)) is False
    assert follow.summary(local).refine_by == arrival + timedelta(days=31)


def test_ack_of_a_person_who_never_arrived_closes_without_arrival(stations, tmp_path):
    sender, office = stations
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)))
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    FollowupService(office.ctx).close(local, "lost_contact")
    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    assert sender.ctx.cases.get(case.id).status is CaseStatus.CLOSED
    ack = latest_ack(sender.ctx, case.reference)
    assert ack["arrival"] is None and ack["closed"]["reason"] == "lost_contact"
