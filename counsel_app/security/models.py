"""Tables of the security area: accounts, case access, the audit chain, settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
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
    #: HMAC under a key derived from the data key over name, role, active and locked
    #: (``security.integrity``): an edit of the file without the key is seen at sign-in
    mac: Mapped[str | None] = mapped_column(String(64))
    #: the name the account's prints carry ("Leïla Ben Salah", not the login) and its work
    #: phone or e-mail; set by the account itself or an administrator
    display_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact: Mapped[str] = mapped_column(String(200), default="", server_default="")


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
    """One entry of the append-only audit trail. No personal data: who (the account), what
    (action), which case (reference), when, and a short non-personal detail.

    Each account writes its own hash chain (``chain``, usually the account name; position
    ``chain_seq``), so writers of a centre never wait on each other; ``seq`` orders the
    whole trail for reading. The chains are tied together by :class:`AuditAnchor`."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("chain", "chain_seq", name="uq_audit_events_chain_seq"),
        Index("ix_audit_events_reference", "reference"),
        Index("ix_audit_events_username", "username"),
        Index("ix_audit_events_at", "at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain: Mapped[str] = mapped_column(String(80))
    chain_seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(255))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChain(Base):
    """The head of one chain: how many events it has and the last one's hash, under the
    data key's MAC. An append locks only its own chain's row."""

    __tablename__ = "audit_chains"

    chain: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    #: NULL only for the trail written before chains existed, until it is sealed
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditAnchor(Base):
    """The single anchor row (id 1): every chain's count and last hash and every account's
    integrity MAC at one moment, under the data key's MAC; mirrored into each key slot."""

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    mac: Mapped[str] = mapped_column(String(64))


class SecuritySetting(Base):
    """Settings of the data-protection policy (retention periods, idle timeout)."""

    __tablename__ = "security_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    #: HMAC under a key derived from the data key (``security.integrity``)
    mac: Mapped[str | None] = mapped_column(String(64))


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
