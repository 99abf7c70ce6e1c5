"""The plan's texts in the person's language: each of the counsellor's texts beside an
empty cell for the same words in the person's language, typed by the counsellor or the
interpreter; another language than the one stored says it replaces them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counsel_app.plan.samples import sample_plan
from counsel_app.ui.plan_returnee_texts import ReturneeTextsDialog


def test_typing_beside_each_text_gives_the_plan_its_words(qtbot):
    plan = sample_plan("AVRR-2026-000123", "fr")
    dialog = ReturneeTextsDialog(plan, "ar")
    qtbot.addWidget(dialog)
    texts = [text for _where, text in dialog.rows]
    assert plan.goals[0].goal in texts and plan.arrival.reception in texts
    assert len(texts) == len(set(texts))  # each text once
    assert dialog.language.findData("fr") < 0  # not the language the plan is written in
    row = texts.index(plan.arrival.reception)
    index = dialog.table.model().index(row, 2)
    dialog.table.setCurrentIndex(index)
    dialog.table.setFocus()
    dialog.show()
    qtbot.keyClick(dialog.table, Qt.Key_F2)  # edit the cell, as from the keyboard
    editor = dialog.table.focusWidget()
    assert editor is not dialog.table, "no editor opened"
    editor.insert("يستقبلك موظف في المطار.")  # (an Arabic keyboard layout is not simulated)
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.wait(5)
    result = dialog.returnee_texts()
    assert result.lang == "ar"
    assert result.texts == {plan.arrival.reception: "يستقبلك موظف في المطار."}
    # the plan holds Arabic texts: choosing Pashto says they would be replaced
    plan.returnee = result
    again = ReturneeTextsDialog(plan, "ar")
    qtbot.addWidget(again)
    assert again.table.item(row, 2).text() == "يستقبلك موظف في المطار."
    again.language.setCurrentIndex(again.language.findData("ps"))
    assert again.table.item(row, 2).text() == ""
    assert "replaces them" in again.replacing.text()
