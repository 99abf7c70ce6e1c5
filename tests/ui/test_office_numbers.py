"""Scores and shares on the office's screens (the visit form, the list of visits, the
progress tab) and in the follow-up dialog's overview are written as the interface language
writes numbers (counsel_app.i18n.formatting), never by Python's own "0.20" and "20%":
"0,20" and "20 %" in French; in Arabic, as plain CLDR "ar" writes them (Latin digits, a
full stop for the decimals: docs/translations.md, Digits)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from counsel_app.followup.service import FollowupService
from counsel_app.i18n.formatting import format_percent, format_score
from tests.handover.helpers import BASELINE, handed_over

DEPARTURE = date.today() - timedelta(days=120)
PARTIAL = {"income": 1, "food": 1, "wellbeing": 1}  # 3 of 15: 20%


@pytest.fixture
def visited(tmp_path):
    """A received case with its baseline, an arrival and two visits (a full one, then a
    partial one)."""
    _sender, office, _case, local = handed_over(tmp_path, contact=True, departure=DEPARTURE)
    follow = FollowupService(office.ctx)
    follow.record_arrival(local, DEPARTURE + timedelta(days=1), True)
    follow.record_visit(local, {k: min(5, v + 1) for k, v in BASELINE.items()},
                        DEPARTURE + timedelta(days=40))
    follow.record_visit(local, PARTIAL, DEPARTURE + timedelta(days=70), "phone")
    return office, local


@pytest.fixture
def french():
    from counsel_app.ui.i18n_qt import apply_interface_language

    apply_interface_language("fr")
    yield  # English again after it: tests/ui/conftest.py


def check_screens(qtbot, office, local, lang):
    from counsel_app.ui.handover_followup import FollowupDialog
    from counsel_app.ui.office.case_view import OfficeCaseView

    summary = FollowupService(office.ctx).summary(local)
    latest = summary.latest
    overall = summary.current().scores.overall
    change = summary.change_since_baseline()
    view = OfficeCaseView(office.ctx, local)
    qtbot.addWidget(view)
    # the list of visits: the latest first (partial: its share, no overall score), then
    # the full one with its overall score
    head = view.visit_list.tree.topLevelItem(0).text(1)
    assert format_percent(latest.result.share, lang) in head, head
    full = view.visit_list.tree.topLevelItem(1).text(1)
    assert format_score(summary.visits[0].result.overall, lang) in full, full
    head += "\n" + full
    # the form's count of the answers, as a caseworker types one
    form = view.form
    form.scores["income"].setCurrentIndex(form.scores["income"].findData(3))
    assert f"({format_percent(1 / 15, lang)})" in form.share.text(), form.share.text()
    # the progress tab
    progress = view.progress.text()
    assert format_percent(latest.result.share, lang) in progress, progress
    assert format_score(overall, lang) in progress, progress
    assert format_score(change["overall"], lang, signed=True) in progress, progress
    # the follow-up dialog's overview: the baseline's scores and the change since
    dialog = FollowupDialog(office.ctx, local)
    qtbot.addWidget(dialog)
    text = dialog.overview.text()
    assert format_score(summary.baseline.result.overall, lang) in text, text
    assert format_score(change["overall"], lang, signed=True) in text, text
    return head, form.share.text(), progress, text


def decimal_points(text: str) -> list[str]:
    """The numbers in ``text`` written with a full stop for their decimals ("0.57")."""
    return re.findall(r"\d\.\d", text)


def test_in_french_scores_and_shares_are_written_the_french_way(qtbot, french, visited):
    office, local = visited
    texts = check_screens(qtbot, office, local, "fr")
    head, share, progress, overview = texts
    assert "(20\xa0%)" in head and "(7\xa0%)" in share
    assert re.search(r"\d,\d\d", head) and re.search(r"[+-]\d,\d\d", progress)
    assert [decimal_points(t) for t in texts] == [[], [], [], []], texts


def test_in_arabic_scores_and_shares_follow_the_arabic_interface(qtbot, arabic, visited):
    office, local = visited
    head, share, progress, overview = check_screens(qtbot, office, local, "ar")
    # plain "ar" (the interface's Arabic) writes Latin digits and a full stop
    assert "20%" in head and re.search(r"\d\.\d\d", head) and "7%" in share


@pytest.mark.parametrize("lang, separator", [("en", ", "), ("ar", "\u060c ")])
def test_lists_on_the_office_screens_use_the_languages_separator(qtbot, request, visited,
                                                                  lang, separator):
    """The visit list's people and note, and the follow-up dialog's scores, are separated
    as the interface language separates values ("، " in Arabic, never an ASCII "; " or
    ", "), each value isolated so that a Latin name keeps its place in an Arabic line."""
    from counsel_app.ui.handover_followup import FollowupDialog
    from counsel_app.ui.office.case_view import OfficeCaseView

    if lang == "ar":
        request.getfixturevalue("arabic")
    office, local = visited
    FollowupService(office.ctx).record_visit(
        local, {"income": 4}, DEPARTURE + timedelta(days=80), "home",
        people="Amina Diallo", note="ورشة مفتوحة")
    view = OfficeCaseView(office.ctx, local)
    qtbot.addWidget(view)
    head = view.visit_list.tree.topLevelItem(0).text(1)
    people_and_note = f"{separator}\u2068Amina Diallo\u2069{separator}\u2068ورشة مفتوحة\u2069"
    assert head.endswith(people_and_note), head
    assert "; Amina" not in head
    dialog = FollowupDialog(office.ctx, local)
    qtbot.addWidget(dialog)
    from counsel_app.i18n import _

    lines = dialog.overview.text().splitlines()
    for sentence in ("Pre-departure baseline: {values}", "Change since the baseline: {values}"):
        line = next(x for x in lines if x.startswith(_(sentence).format(values="")))
        assert line.count(f"\u2069{separator}\u2068") == 3, line  # 3 dimensions, overall
        if lang == "ar":
            assert ", " not in line, line
