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


def test_steps_and_waivers_from_the_command_line(capsys, cli, monkeypatch):
    from counsel_app.plan.samples import sample_plan
    from counsel_app.plan.service import PlanService
    from counsel_app.security.accounts import add_user
    from counsel_app.session.store import SessionStore
    from tests.workflow_helpers import advance

    ctx, case, url = cli
    add_user(ctx, "sam", "supervisor", TEST_PASSWORD)
    add_user(ctx, "cora", "counsellor", TEST_PASSWORD)
    case = advance(ctx, case, CaseStatus.COUNSELLING, CaseStatus.DECISION_TAKEN,
                   CaseStatus.CONSENTED)
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("health", True, "")
    store.save_part(record, "screening")
    PlanService(ctx).save(sample_plan(case.reference, "fr"))
    ref = case.reference
    code, out, err = run(capsys, "--db", url, "case", "show", ref)
    assert "screening:fitness_to_travel  Fitness to travel assessed by a medical professional: " \
           "open" in out
    assert "Plan ready: not yet" in out and "no supervisor has waived it" in out
    code, out, err = run(capsys, "--db", url, "case", "status", ref, "plan_ready")
    assert code == 1 and "Fitness to travel" in err
    code, out, err = run(capsys, "--db", url, "case", "step", ref, "continuity_of_care", "done",
                         "--note", "arranged with the clinic")
    assert code == 0, err
    # the escort decision is the travel record's (one fact): not ticked here
    code, out, err = run(capsys, "--db", url, "case", "step", ref, "medical_escort", "done")
    assert code == 1 and "Departure step" in err
    code, out, err = run(capsys, "--db", url, "travel", "set", ref, "--escort", "none")
    assert code == 0, err
    monkeypatch.setenv("COUNSEL_APP_USER", "cora")
    code, out, err = run(capsys, "--db", url, "case", "waive", ref,
                         "screening:fitness_to_travel", "--reason", "The doctor cleared her.")
    assert code == 1 and "does not allow you to waive" in err
    monkeypatch.setenv("COUNSEL_APP_USER", "sam")
    code, out, err = run(capsys, "--db", url, "case", "waive", ref,
                         "screening:fitness_to_travel", "--reason", "ok")
    assert code == 1 and "reason" in err
    code, out, err = run(capsys, "--db", url, "case", "waive", ref,
                         "screening:fitness_to_travel", "--reason",
                         "Cleared by the airline's doctor; certificate on file.")
    assert code == 0, err
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    code, out, err = run(capsys, "--db", url, "case", "status", ref, "plan_ready")
    assert code == 0, err
    assert ctx.cases.get(case.id).status is CaseStatus.PLAN_READY


def test_case_show_reads_as_the_interface_language_writes(capsys, cli):
    """``case show`` in French: each label and its value with the language's colon
    ("Liberté de choix : est réuni", "Décision prise : Retour"), the day of the decision
    in the medium form ("5 déc. 2026"), never ISO; the same lines in English keep theirs."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.i18n.dates import show_date

    ctx, case, url = cli
    ref = case.reference
    for element in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        assert run(capsys, "--db", url, "case", "assess", ref, element, "holds")[0] == 0
    assert run(capsys, "--db", url, "case", "guardian", ref, "--name", "Mariama Sow",
               "--relation", "mother", "--decision", "agrees",
               "--best-interests", "BID-2026-017")[0] == 0
    assert run(capsys, "--db", url, "case", "decide", ref, "return")[0] == 0
    code, out, err = run(capsys, "--db", url, "case", "show", ref)
    assert code == 0, err
    assert f"Case {ref}: Decision taken: Return\n" in out, out
    assert "  Freedom of choice: holds\n" in out, out
    assert f" on {show_date(date.today(), 'en')} by " in out, out
    try:
        code, out, err = run(capsys, "--lang", "fr", "--db", url, "case", "show", ref)
        assert code == 0, err
        assert f"Dossier {ref} : Décision prise : Retour\n" in out, out
        assert "  Liberté de choix : est réuni\n" in out, out
        assert f" le {show_date(date.today(), 'fr')} par " in out, out
        assert date.today().isoformat() not in out, out
        assert "  Une décision de retour : possible\n" in out, out
        assert "  Consentement donné : pas encore\n" in out, out
    finally:
        set_interface_language("en")


def test_confidential_flags_are_named_in_the_interface_language(capsys, cli):
    """``case confidential-flags``: each flag's key (what --set takes), then its name with
    the language's colon, and "(always)" in the language too ("(toujours)")."""
    from counsel_app.i18n import set_interface_language

    _ctx, _case, url = cli
    code, out, err = run(capsys, "--db", url, "case", "confidential-flags")
    assert code == 0, err
    assert "  trafficking: Victim of trafficking (or indications) (always)\n" in out, out
    try:
        code, out, err = run(capsys, "--lang", "fr", "--db", url, "case", "confidential-flags")
        assert code == 0, err
        assert ("  trafficking : Victime de traite (ou indices de traite) (toujours)\n"
                in out), out
        assert "always" not in out
    finally:
        set_interface_language("en")
