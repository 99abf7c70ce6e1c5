"""The returnee's skills profile as the counsellor enters it: the rules that check it (one
clear sentence naming what is wrong and where) and the short text forms the command line
reads and prints. Qt-free; the screen and ``counsel-app case skills`` both call it.

Text forms (``:`` separates the parts; empty parts may be left out at the end):

* occupation ``ISCO:TITLE:YEARS:WHERE``, e.g. ``7531:seamstress:6:IT``
* certificate ``NAME:ISCO:RECOGNISED`` with RECOGNISED ``yes``, ``no`` or empty (not known)
* language ``CODE:LEVEL`` with LEVEL one of ``basic``, ``good``, ``fluent``, ``native``
* wish ``KIND:TEXT:ISCO`` with KIND ``work``, ``training`` or ``business``
* constraint ``KIND:NOTE`` with KIND ``childcare``, ``disability``, ``health`` or ``place``
"""

from __future__ import annotations

from counsel_app.errors import ValidationError
from counsel_app.i18n import _, ngettext
from counsel_app.opportunities.classifications import (
    CONSTRAINT_KINDS,
    ISCO_GROUPS,
    LANGUAGE_LEVELS,
    WISH_LABELS,
    IscedLevel,
    OpportunityKind,
    isco_sector,
    language_name,
    region_name,
    resolve_language,
    resolve_region,
)
from counsel_app.opportunities.model import (
    Certificate,
    Constraint,
    LanguageSkill,
    Occupation,
    SkillsProfile,
    Wish,
)

#: the words the command line takes for the three kinds of wish
WISH_WORDS: dict[str, OpportunityKind] = {
    "work": OpportunityKind.JOB, "training": OpportunityKind.TRAINING,
    "business": OpportunityKind.STARTUP,
}
MAX_YEARS = 70


def _parts(text: str, n: int) -> list[str]:
    parts = [p.strip() for p in text.split(":", n - 1)]
    return parts + [""] * (n - len(parts))


def _check_isco(code: str, where: str) -> str:
    code = code.strip()
    if code and isco_sector(code) is None:
        raise ValidationError(_("{where}: “{code}” is not an ISCO-08 occupation code (1 to 4 "
                                "digits, such as 7531).").format(where=where, code=code), where)
    return code


def parse_education(text: str) -> IscedLevel | None:
    text = text.strip()
    if not text or text.lower() in ("none", "-"):
        return None
    if text.isdigit() and 0 <= int(text) <= 8:
        return IscedLevel(int(text))
    raise ValidationError(_("Education: “{value}” is not an ISCED level (a number from 0 to "
                            "8).").format(value=text), "education_level")


def parse_years(text: str, where: str) -> float:
    text = text.strip().replace(",", ".")
    if not text:
        return 0
    try:
        years = float(text)
    except ValueError:
        years = -1
    if not 0 <= years <= MAX_YEARS:
        raise ValidationError(_("{where}: the years of experience must be a number from 0 to "
                                "{most}, not “{value}”.").format(where=where, most=MAX_YEARS,
                                                                 value=text), where)
    return years


def parse_occupation(text: str, number: int = 1) -> Occupation:
    where = _("Occupation {n}").format(n=number)
    isco, title, years, place = _parts(text, 4)
    return Occupation(isco=_check_isco(isco, where), title=title,
                      years=parse_years(years, where), where=place)


def parse_recognised(text: str, where: str) -> bool | None:
    value = text.strip().lower()
    if value in ("", "unknown", "?"):
        return None
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    raise ValidationError(_("{where}: write yes, no or nothing (not known) for whether it is "
                            "recognised at home, not “{value}”.").format(where=where,
                                                                         value=text), where)


def parse_certificate(text: str, number: int = 1) -> Certificate:
    where = _("Certificate {n}").format(n=number)
    name, isco, recognised = _parts(text, 3)
    return Certificate(name=name, isco=_check_isco(isco, where),
                       recognised=parse_recognised(recognised, where))


def parse_language(text: str, number: int = 1) -> LanguageSkill:
    code, level = _parts(text, 2)
    return check_language(LanguageSkill(code, level.lower()), number)


def check_language(skill: LanguageSkill, number: int) -> LanguageSkill:
    where = _("Language {n}").format(n=number)
    code = resolve_language(skill.code) if skill.code.strip() else None
    if code is None:
        raise ValidationError(_("{where}: “{value}” is not a language code or name.").format(
            where=where, value=skill.code), where)
    if skill.level and skill.level not in LANGUAGE_LEVELS:
        raise ValidationError(_("{where}: the level must be one of {choices}, not "
                                "“{value}”.").format(where=where, value=skill.level,
                                                     choices=", ".join(LANGUAGE_LEVELS)), where)
    return LanguageSkill(code, skill.level)


def parse_wish(text: str, number: int = 1) -> Wish:
    where = _("Wish {n}").format(n=number)
    kind, wish_text, isco = _parts(text, 3)
    if kind.lower() not in WISH_WORDS:
        raise ValidationError(_("{where}: the kind must be one of {choices}, not "
                                "“{value}”.").format(where=where, value=kind,
                                                     choices=", ".join(WISH_WORDS)), where)
    return Wish(text=wish_text, kind=WISH_WORDS[kind.lower()], isco=_check_isco(isco, where))


