"""The Departure step's row for the person's travel sheet: its language and a second one,
whether the person asks for their medicines on it, their texts and the print button (the
step wires them: saving comes first)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton

from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.names import language_name


class TravelSheetBox(QGroupBox):
    def __init__(self, preferred: str, parent=None):
        super().__init__(_("The person's travel sheet"), parent)
        row = QHBoxLayout(self)
        self.sheet_lang = QComboBox()
        self.sheet_lang.setObjectName("travel_sheet_lang")
        self.sheet_lang.setAccessibleName(_("Language of the travel sheet"))
        self.sheet_second = QComboBox()
        self.sheet_second.setObjectName("travel_sheet_second")
        self.sheet_second.setAccessibleName(_("Second language of the travel sheet"))
        self.sheet_second.addItem(_("— none —"), None)
        ui = interface_language()
        for code in DOCUMENT_LANGUAGES:
            self.sheet_lang.addItem(language_name(code, ui), code)
            self.sheet_second.addItem(language_name(code, ui), code)
        self.sheet_lang.setCurrentIndex(max(0, self.sheet_lang.findData(
            preferred if preferred in DOCUMENT_LANGUAGES else "en")))
        self.show_health = QCheckBox(_("The person asks for their medicines on the sheet"))
        self.show_health.setObjectName("travel_show_health")
        self.print_button = QPushButton(_("&Print the travel sheet…"))
        self.print_button.setObjectName("travel_print_sheet")
        self.texts_button = QPushButton(_("Texts in the person's language…"))
        self.texts_button.setObjectName("travel_sheet_texts")
        for widget in (QLabel(_("Language:")), self.sheet_lang, QLabel(_("and:")),
                       self.sheet_second, self.show_health, self.texts_button,
                       self.print_button):
            row.addWidget(widget)
        row.addStretch(1)
