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

Plan actions and referrals talked about are repeats: KoboToolbox's .xlsx export puts each
repeat on a sheet of its own (``actions``, ``referrals``) whose rows name their submission
by ``_submission__uuid`` or ``_parent_index``; ODK Central's export has one CSV per repeat
beside the main one (``FORM-actions.csv``, ``FORM-referrals.csv``) linked by
``PARENT_KEY``. KoboToolbox's CSV export carries no repeats: use its .xlsx export for them.
An action or a referral is named by its number on the visit sheet (its place in the case's
list, from 1); it is recorded with the visit (never when the visit was recorded before).
A referral reported done or refused goes through the steps it skipped, dated the visit day.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from counsel_app.domain.reference import check_number, is_reference
from counsel_app.errors import UserError
from counsel_app.followup.rss import INDICATORS, SCALE
from counsel_app.followup.service import VISIT_TYPES
from counsel_app.i18n import _, ngettext

ID_COLUMNS = ("_uuid", "meta/instanceID", "meta-instanceID", "instanceID", "KEY")
FIELDS = ("reference", "check", "visit_date", "visit_type", "people_present", "note")
#: the repeats: name -> their questions
REPEATS = {"actions": ("action_key", "action_status", "action_note"),
           "referrals": ("referral_key", "referral_status")}
