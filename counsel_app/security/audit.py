"""The audit trail: append-only, hash-chained events of who did what to which case.

Design (docs/security.md, "Audit trail"):

* **One chain per account.** Each event carries an HMAC-SHA256 (key derived from the data
  key) over its fields, its chain and position, and the previous event's hash in the same
  chain. An account's appends lock only its own chain head (``audit_chains``), so the
  counsellors of a centre never wait on each other; ``seq`` (an identity) orders the whole
  trail for reading.
* **In the action's transaction.** :func:`record` writes into the transaction the caller has
  open on the database (``with ctx.db.session(): ...; ctx.audit(...)``), so an action and its
  event commit together or not at all.
* **Heads under MAC, tied together by an anchor.** Each chain head (count, last hash) has a
  MAC under the data key; the anchor (``audit_anchor``, one row) records every chain's head,
  every account's integrity MAC and the problems found so far, under the data key's MAC, and
  is mirrored into each key slot. It is renewed at each sign-in and by every change of an
  account. Deleting the last events and rewriting a head, wiping the trail, deleting a
  chain, removing the anchor or putting back an older one are all reported.
* **Verification before writing.** A sign-in inspects the anchor, every head and every
  chain's last event before it writes its own event; the first append of a signed-in
  session checks its chain's last event; every append checks its head's MAC. A damaged chain
  is never extended or resealed: the account continues in a new chain (``name/2``) and the
  damage stays visible until an administrator acknowledges it (:func:`repair`), which is
  itself an audited event. Nobody is ever locked out by a damaged trail.

Events hold no personal data: the account name, its role, the action, the case reference
and a short non-personal detail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import DateTime, bindparam, func, select, text, update
from sqlalchemy.exc import DBAPIError

from counsel_app.domain.case import as_utc, utcnow
from counsel_app.i18n import N_, _, ngettext
from counsel_app.security import integrity
from counsel_app.security.models import AuditAnchor, AuditChain, AuditEvent, UserRow
from counsel_app.storage.db import Database
from counsel_app.storage.models import KeySlot

log = logging.getLogger(__name__)

GENESIS = "0" * 64
MAX_DETAIL = 255
#: The chain of the events written before chains existed (one chain for everybody).
LEGACY_CHAIN = "*"
#: PostgreSQL advisory lock taken by every transaction that renews the anchor, first.
ANCHOR_LOCK = 0x636F756E73656C  # "counsel"

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
    "sign_in_refused": N_("sign-in refused"),
    "user_add": N_("added account"),
    "user_unlock": N_("unlocked account"),
    "user_repair": N_("repaired account"),
    "user_disable": N_("disabled account"),
    "user_enable": N_("enabled account"),
    "password_change": N_("changed password"),
    "user_profile": N_("changed name on prints"),
    "backup": N_("made backup"),
    "restore": N_("restored backup"),
    "retention": N_("applied retention"),
    "settings": N_("changed settings"),
    "view_audit": N_("read the audit trail"),
    "audit_repair": N_("repaired the audit trail"),
}


def audit_key(data_key: bytes) -> bytes:
    """The key of the events' hashes."""
    return _audit_key(bytes(data_key))


_KEYS: dict[bytes, bytes] = {}


def _audit_key(data_key: bytes) -> bytes:
    key = _KEYS.get(data_key)
    if key is None:
        key = HKDF(algorithm=SHA256(), length=32, salt=None,
                   info=b"counsel-app audit chain v1").derive(data_key)
        if len(_KEYS) > 8:
            _KEYS.clear()
        _KEYS[data_key] = key
    return key


