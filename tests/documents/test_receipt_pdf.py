"""The printed handover receipt (PDF through the document layer), read back with pypdf."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from counsel_app.documents.receipt_pdf import ReceiptData, render_handover_receipt
from counsel_app.errors import UserError
from tests.handover.helpers import (
    HEALTH_NOTE,
    NAME,
    PHONE,
    consented_case,
    consents,
    pair,
    sources_for,
)

FP_SENDER = "70d9e3bc0bb0c16bc628d587087a4047"
FP_OFFICE = "1a2b3c4d5e6f70819293a4b5c6d7e8f9"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    # NFKC: the shaper's ligatures (ﬃ) come back as their letters
    return " ".join(unicodedata.normalize("NFKC", text).split())


def data(**changes) -> ReceiptData:
    values = dict(
        reference="AVRR-2026-000042", package_id="9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        created=datetime(2026, 11, 20, 14, 5, tzinfo=timezone.utc),
        sender_name="Tunis counselling office", sender_fingerprint=FP_SENDER,
        recipient_name="Conakry reintegration office", recipient_fingerprint=FP_OFFICE,
        shared=["assessments", "identification", "plan"], withheld=["health"],
        consents=[
            {"purpose": "return_decision", "state": "given", "since": "2026-11-19T10:00:00+00:00",
             "text_version": 1, "text_language": "fr", "method": "paper_signature"},
            {"purpose": "share_with_recipient", "state": "given",
             "since": "2026-11-19T10:02:00+00:00", "text_version": 3, "text_language": "fr",
             "method": "paper_signature"},
            {"purpose": "share_health_data", "state": "refused",
             "since": "2026-11-19T10:03:00+00:00", "text_version": 1, "text_language": "fr",
             "method": "spoken_witnessed"},
        ],
        is_sample=False, country="TN")
    values.update(changes)
    return ReceiptData(**values)


def test_receipt_names_what_whom_which_consent_package_and_date():
    text = flat(text_of(render_handover_receipt(data(), "en")))
    assert "Handover receipt" in text
    assert "AVRR-2026-000042" in text and "9f8e7d6c5b4a39281706f5e4d3c2b1a0" in text
    assert "Conakry reintegration office (key 1A2B 3C4D 5E6F 7081 9293 A4B5 C6D7 E8F9)" in text
    assert "Tunis counselling office (key 70D9 E3BC" in text
    assert "November 20, 2026" in text and "UTC" in text
    sent, rest = text.split("Not sent", 1)
    assert "Reintegration plan" in sent and "Identification" in sent and "Health data" not in sent
    withheld, consents_part = rest.split("Under these consents", 1)
    assert "Health data" in withheld
    assert "(3) Sharing with this office" in consents_part
    assert "(4) Sharing health data Refused" in consents_part
    assert "Spoken agreement" in consents_part and "French" in consents_part
    assert "SAMPLE" not in text


def test_sample_case_receipt_carries_the_watermark_on_every_page():
    pdf = render_handover_receipt(data(is_sample=True), "en")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        assert "SAMPLE" in page.extract_text()
    assert "SAMPLE: fictional data" in flat(text_of(pdf))


def test_receipt_follows_the_chosen_document_language():
    text = flat(text_of(render_handover_receipt(data(is_sample=True), "fr")))
    # the layer's translated strings, Babel's dates and language names in French
    assert "EXEMPLE" in text and "Page 1 sur 1" in text
    assert "20 novembre 2026" in text and "français" in text.lower()


def test_right_to_left_receipt_prints(tmp_path):
    out = tmp_path / "r.pdf"
    render_handover_receipt(data(), "ar", out=out)
    text = flat(text_of(out.read_bytes()))
    assert "AVRR-2026-000042" in text and "Conakry reintegration office" in text


def test_export_writes_the_pdf_receipt_beside_the_text_receipt(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    from counsel_app.handover.package import export_handover

    result = export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                             sources=sources_for(consents(fp)), receipt_lang="fr")
    assert result.receipt_pdf_path == tmp_path / "p.cahp.receipt.pdf"
    assert result.receipt_path.exists()
    text = flat(text_of(result.receipt_pdf_path.read_bytes()))
    assert case.reference in text and result.package_id in text
    assert "Conakry reintegration office" in text and fp[:4].upper() in text
    assert "Page 1 sur" in text  # printed in the language chosen, not the interface's
    # categories of data, never their content
    for secret in (NAME, PHONE, HEALTH_NOTE):
        assert secret not in text


def test_a_wrong_receipt_language_is_refused_before_anything_is_written(tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)
    fp = office.keys.station().fingerprint
    from counsel_app.handover.package import export_handover

    with pytest.raises(UserError, match="not a document language"):
        export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                        sources=sources_for(consents(fp)), receipt_lang="xx")
    assert list(tmp_path.glob("p.cahp*")) == []
    assert sender.ctx.cases.get(case.id).status.value == "plan_ready"
