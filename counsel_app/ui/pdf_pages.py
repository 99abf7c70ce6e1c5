"""PDF pages as images and on the printer (the plan's print panel and any other print).

Qt Essentials has no PDF renderer, so pages are rasterised with pypdfium2 (PDFium, the
renderer of Chromium): once at screen resolution for the preview, once at the printer's
resolution for paper. PDFium is not thread-safe: every call holds :data:`_PDFIUM`.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter

from counsel_app.errors import UserError
from counsel_app.i18n import _, ngettext

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
    return ngettext("Sent {n} page to the printer as images (this printer is not one of the "
                    "print service's).",
                    "Sent {n} pages to the printer as images (this printer is not one of the "
                    "print service's).", pages).format(n=pages)
