"""The person's travel sheet: one or two pages in their language (bilingual on request).

Built with the same document engine as the plan and its easy-read page
(:class:`~counsel_app.documents.base.DocumentWriter`: page frame, reference and QR code,
SAMPLE marks, right-to-left mirroring, isolation of inserted values), with the easy-read
pictograms beside each block: the departure, the route step by step with times and places,
the help and the person to call at each transit, the arrival (who meets the person, where,
onward transport, accommodation, the first appointment), who to call, and what to bring.

The sheet may be seen at a border or by the family: it never shows a vulnerability flag,
the reason for an escort or anything about health. Medicines to carry are printed only
when the person asked for it (``SheetOptions.show_health``). What the counsellor typed is
printed as typed, never translated; the sheet says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from counsel_app.documents import pictograms
from counsel_app.documents.base import DocumentInfo, DocumentWriter, Span, TableStyle, clean
from counsel_app.documents.bidi import isolate
from counsel_app.documents.people import name_spans, place_name
from counsel_app.i18n import D_
from counsel_app.documents.typed_text import typed_spans
from counsel_app.plan.model import ReturneeTexts, text_typed_in
from counsel_app.travel.model import BRING_ITEMS, COMPANION_ROLES, TravelRecord
from counsel_app.travel.places import resolve

SHEET_TITLE = D_("My travel sheet")


@dataclass(frozen=True)
class Stop:
    """A stop written as a town and its country ("Agadez, NE"): printed as the town and the
    country's name in the sheet's language, as a list in that language ("Agadez, Niger",
    "Agadez، النيجر"), never the country's code."""

    town: str
    country: str  # ISO 3166-1 alpha-2


@dataclass
class SheetStep:
    origin: str | Stop  # an airport as shown ("Conakry (CKY)"), a town, or as typed
    destination: str | Stop
    by_air: bool
    carrier: str = ""
    departs: datetime | None = None
    arrives: datetime | None = None
    with_adult: str = ""  # who accompanies a child on this leg
    transit_help: str = ""  # help arranged at the destination, when it is a transit
    transit_contact: str = ""
    transit_phone: str = ""


@dataclass
class SheetDocument:
    """Everything the travel sheet prints, as plain data (nothing else reaches it)."""

    reference: str
    person_name: str = ""  # in Latin letters (or as written, when there is no other)
    person_name_native: str = ""  # as the person writes it
    country: str = ""  # ISO code of the country of return (digits, formats)
    organisation: str = ""
    logo: bytes | str | Path | None = None
    is_sample: bool = False
    printed_on: date | None = None
    departure_date: date | None = None
    meeting_point: str = ""
    departure_contact: str = ""
    departure_phone: str = ""
    steps: list[SheetStep] = field(default_factory=list)
    companion: str = ""  # the adult who accompanies a child throughout
    companion_role: str = ""  # a D_ msgid
    companion_phone: str = ""
    escort: str = ""
    escort_phone: str = ""
    met_by: str = ""
    arrival_point: str = ""
    arrival_phone: str = ""
    onward_transport: str = ""
    accommodation: str = ""
    first_appointment: datetime | None = None
    first_appointment_place: str = ""
    bring: list[str] = field(default_factory=list)  # D_ msgids
    bring_other: str = ""
    luggage: str = ""
    medicines: str = ""  # only when the person asked for health details on the sheet
    counsellor: str = ""  # the counsellor's name on prints (never a login) and contact
    counsellor_contact: str = ""
    #: the language the free texts were typed in (TravelRecord.text_languages by a text's
    #: words, else text_language: :func:`~counsel_app.plan.model.text_typed_in`), and the
    #: same texts in the person's language where written (TravelRecord.returnee)
    text_language: str = ""
    text_languages: dict[str, str] = field(default_factory=dict)
    returnee: ReturneeTexts = field(default_factory=ReturneeTexts)


def _place(text: str) -> tuple[str | Stop, bool]:
    """(the stop, is an airport): an airport as shown, a town as a :class:`Stop`; as typed
    when it cannot be resolved."""
    try:
        place = resolve(text, "place")
    except Exception:  # noqa: BLE001 - a sheet of an older record still prints
        return text, False
    if place.code:
        return place.label(), True
    return Stop(place.town, place.country), False