#: a repeat row's link to its submission: by the submission's id, or by its row index
PARENT_ID_COLUMNS = ("_submission__uuid", "PARENT_KEY")
PARENT_INDEX_COLUMNS = ("_parent_index",)
INDICATOR_KEYS = tuple(i.key for i in INDICATORS)
MAX_ROWS = 20_000
#: the language of the notes typed on a phone: not known. The form shows its questions in
#: several languages and the export does not say which one the fieldworker read, nor in
#: which they typed, so no "written in" mark is printed for them; a note the import leaves
#: as it was keeps the language stored with it
TYPED_IN = ""


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
    #: (where, action number, status, note) of the plan actions talked about
    actions: list[tuple[str, int, str, str]] = field(default_factory=list)
    #: (where, referral number, reported status: sent, accepted or an outcome)
    referrals: list[tuple[str, int, str]] = field(default_factory=list)

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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheets(path: Path) -> dict[str, list[list[str]]]:
    """The submissions (key ``""``) and the repeats found (keys of :data:`REPEATS`)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            found = {"": [[_cell(v) for v in row]
                          for row in book.worksheets[0].iter_rows(values_only=True)]}
            for sheet in book.worksheets[1:]:
                repeat = _repeat_of(sheet.title)
                if repeat and repeat not in found:
                    found[repeat] = [[_cell(v) for v in row]
                                     for row in sheet.iter_rows(values_only=True)]
        except UserError:
            raise
        except Exception:  # noqa: BLE001 - any damage in the file is one sentence
            raise UserError(_("{name} cannot be read as an .xlsx workbook: it is damaged or "
                              "not a workbook; export it again.").format(name=path.name)) from None
        return found
    found = {"": _csv_rows(path, data)}
    for repeat in REPEATS:  # ODK Central: FORM.csv beside FORM-actions.csv
        sibling = path.with_name(f"{path.stem}-{repeat}{path.suffix}")
        if sibling.is_file():
            found[repeat] = _csv_rows(sibling, sibling.read_bytes())
    return found


def _repeat_of(sheet_name: str) -> str | None:
    name = sheet_name.strip().lower()
    for repeat in REPEATS:
        if name == repeat or name.endswith(("-" + repeat, "/" + repeat, "_" + repeat)):
            return repeat
    return None


def _csv_rows(path: Path, data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("{name} is not UTF-8 text: export it again as CSV (UTF-8).").format(
            name=path.name)) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","  # KoboToolbox: ";"
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _rows(path: Path) -> list[list[str]]:
    return _sheets(path)[""]


def read_submissions(path: str | Path) -> SubmissionsReport:
    """Read and check every row of an export; nothing is recorded."""
    path = Path(path)
    if not path.is_file():
        raise UserError(_("There is no file {path}.").format(path=path))
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(_("{name}: submissions are read from a .csv or .xlsx export.").format(
            name=path.name))
    sheets = _sheets(path)
    rows = sheets[""]
    report = SubmissionsReport(path.name)
    if not rows:
        raise UserError(_("{name} is empty.").format(name=path.name))
    if len(rows) > MAX_ROWS + 1:
        raise UserError(_("{name} has more than {n} rows: split the export.").format(
            name=path.name, n=MAX_ROWS))
    columns = {index: _column_key(h) for index, h in enumerate(rows[0])}
    index_column = next((i for i, h in enumerate(rows[0]) if h.strip() == "_index"), None)
    by_index: dict[str, Submission] = {}
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
        if index_column is not None and index_column < len(raw):
            by_index[str(raw[index_column]).strip()] = item
    for repeat in REPEATS:
        if repeat in sheets:
            _read_repeat(report, repeat, sheets[repeat], by_index)
    return report


def _read_repeat(report: SubmissionsReport, repeat: str, rows: list[list[str]],
                 by_index: dict[str, Submission]) -> None:
    """Attach each row of a repeat sheet to its submission; a row that cannot be read is a
    problem naming the sheet and its row."""
    from counsel_app.followup.service import ACTION_STATUSES
    from counsel_app.followup.xlsform import REFERRAL_STATUSES

    if not rows:
        return
    header = [h.strip() for h in rows[0]]
    parent_id = next((i for i, h in enumerate(header) if h in PARENT_ID_COLUMNS), None)
    parent_index = next((i for i, h in enumerate(header) if h in PARENT_INDEX_COLUMNS), None)
    if parent_id is None and parent_index is None:
        raise UserError(_("{name}: the {sheet} sheet has no column that links its rows to "
                          "their submissions ({columns}): export the submissions again.")
                        .format(name=report.file_name, sheet=repeat,
                                columns=", ".join((*PARENT_ID_COLUMNS,
                                                   *PARENT_INDEX_COLUMNS))))
    fields = {i: re.split(r"[/-]", h)[-1] for i, h in enumerate(header)}
    by_id = {item.submission_id: item for item in report.good}
    questions = REPEATS[repeat]
    for number, raw in enumerate(rows[1:], start=2):
        values = {fields[i]: str(v).strip() for i, v in enumerate(raw)
                  if i in fields and str(v).strip()}
        if not any(values.get(q) for q in questions):
            continue
        where = _("{sheet} sheet, row {row}").format(sheet=repeat, row=number)
        parent = None
        if parent_id is not None and parent_id < len(raw):
            key = str(raw[parent_id]).strip().split("/")[0]  # ODK: uuid:…/actions[1]
            parent = by_id.get(key)
        if parent is None and parent_index is not None and parent_index < len(raw):
            parent = by_index.get(str(raw[parent_index]).strip())
        if parent is None:  # its submission was refused (already said) or is not in the file
            continue
        try:
            item_number = int(float(values.get(questions[0], "")))
            if item_number < 1:
                raise ValueError
        except ValueError:
            report.problems.append((parent.row, _("{where}: “{text}” is not a number on the "
                                                  "visit sheet.").format(
                where=where, text=values.get(questions[0], ""))))
            continue
        status = values.get(questions[1], "")
        choices = ACTION_STATUSES if repeat == "actions" else REFERRAL_STATUSES
        if status not in choices:
            report.problems.append((parent.row, _("{where}: “{text}” is not one of {choices}.")
                                    .format(where=where, text=status,
                                            choices=", ".join(choices))))
            continue
        if repeat == "actions":
            parent.actions.append((where, item_number, status, values.get("action_note", "")))
        else:
            parent.referrals.append((where, item_number, status))


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

    ctx.require("cases.write")  # one refusal for the file, not one per row
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
                                 note=item.note, uid=item.visit_uid, typed_in=TYPED_IN)
        except UserError as exc:
            report.problems.append((item.row, str(exc)))
            continue
        report.recorded.append(item)
        _record_repeats(ctx, service, item, report)
    report.problems.sort(key=lambda p: p[0])
    return report


def _record_repeats(ctx, service, item: Submission, report: SubmissionsReport) -> None:
    """The actions and referrals of a visit just recorded; each one refused is a problem
    (the visit stays recorded)."""
    if not (item.actions or item.referrals):
        return
    case = ctx.cases.get_by_reference(item.reference)
    if item.actions:
        plan = service.plan_actions(case)
        progress = {a.key: a for a in service.summary(item.reference).actions}
        for where, number, status, note in item.actions:
            if number > len(plan):
                report.problems.append((item.row, _(
                    "{where}: the plan of case {reference} has no action {n}.").format(
                    where=where, reference=item.reference, n=number)))
                continue
            key = plan[number - 1][0]
            before = progress.get(key)
            try:
                service.set_action(item.reference, key, status,
                                   note=note or (before.note if before else ""),
                                   on=item.visit_date,
                                   outcome=before.outcome if before else "",
                                   typed_in=TYPED_IN)
            except UserError as exc:
                report.problems.append((item.row, f"{where}: {exc}"))
    if item.referrals:
        _record_referrals(ctx, case, item, report)


def _record_referrals(ctx, case, item: Submission, report: SubmissionsReport) -> None:
    from counsel_app.followup.xlsform import REFERRAL_STATUSES
    from counsel_app.partners.referrals import (
        NEXT_STATES,
        OUTCOMES_FOR,
        STATE_LABELS,
        ReferralService,
    )

    service = ReferralService(ctx)
    for where, number, reported in item.referrals:
        referrals = service.list(case)
        if number > len(referrals):
            report.problems.append((item.row, _(
                "{where}: case {reference} has no referral {n}.").format(
                where=where, reference=item.reference, n=number)))
            continue
        referral = referrals[number - 1]
        target, outcome = reported, ""
        for state, outcomes in OUTCOMES_FOR.items():
            if reported in outcomes:
                target, outcome = state, reported
        path = _steps(referral.state, target, NEXT_STATES)
        if path is None:
            report.problems.append((item.row, _(
                "{where}: the referral to {partner} is {current} already; it cannot become "
                "{reported}.").format(where=where, partner=referral.partner_name,
                                      current=_(STATE_LABELS[referral.state]),
                                      reported=_(REFERRAL_STATUSES[reported]))))
            continue
        try:
            for state in path:
                referral = service.move(case, referral, state, on=item.visit_date,
                                        outcome=outcome if state == target else "")
        except UserError as exc:
            report.problems.append((item.row, f"{where}: {exc}"))


def _steps(current: str, target: str, next_states: dict) -> list[str] | None:
    """The states from ``current`` to ``target`` (empty: already there; None: not
    reachable)."""
    if current == target:
        return []
    frontier = [(current, [])]
    while frontier:
        state, path = frontier.pop(0)
        for nxt in next_states.get(state, ()):
            if nxt == target:
                return [*path, nxt]
            frontier.append((nxt, [*path, nxt]))
    return None


def preview_line(item: Submission) -> str:
    """What one good row will record, in the interface language (the day in the medium
    form and the kind of visit in words, as the screens show them)."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_date
    from counsel_app.i18n.formatting import format_integer

    kind = VISIT_TYPES.get(item.visit_type)
    lang = interface_language()
    n = len(item.scores)
    text = ngettext("row {row}: {reference}, visit on {date} ({type}), {n} answer",
                    "row {row}: {reference}, visit on {date} ({type}), {n} answers", n).format(
        row=item.row, reference=item.reference, date=show_date(item.visit_date, lang),
        type=_(kind) if kind else item.visit_type, n=format_integer(n, lang))
    if item.actions or item.referrals:
        text += _("; actions talked about: {actions}, referrals: {referrals}").format(
            actions=len(item.actions), referrals=len(item.referrals))
    return text


