"""Cohort figures for programme learning: how returnees' reintegration scores move with time
since arrival, by country of return, quarter of return, type of assistance and referral
outcome. Qt-free; the same figures feed the screen (Tools > Programme figures), the CSV
(``counsel-app followup cohorts --csv``) and the printed programme report.

What is counted. A case counts once it has an arrival date recorded and is not a sample.
Its scores in a period since arrival are the latest score of each dimension among its
follow-up visits in that period (:func:`counsel_app.followup.rss.latest_scores`: a partial
visit does not wipe a dimension); the pre-departure baseline is its own period. A cell is
the average of those case scores (0 very poor – 1 very good) with the number of cases it
rests on.

Small cells: an average resting on fewer than :data:`THRESHOLD` cases is never shown (nor
is the exact number of cases: it is shown as ``<5``), so nobody can read one person's
well-being off a small group. Limits: as with the monitoring tables, someone combining
several groupings of the same cases could narrow a group down; the report says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from counsel_app.followup import rss
from counsel_app.i18n import D_

THRESHOLD = 5
SUPPRESSED = "<5"
DAYS_PER_MONTH = 30.4375

#: periods since arrival: key -> (label, first month, month after the last)
PERIODS: dict[str, tuple[str, float, float]] = {
    "baseline": (D_("Before departure (baseline)"), -1.0, -1.0),
    "m0_3": (D_("Under 3 months"), 0.0, 3.0),
    "m3_6": (D_("3 to 6 months"), 3.0, 6.0),
    "m6_12": (D_("6 to 12 months"), 6.0, 12.0),
    "m12_18": (D_("12 to 18 months"), 12.0, 18.0),
    "m18": (D_("18 months and more"), 18.0, float("inf")),
}

#: how cases are grouped: key -> label
GROUPINGS: dict[str, str] = {
    "all": D_("All cases"),
    "country": D_("Country of return"),
    "quarter": D_("Quarter of return"),
    "assistance": D_("Type of assistance"),
    "referral": D_("Referral outcome"),
}

#: what is averaged: the three dimensions and the overall score
MEASURES: dict[str, str] = {"economic": D_("Economic"), "social": D_("Social"),
                            "psychosocial": D_("Psychosocial"), "overall": D_("Overall")}

#: group labels that are words, not codes or dates
GROUP_LABELS: dict[str, str] = {
    "all": D_("All cases"),
    "unknown": D_("Not recorded"),
    "none": D_("None"),
    "no_referral": D_("No referral"),
    "immediate": D_("Immediate assistance"),
    "economic": D_("Economic assistance"),
    "social": D_("Social assistance"),
    "psychosocial": D_("Psychosocial assistance"),
    "planned": D_("planned"),
    "sent": D_("sent"),
    "accepted": D_("accepted"),
    "rejected": D_("rejected"),
    "done": D_("done"),
    "received": D_("service received"),
    "partly": D_("service partly received"),
    "not_received": D_("service not received"),
    "declined": D_("the person declined"),
    "no_capacity": D_("no place or capacity at the partner"),
    "not_eligible": D_("not eligible"),
}


@dataclass
class Cell:
    """One average: ``cases`` scored it; ``average`` is None when suppressed or empty."""

    cases: int = 0
    average: float | None = None

    @property
    def suppressed(self) -> bool:
        return 0 < self.cases < THRESHOLD

    @property
    def shown_cases(self) -> str:
        return shown_count(self.cases)


@dataclass
class CohortTable:
    """One grouping and one measure: rows are groups, columns the periods."""

    grouping: str
    measure: str
    groups: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, group: str, period: str) -> Cell:
        return self.cells.get((group, period), Cell())

    def series(self, group: str) -> list[float | None]:
        """The group's shown averages, one per period (None: not shown)."""
        return [self.cell(group, p).average for p in PERIODS]


@dataclass
class CohortReport:
    produced: date
    cases: int  # cases counted (arrival recorded, not samples)
    weights_source: str
    tables: dict[tuple[str, str], CohortTable] = field(default_factory=dict)
    #: community projects and structural actions: (kind, country, projects, cases served)
    projects: list[tuple[str, str, int, int]] = field(default_factory=list)

    def table(self, grouping: str, measure: str = "overall") -> CohortTable:
        return self.tables[(grouping, measure)]


