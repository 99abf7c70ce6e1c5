"""Tables of the consent area (migration branch ``consent``, 0005_consent).

* ``consent_texts``: the organisation's consent texts, one row per purpose, language and
  version. Not personal. A version used for a consent is frozen (``first_used_at``).
* ``consent_events``: the append-only consent history of each case. Clear columns hold
  only what is needed to fold and count consents; the personal part (counsellor,
  interpreter, guardian, teach-back note, reason...) is encrypted, bound to the case
  reference and the event id. Each event's ``hash`` covers its clear columns, the
  ciphertext and the previous event's hash (a hash chain per case).
* ``consent_heads``: the last sequence number and hash of each case's chain, so that an
  event deleted from the end of the chain is noticed too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class ConsentTextRow(Base):
    __tablename__ = "consent_texts"
    __table_args__ = (
        UniqueConstraint("purpose", "language", "version",
                         name="uq_consent_texts_purpose_language_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(128))
    first_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ConsentEventRow(Base):
    __tablename__ = "consent_events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq", name="uq_consent_events_case_seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         index=True)
    seq: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(32))
    recipient_id: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent_texts.id", ondelete="RESTRICT"))
    text_sha256: Mapped[str] = mapped_column(String(64), default="")
    method: Mapped[str] = mapped_column(String(24), default="")
    signer: Mapped[str] = mapped_column(String(16), default="person")
    details_enc: Mapped[bytes] = mapped_column(LargeBinary)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ConsentHeadRow(Base):
    __tablename__ = "consent_heads"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
