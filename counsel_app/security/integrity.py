"""Integrity of the rows that decide what a person may do: accounts and protective settings.

Each such row carries an HMAC-SHA256 under a key derived from the database's data key, so
only a process that has unlocked the data key (a successful sign-in) can write a valid one.
Someone who edits the file without a password — a role set to administrator, a lock-out
cleared, a disabled account re-enabled, the inactivity lock stretched — leaves a MAC that
no longer matches: the account is refused at sign-in (and the setting falls back to its
safe default) with a clear message and an audit event, until an administrator repairs it.

What the MAC cannot do (see docs/security.md): anyone who has the data key — any account's
password plus the knowledge to run code — can compute valid MACs; and a row copied back from
an older copy of the database carries a valid older MAC (the audit anchor, which records
every account's MAC, is what reveals that).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


@lru_cache(maxsize=8)
def integrity_key(data_key: bytes) -> bytes:
    """The key of every row MAC and of the audit chain heads and anchor."""
    return HKDF(algorithm=SHA256(), length=32, salt=None,
                info=b"counsel-app row integrity v1").derive(data_key)


def mac(key: bytes, kind: str, *fields: Any) -> str:
    """HMAC-SHA256 over ``kind`` and the fields (unit-separated), hex."""
    message = "\x1f".join([kind, *("" if f is None else str(f) for f in fields)])
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a, b)


# -- accounts ----------------------------------------------------------------------------------

def account_mac(key: bytes, username: str, role: str, active: bool, locked: bool) -> str:
    """The MAC of an account's security state. The failure counter is left out: failed
    sign-ins are written without the key (there is none without the password)."""
    return mac(key, "account", username, role, int(bool(active)), int(bool(locked)))


def account_state(key: bytes, row) -> str:
    """``"ok"``; ``"locked-later"`` (locked by failed sign-ins since the MAC was written,
    which needs no key and is legitimate); ``"lock-cleared"`` (the MAC says locked, the row
    says not: the lock-out was cleared outside the app); ``"altered"``; ``"unsealed"``
    (no MAC yet: an account made before integrity MACs existed)."""
    if row.mac is None:
        return "unsealed"
    locked = row.locked_at is not None
    if same(row.mac, account_mac(key, row.username, row.role, row.active, locked)):
        return "ok"
    if same(row.mac, account_mac(key, row.username, row.role, row.active, not locked)):
        return "locked-later" if locked else "lock-cleared"
    return "altered"


def seal_account(key: bytes, row) -> None:
    row.mac = account_mac(key, row.username, row.role, row.active, row.locked_at is not None)


# -- settings ----------------------------------------------------------------------------------

def setting_mac(key: bytes, name: str, value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return mac(key, "setting", name, canonical)
