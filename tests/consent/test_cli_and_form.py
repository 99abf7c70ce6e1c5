"""The consent commands and the printable form's data."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from counsel_app import consent
from counsel_app.cli import main
from counsel_app.consent import Choice, Purpose
from counsel_app.consent.form import build_form, consent_form_data
from counsel_app.consent.models import ConsentEventRow
from counsel_app.consent.rules import ConsentState
from counsel_app.consent.texts import TextStore
from tests.conftest import TEST_PASSWORD
from tests.consent.helpers import (
    OFFICE,
    all_given,
    circumstances,
    guardian_capacity,
    make_case,
    minor,
)


@pytest.fixture
def cli_case(sqlite_ctx, monkeypatch):
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, all_given(), circumstances())
    return sqlite_ctx, case, sqlite_ctx.db.url


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_lists_each_consent_and_the_history(capsys, cli_case):
    ctx, case, url = cli_case
    code, out, err = run(capsys, "--db", url, "consent", "show", case.reference)
    assert code == 0, err
    assert "(4) Sharing health data: Given since" in out
    assert "IOM Conakry: Given" in out
    assert "History (6 entries" in out and "text version 1 (en)" in out
    assert "INT-07" not in out and "March" not in out  # notes and names stay in the app


def test_verify_passes_then_reports_a_break_with_exit_1(capsys, cli_case):
    ctx, case, url = cli_case
    code, out, _ = run(capsys, "--db", url, "consent", "verify", case.reference)
    assert code == 0 and "6 entries, intact" in out
    with ctx.db.session() as s:
        s.execute(update(ConsentEventRow).where(ConsentEventRow.seq == 4)
                  .values(kind="refused"))
    code, out, _ = run(capsys, "--db", url, "consent", "verify", case.reference)
    assert code == 1 and "BROKEN" in out and "Event 4 was changed" in out
    assert f"Consent history of {case.reference} is BROKEN (1 problem):" in out, out
    code, out, _ = run(capsys, "--db", url, "--lang", "fr", "consent", "verify", case.reference)
    assert f"de {case.reference} est ROMPU (1 problème) :" in out, out
    code, out, _ = run(capsys, "--db", url, "consent", "show", case.reference)
    assert code == 1 and "does NOT check out" in out


@pytest.mark.parametrize("argv, fragment", [
    (["consent", "show", "nonsense"], "is not a case reference"),
    (["consent", "form", "AVRR-2026-000001", "--lang", "xx", "--out", "f.pdf"],
     "unknown document language “xx”"),
    (["consent", "form", "AVRR-2026-000001", "--lang", "fr"], "required: --out"),
    (["consent", "form", "AVRR-2026-000001", "--lang", "fr", "--recipient", "bad",
      "--out", "f.json"], "is not ID=NAME"),
    (["consent"], "required: ACTION"),
])
def test_bad_arguments_one_line_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1


def test_form_json_holds_the_ticked_choices(capsys, cli_case, tmp_path):
    ctx, case, url = cli_case
    out_file = tmp_path / "form.json"
    code, _, err = run(capsys, "--db", url, "consent", "form", case.reference, "--lang", "fr",
                       "--second-lang", "en", "--out", str(out_file))
    assert code == 0, err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["reference"] == case.reference and data["lang"] == "fr"
    # consent (7) is asked only for a case with a strictly confidential flag
    assert [i["purpose"] for i in data["items"]] == [
        p.value for p in Purpose if p is not Purpose.SHARE_CONFIDENTIAL]
    assert all(i["ticked_yes"] and not i["ticked_no"] for i in data["items"])
    assert [role for role, _ in data["signatures"]] == ["person", "counsellor", "interpreter"]
    assert "INT-07" in data["interpreter_line"]["main"]
    assert len(data["fingerprint_line"]["main"].split(": ")[1]) == 16


def test_form_for_a_minor_has_the_guardian_line_and_signature(sqlite_ctx):
    case = make_case(sqlite_ctx, minor())
    consent.record(sqlite_ctx, case.reference, [Choice(Purpose.RETURN_DECISION, True),
                                                Choice(Purpose.DATA_PROCESSING, False)],
                   circumstances(capacity=guardian_capacity(),
                                 interpreter=consent.InterpreterInfo()))
    form = consent_form_data(sqlite_ctx, case.reference, "en")
    roles = [role for role, _ in form.signatures]
    assert roles == ["person", "guardian", "counsellor"]
    assert "Mariama Sow" in form.guardian_line.main and "BID-2026-017" in form.guardian_line.main
    items = {i.purpose: i for i in form.items}
    assert items["return_decision"].ticked_yes
    assert items["data_processing"].ticked_no and not items["data_processing"].ticked_yes
    assert not items["follow_up_contact"].ticked_yes and not items["follow_up_contact"].ticked_no
    assert form.second_lang is None and form.items[0].text.second is None


def test_a_blank_form_names_the_recipient_and_leaves_boxes_empty(sqlite_ctx):
    state = ConsentState("AVRR-2026-000001")
    form = build_form(reference="AVRR-2026-000001", person_name="X", return_country="GN",
                      is_sample=True, state=state, store=TextStore(sqlite_ctx.db),
                      lang="en", recipients={OFFICE: "IOM Conakry"})
    share = [i for i in form.items if i.purpose == "share_with_recipient"]
    assert len(share) == 1 and "IOM Conakry" in share[0].title.main
    assert "IOM Conakry" in share[0].text.main and "{recipient}" not in share[0].text.main
    assert not any(i.ticked_yes or i.ticked_no for i in form.items)
    assert "interpreter" in [role for role, _ in form.signatures]
    assert "never be held against you" in form.withdrawal_note.main
    assert form.is_sample


def test_a_withdrawn_consent_prints_as_not_agreed(sqlite_ctx, monkeypatch):
    monkeypatch.setattr(consent.service, "WITHDRAWAL_LISTENERS", [])
    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, all_given(), circumstances())
    consent.withdraw(sqlite_ctx, case.reference, [(Purpose.SHARE_HEALTH_DATA, "")])
    form = consent_form_data(sqlite_ctx, case.reference, "en")
    health = next(i for i in form.items if i.purpose == "share_health_data")
    assert health.choice == "withdrawn" and health.ticked_no and not health.ticked_yes
    assert health.status.main == "Agreement withdrawn"


def test_form_pdf_through_the_documents_renderer(capsys, cli_case, tmp_path):
    pytest.importorskip("counsel_app.documents.consent_form")
    from pypdf import PdfReader

    ctx, case, url = cli_case
    out_file = tmp_path / "form.pdf"
    code, out, err = run(capsys, "--db", url, "consent", "form", case.reference, "--lang", "en",
                         "--out", str(out_file))
    assert code == 0, err
    text = " ".join(page.extract_text() for page in PdfReader(out_file).pages)
    assert case.reference in text
    assert "My decision to return" in text and "IOM Conakry" in text


def test_the_organisation_adds_a_text_version_and_lists_them(capsys, cli_case, tmp_path):
    ctx, case, url = cli_case
    body = tmp_path / "body.txt"
    body.write_text("Nous gardons vos informations sous clé.", encoding="utf-8")
    code, out, err = run(capsys, "--db", url, "consent", "add-text", "data_processing",
                         "--lang", "fr", "--title", "Vos informations", "--body-file", str(body))
    assert code == 0, err
    assert "Stored version" in out
    assert consent.text_for(ctx, Purpose.DATA_PROCESSING, "fr").body.startswith("Nous gardons")
    code, out, err = run(capsys, "--db", url, "consent", "texts", "--purpose",
                         "data_processing")
    assert code == 0, err
    assert "data_processing en v1" in out and "frozen" in out  # used by the recorded consent
    assert "Vos informations — written by admin; not used yet" in out
    code, _, err = run(capsys, "--db", url, "consent", "add-text", "data_processing",
                       "--lang", "fr", "--title", "T", "--body-file", str(tmp_path / "no.txt"))
    assert code == 2 and "does not exist" in err


def test_a_history_of_one_entry_is_counted_in_the_singular(capsys, sqlite_ctx, monkeypatch):
    """One recorded answer: "1 entry", never "1 entries", in show and verify."""
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, [Choice(Purpose.RETURN_DECISION, True)],
                   circumstances())
    url = sqlite_ctx.db.url
    code, out, err = run(capsys, "--db", url, "consent", "show", case.reference)
    assert code == 0, err
    assert "History (1 entry, oldest first):" in out, out
    code, out, err = run(capsys, "--db", url, "consent", "verify", case.reference)
    assert code == 0 and ": 1 entry, intact." in out, out
    code, out, err = run(capsys, "--db", url, "--lang", "fr", "consent", "show", case.reference)
    assert code == 0 and "(1 entrée," in out, out


def test_show_says_a_consent_not_recorded_as_the_language_writes_it(capsys, sqlite_ctx,
                                                                  monkeypatch):
    """A consent not recorded yet: "(4) Sharing health data: not recorded", in French
    "(4) Partage des données de santé : non enregistré" (the words were English whatever
    the language: they sat in an f-string the catalogs never saw)."""
    from counsel_app.i18n import set_interface_language

    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    case = make_case(sqlite_ctx)
    url = sqlite_ctx.db.url
    code, out, err = run(capsys, "--db", url, "consent", "show", case.reference)
    assert code == 0, err
    assert "  (4) Sharing health data: not recorded\n" in out, out
    try:
        code, out, err = run(capsys, "--db", url, "--lang", "fr", "consent", "show",
                             case.reference)
        assert code == 0, err
        assert "  (4) Partage des données de santé : non enregistré\n" in out, out
        assert "not recorded" not in out
    finally:
        set_interface_language("en")


def test_the_text_versions_line_is_written_as_the_interface_language_writes(capsys, cli_case,
                                                                            tmp_path):
    """``consent texts``: the title after the language's colon, who wrote it and whether it
    is used with the language's semicolon (the state holds a comma of its own), the day in
    the medium form; the purpose's key, language code and version as typed back."""
    import re

    ctx, case, url = cli_case
    body = tmp_path / "body.txt"
    body.write_text("Nous gardons vos informations sous clé.", encoding="utf-8")
    assert run(capsys, "--db", url, "consent", "add-text", "data_processing", "--lang", "fr",
               "--title", "Vos informations", "--body-file", str(body))[0] == 0
    code, out, err = run(capsys, "--db", url, "consent", "texts", "--purpose", "data_processing")
    assert code == 0, err
    lines = out.splitlines()
    assert "(2) data_processing fr v1: Vos informations — written by admin; not used yet" in lines
    used = next(line for line in lines if " data_processing en v1: " in line)
    assert re.search(r" — default text; used since [A-Z][a-z]{2} \d{1,2}, \d{4} .+, frozen$",
                     used), used
    code, out, err = run(capsys, "--db", url, "--lang", "fr", "consent", "texts", "--purpose",
                         "data_processing")
    assert code == 0, err
    lines = out.replace("\u00a0", " ").replace("\u202f", " ").splitlines()  # any French space
    assert ("(2) data_processing fr v1 : Vos informations — écrit par admin ; "
            "pas encore utilisé") in lines, lines
    used = next(line for line in lines if " data_processing en v1 : " in line)
    assert re.search(r" — texte par défaut ; utilisé depuis le \d{1,2} [a-zéû]+\.? \d{4} "
                     r".+, figé$", used), used
