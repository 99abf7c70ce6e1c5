"""The handover receipt as a printed page: what was sent, to whom, under which consent.

The counsellor's file copy of one handover package, beside the plain-text receipt. It names
categories of data, never their content. Input is plain data (:class:`ReceiptData`); the
handover area builds it from an export (``counsel_app.handover.receipt.receipt_data``).
Printed in the document language the counsellor chooses; sample cases carry the SAMPLE
watermark on every page like every other document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from counsel_app.documents.base import DocumentInfo, DocumentWriter, Span, clean
from counsel_app.domain.case import as_utc
from counsel_app.i18n import D_
from counsel_app.i18n import formatting

TITLE = D_("Handover receipt")

#: The data categories of a handover (keys of the consent area's data bundle).
CATEGORY_LABELS = {
    "identification": D_("Identification (name, date of birth, place of return)"),
    "plan": D_("Reintegration plan"),
    "assessments": D_("Assessments (without health details)"),
    "health": D_("Health data"),
    "identity_documents": D_("Copies of identity documents and photo"),
    "follow_up_contact": D_("Contact details for follow-up"),
    "travel": D_("Travel arrangements (route and reception on arrival)"),
    "asylum_history": D_("Asylum history (never shared)"),
    "confidential": D_("What the person told in confidence (shared with their consent)"),
}

#: The seven consents (``counsel_app.consent.purposes.Purpose`` values).
PURPOSE_LABELS = {
    "return_decision": D_("(1) Decision to return"),
    "data_processing": D_("(2) Processing of personal data"),
    "share_with_recipient": D_("(3) Sharing with this office"),
    "share_health_data": D_("(4) Sharing health data"),
    "follow_up_contact": D_("(5) Contact for follow-up after return"),
    "keep_id_documents": D_("(6) Keeping copies of identity documents"),
    "share_confidential": D_("(7) Telling this office what was told in confidence"),
}

STATE_LABELS = {
    "given": D_("Given"),
    "refused": D_("Refused"),
    "withdrawn": D_("Withdrawn"),
}

METHOD_LABELS = {
    "paper_signature": D_("Signed paper form"),
    "screen_signature": D_("Signature on screen"),
    "spoken_witnessed": D_("Spoken agreement, witnessed by the counsellor"),
}


@dataclass
class ReceiptData:
    """One sent handover package, as plain data."""

    reference: str
    package_id: str
    created: datetime
    sender_name: str
    sender_fingerprint: str
    recipient_name: str
    recipient_fingerprint: str
    shared: Sequence[str] = ()
    withheld: Sequence[str] = ()
    #: the consents that bear on this sharing: dicts with ``purpose``, ``state``,
    #: ``since`` (ISO text or datetime), ``text_version``, ``text_language``, ``method``
    consents: Sequence[dict[str, Any]] = field(default_factory=list)
    is_sample: bool = False
    #: ISO country whose formats the dates follow (the host country: a staff document)
    country: str | None = None


def group_fingerprint(fp: str) -> str:
    """``70d9e3bc...`` -> ``70D9 E3BC ...`` (groups of 4 to read aloud)."""
    fp = "".join(ch for ch in str(fp) if ch.isalnum()).upper()
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return as_utc(moment)


def _language(code: str, lang: str) -> str:
    if not code:
        return ""
    try:
        from counsel_app.i18n.names import language_name

        return language_name(code, lang)
    except Exception:  # noqa: BLE001 - an unknown code is printed as it is
        return clean(code)


def render_handover_receipt(data: ReceiptData, lang: str, *, organisation: str = "",
                            logo=None, printed_on: date | None = None,
                            out: str | Path | None = None) -> bytes:
    """The receipt as PDF bytes (and written to ``out``)."""
    writer = DocumentWriter(DocumentInfo(
        title=TITLE, lang=lang, reference=data.reference, organisation=organisation,
        logo=logo, is_sample=data.is_sample, country=data.country, printed_on=printed_on))
    w = writer

    def moment(value: Any) -> str:
        when = _when(value)
        if when is None:
            return clean(value)
        utc = when.astimezone(timezone.utc)
        return w.fmt(D_("{date}, {time} UTC"), date=w.date(utc.date()),
                     time=formatting.format_time(utc, w.main.locale, "short"))

    def office(name: str, fp: str) -> list[Span]:
        return w.fmt(D_("{office} (key {fingerprint})"), office=name or "–",
                     fingerprint=group_fingerprint(fp))

    def category(key: str) -> str:
        return w.t(CATEGORY_LABELS[key]) if key in CATEGORY_LABELS else clean(key)

    story: list[Flowable] = []
    story += w.fixed(TITLE, w.h1)
    if data.is_sample:
        story += w.fixed(D_("SAMPLE: fictional data, not a real case."),
                         w.body.replace(bold=True))
    story += w.fixed(D_("What was sent to the office in the country of return, to whom and "
                        "under which consent. This receipt names kinds of data, never their "
                        "content. Keep it with the case file."), w.small)
    story.append(w.spacer(4))
    story += w.fields([
        (D_("Case"), data.reference),
        (D_("Package"), data.package_id),
        (D_("Made on"), moment(data.created)),
        (D_("Sent by"), office(data.sender_name, data.sender_fingerprint)),
        (D_("Sent to"), office(data.recipient_name, data.recipient_fingerprint)),
    ])

    story += w.heading(D_("Sent: only what the person consented to share with this office"))
    story += (w.bullets([category(k) for k in data.shared]) if data.shared
              else w.fixed(D_("Nothing.")))
    story += w.heading(D_("Not sent: no consent in force, or never shared"))
    story += (w.bullets([category(k) for k in data.withheld]) if data.withheld
              else w.fixed(D_("Nothing was withheld.")))

    story += w.heading(D_("Under these consents"))
    rows = []
    for item in data.consents:
        purpose = str(item.get("purpose") or "")
        state = str(item.get("state") or "")
        method = str(item.get("method") or "")
        version = item.get("text_version")
        rows.append([
            w.t(PURPOSE_LABELS[purpose]) if purpose in PURPOSE_LABELS else clean(purpose),
            w.t(STATE_LABELS[state]) if state in STATE_LABELS else clean(state),
            moment(item.get("since")) if item.get("since") else "",
            w.integer(int(version)) if isinstance(version, int) else clean(version or ""),
            _language(str(item.get("text_language") or ""), lang),
            w.t(METHOD_LABELS[method]) if method in METHOD_LABELS else clean(method),
        ])
    if rows:
        story += w.table([D_("Consent"), D_("State"), D_("Since"), D_("Text version"),
                          D_("Language of the text"), D_("How it was given")], rows,
                         [0.24, 0.1, 0.2, 0.1, 0.14, 0.22], numeric=(3,))
    else:
        story += w.fixed(D_("No consent is recorded."))
    story.append(w.spacer(8))
    story += w.fixed(D_("The package is encrypted to the office's key and signed by this "
                        "station. Compare the key fingerprints with the office by phone if "
                        "in doubt."), w.small)
    return writer.build(story, out)
