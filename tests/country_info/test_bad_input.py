"""Bad pack files are refused with the place of the problem, and nothing on disk changes."""

from __future__ import annotations

import copy
import gzip
import json

import pytest

from country_info import PackError
from country_info.validate import MAX_FILE_BYTES
from tests.country_info.conftest import pack_envelope


@pytest.fixture
def inner(samples):
    return copy.deepcopy(pack_envelope(samples["GN"])["pack"])


def _state(folder):
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir()) if folder.exists() else []


def _refused(lib, tmp_path, payload: bytes, name="bad.json", *, unsigned=True):
    lib.allow_unsigned = unsigned  # developer mode so that content checks are reached
    before = _state(lib.user_dir)
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(PackError) as info:
        lib.import_pack(path)
    assert _state(lib.user_dir) == before
    assert lib.packs() == []
    return info.value


def _dump(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def test_malformed_json_names_line_and_column(lib, tmp_path):
    err = _refused(lib, tmp_path, b'{"format": "counsel-app-country-pack",\n  "country": GN}')
    assert "line 2, column 14" in str(err)
    assert "bad.json" in str(err)


def test_truncated_json(lib, tmp_path, inner):
    data = _dump(inner)
    err = _refused(lib, tmp_path, data[: len(data) // 2])
    assert "truncated" in str(err)


def test_truncated_gzip(lib, tmp_path, inner):
    blob = gzip.compress(_dump(inner))
    err = _refused(lib, tmp_path, blob[: len(blob) - 20], name="bad.json.gz")
    assert "truncated or damaged" in str(err)


def test_oversized_file_refused_before_parsing(lib, tmp_path):
    err = _refused(lib, tmp_path, b" " * (MAX_FILE_BYTES + 1))
    assert "too large" in str(err)


def test_gzip_bomb_refused(lib, tmp_path):
    blob = gzip.compress(b'{"a": "' + b"x" * (40 * 1024 * 1024) + b'"}')
    assert len(blob) < MAX_FILE_BYTES
    err = _refused(lib, tmp_path, blob, name="bomb.json.gz")
    assert "once decompressed" in str(err)


def test_wrong_schema_version(lib, tmp_path, inner):
    inner["schema_version"] = 2
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.schema_version"
    assert "schema version 2 is not supported" in str(err)


def test_unknown_country_code(lib, tmp_path, inner):
    inner["country"] = "ZZ"
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.country"
    assert "ZZ" in str(err)


def test_missing_source(lib, tmp_path, inner):
    del inner["sections"]["health"]["items"][0]["source"]
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.sections.health.items[0]"
    assert "“source” is missing" in str(err)


def test_missing_source_publisher(lib, tmp_path, inner):
    del inner["sections"]["contacts"]["items"][0]["source"]["publisher"]
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.sections.contacts.items[0].source"


def test_missing_date(lib, tmp_path, inner):
    del inner["sections"]["documents"]["items"][0]["date"]
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.sections.documents.items[0]"
    assert "“date” is missing" in str(err)


@pytest.mark.parametrize("value, message", [("March 2025", "is not a date"), ("2025-02-30", "not a real date")])
def test_bad_date(lib, tmp_path, inner, value, message):
    inner["sections"]["services"]["items"][0]["date"] = value
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.sections.services.items[0].date"
    assert message in str(err)


def test_duplicate_item_ids(lib, tmp_path, inner):
    dup = copy.deepcopy(inner["sections"]["services"]["items"][0])
    inner["sections"]["health"]["items"].append(dup)
    err = _refused(lib, tmp_path, _dump(inner))
    # health comes before services in section order: the second one is the duplicate
    assert err.where == "$.sections.services.items[0].id"
    assert "$.sections.health.items[2].id" in str(err)


def test_unknown_section(lib, tmp_path, inner):
    inner["sections"]["weather"] = {"items": []}
    err = _refused(lib, tmp_path, _dump(inner))
    assert "weather" in str(err)


def test_text_missing_in_source_language(lib, tmp_path, inner):
    inner["sections"]["health"]["items"][0]["source_language"] = "ar"
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.sections.health.items[0].text"


def test_not_utf8(lib, tmp_path):
    err = _refused(lib, tmp_path, b'{"a": "\xff\xfe"}')
    assert "UTF-8" in str(err)


def test_failed_import_keeps_the_previous_version(lib, tmp_path, samples, inner):
    lib.import_pack(samples["GN"])
    before = _state(lib.user_dir)
    lib.allow_unsigned = True
    inner["schema_version"] = 99
    path = tmp_path / "v2.json"
    path.write_bytes(_dump(inner))
    with pytest.raises(PackError):
        lib.import_pack(path)
    assert _state(lib.user_dir) == before
    assert [p.pack_id for p in lib.packs()] == ["sample-gn"]
    assert not list(lib.user_dir.glob("*.tmp"))


def test_reserved_base_pack_id(lib, tmp_path, inner):
    inner["pack_id"] = "base-gn"
    err = _refused(lib, tmp_path, _dump(inner))
    assert err.where == "$.pack_id"


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "The file {path} does not exist."),
    (lambda p: p.mkdir(), "“{path}” is not a file."),
    (lambda p: p.write_bytes(b""), "{path}: the file is empty."),
    (lambda p: p.write_bytes(b'{"a": 1,}'), "{path}: malformed JSON at line 1, column 9: "),
])
def test_a_file_a_user_names_is_one_sentence_naming_it(tmp_path, make, message):
    from country_info.validate import read_file

    path = tmp_path / "named.json"
    make(path)
    with pytest.raises(PackError) as info:
        read_file(path)
    assert str(info.value).startswith(message.format(path=path))


def test_a_file_too_large_is_refused_with_its_own_size(tmp_path):
    from country_info.validate import read_file

    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES * 4)  # sparse: only its size is looked at
    with pytest.raises(PackError) as info:
        read_file(path)
    assert str(info.value) == (f"{path}: the file is too large ({MAX_FILE_BYTES * 4} bytes; "
                               f"at most {MAX_FILE_BYTES} are accepted).")


def test_a_publisher_key_or_a_pack_that_cannot_be_read_is_said_so(tmp_path):
    from country_info.publish import read_pack_json, read_public_key
    from country_info.signing import trust_key_file

    missing = tmp_path / "publisher.json"
    with pytest.raises(PackError) as info:
        read_public_key(missing)
    assert str(info.value) == f"The file {missing} does not exist."
    folder = tmp_path / "pack.json"
    folder.mkdir()
    with pytest.raises(PackError) as info:
        read_pack_json(folder)
    assert str(info.value) == f"“{folder}” is not a file."
    cut = tmp_path / "cut-key.json"
    cut.write_bytes(b'{"publisher_id": "ngo')
    with pytest.raises(PackError) as info:
        trust_key_file(cut)
    assert str(info.value) == f"{cut}: the JSON ends too early (the file looks truncated)."
