"""The human-readable receipt of a handover: what was sent, to whom, under which consent.

Plain text in the interface language (the counsellor's file copy; it names categories of
data, never their content). Written beside the package as ``<package>.receipt.txt``; the
same receipt printed (PDF, document layer, in the document language the counsellor
chooses) as ``<package>.receipt.pdf``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counsel_app.handover.keys import spoken
from counsel_app.i18n import N_, _

CATEGORY_LABELS = {
    "identification": N_("Identification (name, date of birth, place of return)"),
    "plan": N_("Reintegration plan"),
    "assessments": N_("Assessments (without health details)"),
    "health": N_("Health data"),
    "identity_documents": N_("Copies of identity documents and photo"),
    "follow_up_contact": N_("Contact details for follow-up"),
    "travel": N_("Travel arrangements (route and reception on arrival)"),
    "asylum_history": N_("Asylum history (never shared)"),
    "confidential": N_("What the person told in confidence (shared with their consent)"),
}


def category_label(key: str) -> str:
    return _(CATEGORY_LABELS[key]) if key in CATEGORY_LABELS else key


def purpose_label(value: str) -> str:
    from counsel_app.consent.purposes import Purpose

    try:
        return _(Purpose(value).label)
    except ValueError:  # a purpose this version does not know: its key
        return value


#: the state of a consent carried by a handover, in words (receipts, the office's case
#: view, ``followup consents``)
CONSENT_STATES = {"given": N_("given"), "refused": N_("refused"), "withdrawn": N_("withdrawn")}


def consent_lines(consents: list[dict[str, Any]]) -> list[str]:
    """The consents a package carries, one line each: the purpose and its state in words,
    since when, and the text the person was given (its version, its language by name)."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.names import language_name

    lines = []
    for item in consents:
        state = CONSENT_STATES.get(item.get("state"))
        language = item.get("text_language")
        lines.append(_("  - {purpose}: {state} on {date} (text version {version}, "
                       "language {language})").format(
            purpose=purpose_label(item.get("purpose", "")),
            state=_(state) if state else item.get("state"),
            date=moment_text(item.get("since")), version=item.get("text_version") or "?",
            language=language_name(language, interface_language(), capitalised=False)
            if language else "?"))
    return lines or [_("  (none)")]


def moment_text(value: Any) -> str:
    """A moment of a receipt (a datetime or its ISO text) in UTC, its day in the medium form
    of the interface language and its time ("Dec 4, 2026 10:30 AM", "4 déc. 2026 10:30"),
    as the screens show them; never ISO. A text that is not such a moment is kept as it
    is (nothing is hidden)."""
    from datetime import timezone

    from counsel_app.domain.case import as_utc
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_datetime

    if value is None or value == "":
        return ""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return show_datetime(as_utc(moment).astimezone(timezone.utc), interface_language())


def handover_receipt(result, station, created: datetime) -> str:
    """The receipt of one export (``result`` is an ExportResult)."""
    office = result.recipient
    lines = [
        _("HANDOVER RECEIPT"),
        "",
        *([_("SAMPLE — fictional data, not a real case"), ""] if result.is_sample else []),
        _("Case: {reference}").format(reference=result.reference),
        _("Package: {package_id}").format(package_id=result.package_id),
        _("Made: {when} (UTC)").format(when=moment_text(created)),
        _("From this station: {name} (key {fingerprint})").format(
            name=station.name or "-", fingerprint=spoken(station.fingerprint)),
        _("To: {name} (key {fingerprint})").format(
            name=office.name or "-", fingerprint=spoken(office.fingerprint)),
        "",
        _("Sent (only what the person consented to share with this office):"),
    ]
    lines += [f"  - {category_label(key)}" for key in result.shared] or [_("  (nothing)")]
    lines += ["", _("Not sent (no consent in force, or never shared):")]
    lines += [f"  - {category_label(key)}" for key in result.withheld] or [_("  (nothing)")]
    lines += ["", _("Under these consents:")]
    lines += consent_lines(result.consents)
    lines += ["", _("The package is encrypted to the office's key and signed by this station. "
                    "Keep this receipt with the case file."), ""]
    return "\n".join(lines)


def receipt_language(lang: str | None) -> str:
    """The document language of the printed receipt: ``lang`` if it is one, else the
    interface language (English when the interface language is not a document language)."""
    from counsel_app.errors import ValidationError
    from counsel_app.i18n import DOCUMENT_LANGUAGES, interface_language

    if lang:
        if lang not in DOCUMENT_LANGUAGES:
            raise ValidationError(
                _("“{lang}” is not a document language (choose from {choices}).").format(
                    lang=lang, choices=", ".join(DOCUMENT_LANGUAGES)), "receipt_lang")
        return lang
    current = interface_language()
    return current if current in DOCUMENT_LANGUAGES else "en"


def receipt_data(case, package_id: str, created: datetime, station, office,
                 shared, withheld, consents):
    """The printed receipt's plain data (``station``: this station's identity,
    ``office``: the trusted recipient key)."""
    from counsel_app.documents.receipt_pdf import ReceiptData

    return ReceiptData(
        reference=case.reference, package_id=package_id, created=created,
        sender_name=station.name or "", sender_fingerprint=station.fingerprint,
        recipient_name=office.name or "", recipient_fingerprint=office.fingerprint,
        shared=sorted(shared), withheld=sorted(withheld), consents=list(consents),
        is_sample=bool(case.is_sample), country=case.host_country or None)


def receipt_pdf_bytes(case, package_id: str, created: datetime, station, office,
                      shared, withheld, consents, lang: str) -> bytes:
    from counsel_app.documents.receipt_pdf import render_handover_receipt

    return render_handover_receipt(
        receipt_data(case, package_id, created, station, office, shared, withheld, consents),
        lang, organisation=station.name or "")
