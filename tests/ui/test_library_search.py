"""Searching the country library from the information step, as a counsellor types: a topic
word in any language finds the case's country's items first, then the other countries'."""

from __future__ import annotations

from types import SimpleNamespace

from counsel_app.domain.case import Case, Person
from counsel_app.session.record import SessionRecord

ROLE_KEY = 0x0100 + 1  # Qt.UserRole + 1


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


def _search(qtbot, step, text):
    step.search.setText(text)
    step._search_now()
    qtbot.waitUntil(lambda: step.items.count() > 0 and "Loading" not in step.library_state.text()
                    and text == step.search.text(), timeout=20000)
    qtbot.waitUntil(lambda: any("In other countries" in t for t in _texts(step)), timeout=20000)
    return _texts(step)


def test_a_french_word_finds_work_in_guinea_first_then_in_other_countries(qtbot, sqlite_ctx):
    step = _step(qtbot, sqlite_ctx, "GN")
    qtbot.waitUntil(lambda: step.items.count() > 0, timeout=10000)
    texts = _search(qtbot, step, "emploi")
    header = texts.index("In other countries")
    assert header > 0 and any("Unemployment rate" in t for t in texts[:header])
    first = [step.items.item(i).data(ROLE_KEY) for i in range(header)]
    assert all(e.key.split(":")[0] in ("base-gn", "sample-gn") for e in first)
    others = [step.items.item(i).data(ROLE_KEY) for i in range(header + 1, step.items.count())]
    assert len({e.elsewhere for e in others}) > 5 and "GN" not in {e.elsewhere for e in others}
    row = header + 1
    from counsel_app.i18n.names import country_name

    name = country_name(others[0].elsewhere, "en")
    assert f"[\u2068{name}\u2069]" in texts[row]  # each says which country it is about

    # another country's item is read (its country in the heading), never a topic of this case
    topics = step.topics.count()
    step.items.setCurrentRow(row)
    assert name in step.reader.toPlainText()
    assert step.topics.count() == topics
    assert not step.items.item(header).flags()  # the heading cannot be chosen
    step.items.setCurrentRow(0)  # Guinea's item joins the topics
    assert step.topics.count() == topics + 1


def test_a_word_guinea_has_nothing_for_says_so_and_shows_other_countries(qtbot, sqlite_ctx):
    step = _step(qtbot, sqlite_ctx, "GN")
    qtbot.waitUntil(lambda: step.items.count() > 0, timeout=10000)
    texts = _search(qtbot, step, "Baghdad")  # a town of Iraq: Iraq's items, none of Guinea
    assert texts[0] == "In other countries"
    assert "Nothing about “Baghdad” for Guinea" in step.library_state.text()


def test_a_snippet_of_several_lines_stays_indented_under_its_title(qtbot, sqlite_ctx):
    """"health" in Guinea: the health expenditure's snippet has two lines; the second sat
    flush with the titles and read as an item of its own."""
    step = _step(qtbot, sqlite_ctx, "GN")
    qtbot.waitUntil(lambda: step.items.count() > 0, timeout=10000)
    step.search.setText("health")
    step._search_now()
    qtbot.waitUntil(lambda: any("Health expenditure" in t for t in _texts(step)),
                    timeout=20000)
    several = [t for t in _texts(step) if t.count("\n") >= 2]
    assert several, "no snippet of several lines among the hits"
    for text in several:
        title, *lines = text.split("\n")
        assert all(line.startswith("    ") for line in lines), text
