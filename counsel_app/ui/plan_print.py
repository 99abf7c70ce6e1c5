"""Printing the plan: language choice, print preview, the print dialog and save as PDF.

The PDF comes from the document layer (``PlanService.render_pdf``); this module only shows
and prints it. Qt Essentials has no PDF renderer, so pages are rasterised with pypdfium2
(PDFium, the renderer of Chromium): once at screen resolution for the preview, once at
the printer's resolution for paper. PDFium is not thread-safe: every call holds
:data:`_PDFIUM`.

Nothing is half-written: the PDF is made in memory first (a script the fonts cannot show
stops there with a clear message), then written to a temporary file next to the target
and moved into place.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.languages import document_languages, print_advice
from counsel_app.i18n.names import language_name
from counsel_app.ui import theme
from counsel_app.ui import messages
from counsel_app.ui.tasks import run_task

log = logging.getLogger(__name__)

PREVIEW_DPI = 76
MAX_PRINT_DPI = 300
_PDFIUM = threading.Lock()


# -- PDF pages as images ---------------------------------------------------------------------

def page_images(pdf: bytes, dpi: float = PREVIEW_DPI,
                pages: list[int] | None = None) -> list[QImage]:
    """The pages of ``pdf`` as images at ``dpi`` (safe on a worker thread: QImage only)."""
    import pypdfium2 as pdfium

    images = []
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for number in pages if pages is not None else range(len(document)):
                page = document[number]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
                fmt = {"RGB": QImage.Format_RGB888, "RGBA": QImage.Format_RGBA8888,
                       "RGBX": QImage.Format_RGBX8888}.get(bitmap.mode)
                if fmt is None:
                    raise ValueError(f"unexpected bitmap mode {bitmap.mode}")
                buffer = bytes(bitmap.buffer)
                image = QImage(buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
                image.setDotsPerMeterX(round(dpi / 0.0254))
                image.setDotsPerMeterY(round(dpi / 0.0254))
                images.append(image)
                bitmap.close()
                page.close()
        finally:
            document.close()
    return images


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def paint_on_printer(printer, pdf: bytes) -> int:
    """Paint every page of ``pdf`` on ``printer`` (a QPrinter set up by the print dialog),
    each scaled to the printable area at the printer's resolution. Returns pages printed."""
    dpi = min(printer.resolution() or MAX_PRINT_DPI, MAX_PRINT_DPI)
    count = page_count(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("The printer could not be opened. Check that it is switched on "
                          "and try again."))
    try:
        for number in range(count):
            if number:
                printer.newPage()
            image = page_images(pdf, dpi, [number])[0]
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - size.width()) // 2, area.y(),
                           size.width(), size.height())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return count


def send_to_printer(printer, pdf: bytes, title: str) -> str:
    """Print ``pdf`` on the printer the print dialog set up; one sentence says how.

    Vector pages whenever possible: "print to file" writes the PDF itself; a printer of the
    system's print service (CUPS) gets the PDF itself, with the copies chosen in the dialog.
    Only a printer that service does not know is painted page images (at most 300 dpi)."""
    from PySide6.QtPrintSupport import QPrinter

    from counsel_app.documents import printing

    target = printer.outputFileName()
    if printer.outputFormat() == QPrinter.PdfFormat and target:
        from country_info.files import write_atomically

        try:
            write_atomically(Path(target), pdf)
        except OSError as exc:
            raise UserError(_("The plan could not be saved to {path}: {reason}").format(
                path=target, reason=exc.strerror or str(exc))) from None
        return _("The plan was printed to the file {path}.").format(path=target)
    name = printer.printerName()
    if name and printing.available() and name in printing.printers():
        printing.print_pdf(pdf, printer=name, copies=max(1, printer.copyCount()), title=title)
        return _("Sent to the printer {printer} (as the PDF itself: sharp text).").format(
            printer=name)
    pages = paint_on_printer(printer, pdf)
    return _("Sent {n} pages to the printer as images (this printer is not one of the "
             "print service's).").format(n=pages)


