"""The audit trail for supervisors: a filterable, sortable table and a chain check.

* :class:`AuditTableModel` loads events from the database a page at a time
  (``canFetchMore``/``fetchMore``, see :mod:`counsel_app.ui.paged_model`), newest first,
  with the *exact* filters (account, action, case, dates) applied in the database.
* :class:`AuditFilterProxy` sorts, and narrows the loaded rows with a quick text filter.
* :func:`open_audit_dialog` checks the role (supervisor or administrator), then shows the
  table with its filter widgets and a "Check the chain" button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import ValidationError
from counsel_app.i18n import N_, _
from counsel_app.security import audit
from counsel_app.security.roles import Permission, role_label
from counsel_app.ui import theme
from counsel_app.ui.date_field import DateField, retype_date, typed_date
from counsel_app.ui.message_label import MessageLabel
from counsel_app.ui.steps.common import error_label, show_error
from counsel_app.ui.paged_model import PagedTableModel

PAGE = 500

EventRole = Qt.UserRole + 1
SortRole = Qt.UserRole + 2

COLUMNS: list[tuple[str, str]] = [
    ("seq", N_("No.")),
    ("at", N_("When (UTC)")),
    ("user", N_("Account")),
    ("role", N_("Role")),
    ("action", N_("Action")),
    ("reference", N_("Case")),
    ("detail", N_("Detail")),
]

Loader = Callable[..., list]


class AuditTableModel(PagedTableModel):
    """Audit events, newest first, fetched lazily page by page."""

    columns = COLUMNS
    #: A new filter empties the table, then the first page arrives as an insert.
    first_page_in_reset = False

    def __init__(self, loader: Loader, parent=None):
        super().__init__(parent)
        self._loader = loader
        self._filters: dict = {}

    # -- loading -------------------------------------------------------------------------
    def set_filters(self, **filters) -> None:
        """Reload with new exact filters (username, action, reference, since, until)."""
        self._filters = {k: v for k, v in filters.items() if v}
        self.reload()

    def page_size(self) -> int:
        return PAGE  # the module's value at each fetch

    def _load_page(self, offset: int, limit: int) -> list[audit.Event]:
        return self._loader(**self._filters, limit=limit, offset=offset, descending=True)

    # -- table --------------------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        event = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == EventRole:
            return event
        if role == SortRole:
            return {"seq": event.seq, "at": event.seq, "user": event.username,
                    "role": event.role, "action": event.action,
                    "reference": event.reference or "", "detail": event.detail}[key]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            if key == "seq":
                return str(event.seq)
            if key == "at":
                return event.at.strftime("%Y-%m-%d %H:%M:%S")
            if key == "user":
                return event.username
            if key == "role":
                return role_label(event.role)
            if key == "action":
                return event.action_label
            if key == "reference":
                return event.reference or ""
            return event.detail
        if role == Qt.TextAlignmentRole and key == "seq":
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def event_at(self, row: int) -> audit.Event:
        return self._rows[row]


class AuditFilterProxy(QSortFilterProxyModel):
    """Sorting by the model's sort keys; a quick text filter over the loaded rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterKeyColumn(-1)


@dataclass(frozen=True)
class AuditArrangement:
    """The audit trail's filters, sort and selected event as the supervisor left them: a
    change of the interface language makes the window again and gives it this. A date is
    kept as typed when it is not one (:func:`~counsel_app.ui.date_field.typed_date`)."""

    user: str
    action: str
    reference: str
    between: bool
    since: date | str
    until: date | str
    quick: str
    sort_column: int
    sort_order: Qt.SortOrder
    selected: int | None  # the event's number (seq)
    shown: dict | None  # the filters of the rows shown (the last that held)


