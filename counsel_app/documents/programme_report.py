"""The programme report: cohort figures of reintegration over time, for a programme's
managers and donors (no personal data).

Input is a :class:`counsel_app.followup.cohorts.CohortReport`: every average already rests
on at least five cases, smaller cells are blank with "<5" for their number of cases. One
table per grouping (all cases, country of return, quarter of return, type of assistance,
referral outcome): a row per group and score, a column per period since arrival. Printed in
any document language; a text whose translation is missing prints in English, marked, like
every other document. Community and structural projects are counted at the end when the
station records them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable

from counsel_app.documents.base import DocumentInfo, DocumentWriter
from counsel_app.followup import cohorts
from counsel_app.i18n import D_
from counsel_app.i18n import formatting
from counsel_app.i18n.names import country_name

TITLE = D_("Programme report: reintegration over time")
PROJECT_KINDS = {"community": D_("Community project"), "structural": D_("Structural action")}
#: the same words as ``followup.rss.PROJECT_DEFAULTS``, for the documents catalog
PROJECT_DEFAULTS = D_("Project defaults (equal weights), not IOM's official weights")


def _score(w: DocumentWriter, cell: cohorts.Cell):
    if not cell.cases:
        return ""
    if cell.average is None:
        return f"({cohorts.SUPPRESSED})"
    return w.fmt(D_("{score} ({cases})"),
                      score=formatting.format_decimal(cell.average, w.main.locale,
                                                      format="0.00"),
                      cases=w.integer(cell.cases))


def _count(w: DocumentWriter, count: int) -> str:
    shown = cohorts.shown_count(count)
    return shown if shown == cohorts.SUPPRESSED else w.integer(count)


def render_programme_report(report: cohorts.CohortReport, lang: str, *,
                            organisation: str = "", logo=None,
                            extra: Sequence[Flowable] = (),
                            out: str | Path | None = None) -> bytes:
    """The report as PDF bytes (and written to ``out``)."""
    writer = DocumentWriter(DocumentInfo(title=TITLE, lang=lang, organisation=organisation,
                                         logo=logo, printed_on=report.produced, qr=False))
    w = writer
    story: list[Flowable] = []
    story += w.fixed(TITLE, w.h1)
    story += w.fields([
        (D_("Produced on"), w.date(report.produced)),
        (D_("Cases counted"), _count(w, report.cases)),
        (D_("Score weights"), w.t(PROJECT_DEFAULTS) if report.weights_source == PROJECT_DEFAULTS
         else report.weights_source),
    ])
    story += w.fixed(D_(
        "Scores go from 0 (very poor) to 1 (very good), measured with the 15 indicators of the "
        "reintegration sustainability survey. A case counts once its arrival is recorded; in "
        "each period since arrival it counts with the latest score of each dimension from its "
        "visits in that period. Each figure is an average followed, in brackets, by the "
        "number of cases it rests on."), w.small)
    story += w.fixed(D_(
        "To protect the people behind the figures, an average resting on fewer than 5 cases "
        "is not shown and its number of cases is given as <5. Several groupings of the same "
        "cases could still narrow a small group down: do not publish them side by side "
        "without checking."), w.small)
    if not report.cases:
        story += w.fixed(D_("No case has an arrival recorded yet: there is nothing to "
                            "count."))
    periods = list(cohorts.PERIODS)
    headers = [D_("Group"), D_("Score"), *[cohorts.PERIODS[p][0] for p in periods]]
    widths = [0.15, 0.16] + [0.69 / len(periods)] * len(periods)
    for grouping, grouping_label in cohorts.GROUPINGS.items():
        story += w.heading(grouping_label)
        rows = []
        first = report.table(grouping, "overall")
        for group in first.groups:
            name = cohorts.group_label(grouping, group, lang, w.t)
            for index, measure in enumerate(cohorts.MEASURES):
                table = report.table(grouping, measure)
                rows.append([name if index == 0 else "", w.t(cohorts.MEASURES[measure]),
                             *[_score(w, table.cell(group, p)) for p in periods]])
        if rows:
            story += w.table(headers, rows, widths,
                             numeric=tuple(range(2, 2 + len(periods))))
        else:
            story += w.fixed(D_("Nothing to count."))
    story += w.heading(D_("Community projects and structural actions"))
    if report.projects:
        story += w.table(
            [D_("Kind"), D_("Country"), D_("Projects"), D_("Cases served")],
            [[w.t(PROJECT_KINDS.get(kind, kind)), country_name(country, lang),
              w.integer(count), _count(w, served)]
             for kind, country, count, served in report.projects],
            [0.34, 0.3, 0.16, 0.2], numeric=(2, 3))
    else:
        story += w.fixed(D_("None recorded."))
    story += list(extra)
    return writer.build(story, out)


def write_report(ctx, report: cohorts.CohortReport, path: str | Path, lang: str) -> Path:
    """Print the report to ``path`` with the centre's organisation on every page."""
    from counsel_app import settings

    centre = settings.values(ctx.db, ["organisation_name"])
    render_programme_report(report, lang, organisation=centre["organisation_name"], out=path)
    ctx.audit("print", None, "programme_report")
    return Path(path)