def _stop(w: DocumentWriter, stop: str | Stop) -> str:
    """A stop in the sheet's language (and the second language's after " / " when the
    names differ)."""
    if not isinstance(stop, Stop):
        return stop
    first = place_name(stop.town, "", stop.country, w.main.code)
    if w.second is None:
        return first
    second = place_name(stop.town, "", stop.country, w.second.code)
    return first if second == first else f"{first} / {second}"


def sheet_document(ctx, case, record: TravelRecord, *, organisation: str = "",
                   answer: dict | None = None) -> SheetDocument:
    """The sheet's data for ``case`` (``answer``: the office's confirmation; read from its
    acknowledgement when not given)."""
    from counsel_app.travel.checklist import reception_answer

    if answer is None and case.id is not None:
        answer = reception_answer(ctx, case)
    it, r = record.itinerary, record.reception
    transits = {}
    for transit in it.transits:
        label, _air = _place(transit.place)
        transits[label] = transit
    steps = []
    for leg in it.legs:
        origin, air_from = _place(leg.origin)
        destination, air_to = _place(leg.destination)
        transit = transits.get(destination)
        steps.append(SheetStep(
            origin, destination, air_from and air_to, leg.carrier, leg.departs, leg.arrives,
            leg.accompanied_by or (it.accompanying_adult.name if leg.accompanied else ""),
            transit.help if transit else "", transit.contact_name if transit else "",
            transit.contact_phone if transit else ""))
    confirmed = answer if isinstance(answer, dict) and answer.get("state") == "confirmed" \
        else {}
    adult = it.accompanying_adult
    escort = record.escort
    from counsel_app.security.accounts import printed_counsellor

    counsellor, counsellor_contact = printed_counsellor(ctx.db, case.counsellor or ctx.user)
    return SheetDocument(
        reference=case.reference, person_name=case.person.name_latin or case.person.name_native,
        person_name_native=case.person.name_native,
        counsellor=counsellor, counsellor_contact=counsellor_contact,
        text_language=record.text_language, text_languages=dict(record.text_languages),
        returnee=record.returnee,
        country=case.return_country, organisation=organisation, is_sample=case.is_sample,
        departure_date=it.departure_date or (it.legs[0].departs.date()
                                             if it.legs and it.legs[0].departs else None),
        meeting_point=it.meeting_point, departure_contact=it.departure_contact,
        departure_phone=it.departure_phone, steps=steps,
        companion=adult.name, companion_role=COMPANION_ROLES[adult.role][1]
        if adult.role in COMPANION_ROLES else "", companion_phone=adult.phone,
        escort=escort.name if escort.kind in ("operational", "medical") else "",
        escort_phone=escort.phone if escort.kind in ("operational", "medical") else "",
        met_by=confirmed.get("contact_name") or r.met_by, arrival_point=r.meeting_point,
        arrival_phone=confirmed.get("contact_phone") or r.contact_phone,
        onward_transport=r.onward_transport, accommodation=r.accommodation,
        first_appointment=r.first_appointment,
        first_appointment_place=r.first_appointment_place,
        # "your medicines" tells a reader at a border there is a health need: only on request
        bring=[BRING_ITEMS[k][1] for k in it.bring if k in BRING_ITEMS
               and (k != "medicines" or record.sheet.show_health)],
        bring_other=it.bring_other, luggage=it.luggage,
        medicines=record.fitness.medicines if record.sheet.show_health else "",
    )


# -- layout -----------------------------------------------------------------------------------
def _block(w: DocumentWriter, icon: str, heading: list[Flowable], lines: list) -> Table:
    """A pictogram beside a heading and a few lines (mirrored for right-to-left)."""
    size = 13 * mm
    drawing = pictograms.PICTOGRAMS[icon](size)
    content: list[Flowable] = list(heading)
    for line in lines:
        if isinstance(line, Flowable):
            content.append(line)
        elif isinstance(line, list) and line and all(isinstance(x, Flowable) for x in line):
            content.extend(line)
        else:
            content.append(w.text(line, w.body.replace(space_after=1)))
    row = [drawing, content]
    widths = [size + 4 * mm, w.frame_width - size - 4 * mm]
    if w.rtl:
        row.reverse()
        widths.reverse()
    table = Table([row], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, pictograms.DISC),
    ]))
    return table