class AuditView(QWidget):
    """Filter widgets above the audit table.

    "Between" filters on the days "From" to "To" (both included; the trail's days are UTC
    days), typed as every date is (:class:`~counsel_app.ui.date_field.DateField`). An empty
    "From" or "To" leaves that end of the period open. A text that is not a date, or a "To"
    before "From", is said in the filter row's message line and filters nothing: the rows of
    the last filters that held stay shown, never rows filtered on a date the screen does not
    show.

    ``arrangement``: the window is made again (a change of the interface language) with the
    filters, sort and selection it was left with (:meth:`arrange`): the rows are read once,
    under those filters, not first under the default ones."""

    def __init__(self, ctx, parent=None, arrangement: AuditArrangement | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = AuditTableModel(lambda **f: audit.read_events(ctx, **f), self)
        self.proxy = AuditFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._shown: dict | None = None  # the filters of the rows shown

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.user = QLineEdit()
        self.user.setPlaceholderText(_("Account"))
        self.user.setAccessibleName(_("Account"))
        self.action = QComboBox()
        self.action.setAccessibleName(_("Action"))
        self.action.addItem(_("All actions"), "")
        for key, label in audit.ACTIONS.items():
            self.action.addItem(_(label), key)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Case reference"))
        self.reference.setAccessibleName(_("Case reference"))
        self.use_dates = QCheckBox(_("Between"))
        # the filter row's message line says what is wrong with a date (a line under each
        # date of the row would stand under nothing else and wrap in a narrow field)
        self.since = DateField("audit_since", _("From"), message_line=False)
        self.until = DateField("audit_until", _("To"), message_line=False)
        self.since.setDate(date.today() - timedelta(days=30))
        self.until.setDate(date.today())
        for field in (self.since, self.until):
            field.setEnabled(False)
        for widget in (self.user, self.action, self.reference, self.use_dates, self.since,
                       self.until):
            row.addWidget(widget)
        layout.addLayout(row)
        # one reserved line for what is wrong with the filters: nothing below moves
        self.filter_message = error_label("auditFilterMessage")
        layout.addWidget(self.filter_message)

        second = QHBoxLayout()
        self.quick = QLineEdit()
        self.quick.setPlaceholderText(_("Filter the rows shown"))
        self.quick.setAccessibleName(_("Filter the rows shown"))
        self.verify_button = QPushButton(_("Check the chain"))
        # administrators: acknowledge what the check found and rebuild lost heads
        self.repair_button = QPushButton(_("Repair the trail…"))
        self.repair_button.setEnabled(False)
        # the check's result has its line reserved too: the table does not move when it shows
        self.verify_result = MessageLabel(" ")
        self.verify_result.setObjectName("verifyResult")
        self.verify_result.setWordWrap(True)
        self.verify_result.setMinimumHeight(self.verify_result.sizeHint().height())
        second.addWidget(self.quick, 1)
        second.addWidget(self.verify_button)
        second.addWidget(self.repair_button)
        # shown or hidden once it has a parent (a parentless widget shown is a window)
        self.repair_button.setVisible(ctx.allows(Permission.USERS_MANAGE))
        layout.addLayout(second)
        layout.addWidget(self.verify_result)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        self.user.editingFinished.connect(self.apply_filters)
        self.reference.editingFinished.connect(self.apply_filters)
        self.action.currentIndexChanged.connect(self.apply_filters)
        self.use_dates.toggled.connect(self._dates_toggled)
        for field in (self.since, self.until):
            field.dateChanged.connect(self.apply_filters)
            field.problemChanged.connect(self._date_problem)
        self.quick.textChanged.connect(self.proxy.setFilterFixedString)
        self.verify_button.clicked.connect(self.verify)
        self.repair_button.clicked.connect(self.repair)
        if arrangement is None:
            self.apply_filters()
        else:
            self.arrange(arrangement)

    def _dates_toggled(self, on: bool) -> None:
        self._dates_enabled(on)
        self.apply_filters()

    def _dates_enabled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)

    def filters(self) -> dict:
        """The exact filters shown; ``ValidationError`` for a date not understood (the
        field's sentence) or a "To" day before "From"."""
        since = until = None
        if self.use_dates.isChecked():
            for field in (self.since, self.until):
                if field.error():
                    raise ValidationError(field.error(), field.edit.objectName())
            since, until = audit.day_period(self.since.date(), self.until.date())
        return {"username": self.user.text().strip().lower(),
                "action": self.action.currentData(),
                "reference": self.reference.text().strip().upper(),
                "since": since, "until": until}

    def apply_filters(self) -> None:
        """Show the events under the filters, or say what is wrong with them and keep the
        rows shown."""
        self._apply(reload=True)

    def _date_problem(self, _sentence: str) -> None:
        """A date's sentence came or went: say it; once it is gone, apply what it held back
        (a date typed again as it was needs no reload: its rows are shown)."""
        self._apply(reload=False)

    def _apply(self, reload: bool) -> None:
        try:
            filters = self.filters()
        except ValidationError as exc:
            show_error(self.filter_message, str(exc))
            return
        show_error(self.filter_message, "")
        if reload or filters != self._shown:
            self._shown = filters
            self.model.set_filters(**filters)

    def arrangement(self) -> AuditArrangement:
        rows = self.table.selectionModel().selectedRows()
        selected = (self.proxy.data(rows[0], EventRole).seq if rows else None)
        header = self.table.horizontalHeader()
        return AuditArrangement(
            self.user.text(), self.action.currentData(), self.reference.text(),
            self.use_dates.isChecked(), typed_date(self.since), typed_date(self.until),
            self.quick.text(), header.sortIndicatorSection(), header.sortIndicatorOrder(),
            selected, dict(self._shown) if self._shown is not None else None)

    def arrange(self, arrangement: AuditArrangement) -> None:
        """Show the filters, sort and selected event of ``arrangement``, and the rows that
        were shown: under a date not understood (shown as typed, with its sentence) they are
        those of the last filters that held, as in the window it replaces."""
        a = arrangement
        widgets = (self.user, self.action, self.reference, self.use_dates, self.since,
                   self.until)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.user.setText(a.user)
            self.action.setCurrentIndex(max(0, self.action.findData(a.action)))
            self.reference.setText(a.reference)
            self.use_dates.setChecked(a.between)
            self._dates_enabled(a.between)
            retype_date(self.since, a.since)
            retype_date(self.until, a.until)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        if a.shown is not None:  # the rows that were shown, even under a date not understood
            self._shown = dict(a.shown)
            self.model.set_filters(**a.shown)
        self._apply(reload=False)
        self.quick.setText(a.quick)
        self.table.sortByColumn(a.sort_column, a.sort_order)
        if a.selected is not None:
            self.select_event(a.selected)

    def select_event(self, seq: int) -> bool:
        """Select the event numbered ``seq`` if the filters show it (fetching the pages down
        to it); False when they do not."""
        while True:
            for row in range(self.model.rowCount()):
                if self.model.event_at(row).seq == seq:
                    index = self.proxy.mapFromSource(self.model.index(row, 0))
                    if not index.isValid():
                        return False
                    self.table.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
                    self.table.scrollTo(index)
                    return True
            if not self.model.canFetchMore(QModelIndex()):
                return False
            self.model.fetchMore(QModelIndex())

    def verify(self) -> None:
        self._show(audit.verify_for(self.ctx))

    def _show(self, result) -> None:
        self.verify_result.setText(result.message())
        self.verify_result.setStyleSheet("" if result.ok else theme.style("error"))
        self.repair_button.setEnabled(not result.ok)

    def repair(self) -> None:
        from counsel_app.ui import messages

        if not messages.ask(self, _(
                "Acknowledge every problem the check found and rebuild lost chain heads? "
                "Nothing in the events is deleted or rewritten; the problems stay on record "
                "in a “repaired the audit trail” event under your name. Check first, from a "
                "backup or with the people concerned, what was changed.")):
            return
        self._show(audit.repair(self.ctx))
        self.apply_filters()


def open_audit_dialog(ctx, parent: QWidget | None = None, *, same_viewing: bool = False,
                      arrangement: AuditArrangement | None = None) -> QDialog:
    """Show the audit trail in a (non-modal) dialog; raises ``PermissionDenied`` for a role
    that may not read it (the caller shows the message).

    The opening is recorded as a read of the trail, except when the window is only made
    again by a change of the interface language (``same_viewing``, its ``reopen``): that
    reading was recorded when the person opened it, and the reopened window is given the
    same filters (``arrangement``, see :meth:`AuditView.arrange`), so it reads nothing they
    had not opened (:func:`counsel_app.security.audit.open_trail`)."""
    from counsel_app.security.audit import open_trail

    open_trail(ctx, same_viewing=same_viewing)  # refused here without the permission
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Audit trail"))
    dialog.setObjectName("auditDialog")
    layout = QVBoxLayout(dialog)
    view = AuditView(ctx, dialog, arrangement)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.view = view
    dialog.resize(960, 560)
    # after a language switch: the same viewing, made with its filters and selection
    dialog.reopen = lambda arrangement=None: open_audit_dialog(
        ctx, parent, same_viewing=True, arrangement=arrangement)
    dialog.arrangement = view.arrangement
    dialog.show()
    return dialog
