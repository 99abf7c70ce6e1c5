"""The consent texts and their versions (administrators): write a new version, correct
one not used yet; a used version is frozen (:mod:`counsel_app.consent.texts`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
)

from counsel_app import consent
from counsel_app.consent import Purpose
from counsel_app.errors import UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.names import language_name
from counsel_app.ui.steps.common import (
    error_label,
    note_edit,
    select_data,
    show_error,
)


class ConsentTextsDialog(QDialog):
    """The organisation's consent texts: versions per consent and language. A version used
    for a consent is frozen; a new wording is saved as a new version."""

    def __init__(self, ctx, lang: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Consent texts"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.purpose = QComboBox()
        self.purpose.setObjectName("texts_purpose")
        self.purpose.setAccessibleName(_("Consent"))
        for purpose in Purpose:
            self.purpose.addItem(f"({purpose.number}) {_(purpose.label)}", purpose.value)
        form.addRow(_("Consent"), self.purpose)
        self.language = QComboBox()
        self.language.setObjectName("texts_language")
        self.language.setAccessibleName(_("Language"))
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(language_name(code, interface_language()), code)
        select_data(self.language, lang)
        form.addRow(_("Language"), self.language)
        layout.addLayout(form)
        self.versions = QListWidget()
        self.versions.setObjectName("texts_versions")
        self.versions.setAccessibleName(_("Versions"))
        self.versions.setMaximumHeight(100)
        layout.addWidget(self.versions)
        self.title = QLineEdit()
        self.title.setObjectName("texts_title")
        self.title.setAccessibleName(_("Title"))
        layout.addWidget(self.title)
        self.body = note_edit("texts_body", _("Consent text"),
                              _("Plain words; say that the person can say no and change their "
                                "mind at any time without penalty. {recipient} is replaced by "
                                "the office's name."), 8)
        layout.addWidget(self.body)
        self.problem = error_label("texts_problem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.save_new = buttons.addButton(_("Save as a new version"),
                                          QDialogButtonBox.ActionRole)
        self.save_new.setObjectName("texts_save_new")
        self.correct = buttons.addButton(_("Correct this unused version"),
                                         QDialogButtonBox.ActionRole)
        self.correct.setObjectName("texts_correct")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.purpose.currentIndexChanged.connect(lambda _i: self._load())
        self.language.currentIndexChanged.connect(lambda _i: self._load())
        self.versions.currentRowChanged.connect(self._show_version)
        self.save_new.clicked.connect(self._save_new)
        self.correct.clicked.connect(self._correct)
        self.resize(640, 520)
        self.texts: list = []
        self._load()

    def _load(self) -> None:
        purpose, lang = Purpose(self.purpose.currentData()), self.language.currentData()
        consent.text_for(self.ctx, purpose, lang)  # the default is stored on first use
        self.texts = consent.service.texts_of(self.ctx).versions(purpose, lang)
        self.versions.clear()
        for text in self.texts:
            state = _("used, frozen") if text.frozen else _("not used yet")
            origin = _("default text") if text.is_default else _("the organisation's text")
            self.versions.addItem(_("Version {version}: {title} ({origin}, {state})").format(
                version=text.version, title=text.title, origin=origin, state=state))
        if self.texts:
            self.versions.setCurrentRow(len(self.texts) - 1)
        else:  # no translation: the English text is used for this language
            self.title.clear()
            self.body.clear()
            self.correct.setEnabled(False)

    def _show_version(self, row: int) -> None:
        if not 0 <= row < len(self.texts):
            return
        text = self.texts[row]
        self.title.setText(text.title)
        self.body.setPlainText(text.body)
        self.correct.setEnabled(not text.frozen)
        show_error(self.problem, "")

    def _save_new(self) -> None:
        try:
            consent.write_text_version(self.ctx, Purpose(self.purpose.currentData()),
                                       self.language.currentData(), self.title.text(),
                                       self.body.toPlainText())
        except UserError as exc:
            show_error(self.problem, str(exc))
            return
        self._load()

    def _correct(self) -> None:
        row = self.versions.currentRow()
        if not 0 <= row < len(self.texts):
            return
        try:
            self.ctx.require("settings.manage")
            consent.service.texts_of(self.ctx).edit(self.texts[row].id, self.title.text(),
                                                    self.body.toPlainText())
        except UserError as exc:
            show_error(self.problem, str(exc))
            return
        self._load()
