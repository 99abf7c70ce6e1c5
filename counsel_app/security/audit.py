"""The audit trail: append-only, hash-chained events of who did what to which case.

Each event carries an HMAC-SHA256 over its own fields and the previous event's hash, keyed
with a key derived from the database's data key: editing, deleting or inserting a row breaks
the chain, and nobody without an account's password can rebuild it. Appends lock the single
chain-head row (``audit_chain_head``), so concurrent writers on PostgreSQL (and SQLite's
single writer) line up and the sequence has no gaps.

Events hold no personal data: the account name, its role, the action, the case reference
and a short non-personal detail.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select, update

from counsel_app.domain.case import as_utc, utcnow
from counsel_app.i18n import N_, _
from counsel_app.security.models import AuditEvent, AuditHead, UserRow
from counsel_app.storage.db import Database

GENESIS = "0" * 64
MAX_DETAIL = 255

#: The usual actions (others may be recorded too); labels for the audit view.
ACTIONS = {
    "create": N_("created"),
    "view": N_("viewed"),
    "change": N_("changed"),
    "print": N_("printed"),
    "export": N_("exported"),
    "import": N_("imported"),
    "erase": N_("erased"),
    "anonymise": N_("anonymised"),
    "subject_access": N_("gave subject access copy"),
    "grant_access": N_("handed to caseworker"),
    "sign_in": N_("signed in"),
    "user_add": N_("added account"),
    "user_unlock": N_("unlocked account"),
    "password_change": N_("changed password"),
    "backup": N_("made backup"),
    "restore": N_("restored backup"),
    "retention": N_("applied retention"),
    "settings": N_("changed settings"),
    "view_audit": N_("read the audit trail"),
}


def audit_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None,
                info=b"counsel-app audit chain v1").derive(data_key)


def _ts(value: datetime) -> str:
    return as_utc(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(key: bytes, prev_hash: str, seq: int, at: datetime, username: str, role: str,
               action: str, reference: str | None, detail: str) -> str:
    message = "\x1f".join(
        [prev_hash, str(seq), _ts(at), username, role, action, reference or "", detail]
    )
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    username: str
    role: str
    action: str
    reference: str | None
    detail: str

    @property
    def action_label(self) -> str:
        return _(ACTIONS[self.action]) if self.action in ACTIONS else self.action


def append(db: Database, key: bytes, *, username: str, role: str, action: str,
           reference: str | None = None, detail: str = "",
           at: datetime | None = None) -> int:
    """Append one event in its own transaction; returns its sequence number."""
    # the columns' sizes (PostgreSQL refuses longer values; the event must still be written)
    detail = (detail or "")[:MAX_DETAIL]
    action, username, role = action[:32], username[:64], (role or "")[:20]
    reference = reference[:20] if reference else None
    at = at or utcnow()
    with db.session() as session:
        # The UPDATE takes the head row's lock (PostgreSQL) / the write lock (SQLite) first,
        # so two writers can never read the same head.
        row = session.execute(
            update(AuditHead).where(AuditHead.id == 1)
            .values(last_seq=AuditHead.last_seq + 1)
            .returning(AuditHead.last_seq, AuditHead.last_hash)
        ).first()
        if row is None:
            session.add(AuditHead(id=1, last_seq=1, last_hash=GENESIS))
            session.flush()
            seq, prev = 1, GENESIS
        else:
            seq, prev = row.last_seq, row.last_hash
        digest = event_hash(key, prev, seq, at, username, role, action, reference, detail)
        session.add(AuditEvent(seq=seq, at=at, username=username, role=role, action=action,
                               reference=reference, detail=detail, prev_hash=prev, hash=digest))
        session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=digest))
    return seq


def record(ctx, action: str, reference: str | None = None, detail: str = "") -> None:
    """The listener registered on :data:`counsel_app.context.AUDIT_LISTENERS`."""
    append(ctx.db, audit_key(ctx.vault.data_key), username=ctx.user,
           role=getattr(ctx, "role", ""), action=action, reference=reference, detail=detail)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    broken_seq: int | None = None
    problem: str = ""

    def message(self) -> str:
        if self.ok:
            return _("The audit trail is intact: {count} events, chain unbroken.").format(
                count=self.count)
        return _("The audit trail is broken at event {seq}: {problem}").format(
            seq=self.broken_seq, problem=self.problem)


def verify(db: Database, key: bytes) -> VerifyResult:
    """Walk the chain from the start; name the first event that does not hold."""
    prev, expected_seq, count = GENESIS, 1, 0
    with db.read_session() as session:
        head = session.get(AuditHead, 1)
        for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(500):
            if ev.seq != expected_seq:
                missing = ev.seq > expected_seq
                return VerifyResult(False, count, expected_seq if missing else ev.seq,
                                    _("events are missing before it.") if missing
                                    else _("its number is out of sequence."))
            if ev.prev_hash != prev:
                return VerifyResult(False, count, ev.seq,
                                    _("it does not link to the event before it."))
            digest = event_hash(key, ev.prev_hash, ev.seq, ev.at, ev.username, ev.role,
                                ev.action, ev.reference, ev.detail)
            if not hmac.compare_digest(digest, ev.hash):
                return VerifyResult(False, count, ev.seq,
                                    _("its content was changed after it was written."))
            prev, expected_seq, count = ev.hash, expected_seq + 1, count + 1
        if head is None:
            return VerifyResult(False, count, expected_seq, _("the chain head is missing."))
        if count == 0 and session.scalar(select(UserRow.id).limit(1)) is not None:
            # creating the first account always writes event 1: an empty trail was wiped
            return VerifyResult(False, 0, 1, _("the trail is empty although accounts exist."))
        if head.last_seq != count or head.last_hash != prev:
            return VerifyResult(False, count, count + 1 if head.last_seq > count else head.last_seq,
                                _("events at the end of the trail were removed or replaced."))
    return VerifyResult(True, count)


def events(db: Database, *, username: str | None = None, action: str | None = None,
           reference: str | None = None, since: datetime | None = None,
           until: datetime | None = None, limit: int | None = None, offset: int = 0,
           descending: bool = False) -> list[Event]:
    query = select(AuditEvent)
    if username:
        query = query.where(AuditEvent.username == username)
    if action:
        query = query.where(AuditEvent.action == action)
    if reference:
        query = query.where(AuditEvent.reference == reference.upper())
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    query = query.order_by(AuditEvent.seq.desc() if descending else AuditEvent.seq)
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    with db.read_session() as session:
        return [_event(row) for row in session.scalars(query)]


def _event(row: AuditEvent) -> Event:
    return Event(row.seq, as_utc(row.at), row.username, row.role, row.action, row.reference, row.detail)


def read_events(ctx, **filters) -> list[Event]:
    """The events a signed-in user may read (supervisors and administrators)."""
    from counsel_app.security.roles import Permission

    ctx.require(Permission.AUDIT_READ)
    return events(ctx.db, **filters)


def verify_for(ctx) -> VerifyResult:
    from counsel_app.security.roles import Permission

    ctx.require(Permission.AUDIT_READ)
    return verify(ctx.db, audit_key(ctx.vault.data_key))


def _register() -> None:
    from counsel_app.context import AUDIT_LISTENERS

    if record not in AUDIT_LISTENERS:
        AUDIT_LISTENERS.append(record)


_register()
