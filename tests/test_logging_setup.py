"""The log file: rotated at start once it is too big, a few old ones kept."""

from __future__ import annotations

from counsel_app.logging_setup import rotate


def test_a_small_log_stays(tmp_path):
    log = tmp_path / "counsel-app.log"
    log.write_text("short\n")
    rotate(log, max_bytes=100)
    assert log.read_text() == "short\n" and sorted(p.name for p in tmp_path.iterdir()) == [
        "counsel-app.log"]


def test_a_big_log_moves_and_the_oldest_goes(tmp_path):
    log = tmp_path / "counsel-app.log"
    for n in (1, 2):
        (tmp_path / f"counsel-app.log.{n}").write_text(f"old {n}\n")
    log.write_text("x" * 200)
    rotate(log, max_bytes=100, backups=2)
    assert not log.exists()
    assert (tmp_path / "counsel-app.log.1").read_text() == "x" * 200
    assert (tmp_path / "counsel-app.log.2").read_text() == "old 1\n"  # "old 2" dropped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counsel-app.log.1",
                                                          "counsel-app.log.2"]


def test_no_log_yet(tmp_path):
    rotate(tmp_path / "counsel-app.log")  # nothing to do, no error
    assert list(tmp_path.iterdir()) == []
