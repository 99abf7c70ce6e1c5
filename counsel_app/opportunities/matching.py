"""Ranking opportunities for one returnee, with the reasons for each place in the list.

Nothing is hidden: every opportunity of the return country is in the result, only ordered
(expired ones are left out unless asked for). The score is a sum of parts (region and
whether the person can move, occupation with years of experience, certificates and whether
they are recognised at home, wishes, education, languages with their level, kind of
opportunity, driving licence, constraints), each with its reason;
a reason is a translatable message with named parameters, rendered in any language.

Speed: the opportunities of one country are held as a :class:`CountryIndex` of small
integer arrays (numpy); a case is scored by looking up each part's points per distinct
value and adding the arrays, then one sort. One case against 100,000 opportunities takes a
few milliseconds once the index is built (see ``benchmarks/bench_opportunities.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from counsel_app.i18n import N_, Nn_, interface_language, translator
from counsel_app.opportunities.classifications import (
    CONSTRAINT_KINDS,
    ISCO_GROUPS,
    LANGUAGE_LEVELS,
    IscedLevel,
    OpportunityKind,
    isco_sector,
    language_name,
    region_name,
    same_language,
    wish_kind,
)
from counsel_app.opportunities.model import SkillsProfile

# points of each part (project defaults, not an external standard)
W_REGION = 30
W_OCCUPATION = 40
W_OCCUPATION_GROUP = 15
W_WISH_SECTOR = 30
W_WISH_KIND = 15
W_EDUCATION_MET = 5
W_EDUCATION_BELOW = -25
W_LANGUAGE = 10
W_LANGUAGE_SOME = 3
W_LANGUAGE_MISSING = -30
W_EXPERIENCE = 5  # per step: 2 years or more, 5 years or more
W_CERTIFICATE = 10
W_CERTIFICATE_TRAINING = 10
W_LICENCE = 10
W_NO_LICENCE = -20
W_CANNOT_MOVE = -20
W_EXPIRED = -1000

#: the ISCO-08 sub-major group whose jobs need a driving licence
DRIVERS = "83"

_NEVER = date.max.toordinal()

# -- reasons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why an opportunity is where it is: a message template (extracted with ``N_``) and
    its parameters, rendered in the interface or any other language by :meth:`text`.

    A parameter is a plain string or a ``(type, value)`` pair rendered per language:
    ``("language", "fr")``, ``("region", "SN-DK")``, ``("isco", "72")``,
    ``("isced", 3)``, ``("kind", "training")``, ``("date", "2027-01-15")``,
    ``("number", 2.5)`` (written as the language writes numbers: "2,5" in French).

    A reason that counts something carries a plural pair (marked with ``Nn_``): ``message``
    is the singular, ``plural`` the plural, and the form is chosen in the reader's language
    by its ``("number", …)`` parameter ("1 year", "2.5 years", Arabic's six forms).
    """

    code: str
    message: str
    params: tuple[tuple[str, Any], ...] = ()
    effect: int = 0  # +1 in favour, -1 against, 0 for information
    points: int = 0
    plural: str = ""

    def text(self, lang: str | None = None) -> str:
        lang = lang or interface_language()
        if self.plural:
            from counsel_app.i18n.formatting import plural_number

            number = next(v[1] for _n, v in self.params
                          if isinstance(v, tuple) and v[0] == "number")
            template = translator(lang).ngettext(self.message, self.plural,
                                                 plural_number(number, lang))
        else:
            template = translator(lang).gettext(self.message)
        return template.format(**{name: _render(value, lang) for name, value in self.params})

    def as_plain(self, lang: str | None = None) -> dict[str, Any]:
        return {"code": self.code, "text": self.text(lang), "effect": self.effect,
                "points": self.points}


