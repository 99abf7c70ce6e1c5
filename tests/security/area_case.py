"""A case with data in every area (session, consent, opportunities, plan, handover,
follow-up) on two real stations, with one known value per area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from counsel_app.consent import Choice
from counsel_app.consent import service as consent
from counsel_app.consent.purposes import Purpose
from counsel_app.followup.service import FollowupService
from counsel_app.handover.ack import export_ack
from counsel_app.handover.package import export_handover, import_package
from counsel_app.opportunities.model import FeasibilityRow, SkillsProfile
from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService
from counsel_app.plan.service import PlanService
from tests.consent.helpers import circumstances
from tests.handover.helpers import HEALTH_NOTE, NAME, SKILLS, consented_case, pair

#: one value per area that only that area holds
KNOWN = {
    "case": NAME,
    "session screening": HEALTH_NOTE,
    "session assessment": SKILLS,
    "consent": "TEACHBACK-XQ7",
    "opportunities profile": "SKILL-WELD-Q3",
    "opportunities grid": "WISH-BAKERY-Z9",
    "plan": "PLAN-NOTE-K2",
    "follow-up": "ARRIVAL-NOTE-P4",
}


@dataclass
class AreaCase:
    sender: object  # Station
    office: object
    case: object  # at the sender
    office_case_id: int
    package: Path
    package_id: str
    known: dict[str, str]


def build(tmp_path: Path) -> AreaCase:
    sender, office = pair(tmp_path)
    ctx = sender.ctx
    case = consented_case(sender)
    office_fp = office.keys.station().fingerprint
    # consent: recorded through the consent service (the handover reads it)
    consent.record(ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, office_fp, "Conakry reintegration office"),
    ], circumstances(teach_back_note=KNOWN["consent"]))
    # opportunities: profile, grid and a chosen opportunity
    OpportunityCatalogue(ctx.db, ctx.user).import_sample_set()
    service = OpportunityService(ctx)
    service.save_profile(case, SkillsProfile(skills=[KNOWN["opportunities profile"]]))
    service.set_feasibility_grid(case, [FeasibilityRow(wish=KNOWN["opportunities grid"],
                                                       realistic_option="market stall")])
    first = OpportunityCatalogue(ctx.db).list(limit=1)[0]
    service.add_to_plan(case, first.id, "chosen in the session")
    # plan
    plans = PlanService(ctx)
    plan = plans.get(case.reference)
    plan.notes = KNOWN["plan"]
    plans.save(plan)
    # handover: sent to the office, imported there, acknowledged back
    out = tmp_path / "case.cahp"
    result = export_handover(ctx, case.reference, office_fp, out)
    received = import_package(office.ctx, out)
    office_case = office.ctx.cases.get_by_reference(received.local_reference)
    ack = tmp_path / "ack.cahp"
    export_ack(office.ctx, office_case.reference, ack)
    import_package(ctx, ack)
    # follow-up (recorded at the sending station too, so one case holds every area)
    followup = FollowupService(ctx)
    arrived = date.today() - timedelta(days=10)
    followup.record_arrival(case.reference, arrived, True, KNOWN["follow-up"])
    followup.record_visit(case.reference, {"income": 3, "housing": 4}, date.today())
    return AreaCase(sender, office, ctx.cases.get(case.id), office_case.id, out,
                    result.package_id, dict(KNOWN))
