"""Encrypted storage of the session, one row per case and part, with optimistic locking.

* ``session_parts``: ``(case_id, part)`` unique; ``data_enc`` is the part's JSON encrypted
  with the vault's :class:`FieldCipher`, ``aad = "session_parts:<reference>:<part>"`` (a
  blob moved to another case or part does not decrypt); ``version`` counts saves.
* Deleting a case deletes its session (``ON DELETE CASCADE``).
* Writes are small (one part, one short transaction) so the UI can save every change within
  a second. A save carrying a stale version raises :class:`SessionConflict` with both
  versions, for the user to choose; ``overwrite=True`` (the user chose "keep mine") saves over theirs.
* Each save records beside every note new or changed since the stored version the language
  the counsellor writes in (:mod:`counsel_app.session.typed_texts`): whichever door saves
  (the session screen, the command line, the demo), the person's copy can say it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from counsel_app.domain.case import utcnow
from counsel_app.errors import ConflictError
from counsel_app.i18n import _
from counsel_app.session.record import PARTS, SessionRecord
from counsel_app.session.typed_texts import TypedTexts
from counsel_app.storage.crypto import DecryptionError, FieldCipher
from counsel_app.storage.db import Database
from counsel_app.storage.models import Base


class SessionPartRow(Base):
    __tablename__ = "session_parts"
    __table_args__ = (UniqueConstraint("case_id", "part", name="uq_session_parts_case_part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(32))
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


PART_NAME_MAX = 32


class SessionConflict(ConflictError):
    """Someone else saved this part of the session since it was read."""

    def __init__(self, reference: str, part: str, mine: dict, theirs: dict, theirs_version: int):
        super().__init__(_(
            "This step of case {reference} was changed elsewhere since you opened it. "
            "Keep your version or take theirs.").format(reference=reference))
        self.reference = reference
        self.part = part
        self.mine = mine
        self.theirs = theirs
        self.theirs_version = theirs_version


def session_aad(reference: str, part: str) -> str:
    """The associated data that binds an encrypted session part to its case."""
    return f"session_parts:{reference}:{part}"


class SessionStore:
    def __init__(self, db: Database, cipher: FieldCipher):
        self.db = db
        self.cipher = cipher

    def load(self, case_id: int, reference: str) -> SessionRecord:
        record = SessionRecord(case_id, reference)
        with self.db.read_session() as session:
            rows = session.scalars(
                select(SessionPartRow).where(SessionPartRow.case_id == case_id)).all()
            for row in rows:
                record.set_part_json(row.part, self.cipher.decrypt_json(
                    row.data_enc, session_aad(reference, row.part)))
                record.versions[row.part] = row.version
        return record

    def load_part(self, case_id: int, reference: str, part: str) -> tuple[dict, int]:
        with self.db.read_session() as session:
            row = session.scalar(select(SessionPartRow).where(
                SessionPartRow.case_id == case_id, SessionPartRow.part == part))
            if row is None:
                return {}, 0
            return self.cipher.decrypt_json(row.data_enc, session_aad(reference, part)), row.version

    def save_part(self, record: SessionRecord, part: str, *, overwrite: bool = False) -> int:
        """Store one part of ``record``; returns and records its new version."""
        if len(part) > PART_NAME_MAX or not part.replace("_", "").isalnum():
            raise ValueError(f"bad session part name {part!r}")
        data = record.part_json(part)
        expected = record.versions.get(part, 0)
        aad = session_aad(record.reference, part)
        try:
            with self.db.session() as session:
                row = session.scalar(select(SessionPartRow).where(
                    SessionPartRow.case_id == record.case_id, SessionPartRow.part == part))
                if row is None:
                    if expected and not overwrite:
                        # it existed when read and was removed since: theirs is "nothing"
                        raise SessionConflict(record.reference, part, data, {}, 0)
                    data = self._record_languages(record, part, None)
                    row = SessionPartRow(case_id=record.case_id, part=part,
                                         data_enc=self.cipher.encrypt_json(data, aad),
                                         updated_at=utcnow())
                    session.add(row)
                else:
                    if row.version != expected and not overwrite:
                        theirs = self.cipher.decrypt_json(row.data_enc, aad)
                        raise SessionConflict(record.reference, part, data, theirs, row.version)
                    data = self._record_languages(record, part, self._stored(row, aad))
                    row.data_enc = self.cipher.encrypt_json(data, aad)
                    row.updated_at = utcnow()
                session.flush()
                version = row.version
        except (IntegrityError, StaleDataError):
            theirs, theirs_version = self.load_part(record.case_id, record.reference, part)
            raise SessionConflict(record.reference, part, data, theirs, theirs_version) from None
        record.versions[part] = version
        return version

    def _stored(self, row: SessionPartRow, aad: str) -> dict | None:
        """The part as stored (``None`` if it does not decrypt: its notes count as new)."""
        try:
            return self.cipher.decrypt_json(row.data_enc, aad)
        except (DecryptionError, ValueError):
            return None

    @staticmethod
    def _record_languages(record: SessionRecord, part: str, stored: dict | None) -> dict:
        """The part's JSON to store, each note new or changed since ``stored`` marked with
        the language the counsellor writes in now (:mod:`counsel_app.session.typed_texts`)."""
        value = record.part(part)
        if isinstance(value, TypedTexts):
            before = PARTS[part].from_json(stored) if stored is not None else None
            value.record_languages(before)
        return record.part_json(part)

    def take_theirs(self, record: SessionRecord, conflict: SessionConflict) -> None:
        """Resolve a conflict by adopting the stored version."""
        record.set_part_json(conflict.part, conflict.theirs)
        record.versions[conflict.part] = conflict.theirs_version

    def last_step(self, case_id: int, reference: str) -> str:
        data, _version = self.load_part(case_id, reference, "progress")
        return data.get("last_step") or ""


__all__ = ["PARTS", "SessionConflict", "SessionPartRow", "SessionStore"]


def audit_sitting(ctx, reference: str, parts) -> bool:
    """One audit event for a sitting of the session steps: which parts were saved (their
    names only, no personal data); nothing when none was. The session screen calls it when
    the case is closed. Returns whether an event was written."""
    names = sorted(set(parts) - {"progress"})
    if not names:
        return False
    ctx.audit("change", reference, "session: " + ", ".join(names))
    return True
