"""Every font a printed document lists is embedded (``pdffonts``: "emb yes"): a print
shop's or an archive's check finds nothing to substitute.

ReportLab's tables selected Helvetica (never embedded) for each cell before drawing the
flowables in it, so every plan, easy-read page, consent form, travel sheet and receipt
listed an unembedded Helvetica, though no glyph used it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from counsel_app.documents.consent_form import render_consent_form
from counsel_app.documents.easy_read import render_easy_read
from counsel_app.documents.plan_pdf import PlanDocument, render_plan
from counsel_app.documents.receipt_pdf import render_handover_receipt
from counsel_app.plan.samples import sample_plan, sample_text
from counsel_app.travel.sheet import render_sheet

from .test_plan_documents import consent_data
from .test_receipt_pdf import data as receipt_data
from .test_travel_sheet_text import sheet

REF = "AVRR-2026-000123"

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None,
                                reason="poppler-utils (pdffonts) is missing")


def not_embedded(pdf: bytes, folder: Path) -> list[str]:
    """The fonts ``pdffonts`` reports as not embedded."""
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[2:]
    assert rows, result.stdout
    # columns: name type [type] encoding emb sub uni object ID: "emb" is 5th from the end
    return [row.split()[0] for row in rows if row.split()[-5] != "yes"]


def plan_doc(lang: str) -> PlanDocument:
    t = sample_text(lang)
    return PlanDocument(sample_plan(REF, lang), person_name=t["name"], country=t["country"],
                        organisation="Centre (exemple)", is_sample=True,
                        printed_on=date(2026, 11, 22))


DOCUMENTS = {
    "plan-ar": lambda: render_plan(plan_doc("ar"), "ar"),
    "plan-ur": lambda: render_plan(plan_doc("ur"), "ur"),
    "easy-read-fr": lambda: render_easy_read(plan_doc("fr"), "fr"),
    "consent-form": lambda: render_consent_form(consent_data()),
    "travel-sheet-am": lambda: render_sheet(sheet("am"), "am"),
    "receipt-en": lambda: render_handover_receipt(receipt_data(), "en"),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_font_of_the_document_is_embedded(name, tmp_path):
    assert not_embedded(DOCUMENTS[name](), tmp_path) == []
