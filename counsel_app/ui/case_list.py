"""The case list screen: search, status filter, sortable lazy table, new/open buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counsel_app.domain.enums import CaseStatus
from counsel_app.i18n import _, ngettext
from counsel_app.ui.case_list_model import COLUMNS, CaseIdRole, CaseListModel
from counsel_app.ui.tasks import run_task

SEARCH_DELAY_MS = 120


class CaseListView(QWidget):
    """``open_case(case_id)`` when a case is activated; ``new_case()`` for the button;
    ``counted(n)`` when the number of cases matching the filter is shown."""

    open_case = Signal(int)
    new_case = Signal()
    counted = Signal(int)

    def __init__(self, repo, parent=None):
        super().__init__(parent)
        self.repo = repo
        self.model = CaseListModel(repo.list, self)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search by name, reference or country"))
        self.search.setAccessibleName(_("Search cases"))
        bar.addWidget(self.search, 3)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.setAccessibleName(_("Status filter"))
        self.status.addItem(_("All statuses"), None)
        for status in CaseStatus:
            self.status.addItem(_(status.label), status)
        bar.addWidget(self.status, 1)
        self.new_button = QPushButton(_("New case…"))
        self.new_button.setObjectName("new_case")
        self.new_button.setAccessibleName(_("New case"))
        bar.addWidget(self.new_button)
        self.open_button = QPushButton(_("Open"))
        self.open_button.setObjectName("open_case")
        self.open_button.setAccessibleName(_("Open the selected case"))
        bar.addWidget(self.open_button)
        layout.addLayout(bar)

        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setAccessibleName(_("Cases"))
        # the model's own order (last change first), shown before the model is set: with
        # the model in place, enabling the sort loads the first page, which refresh()
        # loads again when the list is shown
        self.table.horizontalHeader().setSortIndicator(5, Qt.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        widths = {"reference": 150, "name": 240, "sample": 80, "status": 190, "country": 170}
        for col, (key, _title, _sort) in enumerate(COLUMNS):
            if key in widths:
                self.table.setColumnWidth(col, widths[key])
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.shown_count: int | None = None  # the last count shown (None: not yet)
        self.count_label.setObjectName("case_count")
        self.count_label.setWordWrap(True)
        self.count_label.setAccessibleName(_("Number of cases"))
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._open_first_or_selected)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.activated.connect(lambda index: self.open_case.emit(
            int(self.model.data(index, CaseIdRole))))
        self.new_button.clicked.connect(self.new_case.emit)
        self.open_button.clicked.connect(self._open_first_or_selected)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.table)

    def refresh(self) -> None:
        self.apply_filter()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.search.text(), self.status.currentData())
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_count()

    def _update_count(self) -> None:
        kwargs = self.model.query_kwargs()
        filters = dict(text=kwargs["text"], status=kwargs["status"],
                       text_countries=kwargs["text_countries"])
        run_task(self, lambda: self.repo.count(**filters), self._show_count)

    def _show_count(self, n: int) -> None:
        self.shown_count = n
        text = ngettext("{n} case", "{n} cases", n).format(n=n)
        typed = self.search.text().strip()
        if not n and typed:  # an empty table said nothing of why
            text += " — " + _("No case matches “{text}”: names match from their first "
                              "letters, countries by their name in the interface's "
                              "language.").format(text=typed)
        self.count_label.setText(text)
        self.counted.emit(n)

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.data(rows[0], CaseIdRole)

    def _open_first_or_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None and self.model.rowCount():
            case_id = self.model.data(self.model.index(0, 0), CaseIdRole)
        if case_id is not None:
            self.open_case.emit(int(case_id))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
