"""The information step in a French interface: base-pack labels (our own, translated
through the documents catalog) show in French in the list, in search results and in the
reader; facts themselves are never translated."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.i18n import set_interface_language
from counsel_app.session.record import SessionRecord


@pytest.fixture
def french():
    set_interface_language("fr")
    yield
    set_interface_language("en")


def _step(qtbot, ctx):
    from counsel_app.ui.session_steps import StepServices
    from counsel_app.ui.steps.information import InformationStep

    case = ctx.cases.create(Case(person=Person(name_latin="Aminata Camara"),
                                 return_country="GN", counsellor=ctx.user))
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
