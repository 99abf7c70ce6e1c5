"""The handover area's part in data protection.

* Subject access: every package sent or received for the case (when, to or from which
  office, what was shared and withheld) and what a received package or acknowledgement
  carried, in the person's copy of their data. A package sent is told by its categories
  only (its content is kept without the data). What someone typed in a package received
  prints as typed, with the language it was typed in where the package carries it
  (:data:`_TEXT_LANGUAGES`): never taken for this office's own writing.
* Retention: a package row is **not** deleted with the case, because its package id is
  what makes a replayed package recognisable (an erased person's data must not come back by
  importing the same file again). What stays is a non-personal stub: package id, kind,
  direction, the other office's key fingerprint and dates.

  - anonymisation keeps the link to the (anonymised) case, so the monitoring figures still
    count the handover; the stored content is cut to what carries no personal data
    (format, offices, the case's countries and decision, the categories shared/withheld);
  - erasure cuts the content to the package id alone, unlinks the case (``case_id`` NULL)
    and clears the other office's case reference.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from counsel_app.handover.models import HandoverPackageRow
from counsel_app.i18n import D_, N_, recorded_languages
from counsel_app.security.hooks import case_reference
from counsel_app.security.retention import CaseDataHandler, register_case_data_handler
from counsel_app.security.subject_access import (
    Country,
    Language,
    Months,
    Msg,
    Pair,
    Region,
    Section,
    Trail,
    UiMsg,
    labelled,
    moment,
    office_name,
    register_subject_access,
    typed,
    unnamed,
)

#: parts of a handover's content that hold nothing about the person
_NON_PERSONAL = ("format", "version", "package_id", "created", "sender", "recipient",
                 "shared", "withheld")
_CASE_STATS = ("return_country", "host_country", "decision", "is_sample")


#: storage keys of a package's content, as the person reads them (documents catalog)
_KEY_LABELS = {
    "ack_for": D_("Package"), "sender_reference": D_("Case"),
    "received_at": D_("Received on"), "status": D_("Status"),
    "reception": D_("Reception on arrival"), "arrival": D_("When you arrive"),
    "date": D_("Date"), "reception_done": D_("Reception on arrival"),
    "plan_refined_on": D_("Plan refined on"), "followup": D_("Follow-up visits"),
    "visits": D_("Follow-up visits"), "latest_date": D_("Date"), "latest": D_("Score"),
    "change": D_("Score"), "weights": D_("Details"), "overall": D_("Score"),
    "actions": D_("Goals and actions"), "closed": D_("Closed on"), "on": D_("Date"),
    "reason": D_("Reason"), "note": D_("Notes"), "notes": D_("Notes"),
    "answered_on": D_("Date"), "contact_name": D_("Name"), "contact_phone": D_("Phone"),
    "state": D_("State"), "consents": D_("Consent"), "purpose": D_("Consent"),
    "method": D_("How it was given"), "since": D_("Date"), "data": D_("Details"),
    "date_of_birth": D_("Date of birth"), "nationality": D_("Nationality"),
    "languages": D_("Languages"), "preferred_language": D_("Preferred language"),
    "name_latin": D_("Name"), "name_native": D_("Name in your own script"), "name": D_("Name"),
    "sex": D_("Sex"), "household": D_("Your household"), "age": D_("Age"),
    "relation": D_("Relation"), "travelling": D_("Travelling"),
    "return_town": D_("Town of return"), "return_region": D_("Region of return"),
    "return_country": D_("Country of return"), "phone": D_("Phone"),
    "assistance": D_("Assistance"), "details": D_("Details"), "type": D_("Assistance"),
    "follow_up": D_("Follow-up schedule"), "months_after_arrival": D_("When"),
    "goals": D_("Goals and actions"), "goal": D_("Goals and actions"), "what": D_("What"),
    "who": D_("Who"), "by_when": D_("By when"), "dimension": D_("What"),
    "place_of_return": D_("Place of return"), "summary": D_("Individual reintegration plan"),
    "expected_arrival": D_("Expected arrival"), "drafted_on": D_("Plan drafted on"),
    "skills": D_("Details"), "needs": D_("Support for you"), "steps": D_("What"),
    "done_at": D_("Date"), "vulnerability_flags": D_("Vulnerability screening"),
    "rss_baseline": D_("Your situation and skills"),
    "currency": D_("Currency"), "budget": D_("Item"), "item": D_("Item"),
    "estimated_cost": D_("Estimated cost"), "quantity": D_("Quantity"),
    "referrals": D_("4. Referrals"), "organisation": D_("Organisation"),
    "service": D_("What it provides"), "contact": D_("Contact"),
    "opportunities": D_("Chosen opportunities"), "title": D_("Opportunity"),
    "provider": D_("Provider"), "kind": D_("Kind"), "place": D_("Place"),
    "contacts": D_("Contact points in the country of origin"), "role": D_("Role"),
    "address": D_("Address"), "mentor": D_("Mentor"),
    "well_being": D_("5. Well-being: expected improvement"),
    "baseline": D_("Score at the start (0 to 100)"),
    "expected": D_("Expected score (0 to 100)"),
    "community_projects": D_("6. Community projects"), "description": D_("Description"),
    "partners": D_("Partners"), "medical_escort": D_("Medical escort"),
    "medical_escort_details": D_("Medical escort"), "onward_transport": D_("Onward transport"),
    "temporary_accommodation": D_("Temporary accommodation"), "due_on": D_("Date"),
    "referral_needed": D_("Referral needed?"), "returnee": D_("Languages"),
    "lang": D_("Languages"), "texts": D_("Details"),
    "as_of": D_("Date"), "text": D_("What"),
    "economic": D_("Economic"), "social": D_("Social"), "psychosocial": D_("Psychosocial"),
    "fitness": D_("Medical clearance"), "clearance": D_("State"),
    # the medical clearance's date and who gave it; the medicines to take along
    "assessed_on": D_("Date"), "assessed_by": D_("Who"),
    "medicines": D_("Your medicines and prescriptions"),
    # the referrals made for the plan, each with its partner and where it stood
    "plan": D_("Reintegration plan"), "tracked_referrals": D_("Referrals made for you"),
    "partner": D_("Organisation"), "created_on": D_("Made on"), "history": D_("History"),
    "hours": D_("Opening hours"), "procedure": D_("How to ask for this service"),
    "town": D_("Place"), "country": D_("Country"), "region": D_("Region"),
    # the journey and the reception asked for, in the travel part's words (a label's
    # closing colon is not printed inside a trail)
    "legs": D_("Departure"), "origin": D_("From:"), "destination": D_("To:"),
    "departs": D_("Leaves:"), "arrives": D_("Arrives:"), "transits": D_("Transit"),
    "help": D_("Help there:"), "accompanying_adult": D_("The adult who travels with you"),
    "met_by": D_("Who meets you:"), "meeting_point": D_("Where:"),
    "accommodation": D_("Where you sleep first:"),
    "first_appointment": D_("Your first appointment at the office:"),
    "first_appointment_place": D_("Place"), "flag_notes": D_("Notes"),
}
#: keys of an office's acknowledgement that have no document string yet: the interface's
#: words (translated where the copy's language has an interface catalog: fr, es, ar; in
#: English marked [EN] elsewhere). Without them the key itself was printed, in English
#: marked [EN] in every language ("[EN] Latest answered").
_UI_KEY_LABELS = {
    "latest_answered": N_("Indicators answered at the latest visit"),
    "sent_on": N_("Sent on"), "done_on": N_("Done on"),
    "consents_withdrawn": N_("Consents withdrawn at the office"),
}
#: The free texts of received content (what someone typed: a note, a plan's text, an escort's
#: reason), each by (the key of the record holding it, its key), and the key that says the
#: language it was typed in: beside it in the same record ("note_language" beside a
#: referral's "note"; a dict of notes has a dict of languages by the same keys), or
#: "text_language", the language of every text of the record it is in (the plan's, the
#: travel part's; a goal's action is in its plan's), unless the record carries the language
#: of each text by its words ("text_languages": the plan's, the travel part's and their
#: health parts', a text it does not name in its text_language). A text whose language the
#: content does not carry (a package or an acknowledgement made before) was typed by someone
#: else, not in this office's own language: no mark. Each is printed as typed, "(written in
#: French)" by it in a copy in another language (:func:`typed`).
_TEXT_LANGUAGES = {
    **dict.fromkeys((
        ("plan", "place_of_return"), ("plan", "summary"), ("plan", "notes"),
        ("assistance", "details"), ("budget", "item"), ("referrals", "service"),
        ("well_being", "note"), ("community_projects", "title"),
        ("community_projects", "description"), ("arrival", "reception"),
        ("arrival", "onward_transport"), ("arrival", "temporary_accommodation"),
        ("arrival", "medical_escort_details"), ("contacts", "role"), ("contacts", "address"),
        ("follow_up", "note"), ("mentor", "note"), ("goals", "goal"), ("actions", "who"),
        ("actions", "what"),
        # the travel part: the reception asked for, a transit's help, the health part's
        ("reception", "meeting_point"), ("reception", "onward_transport"),
        ("reception", "accommodation"), ("reception", "first_appointment_place"),
        ("transits", "help"), ("fitness", "medicines"),
        ("fitness", "note"), ("escort", "reason")), "text_language"),
    ("tracked_referrals", "note"): "note_language",
    # an office's answer to the reception request (an acknowledgement)
    ("reception", "note"): "note_language",
    ("assessments", "skills"): "skills_language",
    ("assessments", "needs"): "needs_language",
    ("assessments", "dimension_notes"): "dimension_notes_language",
    ("assessments", "flag_notes"): "flag_notes_language",
    ("health", "flags"): "flags_language", ("confidential", "flags"): "flags_language",
}
#: keys that only link records together or say what language a text is in: nothing to read
#: for the person
_SKIPPED = {"id", "key", "uid", "reference", "text_version", "recipient_id",
            "signer", "format", "version", "done", "request_id", "consent_recipient_id",
            "source_id", "is_sample", "medical_escort_decided", "text_languages",
            *_TEXT_LANGUAGES.values()}


def _words(key: str, value: Any, parent: str = "") -> Any:
    """A stored value as the copy prints it: a known code as its label, a code this copy
    has no label for said so in words (:func:`unnamed`), never the bare code; a text
    (a note, the escort's reason, an action's outcome) as written. ``parent``: the key of
    the record holding it (a closure's ``reason`` is a code, an escort's is a text)."""
    from counsel_app.domain.enums import CaseStatus, Relation, Sex
    from counsel_app.followup.service import ACTION_STATUSES, CLOSURE_REASONS, VISIT_TYPES
    from counsel_app.plan.model import ASSISTANCE_TYPES, DIMENSION_LABELS, TYPE_CATEGORY
    from counsel_app.session.screening import FLAGS, STEPS
    from counsel_app.documents.receipt_pdf import METHOD_LABELS, PURPOSE_LABELS, STATE_LABELS
    from counsel_app.followup.rss import PROJECT_DEFAULTS
    from counsel_app.partners.referrals import OUTCOME_LABELS
    from counsel_app.partners.referrals import STATE_LABELS as REFERRAL_STATES
    from counsel_app.travel.model import ANSWERS, CLEARANCES, ESCORTS

    if isinstance(value, bool) or not isinstance(value, str):
        return Months(value) if key == "months_after_arrival" and isinstance(value, int) \
            else value
    tables: dict[str, tuple[dict, type]] = {
        "purpose": (PURPOSE_LABELS, Msg), "method": (METHOD_LABELS, Msg),
        "state": (STATE_LABELS, Msg), "reason": (CLOSURE_REASONS, UiMsg),
        "dimension": (DIMENSION_LABELS, Msg),
        "vulnerability_flags": ({k: v[0] for k, v in FLAGS.items()}, UiMsg),
        "steps": (STEPS, UiMsg), "clearance": (CLEARANCES, UiMsg),
    }
    if key == "state" and value in ANSWERS and value not in STATE_LABELS:
        return UiMsg(ANSWERS[value])  # the office's answer to the reception request
    if key == "state" and value in REFERRAL_STATES and value not in STATE_LABELS:
        return UiMsg(REFERRAL_STATES[value])  # where a referral stands (was the code)
    if key == "weights" and value == PROJECT_DEFAULTS:
        return UiMsg(value)  # the app's own words (an office's own weights: as it wrote them)
    if key in tables:
        table, kind = tables[key]
        if value in table:
            return kind(table[value])
        # a reason other than a closure's, an outcome: what someone wrote
        return value if key == "reason" and parent != "closed" else unnamed(value)
    if key == "outcome":
        return UiMsg(OUTCOME_LABELS[value]) if value in OUTCOME_LABELS else value
    if key == "status":
        if value in ACTION_STATUSES:
            return UiMsg(ACTION_STATUSES[value])
        try:
            return UiMsg(CaseStatus(value).label)
        except ValueError:
            return unnamed(value)
    if key in ("sex", "relation"):
        try:
            return UiMsg((Sex if key == "sex" else Relation)(value).label)
        except ValueError:
            return unnamed(value)
    if key == "type" and value in TYPE_CATEGORY:
        return Msg(ASSISTANCE_TYPES[TYPE_CATEGORY[value]][value])
    if key == "type" and value in VISIT_TYPES and parent != "assistance":
        return UiMsg(VISIT_TYPES[value])  # a visit's: at home, by phone, at the office
    if key == "type" and parent == "partner":  # a referral's partner: its kind
        from counsel_app.partners.model import TYPE_LABELS

        return labelled(TYPE_LABELS, value)
    if key == "type":  # an assistance's, a visit's: a code either way
        return unnamed(value)
    if key == "kind" and parent == "escort":
        return labelled(ESCORTS, value)
    if key == "kind" and parent == "opportunities":
        from counsel_app.plan.model import OPPORTUNITY_KINDS

        return labelled(OPPORTUNITY_KINDS, value, Msg)
    if key in ("country", "region") and parent == "partner":  # where the partner is
        return Country(value) if key == "country" else Region(value)
    if key in ("departs", "arrives", "first_appointment"):  # a day and its time
        return moment(value)
    if key in ("nationality", "return_country", "host_country"):
        return Country(value)
    if key in ("languages", "preferred_language", "language", "lang"):
        return Language(value)
    if key in ("return_region", "preferred_region"):
        return Region(value)
    return value


def _label(key: str, parent: str) -> Any:
    """A content key as words: the copy's label, an indicator's or a step's label, or the
    key in plain English (marked: it has no translation)."""
    # (the receipt's labels; its module loads the PDF engine, which the app's start must not)
    from counsel_app.documents.receipt_pdf import CATEGORY_LABELS
    from counsel_app.session.assessment import DEFAULT_CONFIG
    from counsel_app.session.screening import FLAGS, STEPS

    if parent == "data" and key in CATEGORY_LABELS:
        return Msg(CATEGORY_LABELS[key])
    if parent == "steps" and key in STEPS:
        return UiMsg(STEPS[key])
    if parent in ("flags", "flag_notes") and key in FLAGS:  # a flag's note: by the flag
        return UiMsg(FLAGS[key][0])
    indicator = DEFAULT_CONFIG.indicator(key)
    if parent in ("rss_baseline", "latest", "change") and indicator is not None:
        return UiMsg(indicator.label)
    if key == "type" and parent != "assistance":  # a visit's, a partner's: its kind
        return Msg(D_("Kind"))
    # a goal's actions, the follow-up's count of visits: not their parent's label again
    # ("Goals and actions › 1 › Goals and actions › 1 › What")
    if key == "actions" and parent == "goals":
        return Msg(D_("Action"))
    if key == "followup":
        return Msg(D_("When you arrive"))
    if key in _KEY_LABELS:
        return Msg(_KEY_LABELS[key])
    if key in _UI_KEY_LABELS:
        return UiMsg(_UI_KEY_LABELS[key])
    return UiMsg(key.replace("_", " ").strip().capitalize())


def _carried(language: Any) -> str:
    """A language as content carries it; "" (not known) when it does not."""
    return language if isinstance(language, str) else ""


def _typed_in(record: dict, name: str, parent: str, record_language: str | dict,
              within: str | dict | None) -> str | dict | None:
    """The language the value ``name`` of ``record`` (held under ``parent``) was typed in,
    as the content carries it (:data:`_TEXT_LANGUAGES`; "" when it does not), or, for a
    dict of texts, their languages by key; None: it is no free text. ``within``: the
    language(s) of the dict of texts ``record`` is; ``record_language``: the record's
    ``text_language``, or (:func:`_record_language`) its languages by a text's words."""
    if within is not None:  # one of a dict of texts (a flag's note): its own language
        return (within.get(name) or "") if isinstance(within, dict) else within
    language_key = _TEXT_LANGUAGES.get((parent, name))
    if language_key is None:
        return None
    if language_key == "text_language" and isinstance(record_language, dict):
        value = record.get(name)
        if isinstance(value, dict):  # the plan's summary: each dimension's text its own
            return {k: _by_words(record_language, v) for k, v in value.items()}
        return _by_words(record_language, value)
    carried = record_language if language_key == "text_language" else record.get(language_key)
    return carried if isinstance(carried, (str, dict)) else ""


