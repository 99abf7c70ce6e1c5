"""The office's visit form on a laptop screen: each indicator's label is read whole beside its
answer, in French, English and Arabic, at 1366x768 and 1280x720, and the form's main
action (record the visit) is on screen without scrolling.

In French the indicator boxes cut their last labels ("…situation économique", "Bien-être
psychologique" lost their second line) and at 1280 wide the economic labels were not shown
at all (their column had no width); it happened when the app started in French too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel

from counsel_app.handover.package import import_package
from counsel_app.i18n import translator
from counsel_app.ui.i18n_qt import apply_interface_language

from .test_office_workspace import stations  # noqa: F401 - a fixture
from .test_session_flow import _window


def _unfitted(label: QLabel) -> str | None:
    """Why ``label``'s text is not whole in it, or None: its lines (wrapped at its width)
    must fit its width and height."""
    room = label.contentsRect()
    flags = Qt.TextWordWrap if label.wordWrap() else Qt.TextSingleLine
    needed = label.fontMetrics().boundingRect(QRect(0, 0, room.width(), 10_000),
                                              int(flags), label.text())
    if room.width() <= 0 or needed.width() > room.width() or needed.height() > room.height():
        return f"{label.text()!r}: needs {needed.width()}x{needed.height()}, " \
               f"has {room.width()}x{room.height()}"
    return None


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_every_indicator_label_is_whole_and_the_record_button_on_screen(
        qtbot, stations, lang, size):
    from counsel_app.followup import rss

    _sender, office, _case, package = stations
    local = import_package(office.ctx, package).local_reference
    apply_interface_language(lang)  # as the app starts in that language
    try:
        window = _window(qtbot, office.ctx)
        window.resize(*size)
        window.open_case(office.ctx.cases.get_by_reference(local).id)  # the office's view
        view = window.office.view
        bar = view.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(1).center())  # Visits
        QApplication.processEvents()
        form = view.form
        t = translator(lang)
        labels = {combo: next(label for label in view.findChildren(QLabel)
                              if label.buddy() is combo) for combo in form.scores.values()}
        assert sorted(label.text() for label in labels.values()) == sorted(
            t(ind.label) for ind in rss.INDICATORS)
        assert all(label.isVisible() for label in labels.values())
        problems = [p for label in labels.values() if (p := _unfitted(label))]
        assert problems == []
        # the main action is seen without scrolling the tab
        button = form.record_button
        assert button.visibleRegion().boundingRect() == button.rect()
    finally:
        apply_interface_language("en")
        QApplication.setLayoutDirection(Qt.LeftToRight)