# -- the print panel ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PrintRequest:
    lang: str
    bilingual: str | None = None
    layout: str = "below"  # or "beside"
    easy_read: bool = False

    def file_suffix(self) -> str:
        if self.easy_read:
            return f"easy-read-{self.lang}"
        return f"plan-{self.lang}" + (f"-{self.bilingual}" if self.bilingual else "")


class PrintPanel(QWidget):
    """Choose the document and its language(s), preview it, print it or save it as PDF.

    ``render(request) -> bytes`` makes the PDF (on a worker thread); ``prepare()`` runs on
    the GUI thread first and returns an error sentence when the plan cannot be printed yet
    (or "" when it can) — it also saves pending edits and snapshots the plan.
    """

    rendered = Signal(int)  # pages in the preview

    def __init__(self, render: Callable[[PrintRequest], bytes], prepare: Callable[[], str],
                 reference: str, *, is_sample: bool = False,
                 preferred: tuple[str, ...] = (), default_lang: str = "",
                 edit_texts: Callable[[str], None] | None = None, parent=None):
        super().__init__(parent)
        self.render = render
        self.prepare = prepare
        self.reference = reference
        self._token = 0
        self._pdf: bytes | None = None
        self._pdf_request: PrintRequest | None = None
        self.images: list[QImage] = []
        self._images_request: PrintRequest | None = None

        row = QHBoxLayout(self)
        side = QWidget()
        side.setObjectName("plan_print_options")
        side.setMaximumWidth(380)
        outer = QVBoxLayout(side)
        outer.setContentsMargins(0, 0, 0, 0)
        row.addWidget(side)
        if is_sample:
            banner = QLabel(_("SAMPLE — a fictional case for training. Every printed page "
                              "carries a SAMPLE watermark."))
            banner.setObjectName("plan_print_sample")
            banner.setWordWrap(True)
            banner.setAccessibleName(banner.text())
            banner.setStyleSheet(theme.style("sample_badge")
                                 + "padding: 4px 8px; border-radius: 4px;")
            outer.addWidget(banner)

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
        outer.addLayout(form)
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

        self.scroll = QScrollArea()
        self.scroll.setObjectName("plan_preview_pages")
        self.scroll.setAccessibleName(_("Print preview"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.StyledPanel)
        self.scroll.setStyleSheet(f"QScrollArea {{ {theme.style('page_background')} }}")
        self.pages = QWidget()
        self.pages.setStyleSheet(theme.style("page_background"))
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.pages_layout.setSpacing(12)
        self.scroll.setWidget(self.pages)
        row.addWidget(self.scroll, 1)

        self.kind_group.buttonToggled.connect(lambda *_a: self._options_changed())
        self.lang.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.second.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.layout_combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.use_companion.clicked.connect(self._use_companion)
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self._options_changed()

    # -- options ------------------------------------------------------------------------------
    def request(self) -> PrintRequest:
        easy = self.easy.isChecked()
        second = self.second.currentData() or None
        if easy or second == self.lang.currentData():
            second = None
        return PrintRequest(self.lang.currentData(), second,
                            self.layout_combo.currentData(), easy)

    def _options_changed(self) -> None:
        easy = self.easy.isChecked()
        self.second.setEnabled(not easy)
        self.layout_combo.setEnabled(not easy and bool(self.second.currentData()))
        lang = self.lang.currentData()
        try:
            advice = print_advice(lang, prefer=(interface_language(),))
        except KeyError:
            advice = None
        self._companion = ""
        if advice is not None and advice.warn:
            self.advice.setText(advice.message)
            self.advice.setVisible(True)
            second = self.second.currentData()
            if advice.bilingual_with and not easy and second not in advice.bilingual_with:
                self._companion = advice.bilingual_with[0]
                self.use_companion.setText(_("Print beside {language}").format(
                    language=language_name(self._companion, interface_language())))
                self.use_companion.setAccessibleName(self.use_companion.text())
        else:
            self.advice.setVisible(False)
        self.use_companion.setVisible(bool(self._companion))
        self.invalidate(keep_pages=True)

    def _use_companion(self) -> None:
        if self._companion:
            self.second.setCurrentIndex(max(self.second.findData(self._companion), 0))
            self.layout_combo.setCurrentIndex(self.layout_combo.findData("beside"))

    def invalidate(self, keep_pages: bool = False) -> None:
        """The plan or the options changed: the next print makes the PDF again."""
        self._pdf = None
        self._pdf_request = None
        if not keep_pages and self.images:
            self.status.setText(_("The plan changed since this preview: show the preview "
                                  "again to see the changes."))

    # -- making the PDF -----------------------------------------------------------------------
    def _with_pdf(self, then: Callable[[bytes], None], preview: bool) -> None:
        request = self.request()
        if self._pdf is not None and self._pdf_request == request and (
                not preview or self._images_request == request):
            then(self._pdf)
            return
        problem = self.prepare()
        if problem:
            self.status.setText(problem)
            messages.warn(self, problem)
            return
        self._token += 1
        token = self._token
        render = self.render
        self.status.setText(_("Making the document…"))
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(False)

        def compute():
            pdf = render(request)
            return pdf, page_images(pdf) if preview else []

        def done(result) -> None:
            self._enable()
            if token != self._token:
                return
            pdf, images = result
            self._pdf, self._pdf_request = pdf, request
            if preview:
                self._images_request = request
                self._show_pages(images)
            then(pdf)

        def failed(exc) -> None:
            self._enable()
            if token != self._token:
                return
            self.status.setText(str(exc) if isinstance(exc, UserError)
                                else _("The document could not be made."))
            messages.show_exception(self, exc)

        run_task(self, compute, done, failed, progress=self.busy)

    def _enable(self) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(True)

    def _show_pages(self, images: list[QImage]) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.images = images
        total = len(images)
        for number, image in enumerate(images, start=1):
            label = QLabel()
            label.setObjectName(f"plan_preview_page_{number}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(QSize(image.width(), image.height()))
            label.setFrameShape(QFrame.Box)
            text = _("Page {n} of {total}").format(n=number, total=total)
            label.setAccessibleName(text)
            label.setToolTip(text)
            self.pages_layout.addWidget(label, 0, Qt.AlignHCenter)
        self.status.setText(_("Preview: {n} pages.").format(n=total) if total != 1
                            else _("Preview: 1 page."))
        self.rendered.emit(total)

    # -- user actions -------------------------------------------------------------------------
    def show_preview(self) -> None:
        self._with_pdf(lambda _pdf: None, preview=True)

    def print_document(self) -> None:
        self._with_pdf(self._print, preview=False)

    def _print(self, pdf: bytes) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(f"{self.reference}-{self._pdf_request.file_suffix()}")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the plan"))
        if exec_dialog(dialog) != QPrintDialog.Accepted:
            return
        try:
            message = send_to_printer(printer, pdf, f"plan {self.reference}")
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self.status.setText(message)

    def save_pdf(self) -> None:
        self._with_pdf(self._save, preview=False)

    def _save(self, pdf: bytes) -> None:
        default = str(Path.home() / f"{self.reference}-{self._pdf_request.file_suffix()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the plan as PDF"), default,
                                                    _("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        from country_info.files import write_atomically

        try:
            write_atomically(target, pdf)  # the person's plan: readable by this user only
        except OSError as exc:
            messages.warn(self, _("The plan could not be saved to {path}: {reason}").format(
                path=str(target), reason=exc.strerror or str(exc)))
            return
        self.status.setText(_("Saved to {path}.").format(path=str(target)))
        messages.info(self, _("The plan was saved to {path}. Give the person their copy.")
                      .format(path=str(target)))


def exec_dialog(dialog) -> int:
    """Run a modal dialog (tests replace this)."""
    return dialog.exec()


def _language_label(code: str) -> str:
    try:
        from counsel_app.i18n.languages import language

        return language(code).display_name()
    except KeyError:
        return language_name(code, interface_language())
