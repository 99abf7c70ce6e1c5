"""The travel phase of one case as plain data (no Qt, no SQL).

Between the decision and arrival a counsellor tracks, for the person and each travelling
family member, the **travel document** (passport, laissez-passer, emergency travel document,
a child's birth certificate), its status and expiry; **fitness to travel** (a medical
clearance, medicines to carry) and the **escort** (none, operational, medical) with why;
the **itinerary** (departure date, each leg, transit points with the help arranged there
and a contact, luggage, what to bring, and for a child the adult who accompanies them
throughout); and the **reception** on arrival (who meets the person, where, onward
transport, temporary accommodation, the first appointment), which the office in the
country of return confirms before departure.

:func:`validate` returns every problem, each naming its field; :meth:`TravelRecord.to_data`
/ :meth:`TravelRecord.from_data` give JSON-ready data for the encrypted store.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from counsel_app.domain.case import Case
from counsel_app.errors import ValidationError
from counsel_app.i18n import D_, N_, _, interface_language, ngettext, recorded_languages
from counsel_app.i18n.dates import show_date
from counsel_app.plan.model import ReturneeTexts
from counsel_app.travel.places import Place, resolve

_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,24}$")
MAX_TEXT = 500
MAX_NAME = 200
MAX_LEGS = 12

PERSON = "person"  # the holder key of the person's own document


#: kind -> (interface label, document label)
DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "passport": (N_("Passport"), D_("Passport")),
    "laissez_passer": (N_("Laissez-passer"), D_("Laissez-passer")),
    "emergency_travel_document": (N_("Emergency travel document"),
                                  D_("Emergency travel document")),
    "birth_certificate": (N_("Birth certificate"), D_("Birth certificate")),
    "other": (N_("Other document"), D_("Travel document")),
}
#: kinds that do not expire (no expiry date needed once issued)
NO_EXPIRY = frozenset({"birth_certificate"})
DOCUMENT_STATUSES: dict[str, str] = {
    "not_started": N_("Not started"),
    "requested": N_("Requested at the consulate"),
    "issued": N_("Issued"),
    "refused": N_("Refused by the consulate"),
}
CLEARANCES: dict[str, str] = {
    "": N_("Not decided yet"),
    "not_needed": N_("Not needed"),
    "pending": N_("Requested, waiting for the result"),
    "fit": N_("Fit to travel"),
    "not_fit": N_("Not fit to travel"),
}
ESCORTS: dict[str, str] = {
    "": N_("Not decided yet"),
    "none": N_("No escort"),
    "operational": N_("Operational escort"),
    "medical": N_("Medical escort"),
}
COMPANION_ROLES: dict[str, tuple[str, str]] = {
    "parent": (N_("Parent"), D_("Parent")),
    "guardian": (N_("Legal guardian"), D_("Legal guardian")),
    "official": (N_("Competent official"), D_("Official")),
    "escort": (N_("Escort staff"), D_("Escort")),
}
#: what to bring: key -> (interface label, sheet text)
BRING_ITEMS: dict[str, tuple[str, str]] = {
    "travel_document": (N_("The travel document"),
                        D_("Your travel document (passport or laissez-passer)")),
    "children_documents": (N_("The children's documents"), D_("Your children's documents")),
    "this_sheet": (N_("This travel sheet"), D_("This sheet")),
    "plan": (N_("The reintegration plan"), D_("Your reintegration plan")),
    "medicines": (N_("Medicines and prescriptions"), D_("Your medicines and prescriptions")),
    "phone": (N_("Phone and charger"), D_("Your phone and its charger")),
    "food_water": (N_("Water and food for the journey"), D_("Water and food for the journey")),
    "warm_clothes": (N_("Warm clothes"), D_("Warm clothes")),
}
#: the office's answer to a reception request
ANSWERS: dict[str, str] = {
    "confirmed": N_("Reception confirmed"),
    "not_possible": N_("Reception not possible as requested"),
}


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    return datetime.fromisoformat(str(value)).replace(tzinfo=None, second=0, microsecond=0)


@dataclass
class TravelDocument:
    holder: str = PERSON  # "person" or "household:<index>" (a travelling member)
    kind: str = "laissez_passer"
    status: str = "not_started"
    consulate: str = ""
    requested_on: date | None = None
    #: when the consulate said it would be ready (for the overdue reminder)
    expected_on: date | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    note: str = ""


@dataclass
class Fitness:
    """Fitness to travel: health data (leaves only with the health consent)."""

    clearance: str = ""  # a key of CLEARANCES
    assessed_on: date | None = None
    assessed_by: str = ""
    medicines: str = ""  # to carry on the journey
    note: str = ""


@dataclass
class Escort:
    """The escort decision: one fact with the screening's "medical escort" step."""

    kind: str = ""  # a key of ESCORTS; "" not decided
    reason: str = ""
    name: str = ""  # who escorts (person or organisation)
    phone: str = ""
    decided_on: date | None = None


