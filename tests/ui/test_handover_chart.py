"""The drawn chart of the change since the pre-departure baseline (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from counsel_app.ui import theme
from counsel_app.ui.handover_chart import STYLES, ChangeChart
from tests.handover.helpers import BASELINE

POINTS = [
    {"date": "2026-10-01", "kind": "baseline", "economic": 0.25, "social": 0.5,
     "psychosocial": 0.5, "overall": 0.42},
    {"date": "2026-12-15", "kind": "followup", "economic": 0.5, "social": 0.75,
     "psychosocial": None, "overall": None},
    {"date": "2027-03-20", "kind": "followup", "economic": 0.75, "social": 0.6,
     "psychosocial": 1.0, "overall": 0.83},
]


def chart(qtbot, points, direction=Qt.LeftToRight) -> ChangeChart:
    widget = ChangeChart()
    qtbot.addWidget(widget)
    widget.setLayoutDirection(direction)
    widget.resize(620, 300)
    widget.set_points(points)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def colour_at(widget: ChangeChart, index: int, value: float) -> QColor:
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    x, y = widget.x_of(index), widget.y_of(value)
    return image.pixelColor(int(x * ratio), int(y * ratio))


def close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(p - q) <= tolerance for p, q in
               zip(a.getRgb()[:3], b.getRgb()[:3]))


def test_each_series_is_drawn_at_its_scores(qtbot):
    widget = chart(qtbot, POINTS)
    assert widget.labels()[0] == "Baseline" and len(widget.labels()) == 3
    assert widget.series() == {
        "economic": [0.25, 0.5, 0.75], "social": [0.5, 0.75, 0.6],
        "psychosocial": [0.5, None, 1.0], "overall": [0.42, None, 0.83]}
    economic = theme.qcolour(STYLES["economic"].colour)
    for index, value in enumerate([0.25, 0.5, 0.75]):
        assert close(colour_at(widget, index, value), economic), index
    assert close(colour_at(widget, 2, 1.0), theme.qcolour(STYLES["psychosocial"].colour))
    # no marker where a dimension had too few answers
    assert not close(colour_at(widget, 1, 0.5), theme.qcolour(STYLES["psychosocial"].colour))


def test_right_to_left_puts_the_baseline_on_the_right(qtbot):
    ltr = chart(qtbot, POINTS)
    rtl = chart(qtbot, POINTS, Qt.RightToLeft)
    assert ltr.x_of(0) < ltr.x_of(2) and rtl.x_of(0) > rtl.x_of(2)
    assert rtl.x_of(0) > rtl.width() / 2
    assert close(colour_at(rtl, 0, 0.25), theme.qcolour(STYLES["economic"].colour))


def test_text_alternative_gives_every_value_and_the_change(qtbot):
    widget = chart(qtbot, POINTS)
    text = widget.accessibleDescription()
    assert widget.accessibleName().startswith("Chart")
    assert "Economic: Baseline 0.25" in text
    assert "Economic" in text and "(change since the baseline +0.50)" in text
    assert "Psychosocial: Baseline 0.50; Dec 15, 2026 –" in text
    empty = chart(qtbot, [])
    assert "No survey yet" in empty.accessibleDescription()
    assert empty.series()["overall"] == []


def test_followup_dialog_charts_the_baseline_and_each_visit(qtbot, tmp_path):
    from datetime import date

    from PySide6.QtWidgets import QSpinBox

    from counsel_app.followup.service import FollowupService
    from counsel_app.ui.handover_followup import FollowupDialog
    from tests.handover.helpers import handed_over

    _sender, office, _case, local = handed_over(tmp_path)
    dialog = FollowupDialog(office.ctx, local)
    qtbot.addWidget(dialog)
    assert dialog.chart.labels() == ["Baseline"]
    service = FollowupService(office.ctx)
    service.record_arrival(local, date.today(), True)
    dialog.refresh()
    for key, value in BASELINE.items():
        dialog.findChild(QSpinBox, f"followup_score_{key}").setValue(min(5, value + 1))
    dialog.record_visit()
    series = dialog.chart.series()
    summary = service.summary(local)
    assert len(dialog.chart.labels()) == 2
    assert series["economic"] == [summary.baseline.result.dimensions["economic"],
                                  summary.latest.result.dimensions["economic"]]
    assert series["overall"][1] > series["overall"][0]  # every answer one point better
    assert "change since the baseline +" in dialog.chart.accessibleDescription()


def test_values_follow_the_interface_language_number_format(qtbot):
    from counsel_app.i18n import interface_language, set_interface_language

    before = interface_language()
    set_interface_language("fr")
    try:
        widget = chart(qtbot, POINTS)
        text = widget.accessibleDescription()
    finally:
        set_interface_language(before)
    assert "0,25" in text and "+0,50" in text and "0.25" not in text
