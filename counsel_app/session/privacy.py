"""The session's part in data protection (registrations only; the rules stay in this
package's other modules).

* Subject access: screening, information given, assessment, voluntariness and decisions,
  in readable form, and any part a plugged-in step stored: as the area that owns the step
  describes it (:func:`describe_step_part`), else one sentence saying the session holds
  more and the office shows it on request (never the part's JSON or its keys).
* Retention: on anonymisation only the vulnerability categories are kept (no notes, no
  dates), so the monitoring figures by category still count the case; every other part is
  deleted. On erasure everything is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select

from counsel_app.domain.enums import Decision
from counsel_app.i18n import D_, N_, typed_language
from counsel_app.security.hooks import case_reference
from counsel_app.security.retention import CaseDataHandler, register_case_data_handler
from counsel_app.security.subject_access import (
    ByLanguage,
    Language,
    Msg,
    Pair,
    Phrase,
    Section,
    UiMsg,
    labelled,
    register_subject_access,
    typed,
    unnamed,
)
from counsel_app.session.assessment import DEFAULT_CONFIG, DIMENSIONS
from counsel_app.session.information import PACK_PREFIX, topic_label
from counsel_app.session.screening import FLAGS, STEPS
from counsel_app.session.store import SessionPartRow, SessionStore, session_aad
from counsel_app.session.voluntariness import ELEMENTS, GUARDIAN_DECISIONS

_KNOWN = {"progress", "screening", "information", "assessment", "voluntariness",
          "opportunities"}


def _yes_no(value) -> Msg | str:
    if value is None:
        return ""
    return Msg(D_("Yes") if value else D_("No"))


def _when(text: str) -> str:
    return (text or "")[:10]


#: a library topic whose item no pack holds any more (updated or removed) and whose title
#: the session did not keep: its key is all that is left to tell which it was
GONE_TOPIC = D_("Topic no longer in the information packs (reference {key})")


class _Topics:
    """The titles of library topics by their key ("<pack id>:<item id>"): the title the
    session kept, else the library's, else :data:`GONE_TOPIC`. The library is read once,
    and only when a title is not kept."""

    def __init__(self, pack_titles: dict[str, str]):
        self.pack_titles = pack_titles
        self._library = None

    def _entry(self, key: str):
        from country_info import Library
        from country_info.errors import PackError

        try:
            if self._library is None:
                self._library = Library()
            return self._library.entry(key)
        except PackError:  # the bundled packs are damaged: the key is all there is
            return None

    def shown(self, key: str) -> str | ByLanguage | Phrase:
        """A topic covered or an item shown in the session: the title the counsellor's
        screen showed, else the library's title in the copy's language."""
        if self.pack_titles.get(PACK_PREFIX + key):
            return self.pack_titles[PACK_PREFIX + key]
        entry = self._entry(key)
        return ByLanguage(entry.item.title) if entry else Phrase(GONE_TOPIC, key=key)

    def printed(self, key: str, lang: str) -> str | Phrase:
        """A topic of a handout printed in ``lang``: its title as the handout printed it."""
        entry = self._entry(key)
        if entry is not None:
            return entry.title_in(lang or "en").text
        return self.pack_titles.get(PACK_PREFIX + key) or Phrase(GONE_TOPIC, key=key)


def _handout(printed: dict, titles: _Topics) -> Pair:
    """A handout printed: "Handout in French: ‹title›, ‹title›", each topic by the title
    it had on the handout."""
    lang = printed.get("lang") or ""
    return Pair(Phrase(D_("Handout in {language}"), language=Language(lang)) if lang
                else Msg(D_("Handout")),
                [titles.printed(k, lang) for k in printed.get("topics") or []])


def _typed(part, text: str, kind: str, key: str = ""):
    """A note of a session part as the counsellor typed it, with the language recorded
    beside it when it was saved (a note saved before that: the counsellor's language now,
    :func:`counsel_app.i18n.typed_language`)."""
    return typed(text, typed_language(part.language_of(kind, key)))


def session_sections(ctx, case_id: int) -> list[Section]:
    reference = case_reference(ctx, case_id)
    if not reference:
        return []
    with ctx.db.read_session() as session:
        parts = set(session.scalars(select(SessionPartRow.part)
                                    .where(SessionPartRow.case_id == case_id)))
    if not parts:
        return []
    record = SessionStore(ctx.db, ctx.vault.cipher).load(case_id, reference)
    sections: list[Section] = []
    s = record.screening
    if "screening" in parts and (s.flags or s.steps or s.note):
        sections.append(Section(
            D_("Vulnerability screening"), [(D_("Notes"), _typed(s, s.note, "note"))],
            table_header=(D_("What"), D_("Notes")), part="screening",
            table_rows=[[labelled(FLAGS, f), _typed(s, note, "flag", f)]
                        for f, note in s.flags.items()]
            # the day it was done, then the note: a list, so the day prints as a date
            + [[labelled(STEPS, k), [p for p in (_when(st.done_at),
                                                 _typed(s, st.note, "step", k)) if p]]
               for k, st in s.steps.items() if st.done]))
    info = record.information
    if "information" in parts and (info.covered or info.shown_items or info.handouts_printed
                                    or info.note):
        titles = _Topics(info.pack_titles)
        rows = [[UiMsg(topic_label(k)) if not k.startswith(PACK_PREFIX)
                 else titles.shown(k[len(PACK_PREFIX):]), _when(at)]
                for k, at in info.covered.items()]
        rows += [[titles.shown(k), _when(at)] for k, at in info.shown_items.items()]
        rows += [[_handout(h, titles), _when(h.get("at"))] for h in info.handouts_printed]
        sections.append(Section(D_("Information about your country of return"),
                                [(D_("Notes"), _typed(info, info.note, "note"))],
                                table_header=(D_("What"), D_("When")), table_rows=rows,
                                part="information"))
    a = record.assessment
    if "assessment" in parts and (a.scores or a.notes or a.skills or a.needs):
        rows = []
        order = [i.key for i in DEFAULT_CONFIG.indicators]
        for key, score in sorted(a.scores.items(), key=lambda kv: (
                order.index(kv[0]) if kv[0] in order else len(order), kv[0])):
            ind = DEFAULT_CONFIG.indicator(key)
            rows.append([UiMsg(ind.label) if ind else unnamed(key), str(score)])
        sections.append(Section(
            D_("Your situation and skills"),
            [(D_("Details"), _typed(a, a.skills, "skills")),
             (D_("Support for you"), _typed(a, a.needs, "needs")),
             *[(_DIM.get(d, D_("Notes")), _typed(a, a.notes.get(d, ""), "note", d))
               for d in DIMENSIONS]],
            table_header=(D_("What"), D_("Score")), table_rows=rows, part="assessment"))
    v = record.voluntariness
    if "voluntariness" in parts and (v.decisions or not v.guardian.empty or any(
            e.holds is not None or e.note for e in v.elements.values())):
        rows = [[labelled(ELEMENTS, k), _yes_no(e.holds), _typed(v, e.note, "element", k)]
                for k, e in v.elements.items() if e.holds is not None or e.note]
        g = v.guardian
        if not g.empty:
            rows.append([UiMsg(N_("The guardian's decision")),
                         labelled(GUARDIAN_DECISIONS, g.decision),
                         [g.name, g.relation, g.contact, g.best_interests_ref]])
        rows += [[Msg(D_("Decision")),
                  labelled(_DECISIONS, d.decision),
                  [p for p in (d.decided_on, UiMsg(N_("withdrawn")) if d.withdrawn else "",
                               _typed(v, d.note, "decision", str(i))) if p]]
                 for i, d in enumerate(v.decisions)]
        sections.append(Section(D_("My decision to return"),
                                table_header=(D_("What"), D_("State"), D_("Notes")),
                                table_rows=rows, part="decision"))
    o = record.opportunities
    if "opportunities" in parts and (o.added or o.note):
        # (the opportunities chosen print once, in the opportunities area's section)
        sections.append(Section(D_("Notes on the opportunities"),
                                [(D_("Notes"), _typed(o, o.note, "note"))],
                                part="opportunity notes"))
    undescribed = False
    for name in sorted(parts - _KNOWN):
        data = record.extra.get(name) or {}
        if not data:
            continue
        described = STEP_PARTS.get(name)
        if described is None:
            undescribed = True
            continue
        sections.append(Section(described.title, described.fields(data)))
    if undescribed:
        sections.append(Section(D_("Other parts of your counselling session"),
                                [(D_("Details"), Msg(UNDESCRIBED))]))
    return sections


@dataclass(frozen=True)
class StepPart:
    """How a plugged-in step's part of the session reads in the person's copy."""

    title: str  #: a D_ msgid: the section's title
    #: the part's data (its JSON object) as ``(D_ label, value)`` rows, values given as
    #: :mod:`counsel_app.security.subject_access` prints them (no storage key, no code)
    fields: Callable[[dict], list[tuple[str, object]]]


#: part name → its description, filled by the areas whose steps keep a part here
STEP_PARTS: dict[str, StepPart] = {}

#: what the copy says of a plugged-in step's part that no area describes
UNDESCRIBED = D_("Your counselling session also holds data that this copy cannot show in "
                 "words. This office keeps it and will show it to you if you ask.")


def describe_step_part(part: str, title: str,
                       fields: Callable[[dict], list[tuple[str, object]]]) -> None:
    """An area whose session step keeps a part of its own in the session
    (``SessionRecord.extra[part]``) says here how the person's copy reads it: a section
    ``title`` with the rows ``fields(data)`` gives, labels through the documents catalog
    (``D_``), the way the other providers do; it prints after the decision (the part
    "other steps"). Called from the area's ``privacy.py``. A
    part no area describes is not printed: one sentence says the session holds more and
    the office shows it on request."""
    STEP_PARTS[part] = StepPart(title, fields)


_DECISIONS = {d.value: d.label for d in Decision}
_DIM = {"economic": D_("Economic"), "social": D_("Social"), "psychosocial": D_("Psychosocial")}


# -- retention ------------------------------------------------------------------------------

def _anonymise(session, case_id: int, ctx) -> None:
    """Keep only the vulnerability categories of the screening (statistics)."""
    from counsel_app.storage.models import CaseRow

    reference = session.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
    cipher = ctx.vault.cipher
    rows = session.scalars(select(SessionPartRow).where(SessionPartRow.case_id == case_id)).all()
    for row in rows:
        if row.part != "screening":
            session.delete(row)
            continue
        flags = cipher.decrypt_json(row.data_enc, session_aad(reference, "screening")).get(
            "flags") or {}
        row.data_enc = cipher.encrypt_json({"flags": {f: "" for f in flags if f in FLAGS}},
                                           session_aad(reference, "screening"))


def _erase(session, case_id: int, ctx) -> None:
    session.execute(delete(SessionPartRow).where(SessionPartRow.case_id == case_id))


register_subject_access(session_sections, "other steps")
register_case_data_handler("session_parts", CaseDataHandler(_anonymise, _erase))
