"""Encrypted backups: one file, protected by a passphrase, restorable on either engine.

File layout::

    b"COUNSEL-APP-BACKUP\\n"  magic
    4 bytes                  length of the header (big-endian)
    header                   JSON: format version, Argon2id parameters, salt, nonce, date
    ciphertext               AES-256-GCM(zlib(JSON payload)), aad = magic + header

The key comes from the passphrase through Argon2id. The payload holds every table as JSON
rows (encrypted columns stay encrypted; key slots travel as they are, so the accounts'
passwords still open the restored database), the schema revision, and a count and SHA-256
per table.

A restore checks, before it touches anything: the magic and format version, the
authentication tag (a wrong passphrase or a damaged byte fails here), the schema revision,
every table's count and checksum, and then a trial restore into a temporary in-memory
database with foreign keys enforced. Only then does it replace the target's contents, in one
transaction: a failure rolls back and leaves the database as it was.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Date, DateTime, Engine, Integer, LargeBinary, Numeric, create_engine, event, func, insert
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from counsel_app import __version__
from counsel_app.domain.case import as_utc, utcnow
from counsel_app.errors import UserError
from counsel_app.i18n import _, ngettext
from counsel_app.security.roles import Permission
from counsel_app.storage import migrate
from counsel_app.storage.crypto import KdfParams, default_kdf, derive_key
from counsel_app.storage.db import Database
from counsel_app.storage.models import Base, require_all_models
from country_info.files import write_atomically

MAGIC = b"COUNSEL-APP-BACKUP\n"
FORMAT = 1
MIN_PASSPHRASE = 10


class BackupError(UserError):
    """A backup that cannot be made or restored; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    schema: list[str]
    counts: dict[str, int]

    @property
    def cases(self) -> int:
        return self.counts.get("cases", 0)


# -- values in and out of JSON ----------------------------------------------------------------

