"""What someone typed, in a package received, on the person's copy of their data: each
text as typed, with the language it was typed in where the package carries it; a text
whose language it does not carry (a package made before) with no mark, never taken for
the office's own writing; the keys that say a text's language never printed as fields."""

from __future__ import annotations

import re

from counsel_app.handover.ack import export_ack
from counsel_app.handover.package import export_handover, import_package
from counsel_app.i18n import D_, set_interface_language
from counsel_app.plan.store import PlanRepository
from counsel_app.security.subject_access import Section, render_pdf, write_subject_access
from counsel_app.session.store import SessionStore
from tests.documents.helpers import poppler_text
from tests.handover.helpers import (
    MEDICAL_DETAIL,
    PLAN_ACTIONS,
    consented_case,
    consents,
    pair,
    sources_for,
)

SKILLS_FR = "couture, 6 ans"
NEEDS_FR = "une machine à coudre"
HEALTH_FR = "diabète, insuline chaque jour"
#: what a key saying a text's language would print as, were it printed as a field
LANGUAGE_FIELDS = ("Skills language", "Needs language", "Dimension notes language",
                   "Flag notes language", "Flags language", "Text language", "Note language",
                   "_language")


def _copy(ctx, case_id: int, lang: str, tmp_path) -> str:
    out = write_subject_access(ctx, case_id, tmp_path / f"copy-{lang}.pdf", lang=lang)
    return re.sub(r"\s+", " ", poppler_text(out.read_bytes(), tmp_path))


def _typed_in_french(sender, case) -> None:
    """The sending counsellor, working in French, writes the plan, the skills and needs
    and the health flag's note."""
    ctx = sender.ctx
    repo = PlanRepository(ctx.db, ctx.vault.cipher)
    plan = repo.find(case.reference)
    plan.text_language = "fr"
    repo.save(plan, user="admin")
    store = SessionStore(ctx.db, ctx.vault.cipher)
    set_interface_language("fr")
    try:
        record = store.load(case.id, case.reference)
        record.assessment.skills, record.assessment.needs = SKILLS_FR, NEEDS_FR
        store.save_part(record, "assessment")
        record.screening.set_flag("health", True, HEALTH_FR)
        store.save_part(record, "screening")
    finally:
        set_interface_language("en")


def _handed_over(tmp_path, *, reception: bool = False):
    """With ``reception``: the travel record asks the office for a reception on arrival."""
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    _typed_in_french(sender, case)
    if reception:
        from counsel_app.travel.service import TravelService

        travel = TravelService(sender.ctx)
        record = travel.record(case)
        record.reception.met_by = "the office"
        travel.save(case, record)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp, health=True)), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    return sender, office, case, office.ctx.cases.get_by_reference(local)


def test_texts_typed_in_french_at_the_sender_say_so_on_the_offices_english_copy(tmp_path):
    """The sending counsellor typed the plan, the skills and needs and a health note from
    a French screen; the office prints the person's copy in English: what the package
    carried printed them as plain values, as if typed in the copy's language. Now each says
    "(written in French)", the plan's texts filed under health too, and no key saying a
    text's language is printed as a field."""
    _sender, office, _case, received = _handed_over(tmp_path)
    en = _copy(office.ctx, received.id, "en", tmp_path)
    # (the session's notes and the plan's health lines are only in the package received)
    for text in (SKILLS_FR, NEEDS_FR, HEALTH_FR, MEDICAL_DETAIL):
        assert f"{text} (written in French)" in en, text
    # the plan's texts: in the office's plan (copied from the package) and in the package
    assert en.count("Open a tailoring workshop (written in French)") == 2
    assert en.count(f"{PLAN_ACTIONS[0]} (written in French)") == 2
    assert "written in English" not in en
    for field in LANGUAGE_FIELDS:
        assert field not in en, field
    fr = _copy(office.ctx, received.id, "fr", tmp_path)
    assert SKILLS_FR in fr and f"{SKILLS_FR} (écrit" not in fr


