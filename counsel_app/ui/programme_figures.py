"""Tools > Programme figures: the cohort figures on screen (a table and a chart), saved as
CSV or printed as the programme report. The figures and their rules (periods, groupings,
small cells) are :mod:`counsel_app.followup.cohorts`, the same as ``counsel-app followup
cohorts``; this dialog only shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from counsel_app.documents.bidi import isolate
from counsel_app.followup import cohorts
from counsel_app.i18n import (
    DOCUMENT_LANGUAGES,
    _,
    document_translator,
    interface_language,
    ngettext,
)
from counsel_app.i18n.formatting import format_integer, list_separator
from counsel_app.i18n.phrases import join_clauses
from counsel_app.ui.handover_chart import SERIES_LABELS, ChangeChart, _fmt


def _t(msgid: str) -> str:
    """A figure label (declared for the printed report) in the interface language."""
    return document_translator(interface_language()).gettext(msgid)


class CohortChart(ChangeChart):
    """The four scores of one group over the periods since arrival."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("cohort_chart")
        self.setAccessibleName(_("Chart: scores over time since arrival"))
        self.axis_title = _("Time since arrival (the baseline was measured before departure)")

    def text_alternative(self) -> str:
        if not any(p.get(k) is not None for p in self._points for k in SERIES_LABELS):
            return _("No average to show: too few cases with scores in this group.")
        separator = list_separator(interface_language())
        lines = [_("Average scores from 0 (very poor) to 1 (very good), by time since "
                   "arrival: {periods}.").format(
            periods=separator.join(isolate(label) for label in self.labels()))]
        for key, values in self.series().items():
            # a period and its average, each isolated, the sentence's colon placed by the
            # catalog; the periods joined by the language's semicolon, as on the command
            # line: its list separator (", ") would run into a decimal comma ("0,42, 0,75")
            parts = [_("{period} {average}").format(period=isolate(label),
                                                    average=isolate(_fmt(v)))
                     for label, v in zip(self.labels(), values)]
            lines.append(_("{series}: {values}.").format(series=_(SERIES_LABELS[key]),
                                                        values=join_clauses(parts)))
        return "\n".join(lines)


class ProgrammeFiguresDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report = cohorts.collect(ctx)
        self.setWindowTitle(_("Programme figures"))
        layout = QVBoxLayout(self)
        shown = cohorts.shown_count(self.report.cases)
        # "<5 cases": the noun agrees with the 5 the reader sees
        counted = self.report.cases if shown == str(self.report.cases) else cohorts.THRESHOLD
        intro = QLabel(ngettext(
            "Reintegration scores (0 very poor – 1 very good) of the cases with an arrival "
            "recorded ({cases} case, samples left out), by time since arrival. Each figure "
            "is an average followed by the number of cases it rests on; an average on fewer "
            "than 5 cases is never shown.",
            "Reintegration scores (0 very poor – 1 very good) of the cases with an arrival "
            "recorded ({cases} cases, samples left out), by time since arrival. Each figure "
            "is an average followed by the number of cases it rests on; an average on fewer "
            "than 5 cases is never shown.", counted).format(cases=shown))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.grouping = QComboBox()
        self.grouping.setObjectName("cohort_grouping")
        for key, label in cohorts.GROUPINGS.items():
            self.grouping.addItem(_t(label), key)
        form.addRow(_("&Group by:"), self.grouping)
        self.measure = QComboBox()
        self.measure.setObjectName("cohort_measure")
        for key, label in cohorts.MEASURES.items():
            self.measure.addItem(_t(label), key)
        self.measure.setCurrentIndex(self.measure.findData("overall"))
        form.addRow(_("&Score in the table:"), self.measure)
        layout.addLayout(form)

        self.table = QTableWidget(0, len(cohorts.PERIODS))
        self.table.setObjectName("cohort_table")
        self.table.setAccessibleName(_("Programme figures"))
        self.table.setHorizontalHeaderLabels(
            [_t(label) for label, _start, _end in cohorts.PERIODS.values()])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)

        self.chart_title = QLabel(" ")
        self.chart_title.setObjectName("cohort_chart_title")
        layout.addWidget(self.chart_title)
        self.chart = CohortChart()
        layout.addWidget(self.chart)

        row = QHBoxLayout()
        self.language = QComboBox()
        self.language.setObjectName("report_language")
        from counsel_app.i18n.names import language_name

        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(language_name(code, interface_language()), code)
        here = self.language.findData(interface_language())
        self.language.setCurrentIndex(max(0, here))
        label = QLabel(_("Report &language:"))
        label.setBuddy(self.language)
        row.addWidget(label)
        row.addWidget(self.language)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(" ")
        self.status.setObjectName("figures_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.save_csv = buttons.addButton(_("Save as &CSV…"), QDialogButtonBox.ActionRole)
        self.save_csv.setObjectName("save_cohorts_csv")
        self.print_report = buttons.addButton(_("&Print the programme report…"),
                                              QDialogButtonBox.ActionRole)
        self.print_report.setObjectName("print_programme_report")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.grouping.currentIndexChanged.connect(self._fill)
        self.measure.currentIndexChanged.connect(self._fill)
        self.table.currentCellChanged.connect(lambda *_a: self._chart())
        self.save_csv.clicked.connect(self._save_csv)
        self.print_report.clicked.connect(self._print)
        self._fill()
        self.resize(900, 640)

    # -- display --------------------------------------------------------------------------
    def groups(self) -> list[str]:
        return self.report.table(self.grouping.currentData(), "overall").groups

    def cell_text(self, cell: cohorts.Cell) -> str:
        if not cell.cases:
            return ""
        if cell.average is None:
            return f"({cohorts.SUPPRESSED})"
        return _("{average} ({cases})").format(
            average=_fmt(cell.average), cases=format_integer(cell.cases, interface_language()))

    def showEvent(self, event) -> None:  # noqa: N802
        # the columns share the width, but a period whose name is wider than its share
        # keeps the width of its name ("Before departure (baseline)" was clipped to
        # "efore departure (baselin"); measured when shown, in the header's (bold) font
        header = self.table.horizontalHeader()
        share = self.table.viewport().width() // max(header.count(), 1)
        for i in range(header.count()):
            header.setSectionResizeMode(i, QHeaderView.ResizeToContents
                                        if header.sectionSizeHint(i) > share
                                        else QHeaderView.Stretch)
        super().showEvent(event)

    def _fill(self) -> None:
        grouping = self.grouping.currentData()
        table = self.report.table(grouping, self.measure.currentData())
        groups = self.groups()
        self.table.setRowCount(len(groups))
        self.table.setVerticalHeaderLabels(
            [cohorts.group_label(grouping, g, interface_language(), _t) for g in groups])
        for row, group in enumerate(groups):
            for column, period in enumerate(cohorts.PERIODS):
                item = QTableWidgetItem(self.cell_text(table.cell(group, period)))
                item.setTextAlignment(Qt.AlignCenter)
                self.table.setItem(row, column, item)
        if groups:
            self.table.setCurrentCell(0, 0)
        self._chart()

    def _chart(self) -> None:
        grouping = self.grouping.currentData()
        groups = self.groups()
        row = self.table.currentRow()
        if not groups or row < 0:
            self.chart_title.setText(_("No case with an arrival recorded yet."))
            self.chart.set_points([])
            return
        group = groups[min(row, len(groups) - 1)]
        self.chart_title.setText(_("Chart: {group}").format(
            group=cohorts.group_label(grouping, group, interface_language(), _t)))
        points: list[dict[str, Any]] = []
        for period, (label, _start, _end) in cohorts.PERIODS.items():
            point: dict[str, Any] = {"label": _t(label),
                                     "kind": "baseline" if period == "baseline" else ""}
            for measure in cohorts.MEASURES:
                point[measure] = self.report.table(grouping, measure).cell(group, period).average
            points.append(point)
        self.chart.set_points(points)

    # -- output ---------------------------------------------------------------------------
    def _save_csv(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the programme figures"), "programme-figures.csv", _("CSV (*.csv)"))
        if path:
            self._write(Path(path), lambda p: cohorts.write_csv(self.report, p))

    def _print(self) -> None:
        from counsel_app.documents.programme_report import write_report

        lang = self.language.currentData()
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Print the programme report"), f"programme-report-{lang}.pdf",
            _("PDF (*.pdf)"))
        if path:
            self._write(Path(path), lambda p: write_report(self.ctx, self.report, p, lang))

    def _write(self, path: Path, write) -> None:
        try:
            write(path)
        except OSError as exc:
            self.status.setText(_("Cannot write {path}: {reason}").format(
                path=path, reason=exc.strerror or exc))
            return
        self.status.setText(_("Saved {path}.").format(path=path))


def open_programme_figures(host) -> None:
    from counsel_app.ui import messages

    try:
        dialog = ProgrammeFiguresDialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001 - a refusal (role) is a UserError sentence
        messages.show_exception(host.parent_widget, exc)
        return
    dialog.exec()
