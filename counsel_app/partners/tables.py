"""SQLAlchemy model of the partner directory (migration branch ``partners``). Not personal
data: clear columns. A partner is identified by its country and folded name; importing it
again updates it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class PartnerRow(Base):
    __tablename__ = "partners"
    __table_args__ = (
        UniqueConstraint("country", "name_key", name="uq_partners_country_name"),
        Index("ix_partners_country_region", "country", "region"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(10), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    services: Mapped[list] = mapped_column(JSON)
    languages: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    procedure: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300))
    source_date: Mapped[date] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