def _record_language(value: dict, record_language: str | dict) -> str | dict:
    """The languages of the texts of the record ``value`` (and of the records it holds):
    its ``text_language``; with ``text_languages`` (the plan's), a dict: a text's language
    by its words (under the key "", the language of the texts it does not name)."""
    if isinstance(value.get("text_language"), str):
        record_language = value["text_language"]  # (a consent's: it holds no free text)
    if isinstance(value.get("text_languages"), dict):
        fallback = (record_language.get("", "") if isinstance(record_language, dict)
                    else record_language)
        record_language = {**recorded_languages(value), "": fallback}
    return record_language


def _by_words(languages: dict, text: Any) -> str:
    """The language of ``text`` in a record's languages by words (:func:`_record_language`)."""
    words = text.strip() if isinstance(text, str) else ""
    return languages.get(words, languages.get("", "")) if words else languages.get("", "")


def _flatten(value: Any, trail: tuple = (), key: str = "", parent: str = "",
             language: str | dict | None = None, record_language: str | dict = ""
             ) -> list[list[Any]]:
    """Readable ``[where, value]`` rows of nested plain data: each key in words, each
    coded value as its label, each free text as typed with the language the content says
    it was typed in (``language``; None: not a free text; ``record_language``: the
    ``text_language`` of the record it sits in); keys that only link records, or say a
    text's language, are left out."""
    if isinstance(value, dict) and key == "texts":  # the plan's texts in two languages
        return [[Trail(trail), Pair(source, written)] for source, written in value.items()
                if written]
    if isinstance(value, dict):
        if language is None:
            record_language = _record_language(value, record_language)
        lines: list[list[Any]] = []
        for name in sorted(value):
            # a change of a referral's state: who made it is a staff account (the copy
            # names staff by role only, in who used the record), or the office's answer
            if name in _SKIPPED or (name == "by" and key == "history"):
                continue
            lines += _flatten(value[name], (*trail, _label(name, key)), name, key,
                              _typed_in(value, name, key, record_language, language),
                              record_language)
        return lines
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            items = [_words(key, v, parent) for v in value if v not in (None, "")]
            return [[Trail(trail), items]] if items else []
        lines = []
        for i, item in enumerate(value, 1):
            lines += _flatten(item, (*trail, i), key, parent, language, record_language)
        return lines
    if value is None or value == "" or (value is False and key != "reception_done"):
        return []
    words = _words(key, value, parent)
    if isinstance(language, str) and type(words) is str:  # typed, not a label of a code
        words = typed(words, language)
    return [[Trail(trail), words]]


