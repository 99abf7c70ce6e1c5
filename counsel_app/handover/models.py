"""Tables of the handover area: this station's keys, trusted keys, packages sent/received.

Private keys are stored encrypted with the database's data key (``private_enc``); package
contents are stored encrypted the same way. Clear columns hold fingerprints, office names,
dates, kinds and case references: what is needed to list and refuse without the key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class StationKeyRow(Base):
    """One key pair of this station (X25519 for encryption, Ed25519 for signing)."""

    __tablename__ = "station_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    x25519_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    ed25519_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    #: both private keys as encrypted JSON (aad ``station_keys:<fingerprint>:private``)
    private_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TrustedKeyRow(Base):
    """The public keys of another office (or a publisher), imported and verified by a person."""

    __tablename__ = "trusted_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    x25519_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    ed25519_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(128), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str] = mapped_column(String(500), default="")


class HandoverPackageRow(Base):
    """A package this station made or accepted; its id makes a replay recognisable."""

    __tablename__ = "handover_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # handover | ack
    direction: Mapped[str] = mapped_column(String(10))  # sent | received
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    #: the case reference at the other station (the sender's for a received handover)
    remote_reference: Mapped[str] = mapped_column(String(20), default="", index=True)
    peer_fingerprint: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(128), default="")
    #: what the package carried (encrypted JSON, aad ``handover_packages:<package_id>:content``)
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)
