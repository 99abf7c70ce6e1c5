"""Two boxes of the consent step: the legal capacity (the guardian, the best-interests
determination, who signs) and where consent stands (the consents recorded, the log's
integrity, withdrawal, the printed form, the consent texts). They lay out and show; the
step wires them to :mod:`counsel_app.consent` (what is in force, what may be recorded)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app import consent
from counsel_app.consent import Capacity, Guardian, Purpose, Signer
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel


def _line(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    return edit


class CapacityBox(QGroupBox):
    def __init__(self, parent=None):
        super().__init__(_("Legal capacity"), parent)
        cl = QFormLayout(self)
        self.capacity_reason = QLabel()
        self.capacity_reason.setObjectName("consent_capacity_reason")
        self.capacity_reason.setWordWrap(True)
        # its sentence changes length with the capacity: two lines kept, nothing moves
        self.capacity_reason.setMinimumHeight(
            self.capacity_reason.fontMetrics().lineSpacing() * 2 + 2)
        cl.addRow(self.capacity_reason)
        self.lacks_capacity = QCheckBox(_("The person lacks the capacity to decide alone"))
        self.lacks_capacity.setObjectName("consent_lacks_capacity")
        cl.addRow("", self.lacks_capacity)
        self.guardian_name = _line("consent_guardian_name", _("Guardian's name"))
        cl.addRow(_("Guardian's name"), self.guardian_name)
        self.guardian_relation = _line("consent_guardian_relation",
                                       _("Guardian's relation or role"))
        cl.addRow(_("Relation or role"), self.guardian_relation)
        self.guardian_contact = _line("consent_guardian_contact", _("Guardian's contact"))
        cl.addRow(_("Contact"), self.guardian_contact)
        self.best_interests = _line("consent_best_interests",
                                    _("Best-interests determination reference"))
        cl.addRow(_("Best-interests determination"), self.best_interests)
        self.signer = QComboBox()
        self.signer.setObjectName("consent_signer")
        self.signer.setAccessibleName(_("Who signs"))
        for signer in Signer:
            self.signer.addItem(_(signer.label), signer.value)
        cl.addRow(_("Who signs"), self.signer)

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.guardian_name, self.guardian_relation, self.guardian_contact,
                self.best_interests)

    def capacity(self) -> Capacity:
        guardian = Guardian(self.guardian_name.text().strip(),
                            self.guardian_relation.text().strip(),
                            self.guardian_contact.text().strip())
        return Capacity(self.lacks_capacity.isChecked(),
                        guardian if any((guardian.name, guardian.relation,
                                         guardian.contact)) else None,
                        self.best_interests.text().strip())

    def chosen_signer(self) -> Signer:
        return Signer(self.signer.currentData())


class StandingBox(QGroupBox):
    """``show_state`` reads the case's consent log and lists where each consent stands;
    the buttons are wired by the step."""

    def __init__(self, can_edit_texts: bool, parent=None):
        super().__init__(_("Where consent stands"), parent)
        sl = QVBoxLayout(self)
        self.standing = QListWidget()
        self.standing.setObjectName("consent_standing")
        self.standing.setAccessibleName(_("Consents recorded"))
        self.standing.setSelectionMode(QListWidget.ExtendedSelection)
        sl.addWidget(self.standing)
        self.integrity = MessageLabel()
        self.integrity.setObjectName("consent_integrity")
        self.integrity.setWordWrap(True)
        sl.addWidget(self.integrity)
        row = QHBoxLayout()
        self.withdraw_reason = QLineEdit()
        self.withdraw_reason.setObjectName("consent_withdraw_reason")
        self.withdraw_reason.setPlaceholderText(_("Reason (optional)"))
        self.withdraw_reason.setAccessibleName(_("Reason for withdrawing (optional)"))
        row.addWidget(self.withdraw_reason, 1)
        self.withdraw_selected = QPushButton(_("Withdraw selected"))
        self.withdraw_selected.setObjectName("consent_withdraw_selected")
        row.addWidget(self.withdraw_selected)
        self.withdraw_all = QPushButton(_("Withdraw all consents"))
        self.withdraw_all.setObjectName("consent_withdraw_all")
        row.addWidget(self.withdraw_all)
        sl.addLayout(row)
        self.print_button = QPushButton(_("Print the consent form…"))
        self.print_button.setObjectName("consent_print")
        sl.addWidget(self.print_button)
        self.texts_button = QPushButton(_("Consent texts and versions…"))
        self.texts_button.setObjectName("consent_texts")
        sl.addWidget(self.texts_button)
        # hidden only once it has a parent: a parentless widget made visible is a window of
        # its own, which takes the activation from the main window
        self.texts_button.setVisible(can_edit_texts)

    def show_state(self, ctx, reference: str, state):
        """List the consents of case ``reference``; returns its :class:`ConsentState`
        (``state`` unchanged when the log cannot be read: the label says why)."""
        self.standing.clear()
        try:
            history, report = consent.events(ctx, reference)
        except UserError as exc:
            self.integrity.setText(str(exc))
            return state
        state = consent.ConsentState.from_events(reference, history, intact=report.ok)
        for (purpose, recipient), line, in_force in consent.standing_lines(
                state, interface_language()):
            item = QListWidgetItem(line)
            item.setData(Qt.UserRole, (purpose.value, recipient))
            if not in_force:
                item.setFlags(item.flags() & ~Qt.ItemIsSelectable)
            self.standing.addItem(item)
        self.integrity.setText(consent.integrity_note(len(history), report.ok))
        self.integrity.setStyleSheet("" if report.ok else theme.style("error"))
        in_force = any(s.in_force for s in state.standings.values())
        self.withdraw_all.setEnabled(in_force)
        self.withdraw_selected.setEnabled(in_force)
        return state

    def selected(self) -> list[tuple[Purpose, str]]:
        """The (purpose, recipient) of the rows selected."""
        return [(Purpose(i.data(Qt.UserRole)[0]), i.data(Qt.UserRole)[1])
                for i in self.standing.selectedItems()]
