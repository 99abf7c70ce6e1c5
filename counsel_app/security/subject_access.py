"""Subject access: everything held about a person, as a readable PDF they can take away.

Each area contributes its data through :func:`register_subject_access`: a provider takes
the signed-in context and the case id and returns :class:`Section` objects (plain data;
labels are document strings marked ``D_``) for one part of the copy; the parts print in
the order of the counselling session (:data:`PARTS`), then who used the record. The PDF
is laid out by the documents layer (:mod:`counsel_app.documents.base`), in the language
asked for (``--lang``), else the person's preferred language when documents are printed
in it, otherwise English; its digits and formats are those of that language in the country
of return, as on the person's plan and every other document.

The copy speaks in plain words: a value is given as what it is (:class:`Country`,
:class:`Region`, :class:`Language`, :class:`Money`, :class:`Months`, :class:`Years`, a date,
a :class:`Moment`,
a :class:`Place`, a yes/no, a label ``Msg`` or ``UiMsg``, a :class:`Phrase` with values in it, a
:class:`ByLanguage` label, a list, a :class:`Typed` text) and printed in the copy's language and formats; codes
and storage keys are never printed (a code with no label: :func:`unnamed`; an office
known only by its key: :func:`office_name`). A label with no translation prints in
English, marked ``[EN]``, and every page says so. The reference is printed with its QR
code.

What a person at the organisation typed (a note, a goal, an answer) is never translated: it
prints as typed, followed by "(written in English)" in the copy's language when the copy is
in another language than the one it was written in, as on the plan and the travel sheet
(:class:`Typed`, :func:`counsel_app.documents.typed_text.typed_spans`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from counsel_app.errors import UsageError
from counsel_app.i18n import D_, DOCUMENT_LANGUAGES, Dn_, _
from counsel_app.security.roles import Permission


@dataclass
class Section:
    """One part of the copy: a title, label/value rows, optionally a table."""

    title: str  #: a D_ msgid
    fields: list[tuple[str, object]] = field(default_factory=list)  #: (D_ msgid, value)
    table_header: Sequence[str] = ()  #: D_ msgids
    table_rows: list[Sequence[object]] = field(default_factory=list)
    note: str = ""  #: a D_ msgid shown under the title
    #: the part of the copy it belongs in (:data:`PARTS`) when not its provider's: a
    #: provider whose data spans several steps of the session places each section
    part: str = ""


class Msg(str):
    """A value that is itself a document string (a ``D_`` msgid): printed translated."""


class UiMsg(str):
    """A value that is an interface string (an ``N_`` msgid, e.g. a screen's label for a
    vulnerability flag): printed translated with the interface catalog of the document
    language."""


class Country(str):
    """An ISO 3166-1 country code: printed as the country's name in the copy's language."""


class Language(str):
    """A language code: printed as the language's name in the copy's language."""


class Months(int):
    """A follow-up time: printed as "3 months after arrival"."""


@dataclass(frozen=True)
class Money:
    """An amount in a currency: printed in the copy's number and currency format."""

    amount: Decimal | int | float
    currency: str


@dataclass(frozen=True)
class Pair:
    """A label and its value, printed "label: value" (e.g. a score)."""

    label: object
    value: object


class Joined(tuple):
    """Values that read as one, printed with a dash between ("Hawa, her brother — Visit
    went well."), the empty ones left out: a :class:`Typed` note keeps its mark."""


class Trail(tuple):
    """Where a value sits in nested data, as labels: printed "Plan › Goals › 1 › What"."""


class Phrase:
    """A document string (a ``D_`` msgid) with ``{placeholders}``, each filled with a value
    printed as the copy prints it and isolated ("Handout in {language}" with
    ``language=Language("fr")``: "Handout in French", "Fiche d’information en français";
    a language's name inside a sentence keeps the case the language writes it in)."""

    def __init__(self, msgid: str, **values):
        self.msgid, self.values = msgid, values

    def __repr__(self) -> str:
        return f"Phrase({self.msgid!r}, **{self.values!r})"


@dataclass(frozen=True)
class Moment:
    """A day and a local time (a departure, an appointment): printed as the copy's language
    writes both ("1 March 2026, 08:00"); a bare datetime prints its day only."""

    at: datetime


def moment(value: datetime | str | None) -> Moment | str:
    """``value`` (a datetime or ISO text) as a :class:`Moment`; nothing or text that is no
    moment: as it is."""
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return Moment(value) if isinstance(value, datetime) else (value or "")


class Years(float):
    """A length of time in years: printed "3 years" (a fraction as the copy writes it)."""


