"""Tools > Community projects: projects and structural actions for a place, and the cases
they serve. The rules (what a project needs, who may change it, the audit) are
:class:`counsel_app.followup.projects.ProjectService`, the same as ``counsel-app projects``;
this dialog lays them out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.followup.projects import KINDS, ProjectService
from counsel_app.i18n import _, interface_language, ngettext
from counsel_app.ui import theme
from counsel_app.ui.date_field import DateField
from counsel_app.ui.reading_order import ReadingOrderSplitter


class ProjectsDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = ProjectService(ctx)
        self.current: str | None = None  # uid of the project shown, None: a new one
        self.setWindowTitle(_("Community projects and structural actions"))
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Reintegration also happens at the level of a place: a cooperative, a training "
            "course, a desk for civil documents. Record the project for its country and "
            "region (never a person's name in it) and link the cases it serves; the "
            "programme report counts them."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        # an empty white list said nothing of why: while there is no project, this line
        # says it in the list's place (the same place: nothing moves when the first comes)
        self.empty_hint = QLabel(_(
            "No community project is recorded yet: fill in the form and press “Save the "
            "project”."))
        self.empty_hint.setObjectName("projects_empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignTop | Qt.AlignLeading)
        self.projects = QListWidget()
        self.projects.setObjectName("projects_list")
        self.projects.setAccessibleName(_("Projects"))
        self.list_area = QStackedWidget()
        self.list_area.addWidget(self.empty_hint)
        self.list_area.addWidget(self.projects)
        left_layout.addWidget(self.list_area, 1)
        self.new = QPushButton(_("&New project"))
        self.new.setObjectName("new_project")
        left_layout.addWidget(self.new)

        right = QWidget()
        form = QFormLayout(right)
        self.kind = QComboBox()
        self.kind.setObjectName("project_kind")
        for key, label in KINDS.items():
            self.kind.addItem(_(label), key)
        form.addRow(_("&Kind:"), self.kind)
        self.title = QLineEdit()
        self.title.setObjectName("project_title")
        self.title.setPlaceholderText(_("what it is, with no names of people"))
        form.addRow(_("&Title:"), self.title)
        self.country = QComboBox()
        self.country.setObjectName("project_country")
        self.country.setEditable(False)
        from counsel_app.i18n.names import countries

        self.country.addItem("", "")
        for code, name in countries(interface_language()):
            self.country.addItem(name, code)
        form.addRow(_("&Country:"), self.country)
        self.region = QComboBox()
        self.region.setObjectName("project_region")
        form.addRow(_("&Region:"), self.region)
        self.start = DateField("project_start", _("Start"))
        form.addRow(_("&Start:"), self.start)
        self.end = DateField("project_end", _("End"))
        form.addRow(_("&End:"), self.end)
        self.description = QPlainTextEdit()
        self.description.setObjectName("project_description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        form.addRow(_("&Description:"), self.description)
        self.save = QPushButton(_("Sa&ve the project"))
        self.save.setObjectName("save_project")
        form.addRow("", self.save)
        self.cases = QListWidget()
        self.cases.setObjectName("project_cases")
        self.cases.setAccessibleName(_("Cases the project serves"))
        self.cases.setFixedHeight(90)
        form.addRow(_("Cases served:"), self.cases)
        link_row = QHBoxLayout()
        self.reference = QLineEdit()
        self.reference.setObjectName("link_reference")
        self.reference.setPlaceholderText(_("case reference"))
        self.link = QPushButton(_("&Link this case"))
        self.link.setObjectName("link_case")
        self.unlink = QPushButton(_("Re&move the selected case"))
        self.unlink.setObjectName("unlink_case")
        link_row.addWidget(self.reference, 1)
        link_row.addWidget(self.link)
        link_row.addWidget(self.unlink)
        form.addRow("", link_row)
        layout.addWidget(ReadingOrderSplitter((left, right), stretch=(0, 2)), 1)
        # one reserved line for what happened or what is wrong: nothing below moves
        self.message = QLabel(" ")
        self.message.setObjectName("projects_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() * 2)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        # Enter in the reference field links the case; it must not also press a button
        for button in (self.new, self.save, self.link, self.unlink,
                       buttons.button(QDialogButtonBox.Close)):
            button.setAutoDefault(False)
        self.projects.currentRowChanged.connect(self._show)
        self.country.currentIndexChanged.connect(self._regions)
        self.new.clicked.connect(self.start_new)
        self.save.clicked.connect(self.save_project)
        self.link.clicked.connect(self.link_case)
        self.reference.returnPressed.connect(self.link_case)
        self.unlink.clicked.connect(self.unlink_case)
        self.refresh()
        if not self.projects.count():
            self.start_new()
        self.resize(940, 560)

    # -- display --------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        self.items = self.service.list()
        self.projects.blockSignals(True)
        self.projects.clear()
        for project in self.items:
            item = QListWidgetItem(_("{kind}: {title} ({country})").format(
                kind=_(KINDS[project.kind]), title=project.title, country=project.country))
            item.setData(Qt.UserRole, project.uid)
            self.projects.addItem(item)
        self.projects.blockSignals(False)
        self.list_area.setCurrentWidget(self.projects if self.items else self.empty_hint)
        uids = [p.uid for p in self.items]
        if select in uids:
            self.projects.setCurrentRow(uids.index(select))
        elif self.items and self.current in uids:
            self.projects.setCurrentRow(uids.index(self.current))

    def _regions(self) -> None:
        from counsel_app.ui.steps.intake import subdivisions

        code = self.country.currentData() or ""
        self.region.clear()
        self.region.addItem(_("the whole country"), "")
        for region, name in subdivisions(code, interface_language()):
            self.region.addItem(name, region)

    def _show(self, row: int) -> None:
        if row < 0 or row >= len(self.items):
            return
        project = self.items[row]
        self.current = project.uid
        self.kind.setCurrentIndex(self.kind.findData(project.kind))
        self.title.setText(project.title)
        self.country.setCurrentIndex(max(0, self.country.findData(project.country)))
        self._regions()
        self.region.setCurrentIndex(max(0, self.region.findData(project.region)))
        self.start.setDate(project.started_on)
        self.end.setDate(project.ended_on)
        self.description.setPlainText(project.description)
        self.cases.clear()
        for reference in project.cases:
            self.cases.addItem(reference)
        hidden = project.case_count - len(project.cases)
        if hidden:
            self.cases.addItem(ngettext("and {n} case you cannot open",
                                        "and {n} cases you cannot open", hidden).format(n=hidden))
        self._linking(True)

    def _linking(self, on: bool) -> None:
        for widget in (self.reference, self.link, self.unlink):
            widget.setEnabled(on)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(theme.style("error" if error else "plain"))
        self.message.setText(text or " ")

    # -- actions --------------------------------------------------------------------------
    def start_new(self) -> None:
        self.current = None
        self.projects.clearSelection()
        self.kind.setCurrentIndex(0)
        self.title.clear()
        self.country.setCurrentIndex(0)
        self._regions()
        self.start.setDate(None)
        self.end.setDate(None)
        self.description.clear()
        self.cases.clear()
        self._linking(False)
        self.title.setFocus()

    def save_project(self) -> None:
        for field in (self.start, self.end):
            if not field.commit():
                self._say(field.error(), error=True)
                field.edit.setFocus()
                return
        fields = dict(kind=self.kind.currentData(), title=self.title.text(),
                      country=self.country.currentData() or "",
                      region=self.region.currentData() or "",
                      description=self.description.toPlainText(),
                      started_on=self.start.date(), ended_on=self.end.date())
        try:
            if self.current is None:
                project = self.service.add(**fields)
            else:
                project = self.service.update(self.current, **fields)
        except UserError as exc:  # one sentence naming the field
            self._say(str(exc), error=True)
            return
        self.current = project.uid
        self.refresh(select=project.uid)
        self._say(_("Saved “{title}”.").format(title=project.title))

    def link_case(self) -> None:
        reference = self.reference.text().strip()
        if self.current is None or not reference:
            self._say(_("Type the reference of the case to link."), error=True)
            return
        try:
            added = self.service.link(self.current, reference)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self.reference.clear()
        self.refresh(select=self.current)
        self._say(_("Case {reference} is linked.").format(reference=reference.upper())
                  if added else _("Case {reference} was already linked.").format(
            reference=reference.upper()))

    def unlink_case(self) -> None:
        item = self.cases.currentItem()
        if self.current is None or item is None or item.text() not in (
                self.items[self.projects.currentRow()].cases if self.projects.currentRow() >= 0
                else []):
            self._say(_("Select a case in the list first."), error=True)
            return
        reference = item.text()
        try:
            self.service.unlink(self.current, reference)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self.refresh(select=self.current)
        self._say(_("Case {reference} is no longer linked.").format(reference=reference))


def open_projects(host) -> None:
    from counsel_app.ui import messages

    try:
        dialog = ProjectsDialog(host.ctx, host.parent_widget)
    except Exception as exc:  # noqa: BLE001 - a refusal (role) is a UserError sentence
        messages.show_exception(host.parent_widget, exc)
        return
    dialog.exec()
