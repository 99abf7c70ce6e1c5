"""The follow-up survey as an XLSForm, for phones running KoboToolbox or ODK Collect in the
field (Qt-free).

The form carries no personal data and no case list: the caseworker types the case
reference and its check number (both on the printed visit sheet; the check number catches a
mistyped reference, see :func:`counsel_app.domain.reference.check_number`), the visit's
date, type, who was present and a note, the 15 indicators of the sustainability survey
(each may be left unanswered: a phone check-in asks only some), and, as repeats, the plan
actions and referrals talked about with their status. Submissions come back as the export of
KoboToolbox or ODK Central and are read by the submissions import.

Labels are written in every interface language whose catalog has *all* the form's strings
(``label::French (fr)`` ...); a language that lacks any of them gets no column rather than a
form that is half English.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from counsel_app.i18n import INTERFACE_LANGUAGES, N_, translator
from counsel_app.followup.rss import INDICATORS, SCALE
from counsel_app.followup.service import ACTION_STATUSES, VISIT_TYPES
from counsel_app.partners.referrals import OUTCOME_LABELS
from counsel_app.session.assessment import DIMENSIONS

FORM_ID = "counsel_app_followup"
#: bump when the form's questions change (submissions say which version they answered)
FORM_VERSION = "2026120502"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}

TITLE = N_("Reintegration follow-up visit")
SCORES = {1: N_("1 – very poor"), 2: N_("2 – poor"), 3: N_("3 – fair"), 4: N_("4 – good"),
          5: N_("5 – very good")}
#: where a referral stands, as the caseworker reports it: sent or accepted, or how it ended
#: (an outcome says both the state, done or rejected, and what came of it)
REFERRAL_STATUSES = {"sent": N_("Sent"), "accepted": N_("Accepted"), **OUTCOME_LABELS}
QUESTIONS = {
    "reference": N_("Case reference (as on the visit sheet, e.g. AVRR-2026-000123)"),
    "check": N_("Check number (two digits, beside the reference on the visit sheet)"),
    "visit_date": N_("Date of the visit"),
    "visit_type": N_("How the visit took place"),
    "people_present": N_("Who was present (roles, not names: the returnee, a parent...)"),
    "scores": N_("Survey: answer what was asked; leave the rest empty"),
    "actions": N_("Plan actions talked about"),
    "action_key": N_("Action number (on the visit sheet)"),
    "action_status": N_("Status of the action"),
    "action_note": N_("Outcome or note"),
    "referrals": N_("Referrals talked about"),
    "referral_key": N_("Referral number (on the visit sheet)"),
    "referral_status": N_("Status of the referral"),
    "note": N_("Note on the visit (no names of other people)"),
}
REFERENCE_PATTERN = "^AVRR-[0-9]{4}-[0-9]{6}$"


def form_strings() -> list[str]:
    """Every text the form shows (for the language check and the catalogs)."""
    return [TITLE, *VISIT_TYPES.values(), *SCORES.values(), *ACTION_STATUSES.values(),
            *REFERRAL_STATUSES.values(), *QUESTIONS.values(), *DIMENSIONS.values(),
            *(i.label for i in INDICATORS)]


def form_languages() -> list[str]:
    """English and every interface language whose catalog has every string of the form."""
    strings = form_strings()
    return ["en"] + [lang for lang in INTERFACE_LANGUAGES if lang != "en"
                     and all(translator(lang).has(s) for s in strings)]


@dataclass
class XLSForm:
    survey: list[dict]
    choices: list[dict]
    settings: dict
    languages: list[str]


def _labels(message: str, languages: list[str]) -> dict[str, str]:
    return {f"label::{LANGUAGE_NAMES[lang]} ({lang})": translator(lang).gettext(message)
            for lang in languages}


def build_form(languages: list[str] | None = None) -> XLSForm:
    langs = languages or form_languages()
    survey: list[dict] = []
    choices: list[dict] = []

    def q(kind: str, name: str, message: str, **extra) -> None:
        survey.append({"type": kind, "name": name, **_labels(message, langs), **extra})

    def choice_list(list_name: str, options: dict) -> None:
        for value, message in options.items():
            choices.append({"list_name": list_name, "name": str(value), **_labels(message, langs)})

    q("text", "reference", QUESTIONS["reference"], required="yes",
      constraint=f"regex(., '{REFERENCE_PATTERN}')")
    q("integer", "check", QUESTIONS["check"], required="yes",
      constraint=". >= 0 and . <= 99")
    q("date", "visit_date", QUESTIONS["visit_date"], required="yes", default="today()",
      constraint=". <= today()")
    q("select_one visit_type", "visit_type", QUESTIONS["visit_type"], required="yes")
    q("text", "people_present", QUESTIONS["people_present"])
    survey.append({"type": "begin_group", "name": "scores", **_labels(QUESTIONS["scores"], langs)})
    for dimension, title in DIMENSIONS.items():
        survey.append({"type": "begin_group", "name": f"dim_{dimension}", **_labels(title, langs)})
        for indicator in (i for i in INDICATORS if i.dimension == dimension):
            q("select_one score", indicator.key, indicator.label)
        survey.append({"type": "end_group", "name": f"dim_{dimension}"})
    survey.append({"type": "end_group", "name": "scores"})
    survey.append({"type": "begin_repeat", "name": "actions", **_labels(QUESTIONS["actions"], langs)})
    q("integer", "action_key", QUESTIONS["action_key"], required="yes", constraint=". >= 1")
    q("select_one action_status", "action_status", QUESTIONS["action_status"], required="yes")
    q("text", "action_note", QUESTIONS["action_note"])
    survey.append({"type": "end_repeat", "name": "actions"})
    survey.append({"type": "begin_repeat", "name": "referrals",
                   **_labels(QUESTIONS["referrals"], langs)})
    q("integer", "referral_key", QUESTIONS["referral_key"], required="yes",
      constraint=". >= 1")
    q("select_one referral_status", "referral_status", QUESTIONS["referral_status"], required="yes")
    survey.append({"type": "end_repeat", "name": "referrals"})
    q("text", "note", QUESTIONS["note"], appearance="multiline")
    survey.append({"type": "start", "name": "started"})
    survey.append({"type": "end", "name": "ended"})
    choice_list("visit_type", VISIT_TYPES)
    low, high = SCALE
    choice_list("score", {k: v for k, v in SCORES.items() if low <= k <= high})
    choice_list("action_status", ACTION_STATUSES)
    choice_list("referral_status", REFERRAL_STATUSES)
    settings = {"form_title": translator("en").gettext(TITLE), "form_id": FORM_ID,
                "version": FORM_VERSION,
                "default_language": f"{LANGUAGE_NAMES['en']} (en)"}
    return XLSForm(survey, choices, settings, langs)


def write_xlsform(path: str | Path, languages: list[str] | None = None) -> XLSForm:
    """Write the form as an .xlsx XLSForm (survey, choices, settings) to ``path``."""
    from openpyxl import Workbook

    from country_info.files import write_atomically

    form = build_form(languages)
    book = Workbook()
    sheets = (("survey", form.survey), ("choices", form.choices), ("settings", [form.settings]))
    first = True
    for name, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = name
        columns: list[str] = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(Path(path), buffer.getvalue(), private=False)
    return form
