"""Tools > Community projects: record a project for a place, link the cases it serves,
mistakes told in one sentence on the dialog's reserved line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counsel_app.domain.case import Case, Person
from counsel_app.followup.projects import ProjectService
from counsel_app.ui import projects_dialog as module


def _open(qtbot, app_ctx, monkeypatch):
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    seen = []
    monkeypatch.setattr(module.ProjectsDialog, "exec", lambda self: seen.append(self))
    window.actions_by_id["tools.projects"].trigger()
    assert seen, "Tools > Community projects did not open"
    qtbot.addWidget(seen[0])
    seen[0].show()
    return seen[0]


def test_record_a_project_and_link_cases(qtbot, app_ctx, monkeypatch):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"),
                                     return_country="GN"))
    dialog = _open(qtbot, app_ctx, monkeypatch)
    assert dialog.projects.count() == 0 and not dialog.link.isEnabled()
    bottom = dialog.save.mapTo(dialog, dialog.save.rect().topLeft())
    # a project with no country: one sentence, nothing stored, nothing moves
    qtbot.keyClicks(dialog.title, "Tailoring cooperative")
    qtbot.mouseClick(dialog.save, Qt.LeftButton)
    assert dialog.message.text() == "Choose the country of the project."
    assert ProjectService(app_ctx).list() == []
    assert dialog.save.mapTo(dialog, dialog.save.rect().topLeft()) == bottom
    dialog.country.setCurrentIndex(dialog.country.findData("GN"))
    dialog.region.setCurrentIndex(dialog.region.findData("GN-C"))
    qtbot.keyClicks(dialog.start.edit, "2026-03-01")
    qtbot.mouseClick(dialog.save, Qt.LeftButton)
    assert dialog.message.text() == "Saved “Tailoring cooperative”."
    [stored] = ProjectService(app_ctx).list()
    assert (stored.country, stored.region, stored.started_on.isoformat()) == (
        "GN", "GN-C", "2026-03-01")
    assert dialog.projects.count() == 1 and dialog.link.isEnabled()
    # link by reference (Enter), a wrong reference is refused in one sentence
    qtbot.keyClicks(dialog.reference, "XX-0000-999")
    qtbot.keyClick(dialog.reference, Qt.Key_Return)
    assert "There is no case" in dialog.message.text()
    dialog.reference.clear()
    qtbot.keyClicks(dialog.reference, case.reference.lower())
    qtbot.keyClick(dialog.reference, Qt.Key_Return)
    assert dialog.cases.count() == 1 and dialog.cases.item(0).text() == case.reference
    assert dialog.isVisible()  # Enter linked the case and pressed no other button
    assert ProjectService(app_ctx).list()[0].cases == [case.reference]
    dialog.cases.setCurrentRow(0)
    qtbot.mouseClick(dialog.unlink, Qt.LeftButton)
    assert dialog.cases.count() == 0
    assert "no longer linked" in dialog.message.text()
    # a new project clears the form
    qtbot.mouseClick(dialog.new, Qt.LeftButton)
    assert dialog.title.text() == "" and dialog.cases.count() == 0
    assert not dialog.link.isEnabled()


def test_an_empty_list_says_why_and_what_to_do_until_a_project_is_saved(
        qtbot, app_ctx, monkeypatch):
    dialog = _open(qtbot, app_ctx, monkeypatch)
    hint = dialog.findChild(QLabel, "projects_empty_hint")
    assert dialog.projects.count() == 0
    assert hint is not None and hint.isVisible() and not dialog.projects.isVisible()
    assert hint.text() == ("No community project is recorded yet: fill in the form and press "
                           "“Save the project”.")
    # the hint names the button the counsellor presses
    assert dialog.save.text().replace("&", "") in hint.text()
    hint_at, new_at = hint.geometry(), dialog.new.geometry()
    qtbot.keyClicks(dialog.title, "Tailoring cooperative")
    dialog.country.setCurrentIndex(dialog.country.findData("GN"))
    qtbot.mouseClick(dialog.save, Qt.LeftButton)
    assert dialog.projects.count() == 1
    assert dialog.projects.isVisible() and not hint.isVisible()
    # the list took the hint's place: nothing under the pointer moved
    assert dialog.projects.geometry() == hint_at and dialog.new.geometry() == new_at


def test_in_arabic_the_list_is_on_the_right_with_its_whole_border(
        qtbot, app_ctx, monkeypatch, arabic):
    """A right-to-left QSplitter put both panes one pixel too far right: the list's right
    border fell outside the dialog's splitter (cut off) and the form overlapped the
    handle."""
    ProjectService(app_ctx).add(kind="community", title="Tailoring cooperative",
                                country="GN")
    dialog = _open(qtbot, app_ctx, monkeypatch)
    assert dialog.isRightToLeft()
    hint = dialog.findChild(QLabel, "projects_empty_hint")
    assert not hint.isVisible()
    assert "مشروع" in hint.text()  # translated (a draft)
    list_box = dialog.projects
    left = list_box.mapTo(dialog, list_box.rect().topLeft())
    right = list_box.mapTo(dialog, list_box.rect().topRight())
    splitter = list_box.parentWidget().parentWidget()
    inside = splitter.mapTo(dialog, splitter.rect().topRight())
    # the list is the pane at the start of the line (right in Arabic), and its last column
    # (the right border) lies inside the area the dialog shows
    assert left.x() > dialog.title.mapTo(dialog, dialog.title.rect().topRight()).x()
    assert right.x() == inside.x()
    # the border's pixels are drawn: the right column of the list is not the background
    image = dialog.grab().toImage()
    middle = (left.y() + list_box.height() // 2)
    assert image.pixelColor(right.x(), middle) != image.pixelColor(right.x() + 2, middle)


def test_cases_out_of_the_accounts_scope_are_counted_in_the_singular_or_plural(
        qtbot, app_ctx, monkeypatch):
    """A project serving cases this account may not open names the others by their count:
    "and 1 case you cannot open", never "1 cases"."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.storage.models import CaseRow

    seen, hidden = [_case(app_ctx, "Awa Ndiaye")], [_case(app_ctx, "Fanta Camara")]
    service = ProjectService(app_ctx)
    project = service.add("community", "Tailoring cooperative", "GN")
    for case in seen + hidden:
        service.link(project.uid, case.reference)
    monkeypatch.setattr(app_ctx.cases, "scope", CaseRow.id != hidden[0].id)
    dialog = _open(qtbot, app_ctx, monkeypatch)
    dialog.projects.setCurrentRow(0)
    assert [dialog.cases.item(i).text() for i in range(dialog.cases.count())] == [
        seen[0].reference, "and 1 case you cannot open"]
    hidden.append(_case(app_ctx, "Ibrahima Sow"))
    service.link(project.uid, hidden[1].reference)
    monkeypatch.setattr(app_ctx.cases, "scope", CaseRow.id == seen[0].id)
    set_interface_language("fr")
    dialog.refresh(select=project.uid)
    assert dialog.cases.item(1).text() == "et 2 dossiers que vous ne pouvez pas ouvrir"


def _case(ctx, name):
    return ctx.cases.create(Case(person=Person(name_latin=name), return_country="GN"))
