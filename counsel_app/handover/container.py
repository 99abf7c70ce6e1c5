"""The sealed package format: a signed header, an encrypted body (pure crypto, no storage).

Layout of a package file (all integers big-endian)::

    MAGIC (8 bytes "CAHOPKG\\x01")
    header length (4 bytes) | header (canonical UTF-8 JSON)
    body length (4 bytes)   | body (AES-256-GCM ciphertext + tag)
    signature (64 bytes, Ed25519 over every byte before it)

The header is readable without any key (it names the package id, the kind, the sender
and recipient fingerprints, the creation time) and holds the *wrapped content key*: a
random 256-bit content key encrypted with a key-encryption key derived (HKDF-SHA256) from
an X25519 exchange between a fresh ephemeral key and the recipient station's X25519 key.
The body is encrypted with the content key and bound to the header (the header bytes are
the AES-GCM associated data), so a header cannot be moved onto another body.

The Ed25519 signature of the sending station covers the whole file; verification happens
before anything is decrypted. Any changed, added or missing byte makes the package fail.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MAGIC = b"CAHOPKG\x01"
FORMAT_VERSION = 1
SIGNATURE_BYTES = 64
MAX_PART = 64 * 1024 * 1024  # a package part beyond this is not ours
KINDS = ("handover", "ack", "questions")  # questions: to an office, country_info.questions
_WRAP_INFO = b"counsel-app handover v1 key wrap"


class PackageFormatError(Exception):
    """The bytes are not a well-formed package (reason in ``kind``)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(detail or kind)
        self.kind = kind  # "not_a_package" | "truncated" | "malformed"


class SignatureError(Exception):
    """The signature does not verify with the claimed sender's key."""


class DecryptError(Exception):
    """The body cannot be decrypted with this station's key."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _kek(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=ephemeral_pub + recipient_pub,
                info=_WRAP_INFO).derive(shared)


@dataclass(frozen=True)
class ParsedPackage:
    """A package split into its parts; nothing verified or decrypted yet."""

    header: dict[str, Any]
    header_bytes: bytes
    body: bytes
    signed: bytes
    signature: bytes

    @property
    def package_id(self) -> str:
        return str(self.header.get("package_id", ""))

    @property
    def kind(self) -> str:
        return str(self.header.get("kind", ""))

    @property
    def sender_fingerprint(self) -> str:
        return str(self.header.get("sender", ""))

    @property
    def recipient_fingerprint(self) -> str:
        return str(self.header.get("recipient", ""))


def seal(
    *,
    kind: str,
    package_id: str,
    created: str,
    sender_fingerprint: str,
    recipient_fingerprint: str,
    recipient_x25519: bytes,
    signing_key: Ed25519PrivateKey,
    plaintext: bytes,
    extra_header: dict[str, Any] | None = None,
) -> bytes:
    """Encrypt ``plaintext`` to the recipient and sign the whole package."""
    if kind not in KINDS:
        raise ValueError(f"unknown package kind {kind!r}")
    content_key = AESGCM.generate_key(bit_length=256)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_x25519))
    kek = _kek(shared, ephemeral_pub, recipient_x25519)
    wrap_nonce = os.urandom(12)
    wrapped = AESGCM(kek).encrypt(wrap_nonce, content_key, package_id.encode())
    body_nonce = os.urandom(12)
    header = {
        "format": "counsel-app-package",
        "version": FORMAT_VERSION,
        "kind": kind,
        "package_id": package_id,
        "created": created,
        "sender": sender_fingerprint,
        "recipient": recipient_fingerprint,
        "ephemeral_x25519": b64(ephemeral_pub),
        "wrapped_key": b64(wrap_nonce + wrapped),
        "body_nonce": b64(body_nonce),
        "cipher": "X25519-HKDF-SHA256/AES-256-GCM",
        "signature": "Ed25519",
        **(extra_header or {}),
    }
    header_bytes = canonical_json(header)
    body = AESGCM(content_key).encrypt(body_nonce, plaintext, header_bytes)
    signed = (MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
              + struct.pack(">I", len(body)) + body)
    return signed + signing_key.sign(signed)


def parse(data: bytes) -> ParsedPackage:
    """Split a package file into its parts, or raise :class:`PackageFormatError`."""
    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
        if MAGIC.startswith(data[: len(MAGIC)]) and data:
            raise PackageFormatError("truncated")
        raise PackageFormatError("not_a_package")
    pos = len(MAGIC)

    def take(count: int) -> bytes:
        nonlocal pos
        if count > MAX_PART:
            raise PackageFormatError("malformed", "part too large")
        if pos + count > len(data):
            raise PackageFormatError("truncated")
        chunk = data[pos : pos + count]
        pos += count
        return chunk

    header_len = struct.unpack(">I", take(4))[0]
    header_bytes = take(header_len)
    body_len = struct.unpack(">I", take(4))[0]
    body = take(body_len)
    signed_end = pos
    signature = take(SIGNATURE_BYTES)
    if pos != len(data):
        raise PackageFormatError("malformed", "trailing bytes")
    from country_info import jsonlimits  # (not at import: keeps the app's start light)
    try:
        header = jsonlimits.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageFormatError("malformed", "header is not JSON") from None
    if not isinstance(header, dict) or header.get("format") != "counsel-app-package":
        raise PackageFormatError("malformed", "not a counsel-app header")
    return ParsedPackage(header, header_bytes, body, data[:signed_end], signature)


def verify(package: ParsedPackage, sender_ed25519: bytes) -> None:
    """Raise :class:`SignatureError` unless the sender's key signed the package."""
    try:
        Ed25519PublicKey.from_public_bytes(sender_ed25519).verify(package.signature,
                                                                   package.signed)
    except (InvalidSignature, ValueError):
        raise SignatureError("signature does not verify") from None


def open_body(package: ParsedPackage, recipient_private: X25519PrivateKey) -> bytes:
    """Unwrap the content key with this station's key and decrypt the body."""
    header = package.header
    try:
        ephemeral_pub = unb64(header["ephemeral_x25519"])
        wrapped = unb64(header["wrapped_key"])
        body_nonce = unb64(header["body_nonce"])
        recipient_pub = raw_public(recipient_private.public_key())
        shared = recipient_private.exchange(X25519PublicKey.from_public_bytes(ephemeral_pub))
        kek = _kek(shared, ephemeral_pub, recipient_pub)
        content_key = AESGCM(kek).decrypt(wrapped[:12], wrapped[12:],
                                          package.package_id.encode())
        return AESGCM(content_key).decrypt(body_nonce, package.body, package.header_bytes)
    except (KeyError, ValueError, TypeError, InvalidTag):
        raise DecryptError("cannot decrypt") from None