def test_a_package_made_before_languages_travelled_marks_none_of_its_texts(tmp_path):
    """A package made before: its texts carry no language. They were typed at the sending
    station, not in the office's own language: printed with no mark, whatever the language
    the office's counsellor works in; a text that does carry its language is marked by it."""
    from counsel_app.handover.privacy import _flatten

    old = {"data": {
        "plan": {"summary": {"economic": "Atelier de couture"}, "notes": "Rappeler.",
                 "goals": [{"goal": "Atelier", "actions": [{"who": "Awa",
                                                           "what": "Acheter une machine"}]}],
                 "tracked_referrals": [{"note": "Urgent.", "service": "médiation",
                                        "note_language": "fr"}]},
        "assessments": {"skills": "couture", "flag_notes": {"child": "avec sa tante"}},
        "health": {"flags": {"health": "diabète"},
                   "travel": {"fitness": {"note": "insuline"}}}}}
    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")))
    set_interface_language("fr")  # the office's counsellor works in French
    try:
        section.table_rows = _flatten(old)
        text = re.sub(r"\s+", " ", poppler_text(
            render_pdf([section], reference="TN-2026-00001", lang="en", is_sample=False),
            tmp_path))
    finally:
        set_interface_language("en")
    assert "Urgent. (written in French)" in text
    assert text.count("(written in") == 1
    for typed in ("Atelier de couture", "Rappeler.", "Acheter une machine", "couture",
                  "avec sa tante", "diabète", "insuline", "médiation"):
        assert typed in text, typed
    assert "Note language" not in text


