"""This station's key pairs and the keys of the offices it trusts.

* The station gets an X25519 key pair (packages are encrypted to it) and an Ed25519 key
  pair (it signs what it sends), created on first use. The private keys are stored
  encrypted with the database's data key (``ctx.vault.cipher``), so they are exactly as
  protected as the case data: anyone who can sign in to this database can act as this
  station, nobody with only the files can.
* The public *key bundle* (JSON, and the same JSON in a QR code) is what another office
  imports. Its fingerprint, 32 hex digits in 8 groups of 4, is read aloud over the phone
  to check that the file came from who it claims.
* Trusted keys have a role: ``office`` (exchanges handover and acknowledgement packages)
  or ``publisher`` (signs country information packs; never accepted for a handover).
* Revoking a trusted key refuses every later package from or to it; revoking this
  station's own key makes a new key pair on next use (packages addressed to the old key
  are refused).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.errors import NotFound, UserError, ValidationError
from counsel_app.handover.container import b64, canonical_json, raw_public, unb64
from counsel_app.handover.models import StationKeyRow, TrustedKeyRow
from counsel_app.i18n import N_, _
from counsel_app.security.roles import Permission
from country_info.qr import qr_png

BUNDLE_FORMAT = "counsel-app-station-key"
BUNDLE_VERSION = 1
ROLES = {"office": N_("Office (handover packages)"),
         "publisher": N_("Publisher (country information packs)")}
MAX_BUNDLE_BYTES = 16 * 1024
#: the longest office name a station's key carries (its column's width)
MAX_STATION_NAME = 200


def fingerprint(x25519_public: bytes, ed25519_public: bytes) -> str:
    """32 lowercase hex digits identifying a pair of public keys."""
    digest = hashlib.sha256(b"counsel-app station key v1\x00" + x25519_public + ed25519_public)
    return digest.hexdigest()[:32]


def spoken(fp: str) -> str:
    """The fingerprint for reading aloud: ``3F2A 9C01 ...`` (8 groups of 4)."""
    fp = fp.upper()
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def normalise_fingerprint(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


@dataclass(frozen=True)
class StationIdentity:
    """This station's unlocked keys (private keys live only in memory)."""

    fingerprint: str
    name: str
    encryption_key: X25519PrivateKey
    signing_key: Ed25519PrivateKey
    created_at: datetime

    @property
    def x25519_public(self) -> bytes:
        return raw_public(self.encryption_key.public_key())

    @property
    def ed25519_public(self) -> bytes:
        return raw_public(self.signing_key.public_key())


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str
    name: str
    role: str
    x25519_public: bytes
    ed25519_public: bytes
    imported_at: datetime
    imported_by: str
    revoked_at: datetime | None
    revoked_reason: str

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def _private_aad(fp: str) -> str:
    return f"station_keys:{fp}:private"


