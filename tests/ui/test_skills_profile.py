"""A counsellor fills the skills profile in the Skills and needs step, with keys and clicks,
and the Opportunities step then ranks tailoring first, saying why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from counsel_app.domain.case import Case, Person
from counsel_app.opportunities.classifications import IscedLevel, OpportunityKind
from counsel_app.opportunities.service import OpportunityService
from tests.opportunities.helpers import row, write_text


def click(qtbot, widget):
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.LeftButton)
    QApplication.processEvents()


def choose(qtbot, combo, text):
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert text.lower() in combo.currentText().lower(), combo.currentText()


def test_counsellor_fills_the_profile_and_sees_tailoring_first(qtbot, app_ctx, answers,
                                                               tmp_path):
    from counsel_app.ui.main_window import MainWindow

    OpportunityService(app_ctx).import_file(write_text(tmp_path / "ml.csv", [
        row("P1", country="ML", region="ML-BKO", title_en="Plumbing course", sector_isco="71",
            town="Bamako"),
        row("T1", country="ML", region="ML-BKO", title_en="Tailoring course",
            sector_isco="75", town="Bamako"),
        row("T2", country="ML", region="ML-BKO", kind="job", title_en="Tailor's assistant",
            sector_isco="75", town="Bamako"),
    ]))
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Test", languages=["fr"]),
                                     return_country="ML", return_region="ML-BKO"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    wizard = window.wizard
    wizard.go_to("assessment")
    step = wizard.widgets["assessment"]
    step.tabs.setCurrentIndex(1)
    form = step.profile
    assert step.tabs.tabText(1) == "Skills profile"

    choose(qtbot, form.education, "Primary")
    form.education.activated.emit(form.education.currentIndex())
    # find the trade's code by its everyday name, in French
    # typed without the accent, shown and kept as written
    qtbot.keyClicks(form.isco_search, "couturiere")
    assert form.isco_hits.count() and form.isco_hits.item(0).text().startswith(
        "7531 — couturière (")
    qtbot.keyClick(form.isco_search, Qt.Key_Return)
    isco, title, years, where = form.occupations.rows[0][:4]
    assert isco.text() == "7531" and title.text() == "couturière"
    title.selectAll()
    qtbot.keyClicks(title, "seamstress")
    years.setFocus()
    years.selectAll()
    qtbot.keyClicks(years, "6")
    qtbot.keyClicks(where, "Italy")

    click(qtbot, form.certificates.add)
    name, cert_isco, recognised = form.certificates.rows[0][:3]
    qtbot.keyClicks(name, "tailoring diploma")
    qtbot.keyClicks(cert_isco, "7531")
    choose(qtbot, recognised, "not recognised")

    click(qtbot, form.languages.add)
    code, level = form.languages.rows[0][:2]
    choose(qtbot, code, "Italian")
    choose(qtbot, level, "well")

    choose(qtbot, form.licence, "none")
    click(qtbot, form.wishes.add)
    kind, wish_text, wish_isco = form.wishes.rows[0][:3]
    choose(qtbot, kind, "Training")
    qtbot.keyClicks(wish_text, "a sewing course")
    qtbot.keyClicks(wish_isco, "75")
    qtbot.keyClicks(form.constraint_notes["childcare"], "two children under 5")

    # a wrong code: one sentence naming the field, nothing saved
    qtbot.keyClicks(wish_isco, "x")
    click(qtbot, form.save_button)
    assert form.error.isVisible()
    assert "Wish 1: “75x” is not an ISCO-08 occupation code" in form.error.text()
    assert OpportunityService(app_ctx).profile(case).occupations == []
    qtbot.keyClick(wish_isco, Qt.Key_Backspace)

    # leaving the step saves it
    click(qtbot, wizard.next)
    assert wizard.current_key() == "opportunities"
    saved = OpportunityService(app_ctx).profile(case)
    assert saved.education_level is IscedLevel.PRIMARY
    assert [(o.isco, o.title, o.years, o.where) for o in saved.occupations] == [
        ("7531", "seamstress", 6.0, "Italy")]
    assert saved.certificates[0].recognised is False
    assert [(lang.code, lang.level) for lang in saved.languages] == [("it", "good")]
    assert saved.driving_licence == "none"
    assert saved.wishes[0].kind is OpportunityKind.TRAINING and saved.wishes[0].isco == "75"
    assert [(c.kind, c.note) for c in saved.constraints] == [
        ("childcare", "two children under 5")]

    opportunities = wizard.widgets["opportunities"]
    qtbot.waitUntil(lambda: opportunities.list.count() == 3, timeout=5000)
    first = opportunities.list.item(0).text()
    assert first.startswith("Tailoring course"), first
    assert "matches previous occupation: seamstress" in first
    assert "6 years of experience in this trade" in first
    assert opportunities.list.item(2).text().startswith("Plumbing course")

    # opened again, the profile shows what was saved
    wizard.go_to("assessment")
    step.profile.reload()
    assert step.profile.occupations.rows[0][1].text() == "seamstress"
    assert step.profile.constraint_notes["childcare"].text() == "two children under 5"
    assert not [e for e in step.profile.findChildren(QLineEdit) if e.objectName() == ""]
