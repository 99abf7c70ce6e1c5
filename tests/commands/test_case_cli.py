"""``counsel-app case``: the same refusals as the screens and the services."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus, Decision
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def cli(sqlite_ctx, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    case = sqlite_ctx.cases.create(Case(person=Person(name_latin="Ibrahima Sow",
                                                      date_of_birth=date(2014, 5, 5)),
                                        return_country="GN"))
    return sqlite_ctx, case, sqlite_ctx.db.url


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_return_is_refused_until_the_elements_and_the_guardian_are_recorded(capsys, cli):
    ctx, case, url = cli
    ref = case.reference
    code, _out, err = run(capsys, "--db", url, "case", "decide", ref, "return")
    assert code == 1
    assert "“Freedom of choice” has not been assessed yet." in err
    assert "The person is a minor." in err and "best-interests" in err
    assert ctx.cases.get(case.id).decision is None
    for element in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        code, out, err = run(capsys, "--db", url, "case", "assess", ref, element, "holds",
                             "--note", "checked with the interpreter")
        assert code == 0, err
    code, _out, err = run(capsys, "--db", url, "case", "decide", ref, "return")
    assert code == 1 and "Freedom of choice" not in err and "guardian" in err
    code, out, err = run(capsys, "--db", url, "case", "guardian", ref, "--name", "Mariama Sow",
                         "--relation", "mother", "--decision", "agrees",
                         "--best-interests", "BID-2026-017")
    assert code == 0, err
    code, out, err = run(capsys, "--db", url, "case", "show", ref)
    assert "Guardian: Mariama Sow (mother)" in out and "A decision to return: possible" in out
    code, out, err = run(capsys, "--db", url, "case", "decide", ref, "return", "--note",
                         "wants to go home to his mother")
    assert code == 0, err
    assert "now “Decision taken”" in out
    assert ctx.cases.get(case.id).decision is Decision.RETURN


def test_status_changes_say_what_is_missing_and_withdrawal_always_works(capsys, cli):
    ctx, case, url = cli
    ref = case.reference
    code, out, err = run(capsys, "--db", url, "case", "decide", ref, "needs_more_time")
    assert code == 0, err  # no check for needing more time
    code, out, err = run(capsys, "--db", url, "case", "status", ref, "consented")
    assert code == 1 and "cannot go from" in err
    code, out, err = run(capsys, "--db", url, "case", "status", ref, "decision_taken")
    assert code == 2 and "case decide" in err
    code, out, err = run(capsys, "--db", url, "case", "withdraw-decision", ref, "--note",
                         "wants to think again")
    assert code == 0, err and "Counselling" in out
    assert ctx.cases.get(case.id).status is CaseStatus.COUNSELLING
    code, out, err = run(capsys, "--db", url, "case", "assess", ref, "nonsense", "holds")
    assert code == 2
