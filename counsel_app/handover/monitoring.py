"""Monitoring figures for programme reporting (CSV), with no personal data.

Every figure is a count or an average over cases, grouped by a closed vocabulary (country
code, decision, status, vulnerability category, consent purpose, closure reason). Sample
cases are left out. Nothing identifies a person: no reference, no name, no date finer
than the reporting period.

Small cells: a count from 1 to 4 is shown as ``<5`` (primary suppression). Where a table
has a total and exactly one of its cells is suppressed, the total would give that cell
away, so the smallest other non-zero cell of the table is suppressed too (secondary
suppression, marked as such). An average is shown only when it rests on at least 5 cases.
Limits: suppression works table by table; someone combining several tables that split the
same cases differently could still narrow a small group down (see docs/handover.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import false, func, select

from counsel_app.consent.models import ConsentEventRow
from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.session.store import SessionStore

THRESHOLD = 5
SUPPRESSED = "<5"


@dataclass
class Cell:
    group: str
    count: int | None = None
    average: float | None = None
    basis: int | None = None  # number of cases behind an average
    note: str = ""
    shown: str = ""


@dataclass
class Table:
    name: str
    cells: list[Cell] = field(default_factory=list)
    total: int | None = None  # when set, a "total" row is written

    def add(self, group: str, count: int) -> None:
        self.cells.append(Cell(group, count))


def suppress(table: Table) -> None:
    """Primary and secondary suppression of small counts, in place."""
    hidden = []
    for cell in table.cells:
        if cell.count is None:
            continue
        if 0 < cell.count < THRESHOLD:
            cell.shown, cell.note = SUPPRESSED, "suppressed"
            hidden.append(cell)
        else:
            cell.shown = str(cell.count)
    if table.total is not None and len(hidden) == 1:
        others = [c for c in table.cells if c.count and c not in hidden]
        if others:
            victim = min(others, key=lambda c: (c.count, c.group))
            victim.shown, victim.note = SUPPRESSED, "suppressed (protects another cell)"
        elif table.total:
            table.total = None  # only one cell: the total is that cell
    for cell in table.cells:
        if cell.average is not None or (cell.count is None and cell.basis is not None):
            if cell.basis is None or cell.basis < THRESHOLD:
                cell.shown, cell.note = "", "suppressed (fewer than 5 cases)"
            else:
                cell.shown = f"{cell.average:.3f}"


def collect(ctx) -> list[Table]:
    from counsel_app.followup import rss
    from counsel_app.followup.models import FollowupCaseRow, FollowupVisitRow
    from counsel_app.followup.service import visits_aad
    from counsel_app.handover.models import HandoverPackageRow
    from counsel_app.storage.models import CaseRow

    tables: list[Table] = []
    with ctx.db.read_session() as session:
        rows = session.execute(
            select(CaseRow.id, CaseRow.reference, CaseRow.return_country, CaseRow.decision,
                   CaseRow.status).where(CaseRow.is_sample.is_(False))).all()
        ids = {r.id for r in rows}
        total = len(rows)

        def grouped(name: str, values) -> None:
            table = Table(name, total=total)
            for group, count in sorted(Counter(values).items()):
                table.add(group, count)
            tables.append(table)

        grouped("cases_by_return_country", [r.return_country or "unknown" for r in rows])
        grouped("cases_by_decision", [r.decision or "none" for r in rows])
        grouped("cases_by_status", [r.status for r in rows])

        # vulnerability categories (a case may have several: no total); strictly
        # confidential flags are never counted (counsel_app.session.confidentiality)
        flags = Counter()
        from counsel_app.session.confidentiality import confidential_flags

        store = SessionStore(ctx.db, ctx.vault.cipher)
        secret = confidential_flags(ctx)
        for r in rows:
            data, _version = store.load_part(r.id, r.reference, "screening")
            flags.update(set((data.get("flags") or {}).keys()) - secret)
        table = Table("cases_by_vulnerability_category")
        for group, count in sorted(flags.items()):
            table.add(group, count)
        tables.append(table)

        # consent withdrawals (events, by purpose)
        table = Table("consent_withdrawals_by_purpose")
        withdrawn = session.execute(
            select(ConsentEventRow.purpose, func.count(ConsentEventRow.id))
            .where(ConsentEventRow.kind == "withdrawn",
                   ConsentEventRow.purpose != "share_confidential",
                   ConsentEventRow.case_id.in_(ids) if ids else false())
            .group_by(ConsentEventRow.purpose)).all()
        for purpose, count in sorted(withdrawn):
            table.add(purpose, count)
        table.total = sum(c for _p, c in withdrawn)
        tables.append(table)

        # handovers and acknowledgements
        packages = session.execute(
            select(HandoverPackageRow.kind, HandoverPackageRow.direction,
                   HandoverPackageRow.case_id)).all()
        table = Table("packages")
        for group, count in sorted(Counter(f"{k}_{d}" for k, d, case_id in packages
                                           if case_id in ids).items()):
            table.add(group, count)
        tables.append(table)

        # travel: departures, escorts by kind, receptions and arrivals the office confirmed
        tables.append(_travel_table(ctx, session, rows))
        tables.append(_referrals_table(session, ids))

        # follow-up
        visits = session.execute(
            select(FollowupVisitRow.case_id, FollowupVisitRow.kind, FollowupVisitRow.uid,
                   FollowupVisitRow.visit_date, FollowupVisitRow.scores_enc)
            .where(FollowupVisitRow.deleted_at.is_(None))
            .order_by(FollowupVisitRow.visit_date, FollowupVisitRow.id)).all()
        followup_rows = [r for r in session.execute(
            select(FollowupCaseRow.case_id, FollowupCaseRow.arrival_date,
                   FollowupCaseRow.closure_reason)).all() if r.case_id in ids]
    arrivals = sum(1 for r in followup_rows if r.arrival_date is not None)
    closures = sorted(Counter(r.closure_reason for r in followup_rows
                              if r.closure_reason).items())
    visits = [v for v in visits if v.case_id in ids]
    followups = [v for v in visits if v.kind == "followup"]
    table = Table("follow_up")
    table.add("arrivals_recorded", arrivals)
    table.add("follow_up_visits_completed", len(followups))
    table.add("cases_with_a_follow_up", len({v.case_id for v in followups}))
    tables.append(table)
    table = Table("closures_by_reason", total=sum(c for _r, c in closures))
    for reason, count in sorted(closures):
        table.add(reason, count)
    tables.append(table)

    # average scores: baseline and latest follow-up per case (the latest score of each
    # dimension: a partial visit does not wipe it), 0-1
    weights = rss.load_weights(ctx.db)
    per_case: dict[int, list] = {}
    baseline: dict[int, Any] = {}
    for v in visits:
        scores = ctx.vault.cipher.decrypt_json(v.scores_enc, visits_aad(v.case_id, v.uid))
        if v.kind == "followup":
            per_case.setdefault(v.case_id, []).append((v.visit_date, rss.score(scores, weights)))
        elif v.kind == "baseline":
            baseline[v.case_id] = rss.score(scores, weights)
    latest: dict[int, Any] = {}
    for case_id, results in per_case.items():
        found = rss.latest_scores(results, weights)
        if found is not None:
            latest[case_id] = found.scores
    for name, results in (("average_scores_baseline", baseline),
                          ("average_scores_latest_follow_up", latest)):
        table = Table(name)
        for dim in [*rss.DIMENSIONS, "overall"]:
            values = [(r.overall if dim == "overall" else r.dimensions[dim])
                      for r in results.values()]
            values = [x for x in values if x is not None]
            table.cells.append(Cell(dim, average=sum(values) / len(values) if values else None,
                                    basis=len(values)))
        tables.append(table)
    tables.append(Table("_weights", [Cell(weights.source, shown="")]))
    return tables


def _referrals_table(session, ids) -> Table:
    """Referrals by partner type and where they stand (state, or outcome once there is
    one): ``ngo/received``, ``health/sent``... (partners area)."""
    from counsel_app.partners.referrals import referral_counts

    table = Table("referrals_by_partner_type_and_outcome")
    for (kind, result), count in sorted(referral_counts(session, ids).items()):
        table.add(f"{kind}/{result}", count)
    return table


def _travel_table(ctx, session, cases) -> Table:
    """Departures recorded here, escorts by kind (any case with an escort decided), and the
    receptions and arrivals offices confirmed in their acknowledgements (one per case)."""
    from counsel_app.handover.models import HandoverPackageRow
    from counsel_app.handover.records import content_aad
    from counsel_app.travel.store import TravelRow, travel_aad

    references = {r.id: r.reference for r in cases}
    cipher = ctx.vault.cipher
    departures, escorts = 0, Counter()
    for row in session.scalars(select(TravelRow).where(
            TravelRow.case_id.in_(references) if references else false())).all():
        if row.departed_on is not None:
            departures += 1
        kind = (cipher.decrypt_json(row.data_enc, travel_aad(references[row.case_id]))
                .get("escort") or {}).get("kind")
        if kind in ("operational", "medical"):
            escorts[kind] += 1
    receptions, arrivals = set(), set()
    for row in session.scalars(select(HandoverPackageRow).where(
            HandoverPackageRow.kind == "ack", HandoverPackageRow.direction == "received",
            HandoverPackageRow.case_id.in_(references) if references else false())).all():
        content = cipher.decrypt_json(row.content_enc, content_aad(row.package_id))
        if (content.get("reception") or {}).get("state") == "confirmed":
            receptions.add(row.case_id)
        if content.get("arrival"):
            arrivals.add(row.case_id)
    table = Table("travel")
    table.add("departures", departures)
    table.add("escort_operational", escorts["operational"])
    table.add("escort_medical", escorts["medical"])
    table.add("receptions_confirmed_by_office", len(receptions))
    table.add("arrivals_confirmed_by_office", len(arrivals))
    return table


def to_csv(tables: list[Table], period: str) -> str:
    """The tables as CSV text; every cell through the one CSV writer (no formula cells: a
    weights label such as ``=HYPERLINK(…)`` is written as text)."""
    from country_info.csvfile import to_text

    rows: list[list] = [["table", "group", "value", "cases", "note"]]
    for table in tables:
        if table.name == "_weights":
            rows.append(["score_weights", table.cells[0].group, "", "", ""])
            continue
        suppress(table)
        for cell in table.cells:
            basis = "" if cell.basis is None else (
                str(cell.basis) if cell.basis == 0 or cell.basis >= THRESHOLD else SUPPRESSED)
            rows.append([table.name, cell.group, cell.shown, basis, cell.note])
        if table.total is not None:
            rows.append([table.name, "total", str(table.total) if not
                         0 < table.total < THRESHOLD else SUPPRESSED, "", ""])
    rows.append(["report", "produced", period, "", "sample cases excluded"])
    return to_text(rows, lineterminator="\n")


def export_monitoring(ctx, path: Path) -> Path:
    ctx.require("stats.read")
    text = to_csv(collect(ctx), date.today().isoformat())
    from country_info.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        raise UserError(_("Cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    ctx.audit("monitoring_export", None, "csv")
    return Path(path)

