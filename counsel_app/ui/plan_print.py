"""Printing the plan: language choice, print preview, the print dialog and save as PDF.

The PDF comes from the document layer (``PlanService.render_pdf``); this module only shows
and prints it: the options are :mod:`counsel_app.ui.plan_print_options` (their meaning
:mod:`counsel_app.plan.print_request`), pages as images and on paper
:mod:`counsel_app.ui.pdf_pages`.

Nothing is half-written: the PDF is made in memory first (a script the fonts cannot show
stops there with a clear message), then written to a temporary file next to the target
and moved into place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, ngettext
from counsel_app.plan.print_request import PrintRequest, pdf_target
from counsel_app.ui import messages, theme
from counsel_app.ui.pdf_pages import page_images, send_to_printer
from counsel_app.ui.plan_print_options import PrintOptions
from counsel_app.ui.tasks import run_task

__all__ = ["PrintPanel", "PrintRequest", "exec_dialog"]


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
        self.options = options = PrintOptions(is_sample=is_sample, preferred=preferred,
                                              default_lang=default_lang,
                                              edit_texts=edit_texts)
        row.addWidget(options)
        # what a counsellor (and a test) reaches on the panel
        self.full, self.easy, self.lang, self.second = (options.full, options.easy,
                                                        options.lang, options.second)
        self.layout_combo, self.advice, self.use_companion = (
            options.layout_combo, options.advice, options.use_companion)
        self.preview_button, self.print_button, self.save_button = (
            options.preview_button, options.print_button, options.save_button)
        self.busy, self.status = options.busy, options.status
        if edit_texts is not None:
            self.texts_button = options.texts_button

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

        options.changed.connect(lambda: self.invalidate(keep_pages=True))
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)

    def request(self) -> PrintRequest:
        return self.options.request()

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
        self.options.set_busy(True)

        def compute():
            pdf = render(request)
            return pdf, page_images(pdf) if preview else []

        def done(result) -> None:
            self.options.set_busy(False)
            if token != self._token:
                return
            pdf, images = result
            self._pdf, self._pdf_request = pdf, request
            if preview:
                self._images_request = request
                self._show_pages(images)
            then(pdf)

        def failed(exc) -> None:
            self.options.set_busy(False)
            if token != self._token:
                return
            self.status.setText(str(exc) if isinstance(exc, UserError)
                                else _("The document could not be made."))
            messages.show_exception(self, exc)

        run_task(self, compute, done, failed, progress=self.busy)

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
        self.status.setText(ngettext("Preview: {n} page.", "Preview: {n} pages.", total).format(
            n=total))
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
        default = str(Path.home() / self._pdf_request.file_name(self.reference))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the plan as PDF"), default,
                                                    _("PDF files (*.pdf)"))
        if not path:
            return
        target = pdf_target(path)
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
