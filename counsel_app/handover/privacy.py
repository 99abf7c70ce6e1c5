"""The handover area's part in data protection.

* Subject access: every package sent or received for the case (when, to or from which
  office, what was shared and withheld) and what a received package or acknowledgement
  carried, in the person's copy of their data.
* Retention: a package row is **not** deleted with the case, because its package id is
  what makes a replayed package recognisable (an erased person's data must not come back by
  importing the same file again). What stays is a non-personal stub: package id, kind,
  direction, the other office's key fingerprint and dates.

  - anonymisation keeps the link to the (anonymised) case, so the monitoring figures still
    count the handover; the stored content is cut to what carries no personal data
    (format, offices, the case's countries and decision, the categories shared/withheld);
  - erasure cuts the content to the package id alone, unlinks the case (``case_id`` NULL)
    and clears the other office's case reference.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from counsel_app.handover.models import HandoverPackageRow
from counsel_app.i18n import D_
from counsel_app.security.hooks import case_reference
from counsel_app.security.retention import CaseDataHandler, register_case_data_handler
from counsel_app.security.subject_access import Msg, Section, register_subject_access

#: parts of a handover's content that hold nothing about the person
_NON_PERSONAL = ("format", "version", "package_id", "created", "sender", "recipient",
                 "shared", "withheld")
_CASE_STATS = ("return_country", "host_country", "decision", "is_sample")


def _flatten(value: Any, prefix: str = "") -> list[list[str]]:
    """Readable ``[where, value]`` rows of nested plain data."""
    if isinstance(value, dict):
        lines: list[list[str]] = []
        for key in sorted(value):
            lines += _flatten(value[key], f"{prefix}{key} › " if prefix or key else "")
        return lines
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            text = ", ".join(str(v) for v in value if v not in (None, ""))
            return [[prefix.rstrip(" ›"), text]] if text else []
        lines = []
        for i, item in enumerate(value, 1):
            lines += _flatten(item, f"{prefix}{i} › ")
        return lines
    if value in (None, "", False):
        return []
    return [[prefix.rstrip(" ›"), str(value)]]


def _category(key: str) -> Msg | str:
    from counsel_app.documents.receipt_pdf import CATEGORY_LABELS

    return Msg(CATEGORY_LABELS[key]) if key in CATEGORY_LABELS else key


def handover_sections(ctx, case_id: int) -> list[Section]:
    from counsel_app.handover.package import packages_for_case

    if not case_reference(ctx, case_id):
        return []
    packages = packages_for_case(ctx, case_id)
    if not packages:
        return []
    from counsel_app.handover.models import TrustedKeyRow

    with ctx.db.read_session() as session:
        names = dict(session.execute(select(TrustedKeyRow.fingerprint, TrustedKeyRow.name)).all())
    rows, sections = [], []
    for p in packages:
        content = p["content"] or {}
        sent = p["direction"] == "sent"
        office = dict((content.get("recipient") if sent else content.get("sender")) or {})
        office.setdefault("name", names.get(p["peer"], ""))
        rows.append([p["created_at"], Msg(D_("Sent to") if sent else D_("Sent by")),
                     office.get("name") or p["peer"]])
        carried = {k: v for k, v in content.items() if k not in _NON_PERSONAL and k != "case"}
        sections.append(Section(D_("Package"), [
            (D_("Package"), p["package_id"]),
            (D_("Made on"), p["created_at"]),
            (D_("Sent to") if sent else D_("Sent by"), office.get("name") or p["peer"]),
            (D_("Sent: only what the person consented to share with this office"),
             [_category(c) for c in content.get("shared") or []]),
            (D_("Not sent: no consent in force, or never shared"),
             [_category(c) for c in content.get("withheld") or []]),
        ]))
        lines = _flatten(carried) if not sent else []
        if lines:  # what a received package or acknowledgement carried, as kept here
            sections.append(Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                                    table_rows=lines))
    return [Section(D_("Handover packages"), table_header=(D_("Date"), D_("Kind"),
                                                           D_("Organisation")),
                    table_rows=rows), *sections]


# -- retention ------------------------------------------------------------------------------

def _stub(ctx, row: HandoverPackageRow, *, keep_case: bool) -> None:
    from counsel_app.handover.package import content_aad

    cipher = ctx.vault.cipher
    content = cipher.decrypt_json(row.content_enc, content_aad(row.package_id))
    if keep_case and row.kind == "handover":
        kept = {k: content[k] for k in _NON_PERSONAL if k in content}
        kept["case"] = {k: (content.get("case") or {}).get(k) for k in _CASE_STATS}
    else:
        kept = {"package_id": row.package_id, "kind": row.kind}
    kept["anonymised" if keep_case else "erased"] = True
    row.content_enc = cipher.encrypt_json(kept, content_aad(row.package_id))
    if not keep_case:
        row.case_id = None
        row.remote_reference = ""


def _anonymise(session, case_id: int, ctx) -> None:
    for row in session.scalars(select(HandoverPackageRow)
                               .where(HandoverPackageRow.case_id == case_id)):
        _stub(ctx, row, keep_case=True)
    session.flush()


def _erase(session, case_id: int, ctx) -> None:
    for row in session.scalars(select(HandoverPackageRow)
                               .where(HandoverPackageRow.case_id == case_id)):
        _stub(ctx, row, keep_case=False)
    session.flush()


register_subject_access(handover_sections)
register_case_data_handler("handover_packages", CaseDataHandler(_anonymise, _erase))
