"""The table of questions to offices in countries of origin.

A question is about a country, never about a person (``country_info.questions`` refuses
the personal data it can detect), so it is not linked to a case. Its text is still
encrypted with the database's data key (aad ``office_questions:<qid>:text``): a name the
checks cannot recognise may slip in. Clear columns: the question's id, country, region,
topic, dates, and the account that recorded it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class OfficeQuestionRow(Base):
    __tablename__ = "office_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    qid: Mapped[str] = mapped_column(String(24), unique=True)  # Q-IQ-7F3K2A
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str] = mapped_column(String(10), default="")
    topic: Mapped[str] = mapped_column(String(30))
    text_enc: Mapped[bytes] = mapped_column(LargeBinary)
    asked: Mapped[date] = mapped_column(Date)
    asked_by: Mapped[str] = mapped_column(String(128), default="")
    #: the days it left in a sealed package (ISO dates)
    sent: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
