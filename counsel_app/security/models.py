"""Tables of the security area: accounts, case access, the audit chain, settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class UserRow(Base):
    """One account. The password is kept only as an Argon2id hash; the data key is wrapped
    for it in the key slot ``user:<username>``."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CaseAccess(Base):
    """A case handed to a post-arrival caseworker (who sees only such cases)."""

    __tablename__ = "case_access"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """One entry of the append-only, hash-chained audit trail. No personal data: who (the
    account), what (action), which case (reference), when, and a short non-personal detail."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_reference", "reference"),
        Index("ix_audit_events_username", "username"),
        Index("ix_audit_events_at", "at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(255))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single chain-head row (id 1). Appends lock it, so concurrent writers line up."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class SecuritySetting(Base):
    """Settings of the data-protection policy (retention periods, idle timeout)."""

    __tablename__ = "security_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)


class AnonymisedCase(Base):
    """A case whose identity was removed under the retention rules; what is left of it is
    statistics only, kept here in clear for counting (no personal data)."""

    __tablename__ = "anonymised_cases"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    anonymised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sex: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40))