def _title(w: DocumentWriter, msgid: str, **values) -> list[Flowable]:
    style = w.body.replace(size=w.base_size * 1.15, bold=True, space_after=1)
    if values:
        first = [w.text(w.fmt(msgid, bold=True, **values), style)]
        if w.second is None:
            return first
        from counsel_app.documents.text import format_spans

        second = format_spans(w.second(msgid), **{k: clean(v) for k, v in values.items()})
        return first + [w.text(second, w.small, lang=w.second)]
    return w.fixed(msgid, style)


def _when(w: DocumentWriter, moment: datetime | None) -> list[Span]:
    """A day and a local time joined the way the language joins them (CLDR), one isolate."""
    if moment is None:
        return []
    return [Span(w.moment(moment), isolate="auto")]


def _labelled(w: DocumentWriter, msgid: str, value) -> list[Span]:
    """``Label: value`` with the value isolated (user text, phone, date)."""
    if isinstance(value, str):
        value = [Span(clean(value), isolate="auto")]
    return [Span(w.both(msgid) + " ", bold=True), *value]


def _typed(w: DocumentWriter, doc: SheetDocument, text: str) -> list[Span]:
    """A free text the counsellor typed: in the page's language where its words were
    written, else as typed with a note naming the language it was typed in
    (:func:`typed_spans`, :func:`~counsel_app.plan.model.text_typed_in`); on a bilingual
    sheet the second language's words follow after " / " when they differ."""
    language = text_typed_in(doc, text)
    first = typed_spans(text, doc.returnee, language, w.main)
    if w.second is None or not first:
        return first
    second = typed_spans(text, doc.returnee, language, w.second)
    if second[0].text == first[0].text:
        return first
    return [*first, Span(" / "), *second]


def _phone(text: str) -> str:
    """A phone number kept on one line (it must be dialled as one)."""
    return clean(text).replace(" ", "\u00a0")


def _call(w: DocumentWriter, name: str, phone: str) -> list[Span]:
    spans = [Span(clean(name), bold=True)] if name else []
    if phone:
        spans += [Span("  "), Span(_phone(phone), isolate=True)]
    return spans


