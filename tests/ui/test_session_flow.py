"""A counsellor runs a whole session with keys and clicks: new case to recorded decision."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialogButtonBox, QFileDialog,
                               QRadioButton)

from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.session.store import SessionStore


def _window(qtbot, ctx):
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    with qtbot.waitActive(window):
        pass
    return window


def _shortcut(qtbot, window, key, modifier=Qt.ControlModifier):
    if QApplication.activeWindow() is not window:  # offscreen: a closed dialog leaves none
        window.activateWindow()
        with qtbot.waitActive(window):
            pass
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def click(qtbot, widget):
    """Click as a user does: after pending layout changes have settled."""
    QApplication.processEvents()
    pos = widget.rect().center()
    if isinstance(widget, (QCheckBox, QRadioButton)):  # on the box, not past the label
        x = 8 if widget.layoutDirection() == Qt.LeftToRight else widget.width() - 8
        pos = QPoint(x, widget.height() // 2)
    qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)
    QApplication.processEvents()


def _choose(qtbot, combo, text):
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert text.lower() in combo.currentText().lower(), combo.currentText()


def test_full_session_from_new_case_to_recorded_decision(qtbot, app_ctx, answers, tmp_path,
                                                        monkeypatch):
    from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService

    OpportunityCatalogue(app_ctx.db, "admin").import_sample_set()
    window = _window(qtbot, app_ctx)

    def fill_new_case():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.name, "Mariama Sow")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()

    QTimer.singleShot(0, fill_new_case)
    _shortcut(qtbot, window, Qt.Key_N)  # Ctrl+N: new case
    wizard = window.wizard
    assert wizard is not None and wizard.current_key() == "intake"
    case = wizard.holder.case
    assert case.status is CaseStatus.COUNSELLING

    intake = wizard.widgets["intake"]
    qtbot.keyClicks(intake.name_native, "Mariama Sow")
    qtbot.keyClicks(intake.phone, "+224 620 00 00 00")
    intake.age.setFocus()
    intake.age.selectAll()
    qtbot.keyClicks(intake.age, "29")  # an estimated age: she can decide alone
    _choose(qtbot, intake.return_country, "Guinea")
    intake.return_country.activated.emit(intake.return_country.currentIndex())
    _choose(qtbot, intake.region, "Conakry")
    intake.region.activated.emit(intake.region.currentIndex())
    _choose(qtbot, intake.interp_language, "Fula")
    intake.interp_language.activated.emit(intake.interp_language.currentIndex())
    qtbot.keyClicks(intake.interp_name, "INT-07")
    click(qtbot, intake.add_member)
    model = intake.household_model
    model.setData(model.index(0, 0), "child")
    model.setData(model.index(0, 1), "Ibrahima")
    model.setData(model.index(0, 2), "6")
    model.setData(model.index(0, 3), Qt.Checked.value, Qt.CheckStateRole)

    _shortcut(qtbot, window, Qt.Key_Right, Qt.AltModifier)  # Alt+Right: next step
    assert wizard.current_key() == "screening"
    screening = wizard.widgets["screening"]
    assert "Single parent" in screening.suggestions.text()
    click(qtbot, screening.flag_boxes["single_parent"])
    click(qtbot, screening.flag_boxes["health"])
    qtbot.keyClicks(screening.flag_notes["health"], "asthma, inhaler")
    assert set(screening.step_boxes) == {"childcare_plan", "fitness_to_travel",
                                         "medical_escort", "continuity_of_care"}
    # fitness to travel and the escort decision are recorded in the Departure step (one
    # fact each): shown here, not ticked here
    fitness = screening.step_boxes["fitness_to_travel"]
    assert not fitness.isEnabled() and not fitness.isChecked()
    assert "Departure step" in fitness.text()
    click(qtbot, screening.step_boxes["continuity_of_care"])

    click(qtbot, wizard.next)
    info = wizard.widgets["information"]
    assert wizard.current_key() == "information"
    assert info.items.count() > 0  # the Guinea library from the bundled packs
    qtbot.keyClicks(info.search, "health")
    qtbot.waitUntil(lambda: info.items.count() > 0 and "Health" in info.items.item(0).text(),
                    timeout=10000)
    info.items.setFocus()
    info.items.setCurrentRow(0)  # reading an entry with the person
    assert "Source:" in info.reader.toHtml()
    info.topics.setFocus()
    for row in (0, 1, 7, info.topics.count() - 1):  # the last one: the entry just read
        info.topics.setCurrentRow(row)
        qtbot.keyClick(info.topics, Qt.Key_Space)
        if row == 0:  # the step list's line under the step: "1 topic", not "1 topics"
            assert info.summary() == "1 topic covered"
    assert info.summary() == "4 topics covered"
    assert info.topics.item(7).checkState() == Qt.Checked
    assert "covered at" in info.topics.item(7).toolTip()  # the row's text keeps its height
    handout = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(handout), "")))
    assert info.print_button.isEnabled()
    _choose(qtbot, info.handout_lang, "Fran")  # Français (French)
    click(qtbot, info.print_button)
    assert handout.read_bytes().startswith(b"%PDF")

    click(qtbot, wizard.next)
    assessment = wizard.widgets["assessment"]
    combo = assessment.combos["income"]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    qtbot.keyClicks(assessment.skills, "Hairdresser, 5 years")

    click(qtbot, wizard.next)
    opportunities = wizard.widgets["opportunities"]
    assert opportunities.list.count() > 0, opportunities.state.text()
    assert "SAMPLE" in opportunities.list.item(0).text()
    opportunities.list.setCurrentRow(0)
    click(qtbot, opportunities.add)
    assert "in the plan" in opportunities.list.item(0).text()
    click(qtbot, wizard.next)
    assert wizard.current_key() == "decision"
    decision = wizard.widgets["decision"]
    click(qtbot, decision.decision_buttons["return"])
    assert not decision.record_button.isEnabled()
    assert "Freedom of choice" in decision.blockers.text()
    for key in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        click(qtbot, decision.findChild(type(decision.decision_buttons["return"]),
                                            f"{key}_yes"))
        qtbot.keyClicks(decision.notes[key], "checked with interpreter")
    assert decision.record_button.isEnabled(), decision.blockers.text()
    qtbot.keyClicks(decision.decision_note, "Wants to open a salon in Conakry")
    click(qtbot, decision.record_button)
    assert decision.history.count() == 1

    _shortcut(qtbot, window, Qt.Key_W)  # Ctrl+W: close the case (saves)
    assert window.wizard is None

    stored = app_ctx.cases.get(case.id)
    assert stored.status is CaseStatus.DECISION_TAKEN and stored.decision is Decision.RETURN
    assert stored.person.name_native == "Mariama Sow"
    assert stored.person.phone == "+224 620 00 00 00" and stored.person.estimated_age == 29
    assert stored.interpreter.language == "ff" and stored.interpreter.name_or_id == "INT-07"
    assert stored.return_country == "GN" and stored.return_region == "GN-C"
    assert stored.household[0].name == "Ibrahima" and stored.household[0].travelling
    record = SessionStore(app_ctx.db, app_ctx.vault.cipher).load(case.id, case.reference)
    assert set(record.screening.flags) == {"single_parent", "health"}
    assert record.screening.flags["health"] == "asthma, inhaler"
    assert record.screening.steps["continuity_of_care"].done
    assert "fitness_to_travel" not in record.screening.steps
    covered = set(record.information.covered)
    assert {"return_process", "voluntariness", "health_care"} < covered
    pack_topics = [k for k in covered if k.startswith("pack:")]
    assert len(pack_topics) == 1 and record.information.shown_items
    assert record.information.handouts_printed[0]["topics"] == [pack_topics[0][5:]]
    assert record.information.handouts_printed[0]["lang"] == "fr"
    assert record.assessment.scores == {"income": 2}
    assert record.assessment.skills == "Hairdresser, 5 years"
    current = record.voluntariness.current
    assert current.decision == "return" and current.counsellor == "admin"
    assert current.note == "Wants to open a salon in Conakry"
    assert all(e.holds and e.note for e in record.voluntariness.elements.values())
    assert record.progress.last_step == "decision"
    assert len(OpportunityService(app_ctx).chosen(stored)) == 1


def test_declined_is_recordable_without_the_three_elements(qtbot, app_ctx, answers):
    from counsel_app.domain.case import Case, Person

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    window.wizard.go_to("decision")
    decision = window.wizard.widgets["decision"]
    click(qtbot, decision.decision_buttons["declined"])
    assert decision.record_button.isEnabled()
    qtbot.keyClicks(decision.decision_note, "Prefers to stay and appeal")
    click(qtbot, decision.record_button)
    window.show_case_list()
    stored = app_ctx.cases.get(case.id)
    assert stored.decision is Decision.DECLINED
    # the list shows the decision
    assert "Declined" in window.case_list.model.data(window.case_list.model.index(0, 3))


def test_reopening_resumes_at_the_last_step(qtbot, app_ctx, answers):
    from counsel_app.domain.case import Case, Person

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    window.wizard.go_to("assessment")
    window.show_case_list()
    window.open_case(case.id)
    assert window.wizard.current_key() == "assessment"
    assert window.wizard.step_list.currentRow() == 3
    assert window.wizard.progress.value() >= 2
    assert "of 10 steps visited" in window.wizard.progress_label.text()


def test_edits_save_within_a_second_without_leaving_the_field(qtbot, app_ctx, answers):
    from counsel_app.domain.case import Case, Person

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    intake = window.wizard.widgets["intake"]
    intake.town.setFocus()
    qtbot.keyClicks(intake.town, "Kindia")

    def saved():
        assert app_ctx.cases.get(case.id).return_town == "Kindia"

    qtbot.waitUntil(saved, timeout=1000)


def test_conflict_offers_keep_mine_or_take_theirs(qtbot, app_ctx, answers):
    from counsel_app.domain.case import Case, Person

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    wizard = window.wizard
    # another station changes the town meanwhile
    other = app_ctx.cases.get(case.id)
    other.return_town = "Labé"
    app_ctx.cases.save(other)
    intake = wizard.widgets["intake"]
    answers.choices = ["theirs"]
    qtbot.keyClicks(intake.phone, "+224 1")
    wizard.flush()
    assert any(kind == "choose" and "changed by someone else" in text
               for kind, text in answers.shown)
    assert intake.town.text() == "Labé"  # their version is shown
    # and "keep mine" writes over theirs
    other = app_ctx.cases.get(case.id)
    other.return_town = "Mamou"
    app_ctx.cases.save(other)
    answers.choices = ["mine"]
    qtbot.keyClicks(intake.town, "x")
    wizard.flush()
    assert app_ctx.cases.get(case.id).return_town == "Labéx"


def test_invalid_phone_is_flagged_and_not_saved_but_the_rest_is(qtbot, app_ctx, answers):
    from counsel_app.domain.case import Case, Person

    case = app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    window = _window(qtbot, app_ctx)
    window.open_case(case.id)
    intake = window.wizard.widgets["intake"]
    qtbot.keyClicks(intake.phone, "call me")
    qtbot.keyClicks(intake.town, "Kankan")
    window.wizard.flush()
    assert intake.phone_error.isVisible()
    stored = app_ctx.cases.get(case.id)
    assert stored.return_town == "Kankan" and stored.person.phone == ""
