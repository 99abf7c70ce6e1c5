"""The counsellor on prints: the name the account gave itself (``counsel-app user profile``,
Tools > My name on prints…), never the login; with their contact. And the person's name
printed once when both spellings are in the same script ("Aïssatou Barry", not
"Aissatou Barry (Aïssatou Barry)")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counsel_app.cli import main
from counsel_app.consent.form import consent_form_data, form_renderer
from counsel_app.demo import sample_case
from counsel_app.documents.handout import HandoutTopicData, render_handout
from counsel_app.documents.people import name_parts
from counsel_app.plan.samples import sample_plan
from counsel_app.plan.service import PlanService
from counsel_app.security.accounts import add_user, get_account, printed_counsellor, set_profile
from counsel_app.security.roles import PermissionDenied
from counsel_app.errors import ValidationError
from tests.conftest import TEST_PASSWORD

from .helpers import poppler_text

NAME, CONTACT = "Leïla Ben Salah", "leila.bensalah@example.org"


@pytest.fixture
def case(sqlite_ctx):
    case = sqlite_ctx.cases.create(sample_case())  # counsellor "admin", Aïssatou / Aissatou
    PlanService(sqlite_ctx).save(sample_plan(case.reference, "fr"))
    return case


def plan_text(ctx, case, tmp_path, lang="fr"):
    return poppler_text(PlanService(ctx).render_pdf(case.reference, lang), tmp_path)


def consent_text(ctx, case, tmp_path, lang="fr"):
    data = consent_form_data(ctx, case.reference, lang)
    return poppler_text(form_renderer()(data, None), tmp_path)


def test_a_login_is_never_printed_as_the_counsellor(sqlite_ctx, case, tmp_path):
    for text in (plan_text(sqlite_ctx, case, tmp_path), consent_text(sqlite_ctx, case, tmp_path)):
        assert "admin" not in text


def test_the_plan_and_consent_form_name_the_counsellor_as_they_set_it(sqlite_ctx, case,
                                                                      tmp_path):
    set_profile(sqlite_ctx, None, "  Leïla   Ben Salah ", CONTACT)
    assert get_account(sqlite_ctx.db, "admin").display_name == NAME
    for lang, label in (("fr", "Conseiller"), ("ar", "المرشد")):
        plan = plan_text(sqlite_ctx, case, tmp_path, lang)
        assert NAME in plan and CONTACT in plan and label in plan
        form = consent_text(sqlite_ctx, case, tmp_path, lang)
        assert NAME in form and CONTACT in form
        assert "admin" not in plan + form


def test_a_name_typed_in_a_consent_record_prints_as_typed(sqlite_ctx):
    set_profile(sqlite_ctx, None, NAME, CONTACT)
    assert printed_counsellor(sqlite_ctx.db, "admin") == (NAME, CONTACT)
    assert printed_counsellor(sqlite_ctx.db, "Marc Dupont") == ("Marc Dupont", "")
    assert printed_counsellor(sqlite_ctx.db, "") == ("", "")


def test_the_handout_names_the_counsellor(tmp_path):
    topic = HandoutTopicData(title="Health care", text="Clinics are open every day.")
    text = poppler_text(render_handout([topic], "fr", counsellor=NAME,
                                       counsellor_contact=CONTACT), tmp_path)
    assert NAME in text and CONTACT in text and "Conseiller" in text


def test_only_an_administrator_sets_another_accounts_name(sqlite_ctx):
    from counsel_app.context import unlock

    add_user(sqlite_ctx, "cora", "counsellor", "a long enough password")
    cora = unlock(sqlite_ctx.db, "cora", "a long enough password")
    set_profile(cora, None, "Cora Diallo", "+216 71 000 002")
    with pytest.raises(PermissionDenied):
        set_profile(cora, "admin", "Someone else", "")
    set_profile(sqlite_ctx, "cora", "Cora M. Diallo", "")
    assert get_account(sqlite_ctx.db, "cora").display_name == "Cora M. Diallo"
    with pytest.raises(ValidationError) as too_long:
        set_profile(cora, None, "x" * 121, "")
    assert "too long" in str(too_long.value)
    assert get_account(sqlite_ctx.db, "cora").display_name == "Cora M. Diallo"


def test_from_the_command_line(sqlite_ctx, case, tmp_path, capsys, monkeypatch):
    url = sqlite_ctx.db.url
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", url, "user", "profile", "--display-name", NAME, "--contact", CONTACT])
    out, err = capsys.readouterr()
    assert code == 0 and NAME in out and CONTACT in out, err
    code = main(["--db", url, "user", "profile"])
    out, err = capsys.readouterr()
    assert code == 0 and NAME in out
    pdf = tmp_path / "plan.pdf"
    assert main(["--db", url, "plan", case.reference, "--lang", "fr", "--out", str(pdf)]) == 0
    capsys.readouterr()
    text = poppler_text(pdf.read_bytes(), tmp_path)
    assert NAME in text and CONTACT in text


def test_two_spellings_in_one_script_print_once_as_the_person_writes_it(sqlite_ctx, case,
                                                                        tmp_path):
    assert name_parts("Aissatou Barry", "Aïssatou Barry", "fr") == ("Aïssatou Barry", "")
    assert name_parts("Aissatou Barry", "Aïssatou Barry", "ar") == ("Aïssatou Barry", "")
    assert name_parts("Omar Abdallah", "عمر عبد الله", "fr") == ("Omar Abdallah",
                                                                  "عمر عبد الله")
    assert name_parts("Omar Abdallah", "عمر عبد الله", "ar") == ("عمر عبد الله",
                                                                  "Omar Abdallah")
    for text in (plan_text(sqlite_ctx, case, tmp_path), consent_text(sqlite_ctx, case, tmp_path)):
        assert "Aïssatou Barry" in text and "Aissatou" not in text


def test_the_handout_command_names_the_counsellor_of_counsel_app_user(sqlite_ctx, tmp_path,
                                                                     capsys, monkeypatch):
    from tests.documents.helpers import flat

    set_profile(sqlite_ctx, None, NAME, CONTACT)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    out = tmp_path / "iraq-fr.pdf"
    assert main(["--db", sqlite_ctx.db.url, "packs", "handout", "iq", "--lang", "fr",
                 "--topics", "health", "--out", str(out)]) == 0
    capsys.readouterr()
    text = flat(out.read_bytes())
    assert NAME in text and CONTACT in text and "admin" not in text
