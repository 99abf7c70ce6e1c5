"""``counsel-app settings list|get|set``: the same settings, checks and refusals as the
Settings dialog."""

from __future__ import annotations

from decimal import Decimal

import pytest

from counsel_app import settings
from counsel_app.cli import main
from counsel_app.security.accounts import add_user
from counsel_app.security.audit import events
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def cli(sqlite_ctx, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    return sqlite_ctx, sqlite_ctx.db.url


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_administrator_sets_the_ceilings_and_every_door_sees_them(capsys, cli):
    ctx, url = cli
    code, out, err = run(capsys, "--db", url, "settings", "set", "grant_ceilings",
                         "GNF 15000000, EUR 1500")
    assert code == 0, err
    assert "Grant ceiling per currency: EUR 1500, GNF 15000000" in out
    assert settings.get(ctx.db, "grant_ceilings")["GNF"] == Decimal("15000000")
    code, out, err = run(capsys, "--db", url, "settings", "get", "grant_ceilings")
    assert out.strip() == "EUR 1500, GNF 15000000"
    code, out, err = run(capsys, "--db", url, "settings", "set", "stale_months", "18")
    assert code == 0 and settings.get(ctx.db, "stale_months") == 18
    code, out, err = run(capsys, "--db", url, "settings", "list")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "18" in lines["stale_months"] and "centre" in lines["stale_months"]
    assert "1, 3, 6, 12, 18" in lines["followup_months"]
    assert "this computer" in lines["interface_language"]
    # the title and its value with the language's colon
    assert "Grant ceiling per currency: EUR 1500, GNF 15000000" in lines["grant_ceilings"]
    code, out, err = run(capsys, "--lang", "fr", "--db", url, "settings", "list")
    assert code == 0, err
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "par devise : EUR 1500, GNF 15000000" in lines["grant_ceilings"], out
    from counsel_app.i18n import set_interface_language

    set_interface_language("en")
    assert [e.detail for e in events(ctx.db, action="settings")] == [
        "setting grant_ceilings", "setting stale_months"]


def test_a_bad_key_or_value_is_one_sentence_and_changes_nothing(capsys, cli):
    ctx, url = cli
    code, out, err = run(capsys, "--db", url, "settings", "set", "stale_month", "18")
    assert code != 0 and "There is no setting “stale_month”" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", url, "settings", "set", "stale_months", "a year")
    assert code != 0 and "“a year” is not a whole number" in err
    code, out, err = run(capsys, "--db", url, "settings", "set", "grant_ceilings", "EUR -5")
    assert code != 0 and "more than zero" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", url, "settings", "get", "colour")
    assert code != 0 and "There is no setting “colour”" in err
    assert settings.values(ctx.db) == {s.key: s.default for s in settings.centre_settings()}


def test_only_an_administrator_may_set_a_centre_setting(capsys, cli, monkeypatch):
    ctx, url = cli
    add_user(ctx, "cora", "counsellor", "cora's long password")
    monkeypatch.setenv("COUNSEL_APP_USER", "cora")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", "cora's long password")
    code, out, err = run(capsys, "--db", url, "settings", "set", "stale_months", "6")
    assert code != 0 and "Counsellor" in err
    assert settings.get(ctx.db, "stale_months") == 12
    code, out, err = run(capsys, "--db", url, "settings", "get", "stale_months")
    assert code == 0 and out.strip() == "12"  # reading needs no administrator


def test_this_computers_settings_from_the_command_line(capsys, cli):
    ctx, url = cli
    code, out, err = run(capsys, "--db", url, "settings", "set", "interface_language", "fr")
    assert code == 0, err
    assert settings.Preferences.load()["interface_language"] == "fr"
    code, out, err = run(capsys, "--db", url, "--lang", "en", "settings", "set",
                         "interface_language", "xx")
    assert code != 0 and "“xx” is not offered" in err
    # without --lang, the command line speaks the language this station chose
    code, out, err = run(capsys, "--db", url, "db", "status")
    assert code == 0 and out.startswith("Base de données : "), out


def test_the_command_line_opens_the_database_this_station_set(capsys, cli, tmp_path):
    ctx, url = cli
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    code, out, err = run(capsys, "settings", "set", "database_url", url)
    assert code == 0, err
    code, out, err = run(capsys, "db", "status")
    assert code == 0 and out.splitlines()[0] == f"Database: {url}", out
    code, out, err = run(capsys, "settings", "get", "grant_ceilings")  # the centre's, there
    assert code == 0, err
    code, out, err = run(capsys, "--db", other, "db", "status")  # --db still goes first
    assert out.splitlines()[0] == f"Database: {other}"


def test_the_data_folder_setting_moves_the_database_and_logs_not_the_settings(
        capsys, tmp_path, monkeypatch):
    home, moved = tmp_path / "home", tmp_path / "moved"
    monkeypatch.delenv("COUNSEL_APP_DATA_DIR")  # restored after the test
    monkeypatch.setattr(settings, "_station_file", None)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *args, **kwargs: str(home))
    code, out, err = run(capsys, "settings", "set", "data_folder", str(moved))
    assert code == 0, err
    assert (home / "settings.json").exists()
    code, out, err = run(capsys, "db", "status")
    assert out.splitlines()[0] == f"Database: sqlite:///{moved / 'counsel.sqlite'}", out
    code, out, err = run(capsys, "settings", "get", "data_folder")  # read where it was set
    assert code == 0 and out.strip() == str(moved)
    assert not (moved / "settings.json").exists()
