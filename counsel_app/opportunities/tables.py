"""SQLAlchemy models of the opportunities area (migration branch ``opportunities``).

* ``opportunities``: the catalogue. Not personal data, so clear columns.
* ``opportunity_batches``: one row per change to the catalogue (an import, an edit, a
  deletion): what the import history shows, and the stamp the matching cache checks.
* ``case_opportunity_profiles``: per case, the returnee's skills profile, feasibility grid
  and chosen opportunities: personal data, encrypted (``FieldCipher``, aad bound to the
  case reference). Deleted with the case.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class LibraryEntry:
    """The columns every entry of an imported library has (opportunities here, partners in
    ``partners/tables.py``): where it is, the languages it works in, where it came from and
    when, whether it is sample data, and its folded words for the text filter. Not personal
    data: clear columns."""

    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(10), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")  # space-separated codes
    source: Mapped[str] = mapped_column(String(300))
    source_date: Mapped[date] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OpportunityRow(LibraryEntry, Base):
    __tablename__ = "opportunities"
    __table_args__ = (
        UniqueConstraint("provider_key", "provider_ref", name="uq_opportunities_provider_ref"),
        Index("ix_opportunities_country_region", "country", "region"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    isco: Mapped[str] = mapped_column(String(2), default="")
    education_min: Mapped[int | None] = mapped_column(Integer)
    titles: Mapped[dict] = mapped_column(JSON)
    descriptions: Mapped[dict] = mapped_column(JSON)
    provider_name: Mapped[str] = mapped_column(String(200))
    provider_key: Mapped[str] = mapped_column(String(200))  # folded name, for matching
    provider_contact: Mapped[str] = mapped_column(String(200), default="")
    provider_address: Mapped[str] = mapped_column(String(300), default="")
    provider_ref: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    pay_type: Mapped[str] = mapped_column(String(10), default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="")
    places: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OpportunityBatchRow(Base):
    __tablename__ = "opportunity_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(20))  # import, edit, delete
    file_name: Mapped[str] = mapped_column(String(300), default="")
    user: Mapped[str] = mapped_column(String(128), default="")
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)


class CaseOpportunityProfileRow(Base):
    __tablename__ = "case_opportunity_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    profile_enc: Mapped[bytes] = mapped_column(LargeBinary)
    grid_enc: Mapped[bytes] = mapped_column(LargeBinary)
    chosen_enc: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
