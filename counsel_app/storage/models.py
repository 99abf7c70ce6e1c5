"""Typed SQLAlchemy models of the foundation tables.

Personal data never sits in a clear column: it goes into ``*_enc`` columns encrypted by
:class:`counsel_app.storage.crypto.FieldCipher`. Clear columns hold only what the app needs
to list, filter and count cases without the key (reference, status, countries, dates).

Other parts of the app add their own models on the same :class:`Base` in their own modules
(and their own Alembic migrations), listed in :func:`counsel_app.areas.model_modules`:
the metadata is complete once the program's entry point has loaded the areas.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class MetaEntry(Base):
    """Key/value facts about this database (its id, when it was created)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(1024))


class CentreSetting(Base):
    """A setting of the whole centre (every station sharing this database), declared in
    :mod:`counsel_app.settings`; who changed it last and when (each change is audited)."""

    __tablename__ = "centre_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(64))


class KeySlot(Base):
    """The data key wrapped by one password (an account's, or the recovery passphrase)."""

    __tablename__ = "key_slots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(128), unique=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))
    kdf: Mapped[dict] = mapped_column(JSON)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(128))
    key_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: a copy of the audit trail's anchor (``security.audit``), under the data key's MAC:
    #: removing or rolling back the anchor row alone is seen, and a lost one is rebuilt
    audit_anchor: Mapped[dict | None] = mapped_column(JSON)


class ReferenceCounter(Base):
    """Last case number handed out per year (``AVRR-<year>-<number>``)."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    decision: Mapped[str | None] = mapped_column(String(20))
    host_country: Mapped[str] = mapped_column(String(2), default="")
    return_country: Mapped[str] = mapped_column(String(2), default="", index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    #: display name only, so the case list decrypts little
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    #: everything else personal, as encrypted JSON
    personal_enc: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    tokens: Mapped[list[CaseSearchToken]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}


class CaseSearchToken(Base):
    """Blind index: keyed hashes of the prefixes of a case's names, for search."""

    __tablename__ = "case_search_tokens"
    __table_args__ = (
        UniqueConstraint("case_id", "token", name="uq_case_search_tokens_case_token"),
        Index("ix_case_search_tokens_token", "token"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    token: Mapped[bytes] = mapped_column(LargeBinary(16))

    case: Mapped[CaseRow] = relationship(back_populates="tokens")


def require_all_models() -> None:
    """Raise unless every area's tables are on :class:`Base` (a backup or an erasure that
    saw only some tables would leave data out)."""
    from counsel_app.plugins import CORE, require_loaded

    require_loaded(CORE, "the tables of the areas")
