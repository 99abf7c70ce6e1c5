"""Questions the library cannot answer: recorded without personal data, sealed to the office
with the handover channel's keys, answered in a signed pack, shown as answered."""

from __future__ import annotations

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
from country_info.questions import QuestionStore
from country_info.signing import trust_key_file
from tests.handover.helpers import make_station, pair

QUESTION = "Is dialysis free at the public hospital in Basra?"


def test_a_question_travels_sealed_and_comes_back_answered(tmp_path):
    station, office = pair(tmp_path)
    store = QuestionStore(tmp_path / "questions.json")
    library = Library(user_dir=tmp_path / "packs", index_path=":memory:")
    case = station.ctx.cases.create(Case(person=Person(name_latin="Karim Hassan"), return_country="IQ",
                                         counsellor=station.ctx.user))
    # personal data is refused, nothing is recorded
    for text, what in (("Karim needs dialysis in Basra; is it free?", "the person's name"),
                       ("Can the clinic call +964 770 123 4567 back?", "a phone number"),
                       ("Born 12/03/1990: is she entitled to a pension?", "a date")):
        with pytest.raises(PackError, match="personal data") as refused:
            ask(station.ctx, store, "IQ", "health", text, case=case)
        assert what in str(refused.value)
    assert store.all() == []
    question = ask(station.ctx, store, "IQ", "health", QUESTION, region="IQ-BA", case=case)
    assert question.id.startswith("Q-IQ-")

    # sealed to the office: only the office can read it
    package = tmp_path / "questions.pkg"
    sent = send(station.ctx, store, "Conakry reintegration office", package, library=library)
    assert [q.id for q in sent] == [question.id]
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


def test_the_command_line_refuses_personal_data_and_lists_per_country(capsys):
    assert main(["packs", "ask", "IQ", "--topic", "documents", "--text",
                 "Mrs Hassan lost her ID card: where does she get a new one?"]) == 1
    assert "personal data (a name)" in capsys.readouterr().err
    assert main(["packs", "ask", "IQ", "--topic", "documents", "--region", "IQ-BA", "--text",
                 "Where does a returnee replace a lost national ID card in Basra?"]) == 0
    assert main(["packs", "ask", "GN", "--topic", "housing", "--text",
                 "Is there a housing allowance for returnees in Conakry?"]) == 0
    capsys.readouterr()
    assert main(["packs", "questions", "--country", "IQ", "--open"]) == 0
    out = capsys.readouterr().out
    assert "IQ IQ-BA  documents" in out and "[not sent yet]" in out and "Conakry" not in out
