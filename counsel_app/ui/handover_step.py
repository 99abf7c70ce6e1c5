"""Session step 9, handover: choose the office, see exactly what consent lets go to it, seal
the package, see what was sent and what came back. Also the station keys dialog.

Thin widgets over :mod:`counsel_app.handover`: the checks, the consent filter and the
sealing live there; the widgets gather choices and show the answers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
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
from counsel_app.handover.keys import ROLES, KeyStore, spoken
from counsel_app.handover.receipt import category_label
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.dates import show_datetime
from counsel_app.i18n.names import language_name
from counsel_app.ui import messages, theme
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import error_label, scroll_page, show_error
from country_info.qr import qr_png


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


class HandoverStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        self.ctx = services.ctx
        area, layout = scroll_page(
            _("Handover"),
            _("The package holds only what the person consented to share with the office "
              "you choose. It is encrypted to that office's key and signed by this station; "
              "carry it by USB stick or e-mail."))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)

        form = QFormLayout()
        self.office = QComboBox()
        self.office.setObjectName("handover_office")
        self.office.setAccessibleName(_("Office in the country of return"))
        self.office.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        form.addRow(_("&Office:"), self.office)
        self.receipt_lang = QComboBox()
        self.receipt_lang.setObjectName("handover_receipt_lang")
        self.receipt_lang.setAccessibleName(_("Language of the printed receipt"))
        ui_lang = interface_language()
        for code in DOCUMENT_LANGUAGES:
            self.receipt_lang.addItem(language_name(code, ui_lang), code)
        self.receipt_lang.setCurrentIndex(max(0, self.receipt_lang.findData(
            ui_lang if ui_lang in DOCUMENT_LANGUAGES else "en")))
        form.addRow(_("&Receipt language:"), self.receipt_lang)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.keys_button = QPushButton(_("Station &keys…"))
        self.keys_button.setObjectName("handover_keys")
        self.keys_button.clicked.connect(self.open_keys)
        buttons.addWidget(self.keys_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.preview = _label("handover_preview")
        self.preview.setAccessibleName(_("What the package would hold"))
        layout.addWidget(self.preview)
        self.error = error_label("handover_error")
        layout.addWidget(self.error)
        self.seal = QPushButton(_("Seal and sa&ve the package…"))
        self.seal.setObjectName("handover_seal")
        self.seal.clicked.connect(self.export)
        layout.addWidget(self.seal)

        layout.addWidget(QLabel(_("Packages of this case:")))
        self.history = QListWidget()
        self.history.setObjectName("handover_history")
        self.history.setAccessibleName(_("Packages sent and received for this case"))
        layout.addWidget(self.history)
        layout.addStretch(1)
        self.reload()

    # -- data --------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.office.currentData()
        self.office.blockSignals(True)
        self.office.clear()
        for key in KeyStore(self.ctx).list_trusted():
            if key.role == "office" and not key.revoked:
                self.office.addItem(f"{key.name or '-'}  ({spoken(key.fingerprint)})",
                                    key.fingerprint)
        index = self.office.findData(current)
        self.office.setCurrentIndex(max(index, 0))
        self.office.blockSignals(False)
        self.refresh_preview()
        self.refresh_history()

    def entered(self) -> None:
        self.reload()

    def refresh_preview(self) -> None:
        from counsel_app.handover.package import preview_handover

        fingerprint = self.office.currentData()
        self.seal.setEnabled(False)
        self.preview.setText("")
        if not fingerprint:
            show_error(self.error, _("No office is trusted yet: import the office's key file "
                                     "under Station keys, checking its fingerprint by phone."))
            return
        try:
            preview = preview_handover(self.ctx, self.services.case.reference, fingerprint)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        lines = [_("Will be sent:")]
        lines += [f"  • {category_label(k)}" for k in sorted(preview.shared)]
        if preview.withheld:
            lines.append(_("Will not be sent:"))
            lines += [f"  • {category_label(k)}" for k in sorted(preview.withheld)]
        self.preview.setText("\n".join(lines))
        self.seal.setEnabled(True)

    def refresh_history(self) -> None:
        from counsel_app.handover.package import packages_for_case, withdrawal_flags

        self.history.clear()
        case = self.services.case
        if case.id is None:
            return
        kinds = {("handover", "sent"): _("Handover sent"),
                 ("handover", "received"): _("Handover received"),
                 ("ack", "sent"): _("Acknowledgement sent"),
                 ("ack", "received"): _("Acknowledgement received")}
        for package in packages_for_case(self.ctx, case.id):
            text = f"{show_datetime(package['recorded_at'], interface_language())}  " \
                   f"{kinds.get((package['kind'], package['direction']), package['kind'])}"
            if package["kind"] == "ack" and package["direction"] == "received":
                content = package["content"]
                follow = content.get("followup") or {}
                text += "  " + _("arrived: {arrived}; visits: {visits}").format(
                    arrived=_("yes") if content.get("arrival") else _("no"),
                    visits=follow.get("visits") or 0)
                from counsel_app.handover.ack import progress_text

                text += "; " + progress_text(content)
                reception = content.get("reception")
                if isinstance(reception, dict):
                    from counsel_app.travel.model import ANSWERS

                    text += "; " + _(ANSWERS.get(reception.get("state"),
                                                 ANSWERS["not_possible"]))
                from counsel_app.handover.ack import acknowledged_actions

                actions = acknowledged_actions(self.ctx, case.reference, content)
                if actions:
                    text += "\n" + "\n".join(
                        "    " + _("{action}: {status}").format(action=a, status=st)
                        for a, st in actions)
                from counsel_app.handover.receipt import purpose_label
                from counsel_app.i18n.dates import show_stored_date

                for item in content.get("consents_withdrawn") or []:
                    text += "\n    " + _("Consent withdrawn at the office on {date}: "
                                         "{purpose}").format(
                        date=show_stored_date(item.get("on"), interface_language()),
                        purpose=purpose_label(item.get("purpose", "")))
            self.history.addItem(QListWidgetItem(text))
        try:
            flags = withdrawal_flags(self.ctx, case.reference)
        except UserError:
            flags = []
        for flag in flags:
            item = QListWidgetItem(_("Consent to share with {office} is no longer in force; "
                                     "tell the office.").format(office=flag["office"]))
            item.setForeground(theme.qcolour("error_strong"))
            self.history.addItem(item)
        if not self.history.count():  # an empty white box said nothing
            item = QListWidgetItem(_("No package sealed or received for this case yet."))
            item.setFlags(Qt.NoItemFlags)
            self.history.addItem(item)

    # -- actions -------------------------------------------------------------------------
    def export(self) -> None:
        from counsel_app.handover.package import export_handover

        fingerprint = self.office.currentData()
        case = self.services.case
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the handover package"), f"{case.reference}.cahp",
            _("Handover packages (*.cahp)"))
        if not path:
            return
        try:
            self.services.save_now()
            result = export_handover(self.ctx, case.reference, fingerprint, Path(path),
                                     receipt_lang=self.receipt_lang.currentData())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        # the export moved the case (status): take the stored version
        self.services.holder.case = self.ctx.cases.get(case.id)
        messages.info(self, _("The package for {office} is saved in {path}. The receipt is "
                              "{receipt}.").format(office=result.recipient.name,
                                                   path=result.path,
                                                   receipt=", ".join(
                                                       p.name for p in (result.receipt_path,
                                                                        result.receipt_pdf_path)
                                                       if p is not None)))
        self.refresh_history()
        self.refresh_preview()

    def open_keys(self) -> None:
        KeysDialog(self.ctx, self).exec()
        self.reload()

    def summary(self) -> str:
        return _(self.services.case.status.label)


class KeysDialog(QDialog):
    """This station's key (fingerprint, QR code, export) and the keys it trusts."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = KeyStore(ctx)
        self.setWindowTitle(_("Station keys"))
        layout = QVBoxLayout(self)
        me = self.store.station()
        self.me = _label("keys_own", "")
        layout.addWidget(self.me)
        self.qr = QLabel()
        self.qr.setObjectName("keys_qr")
        self.qr.setAccessibleName(_("QR code of this station's public key"))
        layout.addWidget(self.qr, alignment=Qt.AlignHCenter)
        row = QHBoxLayout()
        self.name = QLineEdit(me.name)
        self.name.setObjectName("keys_name")
        self.name.setAccessibleName(_("Office name of this station"))
        row.addWidget(self.name, 1)
        save_name = QPushButton(_("Set &name"))
        save_name.setObjectName("keys_set_name")
        save_name.clicked.connect(self.set_name)
        row.addWidget(save_name)
        export = QPushButton(_("&Export key file…"))
        export.setObjectName("keys_export")
        export.clicked.connect(self.export)
        row.addWidget(export)
        layout.addLayout(row)

        layout.addWidget(QLabel(_("Trusted keys:")))
        self.trusted = QListWidget()
        self.trusted.setObjectName("keys_trusted")
        self.trusted.setAccessibleName(_("Trusted offices and publishers"))
        layout.addWidget(self.trusted)
        row = QHBoxLayout()
        self.import_button = QPushButton(_("&Import key file…"))
        self.import_button.setObjectName("keys_import")
        self.import_button.clicked.connect(self.import_key)
        row.addWidget(self.import_button)
        self.revoke_button = QPushButton(_("&Revoke selected"))
        self.revoke_button.setObjectName("keys_revoke")
        self.revoke_button.clicked.connect(self.revoke)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = error_label("keys_error")
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        me = self.store.station()
        self.me.setText(_("This station: {name}\nFingerprint (read it aloud to the other "
                          "office): {fingerprint}").format(
            name=me.name or _("(no office name set)"), fingerprint=spoken(me.fingerprint)))
        from counsel_app.handover.container import canonical_json

        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(canonical_json(self.store.public_bundle()).decode()))
        self.qr.setPixmap(pixmap.scaledToWidth(260, Qt.FastTransformation))
        self.trusted.clear()
        for key in self.store.list_trusted():
            state = _("revoked") if key.revoked else _("trusted")
            item = QListWidgetItem(f"{key.name or '-'}  {spoken(key.fingerprint)}  "
                                   f"[{_(ROLES[key.role])}; {state}]")
            item.setData(Qt.UserRole, key.fingerprint)
            self.trusted.addItem(item)

    def set_name(self) -> None:
        try:
            self.store.set_station_name(self.name.text())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        self.refresh()

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the public key file"),
                                                    "station-key.json", _("Key files (*.json)"))
        if not path:
            return
        try:
            self.store.export_bundle(Path(path))
            self.store.export_qr(Path(path).with_suffix(".png"))
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        messages.info(self, _("Saved {path} and its QR code. Send it to the other office and "
                              "read them the fingerprint by phone.").format(path=path))

    def import_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a station key file"), "",
                                                    _("Key files (*.json)"))
        if not path:
            return
        try:
            self.ctx.require("trust.manage")  # before asking for the fingerprint; KeyStore checks
            bundle = self.store.read_bundle(Path(path))
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        dialog = VerifyKeyDialog(bundle, self)
        if dialog.exec() != QDialog.Accepted:
            return
        try:
            self.store.import_bundle(bundle, role=dialog.role.currentData(),
                                     expected_fingerprint=dialog.fingerprint.text())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.refresh()

    def revoke(self) -> None:
        item = self.trusted.currentItem()
        if item is None:
            show_error(self.error, _("Select the key to revoke."))
            return
        if not messages.ask(self, _("Revoke this key? Packages from or to it will be refused "
                                    "from now on; this cannot be undone.")):
            return
        try:
            self.store.revoke(item.data(Qt.UserRole))
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        self.refresh()


class VerifyKeyDialog(QDialog):
    """Shows an imported key's office and fingerprint; the user types the fingerprint the
    office read by phone (the store checks it matches)."""

    def __init__(self, bundle: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Check the key by phone"))
        layout = QFormLayout(self)
        layout.addRow(_("Office:"), _label("verify_office", bundle.get("name") or "-"))
        layout.addRow(_("Fingerprint in the file:"),
                      _label("verify_fingerprint_file", spoken(bundle["fingerprint"])))
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("verify_fingerprint")
        self.fingerprint.setAccessibleName(_("Fingerprint read by the office over the phone"))
        layout.addRow(_("Fingerprint &read by the office:"), self.fingerprint)
        self.role = QComboBox()
        self.role.setObjectName("verify_role")
        for key, label in ROLES.items():
            self.role.addItem(_(label), key)
        layout.addRow(_("&Trust as:"), self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

