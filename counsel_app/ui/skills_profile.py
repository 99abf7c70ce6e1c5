"""The returnee's skills profile (a tab of the Skills and needs step): education, occupations
with years and where, certificates and whether they are recognised at home, languages with
levels, driving licence, wishes and constraints.

Layout and wiring only: the rules are in :mod:`counsel_app.opportunities.skills` (checked
when saved through :class:`~counsel_app.opportunities.service.OpportunityService`), the
ISCO-08 search in :func:`counsel_app.opportunities.classifications.search_isco`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.opportunities.classifications import (
    CONSTRAINT_KINDS,
    ISCED_LABELS,
    LANGUAGE_LEVELS,
    WISH_LABELS,
    search_isco,
)
from counsel_app.opportunities.model import (
    Certificate,
    Constraint,
    LanguageSkill,
    Occupation,
    SkillsProfile,
    Wish,
)
from counsel_app.ui import messages
from counsel_app.ui.steps.common import (
    PERSON_LANGUAGES,
    compact,
    error_label,
    scroll_page,
    select_data,
    show_error,
)

#: languages learnt abroad: the person's languages and those of the usual host countries
LEARNT_LANGUAGES = (*PERSON_LANGUAGES, "it", "de", "nl", "sv", "el", "pl", "da", "no",
                    "fi", "cs", "hu", "bg", "hr", "sr", "he", "ja", "ko", "ms", "th")


def _language_combo() -> QComboBox:
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.names import language_name

    lang = interface_language()
    return _combo("language_code", _("Language"), [(_("— not stated —"), "")] + sorted(
        ((language_name(code, lang), code) for code in LEARNT_LANGUAGES),
        key=lambda item: item[0].casefold()))

def _line(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def _combo(name: str, accessible: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for text, data in items:
        combo.addItem(text, data)
    compact(combo, 10)
    return combo


class RowList(QGroupBox):
    """A titled list of rows of fields, with "Add" and a "Remove" button per row."""

    def __init__(self, name: str, title: str, add_text: str, make_row,
                 headers: tuple[str, ...] = (), parent=None):
        super().__init__(title, parent)
        self.setObjectName(name)
        self.make_row = make_row  # () -> list[QWidget]
        self.rows: list[list[QWidget]] = []
        outer = QVBoxLayout(self)
        self.grid = QGridLayout()
        for column, header in enumerate(headers):  # row 0: what each field is
            self.grid.addWidget(QLabel(header), 0, column)
        self.next_grid_row = 1 if headers else 0  # never reused: removed rows leave gaps
        outer.addLayout(self.grid)
        self.add = QPushButton(add_text)
        self.add.setObjectName(f"{name}_add")
        self.add.setAccessibleName(add_text)
        self.add.clicked.connect(lambda: self.add_row())
        outer.addWidget(self.add, 0, Qt.AlignLeft)

    def add_row(self) -> list[QWidget]:
        widgets = self.make_row()
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove this line"))
        line = [*widgets, remove]
        remove.clicked.connect(lambda: self.remove_row(line))
        number = self.next_grid_row
        self.next_grid_row += 1
        for column, widget in enumerate(line):
            self.grid.addWidget(widget, number, column)
        self.rows.append(line)
        widgets[0].setFocus()
        return widgets

    def remove_row(self, line: list[QWidget]) -> None:
        if line in self.rows:
            self.rows.remove(line)
            for widget in line:
                self.grid.removeWidget(widget)
                widget.deleteLater()

    def clear(self) -> None:
        for line in list(self.rows):
            self.remove_row(line)


class SkillsProfileWidget(QWidget):
    """Edits one case's skills profile; :meth:`save` stores it (checked by the service)."""

    def __init__(self, ctx, case, parent=None):
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.version: int | None = None
        self.dirty = False
        area, page = scroll_page(_("Skills profile"), _(
            "What the person has learnt and done, and what they wish to do at home. The "
            "suggestions in the Opportunities step are ranked from it."))
        QVBoxLayout(self).addWidget(area)
        form = QFormLayout()
        self.education = _combo("education", _("Education level (ISCED)"),
                                [(_("not recorded"), None)]
                                + [(_(label), level) for level, label in ISCED_LABELS.items()])
        form.addRow(_("Education level (ISCED)"), self.education)
        page.addLayout(form)

        find = QGroupBox(_("Find an occupation code (ISCO-08)"))
        row = QVBoxLayout(find)
        self.isco_search = _line("isco_search", _("Find an occupation code (ISCO-08)"),
                                 _("a trade, in any interface language, or a code"))
        self.isco_hits = QListWidget()
        self.isco_hits.setObjectName("isco_hits")
        self.isco_hits.setAccessibleName(_("Occupation codes found"))
        self.isco_hits.setMaximumHeight(110)
        row.addWidget(self.isco_search)
        row.addWidget(self.isco_hits)
        hint = QLabel(_("Double-click a code (or press Enter) to add it as an occupation."))
        hint.setWordWrap(True)
        row.addWidget(hint)
        page.addWidget(find)

        self.occupations = RowList("occupations", _("Occupations"), _("Add an occupation"),
                                   self._occupation_row,
                                   (_("ISCO-08 code"), _("Occupation, in the person's words"),
                                    _("Years"), _("Where")))
        self.certificates = RowList("certificates", _("Certificates"), _("Add a certificate"),
                                    self._certificate_row,
                                    (_("Certificate"), _("ISCO-08 code"),
                                     _("Recognised at home")))
        self.languages = RowList("languages", _("Languages besides the person's own"),
                                 _("Add a language"), self._language_row,
                                 (_("Language"), _("Level")))
        self.wishes = RowList("wishes", _("Wishes"), _("Add a wish"), self._wish_row,
                              (_("Kind of wish"), _("The wish, in the person's words"),
                               _("ISCO-08 code")))
        for box in (self.occupations, self.certificates, self.languages, self.wishes):
            page.addWidget(box)

        other = QGroupBox(_("Driving licence and place"))
        grid = QFormLayout(other)
        self.licence = _combo("licence", _("Driving licence"), [
            (_("not recorded"), ""), (_("none"), "none"), (_("holds one"), "held")])
        self.licence_categories = _line("licence_categories", _("Driving licence categories"),
                                        _("such as B or C"))
        licence_row = QHBoxLayout()
        licence_row.addWidget(self.licence)
        licence_row.addWidget(self.licence_categories)
        grid.addRow(_("Driving licence"), licence_row)
        self.town = _line("preferred_town", _("Preferred town"))
        grid.addRow(_("Preferred town"), self.town)
        page.addWidget(other)

        limits = QGroupBox(_("Constraints"))
        limits_form = QFormLayout(limits)
        self.constraint_notes: dict[str, QLineEdit] = {}
        for kind, label in CONSTRAINT_KINDS.items():
            edit = _line(f"constraint_{kind}", _(label), _("leave empty if none"))
            limits_form.addRow(_(label), edit)
            self.constraint_notes[kind] = edit
        page.addWidget(limits)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save the skills profile"))
        self.save_button.setObjectName("save_skills")
        self.save_button.setAccessibleName(_("Save the skills profile"))
        self.state = QLabel()
        self.state.setObjectName("skills_state")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.state, 1)
        page.addLayout(buttons)
        self.error = error_label("skills_error")
        page.addWidget(self.error)
        page.addStretch(1)

        self.isco_search.textChanged.connect(self._find_isco)
        self.isco_search.returnPressed.connect(self._use_first_hit)
        self.isco_hits.itemActivated.connect(self._use_hit)
        self.save_button.clicked.connect(self.save)
        self.licence.currentIndexChanged.connect(self._licence_changed)
        for widget in self.findChildren(QLineEdit):
            widget.textEdited.connect(self._touched)
        self.education.activated.connect(self._touched)
        self.licence.activated.connect(self._touched)
        self.reload()

    # -- rows ----------------------------------------------------------------------------
    def _occupation_row(self) -> list[QWidget]:
        years = QDoubleSpinBox()
        years.setRange(0, 70)
        years.setDecimals(1)
        years.setAccessibleName(_("Years"))
        years.setSuffix(" " + _("years"))
        years.valueChanged.connect(self._touched)
        return [_line("occupation_isco", _("ISCO-08 code"), _("code")),
                _line("occupation_title", _("Occupation, in the person's words"),
                      _("occupation")),
                years,
                _line("occupation_where", _("Where"), _("where (country or town)"))]

    def _certificate_row(self) -> list[QWidget]:
        return [_line("certificate_name", _("Certificate"), _("name")),
                _line("certificate_isco", _("ISCO-08 code"), _("code")),
                _combo("certificate_recognised", _("Recognised at home"), [
                    (_("recognition at home not known"), None),
                    (_("recognised at home"), True), (_("not recognised at home"), False)])]

    def _language_row(self) -> list[QWidget]:
        return [_language_combo(),
                _combo("language_level", _("Level"), [(_("level not stated"), "")] + [
                    (_(label), key) for key, label in LANGUAGE_LEVELS.items()])]

    def _wish_row(self) -> list[QWidget]:
        return [_combo("wish_kind", _("Kind of wish"),
                       [(_(label), kind) for kind, label in WISH_LABELS.items()]),
                _line("wish_text", _("The wish, in the person's words"), _("the wish")),
                _line("wish_isco", _("ISCO-08 code"), _("code"))]

    def _touched(self, *_args) -> None:
        self.dirty = True
        self.state.setText("")

    def _licence_changed(self) -> None:
        self.licence_categories.setEnabled(self.licence.currentData() == "held")

    # -- ISCO search ---------------------------------------------------------------------
    def _find_isco(self, text: str) -> None:
        self.isco_hits.clear()
        for hit in search_isco(text):
            item = QListWidgetItem(f"{hit.code} — {hit.label} ({hit.group})")
            # an everyday trade word becomes the title; an ILO group title does not
            item.setData(Qt.UserRole, (hit.code, hit.label if hit.label != hit.group else ""))
            self.isco_hits.addItem(item)

    def _use_first_hit(self) -> None:
        if self.isco_hits.count():
            self._use_hit(self.isco_hits.item(0))

    def _use_hit(self, item: QListWidgetItem) -> None:
        code, label = item.data(Qt.UserRole)
        widgets = self.occupations.add_row()
        widgets[0].setText(code)
        widgets[1].setText(label)
        widgets[1].setFocus()
        self._touched()

    # -- data ----------------------------------------------------------------------------
    def reload(self) -> None:
        from counsel_app.opportunities.service import OpportunityService

        try:
            data = OpportunityService(self.ctx).case_data(self.case)
        except UserError as exc:
            show_error(self.error, str(exc))
            self.setEnabled(False)
            return
        self.version = data.version
        self.show_profile(data.profile)
        self.dirty = False

    def show_profile(self, p: SkillsProfile) -> None:
        select_data(self.education, p.education_level)
        for box in (self.occupations, self.certificates, self.languages, self.wishes):
            box.clear()
        for o in p.occupations:
            isco, title, years, where = self.occupations.add_row()
            isco.setText(o.isco), title.setText(o.title), years.setValue(o.years)
            where.setText(o.where)
        for c in p.certificates:
            name, isco, recognised = self.certificates.add_row()
            name.setText(c.name), isco.setText(c.isco), select_data(recognised, c.recognised)
        for lang in p.languages:
            code, level = self.languages.add_row()
            select_data(code, lang.code), select_data(level, lang.level)
        for w in p.wishes:
            kind, text, isco = self.wishes.add_row()
            select_data(kind, w.kind), text.setText(w.text), isco.setText(w.isco)
        held = p.driving_licence not in ("", "none")
        select_data(self.licence, "held" if held else p.driving_licence)
        self.licence_categories.setText(p.driving_licence if held else "")
        self._licence_changed()
        self.town.setText(p.preferred_town)
        notes = {c.kind: c.note for c in p.constraints}
        for kind, edit in self.constraint_notes.items():
            edit.setText(notes.get(kind, "") or ("✓" if kind in notes else ""))
        self._region = p.preferred_region
        self._skills = list(p.skills)
        show_error(self.error, "")

    def profile(self) -> SkillsProfile:
        """What the fields say (not checked yet)."""
        licence = self.licence.currentData()
        if licence == "held":
            licence = self.licence_categories.text().strip() or _("held")
        return SkillsProfile(
            education_level=self.education.currentData(),
            occupations=[Occupation(i.text(), t.text(), y.value(), w.text())
                         for i, t, y, w, _r in self.occupations.rows],
            certificates=[Certificate(n.text(), i.text(), r.currentData())
                          for n, i, r, _r in self.certificates.rows],
            languages=[LanguageSkill(c.currentData(), level.currentData())
                       for c, level, _r in self.languages.rows if c.currentData()],
            wishes=[Wish(t.text(), k.currentData(), i.text())
                    for k, t, i, _r in self.wishes.rows],
            driving_licence=licence or "",
            preferred_town=self.town.text(),
            preferred_region=self._region,
            skills=self._skills,
            constraints=[Constraint(kind, "" if e.text().strip() == "✓" else e.text())
                         for kind, e in self.constraint_notes.items() if e.text().strip()],
        )

    def save(self) -> bool:
        """Check and store the profile; a refusal is shown in one sentence, nothing saved."""
        from counsel_app.errors import ConflictError
        from counsel_app.opportunities.service import OpportunityService

        service = OpportunityService(self.ctx)
        try:
            saved = service.save_profile(self.case, self.profile(), version=self.version)
        except ConflictError as exc:
            messages.warn(self, str(exc))
            self.reload()
            return False
        except UserError as exc:
            show_error(self.error, str(exc))
            return False
        self.version = service.case_data(self.case).version
        self.show_profile(saved)
        self.dirty = False
        self.state.setText(_("Saved."))
        return True

    def flush(self) -> None:
        if self.dirty:
            self.save()
