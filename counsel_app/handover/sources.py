"""Where a handover's content comes from, and how it is cut down to what consent allows.

The content is assembled as a *data bundle* keyed by the consent area's data categories
(:class:`counsel_app.consent.purposes.DataCategory`): ``identification``, ``plan``,
``assessments``, ``health``, ``follow_up_contact``, ``identity_documents``, ``travel``
and ``asylum_history``. :func:`counsel_app.consent.rules.filter_for_recipient` then keeps only
the categories the person's consents in force allow for that recipient (deny by default;
asylum history never leaves).

Other areas hook in through :class:`HandoverSources` (defaults below):

* consent: ``consent_state(ctx, case) -> ConsentState`` (the consent area's store);
* plan: ``plan(ctx, case) -> dict | None`` — the plan as plain JSON data (the plan area);
* session: ``session(ctx, case) -> SessionRecord | None`` — screening and assessment;
* travel: ``travel(ctx, case) -> TravelRecord | None`` — the route and the reception
  request (under ``travel``), fitness to travel and the escort's kind and reason (under
  ``health``); travel documents stay at this station (the office does not need them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counsel_app.domain.case import Case

#: Screening flags whose notes are health data (shared only under the health consent).
HEALTH_FLAGS = frozenset({"health", "pregnancy", "disability", "psychosocial"})
#: Required steps that are about health.
HEALTH_STEPS = frozenset({"fitness_to_travel", "medical_escort", "continuity_of_care"})


def _consent_state_default(ctx, case: Case):
    """The consent area's current state for ``case`` (a broken history allows nothing)."""
    from counsel_app.consent.service import load_state

    return load_state(ctx, case)


def _plan_default(ctx, case: Case) -> dict | None:
    """The case's reintegration plan as plain data (the plan area's repository)."""
    from counsel_app.plan.model import plan_to_data
    from counsel_app.plan.store import PlanRepository

    plan = PlanRepository(ctx.db, ctx.vault.cipher).find(case.reference)
    return plan_to_data(plan) if plan is not None else None


def _session_default(ctx, case: Case):
    from counsel_app.session.store import SessionStore

    return SessionStore(ctx.db, ctx.vault.cipher).load(case.id, case.reference)


def _travel_default(ctx, case: Case):
    from counsel_app.travel.store import TravelRepository

    return TravelRepository(ctx.db, ctx.vault.cipher).find(case.reference)


def _referrals_default(ctx, case: Case) -> list[dict]:
    from counsel_app.partners.referrals import ReferralService

    return ReferralService(ctx).for_handover(case)


@dataclass
class HandoverSources:
    consent_state: Callable[[Any, Case], Any] = _consent_state_default
    plan: Callable[[Any, Case], dict | None] = _plan_default
    session: Callable[[Any, Case], Any] = _session_default
    travel: Callable[[Any, Case], Any] = _travel_default
    referrals: Callable[[Any, Case], list] = _referrals_default


DEFAULT_SOURCES = HandoverSources()


