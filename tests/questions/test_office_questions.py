"""Questions the library cannot answer: recorded without personal data, sealed to the office
with the handover channel's keys, answered in a signed pack, shown as answered."""

from __future__ import annotations

import datetime
import json

import pytest
from openpyxl import load_workbook

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.errors import UserError
from counsel_app.services.office_questions import answer_sheet, ask, read, send
from country_info.errors import PackError
from country_info.library import Library
from country_info.publish import create_key, read_private_key, read_sheet, sign_with
from counsel_app.questions.store import OfficeQuestions
from country_info.signing import trust_key_file
from tests.conftest import TEST_PASSWORD, make_context
from tests.handover.helpers import make_station, pair

QUESTION = "Is dialysis free at the public hospital in Basra?"


def test_a_question_travels_sealed_and_comes_back_answered(tmp_path):
    station, office = pair(tmp_path)
    store = OfficeQuestions(station.ctx)
    library = Library(user_dir=tmp_path / "packs", index_path=":memory:")
    case = station.ctx.cases.create(Case(person=Person(name_latin="Karim Hassan"), return_country="IQ",
                                         counsellor=station.ctx.user))
    # personal data is refused, nothing is recorded
    for text, what in (("Karim needs dialysis in Basra; is it free?", "the person's name"),
                       ("Can the clinic call +964 770 123 4567 back?", "a phone number"),
                       ("Born 12/03/1990: is she entitled to a pension?", "a date")):
        with pytest.raises(PackError, match="personal data") as refused:
            ask(station.ctx, "IQ", "health", text, case=case)
        assert what in str(refused.value)
    assert store.all() == []
    question = ask(station.ctx, "IQ", "health", QUESTION, region="IQ-BA", case=case)
    assert question.id.startswith("Q-IQ-")

    # sealed to the office: only the office can read it
    package = tmp_path / "questions.pkg"
    sent = send(station.ctx, "Conakry reintegration office", package, library=library)
    assert [q.id for q in sent] == [question.id]
    assert store.all()[0].sent == [datetime.date.today().isoformat()]
    assert QUESTION.encode() not in package.read_bytes()  # encrypted
    received = read(office.ctx, package)
    assert [(q.id, q.text, q.region, q.topic) for q in received] == [(question.id, QUESTION, "IQ-BA", "health")]
    stranger = make_station(tmp_path, "Another office")
    with pytest.raises(UserError, match="addressed to another station"):
        read(stranger.ctx, package)
    tampered = bytearray(package.read_bytes())
    tampered[-70] ^= 1
    (tmp_path / "bad.pkg").write_bytes(bytes(tampered))
    with pytest.raises(UserError):
        read(office.ctx, tmp_path / "bad.pkg")

    # the office answers in the sheet it gets, signs; the station imports the pack
    sheet = answer_sheet(received, tmp_path / "answers.xlsx", publisher_id="erbil-desk",
                         publisher_name="Return desk, Erbil")
    book = load_workbook(sheet)
    rows = list(book["Pack"].iter_rows())
    header = [c.value for c in next(r for r in rows if r[0].value == "section")]
    row = rows[-1]
    for column, value in (("title:en", "Dialysis in Basra"), ("licence", "CC BY 4.0"),
                          ("source_title", "Call with the health directorate"),
                          ("text:en", "Free at Basra Teaching Hospital for returnees with a referral letter.")):
        row[header.index(column)].value = value
    book.save(sheet)
    result = read_sheet(sheet)
    assert result.problems == []
    private, public, _key = create_key("erbil-desk", "Return desk, Erbil", "a long passphrase", tmp_path)
    signed = tmp_path / "answers.pack.json"
    signed.write_text(json.dumps(sign_with(result.pack, read_private_key(private, "a long passphrase"))),
                      "utf-8")
    assert not store.status(library)[0].answered
    trust_key_file(public)
    library.import_pack(signed)
    status = store.status(library, country="IQ")[0]
    assert status.answered and status.answers == (f"erbil-desk-answers-iq:answer.{question.id.lower()}",)