def check_summary(report: SubmissionsReport, *, dry_run: bool = False) -> str:
    """What reading an export found, as the dialog and ``import-submissions --dry-run`` say
    it: "visits.csv: 1 visit can be recorded, 2 rows have a problem." (each count in the
    singular or plural it needs, written as the interface language writes numbers)."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import format_integer

    lang, good, bad = interface_language(), len(report.good), len(report.problems)
    visits = ngettext("{n} visit can be recorded", "{n} visits can be recorded", good).format(
        n=format_integer(good, lang))
    problems = ngettext("{n} row has a problem", "{n} rows have a problem", bad).format(
        n=format_integer(bad, lang))
    if dry_run:
        return _("{name}: {visits}, {problems}; nothing was recorded (dry run).").format(
            name=report.file_name, visits=visits, problems=problems)
    return _("{name}: {visits}, {problems}.").format(name=report.file_name, visits=visits,
                                                     problems=problems)


def record_summary(report: SubmissionsReport) -> str:
    """What recording an export did: "visits.csv: 1 visit recorded, 0 recorded before, 1 row
    not recorded." """
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import format_integer

    lang = interface_language()
    recorded, already, bad = len(report.recorded), len(report.already), len(report.problems)
    return _("{name}: {recorded}, {already}, {problems}.").format(
        name=report.file_name,
        recorded=ngettext("{n} visit recorded", "{n} visits recorded", recorded).format(
            n=format_integer(recorded, lang)),
        already=ngettext("{n} recorded before", "{n} recorded before", already).format(
            n=format_integer(already, lang)),
        problems=ngettext("{n} row not recorded", "{n} rows not recorded", bad).format(
            n=format_integer(bad, lang)))

