"""Signed curated packs: the sample imports, tampered or unsigned packs are refused."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from country_info import PackError, SignatureError
from country_info.signing import DEV_ENV, generate_key, sign_pack, trust_key_file
from tests.country_info.conftest import pack_envelope
from tests.country_info import make_sample_packs


def _write(tmp_path, name, obj) -> object:
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
    return path


def test_sample_packs_import_and_are_marked_sample(lib, samples):
    assert set(samples) == {"GN", "IQ", "ET"}
    for path in samples.values():
        info = lib.import_pack(path)
        assert info.verified and info.sample and info.status == "sample"
    assert sorted(p.country for p in lib.packs()) == ["ET", "GN", "IQ"]
    guinea = lib.get_country("GN")
    services = guinea.section("services")
    assert services and all(e.pack.sample for e in services)
    assert "Sample organisation" in services[0].item.organisation["name"]["en"]


def test_tampered_pack_is_refused(lib, samples, tmp_path):
    env = pack_envelope(samples["IQ"])
    env["pack"]["sections"]["contacts"]["items"][0]["text"]["en"] = "Call +964 123 456 (changed)"
    path = _write(tmp_path, "tampered.pack.json", env)
    with pytest.raises(SignatureError) as info:
        lib.import_pack(path)
    assert "changed after it was signed" in str(info.value)
    assert info.value.where == "$.signature"
    assert lib.packs() == []
    # even in developer mode a broken signature from a trusted key is refused
    lib.allow_unsigned = True
    with pytest.raises(SignatureError):
        lib.import_pack(path)


def test_unsigned_pack_refused_unless_developer_mode(lib, samples, tmp_path, monkeypatch):
    path = _write(tmp_path, "unsigned.json", pack_envelope(samples["GN"])["pack"])
    with pytest.raises(SignatureError) as info:
        lib.import_pack(path)
    assert "not signed" in str(info.value)
    assert lib.packs() == []
    monkeypatch.setenv(DEV_ENV, "1")
    from country_info import Library

    dev = Library(base_dir=lib.base_dir, user_dir=lib.user_dir, index_path=":memory:")
    info = dev.import_pack(path)
    assert not info.verified and info.status == "unverified"
    assert all(not e.pack.verified for e in dev.get_country("GN").section("services"))
    # without developer mode the stored unsigned pack is not shown, and the reason is reported
    monkeypatch.delenv(DEV_ENV)
    normal = Library(base_dir=lib.base_dir, user_dir=lib.user_dir, index_path=":memory:")
    assert normal.packs() == []
    assert normal.problems and "not signed" in normal.problems[0][1]


def test_untrusted_key_refused_until_trusted(lib, samples, tmp_path):
    pem, key = generate_key("ngo-test", "Test NGO")
    pack = copy.deepcopy(pack_envelope(samples["GN"])["pack"])
    pack.update(pack_id="ngo-gn", sample=False, publisher={"id": "ngo-test", "name": "Test NGO"})
    path = _write(tmp_path, "ngo.pack.json", sign_pack(pack, pem))
    with pytest.raises(SignatureError) as info:
        lib.import_pack(path)
    assert "does not trust" in str(info.value)
    key_file = _write(tmp_path, "ngo-key.json", key.as_record())
    trust_key_file(key_file)
    info = lib.import_pack(path)
    assert info.verified and not info.sample and info.status == "verified"


def test_key_cannot_sign_for_another_publisher(lib, samples, tmp_path):
    pem, key = generate_key("ngo-a", "NGO A")
    trust_key_file(_write(tmp_path, "a.json", key.as_record()))
    pack = copy.deepcopy(pack_envelope(samples["GN"])["pack"])
    pack.update(pack_id="b-gn", sample=False, publisher={"id": "ngo-b", "name": "NGO B"})
    with pytest.raises(SignatureError) as info:
        lib.import_pack(_write(tmp_path, "b.pack.json", sign_pack(pack, pem)))
    assert "cannot vouch" in str(info.value)


def test_sample_key_cannot_sign_a_non_sample_pack(lib, samples, tmp_path):
    pem = make_sample_packs.KEY_FILE.read_bytes()
    pack = copy.deepcopy(pack_envelope(samples["GN"])["pack"])
    pack["sample"] = False
    with pytest.raises(PackError) as info:
        lib.import_pack(_write(tmp_path, "fake.pack.json", sign_pack(pack, pem)))
    assert "sample" in str(info.value)


def test_signature_value_garbage(lib, samples, tmp_path):
    env = pack_envelope(samples["GN"])
    env["signature"]["value"] = base64.b64encode(b"x" * 64).decode()
    with pytest.raises(SignatureError):
        lib.import_pack(_write(tmp_path, "g.pack.json", env))
    env["signature"]["value"] = "not base64!!"
    with pytest.raises(SignatureError):
        lib.import_pack(_write(tmp_path, "h.pack.json", env))


def test_reimport_replaces_the_pack(lib, samples):
    lib.import_pack(samples["GN"])
    lib.import_pack(samples["GN"])
    assert [p.pack_id for p in lib.packs()] == ["sample-gn"]
    assert lib.remove_pack("sample-gn") and lib.packs() == []


def test_committed_samples_are_reproducible():
    """The shipped sample files are exactly what the script signs (Ed25519 is deterministic)."""
    for name, blob in make_sample_packs.signed_samples().items():
        assert (make_sample_packs.OUT_DIR / name).read_bytes() == blob, name
    assert make_sample_packs.PUBLIC_KEY_FILE.read_bytes() == make_sample_packs.public_key_record()


def test_private_sample_key_is_not_shipped():
    from counsel_app.paths import bundle_root

    shipped = [p for d in ("country_info", "resources", "counsel_app")
               for p in (bundle_root() / d).rglob("*") if p.is_file() and p.suffix in (".pem", ".key")]
    assert shipped == []
