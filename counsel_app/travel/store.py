"""Storage of the travel phase: one encrypted record per case, with optimistic locking.

Everything in it is personal data (documents, health, the route, who meets the person), so
it is one encrypted JSON blob bound to its case (``aad = "travel_records:<reference>:data"``).
The only clear columns are the case, when the record was last changed and by whom, and the
day the person departed (counted by the monitoring export without the key, like the arrival
date of the follow-up record).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from counsel_app.domain.case import utcnow
from counsel_app.errors import ConflictError, NotFound
from counsel_app.i18n import _
from counsel_app.storage.crypto import FieldCipher
from counsel_app.storage.db import Database
from counsel_app.storage.models import Base, CaseRow
from counsel_app.travel.model import TravelRecord


class TravelRow(Base):
    __tablename__ = "travel_records"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    departed_on: Mapped[date | None] = mapped_column(Date, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(128), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


def travel_aad(reference: str) -> str:
    return f"travel_records:{reference}:data"


class TravelConflict(ConflictError):
    """Someone saved the travel record since it was opened; carries both versions."""

    def __init__(self, mine: TravelRecord, theirs: TravelRecord):
        super().__init__(
            _("The departure details of case {reference} were changed by someone else since "
              "you opened them. Keep yours or take theirs.").format(reference=mine.reference))
        self.mine = mine
        self.theirs = theirs


class TravelRepository:
    def __init__(self, db: Database, cipher: FieldCipher):
        self.db = db
        self.cipher = cipher

    @staticmethod
    def _case_id(session, reference: str) -> int:
        case_id = session.scalar(select(CaseRow.id).where(CaseRow.reference == reference))
        if case_id is None:
            raise NotFound(_("There is no case {reference}.").format(reference=reference))
        return case_id

    def _to_record(self, row: TravelRow, reference: str) -> TravelRecord:
        data = self.cipher.decrypt_json(row.data_enc, travel_aad(reference))
        return TravelRecord.from_data(data, reference, row.version)

    def find(self, reference: str) -> TravelRecord | None:
        reference = reference.strip().upper()
        with self.db.read_session() as session:
            row = session.get(TravelRow, self._case_id(session, reference))
            return self._to_record(row, reference) if row is not None else None

    def get(self, reference: str) -> TravelRecord:
        """The stored record, or a new empty one (version 0)."""
        reference = reference.strip().upper()
        return self.find(reference) or TravelRecord(reference=reference)

    def write(self, session, case_id: int, record: TravelRecord, *, user: str = "",
              overwrite: bool = False) -> TravelRow:
        """Write ``record`` inside the caller's transaction (raise on a stale version)."""
        row = session.get(TravelRow, case_id)
        if row is None:
            if record.version and not overwrite:
                raise NotFound(_("The departure details of case {reference} no longer "
                                 "exist.").format(reference=record.reference))
            row = TravelRow(case_id=case_id)
            session.add(row)
        elif row.version != record.version and not overwrite:
            raise TravelConflict(record, self._to_record(row, record.reference))
        row.data_enc = self.cipher.encrypt_json(record.to_data(), travel_aad(record.reference))
        row.departed_on = record.departed_on
        row.updated_at = utcnow()
        row.updated_by = user
        session.flush()
        return row

    def save(self, record: TravelRecord, *, user: str = "",
             overwrite: bool = False) -> TravelRecord:
        """Store ``record``; :class:`TravelConflict` if it changed since it was read."""
        record.reference = record.reference.strip().upper()
        try:
            with self.db.session() as session:
                row = self.write(session, self._case_id(session, record.reference), record,
                                 user=user, overwrite=overwrite)
                record.version = row.version
            return record
        except StaleDataError:
            raise TravelConflict(record, self.get(record.reference)) from None