@pytest.fixture
def station_db(tmp_path, monkeypatch):
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    url = f"sqlite:///{tmp_path / 'station.sqlite'}"
    database = Database(url)
    migrate.upgrade(database)
    ctx = make_context(database)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    yield url, ctx
    database.dispose()


def test_the_command_line_refuses_personal_data_and_lists_per_country(station_db, capsys):
    url, ctx = station_db
    db = ["--db", url]
    assert main([*db, "packs", "ask", "IQ", "--topic", "documents", "--text",
                 "Mrs Hassan lost her ID card: where does she get a new one?"]) == 1
    assert "personal data (a name)" in capsys.readouterr().err
    assert main([*db, "packs", "ask", "IQ", "--topic", "documents", "--region", "IQ-BA", "--text",
                 "Where does a returnee replace a lost national ID card in Basra?"]) == 0
    assert main([*db, "packs", "ask", "GN", "--topic", "housing", "--text",
                 "Is there a housing allowance for returnees in Conakry?"]) == 0
    capsys.readouterr()
    assert main([*db, "packs", "questions", "--country", "IQ", "--open"]) == 0
    out = capsys.readouterr().out
    assert "IQ IQ-BA  documents" in out and "[not sent yet]" in out and "Conakry" not in out
    assert main([*db, "packs", "questions"]) == 0
    assert "Conakry" in capsys.readouterr().out


def test_questions_are_kept_encrypted_and_audited(station_db):
    from sqlalchemy import text

    from counsel_app.security.audit import read_events, verify_for

    url, ctx = station_db
    question = ask(ctx, "IQ", "health", QUESTION, region="IQ-BA")
    with ctx.db.engine.connect() as connection:
        raw = b"".join(repr(tuple(row)).encode() for row in connection.execute(text("SELECT * FROM office_questions")))
    assert question.id.encode() in raw and b"dialysis" not in raw and b"Basra?" not in raw
    assert [q.text for q in OfficeQuestions(ctx).all()] == [QUESTION]
    assert any(question.id in e.detail for e in read_events(ctx, action="question"))
    assert verify_for(ctx).ok


def test_a_supervisor_reads_questions_but_records_none(station_db):
    from counsel_app.security.accounts import add_user, sign_in

    url, ctx = station_db
    ask(ctx, "IQ", "health", QUESTION)
    add_user(ctx, "sup", "supervisor", "supervisor password")
    supervisor = sign_in(ctx.db, "sup", "supervisor password")
    assert [q.text for q in OfficeQuestions(supervisor).all()] == [QUESTION]
    with pytest.raises(UserError):
        ask(supervisor, "IQ", "housing", "Is there a housing allowance for returnees?")
    assert len(OfficeQuestions(ctx).all()) == 1


def test_questions_of_an_earlier_version_move_into_the_database(station_db):
    from counsel_app.questions.store import legacy_file
    from country_info.files import ensure_folder

    url, ctx = station_db
    path = legacy_file()
    ensure_folder(path.parent)
    path.write_text(json.dumps({"format": "counsel-app-questions", "questions": [
        {"id": "Q-GN-ABCDEF", "country": "GN", "region": "", "topic": "housing",
         "text": "Is there a housing allowance for returnees?", "asked": "2026-12-04",
         "asked_by": "admin", "sent": ["2026-12-05"]}]}), "utf-8")
    moved = OfficeQuestions(ctx).all()
    assert [(q.id, q.sent) for q in moved] == [("Q-GN-ABCDEF", ["2026-12-05"])]
    assert not path.exists()
    assert [q.id for q in OfficeQuestions(ctx).all()] == ["Q-GN-ABCDEF"]  # once


