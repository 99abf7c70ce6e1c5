"""Case > Copy of the person's data…: the counsellor picks the person's language (the
person's preferred one first), is warned as on every print screen when it is a draft, and
saves the copy, which is in that language."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from counsel_app.domain.case import Case, Person
from tests.documents.helpers import poppler_text
from tests.ui.conftest import answers  # noqa: F401  (fixture)


def make_case(ctx, preferred: str = "fr"):
    return ctx.cases.create(Case(
        person=Person(name_latin="Awa Diallo", date_of_birth=date(1988, 3, 1),
                      nationality="GN", languages=["fr", "so"], preferred_language=preferred),
        return_country="GN", counsellor=ctx.user))


def test_the_copy_is_saved_in_the_language_chosen(qtbot, app_ctx, answers, tmp_path,
                                                  monkeypatch):
    from counsel_app.ui.subject_access_dialog import SubjectAccessDialog

    case = make_case(app_ctx)
    dialog = SubjectAccessDialog(app_ctx, case)
    qtbot.addWidget(dialog)
    assert dialog.lang() == "fr"  # the person's preferred language first
    dialog.language.setCurrentIndex(dialog.language.findData("so"))
    assert "Somali translation of these documents is incomplete" in dialog.warning.text()
    out = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    qtbot.mouseClick(dialog.save, Qt.LeftButton)
    text = poppler_text(out.read_bytes(), tmp_path)
    assert "Xogtaada shakhsiga ah" in text and "Gini" in text  # Somali, Guinea by name
    assert any("saved" in text for _title, text in answers.shown)


def test_the_case_menu_opens_it(qtbot, app_ctx, answers, monkeypatch):
    from counsel_app.ui import subject_access_dialog
    from counsel_app.ui.main_window import MainWindow

    case = make_case(app_ctx)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    opened = []
    monkeypatch.setattr(subject_access_dialog.SubjectAccessDialog, "exec",
                        lambda self: opened.append(self.case.reference))
    monkeypatch.setattr(window, "current_case_id", lambda: case.id, raising=False)
    action = window.actions_by_id["case.subject_access"]
    assert action.text().replace("&", "") == "Copy of the person's data…"
    action.setEnabled(True)
    action.trigger()
    assert opened == [case.reference]