def parse_constraint(text: str, number: int = 1) -> Constraint:
    kind, note = _parts(text, 2)
    return check_constraint(Constraint(kind.lower(), note), number)


def check_constraint(constraint: Constraint, number: int) -> Constraint:
    where = _("Constraint {n}").format(n=number)
    if constraint.kind not in CONSTRAINT_KINDS:
        raise ValidationError(_("{where}: the kind must be one of {choices}, not "
                                "“{value}”.").format(where=where, value=constraint.kind,
                                                     choices=", ".join(CONSTRAINT_KINDS)), where)
    return constraint


def check_profile(profile: SkillsProfile, country: str = "") -> SkillsProfile:
    """``profile`` with its codes normalised; raises :class:`ValidationError` (one sentence
    naming the field) on the first thing that is wrong. Empty lines are dropped."""
    occupations = []
    for n, o in enumerate(profile.occupations, start=1):
        if not (o.isco.strip() or o.title.strip()):
            continue
        where = _("Occupation {n}").format(n=n)
        _check_isco(o.isco, where)
        if not 0 <= float(o.years or 0) <= MAX_YEARS:
            parse_years(str(o.years), where)
        occupations.append(Occupation(o.isco.strip(), o.title.strip(), float(o.years or 0),
                                      o.where.strip()))
    certificates = []
    for n, c in enumerate(profile.certificates, start=1):
        if not c.name.strip():
            if c.isco.strip():
                where = _("Certificate {n}").format(n=n)
                raise ValidationError(_("{where}: write the certificate's name.").format(
                    where=where), where)
            continue
        _check_isco(c.isco, _("Certificate {n}").format(n=n))
        certificates.append(Certificate(c.name.strip(), c.isco.strip(), c.recognised))
    languages = [check_language(lang, n) for n, lang in enumerate(profile.languages, start=1)
                 if lang.code.strip()]
    wishes = []
    for n, w in enumerate(profile.wishes, start=1):
        if not (w.text.strip() or w.isco.strip() or w.kind):
            continue
        _check_isco(w.isco, _("Wish {n}").format(n=n))
        wishes.append(Wish(w.text.strip(), w.kind, w.isco.strip()))
    constraints = [check_constraint(Constraint(c.kind, c.note.strip()), n)
                   for n, c in enumerate(profile.constraints, start=1) if c.kind or c.note]
    region = profile.preferred_region.strip()
    if region and country:
        code = resolve_region(country, region)
        if code is None:
            raise ValidationError(_("Preferred region: “{value}” is not a region of the "
                                    "country of return ({country}).").format(
                value=region, country=country), "preferred_region")
        region = code
    licence = " ".join(profile.driving_licence.split())
    if len(licence) > 40:
        raise ValidationError(_("Driving licence: write its categories (such as B or C), or "
                                "none."), "driving_licence")
    return SkillsProfile(
        education_level=profile.education_level, occupations=occupations,
        skills=[s.strip() for s in profile.skills if s.strip()], certificates=certificates,
        languages=languages, wishes=wishes, preferred_region=region,
        preferred_town=profile.preferred_town.strip(),
        driving_licence="none" if licence.lower() == "none" else licence,
        constraints=constraints)


def profile_lines(profile: SkillsProfile) -> list[str]:
    """The profile as short lines in the interface language (``case skills REF``)."""
    lang = None
    not_recorded = _("not recorded")
    lines = [_("Education: {level}").format(
        level=_(profile.education_level.label) if profile.education_level is not None
        else not_recorded)]
    for o in profile.occupations:
        sector = isco_sector(o.isco)
        group = f" ({ISCO_GROUPS[sector].name(lang)})" if sector else ""
        years = (ngettext("{years} year", "{years} years",
                          # a whole number picks its form; a fraction ("1.5") the plural
                          int(o.years) if o.years == int(o.years) else 2)
                 .format(years=f"{o.years:g}") if o.years else "")
        lines.append(_("Occupation: {what}").format(what=" — ".join(
            x for x in (f"{o.isco} {o.title}".strip() + group, years, o.where) if x)))
    for c in profile.certificates:
        state = {True: _("recognised at home"), False: _("not recognised at home"),
                 None: _("recognition at home not known")}[c.recognised]
        lines.append(_("Certificate: {name} — {state}").format(name=c.name, state=state))
    for skill in profile.languages:
        level = _(LANGUAGE_LEVELS[skill.level]) if skill.level else ""
        lines.append(_("Language: {language}").format(language=" — ".join(
            x for x in (language_name(skill.code, lang), level) if x)))
    licence = profile.driving_licence
    lines.append(_("Driving licence: {categories}").format(
        categories=_("none") if licence == "none" else licence or not_recorded))
    for w in profile.wishes:
        kind = _(WISH_LABELS.get(w.kind, w.kind.label)) if w.kind else ""
        lines.append(_("Wish: {wish}").format(wish=" — ".join(
            x for x in (kind, w.text, w.isco) if x)))
    for c in profile.constraints:
        lines.append(_("Constraint: {constraint}").format(constraint=" — ".join(
            x for x in (_(CONSTRAINT_KINDS[c.kind]), c.note) if x)))
    if profile.preferred_region or profile.preferred_town:
        lines.append(_("Preferred place: {place}").format(place=", ".join(
            x for x in (profile.preferred_town, region_name(profile.preferred_region)) if x)))
    return lines
