"""The consent history of each case: append-only, encrypted, hash-chained.

Each event's hash covers its clear columns, a digest of its encrypted personal part, the
digest of the consent text it refers to and the hash of the event before it in the same
case. The chain head (last sequence number and hash) is kept in ``consent_heads``.
:meth:`ConsentHistory.verify` recomputes everything and reports every break: an event
changed, deleted (in the middle or at the end), reordered or inserted, a personal part
swapped or damaged, a used consent text edited.

The repository only ever inserts events; there is no update or delete of an event.

An event's personal part (``details``) holds the texts the counsellor typed (the teach-back
note, the reason of a withdrawal) and ``text_language``, the language they were typed in:
:func:`counsel_app.i18n.writing_language` when the event is appended (an event is never
edited). An event recorded before it was kept has no ``text_language``. (Not the
event's ``text_language``: that is the language of the consent text shown.)
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from counsel_app.consent.models import ConsentEventRow, ConsentHeadRow, ConsentTextRow
from counsel_app.consent.purposes import EventKind, Method, Purpose, Signer
from counsel_app.consent.rules import ConsentEvent
from counsel_app.consent.texts import text_digest
from counsel_app.domain.case import as_utc
from counsel_app.errors import ConflictError, NotFound
from counsel_app.i18n import _, writing_language
from counsel_app.storage.crypto import DecryptionError, FieldCipher
from counsel_app.storage.db import Database
from counsel_app.storage.models import CaseRow

CHAIN_VERSION = 1


def genesis_hash(reference: str) -> str:
    return hashlib.sha256(f"counsel-app consent chain v{CHAIN_VERSION}|{reference}".encode()
                          ).hexdigest()


def _utc(value: datetime) -> datetime:
    return as_utc(value).astimezone(timezone.utc)


def _stamp(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(reference: str, *, seq: int, event_id: str, kind: str, purpose: str,
               recipient_id: str, recorded_at: datetime, text_id: int | None,
               text_sha256: str, method: str, signer: str, details_enc: bytes,
               prev_hash: str) -> str:
    fields = {
        "v": CHAIN_VERSION, "case": reference, "seq": seq, "event_id": event_id,
        "kind": kind, "purpose": purpose, "recipient": recipient_id,
        "at": _stamp(recorded_at), "text_id": text_id, "text_sha256": text_sha256,
        "method": method, "signer": signer,
        "details": hashlib.sha256(details_enc).hexdigest(), "prev": prev_hash,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()


def _row_hash(reference: str, row: ConsentEventRow, prev_hash: str) -> str:
    return event_hash(
        reference, seq=row.seq, event_id=row.event_id, kind=row.kind, purpose=row.purpose,
        recipient_id=row.recipient_id, recorded_at=row.recorded_at, text_id=row.text_id,
        text_sha256=row.text_sha256, method=row.method, signer=row.signer,
        details_enc=row.details_enc, prev_hash=prev_hash,
    )


def details_aad(reference: str, event_id: str) -> str:
    return f"consent_events:{reference}:{event_id}:details"


@dataclass(frozen=True)
class NewEvent:
    """An event to append (the service fills it from the counsellor's input)."""

    kind: EventKind
    purpose: Purpose
    recipient_id: str
    recorded_at: datetime
    details: dict[str, Any]
    text_id: int | None = None
    method: Method | None = None
    signer: Signer = Signer.PERSON


@dataclass(frozen=True)
class Break:
    """One place where the history does not check out."""

    seq: int | None
    problem: str  # changed / deleted / reordered / inserted / unreadable / text_changed
    message: str


@dataclass
class VerifyReport:
    reference: str
    events: int = 0
    head_hash: str = ""
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


class ConsentHistory:
    def __init__(self, db: Database, cipher: FieldCipher):
        self.db = db
        self.cipher = cipher

    def _case(self, session, reference: str) -> CaseRow:
        row = session.scalar(select(CaseRow).where(CaseRow.reference == reference.upper()))
        if row is None:
            raise NotFound(_("There is no case {reference}.").format(reference=reference))
        return row

    # -- append -------------------------------------------------------------------------
    def append(self, reference: str, events: Sequence[NewEvent]) -> list[ConsentEvent]:
        """Append ``events`` to the case's chain in one transaction (all or none)."""
        for _attempt in range(5):
            try:
                return self._append(reference, events)
            except IntegrityError:
                continue  # another station appended at the same moment: chain on its head
        raise ConflictError(_("Could not record the consent for case {reference} because "
                              "another station was recording at the same time; try again.")
                            .format(reference=reference))

    def _append(self, reference: str, events: Sequence[NewEvent]) -> list[ConsentEvent]:
        out: list[ConsentEvent] = []
        with self.db.session() as session:
            case = self._case(session, reference)
            reference = case.reference
            head = session.get(ConsentHeadRow, case.id, with_for_update=True)
            if head is None:
                seq, prev = 0, genesis_hash(reference)
                head = ConsentHeadRow(case_id=case.id, last_seq=0, head_hash=prev)
                session.add(head)
            else:
                seq, prev = head.last_seq, head.head_hash
            for new in events:
                seq += 1
                event_id = str(uuid.uuid4())
                text_sha, text_row = "", None
                if new.text_id is not None:
                    text_row = session.get(ConsentTextRow, new.text_id)
                    if text_row is None:
                        raise NotFound(_("There is no consent text with id {id}.").format(
                            id=new.text_id))
                    text_sha = text_row.sha256
                    if text_row.first_used_at is None:
                        text_row.first_used_at = new.recorded_at  # frozen from now on
                # the language the counsellor writes in, beside the texts they typed
                # (teach-back note, reason): the person's copy says it
                details = {**new.details}
                details.setdefault("text_language", writing_language())
                details_enc = self.cipher.encrypt_json(details, details_aad(reference, event_id))
                row = ConsentEventRow(
                    case_id=case.id, seq=seq, event_id=event_id, kind=new.kind.value,
                    purpose=new.purpose.value,
                    recipient_id=new.recipient_id if new.purpose.needs_recipient else "",
                    recorded_at=_utc(new.recorded_at), text_id=new.text_id,
                    text_sha256=text_sha, method=new.method.value if new.method else "",
                    signer=new.signer.value, details_enc=details_enc, prev_hash=prev, hash="",
                )
                row.hash = _row_hash(reference, row, prev)
                session.add(row)
                prev = row.hash
                out.append(self._to_event(row, details, text_row))
            head.last_seq, head.head_hash = seq, prev
            session.flush()
        return out

    # -- read ---------------------------------------------------------------------------
    def events(self, reference: str) -> tuple[list[ConsentEvent], VerifyReport]:
        """The case's history in order, and the verification of its chain."""
        with self.db.read_session() as session:
            case = self._case(session, reference)
            return self._read(session, case)

    def verify(self, reference: str) -> VerifyReport:
        return self.events(reference)[1]

    def _read(self, session, case: CaseRow) -> tuple[list[ConsentEvent], VerifyReport]:
        reference = case.reference
        rows = session.scalars(
            select(ConsentEventRow).where(ConsentEventRow.case_id == case.id)
            .order_by(ConsentEventRow.seq, ConsentEventRow.id)
        ).all()
        head = session.get(ConsentHeadRow, case.id)
        texts = {t.id: t for t in session.scalars(
            select(ConsentTextRow).where(ConsentTextRow.id.in_(
                {r.text_id for r in rows if r.text_id is not None})))}
        report = VerifyReport(reference, events=len(rows))
        events: list[ConsentEvent] = []
        prev = genesis_hash(reference)
        expected_seq = 1
        for row in rows:
            if row.seq != expected_seq:
                if row.seq > expected_seq:
                    report.breaks.append(Break(row.seq, "deleted", _(
                        "Events {first} to {last} are missing before event {seq}.").format(
                        first=expected_seq, last=row.seq - 1, seq=row.seq)))
                else:
                    report.breaks.append(Break(row.seq, "reordered", _(
                        "Event {seq} is out of order.").format(seq=row.seq)))
            expected_seq = row.seq + 1
            recomputed = _row_hash(reference, row, row.prev_hash)
            if recomputed != row.hash:
                report.breaks.append(Break(row.seq, "changed", _(
                    "Event {seq} was changed after it was recorded.").format(seq=row.seq)))
            if row.prev_hash != prev:
                report.breaks.append(Break(row.seq, "inserted", _(
                    "Event {seq} does not follow the event recorded before it (an event was "
                    "inserted, removed or moved).").format(seq=row.seq)))
            prev = row.hash
            try:
                details = self.cipher.decrypt_json(row.details_enc,
                                                   details_aad(reference, row.event_id))
            except (DecryptionError, ValueError):
                details = {}
                report.breaks.append(Break(row.seq, "unreadable", _(
                    "The personal part of event {seq} is damaged or belongs elsewhere.")
                    .format(seq=row.seq)))
            text = texts.get(row.text_id) if row.text_id is not None else None
            if row.text_id is not None:
                if text is None or text.sha256 != row.text_sha256 or text.sha256 != text_digest(
                        text.purpose, text.language, text.version, text.title, text.body):
                    report.breaks.append(Break(row.seq, "text_changed", _(
                        "The consent text used by event {seq} was changed after it was used.")
                        .format(seq=row.seq)))
            try:
                events.append(self._to_event(row, details, text))
            except ValueError:
                report.breaks.append(Break(row.seq, "changed", _(
                    "Event {seq} holds a value the app does not know.").format(seq=row.seq)))
        if rows:
            if head is None or head.last_seq != rows[-1].seq or head.head_hash != rows[-1].hash:
                report.breaks.append(Break(None, "deleted", _(
                    "The last recorded events are missing or the chain's end was altered.")))
        elif head is not None and head.last_seq > 0:
            report.breaks.append(Break(None, "deleted", _(
                "All {count} recorded events are missing.").format(count=head.last_seq)))
        report.head_hash = rows[-1].hash if rows else ""
        return events, report

    @staticmethod
    def _to_event(row: ConsentEventRow, details: dict[str, Any],
                  text: ConsentTextRow | None) -> ConsentEvent:
        return ConsentEvent(
            seq=row.seq, event_id=row.event_id, kind=EventKind(row.kind),
            purpose=Purpose(row.purpose), recipient_id=row.recipient_id,
            recorded_at=_utc(row.recorded_at), text_id=row.text_id,
            text_version=text.version if text is not None else None,
            text_language=text.language if text is not None else "",
            method=Method(row.method) if row.method else None, signer=Signer(row.signer),
            details=details,
        )
