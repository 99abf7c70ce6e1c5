"""Field encryption for personal data (AES-256-GCM) and password-wrapped keys.

One random *data key* per database encrypts every personal field. The data key is never
stored in clear: each account (and the recovery slot) holds a copy wrapped with a key derived
from that account's password by Argon2id. See ``docs/security.md``.

Every ciphertext is bound to where it belongs (``aad``: table, record and column), so a
blob copied onto another record or column fails to decrypt instead of showing someone
else's data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionError(Exception):
    """A ciphertext that is damaged, was moved, or was made with another key."""


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _subkey(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(master)


class FieldCipher:
    """Encrypts and decrypts personal fields with the database's data key."""

    def __init__(self, data_key: bytes):
        if len(data_key) != KEY_BYTES:
            raise ValueError("data key must be 32 bytes")
        self._aead = AESGCM(_subkey(data_key, b"counsel-app field encryption v1"))
        self._index_key = _subkey(data_key, b"counsel-app blind index v1")
        self.key_id = hashlib.sha256(_subkey(data_key, b"counsel-app key id v1")).hexdigest()[:16]

    # -- bytes and text ---------------------------------------------------------------
    def encrypt(self, plaintext: bytes, aad: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_VERSION + nonce + self._aead.encrypt(nonce, plaintext, aad.encode())

    def decrypt(self, blob: bytes, aad: str) -> bytes:
        if not blob or blob[:1] != FORMAT_VERSION or len(blob) < 1 + NONCE_BYTES + 16:
            raise DecryptionError("not an encrypted field of a known format")
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, aad.encode())
        except InvalidTag as exc:
            raise DecryptionError("field does not decrypt with this key and place") from exc

    def encrypt_text(self, text: str, aad: str) -> bytes:
        return self.encrypt(text.encode("utf-8"), aad)

    def decrypt_text(self, blob: bytes, aad: str) -> str:
        return self.decrypt(blob, aad).decode("utf-8")

    def encrypt_json(self, value: Any, aad: str) -> bytes:
        return self.encrypt(
            json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode(),
            aad,
        )

    def decrypt_json(self, blob: bytes, aad: str) -> Any:
        return json.loads(self.decrypt(blob, aad))

    # -- blind index for searching encrypted names --------------------------------------
    def index_token(self, token: str) -> bytes:
        """A keyed hash of one normalised search token (16 bytes)."""
        return hmac.new(self._index_key, token.encode("utf-8"), hashlib.sha256).digest()[:16]

    def search_tokens(self, *texts: str, min_prefix: int = 2, max_prefix: int = 24) -> set[bytes]:
        """Keyed hashes of every word prefix in ``texts`` (for prefix search by name)."""
        out: set[bytes] = set()
        for text in texts:
            for word in normalise_words(text):
                for end in range(min(len(word), min_prefix), min(len(word), max_prefix) + 1):
                    out.add(self.index_token(word[:end]))
        return out

    def query_tokens(self, query: str) -> list[bytes]:
        """One keyed hash per query word (each must match a stored prefix)."""
        return [self.index_token(word[:24]) for word in normalise_words(query)]


def normalise_words(text: str) -> list[str]:
    """Case- and accent-insensitive words of ``text``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words, current = [], []
    for ch in stripped:
        if ch.isalnum():
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


# -- password-wrapped keys -----------------------------------------------------------------

@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters (RFC 9106 second recommendation, memory-hard)."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024  # KiB
    parallelism: int = 2

    def as_dict(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_cost, "p": self.parallelism}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> KdfParams:
        return cls(time_cost=data["t"], memory_cost=data["m"], parallelism=data["p"])


#: Lighter parameters for tests only (selected by ``COUNSEL_APP_FAST_KDF=1``).
TEST_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def default_kdf() -> KdfParams:
    return TEST_KDF if os.environ.get("COUNSEL_APP_FAST_KDF") == "1" else KdfParams()


def derive_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret=password.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


@dataclass(frozen=True)
class WrappedKey:
    salt: bytes
    params: KdfParams
    blob: bytes  # nonce + AES-GCM(data key)


#: Associated data of a key slot: ``SLOT_AAD + label``. Slots written since the audit trail
#: has an anchor use the second form; a slot that opens with it proves that this database's
#: trail was anchored (so a trail made to look older is reported, not adopted).
SLOT_AAD_V1 = b"keyslot:"
SLOT_AAD_V2 = b"keyslot:v2:"


def wrap_key(data_key: bytes, password: str, label: str, params: KdfParams | None = None) -> WrappedKey:
    params = params or default_kdf()
    salt = os.urandom(16)
    kek = derive_key(password, salt, params)
    nonce = os.urandom(NONCE_BYTES)
    blob = nonce + AESGCM(kek).encrypt(nonce, data_key, SLOT_AAD_V2 + label.encode())
    return WrappedKey(salt, params, blob)


def unwrap_key(wrapped: WrappedKey, password: str, label: str) -> bytes | None:
    """The data key, or ``None`` when the password is wrong."""
    opened = unwrap_key_versioned(wrapped, password, label)
    return opened[0] if opened else None


def unwrap_key_versioned(wrapped: WrappedKey, password: str,
                         label: str) -> tuple[bytes, int] | None:
    """``(data key, slot version 1 or 2)``, or ``None`` when the password is wrong."""
    kek = derive_key(password, wrapped.salt, wrapped.params)
    aead = AESGCM(kek)
    for version, prefix in ((2, SLOT_AAD_V2), (1, SLOT_AAD_V1)):
        try:
            return aead.decrypt(wrapped.blob[:NONCE_BYTES], wrapped.blob[NONCE_BYTES:],
                                prefix + label.encode()), version
        except InvalidTag:
            continue
    return None