def test_the_senders_copy_marks_its_own_plan_actions_in_an_answer_by_the_plans_language(
        tmp_path):
    """An office's answer names each action of the sender's plan by its key; the sender's
    copy prints each by its text in the plan here, which was typed in French: marked so, as
    in the plan's own part of the copy."""
    sender, office, case, received = _handed_over(tmp_path)
    export_ack(office.ctx, received.reference, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    en = _copy(sender.ctx, case.id, "en", tmp_path)
    # the plan's part, and the answer's progress of the same action
    assert en.count(f"{PLAN_ACTIONS[1]} (written in French)") == 2
    assert "Text language" not in en


#: what the office's caseworker, working in English, types: the reception answer's note
#: and an action added to the (French) plan it received
ANSWER_EN = "We meet her at the airport."
ADDED_EN = "Open a bank account"


def _office_answers_in_english(office, received) -> None:
    from counsel_app.plan.model import Action
    from counsel_app.plan.service import PlanService
    from counsel_app.travel.service import TravelService

    TravelService(office.ctx).answer_reception(received.reference, "confirmed",
                                               note=ANSWER_EN)
    plans = PlanService(office.ctx)
    plan = plans.get(received.reference)
    plan.goals[0].actions.append(Action("caseworker", ADDED_EN))
    plans.save(plan)


def test_texts_the_office_typed_travel_back_with_their_language(tmp_path):
    """The office works in English on a plan typed in French: its answer's note and the
    action it added are English, on the sender's copy (from the acknowledgement) and on
    the office's own (the added action not taken for the plan's French); saved again
    unchanged from a French screen, they stay English."""
    from counsel_app.plan.service import PlanService

    sender, office, case, received = _handed_over(tmp_path, reception=True)
    _office_answers_in_english(office, received)
    set_interface_language("fr")
    try:  # saved again as they were, from French: still the English typed before
        plans = PlanService(office.ctx)
        plans.save(plans.get(received.reference))
        export_ack(office.ctx, received.reference, tmp_path / "ack.cahp")
    finally:
        set_interface_language("en")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    at_sender = _copy(sender.ctx, case.id, "fr", tmp_path)
    assert f"{ANSWER_EN} (écrit en anglais)" in at_sender
    assert f"{ADDED_EN} (écrit en anglais)" in at_sender
    assert "Note language" not in at_sender and "Text language" not in at_sender
    at_office = _copy(office.ctx, received.id, "fr", tmp_path)
    assert f"{ANSWER_EN} (écrit en anglais)" in at_office
    assert f"{ADDED_EN} (écrit en anglais)" in at_office
    assert f"{ADDED_EN} (écrit en français)" not in at_office


def test_an_acknowledgement_made_before_marks_none_of_the_offices_texts(tmp_path):
    """An acknowledgement from a station that did not carry the languages is accepted as
    ever, and its texts the office typed print with no mark at the sender (not taken for
    the language of the sender's screen: English here); the next one, which carries them,
    marks the same texts English on a French copy."""
    from counsel_app.handover import ack as ack_module

    sender, office, case, received = _handed_over(tmp_path, reception=True)
    _office_answers_in_english(office, received)
    made = ack_module.ack_content

    def made_before(ctx, reference):
        content, row = made(ctx, reference)
        content["reception"].pop("note_language", None)
        for action in content["actions"]:
            action.pop("text_language", None)
        return content, row

    import unittest.mock

    with unittest.mock.patch.object(ack_module, "ack_content", made_before):
        export_ack(office.ctx, received.reference, tmp_path / "old.cahp")
    import_package(sender.ctx, tmp_path / "old.cahp")
    export_ack(office.ctx, received.reference, tmp_path / "new.cahp")
    import_package(sender.ctx, tmp_path / "new.cahp")
    fr = _copy(sender.ctx, case.id, "fr", tmp_path)
    for text in (ANSWER_EN, ADDED_EN):
        assert fr.count(text) == 2, text  # once in each answer
        assert fr.count(f"{text} (écrit en anglais)") == 1, text

EN_GOAL, FR_GOAL = "Workshop", "Suivre une formation en couture"
OFFICE_GOAL = "Trouver un local à Kindia"


def _plan_in_two_languages(sender, case) -> None:
    """The sending counsellor's plan (typed under English), then a goal added in another
    sitting under French."""
    from counsel_app.plan.model import Goal
    from counsel_app.plan.service import PlanService

    service = PlanService(sender.ctx)
    for lang, change in (("en", lambda plan: None),
                         ("fr", lambda plan: plan.goals.append(Goal(FR_GOAL)))):
        set_interface_language(lang)
        try:
            plan = service.get(case.reference)
            change(plan)
            service.save(plan)
        finally:
            set_interface_language("en")


def test_a_plan_typed_in_two_languages_keeps_both_marks_at_the_office(tmp_path):
    """A plan whose goals were typed in English and in French crosses the handover: at the
    office, the plan it prints and the person's copy mark each goal by its own language;
    the office then refines the plan in French and its goal is French too, the sender's
    English goal still English."""
    from counsel_app.plan.model import Goal
    from counsel_app.plan.service import PlanService
    from tests.documents.helpers import flat

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    _plan_in_two_languages(sender, case)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp, health=True)), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    received = office.ctx.cases.get_by_reference(local)
    plans = PlanService(office.ctx)
    fr = flat(plans.render_pdf(local, "fr"))
    assert f"{EN_GOAL} (écrit en anglais)" in fr and f"{FR_GOAL} (écrit" not in fr
    en = flat(plans.render_pdf(local, "en"))
    assert f"{FR_GOAL} (written in French)" in en and f"{EN_GOAL} (written" not in en
    # the person's copy at the office: the office's plan and the package received
    copy = _copy(office.ctx, received.id, "en", tmp_path)
    assert copy.count(f"{FR_GOAL} (written in French)") == 2
    assert f"{EN_GOAL} (written" not in copy and "Text languages" not in copy
    assert f"{MEDICAL_DETAIL} (écrit en anglais)" in _copy(office.ctx, received.id, "fr",
                                                             tmp_path)
    # the office's caseworker refines the plan in French
    set_interface_language("fr")
    try:
        plan = plans.get(local)
        plan.goals.append(Goal(OFFICE_GOAL))
        plans.save(plan)
    finally:
        set_interface_language("en")
    en = flat(plans.render_pdf(local, "en"))
    assert f"{OFFICE_GOAL} (written in French)" in en and f"{EN_GOAL} (written" not in en