def _category(key: str):
    """A category of data shared or withheld, in words (one this copy has no label for:
    :func:`unnamed`)."""
    from counsel_app.documents.receipt_pdf import CATEGORY_LABELS

    return Msg(CATEGORY_LABELS[key]) if key in CATEGORY_LABELS else unnamed(key)


def _plan_actions(ctx, case_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """The actions of the case's plan here (key -> text), and the language each was typed
    in as this station recorded it (key -> language; none when it has no plan of its own:
    the actions are then a received plan's)."""
    from counsel_app.followup.service import FollowupService
    from counsel_app.plan.model import text_typed_in
    from counsel_app.plan.store import PlanRepository
    from counsel_app.storage.cases import CaseRepository

    case = CaseRepository.get(ctx.cases, case_id)  # no second audit entry
    plan = PlanRepository(ctx.db, ctx.vault.cipher).find(case.reference)
    actions = dict(FollowupService(ctx).plan_actions(case))
    return actions, ({key: text_typed_in(plan, text) for key, text in actions.items()}
                     if plan is not None else {})


def handover_sections(ctx, case_id: int) -> list[Section]:
    from counsel_app.handover.records import packages_for_case

    if not case_reference(ctx, case_id):
        return []
    packages = packages_for_case(ctx, case_id)
    if not packages:
        return []
    from counsel_app.handover.models import TrustedKeyRow

    with ctx.db.read_session() as session:
        names = dict(session.execute(select(TrustedKeyRow.fingerprint, TrustedKeyRow.name)).all())
    rows, sections = [], []
    actions: tuple[dict[str, str], dict[str, str]] | None = None
    for p in packages:
        content = p["content"] or {}
        sent = p["direction"] == "sent"
        office = dict((content.get("recipient") if sent else content.get("sender")) or {})
        # by its name (the package's, else the trusted key's), else in words: never its key
        who = office_name(office.get("name") or names.get(p["peer"], ""), p["peer"])
        rows.append([p["created_at"], Msg(D_("Sent to") if sent else D_("Sent by")), who])
        carried = {k: v for k, v in content.items() if k not in _NON_PERSONAL and k != "case"}
        if isinstance(carried.get("actions"), list):  # an answer: each action by its text
            if actions is None:
                actions = _plan_actions(ctx, case_id)
            # an action the office added: its text as the office sent it, in the language
            # the office recorded with it (none carried: no mark); one of the plan here: in
            # the language recorded with this plan
            carried["actions"] = [
                {"what": a.get("text") or actions[0].get(str(a.get("key")), ""),
                 "text_language": (_carried(a.get("text_language")) if a.get("text")
                                   else actions[1].get(str(a.get("key")), "")),
                 "status": a.get("status")} if isinstance(a, dict) else a
                for a in carried["actions"]]
        sections.append(Section(D_("Package"), [
            (D_("Package"), p["package_id"]),
            (D_("Made on"), p["created_at"]),
            (D_("Sent to") if sent else D_("Sent by"), who),
            (D_("Sent: only what the person consented to share with this office"),
             [_category(c) for c in content.get("shared") or []]),
            (D_("Not sent: no consent in force, or never shared"),
             [_category(c) for c in content.get("withheld") or []]),
        ]))
        lines = _flatten(carried) if not sent else []
        if lines:  # what a received package or acknowledgement carried, as kept here
            sections.append(Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                                    table_rows=lines))
    return [Section(D_("Handover packages"), table_header=(D_("Date"), D_("Kind"),
                                                           D_("Organisation")),
                    table_rows=rows), *sections]


