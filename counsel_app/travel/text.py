"""The travel details as lines of text in the interface language (command line, summaries)."""

from __future__ import annotations

from counsel_app.i18n import _, ngettext
from counsel_app.travel.model import (
    ANSWERS,
    CLEARANCES,
    COMPANION_ROLES,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    ESCORTS,
    TravelRecord,
    travellers,
)


def _d(value) -> str:
    if value is None:
        return "–"
    return value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "hour") \
        else value.isoformat()


def describe(case, record: TravelRecord) -> list[str]:
    lines = [_("Case {reference} ({status})").format(reference=case.reference,
                                                     status=_(case.status.label))]
    names = {t.key: t.name for t in travellers(case)}
    lines.append(_("Travel documents:"))
    if not record.documents:
        lines.append("  " + _("(none recorded)"))
    for doc in record.documents:
        lines.append("  " + _("{name}: {kind}, {status}; consulate {consulate}; requested "
                              "{requested}, issued {issued}, expires {expires}").format(
            name=names.get(doc.holder, doc.holder),
            kind=_(DOCUMENT_KINDS.get(doc.kind, (doc.kind,))[0]),
            status=_(DOCUMENT_STATUSES.get(doc.status, doc.status)),
            consulate=doc.consulate or "–", requested=_d(doc.requested_on),
            issued=_d(doc.issued_on), expires=_d(doc.expires_on)))
    f, e = record.fitness, record.escort
    lines.append(_("Medical clearance: {state} ({date})").format(
        state=_(CLEARANCES.get(f.clearance, f.clearance)), date=_d(f.assessed_on)))
    if f.medicines:
        lines.append("  " + _("Medicines to carry: {text}").format(text=f.medicines))
    lines.append(_("Escort: {kind}").format(kind=_(ESCORTS.get(e.kind, e.kind))) + (
        f" — {e.reason}" if e.reason else "") + (f" ({e.name})" if e.name else ""))
    it = record.itinerary
    lines.append(_("Departure: {date}").format(date=_d(it.departure_date)))
    for n, leg in enumerate(it.legs, start=1):
        lines.append("  " + _("Leg {n}: {origin} {departs} → {destination} {arrives} "
                              "{carrier}").format(n=n, origin=leg.origin,
                                                  departs=_d(leg.departs),
                                                  destination=leg.destination,
                                                  arrives=_d(leg.arrives),
                                                  carrier=leg.carrier).rstrip())
    for t in it.transits:
        lines.append("  " + _("Transit {place}: {help} ({contact} {phone})").format(
            place=t.place, help=t.help or "–", contact=t.contact_name, phone=t.contact_phone))
    adult = it.accompanying_adult
    if adult.name:
        role = _(COMPANION_ROLES[adult.role][0]) if adult.role in COMPANION_ROLES else ""
        lines.append(_("Accompanied throughout by {name}").format(name=adult.name)
                     + (f" ({role})" if role else ""))
    r = record.reception
    lines.append(_("Reception: {who} at {where}").format(who=r.met_by or "–",
                                                          where=r.meeting_point or "–"))
    if record.answer is not None:
        lines.append(_("Answer sent to the sending station: {state} ({date})").format(
            state=record.answer.state, date=_d(record.answer.answered_on)))
    if record.departed_on:
        lines.append(_("Departed on {date}").format(date=_d(record.departed_on)))
    return lines


def departure_state(case, record: TravelRecord, blockers: list[str], open_count: int) -> str:
    """The one line under the checklist: departed (on which day), not handed over yet,
    ready to leave, or how many items are still open (``blockers``: why *departed* would
    be refused now; ``open_count``: the checklist's open items)."""
    from counsel_app.domain.enums import CaseStatus

    if case.status is CaseStatus.DEPARTED:
        return _("Departed on {date}.").format(
            date=record.departed_on.isoformat() if record.departed_on else "?")
    if case.status is not CaseStatus.HANDED_OVER:
        return _("The case is “{status}”: it is handed over (with the reception request) "
                 "before the departure.").format(status=_(case.status.label))
    if not blockers:
        return _("Ready to leave.")
    return ngettext("{count} item still open.", "{count} items still open.",
                    open_count).format(count=open_count)


def reception_request(request: dict, record: TravelRecord) -> str:
    """A reception request received from the sending station, as the office reads it: the
    legs, what is asked for, a child's accompanying adult, and the answer given (saying when
    the request changed since)."""
    lines = []
    for n, leg in enumerate(request.get("legs") or [], start=1):
        lines.append(_("Leg {n}: {origin} → {destination}, {departs} → {arrives} {carrier}")
                     .format(n=n, origin=leg.get("origin"), destination=leg.get("destination"),
                             departs=(leg.get("departs") or "").replace("T", " "),
                             arrives=(leg.get("arrives") or "").replace("T", " "),
                             carrier=leg.get("carrier") or "").rstrip())
    reception = request.get("reception") or {}
    lines.append(_("Asked for: met by {who} at {where}; then {onward}; staying at "
                   "{accommodation}.").format(
        who=reception.get("met_by") or "–", where=reception.get("meeting_point") or "–",
        onward=reception.get("onward_transport") or "–",
        accommodation=reception.get("accommodation") or "–"))
    adult = request.get("accompanying_adult")
    if isinstance(adult, dict) and adult.get("name"):
        lines.append(_("A child travels with {name}.").format(name=adult["name"]))
    answer = record.answer
    if answer is not None:
        lines.append(_("Your answer: {answer} ({date}).").format(
            answer=_(ANSWERS.get(answer.state, answer.state)),
            date=answer.answered_on.isoformat() if answer.answered_on else "?"))
        if answer.request_id != request.get("request_id"):
            lines.append(_("The request changed since you answered it."))
    return "\n".join(lines)
