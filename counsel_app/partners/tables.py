"""SQLAlchemy models of the partners area (migration branch ``partners``).

* ``partners``: the directory. Not personal data: clear columns. A partner is identified by
  its country and folded name; importing it again updates it.
* ``case_referrals``: a case's referrals to partners (personal data, encrypted).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.opportunities.tables import LibraryEntry
from counsel_app.storage.models import Base


class PartnerRow(LibraryEntry, Base):
    """A partner of the directory (the columns every library entry has: LibraryEntry)."""

    __tablename__ = "partners"
    __table_args__ = (
        UniqueConstraint("country", "name_key", name="uq_partners_country_name"),
        Index("ix_partners_country_region", "country", "region"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    services: Mapped[list] = mapped_column(JSON)
    contact: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    procedure: Mapped[str] = mapped_column(Text, default="")


class CaseReferralRow(Base):
    """One referral of a case to a partner. The partner's type and the state are clear
    (monitoring counts them without the key); who, what, dates, outcome and note are
    encrypted and bound to the case reference and the referral's key."""

    __tablename__ = "case_referrals"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_case_referrals_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         index=True)
    key: Mapped[str] = mapped_column(String(32))  # the same on both stations
    partner_type: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20), default="")
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
