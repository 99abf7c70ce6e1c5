"""The Settings dialog, built from the declared settings (``counsel_app.settings``): one
editor per setting; the rules (types, limits, who may change what) are the settings'."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counsel_app import settings
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.names import language_name, native_language_name
from counsel_app.session.screening import FLAGS
from counsel_app.settings import Preferences, Setting
from counsel_app.ui import theme
from counsel_app.ui.message_label import MessageLabel


class SettingsDialog(QDialog):
    """This computer's settings (saved in its settings file) and, with a signed-in
    context, the centre's (saved in the database for every station; only an account with
    the setting's permission edits them). Nothing is saved unless every value is right."""

    def __init__(self, prefs: Preferences, parent=None, ctx=None):
        super().__init__(parent)
        self.prefs = prefs
        self.ctx = ctx
        self.setWindowTitle(_("Settings"))
        self.setAccessibleName(_("Settings"))
        layout = QVBoxLayout(self)
        self.editors: dict[str, QWidget] = {}
        station = QGroupBox(_("This computer"))
        form = QFormLayout(station)
        for setting in settings.station_settings():
            self._add(form, setting, prefs[setting.key])
        layout.addWidget(station)
        note = QLabel(_("A new data folder, database or high contrast takes effect the next "
                        "time Counsel starts; a new interface language at once."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self._centre_start: dict = {}
        if ctx is not None:
            centre = QGroupBox(_("The whole centre (every station)"))
            form = QFormLayout(centre)
            self._centre_start = settings.values(ctx.db)
            locked = False
            for setting in settings.centre_settings():
                editor = self._add(form, setting, self._centre_start[setting.key])
                if not settings.may_change(ctx, setting.key):
                    editor.setEnabled(False)
                    editor.setToolTip(_("Only an administrator can change this."))
                    locked = True
            if locked:
                form.addRow(QLabel(_("Only an administrator can change the centre's "
                                     "settings.")))
            layout.addWidget(centre)
        #: the inactivity lock's editor (minutes), when the centre's settings are shown
        self.idle = self.editors.get("idle_timeout_seconds")
        self.error = MessageLabel()
        self.error.setObjectName("settings_error")
        self.error.setStyleSheet(theme.style("error"))
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add(self, form: QFormLayout, setting: Setting, value) -> QWidget:
        editor = self._editor(setting, value)
        editor.setObjectName(f"setting_{setting.key}")
        editor.setAccessibleName(_(setting.title))
        if setting.help:
            editor.setToolTip(_(setting.help))
            editor.setAccessibleDescription(_(setting.help))
        self.editors[setting.key] = editor
        form.addRow(_(setting.title), editor)
        return editor

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
        if setting.kind == "flags":  # vulnerability flags, by their titles
            lst = QListWidget()
            for flag in setting.choices:
                item = QListWidgetItem(_(FLAGS[flag][0]))
                item.setToolTip(_(FLAGS[flag][1]))
                item.setData(Qt.UserRole, flag)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if flag in value else Qt.Unchecked)
                lst.addItem(item)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
            lst.setWordWrap(True)
            lst.setMinimumHeight(4 * lst.sizeHintForRow(0) + 2 * lst.frameWidth())
            lst.setMaximumHeight(140)
            return lst
        if setting.type is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if setting.kind == "minutes":  # stored in seconds
            spin = QSpinBox()
            spin.setRange(max(1, (setting.minimum or 60) // 60), (setting.maximum or 3600) // 60)
            spin.setSuffix(" " + _("min"))
            spin.setValue(max(1, int(value) // 60))
            spin.setProperty("start", spin.value())
            return spin
        if setting.type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 10_000)
            spin.setValue(int(value))
            return spin
        if setting.kind == "text":
            text = QPlainTextEdit(str(value))
            text.setTabChangesFocus(True)
            text.setMaximumHeight(70)
            return text
        edit = QLineEdit(settings.show(setting, value))
        if setting.type in (list, dict) and setting.help:
            edit.setPlaceholderText(_(setting.help))
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

    def _read(self, setting: Setting):
        """The editor's value, checked (raises the setting's one-sentence error)."""
        editor = self.editors[setting.key]
        if isinstance(editor, QCheckBox):
            return settings.validate(setting, editor.isChecked())
        if isinstance(editor, QComboBox):
            return settings.validate(setting, editor.currentData())
        if isinstance(editor, QListWidget):
            return settings.validate(setting, [
                editor.item(i).data(Qt.UserRole) for i in range(editor.count())
                if editor.item(i).checkState() == Qt.Checked])
        if isinstance(editor, QSpinBox):
            if setting.kind == "minutes":
                if editor.value() == editor.property("start"):  # unchanged: keep the seconds
                    return self._centre_start.get(setting.key, setting.default)
                return settings.validate(setting, editor.value() * 60)
            return settings.validate(setting, editor.value())
        if isinstance(editor, QPlainTextEdit):
            return settings.validate(setting, editor.toPlainText().strip())
        saved = None if setting.is_centre else self.prefs[setting.key]
        if isinstance(editor, QLineEdit):
            return settings.parse(setting, editor.text(), saved=saved)
        return settings.parse(setting, editor.line_edit.text(),  # type: ignore[attr-defined]
                              saved=saved)

    def values(self) -> dict:
        """This computer's settings as edited (checked)."""
        return {s.key: self._read(s) for s in settings.station_settings()}

    def centre_values(self) -> dict:
        """The centre's settings this user may change, as edited (checked)."""
        if self.ctx is None:
            return {}
        return {s.key: self._read(s) for s in settings.centre_settings()
                if self.editors[s.key].isEnabled()}

    def _save(self) -> None:
        language_before = self.prefs["interface_language"]
        try:
            station, centre = self.values(), self.centre_values()  # every value checked first
            changed = settings.update(self.ctx, centre) if centre else {}
            for key, value in station.items():
                self.prefs[key] = value
            self.prefs.save()
        except (UserError, OSError) as exc:
            self.error.setText(str(exc))
            field = getattr(exc, "field", None)
            if field in self.editors:
                self.editors[field].setFocus()
            return
        if "idle_timeout_seconds" in changed:
            lock = getattr(self.parent(), "_idle_lock", None)
            if lock is not None:  # this window follows the new policy at once
                lock.set_timeout(changed["idle_timeout_seconds"] * 1000)
        self.accept()
        switch = getattr(self.parent(), "switch_language", None)
        if switch is not None and self.prefs["interface_language"] != language_before:
            switch(self.prefs["interface_language"])  # at once, no restart