def _ts(value: datetime) -> str:
    return as_utc(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(key: bytes, prev_hash: str, seq: int, at: datetime, username: str, role: str,
               action: str, reference: str | None, detail: str) -> str:
    """The hash of an event of the earlier single chain (:data:`LEGACY_CHAIN`)."""
    message = "\x1f".join(
        [prev_hash, str(seq), _ts(at), username, role, action, reference or "", detail]
    )
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def chained_hash(key: bytes, chain: str, position: int, prev_hash: str, at: datetime,
                 username: str, role: str, action: str, reference: str | None,
                 detail: str) -> str:
    """The hash of an event at ``position`` of ``chain``."""
    if chain == LEGACY_CHAIN:
        return event_hash(key, prev_hash, position, at, username, role, action, reference,
                          detail)
    message = "\x1f".join(["v2", chain, str(position), prev_hash, _ts(at), username, role,
                           action, reference or "", detail])
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def head_mac(data_key: bytes, chain: str, count: int, last_hash: str) -> str:
    return integrity.mac(_integrity_key(bytes(data_key)), "audit-head", chain, count,
                         last_hash)


_INTEGRITY_KEYS: dict[bytes, bytes] = {}


def _integrity_key(data_key: bytes) -> bytes:
    """``integrity.integrity_key``, derived once per data key (every append MACs a head)."""
    key = _INTEGRITY_KEYS.get(data_key)
    if key is None:
        key = integrity.integrity_key(data_key)
        if len(_INTEGRITY_KEYS) > 8:
            _INTEGRITY_KEYS.clear()
        _INTEGRITY_KEYS[data_key] = key
    return key


def _canonical(content: dict) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def anchor_mac(data_key: bytes, generation: int, content: dict) -> str:
    return integrity.mac(integrity.integrity_key(data_key), "audit-anchor", generation,
                         _canonical(content))


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


# -- problems ----------------------------------------------------------------------------------

_PROBLEMS = {
    "missing": N_("events are missing before it."),
    "link": N_("it does not link to the event before it."),
    "changed": N_("its content was changed after it was written."),
    "tail": N_("events at the end of the chain of {who} were removed or replaced."),
    "head_forged": N_("the head of the chain of {who} was altered outside the app."),
    "head_lost": N_("the head of the chain of {who} is missing."),
    # counted in the singular or plural: said by _counted_problem
    "chain_removed": "",
    "chain_shortened": "",
    "chain_rewritten": N_("the chain of {who} no longer holds the events it had when it was "
                          "last anchored."),
    "empty": N_("the trail is empty although accounts exist."),
    "anchor_missing": N_("the trail has no anchor although accounts exist: it was wiped or "
                         "its anchor removed."),
    "anchor_forged": N_("the trail's anchor was altered outside the app."),
    "anchor_lost": N_("the trail's anchor row is missing; its copies in the key slots "
                      "remain, so an administrator can rebuild it."),
    "anchor_rolled_back": N_("the trail's anchor was replaced by an older one."),
    "mirror_forged": N_("the copy of the trail's anchor in the key slot {who} was altered."),
    "account_removed": N_("the account {who} was removed outside the app."),
    "account_replaced": N_("the account {who} was changed outside the app (for example "
                           "copied back from an older copy of the database)."),
}


def _counted_problem(kind: str, count: int) -> str:
    """The problems that count a chain's events, in the singular or plural of ``count``."""
    if kind == "chain_removed":
        return ngettext("the chain of {who} ({count} event when last anchored) was removed.",
                        "the chain of {who} ({count} events when last anchored) was removed.",
                        count)
    if kind == "chain_shortened":
        return ngettext("the chain of {who} is shorter than when it was last anchored "
                        "({now} of {count} event).",
                        "the chain of {who} is shorter than when it was last anchored "
                        "({now} of {count} events).", count)
    return ""


@dataclass(frozen=True)
class Problem:
    kind: str
    chain: str | None = None
    position: int | None = None
    #: the event it concerns (its number in the whole trail), when there is one
    seq: int | None = None
    count: int | None = None
    now: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.chain or ''}:{self.position or 0}"

    @property
    def text(self) -> str:
        template = _counted_problem(self.kind, self.count or 0) or _(_PROBLEMS[self.kind])
        return template.format(who=who(self.chain or ""), count=self.count, now=self.now)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict) -> Problem | None:
        if not isinstance(data, dict) or data.get("kind") not in _PROBLEMS:
            return None
        return cls(**{k: data.get(k) for k in ("kind", "chain", "position", "seq", "count",
                                                "now")})


def who(chain: str) -> str:
    """How messages name a chain: the account, a later chain of it, the earlier trail."""
    if chain == LEGACY_CHAIN:
        return _("the earlier single trail")
    name, _sep, epoch = chain.partition("/")
    return f"{name} ({epoch})" if epoch else name


# -- appending ---------------------------------------------------------------------------------

