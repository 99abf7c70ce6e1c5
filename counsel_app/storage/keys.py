"""The database's data key: created once, stored only wrapped by passwords."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.storage.crypto import (
    FieldCipher,
    KdfParams,
    WrappedKey,
    new_key,
    unwrap_key_versioned,
    wrap_key,
)
from counsel_app.storage.db import Database
from counsel_app.storage.models import KeySlot, MetaEntry


@dataclass(frozen=True)
class Vault:
    """The unlocked data key of one database and the cipher made from it."""

    data_key: bytes
    cipher: FieldCipher
    #: 2 when the slot it was opened from was written since the audit trail has an
    #: anchor (see ``crypto.SLOT_AAD_V2``), 1 for an older slot
    slot_version: int = 2


def is_initialised(db: Database) -> bool:
    with db.read_session() as session:
        return session.scalar(select(KeySlot.id).limit(1)) is not None


def initialise(db: Database, label: str, password: str) -> Vault:
    """Create the data key and its first slot (the first administrator's)."""
    with db.session() as session:
        if session.scalar(select(KeySlot.id).limit(1)) is not None:
            raise UserError(_("This database is already set up."))
        vault = _vault(new_key())
        _store_slot(session, vault, label, password)
        if session.get(MetaEntry, "database_id") is None:
            session.add(MetaEntry(key="database_id", value=str(uuid.uuid4())))
    return vault


def unlock(db: Database, label: str, password: str) -> Vault | None:
    """The vault, or ``None`` when there is no such slot or the password is wrong."""
    with db.read_session() as session:
        slot = session.scalar(select(KeySlot).where(KeySlot.label == label))
        if slot is None:
            return None
        wrapped = WrappedKey(slot.salt, KdfParams.from_dict(slot.kdf), slot.wrapped_key)
    opened = unwrap_key_versioned(wrapped, password, label)
    return _vault(*opened) if opened is not None else None


def _vault(data_key: bytes, slot_version: int = 2) -> Vault:
    return Vault(data_key, FieldCipher(data_key), slot_version)


def _store_slot(session, vault: Vault, label: str, password: str) -> None:
    wrapped = wrap_key(vault.data_key, password, label)
    session.add(
        KeySlot(
            label=label,
            salt=wrapped.salt,
            kdf=wrapped.params.as_dict(),
            wrapped_key=wrapped.blob,
            key_id=vault.cipher.key_id,
            created_at=utcnow(),
        )
    )
