"""The office workspace: the cases received from host stations, with the sender's
reference, arrival, next visit due (overdue marked) and the caseworker, beside the chosen
case's own view (:class:`counsel_app.ui.office.case_view.OfficeCaseView`).

Shown instead of the case list for a post-arrival caseworker, when a received case is
opened, and from File > Office workspace (see ``counsel_app.areas``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counsel_app.followup.office import office_cases
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.ui import theme
from counsel_app.ui.reading_order import ReadingOrderSplitter

if TYPE_CHECKING:
    from counsel_app.ui.office.case_view import Typed

COLUMNS = ("reference", "sender", "name", "status", "arrival", "next_due", "caseworker")


@dataclass(frozen=True)
class Arrangement:
    """How the caseworker left the workspace: the case open, its tab, the panes' widths
    (list first), what is typed in the case's view (a visit being edited, a plan action's
    fields). A change of the interface language makes the workspace again with it."""

    reference: str | None
    tab: int
    pane_sizes: tuple[int, ...]
    typed: Typed | None = None


class OfficeWorkspace(QWidget):
    #: the user asks for the case's session steps (plan editor): the case's reference
    open_session = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = None
        self.cases = []
        self.setObjectName("office_workspace")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.title = QLabel("<b>" + _("Office workspace: cases received") + "</b>")
        self.title.setObjectName("office_title")
        row.addWidget(self.title, 1)
        self.session_button = QPushButton(_("Open the &plan editor and session steps"))
        self.session_button.setObjectName("office_open_session")
        self.session_button.clicked.connect(
            lambda: self.view is not None and self.open_session.emit(self.view.reference))
        row.addWidget(self.session_button)
        self.import_button = QPushButton(_("&Import a package…"))
        self.import_button.setObjectName("office_import")
        self.import_button.clicked.connect(self.import_package)
        row.addWidget(self.import_button)
        # the follow-up form for phones and their answers back (File > Follow-up in the field)
        self.field_button = QPushButton(_("Follow-up on &phones…"))
        self.field_button.setObjectName("office_field_followup")
        self.field_button.clicked.connect(self.field_followup)
        row.addWidget(self.field_button)
        layout.addLayout(row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("office_cases")
        self.table.setAccessibleName(_("Cases received"))
        self.table.setHorizontalHeaderLabels([
            _("Reference"), _("Sender's reference"), _("Name"), _("Status"), _("Arrival"),
            _("Next visit due"), _("Caseworker")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.right = QStackedWidget()
        self.empty = QLabel(_("Choose a case in the list, or import a handover package."))
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.right.addWidget(self.empty)
        self.splitter = ReadingOrderSplitter((self.table, self.right), stretch=(0, 3),
                                             sizes=(430, 850))
        layout.addWidget(self.splitter, 1)
        self.refresh()

    def arrangement(self) -> Arrangement:
        view = self.view
        return Arrangement(view.reference if view is not None else None,
                           view.tabs.currentIndex() if view is not None else 0,
                           tuple(self.splitter.pane_sizes()),
                           view.typed() if view is not None else None)

    def arrange(self, arrangement: Arrangement) -> None:
        """Open the case and the tab ``arrangement`` names, with what was typed there, and
        give the panes its widths."""
        self.splitter.set_pane_sizes(arrangement.pane_sizes)
        if arrangement.reference is not None:
            self.open_reference(arrangement.reference)
            self.view.tabs.setCurrentIndex(arrangement.tab)
            if arrangement.typed is not None:
                self.view.retype(arrangement.typed)

    def field_followup(self) -> None:
        from counsel_app.ui.field_followup import FieldFollowupDialog

        FieldFollowupDialog(self.ctx, self).exec()
        self.refresh()  # visits recorded from the phones move the due dates

    def refresh(self) -> None:
        current = self.view.reference if self.view is not None else None
        self.cases = office_cases(self.ctx)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.cases))
        lang = interface_language()
        for r, c in enumerate(self.cases):
            # dates as on every other screen ("Nov 21, 2026", "21 نوفمبر 2026"); the table
            # is not sorted by its columns, so no sort key is needed
            due = show_date(c.next_due, lang) if c.next_due else "–"
            if c.overdue:
                due = _("{date} (OVERDUE)").format(date=due)
            values = [c.reference, c.sender_reference, c.name
                      + (" " + _("(sample)") if c.is_sample else ""), _(c.status.label),
                      show_date(c.arrival, lang) if c.arrival else "–", due, c.caseworker]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c.overdue and COLUMNS[col] == "next_due":
                    item.setForeground(theme.qcolour("error"))
                self.table.setItem(r, col, item)
            if c.reference == current:
                self.table.selectRow(r)
        self.table.blockSignals(False)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_reference(self.cases[rows[0].row()].reference)

    def open_reference(self, reference: str) -> None:
        from counsel_app.ui.office.case_view import OfficeCaseView

        if self.view is not None and self.view.reference == reference:
            return
        self.close_view()
        self.view = OfficeCaseView(self.ctx, reference)
        self.view.changed.connect(self.refresh)
        self.right.addWidget(self.view)
        self.right.setCurrentWidget(self.view)
        row = next((i for i, c in enumerate(self.cases) if c.reference == reference), None)
        if row is not None and self.table.currentRow() != row:
            self.table.blockSignals(True)
            self.table.selectRow(row)
            self.table.blockSignals(False)

    def close_view(self) -> None:
        if self.view is None:
            return
        self.view.form.autosave.stop()
        self.view.form.save_draft()  # what was typed is kept (encrypted) for next time
        self.right.removeWidget(self.view)
        self.view.deleteLater()
        self.view = None

    def import_package(self) -> None:
        from counsel_app.ui.handover_followup import import_package_dialog

        import_package_dialog(self, self.ctx)
        self.refresh()