# -- retention ------------------------------------------------------------------------------

def _stub(ctx, row: HandoverPackageRow, *, keep_case: bool) -> None:
    from counsel_app.handover.records import content_aad

    cipher = ctx.vault.cipher
    content = cipher.decrypt_json(row.content_enc, content_aad(row.package_id))
    if keep_case and row.kind == "handover":
        kept = {k: content[k] for k in _NON_PERSONAL if k in content}
        kept["case"] = {k: (content.get("case") or {}).get(k) for k in _CASE_STATS}
    else:
        kept = {"package_id": row.package_id, "kind": row.kind}
    kept["anonymised" if keep_case else "erased"] = True
    row.content_enc = cipher.encrypt_json(kept, content_aad(row.package_id))
    if not keep_case:
        row.case_id = None
        row.remote_reference = ""


def _anonymise(session, case_id: int, ctx) -> None:
    for row in session.scalars(select(HandoverPackageRow)
                               .where(HandoverPackageRow.case_id == case_id)):
        _stub(ctx, row, keep_case=True)
    session.flush()


def _erase(session, case_id: int, ctx) -> None:
    for row in session.scalars(select(HandoverPackageRow)
                               .where(HandoverPackageRow.case_id == case_id)):
        _stub(ctx, row, keep_case=False)
    session.flush()


register_subject_access(handover_sections, "handover")
register_case_data_handler("handover_packages", CaseDataHandler(_anonymise, _erase))
