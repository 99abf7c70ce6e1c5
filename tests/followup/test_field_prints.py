"""Printing for the field: a visit record says what was recorded (the answers with their
indicators' wording, the scores over what was answered, the note as written) and the blank
questionnaire lists the 15 indicators, the plan's actions and the referrals with boxes to
tick; both carry the reference, its check number and the QR code, never the name; the
document language is used where the catalog has the strings and English is marked where
not; printing is audited and needs the permission; the command line does the same."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counsel_app.documents.visit_sheet import (
    ANCHORS,
    INDICATOR_LABELS,
    QUESTIONNAIRE_TITLE,
    RECORD_TITLE,
    render_questionnaire,
)
from counsel_app.domain.reference import check_number
from counsel_app.errors import ValidationError
from counsel_app.followup import rss
from counsel_app.followup.prints import print_questionnaire, print_visit, sheet_data
from counsel_app.followup.service import FollowupService
from counsel_app.i18n import document_translator
from counsel_app.security.models import AuditEvent
from tests.documents.test_extracted_text import logical, pdftotext
from tests.followup.test_office_work import received  # noqa: F401 - fixture

PARTIAL = {"income": 4, "work": 2, "debt": 3, "food": 5, "safety": 1}


def test_the_document_labels_are_the_surveys_indicators():
    assert list(INDICATOR_LABELS) == rss.indicator_keys()
    assert [INDICATOR_LABELS[i.key] for i in rss.INDICATORS] == [i.label for i in rss.INDICATORS]


@pytest.fixture
def visited(received):  # noqa: F811
    sender, office, case, local = received
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=40)
    follow.record_arrival(local, arrival, True)
    visit = follow.record_visit(local, PARTIAL, arrival + timedelta(days=30), "phone",
                                "the person and her brother", "Workshop rented in Matoto.")
    return office, local, visit


def test_a_visit_record_in_french_says_what_was_recorded(visited, tmp_path):
    office, local, visit = visited
    pdf = print_visit(office.ctx, local, visit.uid, "fr", out=tmp_path / "v.pdf")
    assert (tmp_path / "v.pdf").read_bytes() == pdf
    text = pdftotext(pdf, tmp_path, "record-fr")
    t = document_translator("fr")
    for msgid in (RECORD_TITLE, INDICATOR_LABELS["food"], ANCHORS[5], "Phone call",
                  "not asked", "not enough answers"):
        assert t.has(msgid), msgid
        assert logical(t.gettext(msgid)) in text, msgid
    assert local in text and f"{check_number(local):02d}" in text
    assert "Workshop rented in Matoto." in text  # the note as written, not translated
    assert "the person and her brother" in text
    answered = t.gettext("Answered: {answered} of {total} indicators.")
    assert logical(answered.format(answered="5", total="15")) in text
    assert "[EN]" not in text
    # nothing names the person
    case = office.ctx.cases.get_by_reference(local)
    for name in (case.person.name_latin, case.person.name_native):
        if name:
            assert name not in text


def test_the_blank_questionnaire_lists_indicators_actions_and_referrals(visited, tmp_path):
    office, local, _visit = visited
    sheet = sheet_data(office.ctx, local)
    assert sheet.visit is None and sheet.actions
    text = pdftotext(print_questionnaire(office.ctx, local, "en"), tmp_path, "q-en")
    assert logical(QUESTIONNAIRE_TITLE) in text
    for label in INDICATOR_LABELS.values():
        assert logical(label) in text
    for anchor in ANCHORS.values():
        assert anchor in text
    for action in sheet.actions:
        assert logical(action.text)[:30] in text
    assert local in text and f"{check_number(local):02d}" in text


def test_the_questionnaire_in_arabic_reads_back_in_logical_order(visited, tmp_path):
    office, local, _visit = visited
    text = pdftotext(print_questionnaire(office.ctx, local, "ar"), tmp_path, "q-ar")
    t = document_translator("ar")
    for msgid in (QUESTIONNAIRE_TITLE, INDICATOR_LABELS["wellbeing"], "Home visit"):
        assert t.has(msgid), msgid
        assert logical(t.gettext(msgid)) in text, msgid
    assert local in text


def test_a_language_without_the_strings_marks_them_in_english(visited, tmp_path):
    office, local, visit = visited
    sheet = sheet_data(office.ctx, local, visit.uid)
    lang = next(code for code in ("ti", "am", "so", "hy", "ka")
                if not document_translator(code).has(QUESTIONNAIRE_TITLE))
    text = pdftotext(render_questionnaire(sheet, lang), tmp_path, f"q-{lang}")
    assert "[EN] " + QUESTIONNAIRE_TITLE in text


def test_printing_is_audited_and_refused_without_a_visit(visited):
    office, local, visit = visited
    print_visit(office.ctx, local, visit.uid, "es")
    with office.ctx.db.read_session() as s:
        details = s.scalars(select(AuditEvent.detail).where(
            AuditEvent.reference == local, AuditEvent.action == "print")).all()
    assert "visit record es" in details
    with pytest.raises(ValidationError, match="no visit"):
        print_visit(office.ctx, local, "nope", "fr")
    with pytest.raises(ValidationError, match="cannot be printed"):
        print_questionnaire(office.ctx, local, "xx")


def test_the_command_line_prints_the_visit_and_the_questionnaire(visited, tmp_path, capsys,
                                                                  monkeypatch):
    from tests.handover.test_cli_keys import run

    office, local, visit = visited
    out = tmp_path / "visit.pdf"
    code, text, err = run(capsys, monkeypatch, office, "followup", "print-visit", local,
                          visit.uid, "--lang", "ar", "--out", str(out))
    assert code == 0, err
    t = document_translator("ar")
    assert logical(t.gettext(RECORD_TITLE)) in pdftotext(out.read_bytes(), tmp_path, "cli-v")
    out = tmp_path / "q.pdf"
    code, text, err = run(capsys, monkeypatch, office, "followup", "print-questionnaire", local,
                          "--lang", "fr", "--out", str(out))
    assert code == 0, err
    assert "Questionnaire de visite de suivi" in pdftotext(out.read_bytes(), tmp_path, "cli-q")
    code, text, err = run(capsys, monkeypatch, office, "followup", "print-questionnaire", local,
                          "--lang", "xx", "--out", str(tmp_path / "x.pdf"))
    assert code != 0 and "xx" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
    code, text, err = run(capsys, monkeypatch, office, "followup", "print-visit", local,
                          "nope", "--lang", "fr", "--out", str(tmp_path / "y.pdf"))
    assert code != 0 and "nope" in err and not (tmp_path / "y.pdf").exists()