def _render(value: Any, lang: str) -> str:
    if not isinstance(value, tuple):
        return str(value)
    kind, raw = value
    if kind == "language":
        return language_name(raw, lang)
    if kind == "region":
        return region_name(raw)
    if kind == "isco":
        group = ISCO_GROUPS.get(raw)
        return group.name(lang) if group else raw
    if kind == "isced":
        return translator(lang).gettext(IscedLevel(raw).label)
    if kind == "kind":
        return translator(lang).gettext(OpportunityKind(raw).label)
    if kind == "constraint":
        return translator(lang).gettext(CONSTRAINT_KINDS.get(raw, raw))
    if kind == "level":
        return translator(lang).gettext(LANGUAGE_LEVELS.get(raw, raw))
    if kind == "number":
        from counsel_app.i18n.formatting import format_decimal

        return format_decimal(raw, lang)
    if kind == "date":
        # the medium form the screens show ("4 déc. 2026", "4 ديسمبر 2026"), not Babel's
        # medium, which is numeric in Arabic ("04/12/2026" reads two ways)
        from counsel_app.i18n.dates import show_date

        try:
            return show_date(date.fromisoformat(raw), lang)
        except (ValueError, LookupError):
            return raw
    return str(raw)


# -- the query -------------------------------------------------------------------------------


@dataclass
class MatchQuery:
    """What the ranking looks at, taken from the case and every field of its skills
    profile."""

    country: str
    region: str = ""
    languages: list[str] = field(default_factory=list)
    education: IscedLevel | None = None
    occupations: list[tuple[str, str]] = field(default_factory=list)  # (isco code, title)
    wish_sectors: list[tuple[str, str]] = field(default_factory=list)  # (sector, wish text)
    wish_kinds: list[tuple[OpportunityKind, str]] = field(default_factory=list)
    include_expired: bool = False
    today: date = field(default_factory=date.today)
    #: years of experience per ISCO sector (the most of the person's occupations there)
    experience: dict[str, float] = field(default_factory=dict)
    #: (sector or "", certificate name, recognised at home: True, False or None)
    certificates: list[tuple[str, str, bool | None]] = field(default_factory=list)
    #: language code -> level ("basic", "good", "fluent", "native"; "" not stated)
    language_levels: dict[str, str] = field(default_factory=dict)
    driving_licence: str | None = None  # categories held; "none"; None: not recorded
    cannot_move: str | None = None  # the note of a "place" constraint, if any
    constraints: list[tuple[str, str]] = field(default_factory=list)  # (kind, note)

    @classmethod
    def for_case(cls, case, profile: SkillsProfile, *, include_expired: bool = False,
                 today: date | None = None) -> MatchQuery:
        from counsel_app.opportunities.classifications import resolve_region

        country = (case.return_country or "").upper()
        region = profile.preferred_region or case.return_region or ""
        if region and country:
            region = resolve_region(country, region) or ""
        languages: list[str] = []
        for code in [*case.person.languages, *profile.language_codes]:
            if code and code not in languages:
                languages.append(code)
        experience: dict[str, float] = {}
        for o in profile.occupations:
            sector = isco_sector(o.isco)
            if sector and o.years:
                experience[sector] = max(experience.get(sector, 0), float(o.years))
        place = next((c for c in profile.constraints if c.kind == "place"), None)
        return cls(
            country=country,
            region=region,
            languages=languages,
            education=profile.education_level,
            occupations=[(o.isco, o.title) for o in profile.occupations if o.isco or o.title],
            wish_sectors=[(isco_sector(w.isco) or "", w.text or w.isco)
                          for w in profile.wishes if w.isco and isco_sector(w.isco)],
            wish_kinds=[(w.kind, w.text) for w in profile.wishes if w.kind],
            include_expired=include_expired,
            today=today or date.today(),
            experience=experience,
            certificates=[(isco_sector(c.isco) or "", c.name, c.recognised)
                          for c in profile.certificates if c.name],
            language_levels={lang.code: lang.level for lang in profile.languages if lang.code},
            driving_licence=profile.driving_licence.strip() or None,
            cannot_move=(place.note or "") if place else None,
            constraints=[(c.kind, c.note) for c in profile.constraints
                         if c.kind and c.kind != "place"],
        )


# -- the index -------------------------------------------------------------------------------


