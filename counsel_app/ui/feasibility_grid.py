"""The feasibility grid, for the post-arrival caseworker: each wish beside what is realistic
in the place of return (market, cost, distance, partner available), a decision and its
reason. ``FeasibilityGrid(ctx, reference)`` is a widget of its own, so the office workspace
can show it; *Case > Feasibility grid…* opens it in a dialog.

Layout and wiring only: :mod:`counsel_app.opportunities.feasibility` checks and stores it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.opportunities.classifications import FEASIBILITY_LABELS, FeasibilityRating
from counsel_app.opportunities.feasibility import PART_LABELS
from counsel_app.opportunities.model import FeasibilityRow
from counsel_app.ui.steps.common import error_label, show_error

#: the column headers, as ``case feasibility`` names the parts of a line
HEADERS = tuple((label, part) for part, label in PART_LABELS.items())
RATING_COLUMN = 6


class FeasibilityGrid(QWidget):
    def __init__(self, ctx, reference: str, parent=None):
        super().__init__(parent)
        self.ctx, self.reference = ctx, reference
        layout = QVBoxLayout(self)
        intro = QLabel(_("Within a month of arrival: each wish of the person beside what is "
                         "realistic where they live now, the decision and its reason. Saving "
                         "records the plan's refinement."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("feasibility_grid")
        self.table.setAccessibleName(_("Feasibility grid"))
        self.table.setHorizontalHeaderLabels([_(h) for h, _k in HEADERS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add = QPushButton(_("Add a line"))
        self.remove = QPushButton(_("Remove the line"))
        self.from_wishes = QPushButton(_("Add the wishes of the skills profile"))
        self.save_button = QPushButton(_("Save the grid"))
        self.save_button.setObjectName("save_feasibility")
        for button in (self.add, self.remove, self.from_wishes):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.state = QLabel()
        self.state.setObjectName("feasibility_state")
        layout.addWidget(self.state)
        self.error = error_label("feasibility_error")
        layout.addWidget(self.error)
        self.history = QLabel()
        self.history.setObjectName("plan_history")
        self.history.setAccessibleName(_("Versions of the plan"))
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.history)
        self.add.clicked.connect(lambda: self.add_row(FeasibilityRow()))
        self.remove.clicked.connect(self._remove)
        self.from_wishes.clicked.connect(self._from_wishes)
        self.save_button.clicked.connect(self.save)
        self.reload()

    def reload(self) -> None:
        from counsel_app.opportunities.feasibility import load_grid

        try:
            rows = load_grid(self.ctx, self.reference)
        except UserError as exc:
            show_error(self.error, str(exc))
            self.setEnabled(False)
            return
        self.table.setRowCount(0)
        for item in rows:
            self.add_row(item)
        self.show_history()

    def show_history(self) -> None:
        from counsel_app.opportunities.refinement import plan_history

        lines = plan_history(self.ctx, self.reference)
        self.history.setText("\n".join([_("Versions of the plan:"), *lines]) if lines else "")

    def add_row(self, item: FeasibilityRow) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (_h, key) in enumerate(HEADERS):
            if key == "rating":
                combo = QComboBox()
                combo.setAccessibleName(_("Decision"))
                for rating, label in FEASIBILITY_LABELS.items():
                    combo.addItem(_(label), rating.value)
                combo.setCurrentIndex(combo.findData(item.rating.value))
                self.table.setCellWidget(row, column, combo)
            else:
                self.table.setItem(row, column, QTableWidgetItem(getattr(item, key)))

    def rows(self) -> list[FeasibilityRow]:
        out = []
        for row in range(self.table.rowCount()):
            values = {}
            for column, (_h, key) in enumerate(HEADERS):
                if key == "rating":
                    values[key] = FeasibilityRating(self.table.cellWidget(row, column)
                                                    .currentData())
                else:
                    cell = self.table.item(row, column)
                    values[key] = cell.text() if cell else ""
            out.append(FeasibilityRow(**values))
        return out

    def _remove(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def _from_wishes(self) -> None:
        from counsel_app.opportunities.feasibility import rows_from_wishes
        from counsel_app.opportunities.service import OpportunityService

        try:
            case = self.ctx.cases.get_by_reference(self.reference)
            profile = OpportunityService(self.ctx).profile(case)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        current = self.rows()
        for item in rows_from_wishes(profile, current)[len(current):]:
            self.add_row(item)

    def save(self) -> bool:
        from counsel_app.opportunities.feasibility import save_grid

        try:
            in_time = save_grid(self.ctx, self.reference, self.rows())
        except UserError as exc:
            show_error(self.error, str(exc))
            return False
        show_error(self.error, "")
        self.show_history()
        self.state.setText(_("Saved.") if in_time else
                           _("Saved (more than a month after arrival)."))
        return True


def open_feasibility_from_host(host) -> None:
    case_id = host.current_case_id()
    if case_id is None:
        return
    from counsel_app.ui import messages

    try:
        reference = host.ctx.cases.get(case_id).reference
    except UserError as exc:
        messages.error(host.parent_widget, str(exc))
        return
    dialog = QDialog(host.parent_widget)
    dialog.setWindowTitle(_("Feasibility grid of case {reference}").format(
        reference=reference))
    dialog.resize(980, 520)
    layout = QVBoxLayout(dialog)
    layout.addWidget(FeasibilityGrid(host.ctx, reference))
    buttons = QDialogButtonBox(QDialogButtonBox.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.exec()