@dataclass(frozen=True, eq=False)
class Typed:
    """A free text someone at the organisation typed (a note, a goal, a free answer) and
    the language it was written in (a document language code; "" when unknown: no mark).
    Printed as typed, followed by "(written in English)" in the copy's language when that
    is another language; where the record keeps the same words written in the copy's
    language (``returnee``: a plan's or a travel record's
    :class:`~counsel_app.plan.model.ReturneeTexts`), those words instead. The one rule of
    :func:`counsel_app.documents.typed_text.typed_spans`."""

    text: str
    language: str = ""
    returnee: object = None


def typed(text: str | None, language: str, returnee=None) -> Typed | str:
    """``text`` as a :class:`Typed` value written in ``language``; nothing: ""."""
    text = (text or "").strip()
    return Typed(text, language or "", returnee) if text else ""


class ByLanguage(dict):
    """A label the app holds in a few languages (language code → text; e.g. the ILO's
    title of an occupation group): printed in the copy's language, else in English marked
    ``[EN]``."""


#: "3 years" (an occupation's length)
YEARS = Dn_("{n} year", "{n} years")

#: a stored value the copy has no words for (an area's label missing, a value from a newer
#: version): said so in words, the stored value kept only as a labelled reference the
#: office can look up
UNNAMED = D_("Item this copy has no words for (reference {key})")


def unnamed(key: object) -> Phrase:
    """A value with no label, in words: "Item this copy has no words for (reference
    consent.withdraw)", in the copy's language; never the bare key."""
    return Phrase(UNNAMED, key=str(key))


#: an office known here only by its station key (its name was never kept, or no longer is):
#: said so in words, the key's last digits given as the reference to look it up by
UNNAMED_OFFICE = D_("An office whose name was not kept (its key ends in {key})")


def office_name(name: str, key: str):
    """An office by ``name``; without one, in words: "An office whose name was not kept
    (its key ends in 9C01 3F2A)", the last 8 digits of its key (a station fingerprint) as
    the counsellor's screens show them; never the bare key. No name and no key: ""."""
    if name:
        return name
    if not key:
        return ""
    end = str(key)[-8:].upper()
    return Phrase(UNNAMED_OFFICE, key=f"{end[:4]} {end[4:]}".strip())


def labelled(table: dict, key: str, kind: type = UiMsg):
    """``key``'s label in ``table`` (a msgid, or a tuple whose first item is one) printed
    as ``kind`` (:class:`UiMsg` or :class:`Msg`); a key the table lacks: :func:`unnamed`;
    no key: ""."""
    if key in (None, ""):
        return ""
    value = table.get(key)
    if not value:
        return unnamed(key)
    return kind(value[0] if isinstance(value, tuple) else value)


Provider = Callable[[object, int], list[Section]]

#: The parts of the copy, in the order they print: the order of the counselling session
#: (``areas.session_steps``: intake, screening, information, assessment, opportunities,
#: decision, consent, plan, departure, handover), then the follow-up after arrival; who
#: used the record comes last. Each provider says which part its sections belong in (a
#: section may say its own, :attr:`Section.part`), so the order never depends on the order
#: the areas' modules happen to be imported in.
PARTS = (
    "intake",             # about you, your household, your case (this module)
    "screening",          # session: the vulnerability screening
    "information",        # session: information given about the country of return
    "assessment",         # session: situation and skills
    "skills profile",     # opportunities: skills and wishes (taken in the assessment step)
    "opportunities",      # opportunities: the feasibility grid, the opportunities chosen
    "opportunity notes",  # session: the counsellor's notes of the opportunities step
    "decision",           # session: voluntariness and the decision to return
    "other steps",        # session: the parts plugged-in steps keep
    "waivers",            # required steps a supervisor waived
    "consent",
    "plan",               # the reintegration plan, section by section
    "referrals",          # partners: the referrals made for the plan
    "departure",          # travel
    "handover",
    "followup",           # after arrival: arrival, visits, actions, community projects
)

#: Providers with the part of the copy their sections belong in, in registration order
#: (which orders only the sections of one part).
SUBJECT_ACCESS_PROVIDERS: list[tuple[Provider, str]] = []


def register_subject_access(provider: Provider, part: str) -> None:
    """Add ``provider``'s sections to the copy, in ``part`` (one of :data:`PARTS`)."""
    if part not in PARTS:
        raise ValueError(f"subject access: unknown part {part!r} (one of {PARTS})")
    if (provider, part) not in SUBJECT_ACCESS_PROVIDERS:
        SUBJECT_ACCESS_PROVIDERS.append((provider, part))


