"""Printing for the field from the office workspace: a visit's record or the blank visit
questionnaire, in a document language chosen here, saved as PDF.

The dialog lays out the choice and says, before anything is written, what the print screen
says of a draft translation; the rules (permission, languages, audit) are
:mod:`counsel_app.followup.prints`.
"""

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
from counsel_app.followup.prints import print_questionnaire, print_visit
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.languages import translation_warning
from counsel_app.i18n.names import language_name
from counsel_app.ui.steps.common import error_label, show_error


class FieldPrintDialog(QDialog):
    """Choose the document language and save the PDF (``visit_uid``: a visit's record;
    None: the blank questionnaire)."""

    def __init__(self, ctx, reference: str, visit_uid: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.reference, self.visit_uid = ctx, reference, visit_uid
        self.written: Path | None = None
        self.setObjectName("office_field_print")
        self.setWindowTitle(_("Print the visit record") if visit_uid
                            else _("Print a blank visit questionnaire"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The record of the visit as it was recorded, without the person's "
                         "name.") if visit_uid else
                       _("A paper questionnaire for a visit without power or phone: the 15 "
                         "indicators, the plan's actions and the referrals, with the "
                         "reference and its check number, without the person's name."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("office_print_language")
        self.language.setAccessibleName(_("Document language"))
        here = interface_language()
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(f"{language_name(code, here)} ({code})", code)
        self.language.setCurrentIndex(max(0, self.language.findData(here)))
        self.language.currentIndexChanged.connect(self._advise)
        form.addRow(_("Document language"), self.language)
        layout.addLayout(form)
        self.advice = QLabel()
        self.advice.setObjectName("office_print_advice")
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        self.error = error_label("office_print_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.save_button = buttons.addButton(_("&Save as PDF…"), QDialogButtonBox.AcceptRole)
        self.save_button.setObjectName("office_print_save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._advise()

    def _advise(self) -> None:
        self.advice.setText(translation_warning(self.language.currentData()))

    def save(self) -> None:
        lang = self.language.currentData()
        kind = "visit" if self.visit_uid else "questionnaire"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), f"{kind}-{self.reference}-{lang}.pdf", _("PDF (*.pdf)"))
        if not path:
            return
        out = Path(path)
        try:
            if self.visit_uid:
                print_visit(self.ctx, self.reference, self.visit_uid, lang, out=out)
            else:
                print_questionnaire(self.ctx, self.reference, lang, out=out)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        except OSError as exc:
            show_error(self.error, _("The PDF could not be written to {path}: {reason}")
                       .format(path=out, reason=exc.strerror or exc))
            return
        self.written = out
        self.accept()
