"""The print panel's options: the document (full plan or easy-read page), its language and
a second language with its layout, the advice on a language not reviewed, the buttons and
the status line. What the choices mean is :mod:`counsel_app.plan.print_request`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counsel_app.i18n import _, interface_language
from counsel_app.i18n.languages import document_languages
from counsel_app.i18n.names import language_name
from counsel_app.plan.print_request import PrintRequest, advice_for, make_request
from counsel_app.ui import theme


class PrintOptions(QWidget):
    """``changed`` is emitted whenever a choice changes (the PDF is to be made again)."""

    changed = Signal()

    def __init__(self, *, is_sample: bool = False, preferred: tuple[str, ...] = (),
                 default_lang: str = "", edit_texts: Callable[[str], None] | None = None,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("plan_print_options")
        self.setMaximumWidth(380)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if is_sample:
            banner = QLabel(_("SAMPLE — a fictional case for training. Every printed page "
                              "carries a SAMPLE watermark."))
            banner.setObjectName("plan_print_sample")
            banner.setWordWrap(True)
            banner.setAccessibleName(banner.text())
            banner.setStyleSheet(theme.style("sample_badge")
                                 + "padding: 4px 8px; border-radius: 4px;")
            outer.addWidget(banner)
        outer.addLayout(self._form(preferred, default_lang))
        if edit_texts is not None:  # the plan's texts in the person's language, side by side
            self.texts_button = QPushButton(_("The plan's texts in the person's language…"))
            self.texts_button.setObjectName("plan_print_returnee_texts")
            self.texts_button.setAccessibleName(_("Write the plan's texts in the person's "
                                                  "language"))
            self.texts_button.clicked.connect(lambda: edit_texts(self.lang.currentData()))
            outer.addWidget(self.texts_button, 0, Qt.AlignLeading)

        advice_row = QVBoxLayout()
        self.advice = QLabel()
        self.advice.setObjectName("plan_print_advice")
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet(theme.style("advice"))
        self.advice.setAccessibleName(_("Advice on the plan language"))
        advice_row.addWidget(self.advice, 1)
        self.use_companion = QPushButton()
        self.use_companion.setObjectName("plan_print_use_companion")
        self.use_companion.setAccessibleName(_("Print beside a complete language"))
        advice_row.addWidget(self.use_companion, 0, Qt.AlignLeading)
        outer.addLayout(advice_row)

        buttons = QVBoxLayout()
        self.preview_button = QPushButton(_("Show the preview"))
        self.preview_button.setObjectName("plan_preview")
        self.preview_button.setAccessibleName(_("Show the print preview"))
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("plan_print")
        self.print_button.setAccessibleName(_("Print the plan"))
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setObjectName("plan_save_pdf")
        self.save_button.setAccessibleName(_("Save the plan as a PDF file"))
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)

        self.busy = QProgressBar()
        self.busy.setObjectName("plan_print_busy")
        self.busy.setAccessibleName(_("Making the document"))
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        outer.addWidget(self.busy)
        self.status = QLabel()
        self.status.setObjectName("plan_print_status")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Print status"))
        outer.addWidget(self.status)
        outer.addStretch(1)

        self._companion = ""
        self.kind_group.buttonToggled.connect(lambda *_a: self._options_changed())
        self.lang.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.second.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.layout_combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.use_companion.clicked.connect(self._use_companion)
        self._options_changed()

    def _form(self, preferred: tuple[str, ...], default_lang: str) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        kind_row = QVBoxLayout()
        self.kind_group = QButtonGroup(self)
        self.full = QRadioButton(_("The full plan"))
        self.full.setObjectName("plan_print_full")
        self.full.setAccessibleName(_("Print the full plan"))
        self.easy = QRadioButton(_("The easy-read page"))
        self.easy.setObjectName("plan_print_easy")
        self.easy.setAccessibleName(_("Print the one-page easy-read summary"))
        self.full.setChecked(True)
        for button in (self.full, self.easy):
            self.kind_group.addButton(button)
            kind_row.addWidget(button)
        kind_row.addStretch(1)
        form.addRow(_("Document"), kind_row)

        self.lang = QComboBox()
        self.lang.setObjectName("plan_print_lang")
        self.lang.setAccessibleName(_("Language of the printed plan"))
        self.second = QComboBox()
        self.second.setObjectName("plan_print_second")
        self.second.setAccessibleName(_("Second language, printed with every heading"))
        self.second.addItem(_("— none —"), "")
        codes = [info.code for info in document_languages()]
        ordered = [c for c in preferred if c in codes] + [c for c in codes if c not in preferred]
        for code in ordered:
            name = _language_label(code)
            self.lang.addItem(name, code)
            self.second.addItem(name, code)
        start = self.lang.findData(default_lang) if default_lang else -1
        if start < 0 and preferred:
            start = self.lang.findData(preferred[0])
        self.lang.setCurrentIndex(max(start, 0))
        form.addRow(_("Plan language"), self.lang)
        form.addRow(_("Second language"), self.second)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("plan_print_layout")
        self.layout_combo.setAccessibleName(_("Where the second language goes"))
        self.layout_combo.addItem(_("Below each line"), "below")
        self.layout_combo.addItem(_("Beside each line"), "beside")
        form.addRow(_("Layout"), self.layout_combo)
        return form

    def request(self) -> PrintRequest:
        return make_request(self.lang.currentData(), self.second.currentData() or None,
                            self.layout_combo.currentData(), self.easy.isChecked())

    def _options_changed(self) -> None:
        easy = self.easy.isChecked()
        self.second.setEnabled(not easy)
        self.layout_combo.setEnabled(not easy and bool(self.second.currentData()))
        advice = advice_for(self.lang.currentData(), self.second.currentData(), easy,
                            prefer=(interface_language(),))
        self.advice.setText(advice.message)
        self.advice.setVisible(bool(advice.message))
        self._companion = advice.companion
        if self._companion:
            self.use_companion.setText(_("Print beside {language}").format(
                language=language_name(self._companion, interface_language())))
            self.use_companion.setAccessibleName(self.use_companion.text())
        self.use_companion.setVisible(bool(self._companion))
        self.changed.emit()

    def _use_companion(self) -> None:
        if self._companion:
            self.second.setCurrentIndex(max(self.second.findData(self._companion), 0))
            self.layout_combo.setCurrentIndex(self.layout_combo.findData("beside"))

    def set_busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(not busy)


def _language_label(code: str) -> str:
    try:
        from counsel_app.i18n.languages import language

        return language(code).display_name()
    except KeyError:
        return language_name(code, interface_language())
