"""Visits filled on phones come back: a KoboToolbox export (";" CSV, group paths with "/")
and an ODK Central export (.xlsx, groups joined with "-") of the app's own XLSForm import
into the right case, matched by reference and check number; a second import records
nothing new; mistyped references and out-of-range answers are refused row by row."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from counsel_app.cli import main
from counsel_app.domain.reference import check_number
from counsel_app.followup.service import FollowupService
from counsel_app.followup.submissions import read_submissions, record_submissions
from tests.handover.helpers import handed_over

DEPARTURE = date.today() - timedelta(days=120)


@pytest.fixture
def office_case(tmp_path):
    _sender, office, _case, local = handed_over(tmp_path, contact=True, departure=DEPARTURE)
    FollowupService(office.ctx).record_arrival(local, DEPARTURE + timedelta(days=1), True)
    return office, local


def kobo_csv(path, rows):
    header = ["start", "end", "reference", "check", "visit_date", "visit_type",
              "people_present", "scores/dim_economic/income", "scores/dim_economic/food",
              "scores/dim_psychosocial/wellbeing", "note", "_id", "_uuid", "_submission_time"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for number, row in enumerate(rows, start=1):
            writer.writerow(["", "", row["reference"], row["check"], row["date"], row["type"],
                             "the returnee", row["income"], row["food"], row["wellbeing"],
                             row.get("note", ""), number, f"uuid-{number:04d}", ""])


def test_a_kobo_export_records_visits_once_and_refuses_bad_rows(office_case, tmp_path):
    office, local = office_case
    good_day = DEPARTURE + timedelta(days=40)
    rows = [
        {"reference": local, "check": check_number(local), "date": good_day.isoformat(),
         "type": "home", "income": 4, "food": 3, "wellbeing": 4, "note": "shop open"},
        {"reference": local, "check": (check_number(local) + 1) % 100,  # mistyped
         "date": (good_day + timedelta(days=1)).isoformat(), "type": "phone",
         "income": 2, "food": 2, "wellbeing": 2},
        {"reference": local, "check": check_number(local),
         "date": (good_day + timedelta(days=2)).isoformat(), "type": "phone",
         "income": 7, "food": 2, "wellbeing": 2},  # out of range
    ]
    export = tmp_path / "kobo.csv"
    kobo_csv(export, rows)
    report = read_submissions(export)
    assert [s.row for s in report.good] == [2]
    problems = dict(report.problems)
    assert "does not belong to" in problems[3] and "not 1 to 5" in problems[4]
    record_submissions(office.ctx, report)
    assert [s.row for s in report.recorded] == [2]
    summary = FollowupService(office.ctx).summary(local)
    visit = summary.latest
    assert visit.visit_date == good_day and visit.scores == {"income": 4, "food": 3,
                                                            "wellbeing": 4}
    assert visit.note == "shop open" and visit.visit_type == "home"
    again = record_submissions(office.ctx, read_submissions(export))
    assert again.recorded == [] and [s.row for s in again.already] == [2]
    assert len(FollowupService(office.ctx).summary(local).visits) == len(summary.visits)


def test_an_odk_central_xlsx_export_and_the_command(office_case, tmp_path, capsys, monkeypatch):
    from tests.conftest import TEST_PASSWORD

    office, local = office_case
    book = Workbook()
    sheet = book.active
    sheet.append(["SubmissionDate", "reference", "check", "visit_date", "visit_type",
                  "scores-dim_social-housing", "scores-dim_social-health", "note",
                  "meta-instanceID", "KEY"])
    day = DEPARTURE + timedelta(days=60)
    sheet.append(["", local, check_number(local), day, "office", 3, 4, "", "uuid:abc", "uuid:abc"])
    sheet.append(["", "AVRR-20X6-1", 1, day, "office", 3, 4, "", "uuid:def", "uuid:def"])
    export = tmp_path / "central.xlsx"
    book.save(export)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    url = str(office.ctx.db.url)
    assert main(["--db", url, "followup", "import-submissions", str(export), "--dry-run"]) == 1
    out, err = capsys.readouterr()
    assert "row 2:" in out and "nothing was recorded" in out
    # one of each: in the singular ("1 visit", "1 row"), never "1 visits"
    assert ": 1 visit can be recorded, 1 row has a problem; nothing was recorded (dry run).\n" \
        in out, out
    assert "row 3: not recorded" in err and "is not a case reference" in err
    assert FollowupService(office.ctx).summary(local).latest is None
    assert main(["--db", url, "followup", "import-submissions", str(export)]) == 1
    out, err = capsys.readouterr()
    assert "central.xlsx: 1 visit recorded, 0 recorded before, 1 row not recorded.\n" in out, out
    assert FollowupService(office.ctx).summary(local).latest.scores == {"housing": 3, "health": 4}


def test_a_file_that_is_not_an_export_is_one_sentence(tmp_path):
    from counsel_app.errors import UserError

    other = tmp_path / "x.csv"
    other.write_text("name,phone\nA,1\n", encoding="utf-8")
    with pytest.raises(UserError, match="not an export of the follow-up form"):
        read_submissions(other)
    with pytest.raises(UserError, match="There is no file"):
        read_submissions(tmp_path / "missing.csv")


def test_the_desktop_reads_an_export_shows_it_then_records(office_case, tmp_path, qtbot,
                                                           monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from counsel_app.ui.field_followup import FieldFollowupDialog

    office, local = office_case
    day = DEPARTURE + timedelta(days=70)
    export = tmp_path / "kobo.csv"
    kobo_csv(export, [{"reference": local, "check": check_number(local), "date": day.isoformat(),
                       "type": "phone", "income": 3, "food": 3, "wellbeing": 3}])
    dialog = FieldFollowupDialog(office.ctx)
    qtbot.addWidget(dialog)
    form = tmp_path / "form.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(form), "")))
    dialog.save_form.click()
    assert form.exists() and "languages: en, fr, es, ar" in dialog.status.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(export), "")))
    dialog.read.click()
    assert dialog.status.text() == "kobo.csv: 1 visit can be recorded, 0 rows have a problem."
    assert FollowupService(office.ctx).summary(local).latest is None  # shown, not recorded
    assert dialog.record.isEnabled()
    dialog.record.click()
    assert dialog.status.text() == ("kobo.csv: 1 visit recorded, 0 recorded before, "
                                    "0 rows not recorded.")
    assert not dialog.record.isEnabled()
    assert FollowupService(office.ctx).summary(local).latest.visit_date == day


def test_visits_from_the_phones_leave_the_office_forms_draft_as_typed(office_case, tmp_path,
                                                                      qtbot, monkeypatch):
    """The caseworker began a visit in the office's survey form; a colleague records the
    phones' answers meanwhile: the visit typed in the form is still there, as typed."""
    from PySide6.QtWidgets import QFileDialog

    from counsel_app.ui.field_followup import FieldFollowupDialog
    from counsel_app.ui.office.visit_form import VisitForm

    office, local = office_case
    form = VisitForm(office.ctx, local)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.people, "her brother")
    qtbot.keyClicks(form.note, "the shop is open again")
    form.scores["housing"].setCurrentIndex(form.scores["housing"].findData(4))
    qtbot.waitUntil(lambda: not form.autosave.isActive(), timeout=3000)  # autosaved
    form.close()
    export = tmp_path / "kobo.csv"
    kobo_csv(export, [{"reference": local, "check": check_number(local),
                       "date": (DEPARTURE + timedelta(days=70)).isoformat(), "type": "phone",
                       "income": 3, "food": 3, "wellbeing": 3}])
    dialog = FieldFollowupDialog(office.ctx)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(export), "")))
    dialog.read.click()
    dialog.record.click()
    assert "1 visit recorded," in dialog.status.text()
    again = VisitForm(office.ctx, local)  # the case opened again in the office
    qtbot.addWidget(again)
    assert again.people.text() == "her brother"
    assert again.note.toPlainText() == "the shop is open again"
    assert again.values() == {"housing": 4}