def build_bundle(case: Case, session_record=None, plan: dict | None = None,
                 travel=None, referrals: list[dict] | None = None, *,
                 confidential: frozenset[str] | None = None) -> dict[str, Any]:
    """Everything a handover *could* carry, filed by data category (before consent).

    ``confidential``: the flags strictly confidential at this centre (default: those that
    always are); they and the steps only they require go under ``confidential``
    (:mod:`counsel_app.session.confidentiality`), never under ``assessments`` or ``health``."""
    from counsel_app.session.confidentiality import (
        ALWAYS,
        CATEGORY,
        is_strictly_confidential,
        split_screening,
    )

    marked = ALWAYS if confidential is None else confidential
    secret_case = False  # the case has a strictly confidential flag

    p = case.person
    bundle: dict[str, Any] = {
        "identification": {
            "name_native": p.name_native,
            "name_latin": p.name_latin,
            "sex": p.sex.value,
            "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
            "estimated_age": p.estimated_age,
            "age_estimated_on": p.age_estimated_on.isoformat() if p.age_estimated_on else None,
            "nationality": p.nationality,
            "languages": list(p.languages),
            "preferred_language": p.preferred_language,
            "return_region": case.return_region,
            "return_town": case.return_town,
            # household: who travels, relation and age only (no names: minimisation)
            "household": [{"relation": m.relation.value, "age": m.age,
                           "travelling": m.travelling} for m in case.household],
        },
    }
    if p.phone:
        bundle["follow_up_contact"] = {"phone": p.phone}
    if case.reason is not None or case.reason_note:
        # why the person left the host country (e.g. a rejected asylum claim): never shared
        bundle["asylum_history"] = {"reason": case.reason.value if case.reason else None,
                                    "note": case.reason_note}
    health: dict[str, Any] = {}
    if plan:
        plan, plan_health = split_plan_health(plan)
        bundle["plan"] = plan
        if plan_health:
            health["plan"] = plan_health
    if session_record is not None:
        screening = session_record.screening
        assessment = session_record.assessment
        steps = {k: {"done": v.done, "done_at": v.done_at} for k, v in screening.steps.items()}
        secret_case = is_strictly_confidential(screening.flags, marked)
        flags, steps, secret = split_screening(dict(screening.flags), steps, marked)
        if secret:
            bundle[CATEGORY] = {**secret, "flags_language": _languages(
                screening, "flag", secret.get("flags") or {})}
        flag_notes = {f: n for f, n in flags.items() if f not in HEALTH_FLAGS}
        bundle["assessments"] = {
            "rss_baseline": dict(assessment.scores),
            "dimension_notes": dict(assessment.notes),
            "dimension_notes_language": _languages(assessment, "note", assessment.notes),
            "skills": assessment.skills,
            "skills_language": assessment.language_of("skills"),
            "needs": assessment.needs,
            "needs_language": assessment.language_of("needs"),
            "vulnerability_flags": sorted(f for f in flags if f not in HEALTH_FLAGS),
            "flag_notes": flag_notes,
            "flag_notes_language": _languages(screening, "flag", flag_notes),
            "steps": {k: v for k, v in steps.items() if k not in HEALTH_STEPS},
        }
        health_flags = {f: n for f, n in flags.items() if f in HEALTH_FLAGS}
        health_steps = {k: v for k, v in steps.items() if k in HEALTH_STEPS}
        if health_flags or health_steps:
            health.update({"flags": health_flags, "steps": health_steps,
                           "flags_language": _languages(screening, "flag", health_flags)})
    if travel is not None:
        route, travel_health = travel_parts(travel)
        if route:
            bundle["travel"] = route
        if travel_health:
            health["travel"] = travel_health
    # tracked referrals (partners area) go with the plan; those to health facilities are
    # health data, shared only under the health consent. A case with a strictly confidential
    # flag files every one of them under ``confidential``: a partner's type does not say
    # what it does (an NGO may run a GBV shelter or an anti-trafficking programme), so any
    # of them could tell the office what the person told in confidence.
    for item in referrals or []:
        health_partner = (item.get("partner") or {}).get("type") == "health"
        if secret_case:
            part = bundle.setdefault(CATEGORY, {})
        else:
            part = health if health_partner else bundle.setdefault("plan", {})
        part.setdefault("tracked_referrals", []).append(item)
    if health:
        bundle["health"] = health
    return bundle


def _languages(part, kind: str, notes: dict[str, str]) -> dict[str, str]:
    """The language each of ``notes`` (key -> a note of a session ``part``, e.g. a flag's)
    was typed in, as recorded when it was saved, by the same keys: it travels beside them
    (``flag_notes_language`` beside ``flag_notes``) so the office's copy of the person's data
    marks each by it. A note saved before languages were recorded is left out: the office
    cannot know its language (no mark)."""
    return {key: language for key in notes
            if (language := part.language_of(kind, key)) is not None}


