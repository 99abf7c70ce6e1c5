"""The information step in a French interface: base-pack labels (our own, translated
through the documents catalog) show in French in the list, in search results and in the
reader; facts themselves are never translated."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from counsel_app.domain.case import Case, Person
from counsel_app.i18n import set_interface_language
from counsel_app.session.record import SessionRecord


@pytest.fixture
def french():
    set_interface_language("fr")
    yield
    set_interface_language("en")


def _step(qtbot, ctx, country="GN"):
    from counsel_app.ui.session_steps import StepServices
    from counsel_app.ui.steps.information import InformationStep

    case = ctx.cases.create(Case(person=Person(name_latin="Aminata Camara"),
                                 return_country=country, counsellor=ctx.user))
    holder = SimpleNamespace(ctx=ctx, case=case, record=SessionRecord(case.id, case.reference),
                             store=None)
    services = StepServices(ctx, holder, changed=lambda part: None, save_now=lambda: None)
    step = InformationStep(services)
    qtbot.addWidget(step)
    step.show()
    step.entered()
    return step


def _texts(step):
    return [step.items.item(i).text() for i in range(step.items.count())]


def test_french_interface_shows_base_pack_labels_in_french(qtbot, sqlite_ctx, french):
    step = _step(qtbot, sqlite_ctx)
    qtbot.waitUntil(lambda: step.items.count() > 0, timeout=10000)
    texts = _texts(step)
    assert any("Monnaie" in t for t in texts), texts[:10]
    assert any("Nom du pays" in t for t in texts)
    assert not any("Currency" in t for t in texts)

    # the reader's heading too
    row = next(i for i, t in enumerate(texts) if "Monnaie" in t)
    step.items.setCurrentRow(row)
    assert "Monnaie" in step.reader.toHtml()

    # and search results
    step.search.setText("franc")
    step._search_now()
    qtbot.waitUntil(lambda: any("Monnaie" in t for t in _texts(step)), timeout=10000)


def test_an_arabic_interface_keeps_english_sources_and_notes_in_their_own_direction(qtbot, sqlite_ctx):
    """English inside Arabic lines is isolated (source, publisher, the English-only note),
    dates have the digits of the Arabic of the case's country."""
    set_interface_language("ar")
    try:
        step = _step(qtbot, sqlite_ctx, country="IQ")
        qtbot.waitUntil(lambda: step.items.count() > 0, timeout=10000)
        row = next(i for i in range(step.items.count())
                   if step.items.item(i).data(Qt.UserRole + 1).key == "base-iq:factbook.income-shares")
        step.items.setCurrentRow(row)
        shown = step.reader.toPlainText()
        assert "\u2068The World Factbook\u2069" in shown
        assert "\u2066% share of income accruing" in shown
        assert "\u2068٢٠٢٣\u2069" in shown
    finally:
        set_interface_language("en")


def test_the_case_region_comes_first_and_national_items_say_so(qtbot, sqlite_ctx, tmp_path, monkeypatch):
    from counsel_app.ui.steps import library_entries as information
    from country_info.library import Library, sample_pack_files

    library = Library(user_dir=tmp_path / "packs", index_path=":memory:")
    library.import_pack(next(p for p in sample_pack_files() if "IQ" in p.name))
    monkeypatch.setattr(information, "_library", library)
    from counsel_app.ui.session_steps import StepServices
    from counsel_app.ui.steps.information import InformationStep

    case = sqlite_ctx.cases.create(Case(person=Person(name_latin="Karim Hassan"), return_country="IQ",
                                        return_region="IQ-BA", counsellor=sqlite_ctx.user))
    holder = SimpleNamespace(ctx=sqlite_ctx, case=case, record=SessionRecord(case.id, case.reference),
                             store=None)
    step = InformationStep(StepServices(sqlite_ctx, holder, changed=lambda part: None,
                                        save_now=lambda: None))
    qtbot.addWidget(step)
    step.show()
    step.entered()
    qtbot.waitUntil(lambda: step.items.count() > 0, timeout=10000)
    texts = _texts(step)
    assert "Health centre in Basra" in texts[0] and texts[0].endswith("[\u2068Al Başrah\u2069]")
    assert all(t.endswith("[\u2068national\u2069]") for t in texts[1:]), texts[1:4]
    assert "Items about Al Başrah first, then the national ones." in step.library_state.text()
    # search keeps the order and the marks
    step.search.setText("health")
    step._search_now()
    qtbot.waitUntil(lambda: step.items.count() > 0 and "Basra" in _texts(step)[0], timeout=10000)
    assert any("[\u2068national\u2069]" in t for t in _texts(step)[1:])


def test_a_question_to_the_office_refuses_the_persons_name(qtbot, sqlite_ctx, tmp_path, monkeypatch):
    from country_info.library import Library

    from counsel_app.questions.store import OfficeQuestions
    from counsel_app.ui import office_questions_dialog as module
    from counsel_app.ui.steps import library_entries as information

    monkeypatch.setattr(information, "_library", Library(user_dir=tmp_path / "packs", index_path=":memory:"))
    store = OfficeQuestions(sqlite_ctx)
    case = sqlite_ctx.cases.create(Case(person=Person(name_latin="Karim Hassan"), return_country="IQ",
                                        return_region="IQ-BA", counsellor=sqlite_ctx.user))
    holder = SimpleNamespace(ctx=sqlite_ctx, case=case, record=SessionRecord(case.id, case.reference),
                             store=None)
    from counsel_app.ui.session_steps import StepServices
    from counsel_app.ui.steps.information import InformationStep

    step = InformationStep(StepServices(sqlite_ctx, holder, changed=lambda part: None, save_now=lambda: None))
    qtbot.addWidget(step)
    step.show()
    step.entered()
    qtbot.mouseClick(step.ask_button, Qt.LeftButton)
    dialog = step.questions_dialog
    assert isinstance(dialog, module.OfficeQuestionsDialog) and dialog.isVisible()
    assert dialog.region.text() == "IQ-BA"
    dialog.topic.setCurrentIndex(dialog.topic.findData("health"))
    qtbot.keyClicks(dialog.text, "Does Karim get dialysis for free?")
    qtbot.mouseClick(dialog.record, Qt.LeftButton)
    assert "personal data (the person's name)" in dialog.error.text()
    assert store.all() == []
    dialog.text.clear()
    qtbot.keyClicks(dialog.text, "Is dialysis free at the public hospital in Basra?")
    qtbot.mouseClick(dialog.record, Qt.LeftButton)
    assert dialog.error.text() == ""
    assert [q.region for q in store.all()] == ["IQ-BA"]
    assert "Is dialysis free at the public hospital in Basra?  [not sent yet]" in dialog.questions.item(0).text()
    dialog.close()
