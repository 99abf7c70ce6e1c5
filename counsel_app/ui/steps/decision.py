"""Step 6, voluntariness and decision: the three elements with notes, the guardian's part
for a person who cannot decide alone, then the decision — or its withdrawal.

A view over :mod:`counsel_app.session.decision`: every edit goes through its plain
functions, the reasons a decision cannot be recorded come from there, and recording or
withdrawing the decision is its service (the same the command line and the demo call).
*Needs more time* and *declined* can always be recorded, and a withdrawal is never refused.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from counsel_app.domain.case import guardian_needed
from counsel_app.domain.enums import Decision
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.session import decision as service
from counsel_app.session.voluntariness import ELEMENTS, GUARDIAN_DECISIONS
from counsel_app.ui import messages
from counsel_app.ui import theme
from counsel_app.ui.date_field import DateField
from counsel_app.ui.message_label import MessageLabel
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import (
    note_edit,
    scroll_page,
    select_data,
    set_text_keep_cursor,
)

HOLDS, NOT_HOLD, UNKNOWN = 1, 0, 2
_GUARDIAN_TEXT = ("name", "relation", "contact", "best_interests_ref")


class GuardianBox(QGroupBox):
    """The guardian's part of legal capacity: structured fields, not only a note."""

    def __init__(self, on_change, parent=None):
        super().__init__(_("Guardian (a child, a person whose age is not known, or a person "
                           "who cannot decide alone)"), parent)
        self.setObjectName("guardian_box")
        form = QFormLayout(self)
        self.needed = QLabel()
        self.needed.setObjectName("guardian_needed")
        self.needed.setWordWrap(True)
        # two lines kept: its sentence changes length when capacity is ticked, and the
        # controls around must not move
        self.needed.setMinimumHeight(self.needed.fontMetrics().lineSpacing() * 2 + 2)
        form.addRow(self.needed)
        self.lacks_capacity = QCheckBox(_("The person lacks the capacity to decide alone"))
        self.lacks_capacity.setObjectName("guardian_lacks_capacity")
        form.addRow("", self.lacks_capacity)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in (("name", _("Guardian's name")),
                           ("relation", _("Guardian's relation or role")),
                           ("contact", _("Guardian's contact")),
                           ("best_interests_ref", _("Best-interests determination reference"))):
            edit = QLineEdit()
            edit.setObjectName(f"guardian_{key}")
            edit.setAccessibleName(label)
            edit.textEdited.connect(lambda text, k=key: on_change(**{k: text.strip()}))
            form.addRow(label, edit)
            self.edits[key] = edit
        self.decision = QComboBox()
        self.decision.setObjectName("guardian_decision")
        self.decision.setAccessibleName(_("The guardian's decision"))
        self.decision.addItem(_("— not recorded —"), "")
        for value, label in GUARDIAN_DECISIONS.items():
            self.decision.addItem(_(label), value)
        form.addRow(_("The guardian's decision"), self.decision)
        self.lacks_capacity.toggled.connect(lambda on: on_change(lacks_capacity=on))
        self.decision.activated.connect(
            lambda _i: on_change(decision=self.decision.currentData() or ""))

    def show_guardian(self, guardian, why: str | None) -> None:
        self.needed.setText(_("{why} Their guardian decides with them: record who the guardian "
                              "is, their decision and the best-interests determination.")
                            .format(why=why) if why else
                            _("The person can decide alone; nothing is needed here."))
        self.lacks_capacity.blockSignals(True)
        self.lacks_capacity.setChecked(guardian.lacks_capacity)
        self.lacks_capacity.blockSignals(False)
        for key, edit in self.edits.items():
            set_text_keep_cursor(edit, getattr(guardian, key))
        select_data(self.decision, guardian.decision)


class DecisionStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Voluntariness and decision"), _(
            "A return is voluntary only when all three elements hold. Needing more time and "
            "declining are valid outcomes, recorded with the same care. The person may "
            "withdraw their decision at any time."))
        self._outer = QVBoxLayout(self)
        self._outer.addWidget(area, 1)
        self.groups: dict[str, QButtonGroup] = {}
        self.notes = {}
        for key, (label, hint) in ELEMENTS.items():
            box = QGroupBox(_(label))
            box.setObjectName(f"element_{key}")
            bl = QVBoxLayout(box)
            text = QLabel(_(hint))
            text.setWordWrap(True)
            bl.addWidget(text)
            row = QHBoxLayout()
            group = QButtonGroup(self)
            for value, caption, suffix in ((HOLDS, _("Holds"), "yes"),
                                           (NOT_HOLD, _("Does not hold"), "no"),
                                           (UNKNOWN, _("Not assessed yet"), "unknown")):
                radio = QRadioButton(caption)
                radio.setObjectName(f"{key}_{suffix}")
                radio.setAccessibleName(f"{_(label)}: {caption}")
                group.addButton(radio, value)
                row.addWidget(radio)
            row.addStretch(1)
            bl.addLayout(row)
            note = note_edit(f"{key}_note", _("Note on “{element}”").format(element=_(label)),
                             _("How you checked it"), 2)
            bl.addWidget(note)
            group.idClicked.connect(lambda value, k=key: self._element(k, value))
            note.textChanged.connect(lambda k=key, n=note: self._element_note(k, n))
            self.groups[key] = group
            self.notes[key] = note
            if key == "legal_capacity":
                self.guardian = GuardianBox(self._guardian_changed)
                bl.addWidget(self.guardian)
            page.addWidget(box)
        page.addWidget(self._decision_box())
        self.history = QListWidget()
        self.history.setObjectName("decision_history")
        self.history.setAccessibleName(_("Decisions recorded"))
        self.history.setMaximumHeight(110)
        page.addWidget(QLabel(_("Decisions recorded")))
        page.addWidget(self.history)
        page.addStretch(1)
        self.decision_group.idClicked.connect(lambda _i: self._update_blockers())
        self.record_button.clicked.connect(self._record)
        self.withdraw_button.clicked.connect(self._withdraw)
        self._loading = False
        self.reload()

    def _decision_box(self) -> QGroupBox:
        """The decision's date, counsellor and note in the page; the choice itself, what
        stops it and the buttons in a bar under the page, always in view (1366x768)."""
        box = QGroupBox(_("Decision"))
        form = QFormLayout(box)
        self.decided_on = DateField("decided_on", _("Date of the decision"), required=True,
                                    maximum=date.today())
        self.decided_on.setDate(date.today())
        form.addRow(_("Date"), self.decided_on)
        self.counsellor = QLineEdit(self.services.ctx.user)
        self.counsellor.setObjectName("counsellor")
        self.counsellor.setAccessibleName(_("Counsellor"))
        form.addRow(_("Counsellor"), self.counsellor)
        self.decision_note = note_edit("decision_note", _("Note on the decision"),
                                       _("In the person's words, where possible"), 3)
        form.addRow(_("Note"), self.decision_note)

        bar = QGroupBox(_("The person decides"))
        bar.setObjectName("decision_bar")
        bar_layout = QVBoxLayout(bar)
        self.blockers = MessageLabel()
        self.blockers.setObjectName("decision_blockers")
        self.blockers.setWordWrap(True)
        self.blockers.setStyleSheet(theme.style("error"))
        bar_layout.addWidget(self.blockers)
        row = QHBoxLayout()
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[str, QRadioButton] = {}
        for i, decision in enumerate(Decision):
            radio = QRadioButton(_(decision.label))
            radio.setObjectName(f"decision_{decision.value}")
            radio.setAccessibleName(_("Decision: {decision}").format(decision=_(decision.label)))
            self.decision_group.addButton(radio, i)
            self.decision_buttons[decision.value] = radio
            row.addWidget(radio)
        row.addStretch(1)
        self.record_button = QPushButton(_("Record the decision"))
        self.record_button.setObjectName("record_decision")
        self.record_button.setAccessibleName(_("Record the decision"))
        row.addWidget(self.record_button)
        self.withdraw_button = QPushButton(_("The person withdraws their decision…"))
        self.withdraw_button.setObjectName("withdraw_decision")
        self.withdraw_button.setAccessibleName(_("The person withdraws their decision"))
        row.addWidget(self.withdraw_button)
        bar_layout.addLayout(row)
        self._outer.addWidget(bar)
        return box

    # -- data -> widgets ------------------------------------------------------------------
    def reload(self) -> None:
        vol = self.services.record.voluntariness
        self._loading = True
        for key, group in self.groups.items():
            holds = vol.elements[key].holds
            group.button(UNKNOWN if holds is None else (HOLDS if holds else NOT_HOLD)
                         ).setChecked(True)
            set_text_keep_cursor(self.notes[key], vol.elements[key].note)
        self._show_guardian()
        self.history.clear()
        lang = interface_language()
        for d in vol.decisions:
            when = show_date(date.fromisoformat(d.decided_on), lang)
            text = (_("{date}: {decision} withdrawn (recorded by {counsellor})") if d.withdrawn
                    else _("{date}: {decision} (by {counsellor})"))
            line = text.format(date=when, decision=_(Decision(d.decision).label),
                               counsellor=d.counsellor)
            self.history.addItem(f"{line} {d.note}".strip())
        self.withdraw_button.setEnabled(vol.current is not None)
        self._loading = False
        self._update_blockers()

    def _show_guardian(self) -> None:
        guardian = self.services.record.voluntariness.guardian
        why = guardian_needed(self.services.case.person, date.today(),
                              lacks_capacity=guardian.lacks_capacity)
        self.guardian.show_guardian(guardian, why)

    def _selected(self) -> Decision | None:
        for value, radio in self.decision_buttons.items():
            if radio.isChecked():
                return Decision(value)
        return None

    def _update_blockers(self) -> None:
        decision = self._selected()
        if decision is None:
            self.blockers.setText(_("Choose the person's decision."))
            self.record_button.setEnabled(False)
            return
        reasons = service.decision_blockers(self.services.case, self.services.record, decision)
        self.blockers.setText("\n".join(reasons))
        self.record_button.setEnabled(not reasons)

    # -- widgets -> data --------------------------------------------------------------------
    def _element(self, key: str, value: int) -> None:
        service.assess_element(self.services.record, key,
                               None if value == UNKNOWN else value == HOLDS)
        self._update_blockers()
        self.services.changed("voluntariness")

    def _element_note(self, key: str, note) -> None:
        if self._loading:
            return
        holds = self.services.record.voluntariness.elements[key].holds
        service.assess_element(self.services.record, key, holds, note.toPlainText())
        self._update_blockers()
        self.services.changed("voluntariness")

    def _guardian_changed(self, **values) -> None:
        if self._loading:
            return
        service.set_guardian(self.services.record, **values)
        if "lacks_capacity" in values:
            self._show_guardian()
        self._update_blockers()
        self.services.changed("voluntariness")

    def _record(self) -> None:
        decision = self._selected()
        if decision is None:
            return
        if not self.decided_on.commit():  # the field says what is wrong
            self.decided_on.edit.setFocus()
            return
        decided_on = self.decided_on.date()
        self._run(lambda case: service.record_decision(
            self.services.ctx, case, decision, counsellor=self.counsellor.text().strip(),
            decided_on=decided_on,
            note=self.decision_note.toPlainText().strip(),
            record=self.services.record, store=self.services.holder.store))

    def _withdraw(self) -> None:
        if not messages.ask(self, _(
                "Record that the person withdraws their decision? This is their right and is "
                "never held against them. The case goes back to counselling and their "
                "consent to the return is withdrawn."), _("Withdraw the decision")):
            return
        self._run(lambda case: service.withdraw_decision(
            self.services.ctx, case, counsellor=self.counsellor.text().strip(),
            note=self.decision_note.toPlainText().strip(), record=self.services.record,
            store=self.services.holder.store))

    def _run(self, use_case) -> None:
        """Save pending edits, run the service, show the new case or the refusal."""
        self.services.save_now()
        try:
            outcome = use_case(self.services.case)
        except UserError as exc:
            messages.warn(self, str(exc))
            self.reload()
            return
        self.services.holder.case = outcome.case
        refresh = self.services.extras.get("case_replaced")
        if refresh is not None:
            refresh()
        self.decision_note.clear()
        for radio in self.decision_buttons.values():
            radio.setAutoExclusive(False)
            radio.setChecked(False)
            radio.setAutoExclusive(True)
        self.reload()
        if outcome.consent_withdrawn:
            messages.info(self, _("The person's consent to the return (1) is withdrawn too; "
                                  "the case is now “{status}”.").format(
                                      status=_(outcome.case.status.label)))

    def summary(self) -> str:
        current = self.services.record.voluntariness.current
        return _(Decision(current.decision).label) if current else ""
