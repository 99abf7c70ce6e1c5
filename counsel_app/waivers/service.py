"""Waivers, the general mechanism (Qt-free): an area lists the open items of a case that a
supervisor may waive; a supervisor waives one with a written reason; the area's rule counts
an item as met when it is done *or* waived. Every waiver and every revocation is audited.

An area plugs in with one call (the screening's required next steps do it in
:mod:`counsel_app.session.next_steps`; the travel checklist can do the same)::

    from counsel_app.waivers.service import WaivableItem, register_waivable

    def _open_checklist_items(ctx, case) -> list[WaivableItem]:
        return [WaivableItem("travel:medical_clearance", N_("Medical clearance"))]

    register_waivable("travel:", _open_checklist_items)

and its guard asks ``waived_items(ctx, case)`` (item keys with a waiver in force). Screens
and commands call::

    waive(ctx, case, "screening:fitness_to_travel", "Cleared by the airline's doctor ...")
    revoke(ctx, case, "screening:fitness_to_travel", "The clearance was withdrawn")
    open_items(ctx, case)          # what may be waived now (the areas' lists)
    history(ctx, case)             # every waiver, in force or revoked, oldest first
    supervisor_context(db, name, password)   # a supervisor signs on the counsellor's screen

Only a role with ``cases.waive`` (supervisor, administrator) may waive or revoke; the reason
must be written out (:data:`MIN_REASON`). Item keys are ``"<prefix><key>"`` with no personal
data (they go to the audit trail); the reasons are encrypted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from counsel_app.domain.case import Case, as_utc, utcnow
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, saved_language
from counsel_app.plugins import CORE, require_loaded
from counsel_app.security.roles import Permission
from counsel_app.waivers.models import WaiverRow, waiver_aad

#: the shortest reason accepted (a few words, not "ok")
MIN_REASON = 15


@dataclass(frozen=True)
class WaivableItem:
    """An open item a supervisor may waive: ``key`` ("screening:fitness_to_travel") and its
    label (untranslated, ``N_``), with what asks for it (untranslated labels too)."""

    key: str
    label: str
    required_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Waiver:
    item: str
    waived_by: str
    role: str
    reason: str
    waived_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str = ""
    revoke_reason: str = ""
    #: the languages the reasons were typed in, recorded when each was written (None: a
    #: waiver given before they were recorded)
    reason_language: str | None = None
    revoke_reason_language: str | None = None

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None


ItemSource = Callable[[object, Case], list[WaivableItem]]
_SOURCES: dict[str, ItemSource] = {}
_LABELS: dict[str, Callable[[str], str | None]] = {}


def register_waivable(prefix: str, source: ItemSource,
                      label: Callable[[str], str | None] | None = None) -> ItemSource:
    """``source(ctx, case)`` lists the open items (keys starting with ``prefix``) that a
    supervisor may waive now; ``label(key)`` names any item of the area (untranslated),
    open or not, for the history."""
    if not prefix.endswith(":"):
        raise ValueError("a waivable prefix ends with ':'")
    _SOURCES[prefix] = source
    if label is not None:
        _LABELS[prefix] = label
    return source


def item_label(key: str) -> str:
    """The untranslated label of an item key (the key itself when no area names it)."""
    require_loaded(CORE, "the waivable items")
    prefix = key.split(":", 1)[0] + ":"
    found = _LABELS[prefix](key) if prefix in _LABELS else None
    return found or key


def open_items(ctx, case: Case) -> list[WaivableItem]:
    """Every item of ``case`` that an area lets a supervisor waive now (not yet waived)."""
    require_loaded(CORE, "the waivable items")
    waived = waived_items(ctx, case)
    items: list[WaivableItem] = []
    for source in _SOURCES.values():
        items += [i for i in source(ctx, case) if i.key not in waived]
    return items


def _rows(ctx, case: Case) -> list[WaiverRow]:
    with ctx.db.read_session() as session:
        return list(session.scalars(select(WaiverRow).where(WaiverRow.case_id == case.id)
                                    .order_by(WaiverRow.waived_at, WaiverRow.id)))


def history(ctx, case: Case) -> list[Waiver]:
    """Every waiver of ``case`` (in force or revoked), oldest first, reasons decrypted."""
    cipher = ctx.vault.cipher
    out = []
    for row in _rows(ctx, case):
        out.append(Waiver(
            row.item, row.waived_by, row.role,
            cipher.decrypt_text(row.reason_enc, waiver_aad(case.reference, row.uid, "reason")),
            as_utc(row.waived_at), as_utc(row.revoked_at), row.revoked_by,
            cipher.decrypt_text(row.revoke_reason_enc,
                                waiver_aad(case.reference, row.uid, "revoke_reason"))
            if row.revoke_reason_enc else "", row.reason_language, row.revoke_reason_language))
    return out


def in_force(ctx, case: Case) -> dict[str, Waiver]:
    """The waivers in force, by item key."""
    return {w.item: w for w in history(ctx, case) if w.in_force}


def waived_items(ctx, case: Case) -> frozenset[str]:
    """The keys of the items waived now (no decryption: for guards)."""
    return frozenset(row.item for row in _rows(ctx, case) if row.revoked_at is None)


def _check_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(_("Write the reason for the waiver in a sentence (at least "
                                "{n} characters): it stays in the case's record.").format(
                                    n=MIN_REASON), field)
    return reason


def _require(ctx, case: Case) -> None:
    from counsel_app.security.access import check_case_access

    ctx.require(Permission.WAIVE)
    check_case_access(ctx, case.id)


def waive(ctx, case: Case, item: str, reason: str, *, now: datetime | None = None) -> Waiver:
    """Record that the signed-in supervisor waives ``item`` of ``case`` for ``reason``.
    Refused (changing nothing) when the role may not waive, the reason is not written out,
    or the item is not open (done already, waived already, or unknown)."""
    _require(ctx, case)
    reason = _check_reason(reason)
    labels = {i.key: i for i in open_items(ctx, case)}
    if item not in labels:
        if item in waived_items(ctx, case):
            raise UserError(_("“{item}” is waived already.").format(item=item))
        raise UserError(_("“{item}” is not an open item of case {reference} that can be "
                          "waived.").format(item=item, reference=case.reference))
    at = now or utcnow()
    uid = uuid.uuid4().hex
    language = saved_language(reason)  # the language the supervisor typed it in
    with ctx.db.session() as session:
        session.add(WaiverRow(
            uid=uid, case_id=case.id, item=item, waived_by=ctx.user, role=ctx.role,
            waived_at=at, revoked_by="",
            reason_enc=ctx.vault.cipher.encrypt_text(
                reason, waiver_aad(case.reference, uid, "reason")),
            reason_language=language))
    ctx.audit("waiver", case.reference, item)
    return Waiver(item, ctx.user, ctx.role, reason, at, reason_language=language)


def revoke(ctx, case: Case, item: str, reason: str, *,
           now: datetime | None = None) -> Waiver:
    """Withdraw the waiver of ``item`` in force (the item is open again); audited."""
    _require(ctx, case)
    reason = _check_reason(reason)
    at = now or utcnow()
    with ctx.db.session() as session:
        row = session.scalar(select(WaiverRow).where(
            WaiverRow.case_id == case.id, WaiverRow.item == item,
            WaiverRow.revoked_at.is_(None)))
        if row is None:
            raise UserError(_("“{item}” of case {reference} has no waiver in force.").format(
                item=item, reference=case.reference))
        row.revoked_at, row.revoked_by = at, ctx.user
        row.revoke_reason_enc = ctx.vault.cipher.encrypt_text(
            reason, waiver_aad(case.reference, row.uid, "revoke_reason"))
        row.revoke_reason_language = saved_language(reason)
    ctx.audit("waiver.revoke", case.reference, item)
    return next(w for w in reversed(history(ctx, case)) if w.item == item)


def supervisor_context(db, username: str, password: str):
    """A supervisor signs on the counsellor's screen to waive an item: their own signed-in
    context (password checked, back-off and lock-out as at sign-in), refused unless their
    role may waive."""
    from counsel_app.security.accounts import sign_in
    from counsel_app.security.roles import role_label

    ctx = sign_in(db, username, password)
    if not ctx.allows(Permission.WAIVE):
        raise UserError(_("{user} ({role}) cannot waive: a supervisor or an administrator "
                          "signs a waiver.").format(user=ctx.user, role=role_label(ctx.role)))
    return ctx