def _referrals(office, local, count):
    from counsel_app.partners.referrals import ReferralService
    from counsel_app.partners.service import PartnerDirectory

    directory = PartnerDirectory(office.ctx.db)
    directory.import_sample_set()
    partner = directory.search(limit=1)[0]
    case = office.ctx.cases.get_by_reference(local)
    service = ReferralService(office.ctx)
    for n in range(count):
        service.add(case, partner, f"service {n + 1}")
    return case, service


def test_actions_and_referrals_from_the_repeat_sheets_of_a_kobo_xlsx(office_case, tmp_path):
    office, local = office_case
    case, referrals = _referrals(office, local, 2)
    actions = FollowupService(office.ctx).plan_actions(case)
    assert len(actions) >= 1
    day = DEPARTURE + timedelta(days=50)
    book = Workbook()
    main_sheet = book.active
    main_sheet.title = "Reintegration follow-up visit"
    main_sheet.append(["reference", "check", "visit_date", "visit_type",
                       "scores/dim_economic/income", "_id", "_uuid", "_index"])
    main_sheet.append([local, check_number(local), day.isoformat(), "home", 4, 7, "u-1", 1])
    sheet = book.create_sheet("actions")
    sheet.append(["action_key", "action_status", "action_note", "_index", "_parent_table_name",
                  "_parent_index", "_submission__id", "_submission__uuid"])
    sheet.append([1, "done", "machine bought", 1, "x", 1, 7, "u-1"])
    sheet.append([99, "done", "", 2, "x", 1, 7, "u-1"])  # no such action
    sheet = book.create_sheet("referrals")
    sheet.append(["referral_key", "referral_status", "_parent_index", "_submission__uuid"])
    sheet.append([1, "received", 1, "u-1"])  # planned -> sent -> accepted -> done
    sheet.append([2, "sent", 1, "u-1"])
    sheet.append([3, "sent", 1, "u-1"])  # no such referral
    export = tmp_path / "kobo.xlsx"
    book.save(export)

    report = read_submissions(export)
    [item] = report.good
    assert len(item.actions) == 2 and len(item.referrals) == 3
    record_submissions(office.ctx, report)
    assert [s.row for s in report.recorded] == [2]
    problems = [p for _row, p in report.problems]
    assert any("actions sheet, row 3" in p and "has no action 99" in p for p in problems)
    assert any("referrals sheet, row 4" in p and "has no referral 3" in p for p in problems)
    summary = FollowupService(office.ctx).summary(local)
    first = next(a for a in summary.actions if a.key == actions[0][0])
    assert (first.status, first.note) == ("done", "machine bought")
    one, two = referrals.list(case)
    assert (one.state, one.outcome, one.done_on) == ("done", "received", day.isoformat())
    assert two.state == "sent"
    # a second import records nothing new, actions and referrals included
    again = record_submissions(office.ctx, read_submissions(export))
    assert again.recorded == [] and len(again.already) == 1
    assert [r.state for r in referrals.list(case)] == ["done", "sent"]


