"""Session step 7, consent: each consent given or refused on its own, with the text version
and language, interpreter, method, teach-back, legal capacity; withdrawal; the printed form.

A thin widget over :mod:`counsel_app.consent`: the rules (what blocks recording, what is in
force) and the use-cases (record and mark consented, withdraw) come from there; the widget
only gathers input and shows the answers. The rows are :mod:`counsel_app.ui.consent_rows`,
the legal-capacity and standing boxes :mod:`counsel_app.ui.consent_panels`,
the texts dialog :mod:`counsel_app.ui.consent_texts_dialog`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)
from PySide6.QtCore import Qt

from counsel_app import consent
from counsel_app.consent import (
    Circumstances,
    InterpreterInfo,
    Method,
    Purpose,
)
from counsel_app.consent.form import consent_form_data, form_renderer
from counsel_app.domain.case import utcnow
from counsel_app.errors import UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.names import language_name
from counsel_app.ui import messages, theme
from counsel_app.ui.consent_panels import CapacityBox, StandingBox
from counsel_app.ui.consent_rows import NOT_ASKED, ConsentRows, _Row, trusted_offices
from counsel_app.ui.consent_texts_dialog import ConsentTextsDialog
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import (
    error_label,
    language_combo,
    note_edit,
    scroll_page,
    select_data,
    show_error,
)


class ConsentStep(ConsentRows, SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        self.ctx = services.ctx
        area, page = scroll_page(_("Consent"), _(
            "Ask for each consent separately: the person may say yes to some and no to "
            "others. Saying no, or changing their mind later, is never held against them."))
        outer = QVBoxLayout(self)
        outer.addWidget(area, 1)
        self.rows: list[_Row] = []
        self._office_names: dict[str, str] = {}  # trusted office fingerprint -> name
        #: consent texts read for the rows shown, by (purpose, language); read again by
        #: _show_texts (language changed, texts edited, step reloaded)
        self._texts: dict[tuple, object] = {}

        # -- how consent is taken --------------------------------------------------------
        how = QGroupBox(_("How consent is taken"))
        form = QFormLayout(how)
        self.language = QComboBox()
        self.language.setObjectName("consent_language")
        self.language.setAccessibleName(_("Language of the consent text"))
        lang = interface_language()
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(language_name(code, lang), code)
        form.addRow(_("Language of the text"), self.language)
        self.method = QComboBox()
        self.method.setObjectName("consent_method")
        self.method.setAccessibleName(_("How consent is given"))
        for method in Method:
            self.method.addItem(_(method.label), method.value)
        form.addRow(_("How it is given"), self.method)
        self.interpreted = QCheckBox(_("An interpreter interpreted the text"))
        self.interpreted.setObjectName("consent_interpreted")
        form.addRow("", self.interpreted)
        self.interpreter_language = language_combo("consent_interpreter_language",
                                                   _("Interpreter's language"))
        form.addRow(_("Interpreter's language"), self.interpreter_language)
        self.interpreter_name = QLineEdit()
        self.interpreter_name.setObjectName("consent_interpreter_name")
        self.interpreter_name.setAccessibleName(_("Interpreter's name or id"))
        form.addRow(_("Interpreter's name or id"), self.interpreter_name)
        self.counsellor = QLineEdit(self.ctx.user)
        self.counsellor.setObjectName("consent_counsellor")
        self.counsellor.setAccessibleName(_("Counsellor"))
        form.addRow(_("Counsellor"), self.counsellor)
        page.addWidget(how)

        # -- the consents ----------------------------------------------------------------
        self.items_box = QGroupBox(_("Consents"))
        self.items_layout = QVBoxLayout(self.items_box)
        for purpose in Purpose:
            self._add_row(purpose)
        self.add_recipient = QPushButton(_("Add another office or partner"))
        self.add_recipient.setObjectName("consent_add_recipient")
        self.add_recipient.clicked.connect(lambda: self._add_row(Purpose.SHARE_WITH_RECIPIENT))
        self.items_layout.addWidget(self.add_recipient)
        page.addWidget(self.items_box)

        # -- teach-back ------------------------------------------------------------------
        teach = QGroupBox(_("Teach-back"))
        tl = QVBoxLayout(teach)
        self.teach_back = QCheckBox(_("The person explained back, in their own words, what "
                                      "they agree to"))
        self.teach_back.setObjectName("consent_teach_back")
        tl.addWidget(self.teach_back)
        self.teach_back_note = note_edit("consent_teach_back_note", _("Teach-back note"),
                                         _("What the person said, briefly"), 2)
        tl.addWidget(self.teach_back_note)
        page.addWidget(teach)

        # -- legal capacity ------------------------------------------------------------
        cap = self.capacity_box = CapacityBox()
        self.capacity_reason, self.lacks_capacity = cap.capacity_reason, cap.lacks_capacity
        self.guardian_name, self.guardian_relation = cap.guardian_name, cap.guardian_relation
        self.guardian_contact, self.best_interests = cap.guardian_contact, cap.best_interests
        self.signer = cap.signer
        page.addWidget(cap)

        self.blockers = error_label("consent_blockers")
        # what stops recording, and the button, stay in view under the page (1366x768: the
        # consents above scroll, recording never needs scrolling); the button keeps its
        # place at the bottom whatever the message's length
        footer = QHBoxLayout()
        footer.addWidget(self.blockers, 1)
        self.record_button = QPushButton(_("Record these consents"))
        self.record_button.setObjectName("consent_record")
        self.record_button.clicked.connect(self._record)
        footer.addWidget(self.record_button, 0, Qt.AlignBottom)
        outer.addLayout(footer)

        # -- where consent stands --------------------------------------------------------
        stands = self.stands = StandingBox(self.ctx.allows("settings.manage"))
        self.standing, self.integrity = stands.standing, stands.integrity
        self.withdraw_reason = stands.withdraw_reason
        self.withdraw_selected, self.withdraw_all = stands.withdraw_selected, stands.withdraw_all
        self.print_button, self.texts_button = stands.print_button, stands.texts_button
        self.withdraw_selected.clicked.connect(lambda: self._withdraw(selected_only=True))
        self.withdraw_all.clicked.connect(lambda: self._withdraw(selected_only=False))
        self.print_button.clicked.connect(self._print)
        self.texts_button.clicked.connect(self._edit_texts)
        page.addWidget(stands)
        page.addStretch(1)

        for signal in (self.interpreted.toggled, self.lacks_capacity.toggled,
                       self.teach_back.toggled):
            signal.connect(lambda _v: self._update())
        for edit in (self.interpreter_name, self.counsellor, *cap.edits()):
            edit.textChanged.connect(lambda _t: self._update())
        self.teach_back_note.textChanged.connect(self._update)
        self.interpreter_language.currentIndexChanged.connect(lambda _i: self._update())
        self.language.currentIndexChanged.connect(lambda _i: self._show_texts())
        self.state = None
        self.reload()

    # -- data -> widgets --------------------------------------------------------------------
    def reload(self) -> None:
        offices = trusted_offices(self.ctx)  # once for every sharing row
        for row in self.rows:
            if row.office is not None:
                self._fill_offices(row.office, offices)
        case = self.services.case
        preferred = case.person.preferred_language
        select_data(self.language, preferred if preferred in DOCUMENT_LANGUAGES else "en")
        if case.interpreter and not self.interpreter_name.text():
            self.interpreted.setChecked(True)
            select_data(self.interpreter_language, case.interpreter.language)
            self.interpreter_name.setText(case.interpreter.name_or_id)
        self._show_texts()
        self._show_state()
        self._show_recorded()
        self._show_confidential_row()
        self._update()

    def entered(self) -> None:
        offices = trusted_offices(self.ctx)  # an office's key may have been trusted since
        for row in self.rows:
            if row.office is not None:
                self._fill_offices(row.office, offices)
        self._show_confidential_row()  # the screening may have changed a flag since
        self._update()

    def leaving(self) -> bool:
        """Answers marked but not recorded: ask before leaving them behind."""
        if not self.unrecorded():
            return True
        return messages.ask(self, _(
            "Some answers on this step are not recorded yet. Leave the step without "
            "recording them?"), _("Leave the consent step"))

    def _show_confidential_row(self) -> None:
        """Consent 7 is asked only when the consent service says so."""
        record = self.services.record
        flags = set(record.screening.flags) if record is not None else set()
        show = consent.asks_confidential(self.ctx, flags, self.state)
        for row in self.rows:
            if row.purpose is Purpose.SHARE_CONFIDENTIAL:
                row.box.setVisible(show)
                if not show:
                    row.group.button(NOT_ASKED).setChecked(True)

    def _show_state(self) -> None:
        self.state = self.stands.show_state(self.ctx, self.services.case.reference,
                                            self.state)

    # -- widgets -> data --------------------------------------------------------------------
    def circumstances(self) -> Circumstances:
        return Circumstances(
            language=self._lang(), method=Method(self.method.currentData()),
            counsellor=self.counsellor.text().strip(), at=utcnow(),
            interpreter=InterpreterInfo(self.interpreted.isChecked(),
                                        self.interpreter_language.currentData() or "",
                                        self.interpreter_name.text().strip())
            if self.interpreted.isChecked() else InterpreterInfo(),
            teach_back_done=self.teach_back.isChecked(),
            teach_back_note=self.teach_back_note.toPlainText().strip(),
            capacity=self.capacity_box.capacity(),
            signer=self.capacity_box.chosen_signer(),
        )

    def _update(self) -> None:
        case, circumstances = self.services.case, self.circumstances()
        self.capacity_reason.setText(consent.capacity_note(case, circumstances, date.today()))
        note = consent.nothing_to_record(self.state, self.choices())
        if note:  # nothing done yet, or everything shown is recorded: a note, no error
            self.blockers.setStyleSheet(theme.style("plain"))
            show_error(self.blockers, note)
            self.record_button.setEnabled(False)
            return
        reasons = consent.recording_blockers(case, circumstances, self.unrecorded())
        self.blockers.setStyleSheet(theme.style("error"))
        show_error(self.blockers, "\n".join(reasons))
        self.record_button.setEnabled(not reasons)

    def _record(self) -> None:
        choices, circumstances = self.unrecorded(), self.circumstances()
        self.services.save_now()  # the case's own edits first, so nothing conflicts
        try:
            message = consent.record_and_report(self.ctx, self.services.case, choices,
                                                circumstances)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self._refresh_case()
        self.teach_back.setChecked(False)
        self.teach_back_note.clear()
        self._show_state()
        self._show_recorded()  # the answers as recorded, not reset to "not asked"
        self._update()
        messages.info(self, message)

    def _withdraw(self, *, selected_only: bool) -> None:
        items = None
        if selected_only:
            items = [k for k in self.stands.selected()
                     if self.state and self.state.is_given(*k)]
            if not items:
                messages.info(self, _("Select the consents to withdraw in the list first."))
                return
        question = consent.withdrawal_question(self.state, items)
        if not messages.ask(self, question, _("Withdraw consent")):
            return
        self.services.save_now()
        try:
            consent.withdraw(self.ctx, self.services.case.reference, items,
                             reason=self.withdraw_reason.text().strip(),
                             counsellor=self.counsellor.text().strip())
        except UserError as exc:
            messages.warn(self, str(exc))
        self._refresh_case()
        self.withdraw_reason.clear()
        self._show_state()
        self._show_recorded()
        self._update()

    def _refresh_case(self) -> None:
        """The services changed the case's status: take the stored case (and version)."""
        holder = self.services.holder
        holder.case = self.ctx.cases.get(holder.case.id)
        refresh = self.services.extras.get("case_replaced")
        if refresh is not None:
            refresh()  # the wizard's header and step list show the new status

    def _print(self) -> None:
        renderer = form_renderer()
        if renderer is None:
            messages.info(self, _("This version cannot print the consent form yet."))
            return
        reference = self.services.case.reference
        default = str(Path.home() / f"{reference}-consent-{self._lang()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the consent form"), default,
                                                    _("PDF files (*.pdf)"))
        if not path:
            return
        try:
            recipients = {r.recipient_id.text().strip(): r.recipient_name.text().strip()
                          for r in self.rows if r.recipient_id is not None
                          and r.recipient_id.text().strip()}
            data = consent_form_data(self.ctx, reference, self._lang(),
                                     interface_language(), recipients=recipients)
            renderer(data, Path(path))
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        messages.info(self, _("The consent form was saved to {path}. Give the person their "
                              "copy.").format(path=path))

    def _edit_texts(self) -> None:
        dialog = ConsentTextsDialog(self.ctx, self._lang(), self)
        dialog.exec()
        self._show_texts()

    def summary(self) -> str:
        return consent.in_force_summary(self.state)
