"""Questions to the office in the country of origin, from the information step: the
country's questions (open, sent, answered) and a form for a new one. The form refuses
personal data (``country_info.questions``); the service records and audits.

A question being written is :class:`QuestionDraft` (plain data): a change of the interface
language opens the dialog again on the step made again, with it (see
``InformationStep.arrangement``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.names import country_name, region_name
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel


@dataclass(frozen=True)
class QuestionDraft:
    """A question being written (not recorded): its topic (a library section), region and
    text; ``refused``: the dialog said why it could not be recorded (the dialog made again
    checks it again and says it in its language, :meth:`OfficeQuestionsDialog.recheck`)."""

    topic: str
    region: str
    text: str
    refused: bool = False


class OfficeQuestionsDialog(QDialog):
    def __init__(self, ctx, case, library, parent=None, draft: QuestionDraft | None = None):
        super().__init__(parent)
        from country_info import SECTIONS, section_title

        self.ctx, self.case, self.library = ctx, case, library
        self.country = case.return_country
        self.setObjectName("office_questions_dialog")
        self.setWindowTitle(_("Questions to the office — {country}").format(
            country=country_name(self.country, interface_language())))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Ask the office in the country of origin what the library cannot answer. "
                         "Write no personal data: no name, phone number or date of birth."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.questions = QListWidget()
        self.questions.setObjectName("office_questions")
        self.questions.setAccessibleName(_("Questions to the office"))
        self.questions.setWordWrap(True)
        layout.addWidget(self.questions, 1)
        form = QFormLayout()
        self.topic = QComboBox()
        self.topic.setObjectName("question_topic")
        for name in SECTIONS:
            self.topic.addItem(section_title(name), name)
        form.addRow(_("&Topic:"), self.topic)
        self.region = QLineEdit(case.return_region or "")
        self.region.setObjectName("question_region")
        self.region.setPlaceholderText(_("ISO 3166-2 region, e.g. IQ-BA"))
        form.addRow(_("&Region:"), self.region)
        self.text = QPlainTextEdit()
        self.text.setObjectName("question_text")
        self.text.setAccessibleName(_("The question"))
        self.text.setMaximumHeight(90)
        form.addRow(_("&Question:"), self.text)
        layout.addLayout(form)
        self.error = MessageLabel()
        self.error.setObjectName("question_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.style("error"))
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.record = QPushButton(_("&Record the question"))
        self.record.setObjectName("record_question")
        self.record.clicked.connect(self.record_question)
        row.addWidget(self.record)
        row.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        if draft is not None:
            self.topic.setCurrentIndex(max(0, self.topic.findData(draft.topic)))
            self.region.setText(draft.region)
            self.text.setPlainText(draft.text)
            if draft.refused:
                self.recheck()
        self.refresh()

    def draft(self) -> QuestionDraft:
        """The question as written so far."""
        return QuestionDraft(self.topic.currentData(), self.region.text(),
                             self.text.toPlainText(), refused=bool(self.error.text()))

    def recheck(self) -> None:
        """Say again, in the interface language, why the question as written cannot be
        recorded (the service's rule, nothing recorded); nothing when it now can."""
        from counsel_app.services.office_questions import question_problem

        self.error.setText(question_problem(
            self.country, self.topic.currentData(), self.text.toPlainText(),
            region=self.region.text(), case=self.case))

    def refresh(self) -> None:
        from counsel_app.services.office_questions import questions
        from country_info import section_title

        self.questions.clear()
        statuses = questions(self.ctx, self.library, country=self.country)
        for s in statuses:
            q = s.question
            state = (_("answered: {items}").format(items=", ".join(s.answers)) if s.answered
                     else _("sent {dates}").format(dates=", ".join(q.sent)) if q.sent else _("not sent yet"))
            where = f"{section_title(q.topic)}{', ' + region_name(q.region, interface_language()) if q.region else ''}"
            self.questions.addItem(f"{q.asked}  {q.text}  [{state}]\n    {where}")
        if not statuses:
            self.questions.addItem(_("No questions."))

    def record_question(self) -> None:
        from counsel_app.services.office_questions import ask

        try:
            ask(self.ctx, self.country, self.topic.currentData(), self.text.toPlainText(),
                region=self.region.text(), case=self.case)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self.text.clear()
        self.refresh()


def open_office_questions(ctx, case, library, parent=None,
                          draft: QuestionDraft | None = None) -> OfficeQuestionsDialog:
    dialog = OfficeQuestionsDialog(ctx, case, library, parent=parent, draft=draft)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog
