"""The partner directory, searchable: Tools > Partner directory… (browse) and, from the
plan's Referrals tab, "Choose a partner…" (pick one). Layout and wiring only; the search is
:meth:`counsel_app.partners.service.PartnerDirectory.search`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from counsel_app.i18n import _, ngettext
from counsel_app.partners.model import PartnerType
from counsel_app.ui.steps.common import country_combo, select_data

ROLE = Qt.UserRole + 1


def partner_text(p) -> str:
    from counsel_app.opportunities.classifications import region_name

    place = ", ".join(x for x in (p.town, region_name(p.region), p.country) if x)
    head = f"{p.name} — {_(p.type.label)}" + (f"   [{_('SAMPLE')}]" if p.is_sample else "")
    lines = [head, place, _("Services: {services}").format(services=", ".join(p.services))]
    if p.languages:
        from counsel_app.i18n import interface_language
        from counsel_app.i18n.names import language_name

        lang = interface_language()
        lines.append(_("Languages: {languages}").format(
            languages=", ".join(language_name(c, lang) for c in p.languages)))
    for label, value in ((_("Contact: {value}"), p.contact), (_("Hours: {value}"), p.hours),
                         (_("Referral: {value}"), p.procedure)):
        if value:
            lines.append(label.format(value=value))
    return "\n".join(lines)


class PartnerSearchDialog(QDialog):
    def __init__(self, ctx, country: str = "", region: str = "", parent=None, *,
                 choosing: bool = False):
        super().__init__(parent)
        from counsel_app.partners.service import PartnerDirectory

        self.directory = PartnerDirectory(ctx.db)
        self.region = region
        self.setWindowTitle(_("Choose a partner") if choosing else _("Partner directory"))
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.country = country_combo("partner_country", _("Country"), _("— every country —"))
        select_data(self.country, country)
        self.type = QComboBox()
        self.type.setObjectName("partner_type")
        self.type.setAccessibleName(_("Type of partner"))
        self.type.addItem(_("— every type —"), "")
        for kind in PartnerType:
            self.type.addItem(_(kind.label), kind.value)
        self.text = QLineEdit()
        self.text.setObjectName("partner_search")
        self.text.setAccessibleName(_("Search partners"))
        self.text.setPlaceholderText(_("name, town or service"))
        row.addWidget(self.country)
        row.addWidget(self.type)
        row.addWidget(self.text, 1)
        layout.addLayout(row)
        self.state = QLabel()
        self.state.setObjectName("partner_state")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.list = QListWidget()
        self.list.setObjectName("partners")
        self.list.setAccessibleName(_("Partners"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.Ok | QDialogButtonBox.Cancel if choosing else QDialogButtonBox.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.Ok)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self.refresh)
        self.country.currentIndexChanged.connect(self.refresh)
        self.type.currentIndexChanged.connect(self.refresh)
        self.list.itemActivated.connect(lambda _item: self.accept() if choosing else None)
        self.list.currentItemChanged.connect(self._update)
        self.refresh()

    def refresh(self) -> None:
        country = self.country.currentData() or None
        region = self.region if country and self.region[:2] == country else None
        found = self.directory.search(country=country, region=region,
                                      type=self.type.currentData() or None,
                                      text=self.text.text(), limit=200)
        self.list.clear()
        for partner in found:
            item = QListWidgetItem(partner_text(partner))
            item.setData(ROLE, partner)
            item.setData(Qt.AccessibleTextRole, partner.name)
            self.list.addItem(item)
        if found:
            self.state.setText(ngettext("{n} partner found.", "{n} partners found.",
                                        len(found)).format(n=len(found)))
        elif not self.directory.count():
            self.state.setText(_("The partner directory is empty. Import a list with Tools > "
                                 "Import partners… (or its sample set)."))
        else:
            self.state.setText(_("No partner matches."))
        self._update()

    def _update(self, *_args) -> None:
        if self.ok is not None:
            self.ok.setEnabled(self.list.currentItem() is not None)

    def chosen(self):
        item = self.list.currentItem()
        return item.data(ROLE) if item else None


def open_directory(host) -> None:
    PartnerSearchDialog(host.ctx, parent=host.parent_widget).exec()
