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


def test_a_text_typed_in_the_persons_language_needs_no_words_in_it(qtbot):
    """A plan begun in English and refined in French (an office after arrival): for a
    French-speaking person the French goal is already in their words and is not listed;
    the English one is. French can be chosen (not every text is in it); both languages
    are named as the ones the plan is written in."""
    from counsel_app.plan.model import Goal, ReintegrationPlan

    plan = ReintegrationPlan("AVRR-2026-000123", goals=[
        Goal("Open a tailoring workshop"), Goal("Suivre une formation en couture")],
        text_language="en", text_languages={"Open a tailoring workshop": "en",
                                            "Suivre une formation en couture": "fr"})
    dialog = ReturneeTextsDialog(plan, "fr")
    qtbot.addWidget(dialog)
    assert dialog.lang() == "fr"
    listed = [text for row, (_where, text) in enumerate(dialog.rows)
              if not dialog.table.isRowHidden(row)]
    assert listed == ["Open a tailoring workshop"]
    assert dialog.language.findData("en") >= 0 and dialog.language.findData("fr") >= 0
    assert dialog.written_in.text() == "English, French"
    # for an Arabic-speaking person both need their words
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    assert not any(dialog.table.isRowHidden(row) for row in range(len(dialog.rows)))
