"""Issue 17, items 3 and 4: the trust store and the reference library against a counsellor or
supervisor with a shell on a shared laptop, on a real SQLite file (the station's database).

Who may: ``counsel_app.services.country_packs`` (packs), ``KeyStore`` (office keys),
``OpportunityService`` and ``PartnerDirectory`` (lists)."""

from __future__ import annotations

import copy
import json

import pytest

from counsel_app.cli import main
from counsel_app.context import open_database, unlock
from counsel_app.security import audit
from counsel_app.security.accounts import add_user
from country_info.library import sample_pack_files
from country_info.signing import generate_key, sign_pack, user_keys_dir
from tests.country_info import make_sample_packs
from tests.country_info.conftest import pack_envelope

ADMIN_PW = "administrator password"
PW = {"cora": "counsellor password", "sam": "supervisor password"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(tmp_path, monkeypatch, capsys):
    db_file = tmp_path / "c.sqlite"
    monkeypatch.setenv("COUNSEL_APP_NEW_PASSWORD", ADMIN_PW)
    code, _out, err = run(capsys, "--db", str(db_file), "user", "init", "chief")
    assert code == 0, err
    ctx = unlock(open_database(str(db_file)), "chief", ADMIN_PW)
    add_user(ctx, "cora", "counsellor", PW["cora"])
    add_user(ctx, "sam", "supervisor", PW["sam"])
    return db_file


def as_user(monkeypatch, user: str) -> None:
    monkeypatch.setenv("COUNSEL_APP_USER", user)
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", ADMIN_PW if user == "chief" else PW[user])


def events(db_file, action: str):
    ctx = unlock(open_database(str(db_file)), "chief", ADMIN_PW)
    return [e.detail for e in audit.events(ctx.db, action=action)]


def publisher(tmp_path, name="ngo-test"):
    pem, key = generate_key(name, "Test NGO")
    key_file = tmp_path / f"{name}-key.json"
    key_file.write_text(json.dumps(key.as_record()), "utf-8")
    return pem, key_file


def edition(tmp_path, pem, version: int, issued: str, publisher_id="ngo-test"):
    pack = copy.deepcopy(pack_envelope(sample_pack_files()[0])["pack"])
    pack.update(pack_id="ngo-gn", sample=False, version=version, issued=issued,
                publisher={"id": publisher_id, "name": "Test NGO"})
    path = tmp_path / f"ngo-gn-v{version}-{issued}.pack.json"
    path.write_text(json.dumps(sign_pack(pack, pem)), "utf-8")
    return path


def test_trusting_a_key_needs_an_administrator_and_is_audited(station, tmp_path, capsys,
                                                              monkeypatch):
    _pem, key_file = publisher(tmp_path)
    monkeypatch.delenv("COUNSEL_APP_PASSWORD", raising=False)
    code, _out, err = run(capsys, "--db", str(station), "packs", "trust", str(key_file))
    assert code == 1 and "A password is needed" in err  # no sign-in, no change
    for user in ("cora", "sam"):
        as_user(monkeypatch, user)
        code, out, err = run(capsys, "--db", str(station), "packs", "trust", str(key_file))
        assert code == 1 and "does not allow you to change which publishers" in err, user
        assert "Now trusting" not in out
    assert list(user_keys_dir().glob("*.json")) == []
    as_user(monkeypatch, "chief")
    code, out, err = run(capsys, "--db", str(station), "packs", "trust", str(key_file))
    assert code == 0 and "Now trusting key" in out, err
    assert len(list(user_keys_dir().glob("*.json"))) == 1
    key_id = json.loads(key_file.read_text())["key_id"]
    assert events(station, "trust") == [f"country pack publisher ngo-test key {key_id}"]


def test_a_station_without_accounts_trusts_and_removes_nothing(tmp_path, capsys):
    _pem, key_file = publisher(tmp_path)
    empty = str(tmp_path / "empty.sqlite")
    code, _out, err = run(capsys, "--db", empty, "packs", "trust", str(key_file))
    assert code == 1 and "needs an administrator's sign-in" in err
    assert len(err.strip().splitlines()) == 1
    assert list(user_keys_dir().glob("*.json")) == []
    assert run(capsys, "--db", empty, "packs", "import", str(sample_pack_files()[0]))[0] == 0
    code, _out, err = run(capsys, "--db", empty, "packs", "remove", "anything")
    assert code == 1 and "needs an administrator's sign-in" in err
    assert "No curated packs imported." not in run(capsys, "packs", "list")[1]


def test_removing_a_pack_needs_an_administrator_and_is_audited(station, capsys, monkeypatch):
    as_user(monkeypatch, "cora")
    code, _out, err = run(capsys, "--db", str(station), "packs", "import",
                          str(sample_pack_files()[0]))
    assert code == 0, err
    pack_id = json.loads(json.dumps(pack_envelope(sample_pack_files()[0])["pack"]))["pack_id"]
    for user in ("cora", "sam"):
        as_user(monkeypatch, user)
        code, _out, err = run(capsys, "--db", str(station), "packs", "remove", pack_id)
        assert code == 1 and "does not allow you" in err
    assert pack_id in run(capsys, "packs", "list")[1]
    as_user(monkeypatch, "chief")
    code, out, err = run(capsys, "--db", str(station), "packs", "remove", pack_id)
    assert code == 0 and "Removed" in out, err
    assert events(station, "packs_remove") == [f"country pack {pack_id}"]
    assert "No curated packs imported." in run(capsys, "packs", "list")[1]


def test_the_bundled_sample_key_stays_a_sample_key(station, tmp_path, capsys, monkeypatch):
    """A copy of the sample publisher's key marked "sample": false, trusted through the
    command or dropped into the trust store's folder, never makes a pack signed with the
    (public) sample private key verified."""
    from country_info.signing import bundled_keys_dir

    record = json.loads(next(bundled_keys_dir().glob("*.json")).read_text("utf-8"))
    assert record["sample"] is True
    record["sample"] = False
    forged = tmp_path / "sample-again.json"
    forged.write_text(json.dumps(record), "utf-8")
    as_user(monkeypatch, "chief")
    code, _out, err = run(capsys, "--db", str(station), "packs", "trust", str(forged))
    assert code == 1 and "comes with the program" in err
    assert list(user_keys_dir().glob("*.json")) == []
    # straight into the folder, as someone with the station's files would
    (user_keys_dir() / "sample-publisher-copy.json").write_text(json.dumps(record), "utf-8")
    pack = copy.deepcopy(pack_envelope(sample_pack_files()[0])["pack"])
    pack.update(pack_id="real-looking-gn", sample=False)
    fake = tmp_path / "fake.pack.json"
    fake.write_text(json.dumps(sign_pack(pack, make_sample_packs.KEY_FILE.read_bytes())),
                    "utf-8")
    as_user(monkeypatch, "cora")
    code, out, err = run(capsys, "--db", str(station), "packs", "import", str(fake))
    assert code == 1 and "only signs packs marked as sample" in err, (out, err)
    listed = run(capsys, "packs", "list")[1]
    assert "verified: real-looking-gn" not in listed


def test_an_older_edition_is_refused_unless_an_administrator_forces_it(
        station, tmp_path, capsys, monkeypatch):
    pem, key_file = publisher(tmp_path)
    as_user(monkeypatch, "chief")
    assert run(capsys, "--db", str(station), "packs", "trust", str(key_file))[0] == 0
    newer, older = edition(tmp_path, pem, 3, "2026-10-01"), edition(tmp_path, pem, 2, "2026-06-01")
    as_user(monkeypatch, "cora")
    code, _out, err = run(capsys, "--db", str(station), "packs", "import", str(newer))
    assert code == 0, err
    code, _out, err = run(capsys, "--db", str(station), "packs", "import", str(older))
    assert code == 1 and "version 3 is already imported" in err, err
    assert len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "--db", str(station), "packs", "import", str(older),
                          "--allow-downgrade")
    assert code == 1 and "does not allow you" in err
    assert "issued 2026-10-01" in run(capsys, "packs", "list")[1]  # the newer one stays
    assert events(station, "packs_downgrade") == []
    as_user(monkeypatch, "chief")
    code, _out, err = run(capsys, "--db", str(station), "packs", "import", str(older),
                          "--allow-downgrade")
    assert code == 0, err
    assert "issued 2026-06-01" in run(capsys, "packs", "list")[1]
    assert events(station, "packs_downgrade") == [
        "country pack ngo-gn: version 3 replaced by version 2"]


