"""Step 6, voluntariness and decision: the three elements with notes, then the decision.

A decision to return can be recorded only when all three elements hold (the reasons are
shown); *needs more time* and *declined* can always be recorded, with the same care.
"""

from __future__ import annotations

import copy
from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
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

from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.formatting import format_date
from counsel_app.session.record import now_iso
from counsel_app.session.voluntariness import (
    ELEMENTS,
    DecisionBlocked,
    blocking_reasons,
    record_decision,
)
from counsel_app.ui import messages
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, set_text_keep_cursor

HOLDS, NOT_HOLD, UNKNOWN = 1, 0, 2


class DecisionStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Voluntariness and decision"), _(
            "A return is voluntary only when all three elements hold. Needing more time and "
            "declining are valid outcomes, recorded with the same care."))
        QVBoxLayout(self).addWidget(area)
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
            page.addWidget(box)

        box = QGroupBox(_("Decision"))
        form = QFormLayout(box)
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
        form.addRow(_("The person decides"), row)
        self.decided_on = QDateEdit(QDate.currentDate())
        self.decided_on.setObjectName("decided_on")
        self.decided_on.setAccessibleName(_("Date of the decision"))
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setMaximumDate(QDate.currentDate())
        form.addRow(_("Date"), self.decided_on)
        self.counsellor = QLineEdit(services.ctx.user)
        self.counsellor.setObjectName("counsellor")
        self.counsellor.setAccessibleName(_("Counsellor"))
        form.addRow(_("Counsellor"), self.counsellor)
        self.decision_note = note_edit("decision_note", _("Note on the decision"),
                                       _("In the person's words, where possible"), 3)
        form.addRow(_("Note"), self.decision_note)
        self.blockers = QLabel()
        self.blockers.setObjectName("decision_blockers")
        self.blockers.setWordWrap(True)
        self.blockers.setStyleSheet("color: #b00020;")
        form.addRow("", self.blockers)
        self.record_button = QPushButton(_("Record the decision"))
        self.record_button.setObjectName("record_decision")
        self.record_button.setAccessibleName(_("Record the decision"))
        form.addRow("", self.record_button)
        page.addWidget(box)
        self.history = QListWidget()
        self.history.setObjectName("decision_history")
        self.history.setAccessibleName(_("Decisions recorded"))
        self.history.setMaximumHeight(110)
        page.addWidget(QLabel(_("Decisions recorded")))
        page.addWidget(self.history)
        page.addStretch(1)
        self.decision_group.idClicked.connect(lambda _i: self._update_blockers())
        self.record_button.clicked.connect(self._record)
        self._loading = False
        self.reload()

    # -- data -> widgets ------------------------------------------------------------------
    def reload(self) -> None:
        vol = self.services.record.voluntariness
        self._loading = True
        for key, group in self.groups.items():
            holds = vol.elements[key].holds
            group.button(UNKNOWN if holds is None else (HOLDS if holds else NOT_HOLD)
                         ).setChecked(True)
            set_text_keep_cursor(self.notes[key], vol.elements[key].note)
        self.history.clear()
        lang = interface_language()
        for d in vol.decisions:
            when = format_date(date.fromisoformat(d.decided_on), lang)
            line = _("{date}: {decision} (by {counsellor})").format(
                date=when, decision=_(Decision(d.decision).label), counsellor=d.counsellor)
            self.history.addItem(f"{line} {d.note}".strip())
        self._loading = False
        self._update_blockers()

    def _selected(self) -> Decision | None:
        for value, radio in self.decision_buttons.items():
            if radio.isChecked():
                return Decision(value)
        return None

    def _is_minor(self) -> bool:
        return bool(self.services.case.person.is_minor_on(date.today()))

    def _update_blockers(self) -> None:
        decision = self._selected()
        if decision is None:
            self.blockers.setText(_("Choose the person's decision."))
            self.record_button.setEnabled(False)
            return
        reasons = blocking_reasons(self.services.record.voluntariness, decision,
                                   is_minor=self._is_minor())
        self.blockers.setText("\n".join(reasons))
        self.record_button.setEnabled(not reasons)

    # -- widgets -> data --------------------------------------------------------------------
    def _element(self, key: str, value: int) -> None:
        element = self.services.record.voluntariness.elements[key]
        element.holds = None if value == UNKNOWN else value == HOLDS
        element.assessed_at = now_iso()
        self._update_blockers()
        self.services.changed("voluntariness")

    def _element_note(self, key: str, note) -> None:
        if self._loading:
            return
        self.services.record.voluntariness.elements[key].note = note.toPlainText()
        self._update_blockers()
        self.services.changed("voluntariness")

    def _record(self) -> None:
        decision = self._selected()
        if decision is None:
            return
        case = self.services.case
        trial = copy.deepcopy(case)
        try:
            if trial.status is not CaseStatus.COUNSELLING:
                trial.move_to(CaseStatus.COUNSELLING)  # start, or reconsider an earlier one
            trial.move_to(CaseStatus.DECISION_TAKEN, decision)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        d = self.decided_on.date()
        try:
            record_decision(self.services.record.voluntariness, decision,
                            counsellor=self.counsellor.text().strip(),
                            decided_on=date(d.year(), d.month(), d.day()),
                            note=self.decision_note.toPlainText().strip(),
                            is_minor=self._is_minor(), now=datetime.now().astimezone())
        except DecisionBlocked as exc:
            messages.warn(self, "\n".join(exc.reasons))
            return
        case.status, case.decision = trial.status, trial.decision
        self.services.changed("voluntariness")
        self.services.changed("case")
        self.services.save_now()
        self.decision_note.clear()
        for radio in self.decision_buttons.values():
            radio.setAutoExclusive(False)
            radio.setChecked(False)
            radio.setAutoExclusive(True)
        self.reload()
        self.services.ctx.audit("decision", case.reference, decision.value)

    def summary(self) -> str:
        current = self.services.record.voluntariness.current
        return _(Decision(current.decision).label) if current else ""
