"""The plan's texts in the person's language, written side by side with the counsellor's.

Each free text of the plan (summary, assistance, purchases, arrival, contacts, follow-up,
goals and actions, notes) on one row: the counsellor's words on the left, the same in the
person's language on the right, typed by the counsellor or the interpreter (never a
machine). The plan prints the right-hand words on pages in that language
(:func:`counsel_app.documents.typed_text.typed_spans`). A view over
:class:`counsel_app.plan.model.ReturneeTexts`: the dialog edits a copy and hands it back.
The travel sheet's texts use the same dialog (:func:`edit_sheet_texts`): anything with
``text_language``, ``returnee`` and ``free_texts()`` (a plan, a travel record). A text
typed in the person's language (an office's after arrival) is not listed for it
(:func:`counsel_app.plan.model.texts_to_write`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from counsel_app.i18n import _, document_translator, interface_language, is_rtl
from counsel_app.i18n.languages import document_languages
from counsel_app.i18n.names import language_name
from counsel_app.plan.model import (
    ReintegrationPlan,
    ReturneeTexts,
    text_typed_in,
    texts_to_write,
)


class ReturneeTextsDialog(QDialog):
    def __init__(self, plan: ReintegrationPlan, lang: str = "", parent=None, *,
                 title: str = "", intro: str = ""):
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("plan_returnee_texts")
        self.setWindowTitle(title or _("The plan in the person's language"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(intro or _(
            "Write what each text of the plan says in the person's language: "
            "you or the interpreter, never a translation machine. A page in "
            "that language prints these words; a text left empty prints as "
            "written, with a note naming its language. A text you change later "
            "needs its words written again."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("plan_returnee_lang")
        self.language.setAccessibleName(_("The person's language"))
        shown = interface_language()
        self.rows = plan.free_texts()
        # each text in the language it was typed in (the plan's first counsellor's, an
        # office's after arrival): a language all of them are in needs no words
        written = sorted({text_typed_in(plan, text) for _where, text in self.rows}
                         or {plan.text_language})
        for info in document_languages():
            if [info.code] != written:
                self.language.addItem(language_name(info.code, shown), info.code)
        start = self.language.findData(lang or plan.returnee.lang)
        self.language.setCurrentIndex(max(start, 0))
        form.addRow(_("The person's language"), self.language)
        named = [language_name(code, shown) for code in written if code]
        self.written_in = QLabel(", ".join(named) if named else _("not recorded"))
        self.written_in.setObjectName("plan_returnee_written_in")
        form.addRow(_("The plan is written in"), self.written_in)
        layout.addLayout(form)
        self.replacing = QLabel()
        self.replacing.setObjectName("plan_returnee_replacing")
        self.replacing.setWordWrap(True)
        layout.addWidget(self.replacing)

        labels = document_translator(shown)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setObjectName("plan_returnee_table")
        self.table.setAccessibleName(_("Texts of the plan and the same in the person's "
                                       "language"))
        self.table.setHorizontalHeaderLabels([_("Where"), _("As written"),
                                              _("In the person's language")])
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        for row, (where, text) in enumerate(self.rows):
            for column, value in ((0, labels.gettext(where)), (1, text)):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                self.table.setItem(row, column, item)
            self.table.setItem(row, 2, QTableWidgetItem(""))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self._show_language)
        self._show_language()
        self.table.resizeRowsToContents()

    def lang(self) -> str:
        return self.language.currentData() or ""

    def _show_language(self) -> None:
        """The words already written for the chosen language (none for another one)."""
        lang = self.lang()
        stored = self.plan.returnee
        align = (Qt.AlignRight if is_rtl(lang) else Qt.AlignLeft) | Qt.AlignVCenter
        # a text typed in the chosen language already says it in the person's words
        needed = {text for _where, text in texts_to_write(self.plan, lang)}
        for row, (_where, text) in enumerate(self.rows):
            item = self.table.item(row, 2)
            item.setText(stored.get(text, lang) if text in needed else "")
            item.setTextAlignment(align)
            self.table.setRowHidden(row, text not in needed)
        other = stored.lang and stored.lang != lang and stored.texts
        self.replacing.setText(_("The plan holds texts in {old}: saving texts in {new} "
                                 "replaces them.").format(
            old=language_name(stored.lang, interface_language()),
            new=language_name(lang, interface_language())) if other else "")
        self.replacing.setVisible(bool(other))

    def returnee_texts(self) -> ReturneeTexts:
        """What the dialog holds: the chosen language and the words written for it."""
        texts = {}
        for row, (_where, text) in enumerate(self.rows):
            written = self.table.item(row, 2).text().strip()
            if written and not self.table.isRowHidden(row):
                texts[text] = written
        return ReturneeTexts(self.lang(), texts)


def edit_returnee_texts(plan: ReintegrationPlan, lang: str, parent=None) -> bool:
    """Open the dialog on ``plan``; on OK put its texts into the plan (True)."""
    dialog = ReturneeTextsDialog(plan, lang, parent)
    if dialog.exec() != QDialog.Accepted:
        return False
    plan.returnee = dialog.returnee_texts()
    return True


def edit_sheet_texts(record, lang: str, parent=None) -> bool:
    """The same for a travel record (its texts on the travel sheet)."""
    dialog = ReturneeTextsDialog(
        record, lang, parent, title=_("The travel sheet in the person's language"),
        intro=_("Write what each text of the travel sheet says in the person's language: "
                "you or the interpreter, never a translation machine. A sheet in that "
                "language prints these words; a text left empty prints as written, with a "
                "note naming its language. A text you change later needs its words "
                "written again."))
    dialog.setObjectName("travel_returnee_texts")
    if dialog.exec() != QDialog.Accepted:
        return False
    record.returnee = dialog.returnee_texts()
    return True
