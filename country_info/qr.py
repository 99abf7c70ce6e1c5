"""A QR code as PNG bytes: the one place that draws one (publisher keys, station key bundles,
the self-check). Needs the ``qrcode`` package only; no Qt."""

from __future__ import annotations

import io


def qr_png(text: str) -> bytes:
    """``text`` as a QR code (error correction M), PNG bytes."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=6, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    image = qr.make_image()
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
