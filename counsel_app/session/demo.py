"""The counselling session of the headless demo, recorded the way a counsellor records it:
the session is opened (the case enters counselling), the screening's flags are set and
each required next step ticked off with a note, topics are covered, the baseline scored,
the three voluntariness elements assessed, and the decision recorded through the same
service the decision screen calls. Nothing is set behind the rules' back.
"""

from __future__ import annotations

from pathlib import Path

from counsel_app.domain.enums import Decision
from counsel_app.session.decision import assess_element, record_decision, start_counselling
from counsel_app.session.screening import Flag

#: what the sample counsellor noted for each element (SAMPLE text, as typed in the app)
ELEMENT_NOTES = {
    "freedom_of_choice": "SAMPLE: she asked for return herself; no detention, no pressure.",
    "informed_decision": "SAMPLE: return process, help at home and the situation in "
                         "Conakry explained in Pular with the interpreter; she explained "
                         "it back.",
    "legal_capacity": "SAMPLE: adult, decides for herself and her son.",
}
#: the sample screening: flag -> note; each required step done with a note
FLAGS = {Flag.SINGLE_PARENT: "SAMPLE: travels with her son (4).",
         Flag.DISTRESS: "SAMPLE: stranded in Tunis without means for three months."}
STEP_NOTES = {
    "childcare_plan": "SAMPLE: school for her son is in the plan.",
    "immediate_assistance": "SAMPLE: shelter and meals at the reception centre.",
}
TOPICS = ("return_process", "voluntariness", "alternatives", "travel_documents", "travel",
          "reintegration_support", "housing", "education", "data_protection")


def counsel_sample_session(ctx, case, out_dir: Path) -> list[Path]:
    from counsel_app.security.scoped import ScopedSessionStore

    case = start_counselling(ctx, case)
    store = ScopedSessionStore(ctx)
    record = store.load(case.id, case.reference)
    screening = record.screening
    for flag, note in FLAGS.items():
        screening.set_flag(flag, True, note)
    for step in screening.required():
        screening.mark_step(step.key, True)
        screening.steps[step.key].note = STEP_NOTES.get(step.key, "SAMPLE: done.")
    for topic in TOPICS:
        record.information.cover(topic, True)
    record.assessment.scores.update({"income": 1, "work": 2, "food": 3, "housing": 2,
                                     "networks": 4, "safety": 3})
    record.assessment.skills = "SAMPLE: hairdresser for five years; sewing; reads French."
    record.assessment.needs = "SAMPLE: a start-up kit for a salon; school for her son."
    for key, note in ELEMENT_NOTES.items():
        assess_element(record, key, True, note)
    for part in ("screening", "information", "assessment"):
        store.save_part(record, part)
    record_decision(ctx, case, Decision.RETURN, counsellor=ctx.user,
                    note="SAMPLE: wants to open a hair salon in Conakry.", record=record,
                    store=store)
    return []
