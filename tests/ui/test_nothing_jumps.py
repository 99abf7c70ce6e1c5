"""Controls never move under the pointer: a counsellor ticks flags under the intake's
suggestions, ticks topics in a list, types a wrong phone number; what they aim at next is
where it was (a session at 1366x768 saw a wrong flag, a wrong topic and the print dialog
clicked after such a jump)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counsel_app.domain.case import Case, HouseholdMember, Person
from counsel_app.domain.enums import Relation

from .test_session_flow import _window, click


def _where(widget, window):
    return widget.mapTo(window, widget.rect().topLeft())


def _open(qtbot, app_ctx, **case_fields):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"), **case_fields))
    window = _window(qtbot, app_ctx)
    window.resize(1366, 728)
    window.open_case(case.id)
    return window


def test_ticking_suggested_flags_moves_no_flag(qtbot, app_ctx, answers):
    window = _open(qtbot, app_ctx, household=[HouseholdMember(Relation.CHILD, "Ibrahima", 6)])
    window.wizard.go_to("screening")
    screening = window.wizard.widgets["screening"]
    QApplication.processEvents()
    assert screening.suggestions.isVisible()  # a child in the household: suggestions
    boxes = screening.flag_boxes
    before = {flag: _where(box, window) for flag, box in boxes.items()}
    for flag in ("single_parent", "health"):  # the suggested one, then the one below it
        click(qtbot, boxes[flag])
        QApplication.processEvents()
        assert boxes[flag].isChecked()
        assert {f: _where(b, window) for f, b in boxes.items()} == before, flag
    assert "✓" in screening.suggestions.text()


def test_ticking_topics_keeps_every_row_in_place(qtbot, app_ctx, answers):
    window = _open(qtbot, app_ctx, return_country="GN")
    window.wizard.go_to("information")
    info = window.wizard.widgets["information"]
    QApplication.processEvents()
    topics = info.topics
    rects = [topics.visualItemRect(topics.item(i)) for i in range(topics.count())]
    topics.setFocus()
    for row in (0, 1, 2):
        topics.setCurrentRow(row)
        qtbot.keyClick(topics, Qt.Key_Space)
        QApplication.processEvents()
        assert topics.item(row).checkState() == Qt.Checked
        assert [topics.visualItemRect(topics.item(i)) for i in range(topics.count())] == rects


def test_a_message_under_a_field_moves_nothing_below(qtbot, app_ctx, answers):
    window = _open(qtbot, app_ctx)
    intake = window.wizard.widgets["intake"]
    below = [intake.interp_name, intake.town, intake.reason_note]
    before = [_where(w, window) for w in below]
    qtbot.keyClicks(intake.phone, "call me")
    window.wizard.flush()
    QApplication.processEvents()
    assert intake.phone_error.isVisible()
    assert [_where(w, window) for w in below] == before
    intake.phone.clear()
    qtbot.keyClicks(intake.phone, "+224 620 00 00 00")
    window.wizard.flush()
    QApplication.processEvents()
    assert not intake.phone_error.isVisible()
    assert [_where(w, window) for w in below] == before


def test_printing_a_handout_moves_nothing(qtbot, app_ctx, answers, tmp_path, monkeypatch):
    """Under the print row the step says which handouts were printed: its sentence changes
    after a print (and may take two lines), the controls around it stay where they were."""
    from PySide6.QtWidgets import QFileDialog

    window = _open(qtbot, app_ctx, return_country="GN")
    window.wizard.go_to("information")
    info = window.wizard.widgets["information"]
    qtbot.keyClicks(info.search, "health")
    qtbot.waitUntil(lambda: info.items.count() > 0 and "Health" in info.items.item(0).text(),
                    timeout=10000)
    info.items.setCurrentRow(0)  # read with the person: joins the topics
    info.topics.setFocus()
    info.topics.setCurrentRow(info.topics.count() - 1)
    qtbot.keyClick(info.topics, Qt.Key_Space)
    QApplication.processEvents()
    controls = [info.topics, info.handout_lang, info.print_button, info.handouts_state,
                info.ask_button, info.note]
    before = [(_where(w, window), w.size()) for w in controls]
    said = info.handouts_state.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "handout.pdf"), "")))
    click(qtbot, info.print_button)
    QApplication.processEvents()
    assert info.handouts_state.text() != said
    assert [(_where(w, window), w.size()) for w in controls] == before
    # nor does a sentence longer than its two lines (the whole of it is in the tooltip)
    info.topics_panel.handouts_state.setText(said * 12)
    QApplication.processEvents()
    assert [(_where(w, window), w.size()) for w in controls] == before