class CountryIndex:
    """The opportunities of one country as parallel integer arrays (rows ordered by id)."""

    def __init__(self, country: str, rows: Sequence[tuple]):
        """``rows``: (id, region, isco, education_min, languages, kind, deadline,
        end_date, is_sample) as :meth:`OpportunityRepository.matching_rows` gives them."""
        self.country = country
        n = len(rows)
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        self.regions, self.region_idx = self._codes([r[1] or "" for r in rows])
        self.iscos, self.isco_idx = self._codes([r[2] or "" for r in rows])
        self.educations, self.edu_idx = self._codes(
            [-1 if r[3] is None else int(r[3]) for r in rows])
        self.language_sets, self.lang_idx = self._codes([r[4] or "" for r in rows])
        self.kinds, self.kind_idx = self._codes([r[5] for r in rows])
        closes = [(r[6] or r[7]) for r in rows]
        self.closes = np.fromiter(
            (c.toordinal() if c is not None else _NEVER for c in closes), dtype=np.int64, count=n)
        self.sample = np.fromiter((bool(r[8]) for r in rows), dtype=bool, count=n)

    @staticmethod
    def _codes(values: list) -> tuple[list, np.ndarray]:
        table: dict[Any, int] = {}
        codes = [table.setdefault(v, len(table)) for v in values]
        return list(table), np.asarray(codes, dtype=np.int32)

    def __len__(self) -> int:
        return len(self.ids)


# -- scoring ---------------------------------------------------------------------------------


@dataclass
class MatchResult:
    """The ranked opportunities of one query: positions into the index, best first."""

    index: CountryIndex
    order: np.ndarray
    scores: np.ndarray
    part_reasons: list[tuple[np.ndarray, list[list[Reason]]]]
    query: MatchQuery

    @property
    def total(self) -> int:
        return len(self.order)

    def ids(self, offset: int = 0, limit: int | None = None) -> list[int]:
        end = None if limit is None else offset + limit
        return self.index.ids[self.order[offset:end]].tolist()

    def reasons_at(self, position: int) -> list[Reason]:
        """The reasons for the opportunity at ``position`` of the index, in favour first."""
        reasons: list[Reason] = []
        for codes, table in self.part_reasons:
            reasons.extend(table[int(codes[position])])
        if self.index.closes[position] < self.query.today.toordinal():
            reasons.append(Reason("expired", N_("closed on {date}"),
                                  (("date", ("date", date.fromordinal(
                                      int(self.index.closes[position])).isoformat())),),
                                  -1, W_EXPIRED))
        if self.index.sample[position]:
            reasons.append(Reason("sample", N_("sample data, not a real offer"), (), 0))
        return sorted(reasons, key=lambda r: -r.effect)

    def ranked(self, offset: int = 0, limit: int | None = 50) -> list[tuple[int, int, list[Reason]]]:
        """(opportunity id, score, reasons) for a page of the ranking."""
        end = None if limit is None else offset + limit
        out = []
        for position in self.order[offset:end].tolist():
            out.append((int(self.index.ids[position]), int(self.scores[position]),
                        self.reasons_at(position)))
        return out


def _region_part(index: CountryIndex, query: MatchQuery) -> tuple[np.ndarray, list[list[Reason]]]:
    points, reasons = [], []
    for region in index.regions:
        if query.region and region == query.region:
            points.append(W_REGION)
            reasons.append([Reason("same_region", N_("same region: {region}"),
                                   (("region", ("region", region)),), 1, W_REGION)])
        elif query.region and region and query.cannot_move is not None:
            points.append(W_CANNOT_MOVE)
            reasons.append([Reason("cannot_move",
                                   N_("in another region ({region}), and the person cannot "
                                      "move away: {note}"),
                                   (("region", ("region", region)),
                                    ("note", query.cannot_move or "—")), -1, W_CANNOT_MOVE)])
        elif query.region and region:
            points.append(0)
            reasons.append([Reason("other_region", N_("in another region: {region}"),
                                   (("region", ("region", region)),), 0)])
        else:
            points.append(0)
            reasons.append([])
    return np.asarray(points, dtype=np.int64), reasons


