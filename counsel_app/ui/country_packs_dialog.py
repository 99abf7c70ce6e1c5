"""Tools > Country information packs (administrators): the imported packs and the trusted
publishers; import a pack file, trust a publisher's key after checking its fingerprint.

The rules (who may, the fingerprint check, the audit) are in
``counsel_app.services.country_packs``; this module lays out and wires.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, ngettext
from counsel_app.services import country_packs as service
from counsel_app.ui import messages
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel


def _label(name: str, text: str = "", message: bool = False) -> QLabel:
    label = MessageLabel(text) if message else QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


def _status(info) -> str:
    return {"sample": _("SAMPLE"), "unverified": _("UNVERIFIED"), "verified": _("verified")}[info.status]


def _add(widget: QListWidget, key: str, text: str) -> None:
    """A row of ``widget`` showing ``text``, known by ``key`` in any language."""
    item = QListWidgetItem(text)
    item.setData(Qt.UserRole, key)
    widget.addItem(item)


def _selected_key(widget: QListWidget) -> str | None:
    items = widget.selectedItems()
    return items[0].data(Qt.UserRole) if items else None


def _select_key(widget: QListWidget, key: str | None) -> None:
    for row in range(widget.count()):
        item = widget.item(row)
        if key is not None and item.data(Qt.UserRole) == key:
            widget.setCurrentItem(item)
            widget.scrollToItem(item)
            return


@dataclass(frozen=True)
class PacksArrangement:
    """The packs window as the administrator left it: the pack and the publisher selected
    (their ids) and what the message line said (a refusal, already a sentence in the
    language it was shown in: kept as shown)."""

    pack: str | None
    publisher: str | None
    said: str = ""


class CountryPacksDialog(QDialog):
    def __init__(self, ctx, library, parent=None):
        super().__init__(parent)
        self.ctx, self.library = ctx, library
        self.setObjectName("country_packs_dialog")
        self.setWindowTitle(_("Country information packs"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(_label("packs_intro", _(
            "Curated packs come from publishers you trust: a country office or your organisation. "
            "Trust a publisher only after checking its key's fingerprint with them by phone.")))
        layout.addWidget(QLabel(_("Imported packs:")))
        self.packs = QListWidget()
        self.packs.setObjectName("imported_packs")
        self.packs.setAccessibleName(_("Imported packs"))
        self.packs.setWordWrap(True)
        layout.addWidget(self.packs, 2)
        layout.addWidget(QLabel(_("Trusted publishers:")))
        self.publishers = QListWidget()
        self.publishers.setObjectName("trusted_publishers")
        self.publishers.setAccessibleName(_("Trusted publishers"))
        self.publishers.setWordWrap(True)
        layout.addWidget(self.publishers, 1)
        self.error = _label("packs_error", message=True)
        self.error.setStyleSheet(theme.style("error"))
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.import_button = QPushButton(_("&Import a pack…"))
        self.import_button.setObjectName("import_pack")
        self.import_button.clicked.connect(self.import_pack)
        self.trust_button = QPushButton(_("&Trust a publisher…"))
        self.trust_button.setObjectName("trust_publisher")
        self.trust_button.clicked.connect(self.trust_publisher)
        row.addWidget(self.import_button)
        row.addWidget(self.trust_button)
        row.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    def arrangement(self) -> PacksArrangement:
        """The pack and the publisher selected and the message line: a change of the
        interface language makes the window again and shows them again (:meth:`arrange`)."""
        return PacksArrangement(_selected_key(self.packs), _selected_key(self.publishers),
                                self.error.text())

    def arrange(self, arrangement: PacksArrangement) -> None:
        _select_key(self.packs, arrangement.pack)
        _select_key(self.publishers, arrangement.publisher)
        self.error.setText(arrangement.said)

    def refresh(self) -> None:
        self.packs.clear()
        infos = self.library.packs()
        for info in infos:
            _add(self.packs, info.pack_id, ngettext(
                "{status}: {pack_id} — {country}, version {version}, {items} item, "
                "publisher {publisher}, issued {issued}",
                "{status}: {pack_id} — {country}, version {version}, {items} items, "
                "publisher {publisher}, issued {issued}", info.item_count).format(
                status=_status(info), pack_id=info.pack_id, country=info.country, version=info.version,
                items=info.item_count, publisher=info.publisher_name, issued=info.issued or "—"))
        for name, problem in self.library.problems:
            _add(self.packs, f"file:{name}",
                 _("not loaded: {file}: {message}").format(file=name, message=problem))
        if not infos and not self.library.problems:
            self.packs.addItem(_("No curated packs imported."))
        self.publishers.clear()
        for pub in service.trusted_publishers():
            flags = [f for f, on in ((_("SAMPLE"), pub.sample), (_("bundled"), pub.bundled)) if on]
            _add(self.publishers, f"{pub.publisher_id} {pub.fingerprint}",
                 f"{pub.name} ({pub.publisher_id})  {pub.fingerprint}"
                 + (f"  [{', '.join(flags)}]" if flags else ""))

    def _fail(self, exc: Exception) -> None:
        self.error.setText(str(exc))

    def import_pack(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open a country information pack"), "",
            _("Country packs (*.pack.json *.json *.json.gz)"))
        if not path:
            return
        try:
            info = service.preview_pack(self.library, Path(path))
        except UserError as exc:
            self._fail(exc)
            return
        if not messages.ask(self, ngettext(
                "Import pack {pack_id} (version {version}) for {country}: {items} item from "
                "{publisher}, issued {issued} ({status})?",
                "Import pack {pack_id} (version {version}) for {country}: {items} items from "
                "{publisher}, issued {issued} ({status})?", info.item_count).format(
                pack_id=info.pack_id, version=info.version, country=info.country,
                items=info.item_count, publisher=info.publisher_name, issued=info.issued or "—",
                status=_status(info))):
            return
        partners: list[str] = []
        try:
            info = service.import_pack(self.ctx, self.library, Path(path), partners)
        except UserError as exc:
            self._fail(exc)
            return
        self.error.setText("")
        self.refresh()
        messages.info(self, "\n".join([ngettext(
            "Imported {status} pack {pack_id} for {code} ({items} item).",
            "Imported {status} pack {pack_id} for {code} ({items} items).",
            info.item_count).format(
            status=_status(info), pack_id=info.pack_id, code=info.country,
            items=info.item_count), *partners]))

    def trust_publisher(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open a publisher's key file"), "", _("Key files (*.json)"))
        if not path:
            return
        try:
            preview = service.preview_key(Path(path))
        except UserError as exc:
            self._fail(exc)
            return
        dialog = TrustPublisherDialog(
            preview, lambda heard: service.trust_publisher(self.ctx, Path(path), heard), self)
        if dialog.exec() != QDialog.Accepted or dialog.trusted is None:
            return
        self.error.setText("")
        self.refresh()
        messages.info(self, _("Now trusting key {key} of publisher {publisher}.").format(
            key=dialog.trusted.key_id, publisher=dialog.trusted.name))


class TrustPublisherDialog(QDialog):
    """The key's publisher and fingerprint; the administrator types the fingerprint the
    publisher read over the phone (the service checks they match)."""

    def __init__(self, preview, attempt, parent=None):
        super().__init__(parent)
        self.attempt = attempt  # heard fingerprint -> trusted key, or a UserError
        self.trusted = None
        self.setObjectName("trust_publisher_dialog")
        self.setWindowTitle(_("Check the publisher's key by phone"))
        self.setMinimumWidth(520)
        layout = QFormLayout(self)
        layout.addRow(_("Publisher:"), _label("trust_publisher_name",
                                              f"{preview.name} ({preview.publisher_id})"))
        layout.addRow(_("Fingerprint in the file:"), _label("trust_fingerprint_file", preview.fingerprint))
        if preview.already_trusted:
            layout.addRow(_label("trust_already", _("This key is already trusted.")))
        if preview.sample:
            layout.addRow(_label("trust_sample", _("A sample key: packs signed with it are shown "
                                                   "as SAMPLE and never as real information.")))
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("trust_fingerprint")
        self.fingerprint.setAccessibleName(_("Fingerprint read by the publisher over the phone"))
        layout.addRow(_("Fingerprint &read by the publisher:"), self.fingerprint)
        self.error = _label("trust_error", message=True)
        self.error.setStyleSheet(theme.style("error"))
        layout.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText(_("&Trust this publisher"))
        self.ok_button.setObjectName("trust_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def accept(self) -> None:
        try:
            self.trusted = self.attempt(self.fingerprint.text())
        except UserError as exc:  # a wrong fingerprint: say so, stay open, trust nothing
            self.error.setText(str(exc))
            return
        super().accept()


def open_country_packs_dialog(ctx, parent=None, arrangement=None) -> CountryPacksDialog:
    """The packs window; ``arrangement`` (:meth:`CountryPacksDialog.arrangement` of the
    window it replaces after a change of the interface language) is shown again in it."""
    from counsel_app.ui.steps.information import shared_library

    ctx.require(service.PACKS_PERMISSION)
    dialog = CountryPacksDialog(ctx, shared_library(), parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    # after a language switch, made with its selection (``arrangement``)
    dialog.reopen = lambda arrangement=None: open_country_packs_dialog(ctx, parent, arrangement)
    if arrangement is not None:
        dialog.arrange(arrangement)
    dialog.show()
    return dialog