def _dialect_insert(session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _epoch(chain: str) -> int:
    _name, sep, epoch = chain.partition("/")
    return int(epoch) if sep and epoch.isdigit() else 1


def _chains_of(session, username: str) -> set[str]:
    like = AuditChain.chain.startswith(username + "/", autoescape=True)
    names = set(session.scalars(select(AuditChain.chain).where(
        (AuditChain.chain == username) | like)))
    names |= set(session.scalars(select(AuditEvent.chain).distinct().where(
        (AuditEvent.chain == username)
        | AuditEvent.chain.startswith(username + "/", autoescape=True))))
    return names


def _current_chain(session, username: str) -> str:
    like = AuditChain.chain.startswith(username + "/", autoescape=True)
    names = list(session.scalars(select(AuditChain.chain).where(
        (AuditChain.chain == username) | like)))
    return max(names, key=_epoch) if names else username


def _next_chain(session, username: str) -> str:
    epochs = [_epoch(c) for c in _chains_of(session, username)] or [1]
    return f"{username}/{max(epochs) + 1}"


def _tail_matches(session, head: AuditChain) -> bool:
    """Whether the chain ends where its (locked) head says."""
    last = session.execute(
        select(AuditEvent.chain_seq, AuditEvent.hash).where(AuditEvent.chain == head.chain)
        .order_by(AuditEvent.chain_seq.desc()).limit(1)).first()
    if last is None:
        return head.count == 0 and head.last_hash == GENESIS
    return last.chain_seq == head.count and last.hash == head.last_hash


def _head_event_holds(session, head: AuditChain) -> bool:
    """Whether the event a head names is there with that hash. (Events after it may be
    being written by another station right now; a forged one fails the chain walk.)"""
    if head.count == 0:
        return head.last_hash == GENESIS
    return session.scalar(select(AuditEvent.hash).where(
        AuditEvent.chain == head.chain, AuditEvent.chain_seq == head.count)) == head.last_hash


class ChainWriter:
    """Appends one account's events (kept on its signed-in context)."""

    def __init__(self, username: str):
        self.username = username
        self.chain: str | None = None
        self._checked: set[str] = set()
        #: the head as this writer last verified and wrote it: (chain, count, hash, mac)
        self._last: tuple[str, int, str, str] | None = None

    def _head(self, session, data_key: bytes) -> AuditChain:
        chain = self.chain or _current_chain(session, self.username)
        sqlite = session.get_bind().dialect.name == "sqlite"
        for _attempt in range(4):
            if sqlite:  # take the write lock before reading the head (no FOR UPDATE there)
                session.execute(update(AuditChain).where(AuditChain.chain == chain)
                                .values(count=AuditChain.count))
            head = session.scalar(select(AuditChain).where(AuditChain.chain == chain)
                                  .with_for_update()
                                  .execution_options(populate_existing=True))
            if head is None:
                if session.scalar(select(AuditEvent.seq).where(AuditEvent.chain == chain)
                                  .limit(1)) is not None:
                    log.warning("audit chain %s has events but no head: new chain", chain)
                    chain = _next_chain(session, self.username)
                    continue
                session.execute(_dialect_insert(session)(AuditChain).values(
                    chain=chain, count=0, last_hash=GENESIS,
                    mac=head_mac(data_key, chain, 0, GENESIS)).on_conflict_do_nothing(
                    index_elements=["chain"]))
                continue  # lock the row now that it exists
            if not integrity.same(head.mac, head_mac(data_key, chain, head.count,
                                                     head.last_hash)):
                log.warning("audit chain %s has an altered head: new chain", chain)
                chain = _next_chain(session, self.username)
                continue
            if chain not in self._checked:
                if not _tail_matches(session, head):
                    log.warning("audit chain %s does not end at its head: new chain", chain)
                    chain = _next_chain(session, self.username)
                    continue
                self._checked.add(chain)
            self.chain = chain
            return head
        raise RuntimeError("could not open an audit chain")

    def append(self, session, data_key: bytes, *, role: str, action: str,
               reference: str | None = None, detail: str = "",
               at: datetime | None = None) -> AuditEvent:
        # the columns' sizes (PostgreSQL refuses longer values; the event must be written)
        detail = (detail or "")[:MAX_DETAIL]
        action, role = action[:32], (role or "")[:20]
        reference = reference[:20] if reference else None
        at = at or utcnow()
        fast = self._append_after_last(session, data_key, role=role, action=action,
                                       reference=reference, detail=detail, at=at)
        if fast is not None:
            return fast
        head = self._head(session, data_key)
        position = head.count + 1
        digest = chained_hash(audit_key(data_key), head.chain, position, head.last_hash, at,
                              self.username[:64], role, action, reference, detail)
        event = AuditEvent(chain=head.chain, chain_seq=position, at=at,
                           username=self.username[:64], role=role, action=action,
                           reference=reference, detail=detail, prev_hash=head.last_hash,
                           hash=digest)
        session.add(event)
        head.count, head.last_hash = position, digest
        head.mac = head_mac(data_key, head.chain, position, digest)
        session.flush()
        self._last = (head.chain, position, digest, head.mac)
        return event

    def _append_after_last(self, session, data_key: bytes, **fields) -> AuditEvent | None:
        """The usual case, without reading the head first: this account's chain still ends
        where this writer left it (the head row holds exactly the count, hash and MAC it
        verified and wrote), so the new event follows it. One conditional statement moves
        the head (taking its row lock, as the locked read would) and, only if it moved,
        writes the event; ``None`` when the head is not where this writer left it (another
        station of the same account wrote, a rolled-back transaction, an alteration): the
        caller then reads and checks the head under its lock as before."""
        last, self._last = self._last, None
        if last is None or session.get_bind().dialect.name != "postgresql":
            return None
        chain, count, last_hash, mac = last
        position = count + 1
        username = self.username[:64]
        digest = chained_hash(audit_key(data_key), chain, position, last_hash, fields["at"],
                              username, fields["role"], fields["action"],
                              fields["reference"], fields["detail"])
        new_mac = head_mac(data_key, chain, position, digest)
        seq = session.connection().execute(_APPEND_AFTER_LAST, {
            "chain": chain, "count": count, "last_hash": last_hash, "mac": mac,
            "position": position, "digest": digest, "new_mac": new_mac, "at": fields["at"],
            "username": username, "role": fields["role"], "action": fields["action"],
            "reference": fields["reference"], "detail": fields["detail"]}).scalar()
        if seq is None:
            return None
        held = session.identity_map.get(session.identity_key(AuditChain, chain))
        if held is not None:  # a head read earlier in this transaction is out of date
            session.expire(held)
        self._last = (chain, position, digest, new_mac)
        return AuditEvent(seq=seq, chain=chain, chain_seq=position, at=fields["at"],
                          username=self.username[:64], role=fields["role"],
                          action=fields["action"], reference=fields["reference"],
                          detail=fields["detail"], prev_hash=last_hash, hash=digest)


    def read_with_event(self, db: Database, data_key: bytes, read_sql: str, params: dict,
                        *, role: str, action: str, reference: str,
                        detail: str = "") -> list | None:
        """An audited read in one statement (PostgreSQL): ``read_sql`` (a ``SELECT``) and
        this account's event for it, written only if the read found a row, as one
        statement that commits by itself: the rows and their event, or neither. Returns
        the rows; ``None`` (and nothing written) when this cannot be done so: SQLite, a
        transaction open on ``db`` (the event must join it), this writer not knowing its
        head yet, or the head not where it left it (the caller then reads and records the
        usual way, which checks the head under its lock)."""
        last = self._last
        if (last is None or db.is_sqlite or db.open_transaction() is not None):
            return None
        chain, count, last_hash, mac = last
        position = count + 1
        username = self.username[:64]
        at = utcnow()
        role, detail = (role or "")[:20], (detail or "")[:MAX_DETAIL]
        digest = chained_hash(audit_key(data_key), chain, position, last_hash, at, username,
                              role, action, reference, detail)
        new_mac = head_mac(data_key, chain, position, digest)
        statement = _statement(("read", read_sql), lambda: text(
            _READ_WITH_EVENT.format(read=read_sql)).bindparams(
                bindparam("a_at", type_=DateTime(timezone=True))))
        self._last = None
        rows = _run_alone(db, statement, {
            **params, "a_chain": chain, "a_count": count, "a_last_hash": last_hash,
            "a_mac": mac, "a_position": position, "a_digest": digest,
            "a_new_mac": new_mac, "a_at": at, "a_username": username, "a_role": role,
            "a_action": action, "a_reference": reference, "a_detail": detail})
        if not rows:  # nothing found, nothing written: the head is where it was
            self._last = last
            return rows
        if rows[0].audit_seq is None:  # the head was not where this writer left it
            return None
        self._last = (chain, position, digest, new_mac)
        return rows

    def change_with_event(self, db: Database, data_key: bytes, change_sql: str, params: dict,
                          *, role: str, action: str, reference: str, detail: str = "",
                          types: tuple = (), before: str = "",
                          when: str = "TRUE") -> list | None:
        """A change and its event as one statement that commits by itself (PostgreSQL, no
        transaction open on ``db``), both or neither. The statement is ``WITH``
        ``before`` (parts that may change rows conditionally, e.g. a save at the version
        it read), ``moved`` (one row when this account's head moved past the event: only
        if it is where this writer left it and ``when`` holds), ``event`` (written only
        if the head moved), then ``change_sql``: parts (each after a comma) whose writes
        select ``FROM moved``, and a final ``SELECT`` of the rows to return, with the column
        ``audit_seq`` (the event's number) and, when ``before`` changes rows, a column
        that divides by the number of events written (``1 / (SELECT count(*) FROM
        event)``), so that a change without its event fails the whole statement.

        Returns the rows; ``None`` (and nothing written) where this cannot be done so or
        the head was not where this writer left it: the caller then changes and records
        the usual way; ``[]`` when ``when`` did not hold (nothing written either).
        ``types``: bind parameters of the parts that need a type (``bindparam``)."""
        last = self._last
        if (last is None or db.is_sqlite or db.open_transaction() is not None):
            return None
        chain, count, last_hash, mac = last
        position = count + 1
        username = self.username[:64]
        at = utcnow()
        role, detail = (role or "")[:20], (detail or "")[:MAX_DETAIL]
        reference = reference[:20]
        digest = chained_hash(audit_key(data_key), chain, position, last_hash, at, username,
                              role, action, reference, detail)
        new_mac = head_mac(data_key, chain, position, digest)
        statement = _statement(
            ("change", before, when, change_sql,
             tuple((b.key, repr(b.type)) for b in types)),
            lambda: text(_CHANGE_WITH_EVENT.format(before=before, when=when) + change_sql
                         ).bindparams(bindparam("a_at", type_=DateTime(timezone=True)),
                                      *types))
        self._last = None
        try:
            rows = _run_alone(db, statement, {
                **params, "a_chain": chain, "a_count": count, "a_last_hash": last_hash,
                "a_mac": mac, "a_position": position, "a_digest": digest,
                "a_new_mac": new_mac, "a_at": at, "a_username": username,
                "a_role": role, "a_action": action, "a_reference": reference,
                "a_detail": detail})
        except DBAPIError as exc:
            # the statement failed as a whole: nothing moved (were it to have committed
            # after all, the next append would find the head moved and check it)
            self._last = last
            if getattr(exc.orig, "sqlstate", None) == _DIVISION_BY_ZERO:
                return None  # a change whose event could not be written: undone
            raise
        except Exception:
            self._last = last
            raise
        if not rows:
            self._last = last if before else None
            return [] if before else None
        if rows[0].audit_seq is None:  # the head was not where this writer left it
            return None
        self._last = (chain, position, digest, new_mac)
        return rows


#: The statements of :meth:`ChainWriter.read_with_event` and :meth:`ChainWriter.
#: change_with_event`, by their parts: each built once per process. Parsing a statement's
#: text (and SQLAlchemy keying a new statement object) for every audited open, save and
#: create cost the counsellor's process about a tenth of its CPU per action (issue 25).
_STATEMENTS: dict[tuple, object] = {}


def _statement(key: tuple, build):
    statement = _STATEMENTS.get(key)
    if statement is None:
        if len(_STATEMENTS) > 256:  # callers pass constants; this bounds a misuse
            _STATEMENTS.clear()
        statement = _STATEMENTS[key] = build()
    return statement


def _run_alone(db: Database, statement, values: dict) -> list:
    """``statement`` as one statement that commits by itself (``Database.run_alone``:
    straight through the driver; through SQLAlchemy's connection where it cannot)."""
    rows = db.run_alone(statement, values)
    if rows is None:
        with db.autocommit() as conn:
            rows = conn.execute(statement, values).all()
    return rows


#: PostgreSQL's error code for a division by zero: what a change whose event was not
#: written raises (:meth:`ChainWriter.change_with_event`)
_DIVISION_BY_ZERO = "22012"

#: The first parts of a change and its event in one statement (:meth:`ChainWriter.
#: change_with_event`): the head moves only if it holds what this writer left; the event,
#: and the change after these parts, are written only if it moved.
_CHANGE_WITH_EVENT = """
WITH {before}
moved AS (
    UPDATE audit_chains SET count = :a_position, last_hash = :a_digest, mac = :a_new_mac
    WHERE chain = :a_chain AND count = :a_count AND last_hash = :a_last_hash
      AND mac = :a_mac AND {when}
    RETURNING chain),
event AS (
    INSERT INTO audit_events (chain, chain_seq, at, username, role, action, reference,
                              detail, prev_hash, hash)
    SELECT chain, :a_position, :a_at, :a_username, :a_role, :a_action, :a_reference,
           :a_detail, :a_last_hash, :a_digest FROM moved
    RETURNING seq)"""


#: An audited read and its event in one statement (:meth:`ChainWriter.read_with_event`):
#: the head moves only if it holds what this writer left and the read found a row; the
#: event is written only if the head moved. Data-modifying parts of a ``WITH`` run once,
#: to completion, with the read's snapshot.
_READ_WITH_EVENT = """
WITH found AS ({read}),
moved AS (
    UPDATE audit_chains SET count = :a_position, last_hash = :a_digest, mac = :a_new_mac
    WHERE chain = :a_chain AND count = :a_count AND last_hash = :a_last_hash
      AND mac = :a_mac AND EXISTS (SELECT 1 FROM found)
    RETURNING chain),
event AS (
    INSERT INTO audit_events (chain, chain_seq, at, username, role, action, reference,
                              detail, prev_hash, hash)
    SELECT chain, :a_position, :a_at, :a_username, :a_role, :a_action, :a_reference,
           :a_detail, :a_last_hash, :a_digest FROM moved
    RETURNING seq)
SELECT found.*, (SELECT seq FROM event) AS audit_seq FROM found"""


#: The append after the head this writer left (:meth:`ChainWriter._append_after_last`),
#: PostgreSQL: move the head only if it holds exactly that count, hash and MAC, and insert
#: the event only if it moved. Written once, executed with the event's values: building
#: the statement anew for every event cost the counsellor's process more CPU than the
#: server spent running it (issue 25).
_APPEND_AFTER_LAST = text("""
WITH moved AS (
    UPDATE audit_chains SET count = :position, last_hash = :digest, mac = :new_mac
    WHERE chain = :chain AND count = :count AND last_hash = :last_hash AND mac = :mac
    RETURNING chain)
INSERT INTO audit_events (chain, chain_seq, at, username, role, action, reference, detail,
                          prev_hash, hash)
SELECT chain, :position, :at, :username, :role, :action, :reference, :detail, :last_hash,
       :digest FROM moved
RETURNING seq""").bindparams(bindparam("at", type_=DateTime(timezone=True)))


def writer_of(ctx) -> ChainWriter:
    writer = ctx.__dict__.get("_audit_writer")
    if writer is None or writer.username != ctx.user:
        writer = ctx.__dict__["_audit_writer"] = ChainWriter(ctx.user)
    return writer


def append(db: Database, data_key: bytes, *, username: str, role: str, action: str,
           reference: str | None = None, detail: str = "", at: datetime | None = None,
           writer: ChainWriter | None = None) -> int:
    """Append one event to ``username``'s chain, in the transaction open on ``db`` (or a
    transaction of its own); returns its number in the whole trail."""
    writer = writer or ChainWriter(username)
    with db.session() as session:
        return writer.append(session, data_key, role=role, action=action,
                             reference=reference, detail=detail, at=at).seq


def record(ctx, action: str, reference: str | None = None, detail: str = "") -> None:
    """What ``AppContext.audit`` calls: the event joins the transaction the caller has open
    on ``ctx.db`` (if any)."""
    append(ctx.db, ctx.vault.data_key, username=ctx.user, role=getattr(ctx, "role", ""),
           action=action, reference=reference, detail=detail, writer=writer_of(ctx))


# -- the anchor ----------------------------------------------------------------------------------

@dataclass
class Inspection:
    """What a look at the trail found: the anchor in force, and the problems."""

    anchor: dict | None = None
    generation: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: a database upgraded from the single-chain trail, not sealed yet
    needs_seal: bool = False
    events: int = 0
    chains: int = 0

    @property
    def acknowledged(self) -> set[str]:
        return set((self.anchor or {}).get("ack", []))

    def open_problems(self) -> list[Problem]:
        """Problems found now or recorded in the anchor, minus the acknowledged ones."""
        seen, out = set(self.acknowledged), []
        recorded = [Problem.from_dict(p) for p in (self.anchor or {}).get("open", [])]
        for problem in [*recorded, *self.problems]:
            if problem is not None and problem.key not in seen:
                seen.add(problem.key)
                out.append(problem)
        return out


def lock_anchor(session) -> None:
    """Take the anchor's lock first, in every transaction that renews it (no deadlock
    with a transaction that changes accounts or key slots)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ANCHOR_LOCK})
    else:  # SQLite: a write statement starts the write transaction, so reads are current
        session.execute(update(AuditAnchor).where(AuditAnchor.id == 1)
                        .values(generation=AuditAnchor.generation))


def _valid_anchor(data_key: bytes, generation, content, mac) -> bool:
    return (isinstance(generation, int) and isinstance(content, dict)
            and integrity.same(mac, anchor_mac(data_key, generation, content)))


def _load_anchor(session, data_key: bytes, found: Inspection) -> None:
    row = session.get(AuditAnchor, 1)
    mirrors = session.execute(select(KeySlot.label, KeySlot.audit_anchor)).all()
    best = None
    for label, mirror in mirrors:
        if mirror is None:
            continue
        if not isinstance(mirror, dict) or not _valid_anchor(
                data_key, mirror.get("generation"), mirror.get("content"), mirror.get("mac")):
            found.problems.append(Problem("mirror_forged", chain=label))
            continue
        if best is None or mirror["generation"] > best["generation"]:
            best = mirror
    if row is not None:
        if _valid_anchor(data_key, row.generation, row.content, row.mac):
            found.anchor, found.generation = row.content, row.generation
            if best is not None and best["generation"] > row.generation:
                found.problems.append(Problem("anchor_rolled_back"))
                found.anchor, found.generation = best["content"], best["generation"]
            return
        found.problems.append(Problem("anchor_forged"))
    elif best is not None:
        found.problems.append(Problem("anchor_lost"))
    if best is not None:
        found.anchor, found.generation = best["content"], best["generation"]


def inspect(session, data_key: bytes, *, slot_version: int = 2) -> Inspection:
    """The checks made before writing (at each sign-in): the anchor and its copies, every
    chain head and the event it names, every anchored chain and account. Fast: a few
    indexed reads per chain, whatever the length of the trail."""
    found = Inspection()
    _load_anchor(session, data_key, found)
    heads = {h.chain: h for h in session.scalars(select(AuditChain))}
    users = {u.username: u for u in session.scalars(select(UserRow))}
    found.chains = len(heads)
    if found.anchor is None and not any(p.kind == "anchor_forged" for p in found.problems):
        other_events = session.scalar(select(AuditEvent.seq).where(
            AuditEvent.chain != LEGACY_CHAIN).limit(1)) is not None
        legacy_only = set(heads) <= {LEGACY_CHAIN} and not other_events
        if slot_version == 1 and legacy_only:
            found.needs_seal = True  # upgraded from the single chain: seal what is there
        elif users:
            any_event = session.scalar(select(AuditEvent.seq).limit(1)) is not None
            found.problems.append(Problem("anchor_missing" if any_event else "empty"))
    for name, head in heads.items():
        if head.mac is None and name == LEGACY_CHAIN and found.needs_seal:
            continue
        if not integrity.same(head.mac, head_mac(data_key, name, head.count, head.last_hash)):
            found.problems.append(Problem("head_forged", chain=name, position=head.count))
        elif not _head_event_holds(session, head):
            found.problems.append(Problem("tail", chain=name, position=head.count))
    anchor = found.anchor or {}
    for name, (count, last_hash) in (anchor.get("chains") or {}).items():
        head = heads.get(name)
        if head is None:
            if session.scalar(select(AuditEvent.seq).where(AuditEvent.chain == name)
                              .limit(1)) is None:
                found.problems.append(Problem("chain_removed", chain=name, count=count))
            else:
                found.problems.append(Problem("head_lost", chain=name))
            continue
        at_count = session.execute(select(AuditEvent.seq, AuditEvent.hash).where(
            AuditEvent.chain == name, AuditEvent.chain_seq == count)).first() if count else None
        if head.count < count or (count and at_count is None):
            now = session.scalar(select(func.count()).where(AuditEvent.chain == name))
            found.problems.append(Problem("chain_shortened", chain=name, position=count,
                                          count=count, now=now))
        elif count and at_count.hash != last_hash:
            found.problems.append(Problem("chain_rewritten", chain=name, position=count,
                                          seq=at_count.seq))
    for name, mac in (anchor.get("accounts") or {}).items():
        row = users.get(name)
        if row is None:
            found.problems.append(Problem("account_removed", chain=name))
        elif row.mac != mac:
            found.problems.append(Problem("account_replaced", chain=name))
    return found


def _walk(session, data_key: bytes, found: Inspection) -> None:
    """Every event of every chain: links, hashes, no gaps, each chain ending at its head."""
    key = audit_key(data_key)
    heads = {h.chain: h for h in session.scalars(select(AuditChain))}
    chain, expected, prev, total = None, 1, GENESIS, 0
    seen_chains: set[str] = set()
    rows = session.execute(select(
        AuditEvent.seq, AuditEvent.chain, AuditEvent.chain_seq, AuditEvent.at,
        AuditEvent.username, AuditEvent.role, AuditEvent.action, AuditEvent.reference,
        AuditEvent.detail, AuditEvent.prev_hash, AuditEvent.hash,
    ).order_by(AuditEvent.chain, AuditEvent.chain_seq).execution_options(yield_per=1000))
    for ev in rows:
        total += 1
        if ev.chain != chain:
            chain, expected, prev = ev.chain, 1, GENESIS
            seen_chains.add(chain)
        if ev.chain_seq != expected:
            found.problems.append(Problem("missing", chain=chain, position=expected,
                                          seq=ev.seq))
            expected, prev = ev.chain_seq, ev.prev_hash
        if ev.prev_hash != prev:
            found.problems.append(Problem("link", chain=chain, position=ev.chain_seq,
                                          seq=ev.seq))
        digest = chained_hash(key, chain, ev.chain_seq, ev.prev_hash, ev.at, ev.username,
                              ev.role, ev.action, ev.reference, ev.detail)
        if not hmac.compare_digest(digest, ev.hash):
            found.problems.append(Problem("changed", chain=chain, position=ev.chain_seq,
                                          seq=ev.seq))
        prev, expected = ev.hash, ev.chain_seq + 1
    headless = seen_chains - set(heads)
    if headless:  # read again: a chain may have begun while this walk read
        headless -= set(session.scalars(select(AuditChain.chain).where(
            AuditChain.chain.in_(headless))))
    for name in sorted(headless):
        # (a head that does not match its chain's end is reported by inspect as "tail")
        found.problems.append(Problem("head_lost", chain=name))
    found.events = total
    found.chains = len(seen_chains | set(heads))


# -- renewing the anchor, sealing, repairing ----------------------------------------------------

def _snapshot(session, data_key: bytes, previous: dict | None,
              changed_accounts: frozenset[str] = frozenset()) -> dict:
    """Every head whose MAC holds and every account's MAC. A head or account that does not
    hold keeps its earlier anchored value, so the evidence is not overwritten; an anchored
    account takes a new MAC only when an administrator's change (``changed_accounts``) or
    the confirmation of a lock-out made it."""
    key = integrity.integrity_key(data_key)
    previous = previous or {}
    chains = dict(previous.get("chains") or {})
    for head in session.scalars(select(AuditChain)):
        if integrity.same(head.mac, head_mac(data_key, head.chain, head.count, head.last_hash)):
            old = chains.get(head.chain)
            if old is None or head.count >= old[0]:
                chains[head.chain] = [head.count, head.last_hash]
    accounts = dict(previous.get("accounts") or {})
    for row in session.scalars(select(UserRow)):
        state = integrity.account_state(key, row)
        anchored = accounts.get(row.username)
        if state == "locked-later" and anchored == row.mac:
            integrity.seal_account(key, row)  # confirm a lock-out made by failed sign-ins
            accounts[row.username] = row.mac
        elif state == "ok" and (anchored is None or row.username in changed_accounts):
            accounts[row.username] = row.mac
    return {"chains": chains, "accounts": accounts}


def renew_anchor(session, data_key: bytes, found: Inspection | None = None, *,
                 acknowledge: bool = False, accounts: frozenset[str] = frozenset()) -> int:
    """Write a new anchor (and its copy in every key slot) from the current heads and
    accounts; problems found are carried into it so that they stay reported. The caller
    has taken :func:`lock_anchor` first. Returns the new generation."""
    found = found if found is not None else inspect(session, data_key)
    previous = found.anchor or {}
    content = _snapshot(session, data_key, previous, frozenset(accounts))
    open_problems = [p.as_dict() for p in found.open_problems()]
    ack = sorted(set(previous.get("ack", [])))
    if acknowledge:
        ack = sorted(set(ack) | {Problem.from_dict(p).key for p in open_problems})
        open_problems = []
    content.update({"open": open_problems, "ack": ack, "at": _ts(utcnow())})
    generation = found.generation + 1
    mac = anchor_mac(data_key, generation, content)
    row = session.get(AuditAnchor, 1)
    if row is None:
        session.add(AuditAnchor(id=1, generation=generation, content=content, mac=mac))
    else:
        row.generation, row.content, row.mac = generation, content, mac
    session.flush()
    session.execute(update(KeySlot).values(audit_anchor={
        "generation": generation, "content": content, "mac": mac}))
    return generation


def seal(session, data_key: bytes, found: Inspection) -> None:
    """A database upgraded from the single chain: put its head and its accounts under the
    data key's MAC (after walking that chain: whatever does not hold is recorded as a
    problem), then anchor it."""
    key = integrity.integrity_key(data_key)
    legacy = session.get(AuditChain, LEGACY_CHAIN)
    if legacy is not None:
        walked = Inspection()
        _walk(session, data_key, walked)
        found.problems += [p for p in walked.problems if p.chain == LEGACY_CHAIN]
        if not _tail_matches(session, legacy):
            found.problems.append(Problem("tail", chain=LEGACY_CHAIN, position=legacy.count))
        legacy.mac = head_mac(data_key, LEGACY_CHAIN, legacy.count, legacy.last_hash)
    elif session.scalar(select(AuditEvent.seq).limit(1)) is not None:
        found.problems.append(Problem("head_lost", chain=LEGACY_CHAIN))
    for row in session.scalars(select(UserRow).where(UserRow.mac.is_(None))):
        integrity.seal_account(key, row)
    found.needs_seal = False
    renew_anchor(session, data_key, found)


def start_trail(session, data_key: bytes) -> None:
    """A new database: its first anchor (called in the transaction that creates the first
    administrator, after their first event)."""
    lock_anchor(session)
    renew_anchor(session, data_key, Inspection())


def before_first_write(session, data_key: bytes, *, slot_version: int) -> Inspection:
    """At sign-in, before the session's first event: inspect the trail (sealing a trail
    upgraded from the single chain). The caller has taken :func:`lock_anchor`."""
    found = inspect(session, data_key, slot_version=slot_version)
    if found.needs_seal:
        seal(session, data_key, found)
        found = inspect(session, data_key)
    return found


# -- verification ------------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    broken_seq: int | None = None
    problem: str = ""
    problems: tuple[Problem, ...] = ()
    acknowledged: int = 0
    chains: int = 0

    def message(self) -> str:
        if self.ok:
            text_ = ngettext("The audit trail is intact: {count} event, chain unbroken.",
                             "The audit trail is intact: {count} events, chain unbroken.",
                             self.count).format(count=self.count)
            if self.acknowledged:
                text_ += " " + ngettext(
                    "{n} earlier problem was acknowledged by an administrator (see the "
                    "“repaired the audit trail” events).",
                    "{n} earlier problems were acknowledged by an administrator (see the "
                    "“repaired the audit trail” events).", self.acknowledged).format(
                    n=self.acknowledged)
            return text_
        first = self.problems[0] if self.problems else None
        if self.broken_seq is not None:
            text_ = _("The audit trail is broken at event {seq}: {problem}").format(
                seq=self.broken_seq, problem=self.problem)
            if first is not None and first.chain:
                text_ += " " + _("(chain of {who})").format(who=who(first.chain))
        else:
            text_ = _("The audit trail is broken: {problem}").format(problem=self.problem)
        if len(self.problems) > 1:
            further = len(self.problems) - 1
            text_ += " " + ngettext("{n} further problem.", "{n} further problems.",
                                    further).format(n=further)
        return text_


def _result(found: Inspection) -> VerifyResult:
    # the first event that does not hold first, then what concerns whole chains
    problems = sorted(found.open_problems(), key=lambda p: p.seq is None)
    acknowledged = len(found.acknowledged)
    if not problems:
        return VerifyResult(True, found.events, acknowledged=acknowledged, chains=found.chains)
    first = problems[0]
    return VerifyResult(False, found.events, first.seq, first.text, tuple(problems),
                        acknowledged, found.chains)


def verify(db: Database, data_key: bytes, *, slot_version: int = 2) -> VerifyResult:
    """Everything: the checks made at sign-in, then every event of every chain."""
    with db.session() as session:  # under the anchor's lock: accounts and anchor hold still
        lock_anchor(session)
        found = inspect(session, data_key, slot_version=slot_version)
    with db.read_session() as session:
        _walk(session, data_key, found)
    return _result(found)


def quick_result(found: Inspection) -> VerifyResult:
    """The sign-in's inspection as a result (``count`` is not walked: 0)."""
    return _result(found)