def travel_parts(record) -> tuple[dict[str, Any], dict[str, Any]]:
    """A travel record cut for the office: the route and the reception request it is asked
    to confirm (with the request's id), and apart from it the health parts (fitness to
    travel, medicines, the escort's kind and reason). Travel documents are not sent."""
    it, escort = record.itinerary, record.escort
    request = record.request_data()
    route: dict[str, Any] = {}
    route_texts: set[str] = set()  # the typed texts the route carries
    if it.legs or it.departure_date or not record.reception.is_empty():
        route = {
            "request_id": record.request_id(),
            **request,
            "transits": [{"place": t.place, "help": t.help, "contact_name": t.contact_name,
                          "contact_phone": t.contact_phone} for t in it.transits],
            # a child is handed over on arrival by the adult who accompanies them
            "accompanying_adult": ({"name": it.accompanying_adult.name,
                                    "role": it.accompanying_adult.role,
                                    "phone": it.accompanying_adult.phone}
                                   if it.accompanying_adult.name else None),
            "escort": ({"name": escort.name, "phone": escort.phone}
                       if escort.kind in ("operational", "medical") else None),
            # the language the counsellor typed the record's texts in (not in the request:
            # its id stays what it was)
            "text_language": record.text_language,
        }
        r = record.reception
        route_texts = {t.help for t in it.transits} | {
            r.meeting_point, r.onward_transport, r.accommodation, r.first_appointment_place}
    health: dict[str, Any] = {}
    f = record.fitness
    if f.clearance or f.medicines or f.note:
        health["fitness"] = {"clearance": f.clearance,
                             "assessed_on": f.assessed_on.isoformat() if f.assessed_on else None,
                             "assessed_by": f.assessed_by, "medicines": f.medicines,
                             "note": f.note}
    if escort.kind:
        health["escort"] = {"kind": escort.kind, "reason": escort.reason}
    if health:
        health["text_language"] = record.text_language
    # each text's language by its words, in the part that holds the text (never the words
    # of a text the package does not carry; a health text's only in the health part)
    health_texts = ({f.medicines, f.note} if "fitness" in health else set()) | (
        {escort.reason} if "escort" in health else set())
    carried = {t.strip() for t in route_texts | health_texts}
    route_languages, health_languages = split_text_languages(
        {t: v for t, v in record.text_languages.items() if t in carried}, health_texts,
        route_texts)
    if route:
        route["text_languages"] = route_languages
    if health:
        health["text_languages"] = health_languages
    return route, health


#: Plan assistance types that are health care (shared only under the health consent).
HEALTH_ASSISTANCE = frozenset({"medical", "medical_care"})


def split_plan_health(plan: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan without its health parts, and the health parts (medical assistance lines,
    medical escort) to be filed under ``health``."""
    plan = dict(plan)
    health: dict[str, Any] = {}
    assistance = plan.get("assistance")
    if isinstance(assistance, list):
        medical = [a for a in assistance if isinstance(a, dict)
                   and a.get("type") in HEALTH_ASSISTANCE]
        if medical:
            health["assistance"] = medical
            plan["assistance"] = [a for a in assistance if a not in medical]
    arrival = plan.get("arrival")
    if isinstance(arrival, dict) and (arrival.get("medical_escort_decided")
                                      or arrival.get("medical_escort")
                                      or arrival.get("medical_escort_details")):
        health["arrival"] = {"medical_escort": arrival.get("medical_escort"),
                             "medical_escort_decided": arrival.get("medical_escort_decided"),
                             "medical_escort_details": arrival.get("medical_escort_details")}
        plan["arrival"] = {**arrival, "medical_escort": None, "medical_escort_decided": False,
                           "medical_escort_details": ""}
    if health and "text_language" in plan:  # the language of the plan's texts, theirs too
        health["text_language"] = plan["text_language"]
    languages = plan.get("text_languages")
    if health and isinstance(languages, dict):
        health_texts = {str(a.get("details") or "")
                        for a in health.get("assistance") or []}
        health_texts.add(str((health.get("arrival") or {}).get("medical_escort_details")
                             or ""))
        plan["text_languages"], health["text_languages"] = split_text_languages(
            languages, health_texts, _plan_texts(plan))
    return plan, health


def split_text_languages(languages: dict[str, str], health_texts: set[str],
                         shared_texts: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """A record's languages by a text's words (``text_languages``: a plan's, a travel
    record's) cut like its texts: (those of every text but the health texts, those of the
    health texts). A health text's language goes with it, in the health part: its words
    are never left in the other part, which is shared without the health consent, unless
    the same words are also one of that part's own texts (``shared_texts``)."""
    health = {t.strip() for t in health_texts} - {""}
    health_only = health - {t.strip() for t in shared_texts}
    return ({t: v for t, v in languages.items() if t not in health_only},
            {t: v for t, v in languages.items() if t in health})


def _plan_texts(plan: dict[str, Any]) -> set[str]:
    """The free texts of a plan's plain data (:meth:`ReintegrationPlan.free_texts`; none
    when it is not a plan's as the plan area stores it)."""
    from counsel_app.errors import ValidationError
    from counsel_app.plan.model import plan_from_data

    try:
        return {text for _where, text in
                plan_from_data({"reference": "", **plan}).free_texts()}
    except ValidationError:
        return set()