def _sector_part(index: CountryIndex, query: MatchQuery):
    points, reasons = [], []
    for sector in index.iscos:
        p, rs = 0, []
        if sector:
            exact = near = None
            for code, title in query.occupations:
                own = (code or "").strip()
                label = title or (("isco", isco_sector(own) or own) if own else "")
                if not own or not own.isdigit():
                    continue
                if len(sector) == 2 and own.startswith(sector) and exact is None:
                    exact = label
                elif own[0] == sector[0] and near is None:
                    near = label
            if exact is not None:
                p += W_OCCUPATION
                rs.append(Reason("occupation", N_("matches previous occupation: {occupation}"),
                                 (("occupation", exact),), 1, W_OCCUPATION))
                years = max((y for s_, y in query.experience.items()
                             if s_.startswith(sector) or sector.startswith(s_)), default=0)
                bonus = W_EXPERIENCE * ((years >= 2) + (years >= 5))
                if bonus:
                    p += bonus
                    one, many = Nn_("{years} year of experience in this trade",
                                    "{years} years of experience in this trade")
                    rs.append(Reason("experience", one, (("years", ("number", years)),), 1,
                                     bonus, plural=many))
            elif near is not None:
                p += W_OCCUPATION_GROUP
                rs.append(Reason("occupation_group",
                                 N_("same occupational group as previous occupation: "
                                    "{occupation}"),
                                 (("occupation", near),), 1, W_OCCUPATION_GROUP))
            for wish_sector, text in query.wish_sectors:
                if wish_sector.startswith(sector) or sector.startswith(wish_sector):
                    p += W_WISH_SECTOR
                    rs.append(Reason("wish_sector", N_("matches a wish: {wish}"),
                                     (("wish", text),), 1, W_WISH_SECTOR))
                    break
            for cert_sector, name, recognised in query.certificates:
                if not cert_sector or not (cert_sector.startswith(sector)
                                           or sector.startswith(cert_sector)):
                    continue
                if recognised:
                    p += W_CERTIFICATE
                    rs.append(Reason("certificate", N_("certificate recognised at home: "
                                                       "{certificate}"),
                                     (("certificate", name),), 1, W_CERTIFICATE))
                elif recognised is False:
                    rs.append(Reason("certificate_not_recognised",
                                     N_("certificate in this trade, not recognised at home: "
                                        "{certificate}"), (("certificate", name),), 0))
                else:
                    rs.append(Reason("certificate_unknown",
                                     N_("certificate in this trade; whether it is recognised "
                                        "at home is not known: {certificate}"),
                                     (("certificate", name),), 0))
        points.append(p)
        reasons.append(rs)
    return np.asarray(points, dtype=np.int64), reasons


def _education_part(index: CountryIndex, query: MatchQuery):
    points, reasons = [], []
    for required in index.educations:
        if required < 0:
            points.append(0)
            reasons.append([])
        elif query.education is None:
            points.append(0)
            reasons.append([Reason("education_unknown",
                                   N_("needs {level}; the person's education is not recorded"),
                                   (("level", ("isced", required)),), 0)])
        elif int(query.education) >= required:
            points.append(W_EDUCATION_MET)
            reasons.append([Reason("education_met", N_("education level meets the requirement "
                                                       "({level})"),
                                   (("level", ("isced", required)),), 1, W_EDUCATION_MET)])
        else:
            points.append(W_EDUCATION_BELOW)
            reasons.append([Reason("education_below",
                                   N_("education level below requirement ({level})"),
                                   (("level", ("isced", required)),), -1, W_EDUCATION_BELOW)])
    return np.asarray(points, dtype=np.int64), reasons


def _language_part(index: CountryIndex, query: MatchQuery):
    points, reasons = [], []
    for needed in index.language_sets:
        p, rs = 0, []
        for code in needed.split():
            spoken = next((s_ for s_ in query.languages if same_language(code, s_)), None)
            if spoken is not None and query.language_levels.get(spoken) == "basic":
                p += W_LANGUAGE_SOME
                rs.append(Reason("language_some", N_("needs {language}: speaks it a little"),
                                 (("language", ("language", code)),), 1, W_LANGUAGE_SOME))
            elif spoken is not None:
                p += W_LANGUAGE
                rs.append(Reason("language_spoken", N_("needs {language}: speaks {language}"),
                                 (("language", ("language", code)),), 1, W_LANGUAGE))
            else:
                p += W_LANGUAGE_MISSING
                rs.append(Reason("language_missing",
                                 N_("needs {language}: does not speak it"),
                                 (("language", ("language", code)),), -1, W_LANGUAGE_MISSING))
        points.append(p)
        reasons.append(rs)
    return np.asarray(points, dtype=np.int64), reasons