@dataclass
class _CaseFigures:
    groups: dict[str, list[str]]
    periods: dict[str, rss.Scores]


def period_of(arrival: date, visit_day: date) -> str | None:
    """The period since arrival a follow-up visit falls in (None before the arrival)."""
    months = (visit_day - arrival).days / DAYS_PER_MONTH
    if months < 0:
        return None
    for key, (_label, start, end) in PERIODS.items():
        if key != "baseline" and start <= months < end:
            return key
    return None


def quarter(day: date | None) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if day else "unknown"


def collect(ctx, today: date | None = None) -> CohortReport:
    """The cohort figures of every case with an arrival recorded (needs ``stats.read``;
    audited as one read of programme figures, no case named)."""
    from counsel_app.followup.models import FollowupCaseRow, FollowupVisitRow
    from counsel_app.followup.service import visits_aad
    from counsel_app.storage.models import CaseRow

    ctx.require("stats.read")
    weights = rss.load_weights(ctx.db)
    cipher = ctx.vault.cipher
    with ctx.db.read_session() as session:
        cases = session.execute(
            select(CaseRow.id, CaseRow.reference, CaseRow.return_country,
                   FollowupCaseRow.arrival_date)
            .join(FollowupCaseRow, FollowupCaseRow.case_id == CaseRow.id)
            .where(CaseRow.is_sample.is_(False), FollowupCaseRow.arrival_date.is_not(None))
        ).all()
        ids = [c.id for c in cases]
        visits: dict[int, list] = defaultdict(list)
        if ids:
            for v in session.execute(
                    select(FollowupVisitRow.case_id, FollowupVisitRow.kind,
                           FollowupVisitRow.uid, FollowupVisitRow.visit_date,
                           FollowupVisitRow.scores_enc)
                    .where(FollowupVisitRow.case_id.in_(ids),
                           FollowupVisitRow.deleted_at.is_(None),
                           FollowupVisitRow.kind.in_(("baseline", "followup")))
                    .order_by(FollowupVisitRow.visit_date, FollowupVisitRow.id)):
                scores = cipher.decrypt_json(v.scores_enc, visits_aad(v.case_id, v.uid))
                visits[v.case_id].append((v.kind, v.visit_date, rss.score(scores, weights)))
        referrals = _referral_results(session, ids)
        from counsel_app.followup.projects import project_counts

        real = session.scalars(select(CaseRow.id).where(CaseRow.is_sample.is_(False))).all()
        projects = project_counts(session, real)
    figures = []
    for case in cases:
        periods: dict[str, list] = defaultdict(list)
        for kind, day, result in visits.get(case.id, []):
            key = "baseline" if kind == "baseline" else period_of(case.arrival_date, day)
            if key:
                periods[key].append((day, result))
        latest = {}
        for key, found in periods.items():
            best = rss.latest_scores(found, weights)
            if best is not None:
                latest[key] = best.scores
        figures.append(_CaseFigures({
            "all": ["all"],
            "country": [case.return_country or "unknown"],
            "quarter": [quarter(case.arrival_date)],
            "assistance": _assistance_categories(ctx, case) or ["none"],
            "referral": sorted(referrals.get(case.id, ())) or ["no_referral"],
        }, latest))
    report = CohortReport(today or date.today(), len(cases), weights.source,
                          projects=projects)
    for grouping in GROUPINGS:
        for measure in MEASURES:
            report.tables[(grouping, measure)] = _table(figures, grouping, measure)
    ctx.audit("cohort_figures", None, "")
    return report


def _table(figures: list[_CaseFigures], grouping: str, measure: str) -> CohortTable:
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    groups: set[str] = set()
    for case in figures:
        for group in case.groups[grouping]:
            groups.add(group)
            for period, scores in case.periods.items():
                value = (scores.overall if measure == "overall"
                         else scores.dimensions.get(measure))
                if value is not None:
                    values[(group, period)].append(value)
    table = CohortTable(grouping, measure, sorted(groups, key=_group_order))
    for key, found in values.items():
        cell = Cell(len(found))
        if not cell.suppressed:
            cell.average = sum(found) / len(found)
        table.cells[key] = cell
    return table