def sign_in_warning(ctx) -> str:
    """What to tell someone whose sign-in found the trail damaged ("" when it holds)."""
    trail = getattr(ctx, "trail", None)
    if trail is None or trail.ok:
        return ""
    return _("The audit trail of this database is damaged. {problem} You can keep working: "
             "every action is still recorded. Tell an administrator, who can check and repair "
             "it (Audit trail, or “counsel-app audit verify” and “audit repair”).").format(
        problem=trail.message())


def repair(ctx) -> VerifyResult:
    """An administrator acknowledges what verification reports and rebuilds what is lost:
    the anchor row (from the copies in the key slots and the chains), lost or altered chain
    heads (from their chains' last events). Nothing is deleted or rewritten in the events;
    an ``audit_repair`` event records what was acknowledged. Returns the verification
    afterwards."""
    from counsel_app.security.roles import Permission

    ctx.require(Permission.USERS_MANAGE)
    data_key = ctx.vault.data_key
    with ctx.db.session() as session:
        lock_anchor(session)
        found = inspect(session, data_key)
        _walk(session, data_key, found)
        problems = found.open_problems()
        # heads: lost, altered, or not at their chain's end -> the chain's actual end
        ends = session.execute(select(AuditEvent.chain, func.max(AuditEvent.chain_seq))
                               .group_by(AuditEvent.chain)).all()
        for chain, last in ends:
            last_hash = session.scalar(select(AuditEvent.hash).where(
                AuditEvent.chain == chain, AuditEvent.chain_seq == last))
            head = session.get(AuditChain, chain)
            if head is None:
                session.add(AuditChain(chain=chain, count=last, last_hash=last_hash,
                                       mac=head_mac(data_key, chain, last, last_hash)))
            elif (head.count, head.last_hash) != (last, last_hash) or not integrity.same(
                    head.mac, head_mac(data_key, chain, head.count, head.last_hash)):
                head.count, head.last_hash = last, last_hash
                head.mac = head_mac(data_key, chain, last, last_hash)
        session.flush()
        # the anchor no longer claims what was lost (it was acknowledged)
        if found.anchor is not None:
            found.anchor = dict(found.anchor)
            chains = dict(found.anchor.get("chains") or {})
            for chain, (count, _h) in list(chains.items()):
                head = session.get(AuditChain, chain)
                if head is None or head.count < count or any(
                        p.chain == chain and p.kind in ("chain_rewritten", "chain_shortened")
                        for p in problems):
                    chains.pop(chain)
            found.anchor["chains"] = chains
            # a removed account is gone; a replaced one keeps its anchored MAC, so it stays
            # refused at sign-in until an administrator repairs the account itself
            accounts = dict(found.anchor.get("accounts") or {})
            for p in problems:
                if p.kind == "account_removed":
                    accounts.pop(p.chain, None)
            found.anchor["accounts"] = accounts
        summary = "; ".join(f"{p.kind} {p.chain or ''}".strip() for p in problems)
        writer_of(ctx).append(session, data_key, role=ctx.role, action="audit_repair",
                              detail=(f"{len(problems)} acknowledged: {summary}"
                                      if problems else "nothing to repair"))
        renew_anchor(session, data_key, found, acknowledge=True)
    ctx.__dict__.pop("_audit_writer", None)
    return verify(ctx.db, data_key)


