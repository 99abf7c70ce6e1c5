"""The plan editor's shared pieces: the tables' columns, the building blocks every tab
uses (a scrolling page, labelled fields, an editable table with add/remove) and small
widget helpers. Layout only: what the plan means is decided by
:class:`counsel_app.plan.editor.PlanEditor`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
)

from counsel_app.i18n import N_, _, document_translator, interface_language
from counsel_app.plan.model import Dimension
from counsel_app.ui.plan_models import (
    BOOL,
    CHOICE,
    DATE,
    INT,
    MONEY,
    TEXT,
    ChoiceDelegate,
    IsolatingDelegate,
    Column,
    RowsModel,
)
from counsel_app.ui.steps.common import (
    error_label,
    note_edit,
    scroll_page,
    set_text_keep_cursor,
)


def doc_label(text: str) -> str:
    """A label of the plan template (documents catalog) in the interface language."""
    return document_translator(interface_language()).gettext(text)


# -- the tables ----------------------------------------------------------------------------------

BUDGET_COLUMNS = [
    Column("item", N_("Item, equipment or service")),
    Column("quantity", N_("Quantity"), INT, minimum=1),
    Column("estimated_cost", N_("Estimated cost (each)"), MONEY),
    Column("total", N_("Line total"), MONEY, editable=False, compute=lambda line: line.total),
]
REFERRAL_COLUMNS = [
    Column("organisation", N_("Organisation")),
    Column("service", N_("What it provides")),
    Column("contact", N_("Contact")),
]
OPPORTUNITY_COLUMNS = [
    Column("title", N_("Opportunity"), editable=False),
    Column("provider", N_("Provider"), editable=False),
    Column("kind", N_("Kind"), CHOICE, editable=False,
           choices=(("job", N_("Job")), ("training", N_("Training")),
                    ("business_support", N_("Business support")),
                    ("education", N_("Education")), ("other", N_("Other")))),
    Column("place", N_("Place"), editable=False),
    Column("sample", N_("Sample"), editable=False,
           compute=lambda o: _("SAMPLE") if o.is_sample else ""),
]
CONTACT_COLUMNS = [
    Column("name", N_("Name")),
    Column("role", N_("Role")),
    Column("organisation", N_("Organisation")),
    Column("phone", N_("Phone")),
    Column("address", N_("Address")),
]
FOLLOW_UP_COLUMNS = [
    Column("months_after_arrival", N_("Months after arrival"), INT, minimum=0),
    Column("due_on", N_("Date"), DATE),
    Column("note", N_("What is checked")),
]
PROJECT_COLUMNS = [
    Column("title", N_("Community project")),
    Column("description", N_("Description")),
    Column("partners", N_("Partners")),
]
GOAL_COLUMNS = [
    Column("goal", N_("Goal")),
    Column("dimension", N_("Dimension"), CHOICE,
           choices=(("", N_("— none —")), ("economic", N_("Economic")),
                    ("social", N_("Social")), ("psychosocial", N_("Psychosocial"))),
           store=lambda key: Dimension(key) if key else None),
]
ACTION_COLUMNS = [
    Column("who", N_("Who")),
    Column("what", N_("Does what")),
    Column("by_when", N_("By when"), DATE),
    Column("done", N_("Done"), BOOL),
]


class PlanTabBase:
    """Building blocks of the plan step's tabs (mixed into :class:`PlanStep`)."""

    def _tab(self, title: str, intro: str = ""):
        area, page = scroll_page(title, intro)
        self.tabs.addTab(area, title)
        self._tab_titles.append(title)
        return page

    def _error(self, key: str, page) -> QLabel:
        label = error_label(f"plan_error_{key}")
        self.error_labels[key] = label
        page.addWidget(label)
        return label

    def _line(self, name: str, accessible: str, get, put) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setClearButtonEnabled(True)
        edit.textEdited.connect(lambda text: self._edit(put, text))
        self._refreshers.append(lambda: set_text_keep_cursor(edit, get()))
        return edit

    def _note(self, name: str, accessible: str, get, put, lines: int = 3):
        edit = note_edit(name, accessible, lines=lines)
        edit.textChanged.connect(lambda: self._edit(put, edit.toPlainText()))
        self._refreshers.append(lambda: set_text_keep_cursor(edit, get()))
        return edit

    def _edit(self, put, value) -> None:
        if self._loading:
            return
        put(value)
        self.changed()

    def _table(self, key: str, columns: list[Column], factory, rows_get, page,
               accessible: str, add_text: str, remove_text: str,
               min_rows: int = 4) -> tuple[RowsModel, QTableView, QHBoxLayout]:
        model = RowsModel(columns, factory, rows_get(), self)
        model.edited.connect(self._table_edited)
        model.invalid.connect(lambda text, k=key: self._show_table_message(k, text))
        view = QTableView()
        view.setObjectName(f"plan_{key}_table")
        view.setAccessibleName(accessible)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed
                             | QAbstractItemView.SelectedClicked)
        view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        view.setItemDelegate(IsolatingDelegate(view))
        header = view.horizontalHeader()
        text_width = 240 if sum(c.kind == TEXT for c in columns) <= 3 else 170
        for number, column in enumerate(columns):
            if column.kind == CHOICE and column.editable:
                view.setItemDelegateForColumn(number, ChoiceDelegate(column, view))
            if column.kind in (INT, BOOL, DATE, MONEY, CHOICE):
                header.setSectionResizeMode(number, QHeaderView.ResizeToContents)
            else:
                header.setSectionResizeMode(number, QHeaderView.Interactive)
                view.setColumnWidth(number, text_width)
        texts = [i for i, c in enumerate(columns) if c.kind == TEXT and c.compute is None]
        header.setStretchLastSection(False)
        header.setSectionResizeMode(texts[-1] if texts else len(columns) - 1,
                                    QHeaderView.Stretch)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * (min_rows + 1) + 6)
        page.addWidget(view)
        buttons = QHBoxLayout()
        if add_text:
            add = QPushButton(add_text)
            add.setObjectName(f"plan_{key}_add")
            add.setAccessibleName(add_text)
            add.clicked.connect(lambda: self._add_row(model, view))
            buttons.addWidget(add)
        remove = QPushButton(remove_text)
        remove.setObjectName(f"plan_{key}_remove")
        remove.setAccessibleName(remove_text)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        page.addLayout(buttons)
        remove.clicked.connect(lambda: self._remove_row(key, model, view))
        delete = QAction(remove_text, view)  # right-click menu; the Delete key below
        delete.triggered.connect(lambda: self._remove_row(key, model, view))
        view.addAction(delete)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        view.installEventFilter(_DeleteKey(view, lambda: self._remove_row(key, model, view)))
        self.models[key] = model
        self.views[key] = view
        return model, view, buttons

    def _add_row(self, model: RowsModel, view: QTableView) -> None:
        index = model.add_row()
        view.setCurrentIndex(index)
        view.setFocus(Qt.OtherFocusReason)
        view.edit(index)

    def _remove_row(self, key: str, model: RowsModel, view: QTableView) -> None:
        row = view.currentIndex().row()
        if row < 0:
            return
        if key == "opportunities":
            self._forget_opportunity(model.rows[row])
        model.remove_row(row)
        if key == "goals":
            self._goal_selected()


# -- helpers ---------------------------------------------------------------------------------------

class _DeleteKey(QObject):
    """The Delete key on a table (not while a cell is being edited) removes the row."""

    def __init__(self, view: QTableView, remove):
        super().__init__(view)
        self.view = view
        self.remove = remove

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Delete \
                and event.modifiers() == Qt.NoModifier \
                and self.view.state() != QAbstractItemView.EditingState:
            self.remove()
            return True
        return False


def _subheading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _set_checked(box: QCheckBox, on: bool) -> None:
    if box.isChecked() != on:
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)


def _set_spin(spin: QSpinBox, value) -> None:
    target = -1 if value is None else int(round(value))
    if spin.value() != target:
        spin.blockSignals(True)
        spin.setValue(target)
        spin.blockSignals(False)


def _library():
    """The country library the Information step uses (made once)."""
    from counsel_app.ui.steps.information import shared_library

    return shared_library()
