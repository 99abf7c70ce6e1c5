"""What a counsellor typed in the Departure step, made into a travel record (Qt-free).

The screen hands over plain strings exactly as typed (dates as ``YYYY-MM-DD``, times as
``YYYY-MM-DD HH:MM``); :func:`record_from_form` reads them, and a value that cannot be read
is refused with one sentence naming its field, before anything is saved. The rules on the
values themselves (legs that connect, documents valid for the journey...) are
:func:`counsel_app.travel.model.validate`'s, applied when the service saves.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from counsel_app.errors import ValidationError
from counsel_app.i18n import _
from counsel_app.plan.model import ReturneeTexts
from counsel_app.travel.model import (
    Companion,
    Escort,
    Fitness,
    Itinerary,
    Leg,
    Reception,
    SheetOptions,
    TransitPoint,
    TravelDocument,
    TravelRecord,
)


def read_date(text: str, field: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("“{text}” is not a date: write it as YYYY-MM-DD, such as "
                                "2026-12-15.").format(text=text), field) from None


def read_moment(text: str, field: str) -> datetime | None:
    text = " ".join((text or "").replace("T", " ").split())
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValidationError(_("“{text}” is not a date and time: write it as YYYY-MM-DD "
                                "HH:MM, such as 2026-12-15 07:30.").format(text=text),
                              field) from None


def show_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def show_moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _s(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def record_from_form(form: dict[str, Any], base: TravelRecord) -> TravelRecord:
    """A new record from the screen's values; what the screen does not edit (the
    departure, an office's answer, the texts in the person's language, the version) is
    kept from ``base``."""
    documents = []
    for i, d in enumerate(form.get("documents") or []):
        at = f"documents[{i}]"
        documents.append(TravelDocument(
            holder=_s(d, "holder"), kind=_s(d, "kind"), status=_s(d, "status"),
            consulate=_s(d, "consulate"),
            requested_on=read_date(_s(d, "requested_on"), f"{at}.requested_on"),
            expected_on=read_date(_s(d, "expected_on"), f"{at}.expected_on"),
            issued_on=read_date(_s(d, "issued_on"), f"{at}.issued_on"),
            expires_on=read_date(_s(d, "expires_on"), f"{at}.expires_on"),
            note=_s(d, "note")))
    f = form.get("fitness") or {}
    e = form.get("escort") or {}
    it = form.get("itinerary") or {}
    legs = []
    for i, leg in enumerate(it.get("legs") or []):
        at = f"itinerary.legs[{i}]"
        legs.append(Leg(_s(leg, "origin"), _s(leg, "destination"), _s(leg, "carrier"),
                        read_moment(_s(leg, "departs"), f"{at}.departs"),
                        read_moment(_s(leg, "arrives"), f"{at}.arrives"),
                        bool(leg.get("accompanied", True)), _s(leg, "accompanied_by")))
    adult = it.get("accompanying_adult") or {}
    r = form.get("reception") or {}
    record = TravelRecord(
        reference=base.reference,
        documents=documents,
        fitness=Fitness(_s(f, "clearance"), read_date(_s(f, "assessed_on"),
                                                      "fitness.assessed_on"),
                        _s(f, "assessed_by"), _s(f, "medicines"), _s(f, "note")),
        escort=Escort(_s(e, "kind"), _s(e, "reason"), _s(e, "name"), _s(e, "phone"),
                      read_date(_s(e, "decided_on"), "escort.decided_on")),
        itinerary=Itinerary(
            departure_date=read_date(_s(it, "departure_date"), "itinerary.departure_date"),
            meeting_point=_s(it, "meeting_point"),
            departure_contact=_s(it, "departure_contact"),
            departure_phone=_s(it, "departure_phone"), legs=legs,
            transits=[TransitPoint(_s(t, "place"), _s(t, "help"), _s(t, "contact_name"),
                                   _s(t, "contact_phone")) for t in it.get("transits") or []],
            luggage=_s(it, "luggage"), bring=list(it.get("bring") or []),
            bring_other=_s(it, "bring_other"),
            accompanying_adult=Companion(_s(adult, "name"), _s(adult, "role"),
                                         _s(adult, "phone"))),
        reception=Reception(_s(r, "met_by"), _s(r, "meeting_point"), _s(r, "contact_phone"),
                            _s(r, "onward_transport"), _s(r, "accommodation"),
                            read_moment(_s(r, "first_appointment"),
                                        "reception.first_appointment"),
                            _s(r, "first_appointment_place")),
        sheet=SheetOptions(bool((form.get("sheet") or {}).get("show_health"))),
        answer=base.answer, departed_on=base.departed_on,
        departure_note=base.departure_note, version=base.version,
        text_language=base.text_language, text_languages=dict(base.text_languages),
        returnee=ReturneeTexts(base.returnee.lang, dict(base.returnee.texts)),
    )
    return record