def test_odk_central_csv_with_its_repeat_files_beside_it(office_case, tmp_path):
    office, local = office_case
    case, referrals = _referrals(office, local, 1)
    day = DEPARTURE + timedelta(days=55)
    main_csv = tmp_path / "counsel_app_followup.csv"
    with main_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["SubmissionDate", "reference", "check", "visit_date", "visit_type",
                         "scores-dim_social-housing", "meta-instanceID", "KEY"])
        writer.writerow(["", local, check_number(local), day.isoformat(), "phone", 3,
                         "uuid:aaa", "uuid:aaa"])
    with (tmp_path / "counsel_app_followup-referrals.csv").open(
            "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["referral_key", "referral_status", "PARENT_KEY", "KEY"])
        writer.writerow(["1", "no_capacity", "uuid:aaa", "uuid:aaa/referrals[1]"])
        writer.writerow(["1", "party", "uuid:aaa", "uuid:aaa/referrals[2]"])  # not a status
    report = read_submissions(main_csv)
    assert any("referrals sheet, row 3" in p and "“party” is not one of" in p
               for _r, p in report.problems)
    record_submissions(office.ctx, report)
    [referral] = referrals.list(case)
    assert (referral.state, referral.outcome) == ("rejected", "no_capacity")


def test_a_repeat_sheet_that_names_no_submission_is_refused(tmp_path):
    from counsel_app.errors import UserError

    book = Workbook()
    book.active.append(["reference", "check", "visit_date", "_uuid"])
    book.active.append(["AVRR-2026-000001", 1, "2026-01-01", "u"])
    book.create_sheet("actions").append(["action_key", "action_status"])
    export = tmp_path / "x.xlsx"
    book.save(export)
    with pytest.raises(UserError, match="actions sheet has no column that links"):
        read_submissions(export)


def test_a_rows_preview_says_its_day_and_kind_of_visit_as_the_screens_do():
    from datetime import date

    from counsel_app.followup.submissions import Submission, preview_line
    from counsel_app.i18n import set_interface_language

    row = Submission(row=2, submission_id="x", reference="AVRR-2026-000001",
                     visit_date=date(2026, 12, 3), visit_type="home",
                     scores={"income": 3, "food": 2})
    assert preview_line(row) == ("row 2: AVRR-2026-000001, visit on Dec 3, 2026 (Home visit), "
                                 "2 answers")
    set_interface_language("fr")
    assert "3 déc. 2026" in preview_line(row) and "2026-12-03" not in preview_line(row)
    assert "home" not in preview_line(row)


def test_a_rows_preview_counts_one_answer_in_the_singular():
    """One answer is "1 answer", not "1 answers"; the count written as the language writes
    numbers."""
    from datetime import date

    from counsel_app.followup.submissions import Submission, preview_line
    from counsel_app.i18n import set_interface_language

    row = Submission(row=2, submission_id="x", reference="AVRR-2026-000001",
                     visit_date=date(2026, 12, 3), visit_type="home", scores={"income": 3})
    assert preview_line(row).endswith("(Home visit), 1 answer")
    set_interface_language("fr")
    assert preview_line(row).endswith("(Visite à domicile), 1 réponse"), preview_line(row)
    row.scores.update(food=2)
    assert preview_line(row).endswith("2 réponses"), preview_line(row)


def test_the_counts_of_an_import_follow_the_interface_language():
    """The summaries of a check and of a recording: each count in its singular or plural, in
    the interface language."""
    from datetime import date

    from counsel_app.followup.submissions import (
        Submission,
        SubmissionsReport,
        check_summary,
        record_summary,
    )
    from counsel_app.i18n import set_interface_language

    one = Submission(row=2, submission_id="x", reference="AVRR-2026-000001",
                     visit_date=date(2026, 12, 3), visit_type="home", scores={"income": 3})
    report = SubmissionsReport("kobo.csv", good=[one], problems=[(3, "no"), (4, "no")])
    report.recorded.append(one)
    set_interface_language("fr")
    assert check_summary(report) == ("kobo.csv : 1 visite peut être enregistrée, "
                                     "2 lignes ont un problème."), check_summary(report)
    assert record_summary(report) == ("kobo.csv : 1 visite enregistrée, 0 déjà enregistrée, "
                                      "2 lignes non enregistrées."), record_summary(report)


def test_a_note_typed_on_a_phone_claims_no_language_on_the_persons_copy(office_case,
                                                                          tmp_path):
    """The survey file does not say in which language the fieldworker typed: the person's
    copy printed the note as "written in" the language of the screen the file was imported
    from (or printed from). Now it names none."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.security.subject_access import write_subject_access
    from tests.documents.helpers import poppler_text

    office, local = office_case
    export = tmp_path / "kobo.csv"
    kobo_csv(export, [{"reference": local, "check": check_number(local),
                       "date": (DEPARTURE + timedelta(days=40)).isoformat(), "type": "phone",
                       "income": 4, "food": 3, "wellbeing": 4, "note": "Ça va mieux."}])
    set_interface_language("fr")
    try:
        record_submissions(office.ctx, read_submissions(export))
    finally:
        set_interface_language("en")
    case = office.ctx.cases.get_by_reference(local)
    for lang in ("en", "fr"):
        out = write_subject_access(office.ctx, case.id, tmp_path / f"copy-{lang}.pdf",
                                   lang=lang)
        text = poppler_text(out.read_bytes(), tmp_path)
        assert "Ça va mieux." in text and "Ça va mieux. (" not in text, lang
