"""The settings dialog, built from the declared preferences (one editor per setting)."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.names import language_name, native_language_name
from counsel_app.ui.preferences import SETTINGS, Preferences, Setting


class SettingsDialog(QDialog):
    def __init__(self, prefs: Preferences, parent=None, ctx=None):
        super().__init__(parent)
        self.prefs = prefs
        self.ctx = ctx
        self.setWindowTitle(_("Settings"))
        self.setAccessibleName(_("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        for key, setting in SETTINGS.items():
            editor = self._editor(setting, prefs[key])
            editor.setObjectName(f"setting_{key}")
            editor.setAccessibleName(_(setting.title))
            self.editors[key] = editor
            form.addRow(_(setting.title), editor)
        self.idle = None
        if ctx is not None:
            self.idle = self._idle_editor(ctx)
            if self.idle is not None:
                form.addRow(_("Lock after minutes without use (every station)"), self.idle)
        layout.addLayout(form)
        note = QLabel(_("A new interface language, data folder or database takes effect the "
                        "next time Counsel starts."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = QLabel()
        self.error.setObjectName("settings_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _idle_editor(self, ctx) -> QSpinBox | None:
        try:
            from counsel_app.security import idle
            from counsel_app.security.roles import Permission
        except ImportError:  # pragma: no cover
            return None
        spin = QSpinBox()
        spin.setObjectName("setting_idle_timeout")
        spin.setAccessibleName(_("Lock after minutes without use"))
        spin.setRange(max(1, idle.MIN_TIMEOUT_SECONDS // 60), idle.MAX_TIMEOUT_SECONDS // 60)
        spin.setValue(max(1, idle.idle_timeout_seconds(ctx.db) // 60))
        self._idle_start = spin.value()
        if not ctx.allows(Permission.SETTINGS):
            spin.setEnabled(False)
            spin.setToolTip(_("Only an administrator can change this."))
        return spin

    def _editor(self, setting: Setting, value) -> QWidget:
        lang = interface_language()
        if setting.kind == "language":
            combo = QComboBox()
            for code in setting.choices:
                combo.addItem(f"{native_language_name(code)} ({language_name(code, lang)})", code)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if setting.kind == "languages":
            lst = QListWidget()
            for code in setting.choices:
                item = QListWidgetItem(f"{native_language_name(code)} "
                                       f"({language_name(code, lang)})")
                item.setData(Qt.UserRole, code)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if code in value else Qt.Unchecked)
                lst.addItem(item)
            lst.setMaximumHeight(140)
            return lst
        if setting.type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 10_000)
            spin.setValue(int(value))
            return spin
        edit = QLineEdit(str(value))
        if setting.kind in ("folder", "file"):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit, 1)
            browse = QPushButton(_("Choose…"))
            browse.setAccessibleName(_("Choose {what}").format(what=_(setting.title)))
            browse.clicked.connect(lambda: self._browse(setting, edit))
            row.addWidget(browse)
            holder.line_edit = edit  # type: ignore[attr-defined]
            return holder
        return edit

    def _browse(self, setting: Setting, edit: QLineEdit) -> None:
        if setting.kind == "folder":
            path = QFileDialog.getExistingDirectory(self, _(setting.title), edit.text())
        else:
            path, _filter = QFileDialog.getOpenFileName(
                self, _(setting.title), edit.text(), _("Images (*.png *.jpg *.jpeg)"))
        if path:
            edit.setText(path)

    def values(self) -> dict:
        out = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[key] = editor.currentData()
            elif isinstance(editor, QListWidget):
                out[key] = [editor.item(i).data(Qt.UserRole) for i in range(editor.count())
                            if editor.item(i).checkState() == Qt.Checked]
            elif isinstance(editor, QSpinBox):
                out[key] = editor.value()
            elif isinstance(editor, QLineEdit):
                out[key] = editor.text().strip()
            else:
                out[key] = editor.line_edit.text().strip()  # type: ignore[attr-defined]
        return out

    def _save(self) -> None:
        language_before = self.prefs["interface_language"]
        try:
            for key, value in self.values().items():
                self.prefs[key] = value
            self.prefs.save()
            if self.idle is not None and self.idle.isEnabled() and \
                    self.idle.value() != self._idle_start:
                from counsel_app.security.idle import set_idle_timeout

                set_idle_timeout(self.ctx, self.idle.value() * 60)
                lock = getattr(self.parent(), "_idle_lock", None)
                if lock is not None:  # this window follows the new policy at once
                    lock.set_timeout(self.idle.value() * 60_000)
        except (UserError, OSError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()
        switch = getattr(self.parent(), "switch_language", None)
        if switch is not None and self.prefs["interface_language"] != language_before:
            switch(self.prefs["interface_language"])  # at once, no restart