def _case(ctx, case_id: int):
    """The case without another audit entry (the copy itself is audited once)."""
    from counsel_app.storage.cases import CaseRepository

    return CaseRepository.get(ctx.cases, case_id)


def _case_sections(ctx, case_id: int) -> list[Section]:
    from counsel_app.security.accounts import printed_counsellor

    case = _case(ctx, case_id)
    p = case.person
    person = Section(D_("About you"), [
        (D_("Name"), p.name_latin),
        (D_("Name in your own script"), p.name_native if p.name_native != p.name_latin else ""),
        (D_("Sex"), UiMsg(p.sex.label)),
        (D_("Date of birth"), p.date_of_birth),
        (D_("Estimated age"), "" if p.estimated_age is None else str(p.estimated_age)),
        (D_("Nationality"), Country(p.nationality) if p.nationality else ""),
        (D_("Languages"), [Language(code) for code in p.languages]),
        (D_("Preferred language"),
         Language(p.preferred_language) if p.preferred_language else ""),
        (D_("Phone"), p.phone),
    ])
    sections = [person]
    if case.household:
        sections.append(Section(
            D_("Your household"), table_header=(D_("Relation"), D_("Name"), D_("Age"),
                                                D_("Travelling")),
            table_rows=[[UiMsg(m.relation.label), m.name, m.age,
                         Msg(D_("yes") if m.travelling else D_("no"))]
                        for m in case.household]))
    sections.append(Section(D_("Your case"), [
        (D_("Case"), case.reference),
        (D_("Status"), UiMsg(case.status.label)),
        (D_("Decision"), UiMsg(case.decision.label) if case.decision else ""),
        (D_("Country where you are now"), Country(case.host_country) if case.host_country
         else ""),
        (D_("Country of return"), Country(case.return_country) if case.return_country
         else ""),
        (D_("Region of return"), _region(case.return_region)),
        (D_("Town of return"), case.return_town),
        (D_("Reason"), UiMsg(case.reason.label) if case.reason else ""),
        (D_("Notes about the reason"), case.reason_note),
        (D_("Counsellor"), printed_counsellor(ctx.db, case.counsellor)[0]),
        (D_("Interpreter"), case.interpreter.name_or_id if case.interpreter else ""),
        (D_("Case opened"), case.created_at.date()),
        (D_("Last changed"), case.updated_at.date()),
    ]))
    return sections


class Region(str):
    """An ISO 3166-2 subdivision code (or a region as typed): printed by name."""


@dataclass(frozen=True)
class Place:
    """Where the person returns: the town as typed, a region (an ISO 3166-2 code or as
    typed), a country code; printed as their names in the copy's language, each once
    (:func:`counsel_app.documents.people.place_name`: "Kindia, Guinea", never "Kindia,
    Kindia"), as a list in the copy's language."""

    town: str = ""
    region: str = ""
    country: str = ""


def _region(region: str) -> Region | str:
    return Region(region) if region else ""


def _audit_section(ctx, case_id: int) -> list[Section]:
    from counsel_app.security import audit

    reference = _case(ctx, case_id).reference
    events = audit.events(ctx.db, reference=reference)
    return [Section(
        D_("Who used your record"),
        note=D_("Every time staff opened, changed, printed or shared your record."),
        table_header=(D_("Date"), D_("Staff role"), D_("What was done")),
        table_rows=[[e.at.date(), labelled(_ROLES, e.role, Msg),
                     _action(e.action)] for e in events])]


def _action(action: str) -> str:
    """What was done, in words (an action this copy has no words for: "worked on your
    record", never the audit's key)."""
    return Msg(_ACTIONS.get(action, D_("worked on your record")))


_ROLES = {"counsellor": D_("counsellor"), "supervisor": D_("supervisor"),
          "administrator": D_("administrator"), "caseworker": D_("caseworker in your country")}
_ACTIONS = {"create": D_("opened your record"), "view": D_("looked at your record"),
            "change": D_("changed your record"), "print": D_("printed a document"),
            "export": D_("exported your record"), "import": D_("received your record"),
            "grant_access": D_("handed your record to a caseworker"),
            "anonymise": D_("made your record anonymous"),
            "subject_access": D_("gave you this copy")}
