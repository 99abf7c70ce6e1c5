"""The Departure step's form: documents, fitness and escort, route, reception (layout only).

Each part is a plain group of fields that can show a travel record and hand back what was
typed as strings (:meth:`DepartureForm.values`); reading and checking the strings is
:mod:`counsel_app.travel.form`'s and :mod:`counsel_app.travel.model`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from counsel_app.i18n import _
from counsel_app.travel.form import show_date, show_moment
from counsel_app.travel.model import (
    BRING_ITEMS,
    CLEARANCES,
    COMPANION_ROLES,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    ESCORTS,
    TravelRecord,
)
from counsel_app.travel.places import suggestions
from counsel_app.ui.steps.common import compact, select_data

DATE_HINT = "YYYY-MM-DD"
MOMENT_HINT = "YYYY-MM-DD HH:MM"

#: column: (key, header (N_ already translated at build), kind, choices or hint)
Column = tuple[str, str, str, object]


def _line(name: str, accessible: str, hint: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(hint)
    return edit


def _combo(name: str, accessible: str, choices: dict) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for key, label in choices.items():
        combo.addItem(_(label[0] if isinstance(label, tuple) else label), key)
    compact(combo, 10)
    return combo


def _place_completer(edit: QLineEdit) -> None:
    """Suggest airports and towns as the counsellor types (from the offline list)."""
    completer = QCompleter([], edit)
    completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
    edit.setCompleter(completer)

    def refresh(text: str) -> None:
        completer.model().setStringList(suggestions(text))  # type: ignore[attr-defined]

    from PySide6.QtCore import QStringListModel

    completer.setModel(QStringListModel(completer))
    edit.textEdited.connect(refresh)
    completer.activated.connect(lambda text: edit.setText(text.split(" — ")[0]))


class RowTable(QWidget):
    """Rows of fields (one widget per cell, each with an object name) with Add/Remove."""

    changed = Signal()

    def __init__(self, name: str, title: str, columns: Sequence[Column],
                 choices_for: Callable[[str], dict] | None = None, parent=None):
        super().__init__(parent)
        self.name = name
        self.columns = list(columns)
        self.choices_for = choices_for
        self.table = QTableWidget(0, len(self.columns))
        self.table.setObjectName(name)
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([c[1] for c in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(True)
        self._fit()
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add a row"))
        self.add_button.setObjectName(f"{name}_add")
        self.add_button.clicked.connect(lambda: (self.add_row({}), self.changed.emit()))
        self.remove_button = QPushButton(_("Remove the selected row"))
        self.remove_button.setObjectName(f"{name}_remove")
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def cell(self, row: int, key: str) -> QWidget:
        return self.table.cellWidget(row, [c[0] for c in self.columns].index(key))

    def add_row(self, values: dict) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, (key, header, kind, extra) in enumerate(self.columns):
            name = f"{self.name}_{row}_{key}"
            if kind == "combo":
                choices = self.choices_for(key) if extra is None and self.choices_for else dict(extra)
                widget = _combo(name, header, choices)
                select_data(widget, values.get(key, next(iter(choices), "")))
                widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
            elif kind == "check":
                widget = QCheckBox()
                widget.setObjectName(name)
                widget.setAccessibleName(header)
                widget.setChecked(bool(values.get(key, True)))
                widget.toggled.connect(lambda _on: self.changed.emit())
            else:
                widget = _line(name, header, str(extra or ""))
                widget.setText(str(values.get(key) or ""))
                if kind == "place":
                    _place_completer(widget)
                widget.textEdited.connect(lambda _t: self.changed.emit())
            self.table.setCellWidget(row, col, widget)
        self.table.resizeColumnsToContents()
        self._fit()
        return row

    def _fit(self) -> None:
        """As tall as its rows (at least two), so the page scrolls, not each table."""
        rows = max(2, self.table.rowCount())
        height = (self.table.horizontalHeader().sizeHint().height()
                  + rows * self.table.verticalHeader().defaultSectionSize()
                  + 2 * self.table.frameWidth() + 4)
        self.table.setFixedHeight(height)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._fit()
            self.changed.emit()

    def set_rows(self, rows: list[dict]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[dict]:
        out = []
        for row in range(self.table.rowCount()):
            values = {}
            for key, _header, kind, _extra in self.columns:
                widget = self.cell(row, key)
                if kind == "combo":
                    values[key] = widget.currentData()
                elif kind == "check":
                    values[key] = widget.isChecked()
                else:
                    values[key] = widget.text()
            out.append(values)
        return out


class DepartureForm(QWidget):
    """Every editable field of the travel record, in four groups."""

    changed = Signal()

    def __init__(self, travellers: dict[str, str], parent=None):
        super().__init__(parent)
        self.travellers = travellers  # key -> name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        box = QGroupBox(_("Travel documents (the person and each travelling family member)"))
        self.documents = RowTable("travel_documents", _("Travel documents"), [
            ("holder", _("Who"), "combo", None),
            ("kind", _("Document"), "combo", DOCUMENT_KINDS),
            ("status", _("Status"), "combo", DOCUMENT_STATUSES),
            ("consulate", _("Consulate"), "text", ""),
            ("requested_on", _("Requested"), "text", DATE_HINT),
            ("expected_on", _("Expected"), "text", DATE_HINT),
            ("issued_on", _("Issued"), "text", DATE_HINT),
            ("expires_on", _("Expires"), "text", DATE_HINT),
        ], self._choices)
        QVBoxLayout(box).addWidget(self.documents)
        layout.addWidget(box)

        box = QGroupBox(_("Fitness to travel and escort (health data: kept encrypted, shared "
                          "only with the person's consent)"))
        grid = QFormLayout(box)
        self.clearance = _combo("travel_clearance", _("Medical clearance"), CLEARANCES)
        self.clearance_date = _line("travel_clearance_date", _("Date of the clearance"),
                                    DATE_HINT)
        self.assessed_by = _line("travel_assessed_by", _("Doctor or clinic"))
        self.medicines = _line("travel_medicines", _("Medicines to carry"))
        self.escort = _combo("travel_escort", _("Escort"), ESCORTS)
        self.escort_reason = _line("travel_escort_reason", _("Why an escort"))
        self.escort_name = _line("travel_escort_name", _("Who escorts"))
        self.escort_phone = _line("travel_escort_phone", _("Escort's phone"))
        for label, widget in ((_("Medical clearance:"), self.clearance),
                              (_("Date of the clearance:"), self.clearance_date),
                              (_("Doctor or clinic:"), self.assessed_by),
                              (_("Medicines to carry:"), self.medicines),
                              (_("Escort:"), self.escort),
                              (_("Why:"), self.escort_reason),
                              (_("Who escorts:"), self.escort_name),
                              (_("Escort's phone:"), self.escort_phone)):
            grid.addRow(label, widget)
        layout.addWidget(box)

        box = QGroupBox(_("Itinerary"))
        column = QVBoxLayout(box)
        top = QFormLayout()
        self.departure_date = _line("travel_departure_date", _("Departure date"), DATE_HINT)
        self.meeting_point = _line("travel_meeting_point",
                                   _("Where and when to be at departure"))
        self.departure_contact = _line("travel_departure_contact", _("Contact at departure"))
        self.departure_phone = _line("travel_departure_phone", _("Phone at departure"))
        for label, widget in ((_("Departure date:"), self.departure_date),
                              (_("Be at:"), self.meeting_point),
                              (_("Contact at departure:"), self.departure_contact),
                              (_("Phone:"), self.departure_phone)):
            top.addRow(label, widget)
        column.addLayout(top)
        self.legs = RowTable("travel_legs", _("Legs of the route"), [
            ("origin", _("From"), "place", "TUN"),
            ("destination", _("To"), "place", "Agadez, NE"),
            ("carrier", _("Carrier"), "text", ""),
            ("departs", _("Leaves (local)"), "text", MOMENT_HINT),
            ("arrives", _("Arrives (local)"), "text", MOMENT_HINT),
            ("accompanied", _("With the adult"), "check", None),
            ("accompanied_by", _("Other adult on this leg"), "text", ""),
        ])
        column.addWidget(self.legs)
        self.transits = RowTable("travel_transits", _("Help at transit stops"), [
            ("place", _("Transit stop"), "place", "IST"),
            ("help", _("Help arranged"), "text", ""),
            ("contact_name", _("Contact"), "text", ""),
            ("contact_phone", _("Phone"), "text", ""),
        ])
        column.addWidget(self.transits)
        more = QFormLayout()
        self.adult_name = _line("travel_adult_name",
                                _("Adult who accompanies the child throughout"))
        self.adult_role = _combo("travel_adult_role", _("Role of the accompanying adult"),
                                 {"": (_("— not stated —"),), **COMPANION_ROLES})
        self.adult_phone = _line("travel_adult_phone", _("Phone of the accompanying adult"))
        self.luggage = _line("travel_luggage", _("Luggage allowance"))
        self.bring_other = _line("travel_bring_other", _("Also bring"))
        for label, widget in ((_("For a child, accompanied throughout by:"), self.adult_name),
                              (_("Role:"), self.adult_role), (_("Phone:"), self.adult_phone),
                              (_("Luggage allowance:"), self.luggage)):
            more.addRow(label, widget)
        column.addLayout(more)
        bring = QGroupBox(_("What to bring"))
        bring_grid = QGridLayout(bring)
        self.bring: dict[str, QCheckBox] = {}
        for index, (key, (label, _doc)) in enumerate(BRING_ITEMS.items()):
            check = QCheckBox(_(label))
            check.setObjectName(f"travel_bring_{key}")
            check.toggled.connect(lambda _on: self.changed.emit())
            bring_grid.addWidget(check, index // 2, index % 2)
            self.bring[key] = check
        bring_grid.addWidget(self.bring_other, len(BRING_ITEMS) // 2 + 1, 0, 1, 2)
        self.bring_other.setPlaceholderText(_("Anything else to bring"))
        column.addWidget(bring)
        layout.addWidget(box)

        box = QGroupBox(_("Reception on arrival (the office confirms it before departure)"))
        grid = QFormLayout(box)
        self.met_by = _line("travel_met_by", _("Who meets the person"))
        self.arrival_point = _line("travel_arrival_point", _("Where they meet"))
        self.reception_phone = _line("travel_reception_phone", _("Phone on arrival"))
        self.onward = _line("travel_onward", _("Onward transport"))
        self.accommodation = _line("travel_accommodation", _("Temporary accommodation"))
        self.appointment = _line("travel_appointment", _("First appointment at the office"),
                                 MOMENT_HINT)
        self.appointment_place = _line("travel_appointment_place",
                                       _("Place of the first appointment"))
        for label, widget in ((_("Who meets the person:"), self.met_by),
                              (_("Where:"), self.arrival_point),
                              (_("Phone:"), self.reception_phone),
                              (_("Onward transport:"), self.onward),
                              (_("Temporary accommodation:"), self.accommodation),
                              (_("First appointment:"), self.appointment),
                              (_("Place:"), self.appointment_place)):
            grid.addRow(label, widget)
        layout.addWidget(box)

        for table in (self.documents, self.legs, self.transits):
            table.changed.connect(self.changed)
        for widget in self.findChildren(QLineEdit):
            widget.textEdited.connect(lambda _t: self.changed.emit())
        for widget in (self.clearance, self.escort, self.adult_role):
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _choices(self, key: str) -> dict:
        return {k: (name,) for k, name in self.travellers.items()}

    # -- in and out --------------------------------------------------------------------------
    def show_record(self, record: TravelRecord) -> None:
        self.blockSignals(True)
        self.documents.set_rows([{
            "holder": d.holder, "kind": d.kind, "status": d.status, "consulate": d.consulate,
            "requested_on": show_date(d.requested_on), "expected_on": show_date(d.expected_on),
            "issued_on": show_date(d.issued_on), "expires_on": show_date(d.expires_on)}
            for d in record.documents])
        f, e, it, r = record.fitness, record.escort, record.itinerary, record.reception
        select_data(self.clearance, f.clearance)
        self.clearance_date.setText(show_date(f.assessed_on))
        self.assessed_by.setText(f.assessed_by)
        self.medicines.setText(f.medicines)
        select_data(self.escort, e.kind)
        self.escort_reason.setText(e.reason)
        self.escort_name.setText(e.name)
        self.escort_phone.setText(e.phone)
        self._escort_decided = e.decided_on
        self.departure_date.setText(show_date(it.departure_date))
        self.meeting_point.setText(it.meeting_point)
        self.departure_contact.setText(it.departure_contact)
        self.departure_phone.setText(it.departure_phone)
        self.legs.set_rows([{"origin": leg.origin, "destination": leg.destination,
                             "carrier": leg.carrier, "departs": show_moment(leg.departs),
                             "arrives": show_moment(leg.arrives),
                             "accompanied": leg.accompanied,
                             "accompanied_by": leg.accompanied_by} for leg in it.legs])
        self.transits.set_rows([vars(t).copy() for t in it.transits])
        self.adult_name.setText(it.accompanying_adult.name)
        select_data(self.adult_role, it.accompanying_adult.role)
        self.adult_phone.setText(it.accompanying_adult.phone)
        self.luggage.setText(it.luggage)
        for key, check in self.bring.items():
            check.setChecked(key in it.bring)
        self.bring_other.setText(it.bring_other)
        self.met_by.setText(r.met_by)
        self.arrival_point.setText(r.meeting_point)
        self.reception_phone.setText(r.contact_phone)
        self.onward.setText(r.onward_transport)
        self.accommodation.setText(r.accommodation)
        self.appointment.setText(show_moment(r.first_appointment))
        self.appointment_place.setText(r.first_appointment_place)
        self.blockSignals(False)

    def values(self) -> dict:
        """What is on screen, as strings (read by :func:`record_from_form`)."""
        return {
            "documents": self.documents.rows(),
            "fitness": {"clearance": self.clearance.currentData(),
                        "assessed_on": self.clearance_date.text(),
                        "assessed_by": self.assessed_by.text(),
                        "medicines": self.medicines.text()},
            "escort": {"kind": self.escort.currentData(), "reason": self.escort_reason.text(),
                       "name": self.escort_name.text(), "phone": self.escort_phone.text(),
                       "decided_on": show_date(getattr(self, "_escort_decided", None))},
            "itinerary": {
                "departure_date": self.departure_date.text(),
                "meeting_point": self.meeting_point.text(),
                "departure_contact": self.departure_contact.text(),
                "departure_phone": self.departure_phone.text(),
                "legs": self.legs.rows(), "transits": self.transits.rows(),
                "luggage": self.luggage.text(),
                "bring": [k for k, c in self.bring.items() if c.isChecked()],
                "bring_other": self.bring_other.text(),
                "accompanying_adult": {"name": self.adult_name.text(),
                                       "role": self.adult_role.currentData(),
                                       "phone": self.adult_phone.text()}},
            "reception": {"met_by": self.met_by.text(),
                          "meeting_point": self.arrival_point.text(),
                          "contact_phone": self.reception_phone.text(),
                          "onward_transport": self.onward.text(),
                          "accommodation": self.accommodation.text(),
                          "first_appointment": self.appointment.text(),
                          "first_appointment_place": self.appointment_place.text()},
        }