# -- reading -----------------------------------------------------------------------------------

def check_period(since: datetime | None, until: datetime | None) -> None:
    """Refuse a period that holds no day (``until`` is exclusive): a reader who swapped the
    two dates would otherwise be told that nothing happened."""
    if since is not None and until is not None and until <= since:
        from counsel_app.errors import ValidationError
        from counsel_app.i18n import interface_language
        from counsel_app.i18n.dates import show_date

        lang = interface_language()  # the days as the screens show them, whatever was typed
        raise ValidationError(
            _("The end of the period ({until}) must be a later day than its start "
              "({since}).").format(until=show_date(until, lang), since=show_date(since, lang)),
            "until")


def day_period(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """``since`` and ``until`` of the days ``first`` to ``last``, both included (the desktop's
    "From" and "To"); refused, naming the two days as chosen, when ``last`` is before
    ``first``."""
    if first is not None and last is not None and last < first:
        from counsel_app.errors import ValidationError
        from counsel_app.i18n import interface_language
        from counsel_app.i18n.dates import show_date

        lang = interface_language()  # the days as the date boxes show them
        raise ValidationError(
            _("The last day of the period ({last}) is before its first day ({first}).").format(
                last=show_date(last, lang), first=show_date(first, lang)),
            "until")
    since = None if first is None else datetime.combine(first, time(0), tzinfo=timezone.utc)
    until = (None if last is None
             else datetime.combine(last, time(0), tzinfo=timezone.utc) + timedelta(days=1))
    return since, until


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
    """The events a signed-in user may read (supervisors and administrators); a period that
    holds no day is refused (:func:`check_period`), whatever door asked."""
    from counsel_app.security.roles import Permission

    ctx.require(Permission.AUDIT_READ)
    check_period(filters.get("since"), filters.get("until"))
    return events(ctx.db, **filters)


def open_trail(ctx, *, same_viewing: bool = False) -> None:
    """A supervisor or administrator opens the audit trail to read it (the desktop's dialog,
    ``audit list``): refused without the permission; recorded as "read the audit trail"
    once per opening, whatever door it came through.

    ``same_viewing``: the trail is opened again by the program, not by the person, to go on
    with a reading already recorded (the desktop's window made again in another interface
    language, with the same filters): the permission is checked again but no second read is
    recorded. The person did not open the trail again, and the audit already holds this
    viewing's read; a second event would say they did. A reopening that reads something
    other than what was open (other filters) is a new reading and is not ``same_viewing``."""
    from counsel_app.security.roles import Permission

    ctx.require(Permission.AUDIT_READ)
    if not same_viewing:
        record(ctx, "view_audit")


def verify_for(ctx) -> VerifyResult:
    from counsel_app.security.roles import Permission

    ctx.require(Permission.AUDIT_READ)
    return verify(ctx.db, ctx.vault.data_key)
