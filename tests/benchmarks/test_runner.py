"""``python -m benchmarks``: a wrong area name is refused; an area that fails is reported
in the table (and the run's exit code), with its peak memory, without stopping the others."""

from __future__ import annotations

import importlib

runner = importlib.import_module("benchmarks.__main__")


def test_unknown_area_is_refused_with_the_list(capsys):
    assert runner.main(["no_such_area"]) == 2
    err = capsys.readouterr().err
    assert "unknown benchmark area(s): no_such_area" in err
    assert "packaging" in err and "ui" in err


def test_every_area_module_is_found():
    areas = runner.areas()
    for expected in ("country_info", "documents", "handover", "opportunities", "packaging",
                     "ui"):
        assert expected in areas


def test_a_failing_area_becomes_a_failed_row_with_its_memory():
    from benchmarks.harness import Report

    report = Report()
    assert runner.run_isolated("no_such_area", report) is False
    (row,) = report.rows
    assert row.area == "no_such_area" and "FAILED, exit 1" in row.name
    assert row.met is False and row.memory_mb and row.memory_mb > 5
    assert "NO" in report.table()


def test_help_lists_the_areas_and_exits_cleanly(capsys):
    assert runner.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m benchmarks")
    for area in runner.areas():
        assert f"\n  {area} " in out
