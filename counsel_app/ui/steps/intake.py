"""Step 1, intake: the person, the household, the interpreter, where they would return."""

from __future__ import annotations

import gettext
from datetime import date
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from counsel_app.domain.case import Interpreter
from counsel_app.domain.enums import ReasonCategory, Sex
from counsel_app.session.intake import IntakeForm, apply_intake
from counsel_app.i18n import _, interface_language
from counsel_app.ui.date_field import DateField, years_ago
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import (
    compact,
    country_combo,
    error_label,
    language_combo,
    note_edit,
    scroll_page,
    select_data,
    set_text_keep_cursor,
    show_error,
)
from counsel_app.ui.steps.household_model import HouseholdModel, RelationDelegate



@lru_cache(maxsize=64)
def subdivisions(country: str, lang: str) -> list[tuple[str, str]]:
    """(ISO 3166-2 code, name) of a country's regions, names translated where pycountry has
    them, sorted by name."""
    import pycountry

    if not country:
        return []
    try:
        items = list(pycountry.subdivisions.get(country_code=country) or [])
    except (KeyError, LookupError):
        return []
    try:
        tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        translate = tr.gettext
    except OSError:
        def translate(text):
            return text
    top = [s for s in items if not getattr(s, "parent_code", None)] or items
    return sorted(((s.code, translate(s.name)) for s in top), key=lambda p: p[1].casefold())


class IntakeStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Intake"), _(
            "Who the person is, who travels with them, who interprets, and where they "
            "would return. Everything saves as you type."))
        QVBoxLayout(self).addWidget(area)

        person = QGroupBox(_("Person"))
        form = QFormLayout(person)
        self.name_latin = self._line("name_latin", _("Name (Latin letters)"), form)
        self.name_native = self._line("name_native", _("Name as the person writes it"), form)
        self.name_error = error_label("name_error")
        form.addRow("", self.name_error)
        self.sex = QComboBox()
        self.sex.setObjectName("sex")
        self.sex.setAccessibleName(_("Sex"))
        for sex in Sex:
            self.sex.addItem(_(sex.label), sex.value)
        form.addRow(_("Sex"), self.sex)
        # typed in the language's form or ISO; empty is "unknown" (then the estimated age
        # counts); the calendar opens near the estimated age, or 30 years back
        self.dob = DateField("date_of_birth", _("Date of birth"), allow_unknown=True,
                             minimum=date(1900, 1, 1), maximum=date.today(),
                             plausible=self._plausible_birth)
        form.addRow(_("Date of birth"), self.dob)
        self.age = QSpinBox()
        self.age.setObjectName("estimated_age")
        self.age.setAccessibleName(_("Estimated age"))
        self.age.setRange(-1, 120)
        self.age.setSpecialValueText(_("not estimated"))
        form.addRow(_("Estimated age (if no date of birth)"), self.age)
        self.nationality = country_combo("nationality", _("Nationality"))
        form.addRow(_("Nationality"), self.nationality)
        self.language = language_combo("preferred_language", _("Preferred language"))
        form.addRow(_("Preferred language"), self.language)
        self.phone = self._line("phone", _("Phone"), form)
        self.phone.setLayoutDirection(Qt.LeftToRight)  # numbers read left to right
        self.phone.setAlignment(Qt.AlignLeft)
        self.phone_error = error_label("phone_error")
        form.addRow("", self.phone_error)
        columns = QGridLayout()
        columns.addWidget(person, 0, 0, 2, 1)
        page.addLayout(columns)

        household = QGroupBox(_("Household"))
        # the buttons beside the table, not under it: at 1366x768 they stay above the fold
        hl = QHBoxLayout(household)
        self.household_model = HouseholdModel(parent=self)
        self.household = QTableView()
        self.household.setObjectName("household")
        self.household.setAccessibleName(_("Household members"))
        self.household.setModel(self.household_model)
        self.household.setItemDelegate(RelationDelegate(self.household))
        self.household.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.household.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.household.setMinimumHeight(110)
        self.household.setMaximumHeight(150)
        self.household.setEditTriggers(QAbstractItemView.AllEditTriggers)
        hl.addWidget(self.household, 1)
        buttons = QVBoxLayout()
        self.add_member = QPushButton(_("Add a member"))
        self.add_member.setObjectName("add_member")
        self.add_member.setAccessibleName(_("Add a household member"))
        self.remove_member = QPushButton(_("Remove the selected member"))
        self.remove_member.setObjectName("remove_member")
        self.remove_member.setAccessibleName(_("Remove the selected household member"))
        buttons.addWidget(self.add_member)
        buttons.addWidget(self.remove_member)
        buttons.addStretch(1)
        hl.addLayout(buttons)

        interp = QGroupBox(_("Interpreter"))
        iform = QFormLayout(interp)
        self.interp_language = language_combo("interpreter_language",
                                              _("Interpreter's language"))
        iform.addRow(_("Language interpreted"), self.interp_language)
        self.interp_name = self._line("interpreter_name", _("Interpreter's name or ID"), iform)
        columns.addWidget(interp, 0, 1)

        ret = QGroupBox(_("Return"))
        rform = QFormLayout(ret)
        self.host_country = country_combo("host_country", _("Host country"))
        rform.addRow(_("Host country (where counselled)"), self.host_country)
        self.return_country = country_combo("return_country", _("Country of return"))
        rform.addRow(_("Country of return"), self.return_country)
        self.region = QComboBox()
        self.region.setObjectName("return_region")
        self.region.setAccessibleName(_("Region of return"))
        compact(self.region)
        rform.addRow(_("Region"), self.region)
        self.town = self._line("return_town", _("Town or village"), rform)
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(_("Reason for return"))
        compact(self.reason)
        self.reason.addItem(_("— not stated —"), "")
        for reason in ReasonCategory:
            self.reason.addItem(_(reason.label), reason.value)
        rform.addRow(_("Reason for return"), self.reason)
        self.reason_note = note_edit("reason_note", _("Note on the reason"), lines=2)
        rform.addRow(_("Note"), self.reason_note)
        columns.addWidget(ret, 1, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        page.addWidget(household)
        page.addStretch(1)

        self.reload()
        for edit in (self.name_latin, self.name_native, self.phone, self.interp_name, self.town):
            edit.textEdited.connect(self._write)
        self.reason_note.textChanged.connect(self._write)
        for combo in (self.sex, self.nationality, self.language, self.interp_language,
                      self.host_country, self.region, self.reason):
            combo.activated.connect(self._write)
        self.return_country.activated.connect(self._country_changed)
        self.dob.dateChanged.connect(self._write)
        self.age.valueChanged.connect(self._write)
        self.household_model.edited.connect(self._write)
        self.add_member.clicked.connect(self._add_member)
        self.remove_member.clicked.connect(self._remove_member)

    def _plausible_birth(self) -> date:
        age = self.age.value()
        return years_ago(age if age >= 0 else 30)()

    def _line(self, name: str, label: str, form: QFormLayout) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        form.addRow(label, edit)
        return edit

    # -- data -> widgets ------------------------------------------------------------------
    def reload(self) -> None:
        case = self.services.case
        p = case.person
        self._loading = True
        set_text_keep_cursor(self.name_latin, p.name_latin)
        set_text_keep_cursor(self.name_native, p.name_native)
        select_data(self.sex, p.sex.value)
        self.dob.setDate(p.date_of_birth)
        self.age.setEnabled(p.date_of_birth is None)  # a known date of birth gives the age
        self.age.setValue(p.estimated_age if p.estimated_age is not None else -1)
        select_data(self.nationality, p.nationality)
        select_data(self.language, p.preferred_language)
        set_text_keep_cursor(self.phone, p.phone)
        self.household_model.set_members(case.household)
        interp = case.interpreter or Interpreter()
        select_data(self.interp_language, interp.language)
        set_text_keep_cursor(self.interp_name, interp.name_or_id)
        select_data(self.host_country, case.host_country)
        select_data(self.return_country, case.return_country)
        self._fill_regions()
        select_data(self.region, case.return_region)
        set_text_keep_cursor(self.town, case.return_town)
        select_data(self.reason, case.reason.value if case.reason else "")
        set_text_keep_cursor(self.reason_note, case.reason_note)
        self._loading = False

    def _fill_regions(self) -> None:
        self.region.clear()
        self.region.addItem(_("— not stated —"), "")
        for code, name in subdivisions(self.return_country.currentData() or "",
                                       interface_language()):
            self.region.addItem(name, code)

    def _country_changed(self) -> None:
        self._fill_regions()
        self._write()

    # -- widgets -> data (every edit) -------------------------------------------------------
    def _write(self, *_args) -> None:
        if getattr(self, "_loading", False):
            return
        form = IntakeForm(
            name_latin=self.name_latin.text(), name_native=self.name_native.text(),
            sex=self.sex.currentData(),
            date_of_birth=self.dob.date(),
            estimated_age=None if self.age.value() < 0 else self.age.value(),
            nationality=self.nationality.currentData() or "",
            preferred_language=self.language.currentData() or "",
            phone=self.phone.text(),
            interpreter_language=self.interp_language.currentData() or "",
            interpreter_name=self.interp_name.text(),
            host_country=self.host_country.currentData() or "",
            return_country=self.return_country.currentData() or "",
            return_region=self.region.currentData() or "",
            return_town=self.town.text(), reason=self.reason.currentData() or None,
            reason_note=self.reason_note.toPlainText())
        self.age.setEnabled(form.date_of_birth is None)  # a known date of birth gives the age
        problems = {p.field: str(p) for p in apply_intake(self.services.case, form)}
        show_error(self.name_error, problems.get("person.name_latin", ""))
        show_error(self.phone_error, problems.get("person.phone", ""))
        self.services.changed("case")

    def _add_member(self) -> None:
        row = self.household_model.add()
        index = self.household_model.index(row, 1)
        self.household.setCurrentIndex(index)
        self.household.edit(index)

    def _remove_member(self) -> None:
        rows = self.household.selectionModel().selectedRows()
        if rows:
            self.household_model.remove(rows[0].row())

    def summary(self) -> str:
        return self.services.case.person.display_name
