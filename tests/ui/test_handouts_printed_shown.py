"""The information step says which handouts were already printed for the person (in which
language, on which day, of how many topics), whichever door printed them: the step itself,
or ``counsel-app packs handout --reference`` (through ``handouts.record_handout``), and
says it again after a reload ("take theirs") and in a new interface language. A
counsellor who could not see it printed the handout twice, or did not know the person had
one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from counsel_app.domain.case import Case, Person
from counsel_app.i18n.dates import show_date
from counsel_app.session import handouts

from .test_session_flow import _choose, _window, click

#: a print from the command line, at noon UTC: the same day in every time zone of a station
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _case(ctx):
    return ctx.cases.create(Case(person=Person(name_latin="Awa Ndiaye"), return_country="GN",
                                 counsellor=ctx.user))


def _information(qtbot, ctx, case, window=None):
    """The case opened at the information step, as the counsellor sees it."""
    window = window or _window(qtbot, ctx)
    window.resize(1366, 728)
    window.open_case(case.id)
    window.wizard.go_to("information")
    QApplication.processEvents()
    return window, window.wizard.widgets["information"]


def _printed_elsewhere(ctx, case, lang, keys, now=NOON):
    """A handout of ``case`` printed and recorded as ``counsel-app packs handout
    --reference`` does."""
    job = handouts.case_handout(ctx, case, "GN", keys, lang)
    handouts.record_handout(ctx, case, job, now=now)


def _said(step) -> str:
    label = step.handouts_state
    assert label.isVisible()
    return label.text()


def test_the_step_says_none_then_names_the_handout_printed_from_it(qtbot, app_ctx, answers,
                                                                   tmp_path, monkeypatch):
    window, info = _information(qtbot, app_ctx, _case(app_ctx))
    assert _said(info) == "No handout printed yet."
    # an entry read with the person, ticked as discussed, printed in French
    qtbot.keyClicks(info.search, "health")
    qtbot.waitUntil(lambda: info.items.count() > 0 and "Health" in info.items.item(0).text(),
                    timeout=10000)
    info.items.setCurrentRow(0)
    info.topics.setFocus()
    info.topics.setCurrentRow(info.topics.count() - 1)
    qtbot.keyClick(info.topics, Qt.Key_Space)
    out = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    _choose(qtbot, info.handout_lang, "Fran")
    click(qtbot, info.print_button)
    assert out.read_bytes().startswith(b"%PDF")
    today = show_date(date.today(), "en")
    assert _said(info) == f"Handout printed on {today} in French (1 topic)."
    # printed again, in Spanish: how many, and the last
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search in the list
    _choose(qtbot, info.handout_lang, "Espa")
    click(qtbot, info.print_button)
    assert _said(info) == f"2 handouts printed; the last on {today} in Spanish (1 topic)."


def test_a_handout_printed_from_the_command_line_is_said_when_the_step_is_opened(
        qtbot, app_ctx, answers):
    case = _case(app_ctx)
    _printed_elsewhere(app_ctx, case, "fr", ["base-gn:a", "base-gn:b", "base-gn:c"])
    _window_, info = _information(qtbot, app_ctx, case)
    assert _said(info) == "Handout printed on Dec 7, 2026 in French (3 topics)."


def test_a_print_recorded_elsewhere_is_said_after_taking_theirs(qtbot, app_ctx, answers):
    """The counsellor has the step open while the handout is printed from the command line
    (it saves the information part); their next save meets the conflict, they take theirs:
    the step says the print at once."""
    case = _case(app_ctx)
    _printed_elsewhere(app_ctx, case, "en", ["base-gn:a"], now=NOON.replace(day=4))
    window, info = _information(qtbot, app_ctx, case)
    assert _said(info) == "Handout printed on Dec 4, 2026 in English (1 topic)."
    _printed_elsewhere(app_ctx, case, "fr", ["base-gn:a", "base-gn:b"])
    assert _said(info) == "Handout printed on Dec 4, 2026 in English (1 topic)."  # not yet
    answers.choices = ["theirs"]
    qtbot.keyClicks(info.note, "asked about the clinic")
    window.wizard.flush()
    assert any(kind == "choose" for kind, _text in answers.shown)
    assert _said(info) == "2 handouts printed; the last on Dec 7, 2026 in French (2 topics)."


def test_the_handouts_are_said_again_in_arabic_after_a_switch(qtbot, app_ctx, answers,
                                                             tmp_path):
    from counsel_app.settings import Preferences

    from .test_language_switch import _choose_language

    case = _case(app_ctx)
    _printed_elsewhere(app_ctx, case, "fr", ["base-gn:a", "base-gn:b", "base-gn:c"])
    window = _window(qtbot, app_ctx)
    window.prefs = Preferences.load(tmp_path / "prefs.json")
    window, info = _information(qtbot, app_ctx, case, window)
    assert _said(info) == "Handout printed on Dec 7, 2026 in French (3 topics)."
    _choose_language(qtbot, window, "ar")
    info = window.wizard.widgets["information"]
    assert window.wizard.current_key() == "information"
    # one Arabic sentence: the day and the language in Arabic, the topics' plural form
    assert _said(info) == "طُبعت النشرة في 7 ديسمبر 2026 باللغة الفرنسية (3 مواضيع)."
    label = info.handouts_state
    assert label.layoutDirection() == Qt.RightToLeft
    assert QLabel.text(label).startswith("\u200f")  # reads from the right, as the step's lines
