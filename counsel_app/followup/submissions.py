"""Visits filled on phones come back: the export of the follow-up XLSForm from KoboToolbox or
ODK Central (CSV or .xlsx) read into visits, checked row by row (Qt-free).

Both layouts are read: KoboToolbox names a column by its question's path with "/" (or only
the question's name) and its submission ``_uuid``; ODK Central joins group names with "-"
and keys a submission by ``meta-instanceID`` (or ``KEY``). A row is matched to a case by the
reference *and* its check number (:func:`counsel_app.domain.reference.check_number`), never
by a name. What cannot be recorded is said per row, with the row's number and the field; a
submission already recorded (its id is kept as the visit's id) is skipped, so a second
import of the same file records nothing new.

    report = read_submissions(path)            # what the file holds, problems per row
    result = record_submissions(ctx, report)   # the good rows as visits
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from counsel_app.domain.reference import check_number, is_reference
from counsel_app.errors import UserError
from counsel_app.followup.rss import INDICATORS, SCALE
from counsel_app.followup.service import VISIT_TYPES
from counsel_app.i18n import _

ID_COLUMNS = ("_uuid", "meta/instanceID", "meta-instanceID", "instanceID", "KEY")
FIELDS = ("reference", "check", "visit_date", "visit_type", "people_present", "note")
INDICATOR_KEYS = tuple(i.key for i in INDICATORS)
MAX_ROWS = 20_000


@dataclass
class Submission:
    row: int                      # row number in the file (the header is row 1)
    submission_id: str
    reference: str
    visit_date: date
    visit_type: str
    scores: dict[str, int]
    people: str = ""
    note: str = ""

    @property
    def visit_uid(self) -> str:
        """The visit's id: the same submission always gives the same id."""
        return hashlib.sha256(self.submission_id.encode("utf-8")).hexdigest()[:32]


@dataclass
class SubmissionsReport:
    file_name: str
    good: list[Submission] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, sentence)
    recorded: list[Submission] = field(default_factory=list)
    already: list[Submission] = field(default_factory=list)


def _column_key(header: str) -> str | None:
    """The question a column answers, whatever the platform's layout."""
    text = (header or "").strip()
    if text in ID_COLUMNS:
        return "id"
    last = re.split(r"[/]", text)[-1]
    if last in FIELDS or last in INDICATOR_KEYS:
        return last
    dashed = text.split("-")[-1]  # ODK Central: scores-dim_economic-income
    if dashed in FIELDS or dashed in INDICATOR_KEYS:
        return dashed
    return None