@dataclass
class Companion:
    """The adult who accompanies a child throughout the journey."""

    name: str = ""
    role: str = ""  # a key of COMPANION_ROLES
    phone: str = ""


@dataclass
class Leg:
    origin: str = ""
    destination: str = ""
    carrier: str = ""  # e.g. "Tunisair TU 701" or "bus company"
    departs: datetime | None = None  # local time at the origin
    arrives: datetime | None = None  # local time at the destination
    #: for a child: the accompanying adult travels on this leg
    accompanied: bool = True
    #: another adult on this leg (e.g. an official takes over at a transit)
    accompanied_by: str = ""


@dataclass
class TransitPoint:
    place: str = ""
    help: str = ""  # the help arranged there
    contact_name: str = ""
    contact_phone: str = ""


@dataclass
class Itinerary:
    departure_date: date | None = None
    meeting_point: str = ""  # where to be at departure, and when
    departure_contact: str = ""
    departure_phone: str = ""
    legs: list[Leg] = field(default_factory=list)
    transits: list[TransitPoint] = field(default_factory=list)
    luggage: str = ""  # allowance
    bring: list[str] = field(default_factory=list)  # keys of BRING_ITEMS
    bring_other: str = ""
    accompanying_adult: Companion = field(default_factory=Companion)

    def arrival(self) -> datetime | None:
        return self.legs[-1].arrives if self.legs else None


@dataclass
class Reception:
    met_by: str = ""  # who meets the person
    meeting_point: str = ""  # where
    contact_phone: str = ""
    onward_transport: str = ""
    accommodation: str = ""
    first_appointment: datetime | None = None
    first_appointment_place: str = ""

    def is_empty(self) -> bool:
        return not any(v for v in asdict(self).values())


@dataclass
class ReceptionAnswer:
    """The office's answer to the reception request (kept on the receiving station, carried
    back in the acknowledgement)."""

    state: str = "confirmed"  # a key of ANSWERS
    answered_on: date | None = None
    request_id: str = ""  # the request it answers (see :meth:`TravelRecord.request_id`)
    note: str = ""
    contact_name: str = ""  # who will meet the person, as the office says
    contact_phone: str = ""
    #: the language ``note`` was typed in, recorded when saved (carried back in the
    #: acknowledgement); None: saved before it was recorded
    note_language: str | None = None


@dataclass
class SheetOptions:
    """What the person asked for on their travel sheet."""

    #: print medicines and the escort's kind (health) on the sheet: only if the person asks
    show_health: bool = False


