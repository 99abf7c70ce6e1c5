"""The intake as a use-case (Qt-free): what the intake screen, a script or a test types in,
checked by the domain's own rules and copied into the case.

    form = IntakeForm(name_latin="Mariama Sow", phone="+224 620 00 00 00", ...)
    problems = apply_intake(case, form)    # [ValidationError(field="person.phone"), ...]

Every value that is valid goes into the case at once (the screen saves as the counsellor
types); a value that is not keeps the case's last valid one and comes back as a problem
naming its field, so the screen can show it beside the field. The rules are the case's
own (:meth:`counsel_app.domain.case.Case.validate`, :func:`~counsel_app.domain.case.phone_problem`):
there is one phone rule, not a copy per screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counsel_app.domain.case import Case, Interpreter, phone_problem
from counsel_app.domain.enums import ReasonCategory, Sex
from counsel_app.errors import ValidationError
from counsel_app.i18n import _


@dataclass
class IntakeForm:
    """What the intake asks, as typed (strings stripped by :func:`apply_intake`)."""

    name_latin: str = ""
    name_native: str = ""
    sex: Sex | str = Sex.NOT_STATED
    date_of_birth: date | None = None
    estimated_age: int | None = None
    nationality: str = ""
    preferred_language: str = ""
    phone: str = ""
    interpreter_language: str = ""
    interpreter_name: str = ""
    host_country: str = ""
    return_country: str = ""
    return_region: str = ""
    return_town: str = ""
    reason: ReasonCategory | str | None = None
    reason_note: str = ""


def apply_intake(case: Case, form: IntakeForm, today: date | None = None
                 ) -> list[ValidationError]:
    """Copy ``form`` into ``case``; return the problems (each naming its field). A name left
    empty or a phone number that breaks the rule keeps the case's last valid value."""
    today = today or date.today()
    problems: list[ValidationError] = []
    p = case.person
    latin, native = form.name_latin.strip(), form.name_native.strip()
    if latin or native:
        p.name_latin, p.name_native = latin, native
    else:
        problems.append(ValidationError(
            _("Enter the person's name (the last name entered is kept until then)."),
            "person.name_latin"))
    p.sex = Sex(form.sex or Sex.NOT_STATED)
    if form.date_of_birth is not None and form.date_of_birth > today:
        problems.append(ValidationError(
            _("The date of birth is in the future; the last one entered is kept."),
            "person.date_of_birth"))
    else:
        p.date_of_birth = form.date_of_birth
    p.estimated_age = form.estimated_age
    if p.estimated_age is not None and p.age_estimated_on is None:
        p.age_estimated_on = today
    p.nationality = form.nationality or ""
    p.preferred_language = form.preferred_language or ""
    p.languages = [p.preferred_language] if p.preferred_language else []
    phone = form.phone.strip()
    problem = phone_problem(phone)
    if problem is None:
        p.phone = phone
    else:
        problems.append(ValidationError(
            _("{problem} It is not saved until it does.").format(problem=str(problem)),
            problem.field))
    lang, who = (form.interpreter_language or "").strip(), form.interpreter_name.strip()
    case.interpreter = Interpreter(lang, who) if (lang or who) else None
    case.host_country = form.host_country or ""
    case.return_country = form.return_country or ""
    case.return_region = form.return_region or ""
    case.return_town = form.return_town.strip()
    case.reason = ReasonCategory(form.reason) if form.reason else None
    case.reason_note = form.reason_note
    # anything else the case's own rules refuse (a date of birth in the future...)
    named = {x.field for x in problems}
    problems += [x for x in case.validate() if x.field not in named]
    return problems