def _raw_private(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


class KeyStore:
    """Key services of one signed-in context (one short session per call)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.db = ctx.db
        self.cipher = ctx.vault.cipher
        self._identity: StationIdentity | None = None

    # -- this station -------------------------------------------------------------------
    def station(self, *, create: bool = True, name: str = "") -> StationIdentity:
        """This station's current (unrevoked) keys, made on first use."""
        if self._identity is not None:
            return self._identity
        with self.db.session() as session:
            row = session.scalar(
                select(StationKeyRow).where(StationKeyRow.revoked_at.is_(None))
                .order_by(StationKeyRow.id.desc()).limit(1)
            )
            if row is None:
                if not create:
                    raise NotFound(_("This station has no keys yet."))
                row = self._new_station_row(name)
                session.add(row)
                session.flush()
                created = row.fingerprint
            else:
                created = None
            identity = self._identity_from(row)
        if created:
            self.ctx.audit("keys_create", None, created)
        self._identity = identity
        return identity

    def _new_station_row(self, name: str) -> StationKeyRow:
        enc, sig = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
        x_pub, e_pub = raw_public(enc.public_key()), raw_public(sig.public_key())
        fp = fingerprint(x_pub, e_pub)
        secret = {"x25519": b64(_raw_private(enc)), "ed25519": b64(_raw_private(sig))}
        return StationKeyRow(
            fingerprint=fp, name=name.strip()[:200], x25519_public=x_pub, ed25519_public=e_pub,
            private_enc=self.cipher.encrypt_json(secret, _private_aad(fp)), created_at=utcnow(),
        )

    def _identity_from(self, row: StationKeyRow) -> StationIdentity:
        secret = self.cipher.decrypt_json(row.private_enc, _private_aad(row.fingerprint))
        return StationIdentity(
            fingerprint=row.fingerprint,
            name=row.name,
            encryption_key=X25519PrivateKey.from_private_bytes(unb64(secret["x25519"])),
            signing_key=Ed25519PrivateKey.from_private_bytes(unb64(secret["ed25519"])),
            created_at=row.created_at,
        )

    def station_key_state(self, fp: str) -> str | None:
        """``"current"``, ``"revoked"`` or ``None`` (not one of this station's keys)."""
        with self.db.read_session() as session:
            row = session.scalar(select(StationKeyRow).where(StationKeyRow.fingerprint == fp))
            if row is None:
                return None
            return "revoked" if row.revoked_at is not None else "current"

    def set_station_name(self, name: str) -> None:
        """The name other stations see on this station's key (administrators)."""
        self.ctx.require(Permission.SETTINGS)
        name = name.strip()
        if not name:  # the receiving office would see a key with no name
            raise ValidationError(_("Give the office name other offices will see."), "name")
        if len(name) > MAX_STATION_NAME:
            raise ValidationError(_("The office name is {length} characters long; at most {n} "
                                    "are allowed.").format(length=len(name),
                                                           n=MAX_STATION_NAME), "name")
        identity = self.station()
        with self.db.session() as session:
            row = session.scalar(select(StationKeyRow)
                                 .where(StationKeyRow.fingerprint == identity.fingerprint))
            row.name = name
        self._identity = None

    def revoke_station(self) -> str:
        """Revoke this station's keys; the next use makes new ones. Returns the old fp.
        Administrators only (``trust.manage``), audited in the same transaction."""
        self.ctx.require(Permission.TRUST)
        identity = self.station(create=False)
        with self.db.session() as session:
            row = session.scalar(select(StationKeyRow)
                                 .where(StationKeyRow.fingerprint == identity.fingerprint))
            row.revoked_at = utcnow()
            self.ctx.audit("keys_revoke", None, identity.fingerprint)
        self._identity = None
        return identity.fingerprint

    def public_bundle(self) -> dict[str, Any]:
        """The public key bundle of this station, self-signed."""
        me = self.station()
        body = {
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "name": me.name,
            "x25519": b64(me.x25519_public),
            "ed25519": b64(me.ed25519_public),
            "fingerprint": me.fingerprint,
            "created": me.created_at.isoformat(),
        }
        body["self_signature"] = b64(me.signing_key.sign(canonical_json(body)))
        return body

    def export_bundle(self, path: Path) -> Path:
        data = json.dumps(self.public_bundle(), indent=2, ensure_ascii=False) + "\n"
        from country_info.files import write_atomically

        try:
            write_atomically(path, data, private=False)  # public keys only
        except OSError as exc:
            raise UserError(_("Cannot write the key file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        return path

    def export_qr(self, path: Path) -> Path:
        """The bundle as a QR code PNG (public keys only; no personal data)."""
        from country_info.files import write_atomically

        try:
            write_atomically(path, qr_png(canonical_json(self.public_bundle()).decode()),
                             private=False)
        except OSError as exc:
            raise UserError(_("Cannot write the QR code {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        return path

    # -- trusted keys ---------------------------------------------------------------------
    def read_bundle(self, path: Path) -> dict[str, Any]:
        """Parse and check a key bundle file; raise a ValidationError naming the file."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UserError(_("Cannot read the key file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        return parse_bundle(raw, str(path))

    def import_bundle(self, bundle: dict[str, Any], *, role: str = "office",
                      expected_fingerprint: str | None = None) -> TrustedKey:
        """Trust a checked bundle. ``expected_fingerprint`` (as read aloud) must match.
        Administrators only (``trust.manage``), audited in the same transaction."""
        self.ctx.require(Permission.TRUST)
        if role not in ROLES:
            raise ValidationError(_("Unknown key role “{role}” (choose office or publisher).")
                                  .format(role=role), "role")
        fp = bundle["fingerprint"]
        if expected_fingerprint is not None and normalise_fingerprint(expected_fingerprint) != fp:
            raise ValidationError(
                _("The fingerprint you entered does not match the key file "
                  "({fingerprint}). Do not trust this file; ask the office again.")
                .format(fingerprint=spoken(fp)), "fingerprint")
        if self.station_key_state(fp) is not None:
            raise ValidationError(_("This is this station's own key."), "fingerprint")
        with self.db.session() as session:
            row = session.scalar(select(TrustedKeyRow).where(TrustedKeyRow.fingerprint == fp))
            if row is not None:
                if row.revoked_at is not None:
                    raise ValidationError(
                        _("The key {fingerprint} was revoked and cannot be trusted again.")
                        .format(fingerprint=spoken(fp)), "fingerprint")
                row.name, row.role = bundle.get("name", "")[:200], role
            else:
                row = TrustedKeyRow(
                    fingerprint=fp, name=str(bundle.get("name", ""))[:200], role=role,
                    x25519_public=unb64(bundle["x25519"]),
                    ed25519_public=unb64(bundle["ed25519"]),
                    imported_at=utcnow(), imported_by=self.ctx.user, revoked_reason="",
                )
                session.add(row)
            session.flush()
            trusted = _trusted(row)
            self.ctx.audit("keys_import", None, fp)
        return trusted

    def trusted(self, fp: str) -> TrustedKey | None:
        fp = normalise_fingerprint(fp)
        with self.db.read_session() as session:
            row = session.scalar(select(TrustedKeyRow).where(TrustedKeyRow.fingerprint == fp))
            return _trusted(row) if row else None

    def find_trusted(self, text: str) -> TrustedKey:
        """A trusted key by fingerprint (any spacing) or exact office name."""
        key = self.trusted(text) if len(normalise_fingerprint(text)) == 32 else None
        if key is None:
            with self.db.read_session() as session:
                rows = session.scalars(select(TrustedKeyRow)
                                       .where(TrustedKeyRow.name == text.strip())).all()
                if len(rows) > 1:
                    raise ValidationError(
                        _("Several trusted keys are named “{name}”: give the fingerprint.")
                        .format(name=text), "recipient")
                key = _trusted(rows[0]) if rows else None
        if key is None:
            raise NotFound(_("No trusted office “{recipient}”: import its key first "
                             "(counsel-app keys import).").format(recipient=text))
        return key

    def list_trusted(self) -> list[TrustedKey]:
        with self.db.read_session() as session:
            rows = session.scalars(select(TrustedKeyRow).order_by(TrustedKeyRow.name,
                                                                  TrustedKeyRow.id)).all()
            return [_trusted(r) for r in rows]

    def revoke(self, fp_or_name: str, reason: str = "") -> TrustedKey:
        """Revoke a trusted key (administrators, ``trust.manage``), audited."""
        self.ctx.require(Permission.TRUST)
        key = self.find_trusted(fp_or_name)
        with self.db.session() as session:
            row = session.scalar(select(TrustedKeyRow)
                                 .where(TrustedKeyRow.fingerprint == key.fingerprint))
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                row.revoked_reason = reason[:500]
            session.flush()
            key = _trusted(row)
            self.ctx.audit("keys_revoke", None, key.fingerprint)
        return key


def _trusted(row: TrustedKeyRow) -> TrustedKey:
    return TrustedKey(row.fingerprint, row.name, row.role, row.x25519_public, row.ed25519_public,
                      row.imported_at, row.imported_by, row.revoked_at, row.revoked_reason)


def parse_bundle(raw: bytes, where: str) -> dict[str, Any]:
    """Check a key bundle: format, key sizes, fingerprint and self-signature."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    def bad(reason: str) -> ValidationError:
        return ValidationError(_("{where} is not a valid station key file: {reason}").format(
            where=where, reason=reason), "key_file")

    if len(raw) > MAX_BUNDLE_BYTES:
        raise bad(_("the file is too large"))
    from country_info import jsonlimits  # (not at import: keeps the app's start light)
    try:
        bundle = jsonlimits.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise bad(_("it is not JSON")) from None
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise bad(_("it is not a counsel-app key file"))
    if bundle.get("version") != BUNDLE_VERSION:
        raise bad(_("unknown version {version}").format(version=bundle.get("version")))
    try:
        x_pub, e_pub = unb64(bundle["x25519"]), unb64(bundle["ed25519"])
        signature = unb64(bundle["self_signature"])
    except (KeyError, ValueError, TypeError):
        raise bad(_("a key is missing or damaged")) from None
    if len(x_pub) != 32 or len(e_pub) != 32:
        raise bad(_("a key has the wrong length"))
    if bundle.get("fingerprint") != fingerprint(x_pub, e_pub):
        raise bad(_("the fingerprint does not match the keys"))
    unsigned = {k: v for k, v in bundle.items() if k != "self_signature"}
    try:
        Ed25519PublicKey.from_public_bytes(e_pub).verify(signature, canonical_json(unsigned))
    except (InvalidSignature, ValueError):
        raise bad(_("its signature does not verify (the file was changed)")) from None
    if not isinstance(bundle.get("name", ""), str):
        raise bad(_("the office name is not text"))
    return bundle


