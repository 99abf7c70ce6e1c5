"""The security commands, as an administrator at a shell would use them."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from counsel_app.cli import main
from counsel_app.context import open_database, unlock
from counsel_app.security.accounts import add_user
from counsel_app.security.models import AuditEvent
from counsel_app.security.roles import PermissionDenied
from tests.security.conftest import person_case

ADMIN_PW = "administrator password"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", ADMIN_PW)
    code, out, err = run(capsys, "--db", url, "user", "init", "chief")
    assert code == 0 and "chief" in out, err
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", ADMIN_PW)
    return url


def test_users_and_roles(setup, capsys, monkeypatch):
    url = setup
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", "counsellor password")
    code, out, err = run(capsys, "--db", url, "user", "add", "cora", "--role", "counsellor")
    assert code == 0 and "cora" in out, err
    code, out, _ = run(capsys, "--db", url, "user", "list")
    assert "chief" in out and "cora" in out and "Counsellor" in out
    code, out, err = run(capsys, "--db", url, "user", "profile", "cora",
                       "--display-name", "Cora Mensah")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", url, "user", "list")
    assert [line for line in out.splitlines() if line.startswith("cora ")][0].endswith(
        "Cora Mensah")
    code, _, err = run(capsys, "--db", url, "user", "add", "x", "--role", "boss")
    assert code == 2 and "invalid choice" in err
    # the counsellor may not read the audit trail
    monkeypatch.setenv("COUNSEL_APP_USER", "cora")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", "counsellor password")
    code, _, err = run(capsys, "--db", url, "audit", "list")
    assert code == 1 and "does not allow you to read the audit trail" in err
    # own password change through the environment
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", "another counsellor pw")
    code, out, err = run(capsys, "--db", url, "user", "passwd")
    assert code == 0, err
    assert unlock(open_database(url), "cora", "another counsellor pw").user == "cora"


def test_wrong_password_is_one_line(setup, capsys, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", "wrong wrong wrong")
    code, _, err = run(capsys, "--db", setup, "audit", "verify")
    assert code == 1 and err.strip() == "Wrong user name or password."


def test_audit_verify_and_list(setup, capsys):
    url = setup
    ctx = unlock(open_database(url), "chief", ADMIN_PW)
    case = ctx.cases.create(person_case())
    ctx.cases.get(case.id)
    code, out, _ = run(capsys, "--db", url, "audit", "verify")
    assert code == 0 and "intact" in out
    code, out, _ = run(capsys, "--db", url, "audit", "list", "--case", case.reference)
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "create" in lines[0] and "view" in lines[1]
    code, out, _ = run(capsys, "--db", url, "audit", "list", "--action", "sign_in", "--limit", "1")
    assert len(out.strip().splitlines()) == 1 and "sign_in" in out
    code, _, err = run(capsys, "--db", url, "audit", "list", "--since", "yesterday")
    assert code == 2 and "not a date" in err
    with ctx.db.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(detail="edited"))
    code, out, err = run(capsys, "--db", url, "audit", "verify")
    assert code == 1 and "broken at event 3" in err


def test_reading_the_trail_is_recorded_at_every_door(setup, capsys):
    """`audit list` records "read the audit trail" as the desktop's dialog does, once per
    listing; a refused reader leaves no such event."""
    from counsel_app.security.audit import open_trail, read_events

    url = setup
    ctx = unlock(open_database(url), "chief", ADMIN_PW)
    before = len(read_events(ctx, action="view_audit"))
    code, _, err = run(capsys, "--db", url, "audit", "list", "--limit", "3")
    assert code == 0, err
    readings = read_events(ctx, action="view_audit")
    assert len(readings) == before + 1 and readings[-1].username == "chief"
    add_user(ctx, "cleo", "counsellor", "counsellor password")
    with pytest.raises(PermissionDenied):
        open_trail(unlock(ctx.db, "cleo", "counsellor password"))
    assert len(read_events(ctx, action="view_audit")) == before + 1


def test_the_same_viewing_opened_again_is_not_a_second_read_but_still_needs_the_right(setup):
    """The desktop's window made again in another language goes on with a read already
    recorded: no second event; a reader without the right is refused all the same."""
    from counsel_app.security.audit import open_trail, read_events

    ctx = unlock(open_database(setup), "chief", ADMIN_PW)
    open_trail(ctx)
    before = len(read_events(ctx, action="view_audit"))
    open_trail(ctx, same_viewing=True)
    assert len(read_events(ctx, action="view_audit")) == before
    add_user(ctx, "cleo", "counsellor", "counsellor password")
    with pytest.raises(PermissionDenied):
        open_trail(unlock(ctx.db, "cleo", "counsellor password"), same_viewing=True)


def test_backup_commands(setup, capsys, monkeypatch, tmp_path):
    url = setup
    ctx = unlock(open_database(url), "chief", ADMIN_PW)
    ctx.cases.create(person_case())
    file = tmp_path / "b.cbak"
    code, _, err = run(capsys, "--db", url, "backup", "create", str(file))
    assert code == 2 and "COUNSEL_APP_BACKUP_PASSPHRASE" in err
    monkeypatch.setenv("COUNSEL_APP_BACKUP_PASSPHRASE", "a long passphrase")
    code, out, err = run(capsys, "--db", url, "backup", "create", str(file))
    assert code == 0 and "(1 case)" in out, err
    code, out, err = run(capsys, "--db", url, "backup", "restore", str(file), "--check-only")
    assert code == 0 and "complete and readable" in out, err
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    code, out, err = run(capsys, "--db", fresh, "backup", "restore", str(file))
    assert code == 0 and "Restored 1 case from" in out, err
    monkeypatch.setenv("COUNSEL_APP_BACKUP_PASSPHRASE", "the wrong passphrase")
    code, _, err = run(capsys, "--db", url, "backup", "restore", str(file))
    assert code == 1 and "Wrong passphrase" in err and "Nothing was changed" in err


def test_retention_erase_and_subject_access(setup, capsys, tmp_path):
    url = setup
    ctx = unlock(open_database(url), "chief", ADMIN_PW)
    case = ctx.cases.create(person_case("Hawa Konaté"))
    code, out, _ = run(capsys, "--db", url, "retention", "show")
    assert "closed: anonymised 730 days" in out
    code, out, err = run(capsys, "--db", url, "retention", "set", "draft", "many")
    assert code == 2 and "whole number" in err
    code, out, err = run(capsys, "--db", url, "retention", "set", "draft", "1")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", url, "retention", "show")
    assert "draft: anonymised 1 day after the last change\n" in out, out  # not "1 days"
    code, out, _ = run(capsys, "--db", url, "--lang", "fr", "retention", "show")
    assert "anonymisé 1 jour après" in out, out
    code, out, err = run(capsys, "--db", url, "retention", "set", "draft", "none")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", url, "retention", "apply", "--dry-run")
    assert code == 0 and "Would anonymise 0 cases" in out
    pdf = tmp_path / "copy.pdf"
    code, out, err = run(capsys, "--db", url, "subject-access", case.reference, "--out", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
    code, _, err = run(capsys, "--db", url, "erase", case.reference)
    assert code == 2 and "--yes" in err
    code, out, err = run(capsys, "--db", url, "erase", case.reference, "--yes")
    assert code == 0 and "Erased" in out, err
    code, _, err = run(capsys, "--db", url, "erase", case.reference, "--yes")
    assert code == 1 and "There is no case" in err


def test_a_role_edited_in_the_file_is_refused_and_repaired_from_the_command_line(
        setup, capsys, monkeypatch):
    import sqlite3

    url = setup
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", "counsellor password")
    run(capsys, "--db", url, "user", "add", "cora", "--role", "counsellor")
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("UPDATE users SET role = 'administrator' WHERE username = 'cora'")
    conn.commit()
    conn.close()
    monkeypatch.setenv("COUNSEL_APP_USER", "cora")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", "counsellor password")
    code, _, err = run(capsys, "--db", url, "user", "add", "mallory", "--role",
                       "administrator")
    assert code == 1 and "changed outside the app" in err
    monkeypatch.setenv("COUNSEL_APP_USER", "chief")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", ADMIN_PW)
    code, out, _ = run(capsys, "--db", url, "user", "list")
    assert "user repair" in out
    code, out, err = run(capsys, "--db", url, "user", "repair", "cora", "--role", "counsellor")
    assert code == 0 and "Repaired" in out, err
    code, out, _ = run(capsys, "--db", url, "audit", "list", "--action", "user_repair")
    assert "cora: altered; role counsellor" in out


def test_a_wiped_trail_is_reported_by_verify_and_repaired_by_an_administrator(
        setup, capsys, monkeypatch):
    import sqlite3

    url = setup
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("DELETE FROM audit_events")
    conn.execute("DELETE FROM audit_chains")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--db", url, "audit", "verify")
    assert code == 1 and "was removed" in err
    code, out, err = run(capsys, "--db", url, "retention", "show")  # work goes on, warned
    assert code == 0 and "audit trail of this database is damaged" in err
    code, _, err = run(capsys, "--db", url, "audit", "repair")
    assert code == 2 and "--yes" in err
    code, out, err = run(capsys, "--db", url, "audit", "repair", "--yes")
    assert code == 0 and "acknowledged" in out, err
    code, out, err = run(capsys, "--db", url, "audit", "verify")
    assert code == 0 and "intact" in out


def test_restoring_a_missing_backup_says_so_before_asking_for_a_passphrase(
        setup, capsys, monkeypatch, tmp_path):
    import getpass

    def no_prompt(*_a, **_k):
        raise AssertionError("asked for a passphrase")

    monkeypatch.setattr(getpass, "getpass", no_prompt)
    monkeypatch.delenv("COUNSEL_APP_BACKUP_PASSPHRASE", raising=False)
    missing = tmp_path / "nowhere.cbak"
    for extra in ([], ["--check-only"]):
        code, _, err = run(capsys, "--db", setup, "backup", "restore", str(missing), *extra)
        assert code == 1 and err.strip() == (
            f"There is no backup file {missing}; nothing was changed.")