# the areas' own names for the same kinds of action
_ACTIONS.update({
    "handover_export": _ACTIONS["export"], "handover_ack_export": _ACTIONS["export"],
    "handover_import": _ACTIONS["import"], "handover_ack_import": _ACTIONS["import"],
    "consent.record": _ACTIONS["change"], "consent.withdraw": _ACTIONS["change"],
    "consent.case_consented": _ACTIONS["change"], "consent.verify": _ACTIONS["view"],
    "decision": _ACTIONS["change"], "followup_arrival": _ACTIONS["change"],
    "followup_refine": _ACTIONS["change"], "followup_visit": _ACTIONS["change"],
    "followup_action": _ACTIONS["change"], "followup_close": _ACTIONS["change"],
    "handover_flagged": _ACTIONS["change"], "status": _ACTIONS["change"],
    "decision.withdraw": _ACTIONS["change"], "waiver": _ACTIONS["change"],
    "waiver.revoke": _ACTIONS["change"], "travel_reception_answer": _ACTIONS["change"],
    "travel_departed": _ACTIONS["change"], "travel_departure_cancelled": _ACTIONS["change"],
    "consent.text_version": _ACTIONS["view"],
})


_TRANSLATED = {D_("yes"), D_("no"), *_ROLES.values(), *_ACTIONS.values()}

#: a label's closing colon, as the languages printed here write it ("To:", "À :", "إلى:")
_TRAILING_COLON = re.compile(r"[\s\u00a0\u202f]*[:：][\s\u00a0\u202f]*$")

#: a date or a moment stored as ISO text ("2026-12-05", "2026-12-05T07:00:01")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z]*)?$")

register_subject_access(_case_sections, "intake")


def collect(ctx, case_id: int) -> list[Section]:
    from counsel_app.security.hooks import load_area_hooks

    load_area_hooks()  # every area's provider, whatever screens were opened
    placed: list[tuple[int, Section]] = []
    for provider, part in SUBJECT_ACCESS_PROVIDERS:
        for section in provider(ctx, case_id):
            if section.part and section.part not in PARTS:
                raise ValueError(f"subject access: {section.title!r} in unknown part "
                                 f"{section.part!r}")
            placed.append((PARTS.index(section.part or part), section))
    placed.sort(key=lambda p: p[0])  # stable: a part keeps its providers' order
    return [s for _, s in placed] + _audit_section(ctx, case_id)


class _Values:
    """Section values as text in the copy's language (see the module doc)."""

    def __init__(self, w, lang: str):
        from counsel_app.i18n import translator

        self.w, self.lang, self.ui = w, lang, translator(lang)

    def __call__(self, v, *, in_sentence: bool = False) -> str:
        from counsel_app.documents.honesty import mark_untranslated
        from counsel_app.i18n.names import country_name, language_name, region_name

        w = self.w
        if v is None or v == "":
            return ""
        if isinstance(v, Typed):
            from counsel_app.documents.bidi import isolate
            from counsel_app.documents.typed_text import typed_spans

            return "".join(isolate(s.text) if s.isolate else s.text
                           for s in typed_spans(v.text, v.returnee, v.language, w.main))
        if isinstance(v, Phrase):
            from counsel_app.documents.bidi import isolate

            return w.t(v.msgid).format(**{k: isolate(self(x, in_sentence=True))
                                          for k, x in v.values.items()})
        if isinstance(v, ByLanguage):
            primary = self.lang.replace("-", "_").split("_")[0]
            if v.get(self.lang) or v.get(primary):
                return v.get(self.lang) or v[primary]
            if self.lang == "en" or not v.get("en"):
                return v.get("en") or next((t for t in v.values() if t), "")
            w.note_untranslated()
            return mark_untranslated(v["en"])
        if isinstance(v, Years):
            n = float(v)
            if n == int(n):
                return w.main.ngettext(*YEARS, int(n)).format(n=w.integer(int(n)))
            # a fraction ("1.5 years") takes the form of 2 in the languages printed here
            # (English "years", Russian "1,5 года", the Arabic form written with digits)
            return w.main.ngettext(*YEARS, 2).format(n=w.number(n))
        if isinstance(v, bool):
            return w.t(D_("Yes") if v else D_("No"))
        if isinstance(v, Trail):  # labels without their closing colon ("From:", "De :")
            return " › ".join(t for t in (_TRAILING_COLON.sub("", self(x)) for x in v) if t)
        if isinstance(v, Joined):
            return " — ".join(t for t in (self(x) for x in v) if t)
        if isinstance(v, (list, tuple)):
            from counsel_app.documents.bidi import value_list

            return value_list([self(x) for x in v], self.lang)
        if isinstance(v, Pair):
            return f"{self(v.label)}: {self(v.value)}"
        if isinstance(v, UiMsg):
            if w.main.t.has(v):  # the documents catalog has the same words
                return w.t(v)
            if self.ui.has(v):
                return self.ui.gettext(v)
            if self.lang == "en":
                return str(v)
            w.note_untranslated()
            return mark_untranslated(str(v))
        if isinstance(v, Msg) or (isinstance(v, str) and v in _TRANSLATED):
            return w.t(v)
        if isinstance(v, Country):
            return country_name(v, self.lang)
        if isinstance(v, Region):
            return region_name(v, self.lang)
        if isinstance(v, Place):
            from counsel_app.documents.people import place_name

            return place_name(v.town, v.region, v.country, self.lang)
        if isinstance(v, Language):
            return language_name(v, self.lang, capitalised=not in_sentence)
        if isinstance(v, Months):
            from counsel_app.documents.plan_pdf import MONTHS

            return w.main.ngettext(*MONTHS, int(v)).format(n=w.integer(int(v)))
        if isinstance(v, Money):
            return w.money(v.amount, v.currency)
        if isinstance(v, Moment):
            return w.moment(v.at)
        if isinstance(v, datetime):
            return w.date(v.date())
        if isinstance(v, date):
            return w.date(v)
        if isinstance(v, int):
            return w.integer(v)
        if isinstance(v, (float, Decimal)):
            return w.number(v)
        if isinstance(v, str) and _ISO_DATE.match(v):
            try:
                return w.date(datetime.fromisoformat(v.replace("Z", "+00:00")).date())
            except ValueError:
                return v
        return str(v)