def test_the_language_of_a_health_text_travels_only_with_the_health_part(tmp_path):
    """The plan's languages by text name its texts' words: a health text's (the medical
    assistance's details) goes with the health part, never in the plan's part that an
    office without the health consent receives; with it, its mark is there."""
    import json

    from counsel_app.plan.service import PlanService

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    _plan_in_two_languages(sender, case)
    service = PlanService(sender.ctx)  # the medical details written again (in English)
    plan = service.get(case.reference)
    plan.assistance[1].details = "insulin every month, from the clinic"
    service.save(plan)
    assert "insulin every month, from the clinic" in service.get(case.reference).text_languages
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp, health=False)), receipt_pdf=False)
    imported = import_package(office.ctx, tmp_path / "p.cahp")
    assert "insulin every month" not in json.dumps(imported.content, ensure_ascii=False)
    assert imported.content["data"]["plan"]["text_languages"][FR_GOAL] == "fr"


ROUTE_EN, ROOM_FR = "Conakry airport, arrivals hall", "Centre de transit, trois nuits"
FITNESS_FR = "asthme sévère, inhalateur à portée de main"


def _travel_in_two_languages(sender, case) -> None:
    """The sending counsellor types the reception asked for under English, then in another
    sitting under French where the person sleeps first and a note on fitness to travel
    (health data)."""
    from counsel_app.travel.service import TravelService

    travel = TravelService(sender.ctx)

    def reception(record) -> None:
        record.reception.met_by = "the office"
        record.reception.meeting_point = ROUTE_EN

    def in_french(record) -> None:
        record.reception.accommodation = ROOM_FR
        record.fitness.note = FITNESS_FR

    for lang, change in (("en", reception), ("fr", in_french)):
        set_interface_language(lang)
        try:
            record = travel.record(case)
            change(record)
            travel.save(case, record)
        finally:
            set_interface_language("en")


def test_travel_texts_typed_in_two_languages_keep_both_marks_at_the_office(tmp_path):
    """The travel part of a package carries each text's language: at the office, the
    person's copy marks the English meeting point in French and the French accommodation
    and fitness note in English, each by its own language, not all by the first save's."""
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    _travel_in_two_languages(sender, case)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp, health=True)), receipt_pdf=False)
    imported = import_package(office.ctx, tmp_path / "p.cahp")
    data = imported.content["data"]  # the fitness note's language: in the health part only
    assert data["health"]["travel"]["text_languages"] == {FITNESS_FR: "fr"}
    assert FITNESS_FR not in data["travel"]["text_languages"]
    received = office.ctx.cases.get_by_reference(imported.local_reference)
    fr = _copy(office.ctx, received.id, "fr", tmp_path)
    assert f"{ROUTE_EN} (écrit en anglais)" in fr
    assert ROOM_FR in fr and f"{ROOM_FR} (écrit" not in fr
    assert FITNESS_FR in fr and f"{FITNESS_FR} (écrit" not in fr
    en = _copy(office.ctx, received.id, "en", tmp_path)
    assert f"{ROOM_FR} (written in French)" in en and f"{FITNESS_FR} (written in French)" in en
    assert f"{ROUTE_EN} (written" not in en
    assert "Text languages" not in en


def test_the_language_of_a_travel_health_text_travels_only_with_the_health_part(tmp_path):
    """The travel record's languages by text name its texts' words: the fitness note's
    goes with the health part, never in the travel part that an office without the health
    consent receives (with it, the health part names it: the test above)."""
    import json

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    _travel_in_two_languages(sender, case)
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp, health=False)), receipt_pdf=False)
    imported = import_package(office.ctx, tmp_path / "p.cahp")
    assert "asthme" not in json.dumps(imported.content, ensure_ascii=False)
    assert imported.content["data"]["travel"]["text_languages"] == {ROUTE_EN: "en",
                                                                    ROOM_FR: "fr"}
