"""Ed25519 signatures on curated packs, and the store of trusted publisher keys.

A signed pack file is a JSON envelope::

    {"format": "counsel-app-signed-pack", "envelope_version": 1,
     "pack": { ...the pack... },
     "signature": {"algorithm": "ed25519", "publisher": "<publisher id>",
                   "key_id": "<16 hex>", "value": "<base64>"}}

The signature covers ``b"counsel-app-pack-v1\\n"`` followed by the pack in canonical JSON
(keys sorted, no spaces, UTF-8). A key is trusted when its record is bundled in
``resources/publisher_keys/`` or was added to ``<data folder>/country_info/trusted_keys/``.
A key only vouches for packs whose ``publisher.id`` is the one it was issued for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from country_info.i18n import _
from country_info import jsonlimits
from country_info.errors import PackError, SignatureError
from country_info.files import ensure_folder, write_atomically
from country_info.model import SIGNED_FORMAT

DOMAIN_PREFIX = b"counsel-app-pack-v1\n"
KEY_FORMAT = "counsel-app-publisher-key"

#: Set to "1" to accept unsigned packs (developer mode); they are always marked unverified.
DEV_ENV = "COUNSEL_APP_PACKS_ALLOW_UNSIGNED"


def developer_mode() -> bool:
    return os.environ.get(DEV_ENV, "") == "1"


def canonical_bytes(pack: dict) -> bytes:
    return json.dumps(pack, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


@dataclass(frozen=True)
class PublisherKey:
    publisher_id: str
    name: str
    key_id: str
    public_raw: bytes
    sample: bool = False
    origin: str = ""

    def as_record(self) -> dict[str, Any]:
        return {
            "format": KEY_FORMAT,
            "publisher_id": self.publisher_id,
            "name": self.name,
            "key_id": self.key_id,
            "public_key": base64.b64encode(self.public_raw).decode("ascii"),
            "sample": self.sample,
        }


def generate_key(publisher_id: str, name: str, *, sample: bool = False):
    """A new key pair: (private key PEM bytes, :class:`PublisherKey`)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return pem, PublisherKey(publisher_id, name, key_id_of(raw), raw, sample)


def load_private_key(pem: bytes):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(_("the signing key is not an Ed25519 key."))
    return key


def sign_pack(pack: dict, private_pem: bytes) -> dict:
    """The signed envelope for ``pack`` (the pack is not modified)."""
    from cryptography.hazmat.primitives import serialization

    private = load_private_key(private_pem)
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signature = private.sign(DOMAIN_PREFIX + canonical_bytes(pack))
    return {
        "format": SIGNED_FORMAT,
        "envelope_version": 1,
        "pack": pack,
        "signature": {
            "algorithm": "ed25519",
            "publisher": pack["publisher"]["id"],
            "key_id": key_id_of(raw),
            "value": base64.b64encode(signature).decode("ascii"),
        },
    }


#: the longest publisher id or name a key file may carry (they are shown and printed)
MAX_KEY_TEXT = 200


def key_from_record(record: Any, origin: str) -> PublisherKey:
    if not isinstance(record, dict) or record.get("format") != KEY_FORMAT:
        raise PackError(_("not a publisher key file."), source=origin)
    try:
        raw = base64.b64decode(record["public_key"], validate=True)
        publisher_id, name = str(record["publisher_id"]), str(record.get("name", record["publisher_id"]))
    except (KeyError, binascii.Error, TypeError):
        raise PackError(_("the publisher key file is incomplete or damaged."), source=origin) from None
    for field, value in (("publisher_id", publisher_id), ("name", name)):
        if len(value) > MAX_KEY_TEXT:
            raise PackError(_("the text is longer than {limit} characters.").format(
                limit=MAX_KEY_TEXT), source=origin, where=f"$.{field}")
    if len(raw) != 32:
        raise PackError(_("the public key must be 32 bytes (Ed25519)."), source=origin, where="$.public_key")
    if record.get("key_id") and record["key_id"] != key_id_of(raw):
        raise PackError(_("the key id does not match the public key."), source=origin, where="$.key_id")
    return PublisherKey(publisher_id, name, key_id_of(raw), raw, bool(record.get("sample")), origin)


def bundled_keys_dir() -> Path:
    from country_info.host import resources_dir

    return resources_dir() / "publisher_keys"


def user_keys_dir() -> Path:
    from country_info.host import data_dir

    return ensure_folder(data_dir() / "country_info" / "trusted_keys")


