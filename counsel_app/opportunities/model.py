"""Plain data of the opportunities area: an opportunity, a returnee's skills profile,
the feasibility grid and the opportunities chosen for the plan. No storage, no Qt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from counsel_app.i18n import interface_language, languages_at_save, recorded_languages
from counsel_app.opportunities.classifications import (
    FeasibilityRating,
    IscedLevel,
    OpportunityKind,
    PayType,
)


@dataclass
class Opportunity:
    """A job offer, training, apprenticeship, start-up support or placement service.

    Not personal data. ``titles`` and ``descriptions`` map a language code to the text in
    that language. The pair (``provider_name``, ``provider_ref``) identifies an offer
    across imports.
    """

    kind: OpportunityKind
    titles: dict[str, str]
    country: str
    provider_name: str
    provider_ref: str
    source: str
    source_date: date
    descriptions: dict[str, str] = field(default_factory=dict)
    region: str = ""  # ISO 3166-2 code, or ""
    town: str = ""
    isco: str = ""  # ISCO-08 major ("7") or sub-major ("72") group, or ""
    education_min: IscedLevel | None = None
    languages: list[str] = field(default_factory=list)
    provider_contact: str = ""
    provider_address: str = ""
    start_date: date | None = None
    end_date: date | None = None
    deadline: date | None = None
    pay_type: PayType | None = None
    amount: Decimal | None = None
    currency: str = ""
    places: int | None = None
    is_sample: bool = False
    id: int | None = None
    updated_at: datetime | None = None

    @property
    def closes_on(self) -> date | None:
        """The last day one can still take it up: the application deadline, else the end."""
        return self.deadline or self.end_date

    def is_open(self, today: date | None = None) -> bool:
        closes = self.closes_on
        return closes is None or closes >= (today or date.today())

    def title(self, lang: str | None = None) -> str:
        return _pick(self.titles, lang)

    def description(self, lang: str | None = None) -> str:
        return _pick(self.descriptions, lang)

    def as_plain(self, today: date | None = None) -> dict[str, Any]:
        """JSON-ready data (for the plan, exports and the screen)."""
        data = asdict(self)
        for key, value in list(data.items()):
            if isinstance(value, (date, datetime)):
                data[key] = value.isoformat()
            elif isinstance(value, Decimal):
                data[key] = str(value)
            elif hasattr(value, "value"):
                data[key] = value.value
        data["open"] = self.is_open(today)
        return data


def _pick(texts: dict[str, str], lang: str | None) -> str:
    """The text in ``lang``, else in the same primary language, English, or any."""
    if not texts:
        return ""
    lang = lang or interface_language()
    if texts.get(lang):
        return texts[lang]
    primary = lang.split("_")[0]
    for code, text in texts.items():
        if code.split("_")[0] == primary and text:
            return text
    return texts.get("en") or next((t for t in texts.values() if t), "")


# -- the returnee's side (personal data: stored encrypted with the case) ---------------------


@dataclass
class Occupation:
    isco: str = ""  # ISCO-08 code as precise as known ("7212", "72" or "")
    title: str = ""  # as the person says it: "welder"
    years: float = 0
    where: str = ""  # where the person did it: a country code ("IT") or a place


@dataclass
class Certificate:
    """A diploma, licence or certificate, and whether it is recognised in the country of
    return (``None``: not known yet)."""

    name: str = ""
    isco: str = ""  # the trade it is for, if any
    recognised: bool | None = None


@dataclass
class LanguageSkill:
    code: str = ""  # CLDR language code
    level: str = ""  # one of LANGUAGE_LEVELS, or "" (not stated)


@dataclass
class Constraint:
    """Something that limits what the person can take up (childcare, disability, health,
    place), with the counsellor's note in the person's words."""

    kind: str = ""  # one of CONSTRAINT_KINDS
    note: str = ""
    #: the language ``note`` was typed in, recorded when saved ("" not known; ``None``:
    #: saved before it was recorded); not part of what the constraint says
    text_language: str | None = field(default=None, compare=False)


@dataclass
class Wish:
    text: str = ""
    kind: OpportunityKind | None = None
    isco: str = ""
    #: the language ``text`` was typed in, recorded when saved ("" not known; ``None``:
    #: saved before it was recorded); not part of what the wish says
    text_language: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        self.kind = OpportunityKind(self.kind) if self.kind else None


def _as(cls, value, key: str):
    """``value`` as ``cls``: itself, a dict of its fields, or a bare string for ``key``."""
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        return cls(**{k: v for k, v in value.items() if k in cls.__dataclass_fields__})
    return cls(**{key: str(value)})


@dataclass
class SkillsProfile:
    education_level: IscedLevel | None = None
    occupations: list[Occupation] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    languages: list[LanguageSkill] = field(default_factory=list)  # in addition to the person's
    wishes: list[Wish] = field(default_factory=list)
    preferred_region: str = ""  # ISO 3166-2 code
    preferred_town: str = ""
    driving_licence: str = ""  # categories held ("B", "B C"), "" for none
    constraints: list[Constraint] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.education_level is not None:
            self.education_level = IscedLevel(self.education_level)
        # older profiles (and callers) give certificates and languages as plain strings
        self.certificates = [_as(Certificate, c, "name") for c in self.certificates]
        self.languages = [_as(LanguageSkill, lang, "code") for lang in self.languages]
        self.occupations = [_as(Occupation, o, "title") for o in self.occupations]
        self.constraints = [_as(Constraint, c, "kind") for c in self.constraints]

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages if lang.code]

    def is_empty(self) -> bool:
        return self == SkillsProfile()

    def record_text_languages(self, stored: SkillsProfile) -> None:
        """Record beside each wish's text and constraint's note the language it was typed
        in (:func:`counsel_app.i18n.languages_at_save`): a text the profile as stored
        (``stored``) already holds keeps the language it had there; a new or changed one
        is in the language the counsellor writes in now. The lines are matched by their
        text (the screens rebuild them at each save, and may reorder them)."""

        def texts(profile):
            return ({("wish", w.text): w for w in profile.wishes}
                    | {("constraint", c.note): c for c in profile.constraints})

        items = texts(self)
        before = texts(stored)
        languages = languages_at_save(
            {key: key[1] for key in items}, {key: key[1] for key in before},
            {key: item.text_language for key, item in before.items()
             if item.text_language is not None})
        for w in self.wishes:
            w.text_language = languages.get(("wish", w.text))
        for c in self.constraints:
            c.text_language = languages.get(("constraint", c.note))

    def to_data(self) -> dict[str, Any]:
        return {
            "education_level": int(self.education_level)
            if self.education_level is not None else None,
            "occupations": [asdict(o) for o in self.occupations],
            "skills": list(self.skills),
            "certificates": [asdict(c) for c in self.certificates],
            "languages": [asdict(lang) for lang in self.languages],
            "wishes": [
                {"text": w.text, "kind": w.kind.value if w.kind else None, "isco": w.isco,
                 "text_language": w.text_language}
                for w in self.wishes
            ],
            "preferred_region": self.preferred_region,
            "preferred_town": self.preferred_town,
            "driving_licence": self.driving_licence,
            "constraints": [asdict(c) for c in self.constraints],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> SkillsProfile:
        data = data or {}
        level = data.get("education_level")
        return cls(
            education_level=IscedLevel(level) if level is not None else None,
            occupations=list(data.get("occupations") or []),
            skills=list(data.get("skills") or []),
            certificates=list(data.get("certificates") or []),
            languages=list(data.get("languages") or []),
            wishes=[
                Wish(text=w.get("text", ""),
                     kind=OpportunityKind(w["kind"]) if w.get("kind") else None,
                     isco=w.get("isco") or "", text_language=w.get("text_language"))
                for w in data.get("wishes") or []
            ],
            preferred_region=data.get("preferred_region") or "",
            preferred_town=data.get("preferred_town") or "",
            driving_licence=data.get("driving_licence") or "",
            constraints=list(data.get("constraints") or []),
        )


#: the cells of a feasibility grid's line a counsellor types and the person reads, each
#: with the language it was typed in (:attr:`FeasibilityRow.text_languages`)
TYPED_CELLS = ("wish", "realistic_option", "notes")


@dataclass
class FeasibilityRow:
    """One line of the feasibility grid, filled with the person: a wish beside what is
    realistic in the place of return (the market, the cost, the distance, a partner
    available), the decision (``rating``) and its reason (``notes``)."""

    wish: str = ""
    realistic_option: str = ""
    rating: FeasibilityRating = FeasibilityRating.NOT_ASSESSED
    notes: str = ""
    opportunity_id: int | None = None  # when the option is an imported opportunity
    market: str = ""
    cost: str = ""
    distance: str = ""
    partner: str = ""
    #: the language each typed cell (:data:`TYPED_CELLS`: its name -> the language) was
    #: typed in, recorded when the line is saved ("" not known; a cell left out: empty, or
    #: saved before its language was recorded), see :func:`record_grid_languages`; read by
    #: :meth:`language`. Not part of what the line says
    text_languages: dict[str, str] = field(default_factory=dict, compare=False)
    #: the language of the cells ``text_languages`` does not name: a line saved when one
    #: language was recorded for all its cells ("" not known; ``None``: saved before any
    #: was recorded, the old rule); ``None`` in a line saved since
    text_language: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        self.rating = FeasibilityRating(self.rating or FeasibilityRating.NOT_ASSESSED)

    @property
    def words(self) -> str:
        """The words of the line the person reads (its wish, realistic option and reason):
        what a line stored before is found by (:func:`record_grid_languages`)."""
        return "\n".join(str(getattr(self, part) or "") for part in TYPED_CELLS)

    def language(self, part: str) -> str | None:
        """The language the cell ``part`` (one of :data:`TYPED_CELLS`) was typed in, for
        ``typed_language``: its own, else the one its line recorded for all its cells
        (``None``: not recorded, the old rule)."""
        return self.text_languages.get(part, self.text_language)

    def to_data(self) -> dict[str, Any]:
        return {**asdict(self), "rating": self.rating.value}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FeasibilityRow:
        return cls(
            wish=data.get("wish", ""),
            realistic_option=data.get("realistic_option", ""),
            rating=FeasibilityRating(data.get("rating") or "not_assessed"),
            notes=data.get("notes", ""),
            opportunity_id=data.get("opportunity_id"),
            market=data.get("market", ""),
            cost=data.get("cost", ""),
            distance=data.get("distance", ""),
            partner=data.get("partner", ""),
            # (a line saved before each cell's language was recorded: none, its
            # text_language is every cell's)
            text_languages={k: v for k, v in recorded_languages(data).items()
                            if k in TYPED_CELLS},
            text_language=data.get("text_language"),
        )


def line_from_wish(wish: Wish) -> FeasibilityRow:
    """A new line of the feasibility grid for ``wish``: its text, in the language recorded
    with it."""
    return FeasibilityRow(wish=wish.text.strip(),
                          text_languages={} if wish.text_language is None
                          else {"wish": wish.text_language})


def record_grid_languages(rows: Sequence[FeasibilityRow],
                          stored: Sequence[FeasibilityRow],
                          wishes: Sequence[Wish] = ()) -> None:
    """Record beside each typed cell of a feasibility grid's lines (its wish, realistic
    option and reason: :data:`TYPED_CELLS`) the language it was typed in
    (:func:`counsel_app.i18n.languages_at_save`): a cell the grid as stored until now
    (``stored``) already holds keeps the language it had there; a new or changed one is in
    the language the counsellor writes in now. One language per cell, not per line: a wish
    typed in one language may be given its option and reason by someone writing in
    another. Both copies of the grid record it so: the session's (the opportunities
    service's ``set_feasibility_grid``) and the one made after arrival (the follow-up's
    ``refine_plan``).

    The screens rebuild the grid from its cells at each save, and lines may be added,
    removed or moved, so cells are matched by their words: first in the stored line with
    the same words (:attr:`FeasibilityRow.words`: a line rebuilt, moved or with only its
    decision changed), else in any stored line holding the same text in the same column (a
    line given an option or a reason since).

    ``wishes``: the skills profile's wishes a line may have been made from
    (:func:`~counsel_app.opportunities.feasibility.rows_from_wishes`) count as lines held
    before: a wish cell still holding a wish's text keeps the language recorded with the
    wish (``None`` for a wish saved before languages were recorded), not the language of
    the one saving the grid. A cell whose text is held with a recorded language and also
    without (saved before languages were recorded) takes the recorded one.

    A line saved before (one ``text_language`` for all its cells, or none) gives each of
    its cells that language; each line saved here records its cells' own
    (``text_languages``) and no longer the line's."""
    before = [*(line_from_wish(w) for w in wishes if w.text.strip()), *stored]
    lines = {line.words: line for line in before}
    cells: dict[tuple[str, str], str | None] = {}
    for line in before:
        for part in TYPED_CELLS:
            key = (part, (getattr(line, part) or "").strip())
            if key[1] and (key not in cells or line.language(part) is not None):
                cells[key] = line.language(part)
    texts: dict[tuple[int, str], str] = {}
    held: dict[tuple[int, str], str] = {}
    recorded: dict[tuple[int, str], str] = {}
    for number, row in enumerate(rows):
        same = lines.get(row.words)
        for part in TYPED_CELLS:
            text = texts[number, part] = getattr(row, part) or ""
            if same is not None:
                language = same.language(part)
            elif (part, text.strip()) in cells:
                language = cells[part, text.strip()]
            else:
                continue  # new or changed
            held[number, part] = text
            if language is not None:
                recorded[number, part] = language
    languages = languages_at_save(texts, held, recorded)
    for number, row in enumerate(rows):
        row.text_languages = {part: languages[number, part] for part in TYPED_CELLS
                              if (number, part) in languages}
        row.text_language = None


@dataclass
class ChosenOpportunity:
    """An opportunity chosen for the plan, with a copy of what the plan must print
    (kept even if the offer is later re-imported or deleted)."""

    opportunity_id: int
    snapshot: dict[str, Any]
    note: str = ""
    chosen_on: str = ""  # ISO date
    #: the language ``note`` was typed in, recorded when saved ("" not known; ``None``:
    #: saved before it was recorded); not part of what the choice says
    text_language: str | None = field(default=None, compare=False)

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ChosenOpportunity:
        return cls(
            opportunity_id=int(data["opportunity_id"]),
            snapshot=dict(data.get("snapshot") or {}),
            note=data.get("note", ""),
            chosen_on=data.get("chosen_on", ""),
            text_language=data.get("text_language"),
        )