def test_the_problem_of_a_question_is_said_without_recording_it():
    """What ``ask`` would refuse, in the interface language, without a database (the
    questions dialog says it again after a change of language)."""
    from counsel_app.i18n import set_interface_language, translator
    from counsel_app.services.office_questions import question_problem

    case = Case(person=Person(name_latin="Karim Hassan"), return_country="IQ")
    assert question_problem("IQ", "health", QUESTION, region="IQ-BA", case=case) == ""
    refused = ("The question seems to contain personal data ({what}); ask it without "
               "anything that identifies the person.")
    text = "Karim needs dialysis in Basra; is it free?"
    assert question_problem("IQ", "health", text, case=case) == refused.format(
        what="the person's name")
    assert question_problem("IQ", "health", QUESTION, region="IQ-ZZ") == (
        "“IQ-ZZ” is not a region of IQ.")
    fr = translator("fr")
    try:
        set_interface_language("fr")
        assert question_problem("IQ", "health", text, case=case) == fr(refused).format(
            what=fr("the person's name"))
    finally:
        set_interface_language("en")


def test_send_questions_counts_one_question_in_the_singular(tmp_path, capsys, monkeypatch):
    """``packs send-questions`` with one open question: "Sealed 1 question …", in Spanish
    "1 pregunta sellada …", never "question(s)"."""
    station, _office = pair(tmp_path)
    ask(station.ctx, "IQ", "health", QUESTION, region="IQ-BA")
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    db = ["--db", f"sqlite:///{station.folder / 'counsel.sqlite'}"]
    package = tmp_path / "questions.pkg"
    assert main([*db, "packs", "send-questions", "--to", "Conakry reintegration office",
                 "--out", str(package)]) == 0
    assert capsys.readouterr().out.strip() == \
        f"Sealed 1 question for the office in {package}."
    assert main([*db, "--lang", "es", "packs", "send-questions", "--to",
                 "Conakry reintegration office", "--out", str(package)]) == 0
    assert capsys.readouterr().out.strip() == \
        f"1 pregunta sellada para la oficina en {package}."


def test_the_questions_list_writes_days_and_lists_as_the_interface_language_does(
        station_db, capsys):
    """``packs questions``: the day asked and each day sent in the medium form ("Dec 1,
    2026", "1 déc. 2026"), not ISO, one after the other with the language's semicolon (a day
    holds a comma); answering keys with the list separator, as typed back."""
    from types import SimpleNamespace

    from counsel_app.commands.packs_questions import question_line
    from counsel_app.i18n import set_interface_language

    url, ctx = station_db
    store = OfficeQuestions(ctx)
    question = store.add("IQ", "documents", "Where does a returnee replace a lost national ID "
                         "card in Basra?", region="IQ-BA", today=datetime.date(2026, 11, 30))
    store.mark_sent([question.id], datetime.date(2026, 12, 1))
    store.mark_sent([question.id], datetime.date(2026, 12, 15))
    assert main(["--db", url, "packs", "questions"]) == 0
    out = capsys.readouterr().out
    assert (f"{question.id}  IQ IQ-BA  documents  Nov 30, 2026  "
            "[sent Dec 1, 2026; Dec 15, 2026]") in out.splitlines(), out
    assert main(["--db", url, "--lang", "fr", "packs", "questions"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ").replace("\u202f", " ")
    assert (f"{question.id}  IQ IQ-BA  documents  30 nov. 2026  "
            "[envoyée le 1 déc. 2026 ; 15 déc. 2026]") in out.splitlines(), out
    answered = SimpleNamespace(question=store.all()[0], answered=True,
                               answers=("desk-iq:answer.a", "desk-iq:answer.b"))
    try:
        set_interface_language("en")
        assert question_line(answered).endswith(
            "Nov 30, 2026  [answered: desk-iq:answer.a, desk-iq:answer.b]")
        set_interface_language("fr")
        assert question_line(answered).replace("\u00a0", " ").replace("\u202f", " ").endswith(
            "30 nov. 2026  [répondue : desk-iq:answer.a, desk-iq:answer.b]")
    finally:
        set_interface_language("en")
