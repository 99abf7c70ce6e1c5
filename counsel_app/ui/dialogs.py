"""Small dialogs: new case, about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from counsel_app import APP_NAME, __version__
from counsel_app.domain.case import Case, Person
from counsel_app.i18n import _
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel
from counsel_app.ui.steps.common import country_combo


class NewCaseDialog(QDialog):
    """Name and country of return; the rest is filled in at the intake."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("New case"))
        self.setAccessibleName(_("New case"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("new_name")
        self.name.setAccessibleName(_("Name (Latin letters)"))
        form.addRow(_("Name (Latin letters)"), self.name)
        self.native = QLineEdit()
        self.native.setObjectName("new_native")
        self.native.setAccessibleName(_("Name as the person writes it"))
        form.addRow(_("Name as the person writes it"), self.native)
        self.country = country_combo("new_country", _("Country of return"),
                                     _("— not known yet —"))
        form.addRow(_("Country of return"), self.country)
        self.sample = QCheckBox(_("Sample case (fictional, for training)"))
        self.sample.setObjectName("new_sample")
        self.sample.setAccessibleName(_("Sample case"))
        form.addRow("", self.sample)
        layout.addLayout(form)
        self.error = MessageLabel()
        self.error.setStyleSheet(theme.style("error"))
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(_("Create"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _accept(self) -> None:
        if not (self.name.text().strip() or self.native.text().strip()):
            self.error.setText(_("Enter the person's name."))
            return
        self.accept()

    def case(self, counsellor: str) -> Case:
        return Case(
            person=Person(name_latin=self.name.text().strip(),
                          name_native=self.native.text().strip()),
            return_country=self.country.currentData() or "",
            counsellor=counsellor,
            is_sample=self.sample.isChecked(),
        )


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("About {app}").format(app="Counsel"))
        layout = QVBoxLayout(self)
        text = QLabel(
            "<h2>Counsel</h2>"
            + "<p>" + _("Version {version}").format(version=__version__) + "</p>"
            + "<p>" + _("Counselling and return-information assistant for assisted voluntary "
                        "return and reintegration.") + "</p>"
            + "<p>" + _("Works fully offline: it never opens a network connection. Personal "
                        "data is encrypted on this computer and leaves it only with the "
                        "person's consent.") + "</p>"
            + "<p>" + _("Licence: GNU General Public License, version 3 or later.") + "</p>"
            + f"<p><small>{APP_NAME}</small></p>")
        text.setObjectName("about_text")
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        text.setAccessibleName(_("About Counsel"))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 300)