@dataclass
class TravelRecord:
    reference: str = ""
    documents: list[TravelDocument] = field(default_factory=list)
    fitness: Fitness = field(default_factory=Fitness)
    escort: Escort = field(default_factory=Escort)
    itinerary: Itinerary = field(default_factory=Itinerary)
    reception: Reception = field(default_factory=Reception)
    sheet: SheetOptions = field(default_factory=SheetOptions)
    #: receiving station: the office's answer to the request it received
    answer: ReceptionAnswer | None = None
    departed_on: date | None = None
    departure_note: str = ""
    #: the language the typed texts saved before each text's language was recorded were
    #: typed in ("" not recorded): the language of every text not in text_languages
    text_language: str = ""
    #: the language each typed text (:meth:`typed_texts`) was typed in, by its words:
    #: recorded at each save (:func:`counsel_app.plan.model.record_text_languages`), read by
    #: :func:`counsel_app.plan.model.text_typed_in`
    text_languages: dict[str, str] = field(default_factory=dict)
    #: the same texts in the person's language where written (never machine-translated);
    #: the travel sheet prints them on pages in that language
    returnee: ReturneeTexts = field(default_factory=ReturneeTexts)
    version: int = 0  # storage: optimistic locking

    # -- the free texts the person reads on the travel sheet -----------------------------
    def free_texts(self) -> list[tuple[str, str]]:
        """(where, text) of every text the counsellor typed that the travel sheet prints,
        in print order, each text once (``where`` is a document label msgid: D_). Names,
        phone numbers, carriers and places resolved from codes are not among them."""
        it, r = self.itinerary, self.reception
        found: list[tuple[str, str]] = []
        for where, text in (
                (D_("Be at:"), it.meeting_point),
                *[(D_("Help there:"), t.help) for t in it.transits],
                (D_("Where:"), r.meeting_point),
                (D_("Then:"), r.onward_transport),
                (D_("Where you sleep first:"), r.accommodation),
                (D_("Your first appointment at the office:"), r.first_appointment_place),
                (D_("What to bring"), it.bring_other),
                (D_("Luggage allowed:"), it.luggage),
                (D_("Medicines:"), self.fitness.medicines if self.sheet.show_health else "")):
            text = (text or "").strip()
            if text and all(text != seen for _w, seen in found):
                found.append((where, text))
        return found

    def typed_texts(self) -> list[str]:
        """Every text the counsellor typed whose language is recorded, each once: the
        sheet's free texts (the medicines whether or not the sheet shows them), and the
        ones it never prints: the fitness note and the escort's reason (health data, on the
        person's copy and in the handover's health part), the departure's note (why a
        departure did not happen) and each travel document's note (on the person's copy).
        Not in :meth:`free_texts`, which lists what needs words in the person's language
        for the sheet: none of these is printed on it, and a health text must not be
        offered for the sheet."""
        found: list[str] = []
        for text in (*(text for _where, text in self.free_texts()), self.fitness.medicines,
                     self.fitness.note, self.escort.reason, self.departure_note,
                     *(d.note for d in self.documents)):
            text = (text or "").strip()
            if text and text not in found:
                found.append(text)
        return found

    def keep_current_translations(self) -> None:
        """Forget the words written for texts the record no longer holds (changed or
        removed: the old words no longer say the same)."""
        current = {text for _where, text in self.free_texts()}
        self.returnee.texts = {k: v for k, v in self.returnee.texts.items()
                               if k.strip() in current and (v or "").strip()}

    # -- the reception request the office confirms ---------------------------------------
    def request_data(self) -> dict[str, Any]:
        """What the office is asked to confirm: when and where the person arrives, and the
        reception asked for (no health). Its id changes when any of it changes."""
        it = self.itinerary
        return {
            "departure_date": _iso(it.departure_date),
            "legs": [{"origin": leg.origin, "destination": leg.destination,
                      "carrier": leg.carrier, "departs": _iso(leg.departs),
                      "arrives": _iso(leg.arrives)} for leg in it.legs],
            "reception": _jsonable(asdict(self.reception)),
        }

    def request_id(self) -> str:
        """A short fingerprint of the request: an answer to an older request no longer
        confirms this one."""
        blob = json.dumps(self.request_data(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    # -- storage -----------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        data.pop("version", None)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any] | None, reference: str = "",
                  version: int = 0) -> TravelRecord:
        data = dict(data or {})
        it = dict(data.get("itinerary") or {})
        answer = data.get("answer")
        return cls(
            reference=reference or data.get("reference") or "",
            documents=[TravelDocument(**{**d, **{k: _date(d.get(k)) for k in (
                "requested_on", "expected_on", "issued_on", "expires_on")}})
                for d in data.get("documents") or []],
            fitness=Fitness(**{**(data.get("fitness") or {}), "assessed_on": _date(
                (data.get("fitness") or {}).get("assessed_on"))}),
            escort=Escort(**{**(data.get("escort") or {}), "decided_on": _date(
                (data.get("escort") or {}).get("decided_on"))}),
            itinerary=Itinerary(
                departure_date=_date(it.get("departure_date")),
                meeting_point=it.get("meeting_point") or "",
                departure_contact=it.get("departure_contact") or "",
                departure_phone=it.get("departure_phone") or "",
                legs=[Leg(**{**leg, "departs": _datetime(leg.get("departs")),
                             "arrives": _datetime(leg.get("arrives"))})
                      for leg in it.get("legs") or []],
                transits=[TransitPoint(**t) for t in it.get("transits") or []],
                luggage=it.get("luggage") or "",
                bring=list(it.get("bring") or []),
                bring_other=it.get("bring_other") or "",
                accompanying_adult=Companion(**(it.get("accompanying_adult") or {})),
            ),
            reception=Reception(**{**(data.get("reception") or {}),
                                   "first_appointment": _datetime(
                                       (data.get("reception") or {}).get("first_appointment"))}),
            sheet=SheetOptions(**(data.get("sheet") or {})),
            answer=ReceptionAnswer(**{**answer, "answered_on": _date(answer.get("answered_on"))})
            if isinstance(answer, dict) else None,
            departed_on=_date(data.get("departed_on")),
            departure_note=data.get("departure_note") or "",
            text_language=data.get("text_language") or "",
            text_languages=recorded_languages(data),
            returnee=_returnee(data.get("returnee")),
            version=version,
        )


def _returnee(data: Any) -> ReturneeTexts:
    if not isinstance(data, dict):
        return ReturneeTexts()
    texts = data.get("texts") or {}
    if not isinstance(texts, dict):
        raise ValueError("returnee.texts must map each typed text to the same words in "
                         "the person's language")
    return ReturneeTexts(str(data.get("lang") or ""),
                         {str(k): str(v) for k, v in texts.items() if str(v).strip()})


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return _iso(value)
    return value


# -- who travels --------------------------------------------------------------------------
@dataclass(frozen=True)
class Traveller:
    key: str  # "person" or "household:<index>"
    name: str
    age: int | None
    is_person: bool

    @property
    def minor(self) -> bool:
        return self.age is not None and self.age < 18


def travellers(case: Case, today: date | None = None) -> list[Traveller]:
    """The person and each household member marked as travelling, in that order."""
    today = today or date.today()
    out = [Traveller(PERSON, case.person.display_name, case.person.age_on(today), True)]
    for index, member in enumerate(case.household):
        if member.travelling:
            out.append(Traveller(f"household:{index}", member.name or _(
                "family member {n}").format(n=index + 1), member.age, False))
    return out


def person_is_child(case: Case, flags: set[str] | frozenset[str] = frozenset(),
                    today: date | None = None) -> bool:
    """Whether the returnee is a child who must be accompanied throughout: under 18 (or of
    unknown age with the screening's "unaccompanied or separated child" flag)."""
    if "child" in flags:
        return True
    minor = case.person.is_minor_on(today or date.today())
    return bool(minor)


# -- validation -------------------------------------------------------------------------
def _aware(moment: datetime, place: Place | None) -> datetime:
    """A leg's local time made comparable: in the stop's zone where it is known."""
    if place is not None and place.tz:
        try:
            return moment.replace(tzinfo=ZoneInfo(place.tz))
        except (KeyError, ValueError):
            pass
    return moment.replace(tzinfo=ZoneInfo("UTC"))


def resolve_stops(record: TravelRecord) -> tuple[list[tuple[Place | None, Place | None]],
                                                 list[ValidationError]]:
    """Each leg's (origin, destination) places, and the places that are not known."""
    problems: list[ValidationError] = []
    stops: list[tuple[Place | None, Place | None]] = []
    for i, leg in enumerate(record.itinerary.legs):
        pair: list[Place | None] = []
        for name in ("origin", "destination"):
            try:
                pair.append(resolve(getattr(leg, name), f"itinerary.legs[{i}].{name}"))
            except ValidationError as exc:
                problems.append(exc)
                pair.append(None)
        stops.append((pair[0], pair[1]))
    return stops, problems


def validate(record: TravelRecord, case: Case, *, flags: set[str] | frozenset[str] = frozenset(),
             today: date | None = None) -> list[ValidationError]:
    """Every problem in ``record`` for ``case``, each naming its field (empty: valid)."""
    today = today or date.today()
    problems: list[ValidationError] = []

    def add(message: str, name: str) -> None:
        problems.append(ValidationError(message, name))

    def shown(day: date) -> str:  # as the date boxes show it ("4 déc. 2026"), never ISO
        return show_date(day, interface_language())

    def text(value: str, name: str, limit: int = MAX_TEXT) -> None:
        if value and len(value) > limit:
            add(_("This text is too long (at most {n} characters).").format(n=limit), name)

    def phone(value: str, name: str) -> None:
        if value and not _PHONE.match(value):
            add(_("The phone number may only hold digits, spaces and + ( ) - ."), name)

    it = record.itinerary
    stops, place_problems = resolve_stops(record)
    problems += place_problems
    start = it.legs[0].departs.date() if it.legs and it.legs[0].departs else it.departure_date
    end = it.arrival().date() if it.arrival() else start

    # travel documents
    by_key = {t.key: t for t in travellers(case, today)}
    for i, doc in enumerate(record.documents):
        at = f"documents[{i}]"
        who = by_key.get(doc.holder)
        kind = DOCUMENT_KINDS.get(doc.kind, (doc.kind, doc.kind))[0]
        if who is None:
            add(_("Row {n}: this document belongs to nobody who travels (choose the person or "
                  "a travelling family member).").format(n=i + 1), f"{at}.holder")
            continue
        names = {"document": _(kind).lower(), "name": who.name}
        if doc.kind not in DOCUMENT_KINDS:
            add(_("“{kind}” is not a kind of travel document.").format(kind=doc.kind),
                f"{at}.kind")
        if doc.status not in DOCUMENT_STATUSES:
            add(_("“{status}” is not a document status.").format(status=doc.status),
                f"{at}.status")
        text(doc.consulate, f"{at}.consulate", MAX_NAME)
        text(doc.note, f"{at}.note")
        if doc.requested_on and doc.requested_on > today:
            add(_("The {document} of {name} cannot be requested in the future.").format(
                **names), f"{at}.requested_on")
        if doc.status == "issued":
            if doc.issued_on and doc.issued_on > today:
                add(_("The {document} of {name} cannot be issued in the future.").format(
                    **names), f"{at}.issued_on")
            if doc.requested_on and doc.issued_on and doc.issued_on < doc.requested_on:
                add(_("The {document} of {name} is issued before it was requested.").format(
                    **names), f"{at}.issued_on")
            if doc.kind not in NO_EXPIRY and doc.expires_on is None:
                add(_("Enter the expiry date of the {document} of {name}.").format(**names),
                    f"{at}.expires_on")
            if doc.issued_on and doc.expires_on and doc.expires_on <= doc.issued_on:
                add(_("The {document} of {name} expires before it is issued.").format(**names),
                    f"{at}.expires_on")
            if start and doc.issued_on and doc.issued_on > start:
                add(_("The {document} of {name} is issued on {issued}, after the departure on "
                      "{departure}.").format(issued=shown(doc.issued_on),
                                             departure=shown(start), **names),
                    f"{at}.issued_on")
            if end and doc.expires_on and doc.expires_on < end:
                add(_("The {document} of {name} expires on {expires}, before the journey ends "
                      "on {end}.").format(expires=shown(doc.expires_on),
                                          end=shown(end), **names), f"{at}.expires_on")
    seen: set[tuple[str, str]] = set()
    for i, doc in enumerate(record.documents):
        if (doc.holder, doc.kind) in seen:
            add(_("Row {n}: this document is listed twice for the same person.").format(
                n=i + 1), f"documents[{i}].kind")
        seen.add((doc.holder, doc.kind))

    # fitness to travel and escort
    f = record.fitness
    if f.clearance not in CLEARANCES:
        add(_("“{value}” is not a state of the medical clearance.").format(value=f.clearance),
            "fitness.clearance")
    if f.clearance in ("fit", "not_fit") and f.assessed_on is None:
        add(_("Enter the date of the medical clearance."), "fitness.assessed_on")
    if f.assessed_on and f.assessed_on > today:
        add(_("The medical clearance cannot be dated in the future."), "fitness.assessed_on")
    text(f.assessed_by, "fitness.assessed_by", MAX_NAME)
    text(f.medicines, "fitness.medicines")
    text(f.note, "fitness.note")
    e = record.escort
    if e.kind not in ESCORTS:
        add(_("“{value}” is not a kind of escort.").format(value=e.kind), "escort.kind")
    if e.kind in ("operational", "medical") and not e.reason.strip():
        add(_("Say why an escort is needed."), "escort.reason")
    if e.decided_on and e.decided_on > today:
        add(_("The escort decision cannot be dated in the future."), "escort.decided_on")
    text(e.reason, "escort.reason")
    text(e.name, "escort.name", MAX_NAME)
    phone(e.phone, "escort.phone")

    # itinerary
    if len(it.legs) > MAX_LEGS:
        add(_("A route may have at most {n} legs.").format(n=MAX_LEGS), "itinerary.legs")
    child = person_is_child(case, flags, today)
    for i, leg in enumerate(it.legs):
        at = f"itinerary.legs[{i}]"
        origin, destination = stops[i] if i < len(stops) else (None, None)
        text(leg.carrier, f"{at}.carrier", MAX_NAME)
        text(leg.accompanied_by, f"{at}.accompanied_by", MAX_NAME)
        if leg.departs is None:
            add(_("Enter when leg {n} leaves.").format(n=i + 1), f"{at}.departs")
        if leg.arrives is None:
            add(_("Enter when leg {n} arrives.").format(n=i + 1), f"{at}.arrives")
        if origin and destination and origin.same_stop(destination):
            add(_("Leg {n} leaves from and arrives at the same place.").format(n=i + 1),
                f"{at}.destination")
        if leg.departs and leg.arrives and _aware(leg.arrives, destination) <= _aware(
                leg.departs, origin):
            add(_("Leg {n} arrives before it leaves (times are local at each place).").format(
                n=i + 1), f"{at}.arrives")
        if i > 0:
            before = it.legs[i - 1]
            previous = stops[i - 1][1] if i - 1 < len(stops) else None
            if previous and origin and not previous.same_stop(origin):
                add(_("Leg {n} leaves from {origin}, but leg {m} arrives in {destination}: the "
                      "legs do not connect.").format(n=i + 1, m=i, origin=origin.label(),
                                                     destination=previous.label()),
                    f"{at}.origin")
            if before.arrives and leg.departs and _aware(leg.departs, origin) < _aware(
                    before.arrives, previous):
                add(_("Leg {n} leaves before leg {m} arrives.").format(n=i + 1, m=i),
                    f"{at}.departs")
        if child and not leg.accompanied and not leg.accompanied_by.strip():
            add(_("The person is a child and cannot travel alone: name the adult who "
                  "accompanies them on leg {n}.").format(n=i + 1), f"{at}.accompanied_by")
    if it.legs and it.departure_date and it.legs[0].departs and \
            it.legs[0].departs.date() != it.departure_date:
        add(_("The first leg leaves on {leg}, not on the departure date {date}.").format(
            leg=it.legs[0].departs.date().isoformat(), date=it.departure_date.isoformat()),
            "itinerary.departure_date")
    if stops and stops[-1][1] and case.return_country and \
            stops[-1][1].country != case.return_country:
        add(_("The last leg ends in {place}, which is not in the country of return ({country})."
              ).format(place=stops[-1][1].label(), country=case.return_country),
            f"itinerary.legs[{len(stops) - 1}].destination")
    inner = [s[1] for s in stops[:-1]]
    for i, transit in enumerate(it.transits):
        at = f"itinerary.transits[{i}]"
        try:
            place = resolve(transit.place, f"{at}.place")
        except ValidationError as exc:
            problems.append(exc)
            continue
        if not any(p is not None and p.same_stop(place) for p in inner):
            add(_("{place} is not a stop between two legs of the route.").format(
                place=place.label()), f"{at}.place")
        text(transit.help, f"{at}.help")
        text(transit.contact_name, f"{at}.contact_name", MAX_NAME)
        phone(transit.contact_phone, f"{at}.contact_phone")
    for key in it.bring:
        if key not in BRING_ITEMS:
            add(_("“{item}” is not an item of the list of what to bring.").format(item=key),
                "itinerary.bring")
    text(it.bring_other, "itinerary.bring_other")
    text(it.luggage, "itinerary.luggage", MAX_NAME)
    text(it.meeting_point, "itinerary.meeting_point")
    text(it.departure_contact, "itinerary.departure_contact", MAX_NAME)
    phone(it.departure_phone, "itinerary.departure_phone")
    adult = it.accompanying_adult
    if adult.role and adult.role not in COMPANION_ROLES:
        add(_("“{role}” is not a role of an accompanying adult.").format(role=adult.role),
            "itinerary.accompanying_adult.role")
    if (adult.role or adult.phone) and not adult.name.strip():
        add(_("Enter the name of the adult who accompanies the child."),
            "itinerary.accompanying_adult.name")
    text(adult.name, "itinerary.accompanying_adult.name", MAX_NAME)
    phone(adult.phone, "itinerary.accompanying_adult.phone")

    # reception
    r = record.reception
    for name in ("met_by", "meeting_point", "onward_transport", "accommodation",
                 "first_appointment_place"):
        text(getattr(r, name), f"reception.{name}")
    phone(r.contact_phone, "reception.contact_phone")
    arrival = it.arrival()
    if r.first_appointment and arrival and r.first_appointment < arrival:
        add(_("The first appointment at the office is before the person arrives."),
            "reception.first_appointment")
    if record.departed_on and record.departed_on > today:
        add(_("The departure cannot be recorded in the future."), "departed_on")
    if record.answer is not None:
        if record.answer.state not in ANSWERS:
            add(_("“{value}” is not an answer to a reception request.").format(
                value=record.answer.state), "answer.state")
        text(record.answer.note, "answer.note")
        phone(record.answer.contact_phone, "answer.contact_phone")
    from counsel_app.i18n import DOCUMENT_LANGUAGES

    for where, code in (("text_language", record.text_language),
                        ("returnee.lang", record.returnee.lang)):
        if code and code not in DOCUMENT_LANGUAGES:
            add(_("{option}: unknown document language “{lang}” (choose from "
                  "{choices}).").format(option=where, lang=code,
                                        choices=", ".join(DOCUMENT_LANGUAGES)), where)
    for written in record.returnee.texts.values():
        text(written, "returnee.texts")
    return problems


def check_valid(record: TravelRecord, case: Case, **kwargs) -> None:
    """Raise the first problem (one sentence naming the field), or return."""
    problems = validate(record, case, **kwargs)
    if problems:
        raise problems[0]


# -- reminders ----------------------------------------------------------------------------
#: a request to a consulate with no expected date is chased after this long
CHASE_AFTER = timedelta(days=21)
#: documents not requested yet are flagged this long before the departure
REQUEST_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class Reminder:
    field: str
    text: str  # translated


def reminders(record: TravelRecord, case: Case, today: date | None = None) -> list[Reminder]:
    """What is overdue or about to be, for the counsellor (translated, one line each)."""
    today = today or date.today()
    out: list[Reminder] = []
    names = {t.key: t.name for t in travellers(case, today)}
    departure = record.itinerary.departure_date or (
        record.itinerary.legs[0].departs.date()
        if record.itinerary.legs and record.itinerary.legs[0].departs else None)
    for i, doc in enumerate(record.documents):
        kind = _(DOCUMENT_KINDS.get(doc.kind, (doc.kind,))[0]).lower()
        who = names.get(doc.holder, "?")
        at = f"documents[{i}]"
        if doc.status == "requested":
            if doc.expected_on and doc.expected_on < today:
                out.append(Reminder(at, _("Overdue: the {document} of {name} was expected from "
                                          "the consulate on {date}.").format(
                    document=kind, name=who, date=doc.expected_on.isoformat())))
            elif not doc.expected_on and doc.requested_on and \
                    today - doc.requested_on > CHASE_AFTER:
                days = (today - doc.requested_on).days
                out.append(Reminder(at, ngettext(
                    "The {document} of {name} was requested {days} day ago with no date from "
                    "the consulate: ask them.",
                    "The {document} of {name} was requested {days} days ago with no date from "
                    "the consulate: ask them.", days).format(document=kind, name=who,
                                                             days=days)))
        elif doc.status == "not_started" and departure and departure - today <= REQUEST_BEFORE:
            out.append(Reminder(at, _("The {document} of {name} is not requested yet and the "
                                      "departure is on {date}.").format(
                document=kind, name=who, date=departure.isoformat())))
        elif doc.status == "refused":
            out.append(Reminder(at, _("The consulate refused the {document} of {name}: "
                                      "decide what to do next.").format(document=kind,
                                                                          name=who)))
        elif doc.status == "issued" and doc.expires_on and departure is None and \
                doc.expires_on - today <= REQUEST_BEFORE:
            out.append(Reminder(at, _("The {document} of {name} expires on {date}, and no "
                                      "departure date is set.").format(
                document=kind, name=who, date=doc.expires_on.isoformat())))
    if record.fitness.clearance == "pending" and departure and departure - today <= \
            timedelta(days=7):
        out.append(Reminder("fitness.clearance", _(
            "The medical clearance is still awaited and the departure is on {date}.").format(
                date=departure.isoformat())))
    return out
