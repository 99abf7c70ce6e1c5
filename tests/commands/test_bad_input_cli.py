"""Bad input on the command line a newcomer gives: one clear sentence saying what is wrong
and where, nothing changed, no traceback."""

from __future__ import annotations

import pytest

from tests.commands.test_cli import run
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def signed_in_env(monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)


@pytest.mark.parametrize("argv", [["case", "show", "AVRR-2026-000001"],
                                  ["audit", "verify"],
                                  ["monitoring", "export", "--out", "m.csv"]])
def test_a_mistyped_database_path_is_refused_and_not_created(capsys, tmp_path, signed_in_env,
                                                              argv):
    missing = tmp_path / "no-such-folder" / "counsel.sqlite"
    code, out, err = run(capsys, "--db", str(missing), *argv)
    assert code == 1, (out, err)
    assert f"There is no database at {missing}" in err and "--db" in err
    assert "Wrong user name or password" not in err and "Traceback" not in err
    assert not missing.parent.exists()


def test_a_mistyped_database_path_in_french(capsys, tmp_path, signed_in_env):
    missing = tmp_path / "typo.sqlite"
    code, _out, err = run(capsys, "--lang", "fr", "--db", str(missing), "case", "show",
                          "AVRR-2026-000001")
    assert code == 1 and "Il n’y a pas de base de données à" in err
    assert not missing.exists()


@pytest.mark.parametrize(("until", "shown"), [("2026-01-01", "Jan 1, 2026"),
                                              ("2026-02-01", "Feb 1, 2026")])
def test_an_audit_period_that_ends_before_it_starts_is_refused(capsys, sqlite_ctx,
                                                                signed_in_env, until, shown):
    """Typed in ISO, named in the refusal as the screens show a day."""
    code, out, err = run(capsys, "--db", sqlite_ctx.db.url, "audit", "list",
                         "--since", "2026-02-01", "--until", until)
    assert code == 2 and out == ""
    assert err.strip() == (f"The end of the period ({shown}) must be a later day than its "
                           "start (Feb 1, 2026).")


def test_check_period_names_both_days():
    from datetime import datetime, timezone

    from counsel_app.errors import ValidationError
    from counsel_app.i18n import set_interface_language
    from counsel_app.security.audit import check_period

    day = datetime(2026, 3, 4, tzinfo=timezone.utc)
    check_period(day, day.replace(day=5))
    check_period(None, day)
    with pytest.raises(ValidationError, match=r"\(Mar 3, 2026\).*\(Mar 4, 2026\)"):
        check_period(day, day.replace(day=3))
    set_interface_language("fr")
    with pytest.raises(ValidationError, match=r"\(3 mars 2026\).*\(4 mars 2026\)"):
        check_period(day, day.replace(day=3))


