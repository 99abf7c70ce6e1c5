"""The consent area's part in data protection: the consent history in the person's copy of
their data (subject access). On anonymisation and erasure the history (events and chain
head) is deleted with the case (the default for tables referring to ``cases``)."""

from __future__ import annotations

from typing import Any

from counsel_app.consent.store import ConsentHistory
from counsel_app.i18n import D_, typed_language
from counsel_app.security.hooks import case_reference
from counsel_app.security.subject_access import (
    Language,
    Msg,
    Section,
    labelled,
    office_name,
    register_subject_access,
    typed,
)


def _details(details: dict[str, Any]) -> list:
    """The personal part of an event as readable text (names and notes as recorded; a note
    as the counsellor typed it, saying its language when it is not the copy's: the one
    recorded with the event, or for an event recorded before it was, the rule of
    :func:`counsel_app.i18n.typed_language`)."""
    recorded = details.get("text_language")
    written = typed_language(recorded if isinstance(recorded, str) else None)
    parts: list[str] = []
    interpreter = details.get("interpreter") or {}
    if isinstance(interpreter, dict) and interpreter.get("used"):
        parts.append(interpreter.get("name_or_id") or "")
        if interpreter.get("language"):
            parts.append(Language(interpreter["language"]))
    capacity = details.get("capacity") or {}
    guardian = capacity.get("guardian") if isinstance(capacity, dict) else None
    if isinstance(guardian, dict):
        parts.extend(str(guardian[k]) for k in ("name", "relation", "contact") if guardian.get(k))
    if isinstance(capacity, dict) and capacity.get("best_interests_ref"):
        parts.append(str(capacity["best_interests_ref"]))
    teach_back = details.get("teach_back") or {}
    if isinstance(teach_back, dict) and teach_back.get("note"):
        parts.append(typed(str(teach_back["note"]), written))
    for key in ("reason",):
        if details.get(key):
            parts.append(typed(str(details[key]), written))
    return [p for p in parts if p]


def consent_sections(ctx, case_id: int) -> list[Section]:
    # the receipt's labels; its module loads the PDF engine, which the app's start must not
    from counsel_app.documents.receipt_pdf import METHOD_LABELS, PURPOSE_LABELS, STATE_LABELS

    reference = case_reference(ctx, case_id)
    if not reference:
        return []
    events, _report = ConsentHistory(ctx.db, ctx.vault.cipher).events(reference)
    if not events:
        return []
    rows = []
    for e in events:
        recipient = office_name(e.details.get("recipient_name") or "", e.recipient_id or "")
        rows.append([
            e.recorded_at.date(),
            labelled(PURPOSE_LABELS, e.purpose.value, Msg),
            labelled(STATE_LABELS, e.kind.value, Msg),
            recipient,
            labelled(METHOD_LABELS, e.method.value, Msg) if e.method else "",
            _details(dict(e.details)),
        ])
    return [Section(D_("Consent"), table_header=(
        D_("Date"), D_("Consent"), D_("State"), D_("Organisation"), D_("How it was given"),
        D_("Details")), table_rows=rows)]


register_subject_access(consent_sections, "consent")
