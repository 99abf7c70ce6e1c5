"""Community projects and structural actions: recorded for a place, linked to the cases they
serve, counted in the programme report (small counts as <5), in the person's copy of their
data, refused in one sentence when wrong, read-only for supervisors."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.cli import main
from counsel_app.context import unlock
from counsel_app.domain.case import Case, Person
from counsel_app.errors import ValidationError
from counsel_app.followup import cohorts
from counsel_app.followup.projects import ProjectService
from counsel_app.i18n import set_interface_language
from counsel_app.security import subject_access
from counsel_app.security.accounts import add_user
from counsel_app.security.roles import PermissionDenied
from tests.conftest import TEST_PASSWORD


def _case(ctx, name="Mariama Diallo", country="GN"):
    return ctx.cases.create(Case(person=Person(name_latin=name), return_country=country))


def test_a_project_for_a_place_serves_cases_and_is_counted(sqlite_ctx):
    ctx = sqlite_ctx
    service = ProjectService(ctx)
    project = service.add("community", "Tailoring cooperative", "gn", "Conakry",
                          started_on=date(2026, 3, 1))
    assert (project.country, project.region) == ("GN", "GN-C")  # a region typed by name
    cases = [_case(ctx, f"Person {n}") for n in range(6)]
    for case in cases:
        assert service.link(project.uid, case.reference)
    assert not service.link(project.uid, cases[0].reference)  # never twice
    assert service.unlink(project.uid, cases[5].reference)
    [shown] = service.list()
    assert shown.case_count == 5 and shown.cases == sorted(c.reference for c in cases[:5])
    service.add("structural", "Civil documents desk at the town hall", "GN")
    report = cohorts.collect(ctx)
    assert report.projects == [("community", "GN", 1, 5), ("structural", "GN", 1, 0)]
    rows = cohorts.to_rows(report)
    assert ["projects", "community/GN", "count", "", "1", "5"] in rows
    service.unlink(project.uid, cases[4].reference)
    rows = cohorts.to_rows(cohorts.collect(ctx))
    assert ["projects", "community/GN", "count", "", "1", "<5"] in rows
    # the person's copy of their data names the project
    sections = subject_access.collect(ctx, cases[0].id)
    titles = [s.title for s in sections]
    assert "Community projects and structural actions" in titles
    section = sections[titles.index("Community projects and structural actions")]
    assert section.table_rows[0][1].text == "Tailoring cooperative"  # typed: it prints as typed


@pytest.mark.parametrize("fields, field, words", [
    (dict(kind="party", title="x", country="GN"), "kind", "Unknown kind of project"),
    (dict(kind="community", title="  ", country="GN"), "title", "Give the project a title"),
    (dict(kind="community", title="x", country=""), "country", "Choose the country"),
    (dict(kind="community", title="x", country="ZZ"), "country", "is not a country code"),
    (dict(kind="community", title="x", country="GN", region="Atlantis"), "region",
     "is not a region of GN"),
    (dict(kind="community", title="x" * 201, country="GN"), "title", "longer than 200"),
    (dict(kind="community", title="x", country="GN", started_on=date(2026, 5, 1),
          ended_on=date(2026, 4, 1)), "ended_on", "ends before it starts"),
])
def test_bad_input_is_refused_in_one_sentence_and_nothing_is_stored(sqlite_ctx, fields, field,
                                                                     words):
    service = ProjectService(sqlite_ctx)
    with pytest.raises(ValidationError, match=words) as caught:
        service.add(**fields)
    assert caught.value.field == field
    assert service.list() == []


def test_a_supervisor_reads_but_changes_nothing(sqlite_ctx):
    add_user(sqlite_ctx, "sam", "supervisor", "a long enough password")
    project = ProjectService(sqlite_ctx).add("community", "Bakery", "IQ")
    supervisor = ProjectService(unlock(sqlite_ctx.db, "sam", "a long enough password"))
    assert [p.title for p in supervisor.list()] == ["Bakery"]
    with pytest.raises(PermissionDenied):
        supervisor.add("community", "Another", "IQ")
    case = _case(sqlite_ctx)
    with pytest.raises(PermissionDenied):
        supervisor.link(project.uid, case.reference)


def test_command_line(sqlite_ctx, monkeypatch, capsys):
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    url = str(sqlite_ctx.db.url)
    case = _case(sqlite_ctx)
    assert main(["--db", url, "projects", "list"]) == 0
    assert "No project recorded" in capsys.readouterr().out
    assert main(["--db", url, "projects", "add", "--kind", "community", "--title",
                 "Market garden", "--country", "GN", "--region", "GN-K"]) == 0
    out = capsys.readouterr().out
    uid = out.split("Recorded: ")[1].split()[0]
    assert main(["--db", url, "projects", "link", uid, case.reference]) == 0
    assert f"Case {case.reference} is linked" in capsys.readouterr().out
    assert main(["--db", url, "projects", "edit", uid, "--title", "Market garden (phase 2)"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "projects", "list"]) == 0
    out = capsys.readouterr().out
    assert "Market garden (phase 2), GN GN-K; cases served: 1" in out and case.reference in out
    # the days as the screens show them, not ISO
    assert main(["--db", url, "projects", "edit", uid, "--start", "2026-03-01"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "projects", "list"]) == 0
    out = capsys.readouterr().out
    assert "Market garden (phase 2), GN GN-K (Mar 1, 2026 to …); cases served: 1" in out, out
    assert main(["--lang", "fr", "--db", url, "projects", "list"]) == 0
    out = capsys.readouterr().out
    assert "1 mars 2026" in out and "2026-03-01" not in out, out
    set_interface_language("en")
    assert main(["--db", url, "projects", "add", "--kind", "community", "--title", "x",
                 "--country", "GN", "--region", "Atlantis"]) == 1
    err = capsys.readouterr().err
    assert "is not a region of GN" in err and "Traceback" not in err
    assert main(["--db", url, "projects", "link", "zzzz", case.reference]) == 1
    assert "names no project" in capsys.readouterr().err
