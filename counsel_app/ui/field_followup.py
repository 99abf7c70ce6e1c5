"""Field follow-up from the desktop: save the follow-up form for phones (XLSForm), and read
back what the phones sent (a KoboToolbox or ODK Central export): first what would be
recorded and every problem, row by row, then record on request. The reading and the rules
are :mod:`counsel_app.followup.submissions` (the same as ``counsel-app followup
import-submissions``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _


class FieldFollowupDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self.setWindowTitle(_("Follow-up in the field"))
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Caseworkers fill the follow-up form on a phone (KoboToolbox or ODK Collect), "
            "without a connection. Save the form here and upload it to your server; later, "
            "read the server's export of the answers back. A visit is matched to its case by "
            "the reference and its check number, never by a name."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.save_form = QPushButton(_("Save the form for phones…"))
        self.save_form.setObjectName("save_xlsform")
        self.read = QPushButton(_("Read an export of answers…"))
        self.read.setObjectName("read_submissions")
        row.addWidget(self.save_form)
        row.addWidget(self.read)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(" ")
        self.status.setObjectName("field_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.rows = QListWidget()
        self.rows.setObjectName("submission_rows")
        self.rows.setAccessibleName(_("What the export holds"))
        layout.addWidget(self.rows, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.record = buttons.addButton(_("&Record these visits"), QDialogButtonBox.ActionRole)
        self.record.setObjectName("record_submissions")
        self.record.setEnabled(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_form.clicked.connect(self._save_form)
        self.read.clicked.connect(self._read)
        self.record.clicked.connect(self._record)
        self.resize(760, 460)

    def _save_form(self) -> None:
        from counsel_app.followup.xlsform import write_xlsform

        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the form for phones"), "followup-form.xlsx", _("XLSForm (*.xlsx)"))
        if not path:
            return
        try:
            form = write_xlsform(Path(path))
        except OSError as exc:
            self.status.setText(_("The form could not be written to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc))
            return
        self.status.setText(_("Saved {path} (languages: {languages}).").format(
            path=path, languages=", ".join(form.languages)))

    def _read(self) -> None:
        from counsel_app.followup.submissions import read_submissions

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Read an export of answers"), "", _("Exports (*.csv *.xlsx)"))
        if not path:
            return
        try:
            self.report = read_submissions(path)
        except UserError as exc:
            self.report = None
            self.rows.clear()
            self.record.setEnabled(False)
            self.status.setText(str(exc))
            return
        self._show()

    def _show(self) -> None:
        report = self.report
        self.rows.clear()
        from counsel_app.followup.submissions import check_summary, preview_line

        for item in report.good:
            self.rows.addItem(preview_line(item))
        for row, problem in report.problems:
            self.rows.addItem(_("row {row}: not recorded: {problem}").format(
                row=row, problem=problem))
        self.status.setText(check_summary(report))
        self.record.setEnabled(bool(report.good) and not report.recorded)

    def _record(self) -> None:
        from counsel_app.followup.submissions import record_submissions, record_summary

        if self.report is None:
            return
        record_submissions(self.ctx, self.report)
        self.record.setEnabled(False)
        self.rows.clear()
        for row, problem in self.report.problems:
            self.rows.addItem(_("row {row}: not recorded: {problem}").format(
                row=row, problem=problem))
        self.status.setText(record_summary(self.report))


def open_field_followup(host) -> None:
    FieldFollowupDialog(host.ctx, host.parent_widget).exec()