def sheet_story(w: DocumentWriter, doc: SheetDocument) -> list[Flowable]:
    story: list[Flowable] = []
    story += w.fixed(SHEET_TITLE, w.h1.replace(size=w.base_size * 1.5))
    name = name_spans(doc.person_name, doc.person_name_native, w.main.code, bold=True)
    if name:
        story.append(w.text(name, w.body.replace(size=w.base_size * 1.1)))

    # departure
    lines: list = []
    if doc.departure_date:
        lines.append(_labelled(w, D_("Date:"), [Span(w.date(doc.departure_date),
                                                     isolate="auto")]))
    if doc.meeting_point:
        lines.append(_labelled(w, D_("Be at:"), _typed(w, doc, doc.meeting_point)))
    if doc.departure_contact or doc.departure_phone:
        lines.append([Span(w.both(D_("Call:")) + " ", bold=True),
                      *_call(w, doc.departure_contact, doc.departure_phone)])
    if doc.companion:
        role = f" ({w.t(doc.companion_role)})" if doc.companion_role else ""
        lines.append([Span(w.both(D_("An adult travels with you all the way:")) + " ", bold=True),
                      Span(clean(doc.companion) + role), *(
                          [Span("  "), Span(_phone(doc.companion_phone), isolate=True)]
                          if doc.companion_phone else [])])
    if doc.escort:
        lines.append([Span(w.both(D_("Your escort:")) + " ", bold=True),
                      *_call(w, doc.escort, doc.escort_phone)])
    story.append(_block(w, "calendar", _title(w, D_("Departure")), lines))

    # the route, step by step
    for number, step in enumerate(doc.steps, start=1):
        lines = [_labelled(w, D_("From:"), _stop(w, step.origin)),
                 _labelled(w, D_("To:"), _stop(w, step.destination))]
        if step.departs:
            lines.append(_labelled(w, D_("Leaves:"), _when(w, step.departs)))
        if step.arrives:
            lines.append(_labelled(w, D_("Arrives:"), _when(w, step.arrives)))
        if step.carrier:
            lines.append(_labelled(w, D_("With:"), step.carrier))
        if doc.companion and step.with_adult and step.with_adult != doc.companion:
            lines.append(_labelled(w, D_("An adult travels with you:"), step.with_adult))
        if step.transit_help:
            lines.append(_labelled(w, D_("Help there:"), _typed(w, doc, step.transit_help)))
        if step.transit_contact or step.transit_phone:
            lines.append([Span(w.both(D_("Call:")) + " ", bold=True),
                          *_call(w, step.transit_contact, step.transit_phone)])
        story.append(_block(w, "plane" if step.by_air else "bus",
                            _title(w, D_("Step {n}"), n=w.integer(number)), lines))

    # arrival
    lines = []
    if doc.met_by:
        lines.append(_labelled(w, D_("Who meets you:"), doc.met_by))
    if doc.arrival_point:
        lines.append(_labelled(w, D_("Where:"), _typed(w, doc, doc.arrival_point)))
    if doc.arrival_phone:
        lines.append([Span(w.both(D_("Call:")) + " ", bold=True),
                      Span(_phone(doc.arrival_phone), isolate=True)])
    if doc.onward_transport:
        lines.append(_labelled(w, D_("Then:"), _typed(w, doc, doc.onward_transport)))
    if doc.accommodation:
        lines.append(_labelled(w, D_("Where you sleep first:"),
                               _typed(w, doc, doc.accommodation)))
    if doc.first_appointment or doc.first_appointment_place:
        value = _when(w, doc.first_appointment)
        if doc.first_appointment_place:
            value += ([Span(" — ")] if value else []) + _typed(
                w, doc, doc.first_appointment_place)
        lines.append(_labelled(w, D_("Your first appointment at the office:"), value))
    if lines:
        story.append(_block(w, "house", _title(w, D_("When you arrive")), lines))

    # who to call
    calls = []
    if doc.departure_phone:
        calls.append((D_("Departure"), doc.departure_contact, doc.departure_phone))
    if doc.companion_phone:
        calls.append((D_("The adult who travels with you"), doc.companion, doc.companion_phone))
    if doc.escort_phone:
        calls.append((D_("Your escort"), doc.escort, doc.escort_phone))
    for number, step in enumerate(doc.steps, start=1):
        if step.transit_phone:
            # the stop and the name each isolated: the cell reads in the sheet's direction
            calls.append((D_("Transit"), " — ".join(isolate(p) for p in (
                _stop(w, step.destination), step.transit_contact) if p), step.transit_phone))
    if doc.arrival_phone:
        calls.append((D_("Arrival"), doc.met_by, doc.arrival_phone))
    if doc.counsellor:
        calls.append((D_("Counsellor"), doc.counsellor, doc.counsellor_contact))
    if calls:
        rows = [[w.both(when), clean(name), Span(_phone(number), isolate=True)]
                for when, name, number in calls]
        story.append(_block(w, "phone", _title(w, D_("Who to call")), [
            w.table([D_("When"), D_("Name"), D_("Phone")], rows, [0.22, 0.38, 0.25])]))

    # what to bring
    lines = [w.both(item) for item in doc.bring]
    if doc.bring_other:
        lines.append(_typed(w, doc, doc.bring_other))
    if doc.medicines:
        lines.append(_labelled(w, D_("Medicines:"), _typed(w, doc, doc.medicines)))
    if doc.luggage:
        lines.append(_labelled(w, D_("Luggage allowed:"), _typed(w, doc, doc.luggage)))
    if lines:
        story.append(_block(w, "bag", _title(w, D_("What to bring")), [w.bullets(lines)]))

    story += w.fixed(D_("Keep this sheet with your travel document. Details your counsellor "
                        "wrote are printed as they were written."),
                     w.small.replace(space_before=6))
    return story


def render_sheet(doc: SheetDocument, lang: str, *, second_lang: str | None = None,
                 out: str | Path | None = None) -> bytes:
    """The travel sheet as PDF bytes (also written to ``out``)."""
    info = DocumentInfo(title=SHEET_TITLE, lang=lang, second_lang=second_lang,
                        reference=doc.reference, organisation=doc.organisation, logo=doc.logo,
                        is_sample=doc.is_sample, printed_on=doc.printed_on,
                        country=doc.country or None)
    writer = DocumentWriter(info, base_size=10.5)
    return writer.build(sheet_story(writer, doc), out)
