"""Tools > Import opportunities… and Import partners…: one dialog for both lists — choose a
CSV or .xlsx file, check it only (dry run) or import it, in the background with a progress
bar, then read the report row by row. The template and the sample set are one click away.

Layout and wiring only: the checks and the import are the services'
(:class:`~counsel_app.opportunities.service.OpportunityService`,
:class:`~counsel_app.partners.service.PartnerDirectory`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.ui import messages
from counsel_app.ui.tasks import run_task


@dataclass
class ListImport:
    """What the dialog needs for one kind of list."""

    title: str
    intro: str
    import_file: Callable  # (path, dry_run) -> ImportReport
    import_sample: Callable  # () -> ImportReport
    save_template: Callable  # (path) -> Path


class ImportListDialog(QDialog):
    def __init__(self, spec: ListImport, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.setWindowTitle(spec.title)
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(spec.intro)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setAccessibleName(_("File to import"))
        self.path.setPlaceholderText(_("a CSV or .xlsx file"))
        self.browse = QPushButton(_("Choose a file…"))
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.dry_run = QCheckBox(_("Only check the file; import nothing (dry run)"))
        self.dry_run.setObjectName("dry_run")
        layout.addWidget(self.dry_run)
        buttons = QHBoxLayout()
        self.start = QPushButton(_("Import"))
        self.start.setObjectName("start_import")
        self.sample = QPushButton(_("Import the sample set"))
        self.sample.setObjectName("import_sample")
        self.template = QPushButton(_("Save the empty template…"))
        for button in (self.start, self.sample, self.template):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setAccessibleName(_("Working"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.report = QPlainTextEdit()
        self.report.setObjectName("import_report")
        self.report.setAccessibleName(_("Import report"))
        self.report.setReadOnly(True)
        layout.addWidget(self.report, 1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.browse.clicked.connect(self._browse)
        self.start.clicked.connect(self._start)
        self.sample.clicked.connect(lambda: self._run(self.spec.import_sample))
        self.template.clicked.connect(self._template)
        self.dry_run.toggled.connect(
            lambda on: self.start.setText(_("Check") if on else _("Import")))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a file"), "", _("Spreadsheets (*.csv *.xlsx);;All files (*)"))
        if path:
            self.path.setText(path)

    def _start(self) -> None:
        path = self.path.text().strip()
        if not path:
            self.report.setPlainText(_("Choose the file to import first."))
            return
        dry_run = self.dry_run.isChecked()
        self._run(lambda: self.spec.import_file(path, dry_run))

    def _run(self, compute) -> None:
        self.report.setPlainText(_("Working…"))
        for button in (self.start, self.sample):
            button.setEnabled(False)
        run_task(self, compute, self._show, self._failed, progress=self.progress)

    def _enable(self) -> None:
        for button in (self.start, self.sample):
            button.setEnabled(True)

    def _show(self, report) -> None:
        self._enable()
        self.report.setPlainText("\n".join(report.lines(None)))

    def _failed(self, exc) -> None:
        self._enable()
        if isinstance(exc, UserError):
            self.report.setPlainText(str(exc))
        else:
            self.report.setPlainText("")
            messages.show_exception(self, exc)

    def _template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the empty template"), "template.xlsx",
            _("Spreadsheets (*.csv *.xlsx)"))
        if not path:
            return
        try:
            saved = self.spec.save_template(path)
        except (UserError, OSError) as exc:
            messages.error(self, str(exc))
            return
        self.report.setPlainText(_("Template saved as {file}.").format(file=saved))


def opportunities_import(ctx) -> ListImport:
    from counsel_app.opportunities.service import OpportunityService, sample_set_path

    service = OpportunityService(ctx)
    return ListImport(
        _("Import opportunities"),
        _("Job offers, trainings, apprenticeships, start-up support and placement services "
          "from a partner's list. Every row is checked; rejected rows are listed with their "
          "row, column and reason. See docs/opportunities.md for the columns."),
        lambda path, dry_run: service.import_file(path, dry_run=dry_run),
        lambda: service.import_file(sample_set_path("csv")),
        service.save_template)


def partners_import(ctx) -> ListImport:
    from counsel_app.partners.service import PartnerDirectory

    directory = PartnerDirectory.for_context(ctx)
    return ListImport(
        _("Import partners"),
        _("Organisations returnees can be referred to, by country and region. Every row is "
          "checked; rejected rows are listed with their row, column and reason. See "
          "docs/opportunities.md for the columns."),
        lambda path, dry_run: directory.import_file(path, dry_run=dry_run),
        directory.import_sample_set,
        directory.save_template)


def open_import(host, which: str) -> None:
    spec = opportunities_import(host.ctx) if which == "opportunities" else \
        partners_import(host.ctx)
    ImportListDialog(spec, host.parent_widget).exec()
