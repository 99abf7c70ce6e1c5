"""Importing country information packs, trusting their publishers and removing packs, for
every door (Tools > Country information packs, ``counsel-app packs ...``). No Qt: the dialog
and the commands call these and show the result or the refusal.

Who may (checked here, whatever the door):

* Trusting a publisher's key and removing a pack change what the station believes: an
  **administrator's** sign-in (``trust.manage``), always, and an audit event in the same
  transaction. A station without accounts has nobody to vouch for the change: it is refused
  until the first administrator exists.
* Importing a signed pack (checked against the keys already trusted) adds to the library:
  ``library.import`` (counsellors, caseworkers, administrators; never a supervisor), audited.
  Before a station is set up (no accounts, no data key, nothing personal to protect) imports
  run without signing in (:mod:`counsel_app.security.station`).
* An older edition of an installed pack never replaces the newer one
  (:meth:`country_info.library.Library.import_pack`) unless an administrator forces the
  downgrade, which is audited.

Trusting a publisher's key from the dialog needs the fingerprint the publisher read over the
phone: a key file alone could come from anyone. Audit details hold no personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.plugins import CORE, require_loaded
from counsel_app.security.roles import Permission

#: who may import a pack (never a supervisor)
IMPORT_PERMISSION = Permission.LIBRARY_IMPORT
#: who may trust a publisher, remove a pack or force a downgrade (administrators)
TRUST_PERMISSION = Permission.TRUST
#: who opens Tools > Country information packs (the trust store's screen: administrators)
PACKS_PERMISSION = TRUST_PERMISSION


class AdministratorNeeded(UserError):
    """A trust-store change on a station that has no accounts yet."""


def _administrator(ctx, action: str):
    if ctx is None:
        raise AdministratorNeeded(
            _("{action} needs an administrator's sign-in, and this station has no accounts "
              "yet: create the administrator first (counsel-app user init NAME). Nothing "
              "was changed.").format(action=action))
    ctx.require(TRUST_PERMISSION)
    return ctx


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


def trust_publisher(ctx, path: Path, heard_fingerprint: str | None):
    """Trust the key in ``path`` when ``heard_fingerprint`` (as the publisher read it) is its
    fingerprint. Administrators only (``ctx`` ``None``: a station without accounts, refused);
    audited in the same transaction. ``None`` skips the comparison (the command line prints
    the fingerprint instead); an empty text asks for it. The bundled keys' records cannot
    be replaced (:func:`country_info.signing.trust_key_file`)."""
    from country_info.publish import fingerprint, normalise_fingerprint, read_public_key, spoken
    from country_info.signing import trust_key_file

    ctx = _administrator(ctx, _("Trusting a publisher's key"))
    key = read_public_key(Path(path))
    if heard_fingerprint is not None:
        heard = normalise_fingerprint(heard_fingerprint)
        if not heard:
            raise UserError(_("Type the fingerprint the publisher read to you over the phone."))
        if heard != fingerprint(key):
            raise UserError(_("The key's fingerprint is {actual}, not the one given: the key was "
                              "not trusted. Check the file with the publisher.").format(
                actual=spoken(fingerprint(key))))
    with ctx.db.session():  # the event is written first: no trusted key without its event
        ctx.audit("trust", None, f"country pack publisher {key.publisher_id} key {key.key_id}")
        trusted = trust_key_file(Path(path))
    return trusted


def remove_pack(ctx, library, pack_id: str) -> bool:
    """Remove an imported pack (administrators), audited; ``False`` when there is none."""
    ctx = _administrator(ctx, _("Removing a country pack"))
    with ctx.db.session():
        if not any(p.pack_id == pack_id for p in library.curated_packs()):
            return False
        ctx.audit("packs_remove", None, f"country pack {pack_id}")
        return library.remove_pack(pack_id)


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


#: ``listener(db, library, pack_id, audit) -> [lines]``: what an area does with a pack just
#: imported (partners: its ``partners`` into the directory), registered by ``areas.load``
_IMPORTED: list[Callable] = []


def on_pack_imported(listener: Callable) -> Callable:
    if listener not in _IMPORTED:
        _IMPORTED.append(listener)
    return listener


def _pack_imported(db, library, pack_id: str, audit) -> list[str]:
    require_loaded(CORE, "the listeners of pack imports")  # none may be missed
    lines: list[str] = []
    for listener in _IMPORTED:
        lines += listener(db, library, pack_id, audit)
    return lines


def _carries_for_areas(library, pack_id: str) -> bool:
    pack = next((p for p in library.curated_packs() if p.pack_id == pack_id), None)
    return pack is not None and bool(pack.partners)


def import_pack(ctx, library, path: Path, report_lines: list[str] | None = None, *,
                allow_downgrade: bool = False, db=None):
    """Verify and import a pack file: ``library.import``, audited; ``ctx`` ``None`` (a
    station not set up yet) imports without signing in. A downgrade only for an
    administrator who asks for it, audited. Then the areas take what the pack carries
    for them (its partners go into the directory: the same permission, audited in the
    same transaction); what they report is added to ``report_lines`` when given.

    ``db``: where those go on a station not set up yet (``ctx`` ``None``): a callable
    that opens the database, called only when the pack carries something for the areas."""
    if allow_downgrade:
        ctx = _administrator(ctx, _("Installing an older edition of a pack"))
    elif ctx is not None:
        ctx.require(IMPORT_PERMISSION)
    lines: list[str] = []
    if ctx is None:
        info = library.import_pack(Path(path))
        if db is not None and _carries_for_areas(library, info.pack_id):
            lines = _pack_imported(db() if callable(db) else db, library, info.pack_id, None)
    else:
        editions = {(p.publisher.id, p.pack_id): p.version for p in library.curated_packs()}
        with ctx.db.session():  # the events commit with the import, or none does
            info = library.import_pack(Path(path), allow_downgrade=allow_downgrade)
            ctx.audit("import", None,
                      f"country pack {info.pack_id} ({info.country}, {info.status})")
            before = editions.get((info.publisher_id, info.pack_id))
            if before is not None and info.version < before:
                ctx.audit("packs_downgrade", None, f"country pack {info.pack_id}: version "
                                                   f"{before} replaced by version {info.version}")
            if _carries_for_areas(library, info.pack_id):
                lines = _pack_imported(ctx.db, library, info.pack_id, ctx.audit)
    if report_lines is not None:
        report_lines.extend(lines)
    return info