BAD_JSON = {"empty.json": (b"", "the file is empty."),
            "random.json": (b"\xbc\x01\xfe{", "the file is not UTF-8 text (byte 0)."),
            "cut.json": (b'{"a": [1, 2', "the JSON ends too early (the file looks truncated).")}


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_a_bad_travel_details_file_is_one_translated_sentence(capsys, tmp_path, name):
    content, reason = BAD_JSON[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, _out, err = run(capsys, "--db", str(tmp_path / "unused.sqlite"), "travel", "set",
                          "AVRR-2026-000001", "--file", str(path))
    assert code == 2 and err.strip() == f"--file: {path}: {reason}"
    assert "codec" not in err and "Expecting" not in err


@pytest.mark.parametrize("make, expected", [
    (lambda p: p.mkdir(), "--file: “{path}” is not a file."),
    (lambda p: None, "--file: Le fichier {path} n’existe pas."),
])
def test_a_travel_details_file_that_is_a_folder_or_missing(capsys, tmp_path, make, expected):
    path = tmp_path / "travel.json"
    make(path)
    lang = ["--lang", "fr"] if "Le fichier" in expected else []
    code, _out, err = run(capsys, *lang, "travel", "set", "AVRR-2026-000001", "--file",
                          str(path))
    assert code == 2 and err.strip() == expected.format(path=path), err
    assert "No such file" not in err and "Is a directory" not in err


def test_a_missing_weights_file_is_said_missing(capsys, sqlite_ctx, signed_in_env, tmp_path):
    path = tmp_path / "weights.json"
    code, _out, err = run(capsys, "--lang", "fr", "--db", sqlite_ctx.db.url, "followup",
                          "weights", "--set", str(path))
    assert code == 1 and err.strip() == f"Le fichier {path} n’existe pas."


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_a_bad_weights_file_is_one_translated_sentence(capsys, sqlite_ctx, signed_in_env,
                                                       tmp_path, name):
    content, reason = BAD_JSON[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, _out, err = run(capsys, "--db", sqlite_ctx.db.url, "followup", "weights", "--set",
                          str(path))
    assert code == 1 and err.strip() == f"{path}: {reason}"
    code, _out, err = run(capsys, "--lang", "fr", "--db", sqlite_ctx.db.url, "followup",
                          "weights", "--set", str(path))
    assert code == 1 and err.startswith(f"{path}: ") and reason not in err, err


def test_an_empty_file_or_a_folder_given_as_database_is_refused_and_left_alone(
        capsys, tmp_path, signed_in_env):
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    code, _out, err = run(capsys, "--db", str(empty), "case", "show", "AVRR-2026-000001")
    assert code == 1 and err.strip() == (
        f"The database sqlite:///{empty} is empty: check --db (or COUNSEL_APP_DB_URL), or "
        "set it up with “counsel-app user init NAME”.")
    assert empty.stat().st_size == 0
    code, _out, err = run(capsys, "--lang", "es", "--db", str(tmp_path), "audit", "verify")
    assert code == 1 and err.strip() == f"--db: {tmp_path} es una carpeta, no un archivo."


def test_a_database_without_a_schema_is_refused_not_upgraded(capsys, tmp_path,
                                                             signed_in_env):
    import sqlite3

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    code, _out, err = run(capsys, "--lang", "fr", "--db", str(other), "case", "show",
                          "AVRR-2026-000001")
    assert code == 1 and "est vide" in err and "Mauvais" not in err
    with sqlite3.connect(other) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"notes"}


@pytest.mark.parametrize("argv, expected", [
    (["--lang", "fr", "case", "show"],
     "counsel-app case show : les arguments suivants sont obligatoires : REFERENCE "
     "(voir counsel-app case show --help)"),
    (["--lang=es", "case", "decide", "AVRR-2026-000001", "maybe"],
     "counsel-app case decide: argumento DECISION: opción no válida: 'maybe' (elija entre "
     "'return', 'needs_more_time', 'declined') (véase counsel-app case decide --help)"),
    (["--lang", "ar", "case", "show", "AVRR-2026-000001", "--bogus"],
     "counsel-app: وسائط غير معروفة: --bogus (انظر counsel-app --help)"),
    (["--db", "x.sqlite", "--lang", "fr", "followup", "arrival", "AVRR-2026-000001",
      "--date", "yesterday"],
     "counsel-app followup arrival : argument --date : « yesterday » n’est pas une date "
     "(utilisez AAAA-MM-JJ) (voir counsel-app followup arrival --help)"),
])
def test_wrong_arguments_are_reported_in_the_interface_language(capsys, argv, expected):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.strip() == expected


def test_help_is_in_the_interface_language(capsys):
    code, out, _err = run(capsys, "--lang", "fr", "case", "show", "--help")
    assert code == 0
    assert out.startswith("utilisation : counsel-app case show")
    assert "afficher cette aide et quitter" in out and "référence du dossier" in out
    code, _out, err = run(capsys, "case", "show")  # back in English without --lang
    assert "the following arguments are required: REFERENCE" in err


def test_a_documents_lang_after_the_command_is_not_the_interface_language():
    from counsel_app.cli import _interface_language_asked

    assert _interface_language_asked(["plan", "AVRR-2026-000001", "--lang", "ar"]) is None
    assert _interface_language_asked(["--db", "--lang", "--lang", "fr", "plan"]) == "fr"
    assert _interface_language_asked(["--lang"]) is None


def test_a_backup_into_a_folder_that_does_not_exist_is_refused_before_the_passphrase(
        capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("COUNSEL_APP_BACKUP_PASSPHRASE", raising=False)
    target = tmp_path / "usb" / "counsel.backup"
    code, out, err = run(capsys, "--lang", "fr", "--db", str(tmp_path / "db.sqlite"), "backup",
                         "create", str(target))
    assert code == 1 and out == ""
    assert err.strip() == (f"Le dossier « {target.parent} » n’existe pas ; donnez à la "
                           "sauvegarde un nom de fichier dans un dossier existant.")
    assert not target.parent.exists() and not (tmp_path / "db.sqlite").exists()


def test_create_backup_names_a_missing_folder(sqlite_ctx, tmp_path):
    from counsel_app.security.backup import BackupError, create_backup

    with pytest.raises(BackupError, match="does not exist; give the backup a file name"):
        create_backup(sqlite_ctx, tmp_path / "gone" / "b.backup", "a long enough passphrase")


def test_a_logo_that_is_not_an_image_is_refused_and_not_saved(capsys, sqlite_ctx,
                                                              signed_in_env, tmp_path):
    from counsel_app import settings

    url = sqlite_ctx.db.url
    noise = tmp_path / "logo.png"
    noise.write_bytes(b"not an image at all")
    for value, reason in ((str(noise), f"“{noise}” is not a PNG or JPEG image."),
                          (str(tmp_path / "gone.png"), f"there is no file “{tmp_path}/gone.png”."),
                          (str(tmp_path), f"“{tmp_path}” is a folder, not a file.")):
        code, out, err = run(capsys, "--db", url, "settings", "set", "organisation_logo", value)
        assert code == 1 and out == ""
        assert err.strip() == f"Organisation logo on prints (PNG or JPEG): {reason}"
    assert settings.Preferences.load()["organisation_logo"] == ""
    code, _out, err = run(capsys, "--lang", "fr", "--db", url, "plan", "AVRR-2026-000001",
                          "--lang", "en", "--logo", str(noise), "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and err.strip() == f"--logo : « {noise} » n’est pas une image PNG ou JPEG."
    assert not (tmp_path / "p.pdf").exists()
    image = tmp_path / "real.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(24))
    code, _out, err = run(capsys, "--db", url, "settings", "set", "organisation_logo", str(image))
    assert code == 0, err
    assert settings.Preferences.load()["organisation_logo"] == str(image)


@pytest.mark.parametrize("name, reason", [
    ("gone.png", "there is no file “{path}”."),
    ("", "“{path}” is a folder, not a file."),
])
def test_a_plan_logo_that_is_not_a_file_is_said_as_the_setting_says_it(capsys, tmp_path, name,
                                                                     reason):
    logo = tmp_path / name if name else tmp_path
    code, out, err = run(capsys, "--db", str(tmp_path / "unused.sqlite"), "plan",
                         "AVRR-2026-000001", "--lang", "en", "--logo", str(logo), "--out",
                         str(tmp_path / "p.pdf"))
    assert code == 2 and out == ""
    assert err.strip() == "--logo: " + reason.format(path=logo)
    assert not (tmp_path / "p.pdf").exists()


def test_a_consent_text_in_an_unknown_language_is_refused_and_not_stored(capsys, sqlite_ctx,
                                                                        signed_in_env,
                                                                        tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("We keep your data locked.", encoding="utf-8")
    code, out, err = run(capsys, "--db", sqlite_ctx.db.url, "consent", "add-text",
                         "data_processing", "--lang", "xx", "--title", "Data", "--body-file",
                         str(body))
    assert code == 1 and out == ""
    assert err.startswith("“xx” is not a language consent texts can be written in (choose "
                          "from en, fr, es, ar,")
    code, out, _err = run(capsys, "--db", sqlite_ctx.db.url, "consent", "texts")
    assert code == 0 and " xx " not in out


@pytest.mark.parametrize("name, expected", [
    ("  ", "Give the office name other offices will see."),
    ("x" * 201, "The office name is 201 characters long; at most 200 are allowed."),
])
def test_an_empty_or_too_long_office_name_is_refused_and_not_saved(capsys, sqlite_ctx,
                                                                  signed_in_env, name,
                                                                  expected):
    url = sqlite_ctx.db.url
    assert run(capsys, "--db", url, "keys", "name", "Conakry office")[0] == 0
    code, out, err = run(capsys, "--db", url, "keys", "name", name)
    assert code == 1 and out == "" and err.strip() == expected
    code, out, _err = run(capsys, "--db", url, "keys", "show")
    assert out.startswith("This station: Conakry office\n")


@pytest.mark.parametrize("argv", [["db", "status"], ["db", "upgrade"], ["settings", "list"],
                                  ["opportunities", "list"]])
def test_a_folder_given_as_database_keeps_its_permissions(capsys, tmp_path, argv):
    import stat

    folder = tmp_path / "documents"
    folder.mkdir(mode=0o755)
    (folder / "letter.txt").write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "fr", "--db", str(folder), *argv)
    assert code == 2 and out == ""
    assert err.strip() == (f"La base de données {folder} est un dossier, pas un fichier : "
                           "indiquez le fichier de base de données qu’il contient (par exemple "
                           "counsel.sqlite).")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert [p.name for p in folder.iterdir()] == ["letter.txt"]


def test_db_status_of_a_database_that_does_not_exist_creates_nothing(capsys, tmp_path):
    path = tmp_path / "typo" / "counsel.sqlite"
    code, out, err = run(capsys, "--db", str(path), "db", "status")
    assert code == 1 and err == ""
    assert out.splitlines() == [f"Database: sqlite:///{path}", "Schema: empty",
                                "Needs upgrade: run “counsel-app db upgrade”."]
    assert not path.parent.exists()
    code, out, _err = run(capsys, "--db", str(path.parent.parent / "x.sqlite"), "db", "upgrade")
    assert code == 0 and "Upgraded" in out
    code, out, _err = run(capsys, "--db", str(path.parent.parent / "x.sqlite"), "db", "status")
    assert code == 0 and out.splitlines()[-1] == "Up to date."


def test_audit_list_of_a_mistyped_case_reference_is_refused(capsys, sqlite_ctx, signed_in_env):
    code, out, err = run(capsys, "--db", sqlite_ctx.db.url, "audit", "list", "--case", "2026-12")
    assert code == 2 and out == ""
    assert err.strip() == ("--case: “2026-12” is not a case reference (expected e.g. "
                           "AVRR-2026-000123).")


def test_a_damaged_workbook_is_named_without_python_words(capsys, sqlite_ctx, signed_in_env,
                                                          tmp_path):
    book = tmp_path / "answers.xlsx"
    book.write_bytes(b"PK\x03\x04 cut short")
    code, _out, err = run(capsys, "--db", sqlite_ctx.db.url, "followup", "import-submissions",
                          str(book), "--dry-run")
    assert code == 1 and err.strip() == ("answers.xlsx cannot be read as an .xlsx workbook: it "
                                         "is damaged or not a workbook; export it again.")
    code, _out, err = run(capsys, "--lang", "es", "packs", "check", str(book))
    assert code == 1 and err.strip() == (
        "answers.xlsx: el archivo no se puede leer como libro .xlsx: está dañado o no es un "
        "libro; guárdelo de nuevo como .xlsx.")
    assert "BadZipFile" not in err


def test_a_retention_period_beyond_the_calendar_is_refused_and_apply_still_works(
        capsys, sqlite_ctx, signed_in_env):
    from counsel_app.security import retention
    from counsel_app.security.settings import set_setting

    url = sqlite_ctx.db.url
    before = retention.retention_periods(sqlite_ctx.db)
    code, out, err = run(capsys, "--db", url, "retention", "set", "closed", "99999999999")
    assert code == 1 and out == ""
    assert err.strip() == ("A retention period can be at most 36525 days (100 years); to "
                           "keep cases, set none.")
    assert retention.retention_periods(sqlite_ctx.db) == before
    # a period saved before the limit existed is never due, rather than a crash
    set_setting(sqlite_ctx.db, retention.SETTING_KEY, {"closed": 10_000_000})
    code, out, err = run(capsys, "--db", url, "retention", "apply", "--dry-run")
    assert code == 0 and "Would anonymise 0 cases." in out, err


@pytest.mark.parametrize("argv", [
    ["audit", "list", "--limit", "99999999999999999999999"],
    ["opportunities", "list", "--limit", "99999999999999999999999"],
    ["partners", "list", "--limit", "-1"],
    ["referrals", "add", "AVRR-2026-000001", "--partner", "99999999999999999999999",
     "--service", "training"],
])
def test_a_count_or_record_number_too_large_for_the_database_is_one_sentence(
        capsys, sqlite_ctx, signed_in_env, argv):
    code, out, err = run(capsys, "--db", sqlite_ctx.db.url, *argv)
    assert code == 2 and out == ""
    assert f"argument {argv[-2] if argv[0] != 'referrals' else '--partner'}: “" in err
    assert "is not a whole number from 0 to 1000000000 (see counsel-app" in err
    assert "Something went wrong" not in err


def test_a_second_language_equal_to_the_first_warns_once():
    from counsel_app.i18n.languages import translation_warning

    once = translation_warning("fr")
    assert once and translation_warning("fr", "fr") == once


def test_the_short_postgres_url_form_is_postgresql():
    from counsel_app.storage.db import normalise_url

    assert normalise_url("postgres://counsel@dbhost/counsel") == (
        "postgresql+psycopg://counsel@dbhost/counsel")


def test_a_database_url_is_named_in_messages_as_it_was_typed(capsys, signed_in_env):
    code, out, err = run(capsys, "--db", "sqlite:///:memory:", "db", "status")
    assert code == 1 and out.splitlines()[0] == "Database: sqlite:///:memory:"
    code, out, err = run(capsys, "--db", "sqlite:///:memory:", "case", "show",
                         "AVRR-2026-000001")
    assert code == 1 and err.startswith("The database sqlite:///:memory: is empty: ")

    from sqlalchemy.engine import make_url

    from counsel_app.storage.db import shown_url

    assert shown_url(make_url("postgresql+psycopg://counsel:secret@db:5433/centre a"
                              "?sslmode=require")) == (
        "postgresql://counsel:***@db:5433/centre a?sslmode=require")


def test_a_file_that_is_not_a_database_is_said_in_the_interface_language(capsys, tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"shopping list: rice, tea, sugar" * 200)
    code, out, err = run(capsys, "--lang", "fr", "--db", str(junk), "db", "status")
    assert code == 1 and out == ""
    assert err.strip() == (f"Impossible d’ouvrir la base de données sqlite:///{junk} : le "
                           "fichier n’est pas une base de données (ou il est endommagé)")


@pytest.mark.parametrize("content, reason", [
    (b"\xbc\x01\xfe{", "the file is not UTF-8 text (byte 0)."),
    (b'{"publisher_id": "ngo', "the JSON ends too early (the file looks truncated)."),
])
def test_a_damaged_publisher_key_file_is_said_in_words(capsys, tmp_path, content, reason):
    key = tmp_path / "publisher.pub.json"
    key.write_bytes(content)
    code, _out, err = run(capsys, "packs", "export-key", str(key), "--out", str(tmp_path))
    assert code == 1 and err.strip() == f"{key}: {reason}"
    assert "codec" not in err
