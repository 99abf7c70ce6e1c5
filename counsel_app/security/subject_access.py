"""Subject access: everything held about a person, as a readable PDF they can take away.

Each area contributes its data through :func:`register_subject_access`: a provider takes
the signed-in context and the case id and returns :class:`Section` objects (plain data;
labels are document strings marked ``D_``). The PDF is laid out by the documents layer
(:mod:`counsel_app.documents.base`), in the person's preferred language when documents are
printed in it, otherwise English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from counsel_app.i18n import D_, DOCUMENT_LANGUAGES
from counsel_app.security.roles import Permission


@dataclass
class Section:
    """One part of the copy: a title, label/value rows, optionally a table."""

    title: str  #: a D_ msgid
    fields: list[tuple[str, object]] = field(default_factory=list)  #: (D_ msgid, value)
    table_header: Sequence[str] = ()  #: D_ msgids
    table_rows: list[Sequence[object]] = field(default_factory=list)
    note: str = ""  #: a D_ msgid shown under the title


class Msg(str):
    """A value that is itself a document string (a ``D_`` msgid): printed translated."""


class UiMsg(str):
    """A value that is an interface string (an ``N_`` msgid, e.g. a screen's label for a
    vulnerability flag): printed translated with the interface catalog of the document
    language."""


Provider = Callable[[object, int], list[Section]]

#: Providers in the order their sections appear.
SUBJECT_ACCESS_PROVIDERS: list[Provider] = []


def register_subject_access(provider: Provider) -> None:
    if provider not in SUBJECT_ACCESS_PROVIDERS:
        SUBJECT_ACCESS_PROVIDERS.append(provider)


def _case(ctx, case_id: int):
    """The case without another audit entry (the copy itself is audited once)."""
    from counsel_app.storage.cases import CaseRepository

    return CaseRepository.get(ctx.cases, case_id)


def _case_sections(ctx, case_id: int) -> list[Section]:
    case = _case(ctx, case_id)
    p = case.person
    person = Section(D_("About you"), [
        (D_("Name"), p.name_latin),
        (D_("Name in your own script"), p.name_native if p.name_native != p.name_latin else ""),
        (D_("Sex"), p.sex.label),
        (D_("Date of birth"), p.date_of_birth),
        (D_("Estimated age"), "" if p.estimated_age is None else str(p.estimated_age)),
        (D_("Nationality"), p.nationality),
        (D_("Languages"), ", ".join(p.languages)),
        (D_("Preferred language"), p.preferred_language),
        (D_("Phone"), p.phone),
    ])
    sections = [person]
    if case.household:
        sections.append(Section(
            D_("Your household"), table_header=(D_("Relation"), D_("Name"), D_("Age"),
                                                D_("Travelling")),
            table_rows=[[m.relation.label, m.name, "" if m.age is None else str(m.age),
                         D_("yes") if m.travelling else D_("no")] for m in case.household]))
    sections.append(Section(D_("Your case"), [
        (D_("Case"), case.reference),
        (D_("Status"), case.status.label),
        (D_("Decision"), case.decision.label if case.decision else ""),
        (D_("Country where you are now"), case.host_country),
        (D_("Country of return"), case.return_country),
        (D_("Region of return"), case.return_region),
        (D_("Town of return"), case.return_town),
        (D_("Reason"), case.reason.label if case.reason else ""),
        (D_("Notes about the reason"), case.reason_note),
        (D_("Counsellor"), case.counsellor),
        (D_("Interpreter"), case.interpreter.name_or_id if case.interpreter else ""),
        (D_("Case opened"), case.created_at.date()),
        (D_("Last changed"), case.updated_at.date()),
    ]))
    return sections


def _audit_section(ctx, case_id: int) -> list[Section]:
    from counsel_app.security import audit

    reference = _case(ctx, case_id).reference
    events = audit.events(ctx.db, reference=reference)
    return [Section(
        D_("Who used your record"),
        note=D_("Every time staff opened, changed, printed or shared your record."),
        table_header=(D_("Date"), D_("Staff role"), D_("What was done")),
        table_rows=[[e.at.date(), _ROLES.get(e.role, e.role), _ACTIONS.get(e.action, e.action)]
                    for e in events])]


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
    "handover_flagged": _ACTIONS["change"],
})


_TRANSLATED = {D_("yes"), D_("no"), *_ROLES.values(), *_ACTIONS.values()}

register_subject_access(_case_sections)


def collect(ctx, case_id: int) -> list[Section]:
    from counsel_app.security.hooks import load_area_hooks

    load_area_hooks()  # every area's provider, whatever screens were opened
    sections: list[Section] = []
    for provider in SUBJECT_ACCESS_PROVIDERS:
        sections.extend(provider(ctx, case_id))
    sections.extend(_audit_section(ctx, case_id))
    return sections


def render_pdf(sections: list[Section], *, reference: str, lang: str, is_sample: bool,
               out: Path | None = None) -> bytes:
    from counsel_app.documents.base import DocumentInfo, DocumentWriter

    info = DocumentInfo(title=D_("Your personal data"), lang=lang, reference=reference,
                        is_sample=is_sample, qr=False)
    w = DocumentWriter(info)

    from counsel_app.i18n import translator

    ui = translator(lang)

    def value(v):
        if isinstance(v, (list, tuple)):
            return ", ".join(t for t in (value(x) for x in v) if t)
        if isinstance(v, UiMsg):
            return ui.gettext(v)
        if isinstance(v, Msg) or (isinstance(v, str) and v in _TRANSLATED):
            return w.t(v)
        if isinstance(v, (date, datetime)):
            return w.date(v if isinstance(v, date) and not isinstance(v, datetime) else v.date())
        return "" if v is None else str(v)

    story = [*w.fixed(D_("Your personal data"), w.h1),
             *w.fixed(D_("This is a copy of all the data this office holds about you. You may "
                         "ask for anything wrong to be corrected, or for your data to be "
                         "erased."))]
    for section in sections:
        story += w.heading(section.title)
        if section.note:
            story += w.fixed(section.note, w.small)
        if section.fields:
            story += w.fields([(label, value(v)) for label, v in section.fields])
        if section.table_header:
            if section.table_rows:
                n = len(section.table_header)
                story += w.table(section.table_header,
                                 [[value(v) for v in row] for row in section.table_rows],
                                 [1 / n] * n)
            else:
                story += w.fixed(D_("Nothing recorded."), w.small)
    return w.build(story, out)


def write_subject_access(ctx, case_id: int, out: Path, *, lang: str | None = None) -> Path:
    """Collect everything about the person of case ``case_id`` and write the PDF."""
    ctx.require(Permission.SUBJECT_ACCESS)
    case = ctx.cases.get(case_id)
    if lang is None:
        preferred = case.person.preferred_language
        lang = preferred if preferred in DOCUMENT_LANGUAGES else "en"
    sections = collect(ctx, case_id)
    out = Path(out)
    render_pdf(sections, reference=case.reference, lang=lang, is_sample=case.is_sample, out=out)
    ctx.audit("subject_access", case.reference, f"pdf {lang}")
    return out
