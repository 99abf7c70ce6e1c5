"""Importing country information packs and trusting their publishers, for the Tools menu
(administrators). No Qt: the dialog calls these and shows the result or the refusal.

Trusting a publisher's key needs the fingerprint the publisher read over the phone: a key
file alone could come from anyone. Both actions are audited (no personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from counsel_app.errors import UserError
from counsel_app.i18n import _

#: who may import packs and trust publishers (administrators)
PACKS_PERMISSION = "settings.manage"


@dataclass(frozen=True)
class KeyPreview:
    """What the trust dialog shows about a key file before anything is trusted."""

    path: Path
    publisher_id: str
    name: str
    key_id: str
    fingerprint: str          # 8 groups of 4, for reading aloud
    sample: bool
    already_trusted: bool


@dataclass(frozen=True)
class TrustedPublisher:
    publisher_id: str
    name: str
    key_id: str
    fingerprint: str
    sample: bool
    bundled: bool             # shipped with the program (cannot be removed here)


def preview_key(path: Path) -> KeyPreview:
    """Read and check a publisher key file; raises a one-sentence error naming the file."""
    from country_info.publish import fingerprint, read_public_key, spoken
    from country_info.signing import trusted_keys

    key = read_public_key(Path(path))
    return KeyPreview(Path(path), key.publisher_id, key.name, key.key_id, spoken(fingerprint(key)),
                      key.sample, key.key_id in trusted_keys())


def trust_publisher(ctx, path: Path, heard_fingerprint: str):
    """Trust the key in ``path`` when ``heard_fingerprint`` (as the publisher read it) is its
    fingerprint. Administrators only; audited."""
    from country_info.publish import fingerprint, normalise_fingerprint, read_public_key, spoken
    from country_info.signing import trust_key_file

    ctx.require(PACKS_PERMISSION)
    key = read_public_key(Path(path))
    heard = normalise_fingerprint(heard_fingerprint)
    if not heard:
        raise UserError(_("Type the fingerprint the publisher read to you over the phone."))
    if heard != fingerprint(key):
        raise UserError(_("The key's fingerprint is {actual}, not the one given: the key was not "
                          "trusted. Check the file with the publisher.").format(
            actual=spoken(fingerprint(key))))
    trusted = trust_key_file(Path(path))
    ctx.audit("trust", None, f"country pack publisher {trusted.publisher_id} key {trusted.key_id}")
    return trusted


def trusted_publishers() -> list[TrustedPublisher]:
    from country_info.publish import fingerprint, spoken
    from country_info.signing import bundled_keys_dir, trusted_keys

    bundled = {p.name for p in bundled_keys_dir().glob("*.json")} if bundled_keys_dir().is_dir() else set()
    out = [TrustedPublisher(k.publisher_id, k.name, k.key_id, spoken(fingerprint(k)), k.sample,
                            k.origin in bundled) for k in trusted_keys().values()]
    return sorted(out, key=lambda p: (p.name.lower(), p.key_id))


def preview_pack(library, path: Path):
    """Check a pack file (signature, content) without importing it: its ``PackInfo``."""
    return library.verify_file(Path(path))


def import_pack(ctx, library, path: Path):
    """Verify and import a pack file. Administrators only; audited."""
    ctx.require(PACKS_PERMISSION)
    info = library.import_pack(Path(path))
    ctx.audit("import", None, f"country pack {info.pack_id} ({info.country}, {info.status})")
    return info
