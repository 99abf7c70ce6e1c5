"""A copy of the data folder, logs or backups, taken while the app runs or after it stops,
shows no names, birth dates or notes. On PostgreSQL the raw table contents hold none."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from counsel_app.cli import main
from counsel_app.context import open_database, unlock
from counsel_app.domain.case import Case, HouseholdMember, Person
from counsel_app.domain.enums import Relation, Sex
from counsel_app.paths import data_dir
from counsel_app.security import backup
from counsel_app.security.retention import erase_case

NAME_LATIN = "Zainabou Quattrofeuille"
NAME_NATIVE = "زينب كواترو"
CHILD = "Oumarou Tiendrebeogo"
BIRTH = date(1987, 9, 23)
NOTE = "Slept under the Xylophone bridge"
PHONE = "+227 96 55 44 33"
ERASED = "Kadidiatou Wobblesworth"

SECRETS = [NAME_LATIN, "Zainabou", "Quattrofeuille", NAME_NATIVE, CHILD, "Tiendrebeogo",
           "1987-09-23", "23/09/1987", NOTE, "Xylophone", PHONE, "96 55 44 33", ERASED,
           "Wobblesworth"]
PW = "administrator password"


def known_case(name=NAME_LATIN) -> Case:
    return Case(
        person=Person(name_latin=name, name_native=NAME_NATIVE, sex=Sex.FEMALE,
                      date_of_birth=BIRTH, nationality="NE", phone=PHONE),
        household=[HouseholdMember(Relation.CHILD, CHILD, 6, True)],
        host_country="DZ", return_country="NE", reason_note=NOTE,
    )


def encodings(value: str) -> list[bytes]:
    out = []
    for form in {value, value.upper(), value.lower()}:
        out += [form.encode("utf-8"), form.encode("utf-16-le"), form.encode("utf-16-be")]
    return out


def leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in SECRETS:
            if any(e in data for e in encodings(secret)):
                found.append(f"{path.relative_to(folder)}: {secret}")
    return found


def run(*argv):
    assert main(list(argv)) == 0, argv


@pytest.fixture
def app_logging(monkeypatch):
    """Logging into this test's data folder, at DEBUG (everything any library says)."""
    from counsel_app import logging_setup

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    root.handlers = []
    monkeypatch.setattr(logging_setup, "_configured", False)
    logging_setup.configure_logging(logging.DEBUG)
    yield
    for handler in root.handlers:
        handler.close()
    root.handlers, root.level = saved
    logging.getLogger().setLevel(saved[1])


def test_data_folder_logs_and_backups_hold_no_plaintext(app_logging, monkeypatch, tmp_path):
    folder = data_dir()
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", PW)
    run("user", "init", "chief")  # default database in the data folder
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", PW)
    monkeypatch.setenv("COUNSEL_APP_BACKUP_PASSPHRASE", "backup passphrase 1")

    db = open_database(None)
    ctx = unlock(db, "chief", PW)
    case = ctx.cases.create(known_case())
    case = ctx.cases.get(case.id)
    case.reason_note = NOTE + " again"
    ctx.cases.save(case)
    gone = ctx.cases.create(known_case(ERASED))
    erase_case(ctx, gone.id)
    assert ctx.cases.list(text="Zainabou")  # the search still finds her (blind index)
    run("demo", "--out", str(tmp_path / "demo-out"))
    run("backup", "create", str(folder / "centre.cbak"))
    run("audit", "list")
    # an error path that logs a traceback
    from counsel_app.commands import security as commands

    def boom(args):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(commands, "cmd_audit_verify", boom)
    assert main(["audit", "verify"]) == 1

    # while the app is open: hold a read transaction so the WAL stays
    with db.engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM cases")).scalar()
        names = {p.name for p in folder.rglob("*")}
        assert "counsel.sqlite-wal" in names and "counsel.sqlite-shm" in names
        assert any(p.startswith("counsel-app.log") for p in names)
        assert leaks(folder) == []
    db.dispose()
    # after it stops
    assert leaks(folder) == []
    log_text = "".join(p.read_text("utf-8", "replace") for p in (folder / "logs").glob("*.log*"))
    assert "RuntimeError" in log_text and "alembic" in log_text  # the log did record things
    # the search itself is sound: the same values written in clear are found
    probe = folder / "probe.txt"
    probe.write_text(f"{NOTE}\n", encoding="utf-16")
    assert leaks(folder) == ["probe.txt: " + NOTE, "probe.txt: Xylophone"]


def test_backup_file_holds_no_plaintext(sqlite_ctx, tmp_path):
    sqlite_ctx.cases.create(known_case())
    backup.create_backup(sqlite_ctx, tmp_path / "b.cbak", "backup passphrase 1")
    assert leaks(tmp_path) == []


def test_raw_table_contents_hold_no_plaintext(ctx):
    """Every column of every table, as the database server sees it (both engines)."""
    case = ctx.cases.create(known_case())
    ctx.audit("print", case.reference, "plan")
    with ctx.db.engine.connect() as conn:
        dump = []
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    dump.append(value if isinstance(value, bytes) else str(value).encode())
    blob = b"\x00".join(dump)
    found = [s for s in SECRETS if any(e in blob for e in encodings(s))]
    assert found == []
    assert case.reference.encode() in blob  # the search would see clear values


def test_sql_errors_never_show_values(sqlite_ctx, caplog):
    """A database error that reaches the log carries no parameter values."""
    from sqlalchemy.exc import IntegrityError

    db = sqlite_ctx.db
    with pytest.raises(IntegrityError) as info:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO app_meta (key, value) VALUES (:k, :v)"),
                         [{"k": "dup", "v": NAME_LATIN}, {"k": "dup", "v": NAME_LATIN}])
    logging.getLogger("test").exception("failed", exc_info=info.value)
    assert NAME_LATIN not in str(info.value) and NAME_LATIN not in caplog.text
    assert "hidden due to hide_parameters" in str(info.value)
