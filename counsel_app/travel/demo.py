"""The travel step of the headless demo: the sample person's documents, route and
reception request, through the same service as the Departure step, and her travel sheet.

The departure itself is marked in the handover step of the demo, once the sample office
has confirmed the reception (:mod:`counsel_app.handover.demo`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from counsel_app.domain.enums import CaseStatus
from counsel_app.plan.model import ReturneeTexts
from counsel_app.travel.model import (
    Companion,
    Escort,
    Fitness,
    Itinerary,
    Leg,
    Reception,
    TransitPoint,
    TravelDocument,
    TravelRecord,
)
from counsel_app.travel.service import TravelService

ORGANISATION = "Sample reception centre (demo)"
#: the sample journey took place this many days ago (the sample office records the arrival)
DAYS_AGO = 15


def departure_day() -> date:
    return date.today() - timedelta(days=DAYS_AGO)


def sample_travel(case) -> TravelRecord:
    day = departure_day()
    at = datetime.combine(day, datetime.min.time())
    child = next((f"household:{i}" for i, m in enumerate(case.household)
                  if m.travelling), None)
    documents = [TravelDocument("person", "laissez_passer", "issued",
                                "Consulate of Guinea, Tunis (SAMPLE)", day - timedelta(days=30),
                                day - timedelta(days=12), day - timedelta(days=9),
                                day + timedelta(days=80))]
    if child:
        documents.append(TravelDocument(child, "birth_certificate", "issued",
                                        "Consulate of Guinea, Tunis (SAMPLE)",
                                        day - timedelta(days=30), None,
                                        day - timedelta(days=9)))
    return TravelRecord(
        reference=case.reference, documents=documents,
        fitness=Fitness("not_needed"), escort=Escort("none"),
        itinerary=Itinerary(
            departure_date=day,
            meeting_point="Tunis-Carthage airport, terminal 1, 04:30 (SAMPLE)",
            departure_contact="Duty counsellor (SAMPLE)", departure_phone="+216 71 000 000",
            legs=[Leg("TUN", "CMN", "AT 571 (SAMPLE)", at.replace(hour=7, minute=15),
                      at.replace(hour=8, minute=40)),
                  Leg("CMN", "CKY", "AT 515 (SAMPLE)", at.replace(hour=11, minute=35),
                      at.replace(hour=15, minute=5))],
            transits=[TransitPoint("CMN", "Transit desk, terminal 1 (SAMPLE)",
                                   "Transit assistant (SAMPLE)", "+212 522 000 000")],
            luggage="23 kg + 8 kg cabin",
            bring=["travel_document", "children_documents", "this_sheet", "plan", "phone"],
            accompanying_adult=Companion()),
        reception=Reception("Office staff (SAMPLE)", "Conakry airport, arrivals hall",
                            "+224 620 00 00 00", "Office car to the transit centre",
                            "Transit centre, Conakry, 3 nights (SAMPLE)",
                            at.replace(hour=10) + timedelta(days=2), "Office, Kaloum (SAMPLE)"),
        # typed in English; the same words in the person's language (French), as the
        # counsellor or interpreter would write them beside it: the sheet prints them
        text_language="en",
        returnee=ReturneeTexts("fr", {
            "Tunis-Carthage airport, terminal 1, 04:30 (SAMPLE)":
                "Aéroport de Tunis-Carthage, terminal 1, 04 h 30 (EXEMPLE)",
            "Transit desk, terminal 1 (SAMPLE)": "Guichet de transit, terminal 1 (EXEMPLE)",
            "Conakry airport, arrivals hall": "Aéroport de Conakry, hall des arrivées",
            "Office car to the transit centre": "Voiture du bureau jusqu’au centre de transit",
            "Transit centre, Conakry, 3 nights (SAMPLE)":
                "Centre de transit, Conakry, 3 nuits (EXEMPLE)",
            "Office, Kaloum (SAMPLE)": "Bureau, Kaloum (EXEMPLE)",
            "23 kg + 8 kg cabin": "23 kg + 8 kg en cabine",
        }),
    )


def prepare_sample_travel(ctx, case, out_dir: Path) -> list[Path]:
    case = ctx.cases.get(case.id)
    if case.status not in (CaseStatus.PLAN_READY, CaseStatus.HANDED_OVER):
        return []
    service = TravelService(ctx)
    record = sample_travel(case)
    record.version = service.record(case).version
    service.save(case, record, typed_in=record.text_language)  # the sample's words are in it
    files = []
    for lang, second in (("fr", None), ("ar", "fr")):
        path = out_dir / (f"{case.reference}-travel-sheet-{lang}"
                          + (f"-{second}" if second else "") + ".pdf")
        service.render_sheet(case.reference, lang, second, organisation=ORGANISATION,
                             out=path)
        files.append(path)
    return files