def trusted_keys(extra_dirs: list[Path] | None = None) -> dict[str, PublisherKey]:
    """Trusted keys by key id: bundled ones, then the user's trust store. The program's own
    record of a bundled key always wins: a copy of the sample publisher's key marked
    ``"sample": false`` (dropped into the trust store's folder) never makes packs signed
    with it, whose private key is public, verified."""
    keys: dict[str, PublisherKey] = {}
    bundled: set[str] = set()
    for folder in [bundled_keys_dir(), user_keys_dir(), *(extra_dirs or [])]:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            try:
                key = key_from_record(jsonlimits.loads(path.read_text("utf-8")), path.name)
            except (PackError, ValueError, OSError):
                continue  # a damaged key file trusts nothing
            if key.key_id in bundled:
                continue
            keys[key.key_id] = key
        if folder == bundled_keys_dir():
            bundled = set(keys)
    return keys


def bundled_key_ids() -> set[str]:
    """The key ids of the keys that come with the program."""
    out = set()
    folder = bundled_keys_dir()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            out.add(key_from_record(jsonlimits.loads(path.read_text("utf-8")), path.name).key_id)
        except (PackError, ValueError, OSError):
            continue
    return out


def trust_key_file(path: Path) -> PublisherKey:
    """Add a publisher key file to the user's trust store (atomically). The record of a key
    that comes with the program (such as the sample publisher's) cannot be replaced."""
    from country_info.validate import read_file

    record = read_file(path)
    key = key_from_record(record, str(path))
    if key.key_id in bundled_key_ids():
        raise PackError(_("this key comes with the program (such as the sample publisher's "
                          "key); its record cannot be replaced. Nothing was changed."),
                        source=str(path))
    target = user_keys_dir() / f"{key.publisher_id}-{key.key_id}.json"
    write_atomically(target, json.dumps(key.as_record(), indent=2, sort_keys=True))
    return key


@dataclass(frozen=True)
class Verified:
    pack: dict
    verified: bool
    key: PublisherKey | None


def open_envelope(data: Any, source: str, *, keys: dict[str, PublisherKey] | None = None,
                  allow_unsigned: bool | None = None) -> Verified:
    """Check the signature of a parsed pack file; return the inner pack.

    An unsigned pack (a bare pack, not an envelope) is refused unless ``allow_unsigned`` (or
    developer mode) is on; it then comes back with ``verified=False``.
    """
    if allow_unsigned is None:
        allow_unsigned = developer_mode()
    if isinstance(data, dict) and data.get("format") != SIGNED_FORMAT:
        if allow_unsigned:
            return Verified(data, False, None)
        raise SignatureError(
            _("the pack is not signed. Only packs signed by a trusted publisher can be imported "
              "(developer mode: set {env}=1 to load it as unverified).").format(env=DEV_ENV),
            source=source)
    if not isinstance(data, dict):
        raise PackError(_("a pack file must be a JSON object."), source=source, where="$")
    sig = data.get("signature")
    pack = data.get("pack")
    if not isinstance(pack, dict):
        raise PackError(_("the signed file holds no pack."), source=source, where="$.pack")
    if not isinstance(sig, dict) or sig.get("algorithm") != "ed25519" or not isinstance(sig.get("value"), str):
        raise SignatureError(_("the signature block is missing or not Ed25519."), source=source,
                             where="$.signature")
    keys = trusted_keys() if keys is None else keys
    key = keys.get(str(sig.get("key_id")))
    if key is None:
        if allow_unsigned:
            return Verified(pack, False, None)
        raise SignatureError(
            _("the pack is signed by a key this program does not trust (publisher “{publisher}”, "
              "key {key}). Add the publisher's key to the trust store first.").format(
                publisher=sig.get("publisher"), key=sig.get("key_id")),
            source=source, where="$.signature.key_id")
    publisher = (pack.get("publisher") or {}).get("id") if isinstance(pack.get("publisher"), dict) else None
    if publisher != key.publisher_id:
        raise SignatureError(
            _("the key of publisher “{signer}” cannot vouch for a pack of publisher “{publisher}”.")
            .format(signer=key.publisher_id, publisher=publisher), source=source, where="$.pack.publisher.id")
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        signature = base64.b64decode(sig["value"], validate=True)
        Ed25519PublicKey.from_public_bytes(key.public_raw).verify(signature, DOMAIN_PREFIX + canonical_bytes(pack))
    except (InvalidSignature, binascii.Error, ValueError):
        raise SignatureError(
            _("the signature does not match the content: the pack was changed after it was "
              "signed, or is damaged. It was not imported."), source=source, where="$.signature") from None
    return Verified(pack, True, key)