def _encode(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(column.type, DateTime):
        return as_utc(value).astimezone(timezone.utc).isoformat()
    if isinstance(column.type, Date):
        return value.isoformat()
    if isinstance(value, Decimal):  # Numeric columns (e.g. an opportunity's amount)
        return str(value)
    return value


def _decode(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Numeric) and isinstance(value, str):
        return Decimal(value)
    return value


def _checksum(rows: list) -> str:
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _tables():
    require_all_models()
    return list(Base.metadata.sorted_tables)


# -- making a backup ---------------------------------------------------------------------------

def _snapshot_engine(db: Database) -> tuple[Engine, bool]:
    """An engine reading one consistent state of ``db`` (SQLite: an in-memory copy made with
    SQLite's online backup; PostgreSQL: the database itself, read in one snapshot)."""
    if not db.is_sqlite:
        return db.engine, False
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.backup(memory)
    finally:
        raw.close()
    engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    return engine, True


def dump(db: Database) -> dict:
    """Every table as JSON rows, read from one consistent snapshot."""
    engine, temporary = _snapshot_engine(db)
    tables: dict[str, dict] = {}
    try:
        conn = engine.connect()
        if not temporary:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn, conn.begin():
            schema = sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
            for table in _tables():
                columns = list(table.columns)
                order = list(table.primary_key.columns) or columns
                rows = [[_encode(c, row[i]) for i, c in enumerate(columns)]
                        for row in conn.execute(select(*columns).order_by(*order))]
                tables[table.name] = {"columns": [c.name for c in columns], "rows": rows,
                                      "count": len(rows), "sha256": _checksum(rows)}
    finally:
        if temporary:
            engine.dispose()
    return {"format": FORMAT, "app_version": __version__, "schema": schema,
            "created_at": utcnow().isoformat(), "tables": tables}


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise BackupError(_("The backup passphrase must have at least {n} characters.").format(
            n=MIN_PASSPHRASE))


def check_backup_path(path: Path) -> None:
    """Refuse a place a backup cannot be written to (a folder, a folder that does not
    exist) before a passphrase is asked for or anything is read."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(_("“{path}” is a folder; give a file name for the backup.").format(
            path=path))
    if not path.parent.is_dir():
        raise BackupError(_("The folder “{folder}” does not exist; give the backup a file "
                            "name in an existing folder.").format(folder=path.parent))


def create_backup(ctx, path: Path, passphrase: str, *, kdf: KdfParams | None = None) -> BackupInfo:
    """Write an encrypted backup of the whole database to ``path`` (atomically)."""
    ctx.require(Permission.BACKUP)
    check_passphrase(passphrase)
    path = Path(path)
    check_backup_path(path)
    payload = dump(ctx.db)
    data = encrypt_payload(payload, passphrase, kdf or default_kdf())
    try:
        write_atomically(path, data)  # readable by its owner only
    except OSError as exc:
        raise BackupError(_("Cannot write the backup {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    counts = {name: t["count"] for name, t in payload["tables"].items()}
    ctx.audit("backup", None, f"{counts.get('cases', 0)} cases")
    return BackupInfo(path, payload["created_at"], payload["schema"], counts)


def encrypt_payload(payload: dict, passphrase: str, kdf: KdfParams) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps({
        "format": FORMAT, "kdf": {"name": "argon2id", **kdf.as_dict()},
        "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
        "cipher": "AES-256-GCM", "compression": "zlib",
    }, sort_keys=True).encode()
    key = derive_key(passphrase, salt, kdf)
    body = zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                         .encode("utf-8"), 6)
    return MAGIC + struct.pack(">I", len(header)) + header + AESGCM(key).encrypt(
        nonce, body, MAGIC + header)


# -- reading and checking a backup --------------------------------------------------------------

def decrypt_file(path: Path, passphrase: str) -> dict:
    """The payload of a backup file, or a :class:`BackupError` saying what is wrong."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BackupError(_("Cannot read the backup {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    not_backup = BackupError(_("{path} is not a counsel-app backup (or its start is damaged); "
                               "nothing was changed.").format(path=path))
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise not_backup
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header_bytes = data[start:start + length]
    from country_info import jsonlimits  # (not at import: keeps the app's start light)
    try:
        header = jsonlimits.loads(header_bytes)
        if header.get("format") != FORMAT:
            raise BackupError(_("{path} has backup format {found}; this version of the app "
                                "reads format {wanted}. Nothing was changed.").format(
                path=path, found=header.get("format"), wanted=FORMAT))
        params = KdfParams(time_cost=int(header["kdf"]["t"]), memory_cost=int(header["kdf"]["m"]),
                           parallelism=int(header["kdf"]["p"]))
        salt, nonce = base64.b64decode(header["salt"]), base64.b64decode(header["nonce"])
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError):
        raise not_backup from None
    if params.memory_cost > 4 * 1024 * 1024 or params.time_cost > 64 or params.parallelism > 64:
        raise not_backup
    key = derive_key(passphrase, salt, params)
    try:
        body = AESGCM(key).decrypt(nonce, data[start + length:], MAGIC + header_bytes)
    except (InvalidTag, ValueError):
        raise BackupError(_("Wrong passphrase, or the backup {path} is damaged: it does not "
                            "authenticate. Nothing was changed.").format(path=path)) from None
    from country_info import jsonlimits  # (not at import: keeps the app's start light)
    try:
        return jsonlimits.loads(zlib.decompress(body))
    except (zlib.error, ValueError):
        raise BackupError(_("The backup {path} is damaged inside; nothing was changed.").format(
            path=path)) from None


def verify_payload(payload: dict, path: Path) -> BackupInfo:
    """Format, schema, counts and checksums; then a trial restore into a temporary database."""
    if payload.get("format") != FORMAT:
        raise BackupError(_("{path} has an unknown content format; nothing was changed.").format(
            path=path))
    heads = sorted(migrate.head_revisions())
    if sorted(payload.get("schema") or []) != heads:
        raise BackupError(_("The backup {path} was made with another version of the database "
                            "schema ({found}); this app has {wanted}. Nothing was changed.").format(
            path=path, found=", ".join(payload.get("schema") or []) or "?",
            wanted=", ".join(heads)))
    tables = payload.get("tables") or {}
    counts = {}
    for table in _tables():
        item = tables.get(table.name)
        if item is None:
            raise BackupError(_("The backup {path} lacks the table {table}; nothing was "
                                "changed.").format(path=path, table=table.name))
        if item["columns"] != [c.name for c in table.columns]:
            raise BackupError(_("The backup {path} has other columns in {table}; nothing was "
                                "changed.").format(path=path, table=table.name))
        if len(item["rows"]) != item["count"] or _checksum(item["rows"]) != item["sha256"]:
            raise BackupError(_("The table {table} in the backup {path} does not match its "
                                "checksum; nothing was changed.").format(path=path,
                                                                         table=table.name))
        counts[table.name] = item["count"]
    if counts.get("key_slots", 0) == 0:
        raise BackupError(_("The backup {path} holds no key slots, so nobody could open it; "
                            "nothing was changed.").format(path=path))
    _trial_restore(payload, path)
    return BackupInfo(Path(path), payload.get("created_at", ""), payload["schema"], counts)


def _memory_database() -> Database:
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _fk(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return Database(engine=engine)


def _trial_restore(payload: dict, path: Path) -> None:
    trial = _memory_database()
    try:
        migrate.upgrade(trial)
        with trial.engine.begin() as conn:
            _replace_rows(conn, payload, clear=True)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise BackupError(_("The backup {path} refers to records it does not hold "
                                    "(table {table}); nothing was changed.").format(
                    path=path, table=problems[0][0]))
            for table in _tables():
                got = conn.scalar(select(func.count()).select_from(table))
                if got != payload["tables"][table.name]["count"]:
                    raise BackupError(ngettext(
                        "A trial restore of {path} gave {got} row in {table} instead of "
                        "{want}; nothing was changed.",
                        "A trial restore of {path} gave {got} rows in {table} instead of "
                        "{want}; nothing was changed.", got).format(
                        path=path, got=got, table=table.name,
                        want=payload["tables"][table.name]["count"]))
    except BackupError:
        raise
    except IntegrityError:
        raise BackupError(_("The backup {path} refers to records it does not hold, or holds "
                            "one twice; nothing was changed.").format(path=path)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged backup must never reach the target
        raise BackupError(_("A trial restore of {path} failed ({reason}); nothing was "
                            "changed.").format(path=path, reason=type(exc).__name__)) from None
    finally:
        trial.dispose()


def _replace_rows(conn, payload: dict, *, clear: bool) -> None:
    tables = _tables()
    if clear:
        for table in reversed(tables):
            conn.execute(table.delete())
    for table in tables:
        item = payload["tables"][table.name]
        columns = list(table.columns)
        rows = [{c.name: _decode(c, v) for c, v in zip(columns, row, strict=True)}
                for row in item["rows"]]
        for start in range(0, len(rows), 500):
            conn.execute(insert(table), rows[start:start + 500])
    if conn.dialect.name == "postgresql":
        for table in tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, Integer):
                seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                  {"t": table.name, "c": pk[0].name})
                if seq:
                    conn.execute(text(
                        f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") '
                        f'FROM "{table.name}"), 0) + 1, false)'), {"s": seq})


def read_backup(path: Path, passphrase: str) -> BackupInfo:
    """Decrypt and fully verify a backup without restoring it."""
    return verify_payload(decrypt_file(path, passphrase), path)


def restore_backup(db: Database, path: Path, passphrase: str, *, ctx=None) -> BackupInfo:
    """Replace the whole content of ``db`` with the backup, after verifying it.

    On a database that has accounts, an administrator's context is needed."""
    from counsel_app.security.accounts import needs_first_administrator

    if not needs_first_administrator(db):
        if ctx is None:
            raise BackupError(_("This database has accounts: sign in as an administrator to "
                                "restore a backup over it."))
        ctx.require(Permission.BACKUP)
    payload = decrypt_file(path, passphrase)
    info = verify_payload(payload, path)
    try:
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("LOCK TABLE audit_chains, audit_anchor IN EXCLUSIVE MODE"))
            _replace_rows(conn, payload, clear=True)
    except Exception as exc:  # noqa: BLE001
        raise BackupError(_("Restoring {path} failed ({reason}); the database was left as it "
                            "was.").format(path=path, reason=type(exc).__name__)) from None
    if ctx is not None:
        # the trail continues only if the restored data has the same key (the same database)
        key_ids = {row[payload["tables"]["key_slots"]["columns"].index("key_id")]
                   for row in payload["tables"]["key_slots"]["rows"]}
        if key_ids == {ctx.vault.cipher.key_id}:
            ctx.audit("restore", None, f"{info.cases} cases")
    return info