def _kind_part(index: CountryIndex, query: MatchQuery):
    points, reasons = [], []
    for kind in index.kinds:
        family = wish_kind(OpportunityKind(kind))
        wish = next((text for k, text in query.wish_kinds
                     if k == kind or (family is not None and wish_kind(k) == family)), None)
        p, rs = 0, []
        if wish is not None:
            p += W_WISH_KIND
            rs.append(Reason("wish_kind", N_("the kind the person wishes: {kind}"),
                             (("kind", ("kind", kind)),), 1, W_WISH_KIND))
        if kind != OpportunityKind.STARTUP:  # fixed hours and place: check with the provider
            for constraint, note in query.constraints:
                rs.append(Reason("constraint", N_("to check with the provider: {constraint}"
                                                  "{note}"),
                                 (("constraint", ("constraint", constraint)),
                                  ("note", f" ({note})" if note else "")), 0))
        points.append(p)
        reasons.append(rs)
    return np.asarray(points, dtype=np.int64), reasons


def _trade_and_kind_part(index: CountryIndex, query: MatchQuery):
    """Points that depend on the trade and the kind together: a training towards a
    certificate recognised at home, and a driving licence for drivers' jobs."""
    points, reasons = [], []
    unrecognised = [(s_, name) for s_, name, ok in query.certificates if s_ and ok is False]
    for sector in index.iscos:
        for kind in index.kinds:
            p, rs = 0, []
            if sector and kind in (OpportunityKind.TRAINING, OpportunityKind.APPRENTICESHIP):
                name = next((n for s_, n in unrecognised
                             if s_.startswith(sector) or sector.startswith(s_)), None)
                if name is not None:
                    p += W_CERTIFICATE_TRAINING
                    rs.append(Reason("certificate_training",
                                     N_("may lead to a certificate recognised at home (the "
                                        "person's {certificate} is not)"),
                                     (("certificate", name),), 1, W_CERTIFICATE_TRAINING))
            if sector == DRIVERS and kind in (OpportunityKind.JOB, OpportunityKind.PLACEMENT):
                licence = query.driving_licence
                if licence and licence != "none":
                    p += W_LICENCE
                    rs.append(Reason("licence", N_("holds a driving licence ({categories})"),
                                     (("categories", licence),), 1, W_LICENCE))
                elif licence == "none":
                    p += W_NO_LICENCE
                    rs.append(Reason("no_licence",
                                     N_("needs a driving licence; the person has none"),
                                     (), -1, W_NO_LICENCE))
                else:
                    rs.append(Reason("licence_unknown",
                                     N_("needs a driving licence; not recorded whether the "
                                        "person has one"), (), 0))
            points.append(p)
            reasons.append(rs)
    return np.asarray(points, dtype=np.int64), reasons


def rank(index: CountryIndex, query: MatchQuery) -> MatchResult:
    """Score and order every opportunity of ``index`` for ``query``."""
    parts = [
        (index.region_idx, _region_part(index, query)),
        (index.isco_idx, _sector_part(index, query)),
        (index.edu_idx, _education_part(index, query)),
        (index.lang_idx, _language_part(index, query)),
        (index.kind_idx, _kind_part(index, query)),
        (index.isco_idx.astype(np.int64) * max(len(index.kinds), 1) + index.kind_idx,
         _trade_and_kind_part(index, query)),
    ]
    scores = np.zeros(len(index), dtype=np.int64)
    for codes, (points, _reasons) in parts:
        if len(points) and points.any():
            scores += points[codes]
    today = query.today.toordinal()
    expired = index.closes < today
    if query.include_expired:
        scores = scores + np.where(expired, W_EXPIRED, 0)
        positions = np.arange(len(index))
    else:
        positions = np.flatnonzero(~expired)
    # best score first; then the soonest to close; then the oldest entry (id order)
    sub_scores = scores[positions]
    key = (np.int64(1 << 20) - sub_scores) * np.int64(1 << 32) + (index.closes[positions] & 0xFFFFFFFF)
    order = positions[np.argsort(key, kind="stable")]
    return MatchResult(index, order, scores, [(codes, reasons) for codes, (_p, reasons) in parts],
                       query)
