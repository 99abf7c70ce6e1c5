"""What this station recorded about handover packages, and the status moves they make:
the package rows (sent and received, content encrypted), the *handed over* guard (a sent
package), :func:`move_status` inside the caller's transaction, and what an import returns
or refuses (:class:`ImportResult`, :class:`PackageRefused`).

Below :mod:`counsel_app.handover.package` (export, import), :mod:`~counsel_app.handover.ack`
and the follow-up service, which all use it; it imports none of them, so no import circle
passes through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.workflow import check_transition
from counsel_app.errors import UserError
from counsel_app.handover.keys import TrustedKey
from counsel_app.handover.models import HandoverPackageRow
from counsel_app.i18n import _
from counsel_app.services.status import (
    StatusBlocked,
    StatusChange,
    guard_reasons,
    guards_for,
    register_guard,
)
from counsel_app.storage.models import CaseRow

CONTENT_FORMAT = "counsel-app-handover"
ACK_FORMAT = "counsel-app-ack"
CONTENT_VERSION = 1


class PackageRefused(UserError):
    """A package that is not accepted; nothing was changed."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason  # not_a_package | truncated | malformed | wrong_recipient |
        # revoked_recipient | unknown_sender | revoked_sender | not_an_office |
        # bad_signature | replayed | undecryptable | bad_content | unknown_handover


@dataclass
class ImportResult:
    kind: str
    package_id: str
    sender: TrustedKey
    local_reference: str
    remote_reference: str
    shared: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    status: CaseStatus | None = None
    content: dict[str, Any] = field(default_factory=dict)


def write_private_file(path: Path, data: bytes) -> None:
    """Write a package or receipt file all at once, readable by its owner only (it holds
    personal data); a failure is one sentence naming the file."""
    from country_info.files import write_atomically

    try:
        write_atomically(path, data)
    except OSError as exc:
        raise UserError(_("Cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


def content_aad(package_id: str) -> str:
    return f"handover_packages:{package_id}:content"


def sent_handover_blockers(session, case_id: int) -> list[str]:
    """Why the case cannot be *handed over*: no handover package was sent for it."""
    sent = session.scalar(select(HandoverPackageRow.id).where(
        HandoverPackageRow.case_id == case_id, HandoverPackageRow.kind == "handover",
        HandoverPackageRow.direction == "sent").limit(1))
    if sent is None:
        return [_("No handover package has been sent for this case: export the handover to "
                  "the office in the country of return first.")]
    return []


def _handed_over_guard(ctx, change: StatusChange) -> list[str]:
    """The precondition of *handed over*, whatever path moves the case there."""
    with ctx.db.read_session() as session:
        return sent_handover_blockers(session, change.case.id)


register_guard(CaseStatus.HANDED_OVER, _handed_over_guard)


def move_status(session, case_id: int, target: CaseStatus, *, ctx=None) -> bool:
    """Move a case's status inside the caller's transaction if the workflow allows it.

    Returns whether it moved. Status is a clear column, so no decryption is needed; the
    row's version goes up, so a counsellor holding the case open gets the usual conflict.
    *Handed over* is checked in the same transaction: a sent handover package must be
    recorded for the case (the guard of :mod:`counsel_app.services.status`). Every other
    guard of ``target`` is asked too, which needs the signed-in ``ctx``: without it a
    guarded status is refused.
    """
    row = session.get(CaseRow, case_id)
    current = CaseStatus(row.status)
    if current is target:
        return False
    decision = Decision(row.decision) if row.decision else None
    check_transition(current, target, decision)
    if target is CaseStatus.DECISION_TAKEN:
        # a decision is entered with the decision itself (the session's use-case), never
        # as a bare status: without one, no guard could ask whether it is voluntary
        from counsel_app.domain.workflow import IllegalTransition

        raise IllegalTransition(current, target)
    if target is CaseStatus.HANDED_OVER:
        session.flush()
        reasons = sent_handover_blockers(session, case_id)
        if reasons:
            raise StatusBlocked(current, target, reasons)
    others = [g for g in guards_for(target) if g is not _handed_over_guard]
    if others:
        if ctx is None:
            raise StatusBlocked(current, target, [_(
                "The preconditions of this status could not be checked, so the case "
                "stays where it is.")])
        from counsel_app.storage.cases import CaseRepository

        case = CaseRepository(ctx.db, ctx.vault.cipher).get(case_id)  # as committed
        reasons = guard_reasons(ctx, StatusChange(case, target, decision),
                                skip=(_handed_over_guard,))
        if reasons:
            raise StatusBlocked(current, target, reasons)
    row.status = target.value
    row.updated_at = utcnow()
    return True


def packages_for_case(ctx, case_id: int) -> list[dict[str, Any]]:
    """Every package sent or received for a case, oldest first, decrypted (only for a
    case the signed-in user may see)."""
    from counsel_app.security.access import check_case_access

    check_case_access(ctx, case_id)
    with ctx.db.read_session() as session:
        rows = session.scalars(select(HandoverPackageRow)
                               .where(HandoverPackageRow.case_id == case_id)
                               .order_by(HandoverPackageRow.recorded_at,
                                         HandoverPackageRow.id)).all()
        return [{
            "package_id": r.package_id, "kind": r.kind, "direction": r.direction,
            "peer": r.peer_fingerprint, "remote_reference": r.remote_reference,
            "created_at": r.created_at, "recorded_at": r.recorded_at,
            "recorded_by": r.recorded_by,
            "content": ctx.vault.cipher.decrypt_json(r.content_enc, content_aad(r.package_id)),
        } for r in rows]