def _group_order(group: str) -> tuple[int, str]:
    # words that mean "nothing recorded" go last
    return (1 if group in ("unknown", "none", "no_referral") else 0, group)


def _referral_results(session, ids) -> dict[int, set[str]]:
    """Per case, where its referrals ended: the outcome when there is one, otherwise the
    referral's state."""
    from counsel_app.partners.tables import CaseReferralRow

    found: dict[int, set[str]] = defaultdict(set)
    if ids:
        for case_id, state, outcome in session.execute(
                select(CaseReferralRow.case_id, CaseReferralRow.state, CaseReferralRow.outcome)
                .where(CaseReferralRow.case_id.in_(ids))):
            found[case_id].add(outcome or state)
    return found


def _assistance_categories(ctx, case) -> list[str]:
    """The categories of assistance in the case's plan: the plan kept here (made or refined
    at this station), otherwise the plan a handover brought."""
    from counsel_app.plan.model import TYPE_CATEGORY
    from counsel_app.plan.store import PlanRepository

    plan = PlanRepository(ctx.db, ctx.vault.cipher).find(case.reference)
    if plan is not None:
        types = [a.type for a in plan.assistance]
    else:
        types = [str(a.get("type")) for a in _received_plan(ctx, case.id).get("assistance") or []
                 if isinstance(a, dict)]
    return sorted({TYPE_CATEGORY[t].value for t in types if t in TYPE_CATEGORY})


def _received_plan(ctx, case_id: int) -> dict[str, Any]:
    from counsel_app.followup.service import FollowupService

    content = FollowupService(ctx)._received_content(case_id) or {}
    plan = (content.get("data") or {}).get("plan")
    return plan if isinstance(plan, dict) else {}


def shown_count(count: int) -> str:
    """A number of people, ``<5`` when it is 1 to 4."""
    return SUPPRESSED if 0 < count < THRESHOLD else str(count)


def group_label(grouping: str, group: str, lang: str, translate) -> str:
    """A group as a reader of ``lang`` names it: a country's name, a quarter in the
    language's own pattern, or the word for it (``translate``: the catalog's gettext)."""
    if grouping == "country" and group not in GROUP_LABELS:
        from counsel_app.i18n.names import country_name

        return country_name(group, lang)
    if grouping == "quarter" and group not in GROUP_LABELS:
        from counsel_app.i18n.formatting import format_date, formatting_locale

        year, number = group.split("-Q")
        return format_date(date(int(year), 3 * int(number) - 2, 1), formatting_locale(lang),
                           "QQQ y")
    return translate(GROUP_LABELS[group]) if group in GROUP_LABELS else group


# -- CSV --------------------------------------------------------------------------------
def to_rows(report: CohortReport) -> list[list[str]]:
    """The figures as rows (codes, not words: a spreadsheet can pivot them); every small
    cell suppressed."""
    rows = [["grouping", "group", "measure", "period", "average", "cases"]]
    for (grouping, measure), table in report.tables.items():
        for group in table.groups:
            for period in PERIODS:
                cell = table.cell(group, period)
                if not cell.cases:
                    continue
                average = "" if cell.average is None else f"{cell.average:.3f}"
                rows.append([grouping, group, measure, period, average, cell.shown_cases])
    for kind, country, count, served in report.projects:
        rows.append(["projects", f"{kind}/{country}", "count", "", str(count),
                     shown_count(served)])
    rows.append(["report", "produced", report.produced.isoformat(), "", "", shown_count(report.cases)])
    rows.append(["report", "score_weights", report.weights_source, "", "", ""])
    return rows


def to_csv(report: CohortReport) -> str:
    from country_info.csvfile import to_text

    return to_text(to_rows(report), lineterminator="\n")


def write_csv(report: CohortReport, path) -> None:
    from country_info.files import write_atomically

    write_atomically(path, to_csv(report))