def _rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any damage in the file is one sentence
            raise UserError(_("{name} is not a readable .xlsx file ({reason}).").format(
                name=path.name, reason=type(exc).__name__)) from None
        sheet = book.worksheets[0]  # the submissions; repeats are on sheets of their own
        return [["" if v is None else (v.isoformat()[:10] if isinstance(v, date) else str(v))
                 for v in row] for row in sheet.iter_rows(values_only=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("{name} is not UTF-8 text: export it again as CSV (UTF-8).").format(
            name=path.name)) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","  # KoboToolbox: ";"
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_submissions(path: str | Path) -> SubmissionsReport:
    """Read and check every row of an export; nothing is recorded."""
    path = Path(path)
    if not path.is_file():
        raise UserError(_("There is no file {path}.").format(path=path))
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(_("{name}: submissions are read from a .csv or .xlsx export.").format(
            name=path.name))
    rows = _rows(path)
    report = SubmissionsReport(path.name)
    if not rows:
        raise UserError(_("{name} is empty.").format(name=path.name))
    if len(rows) > MAX_ROWS + 1:
        raise UserError(_("{name} has more than {n} rows: split the export.").format(
            name=path.name, n=MAX_ROWS))
    columns = {index: _column_key(h) for index, h in enumerate(rows[0])}
    found = set(columns.values())
    missing = [k for k in ("id", "reference", "check", "visit_date") if k not in found]
    if missing:
        raise UserError(_("{name} is not an export of the follow-up form: no column for "
                          "{columns}.").format(name=path.name, columns=", ".join(missing)))
    seen: set[str] = set()
    for number, raw in enumerate(rows[1:], start=2):
        values: dict[str, str] = {}
        for index, value in enumerate(raw):
            key = columns.get(index)
            if key and str(value).strip():
                values[key] = str(value).strip()
        if not values:
            continue
        try:
            item = _submission(number, values)
        except ValueError as exc:
            report.problems.append((number, str(exc)))
            continue
        if item.submission_id in seen:
            report.problems.append((number, _("the same submission appears twice in the file.")))
            continue
        seen.add(item.submission_id)
        report.good.append(item)
    return report


def _submission(number: int, values: dict[str, str]) -> Submission:
    submission_id = values.get("id", "")
    if not submission_id:
        raise ValueError(_("no submission id."))
    reference = values.get("reference", "").upper()
    if not is_reference(reference):
        raise ValueError(_("“{text}” is not a case reference.").format(
            text=values.get("reference", "")))
    try:
        check = int(float(values.get("check", "")))
    except ValueError:
        raise ValueError(_("the check number “{text}” is not a number.").format(
            text=values.get("check", ""))) from None
    if check != check_number(reference):
        raise ValueError(_("the check number {check} does not belong to {reference}: the "
                           "reference was probably mistyped.").format(
            check=check, reference=reference))
    try:
        visit_date = date.fromisoformat(values.get("visit_date", "")[:10])
    except ValueError:
        raise ValueError(_("“{text}” is not a visit date.").format(
            text=values.get("visit_date", ""))) from None
    visit_type = values.get("visit_type", "home")
    if visit_type not in VISIT_TYPES:
        raise ValueError(_("“{text}” is not a visit type ({choices}).").format(
            text=visit_type, choices=", ".join(VISIT_TYPES)))
    low, high = SCALE
    scores: dict[str, int] = {}
    for key in INDICATOR_KEYS:
        if key not in values:
            continue
        try:
            score = int(float(values[key]))
        except ValueError:
            score = 0
        if not low <= score <= high:
            raise ValueError(_("the answer “{text}” for {indicator} is not {low} to {high}.")
                             .format(text=values[key], indicator=key, low=low, high=high))
        scores[key] = score
    if not scores:
        raise ValueError(_("no survey answer."))
    return Submission(number, submission_id, reference, visit_date, visit_type, scores,
                      values.get("people_present", ""), values.get("note", ""))


def record_submissions(ctx, report: SubmissionsReport) -> SubmissionsReport:
    """Record the good rows as visits (each its own change, with its audit event); a row the
    visit rules refuse (unknown case, no arrival yet, a visit that day) joins the problems;
    a submission recorded before is counted as such and left alone."""
    from sqlalchemy import select

    from counsel_app.followup.models import FollowupVisitRow
    from counsel_app.followup.service import FollowupService

    service = FollowupService(ctx)
    for item in report.good:
        with ctx.db.session() as session:
            known = session.scalar(select(FollowupVisitRow.id).where(
                FollowupVisitRow.uid == item.visit_uid))
        if known is not None:
            report.already.append(item)
            continue
        try:
            service.record_visit(item.reference, item.scores, item.visit_date,
                                 visit_type=item.visit_type, people=item.people,
                                 note=item.note, uid=item.visit_uid)
        except UserError as exc:
            report.problems.append((item.row, str(exc)))
            continue
        report.recorded.append(item)
    report.problems.sort()
    return report


def describe(item: Submission) -> dict[str, Any]:
    """One row of the preview (no personal data: reference, date, type, answers)."""
    return {"row": item.row, "reference": item.reference, "date": item.visit_date.isoformat(),
            "type": item.visit_type, "answers": len(item.scores)}