def render_pdf(sections: list[Section], *, reference: str, lang: str, is_sample: bool,
               out: Path | None = None, country: str | None = None) -> bytes:
    """The copy as a PDF. ``country``: the country of return, whose digits and formats the
    copy is written in as the person's other documents are (Arabic for Iraq: ٠١٢٣; for
    Morocco: 0123; :func:`counsel_app.i18n.formatting.formatting_locale`)."""
    from counsel_app.documents.base import DocumentInfo, DocumentWriter

    info = DocumentInfo(title=D_("Your personal data"), lang=lang, reference=reference,
                        is_sample=is_sample, country=country or None)
    w = DocumentWriter(info)
    value = _Values(w, lang)
    story = [*w.fixed(D_("Your personal data"), w.h1),
             *w.fixed(D_("This is a copy of all the data this office holds about you. You may "
                         "ask for anything wrong to be corrected, or for your data to be "
                         "erased."))]
    for section in sections:
        story += w.heading(section.title)
        if section.note:
            story += w.fixed(section.note, w.small)
        # fields with no value are left out, and so is a table with no rows under fields
        # that say something (the journey's travel documents when none are recorded:
        # "Nothing recorded." under the journey read as if the journey were not); a
        # section left with nothing in it says so in one line, never a title alone (a
        # skills profile saved empty, a follow-up whose arrival is not recorded yet)
        shown = w.fields([(label, value(v)) for label, v in section.fields])
        story += shown
        if section.table_header and section.table_rows:
            n = len(section.table_header)
            story += w.table(section.table_header,
                             [[value(v) for v in row] for row in section.table_rows],
                             [1 / n] * n)
        elif not shown:
            story += w.fixed(D_("Nothing recorded."), w.small)
    return w.build(story, out)


def copy_language(lang: str | None, preferred: str = "") -> str:
    """The language of the copy: ``lang`` when given (a document language, else refused
    with the choices), else the person's preferred language when documents print in it,
    else English."""
    if lang:
        if lang not in DOCUMENT_LANGUAGES:
            raise UsageError(_("{option}: unknown document language “{lang}” (choose from "
                               "{choices}).").format(option="--lang", lang=lang,
                                                    choices=", ".join(DOCUMENT_LANGUAGES)))
        return lang
    return preferred if preferred in DOCUMENT_LANGUAGES else "en"


def write_subject_access(ctx, case_id: int, out: Path, *, lang: str | None = None) -> Path:
    """Collect everything about the person of case ``case_id`` and write the PDF."""
    ctx.require(Permission.SUBJECT_ACCESS)
    case = ctx.cases.get(case_id)
    lang = copy_language(lang, case.person.preferred_language)
    sections = collect(ctx, case_id)
    out = Path(out)
    render_pdf(sections, reference=case.reference, lang=lang, is_sample=case.is_sample, out=out,
               country=case.return_country)
    ctx.audit("subject_access", case.reference, f"pdf {lang}")
    return out
