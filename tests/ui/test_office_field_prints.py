"""The office workspace prints for the field: the chosen visit's record and a blank
questionnaire, in the document language chosen in the dialog (the draft warning shown
before saving), written where the caseworker says."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from counsel_app.followup.service import FollowupService
from counsel_app.handover.package import import_package
from tests.documents.test_extracted_text import pdftotext
from tests.ui.test_office_workspace import stations  # noqa: F401 - fixture


def test_the_visit_record_and_the_questionnaire_from_the_workspace(qtbot, tmp_path,
                                                                   monkeypatch, stations):  # noqa: F811
    from counsel_app.ui.office.case_view import OfficeCaseView

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    follow = FollowupService(office.ctx)
    arrival = date.today() - timedelta(days=40)
    follow.record_arrival(local, arrival, True)
    follow.record_visit(local, {"income": 4, "food": 5, "debt": 3}, arrival + timedelta(days=30),
                        "phone", "", "Workshop rented.")
    view = OfficeCaseView(office.ctx, local)
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentIndex(1)

    saved = tmp_path / "record.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(saved), "")))
    qtbot.mouseClick(view.print_visit_button, Qt.LeftButton)
    dialog = view.print_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert "French" in dialog.advice.text() or "fr" in dialog.advice.text()  # a draft, said
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.error.isVisible(), dialog.error.text()
    assert dialog.written == saved and not dialog.isVisible()
    text = pdftotext(saved.read_bytes(), tmp_path, "gui-record")
    assert "Compte rendu de visite de suivi" in text and "Workshop rented." in text

    saved = tmp_path / "blank.pdf"
    qtbot.mouseClick(view.print_blank_button, Qt.LeftButton)
    dialog = view.print_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.advice.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    text = pdftotext(saved.read_bytes(), tmp_path, "gui-blank")
    assert "Follow-up visit questionnaire" in text and local in text
    assert "Workshop rented." not in text