def test_supervisors_import_nothing(station, capsys, monkeypatch, tmp_path):
    as_user(monkeypatch, "sam")
    refusal = "does not allow you to import country packs, opportunities or partners"
    code, _out, err = run(capsys, "--db", str(station), "packs", "import",
                          str(sample_pack_files()[0]))
    assert code == 1 and refusal in err
    assert "No curated packs imported." in run(capsys, "packs", "list")[1]
    for what in ("opportunities", "partners"):
        code, _out, err = run(capsys, "--db", str(station), what, "sample")
        assert code == 1 and refusal in err, what
    code, out, _err = run(capsys, "--db", str(station), "opportunities", "list")
    assert "SAMPLE" not in out
    # a counsellor may, and each import is in the audit trail
    as_user(monkeypatch, "cora")
    for what in ("opportunities", "partners"):
        code, _out, err = run(capsys, "--db", str(station), what, "sample")
        assert code == 0, err
    assert len(events(station, "opportunities.import")) == 1
    assert len(events(station, "partners.import")) == 1


def test_office_keys_need_an_administrator_in_the_service(station, tmp_path):
    from counsel_app.handover.keys import KeyStore
    from counsel_app.security.roles import PermissionDenied

    db = open_database(str(station))
    chief = unlock(db, "chief", ADMIN_PW)
    bundle_file = KeyStore(chief).export_bundle(tmp_path / "us.json")
    for user in ("cora", "sam"):
        ctx = unlock(db, user, PW[user])
        store = KeyStore(ctx)
        with pytest.raises(PermissionDenied):
            store.import_bundle(store.read_bundle(bundle_file))
        with pytest.raises(PermissionDenied):
            store.revoke("anything")
        with pytest.raises(PermissionDenied):
            store.revoke_station()
        with pytest.raises(PermissionDenied):
            store.set_station_name("Renamed")
    assert KeyStore(chief).list_trusted() == []
    assert KeyStore(chief).station_key_state(KeyStore(chief).station().fingerprint) == "current"
