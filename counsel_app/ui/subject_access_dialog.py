"""Case > Copy of the person's data…: the subject-access copy (everything held about the
person) in the language they choose, saved as a PDF to give them. A view over
:func:`counsel_app.security.subject_access.write_subject_access`; the dialog decides
nothing (the language rule and the warning come from the services)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.i18n.languages import document_languages, translation_warning
from counsel_app.security.subject_access import copy_language, write_subject_access
from counsel_app.ui import messages
from counsel_app.ui.steps.common import select_data


class SubjectAccessDialog(QDialog):
    def __init__(self, ctx, case, parent=None):
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.setObjectName("subject_access_dialog")
        self.setWindowTitle(_("Copy of the person's data — {reference}").format(
            reference=case.reference))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Everything this office holds about the person, in plain words, to "
                         "give them. Choose the language they read."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("subject_access_language")
        self.language.setAccessibleName(_("Language of the copy"))
        for info in document_languages():
            self.language.addItem(info.display_name(), info.code)
        select_data(self.language, copy_language(None, case.person.preferred_language))
        form.addRow(_("Language of the copy"), self.language)
        layout.addLayout(form)
        self.warning = QLabel()
        self.warning.setObjectName("subject_access_warning")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.save = buttons.addButton(_("Save the copy…"), QDialogButtonBox.AcceptRole)
        self.save.setObjectName("subject_access_save")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self._show_warning)
        self._show_warning()

    def lang(self) -> str:
        return self.language.currentData()

    def _show_warning(self) -> None:
        text = translation_warning(self.lang())  # the same words as the command line
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def _save(self) -> None:
        default = str(Path.home() / f"{self.case.reference}-copy-{self.lang()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the copy"), default,
                                                    _("PDF files (*.pdf)"))
        if not path:
            return
        try:
            write_subject_access(self.ctx, self.case.id, Path(path), lang=self.lang())
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        messages.info(self, _("The copy was saved to {path}. Give it to the person.").format(
            path=path))
        self.accept()


def open_subject_access(host) -> None:
    """Case > Copy of the person's data… (the menu action, see counsel_app.areas)."""
    case_id = host.current_case_id()
    if case_id is None:
        return
    SubjectAccessDialog(host.ctx, host.ctx.cases.get(case_id), host.parent_widget).exec()
