"""Questions the library cannot answer, for the office in the country of origin.

A counsellor records a question about a country (region, topic, the question's text); the
text must hold **no personal data**: :func:`personal_data_in` refuses phone numbers, e-mail
addresses, dates (of birth or any other), case references, names the caller knows (the
person and family of the open case) and phrases that introduce a name. Questions are kept
in the app's database (``counsel_app.questions``: the text encrypted, since a name the
checks cannot recognise may still slip in).

The office answers in a signed pack: an item whose ``answers`` lists the question's id
(``Q-IQ-7F3K2A``). Whether a question is answered is read from the library, never stored:
a question is answered when an imported item names it.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from country_info.errors import PackError
from country_info.i18n import _
from country_info.model import SECTIONS

QUESTION_ID = re.compile(r"^Q-[A-Z0-9]{2}-[A-Z0-9]{4,12}$")
MAX_TEXT = 2000
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I

_PHONE = re.compile(r"(?<![\w/.-])(?:\+|00)?\d[\d ().-]{6,}\d(?![\w/-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_DATE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2})\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|"
    r"juil|août|aout|sept|déc|ene|abr|ago|dic)[a-zé]*\.?\s+\d{4}\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b[A-Z]{2,5}-\d{4}-\d{3,6}\b")
_NAME_CUES = re.compile(
    r"\b(?:mr|mrs|ms|miss|mister|madam|m\.|mme|mlle|monsieur|madame|sr|sra|señor|señora|"
    r"named|called|name is|nommée?|appelée?|s'appelle|s’appelle|llamad[oa]|se llama)\s+[A-ZÀ-Ý][\w'’-]+",
    re.IGNORECASE)
_BIRTH = re.compile(r"\b(?:born|date of birth|dob|né|née|naissance|nacid[oa]|fecha de nacimiento)\b",
                    re.IGNORECASE)


def personal_data_in(text: str, known_names: tuple[str, ...] = ()) -> list[str]:
    """What in ``text`` looks like personal data, as short translated reasons (empty: none)."""
    found = []
    if _PHONE.search(text):
        found.append(_("a phone number"))
    if _EMAIL.search(text):
        found.append(_("an e-mail address"))
    if _DATE.search(text) or _BIRTH.search(text):
        found.append(_("a date (of birth?)"))
    if _REFERENCE.search(text):
        found.append(_("a case reference"))
    folded = text.casefold()
    for name in known_names:
        for part in (p for p in re.split(r"\s+", name.strip()) if len(p) >= 3):
            if re.search(rf"(?<!\w){re.escape(part.casefold())}(?!\w)", folded):
                found.append(_("the person's name"))
                break
        else:
            continue
        break
    if _NAME_CUES.search(text):
        found.append(_("a name"))
    return found


@dataclass
class Question:
    id: str
    country: str
    region: str
    topic: str                 # a section name
    text: str
    asked: str                 # YYYY-MM-DD
    asked_by: str = ""         # the account that recorded it (a user name, not the person)
    sent: list[str] = field(default_factory=list)  # dates it left in a sealed package

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class QuestionStatus:
    question: Question
    answers: tuple[str, ...]   # entry keys of the items that answer it

    @property
    def answered(self) -> bool:
        return bool(self.answers)


def new_id(country: str) -> str:
    return f"Q-{country}-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def check_question(country: str, topic: str, text: str, *, region: str = "",
                   known_names: tuple[str, ...] = ()) -> tuple[str, str, str, str]:
    """The question's (country, region, topic, text) made tidy, or a :class:`PackError` in
    one sentence: an unknown country or region, a topic that is not a section, an empty or
    too long text, or personal data in it."""
    from country_info.validate import known_country, known_region

    country = (country or "").strip().upper()
    if not known_country(country):
        raise PackError(_("unknown country code “{code}” (use ISO 3166 codes such as GN, IQ).")
                        .format(code=country))
    region = (region or "").strip().upper()
    if region and not known_region(country, region):
        raise PackError(_("“{region}” is not a region of {country}.").format(region=region, country=country))
    if topic not in SECTIONS:
        raise PackError(_("“{value}” is not a section; sections are: {names}.").format(
            value=topic, names=", ".join(SECTIONS)))
    text = (text or "").strip()
    if not text:
        raise PackError(_("The question is empty."))
    if len(text) > MAX_TEXT:
        raise PackError(_("The question is too long (at most {count} characters).").format(count=MAX_TEXT))
    found = personal_data_in(text, known_names)
    if found:
        raise PackError(_("The question seems to contain personal data ({what}); ask it without "
                          "anything that identifies the person.").format(what=", ".join(found)))
    return country, region, topic, text


def answers_in(library) -> dict[str, list[str]]:
    """Question id -> entry keys (``pack:item``) of the imported items that answer it."""
    answers: dict[str, list[str]] = {}
    for pack in library.curated_packs():
        for item in pack.items():
            for qid in item.answers:
                answers.setdefault(qid, []).append(f"{pack.pack_id}:{item.id}")
    return answers


def statuses(questions: list[Question], library, *, country: str | None = None) -> list[QuestionStatus]:
    """Every question (of ``country``) with the imported items that answer it: open ones
    first per country, then by date."""
    answers = answers_in(library)
    out = [QuestionStatus(q, tuple(answers.get(q.id, ()))) for q in questions
           if not country or q.country == country.upper()]
    return sorted(out, key=lambda s: (s.question.country, s.answered, s.question.asked, s.question.id))


def read_questions_file(path: Path) -> list[Question]:
    """The questions of the file earlier versions kept (``questions.json`` in the data
    folder); the app moves them into its database (``counsel_app.questions``)."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        return [Question(**q) for q in data.get("questions", [])]
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise PackError(_("the questions file cannot be read ({problem}).").format(problem=exc),
                        source=str(path)) from None


def package_body(questions: list[Question]) -> bytes:
    """What travels (sealed) to the office: the questions, no personal data."""
    return json.dumps({"format": "counsel-app-questions", "version": 1,
                       "questions": [{k: v for k, v in q.as_dict().items() if k not in ("asked_by", "sent")}
                                     for q in questions]}, ensure_ascii=False, indent=1).encode("utf-8")


def read_package_body(data: bytes) -> list[Question]:
    try:
        body = json.loads(data.decode("utf-8"))
        if body.get("format") != "counsel-app-questions":
            raise ValueError
        return [Question(**q) for q in body["questions"]]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise PackError(_("the package does not hold questions.")) from None
