"""A small drawn chart of the reintegration sustainability scores: the pre-departure baseline
and each follow-up visit, per dimension (economic, social, psychosocial) and overall.

Drawn with QPainter (no chart library): labelled axes (score 0–1, surveys in order), a
legend, one colour *and* one marker shape and line style per series (readable without
colour), mirrored for right-to-left languages (the baseline on the right). Its accessible
description (and tooltip) is the same information as text, for screen readers.

Fed with ``FollowupSummary.chart`` (see :func:`counsel_app.followup.service.chart_series`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from counsel_app.i18n import N_, _, interface_language
from counsel_app.session.assessment import DIMENSIONS
from counsel_app.ui import theme

OVERALL = "overall"
SERIES_KEYS: tuple[str, ...] = (*DIMENSIONS, OVERALL)
SERIES_LABELS: dict[str, str] = {**DIMENSIONS, OVERALL: N_("Overall")}


@dataclass(frozen=True)
class SeriesStyle:
    colour: str  # a theme role; empty: the palette's text colour (black on light, white on dark)
    marker: str  # circle, square, triangle, diamond
    dash: Qt.PenStyle
    width: float


#: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), each
#: series also with its own marker and line style.
STYLES: dict[str, SeriesStyle] = {
    "economic": SeriesStyle("series_economic", "circle", Qt.SolidLine, 2.0),
    "social": SeriesStyle("series_social", "square", Qt.DashLine, 2.0),
    "psychosocial": SeriesStyle("series_psychosocial", "triangle", Qt.DotLine, 2.2),
    OVERALL: SeriesStyle("", "diamond", Qt.SolidLine, 3.0),
}

TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _fmt(value: float | None, signed: bool = False) -> str:
    """A score (or, ``signed``, a change) in the interface language's number format."""
    from counsel_app.i18n.formatting import format_score

    return format_score(value, interface_language(), signed=signed)


def _survey_label(point: dict[str, Any]) -> str:
    if point.get("label"):  # a point that names itself (a period since arrival)
        return str(point["label"])
    if point.get("kind") == "baseline":
        return _("Baseline")
    text = str(point.get("date") or "")
    from counsel_app.i18n.dates import show_date

    try:
        return show_date(date.fromisoformat(text), interface_language())
    except ValueError:
        return text


class ChangeChart(QWidget):
    """Baseline and follow-up scores per dimension and overall, as lines."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("followup_chart")
        self.setAccessibleName(_("Chart: change since the pre-departure baseline"))
        self.setFocusPolicy(Qt.TabFocus)  # reachable, so a screen reader reads the text
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMinimumSize(360, 260)
        self._points: list[dict[str, Any]] = []
        #: what the horizontal axis shows (the cohort chart shows periods since arrival)
        self.axis_title = _("Survey (baseline before departure, then each follow-up visit)")
        self._update_text()

    # -- data ----------------------------------------------------------------------------
    def set_points(self, points: list[dict[str, Any]]) -> None:
        self._points = [dict(p) for p in points]
        self._update_text()
        self.update()

    def labels(self) -> list[str]:
        """The surveys along the horizontal axis, in order (baseline first)."""
        return [_survey_label(p) for p in self._points]

    def series(self) -> dict[str, list[float | None]]:
        """Per series key, one value (0–1, or None: not enough answers) per survey."""
        return {key: [p.get(key) for p in self._points] for key in SERIES_KEYS}

    def text_alternative(self) -> str:
        """The chart as sentences: every value, and the change since the baseline."""
        if not self._points:
            return _("No survey yet: the chart appears once there is a baseline or a visit.")
        lines = [_("Scores from 0 (very poor) to 1 (very good), by survey: {surveys}.").format(
            surveys=", ".join(self.labels()))]
        baseline = self._points[0] if self._points[0].get("kind") == "baseline" else None
        for key, values in self.series().items():
            parts = [f"{label} {_fmt(v)}" for label, v in zip(self.labels(), values)]
            line = f"{_(SERIES_LABELS[key])}: " + "; ".join(parts)
            if baseline is not None and len(values) > 1:
                first, last = values[0], values[-1]
                if first is not None and last is not None:
                    line += " " + _("(change since the baseline {change})").format(
                        change=_fmt(last - first, signed=True))
            lines.append(line + ".")
        return "\n".join(lines)

    def _update_text(self) -> None:
        text = self.text_alternative()
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- geometry ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(620, 300)

    def _rtl(self) -> bool:
        return self.layoutDirection() == Qt.RightToLeft

    def plot_rect(self) -> QRectF:
        """The area inside the axes (widget coordinates)."""
        fm = QFontMetricsF(self.font())
        axis_text = fm.horizontalAdvance(_fmt(0.75)) + fm.height() + 14  # ticks + title
        legend = fm.height() * 1.8
        bottom = fm.height() * 2.6  # survey labels + axis title
        left, right = (12.0, axis_text) if self._rtl() else (axis_text, 12.0)
        return QRectF(left, legend + 8, max(10.0, self.width() - left - right),
                      max(10.0, self.height() - legend - 8 - bottom))

    def x_of(self, index: int) -> float:
        """Horizontal position of survey ``index`` (mirrored for right-to-left)."""
        rect = self.plot_rect()
        count = max(1, len(self._points))
        step = rect.width() / count
        offset = step * (index + 0.5)
        return rect.right() - offset if self._rtl() else rect.left() + offset

    def y_of(self, value: float) -> float:
        rect = self.plot_rect()
        return rect.bottom() - max(0.0, min(1.0, value)) * rect.height()

    # -- drawing -------------------------------------------------------------------------
    def _colour(self, key: str) -> QColor:
        style = STYLES[key]
        if style.colour:
            return theme.qcolour(style.colour)
        return self.palette().color(QPalette.Text)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.Text)
        grid = QColor(text)
        grid.setAlpha(50)
        painter.fillRect(self.rect(), palette.color(QPalette.Base))
        rect = self.plot_rect()
        fm = QFontMetricsF(self.font())
        rtl = self._rtl()

        # vertical axis: ticks, grid lines, title
        painter.setPen(QPen(grid, 1))
        for tick in TICKS:
            y = self.y_of(tick)
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(text, 1))
        axis_x = rect.right() if rtl else rect.left()
        painter.drawLine(QPointF(axis_x, rect.top()), QPointF(axis_x, rect.bottom()))
        painter.drawLine(QPointF(rect.left(), rect.bottom()), QPointF(rect.right(), rect.bottom()))
        for tick in TICKS:
            label = _fmt(tick)
            y = self.y_of(tick) + fm.ascent() / 2 - 1
            width = fm.horizontalAdvance(label)
            x = axis_x + 5 if rtl else axis_x - 5 - width
            painter.drawText(QPointF(x, y), label)
        painter.save()
        title = _("Score (0 very poor – 1 very good)")
        title_width = fm.horizontalAdvance(title)
        # read from bottom to top on both sides; on the right for right-to-left
        x = self.width() - fm.descent() - 2 if rtl else fm.ascent()
        painter.translate(x, rect.center().y() + title_width / 2)
        painter.rotate(-90)
        painter.drawText(QPointF(0, 0), title)
        painter.restore()

        if not self._points:
            message = _("No survey yet: the chart appears once there is a baseline or a "
                        "visit.")
            box = fm.boundingRect(rect.adjusted(20, 0, -20, 0), Qt.AlignCenter | Qt.TextWordWrap,
                                  message).adjusted(-8, -4, 8, 4)
            painter.fillRect(box, palette.color(QPalette.Base))
            painter.drawText(rect.adjusted(20, 0, -20, 0), Qt.AlignCenter | Qt.TextWordWrap,
                             message)
            painter.end()
            return

        # the baseline column, shaded; survey labels; horizontal axis title
        if self._points[0].get("kind") == "baseline":
            step = rect.width() / len(self._points)
            shade = QColor(text)
            shade.setAlpha(18)
            x = self.x_of(0) - step / 2
            painter.fillRect(QRectF(x, rect.top(), step, rect.height()), shade)
        labels = self.labels()
        step = rect.width() / len(labels)
        for index, label in enumerate(labels):
            shown = fm.elidedText(label, Qt.ElideRight, step - 4)
            width = fm.horizontalAdvance(shown)
            painter.drawText(QPointF(self.x_of(index) - width / 2,
                                     rect.bottom() + fm.ascent() + 3), shown)
        axis_title = fm.elidedText(self.axis_title, Qt.ElideRight, rect.width())
        painter.drawText(QPointF(rect.center().x() - fm.horizontalAdvance(axis_title) / 2,
                                 rect.bottom() + fm.height() + fm.ascent() + 5), axis_title)

        # the series: lines between the surveys that have a score, thinner and fainter
        # across a survey without one (not enough answers: no marker there), and markers
        painter.setBrush(Qt.NoBrush)
        for key, values in self.series().items():
            style = STYLES[key]
            colour = self._colour(key)
            known = [(i, v) for i, v in enumerate(values) if v is not None]
            for (i, a), (j, b) in zip(known, known[1:]):
                faint = QColor(colour)
                if j - i > 1:
                    faint.setAlpha(110)
                pen = QPen(faint, style.width if j - i == 1 else 1.2, style.dash)
                pen.setCapStyle(Qt.RoundCap)
                painter.setPen(pen)
                painter.drawLine(QPointF(self.x_of(i), self.y_of(a)),
                                 QPointF(self.x_of(j), self.y_of(b)))
            for index, value in enumerate(values):
                if value is not None:
                    self._marker(painter, style.marker, colour,
                                 QPointF(self.x_of(index), self.y_of(value)))

        self._legend(painter, fm, text)
        painter.end()

    def _marker(self, painter: QPainter, shape: str, colour: QColor, at: QPointF,
                size: float = 4.5) -> None:
        painter.save()
        painter.setPen(QPen(self.palette().color(QPalette.Base), 1))
        painter.setBrush(colour)
        if shape == "circle":
            painter.drawEllipse(at, size, size)
        elif shape == "square":
            painter.drawRect(QRectF(at.x() - size, at.y() - size, 2 * size, 2 * size))
        else:
            path = QPainterPath()
            if shape == "triangle":
                path.moveTo(at.x(), at.y() - size * 1.2)
                path.lineTo(at.x() + size * 1.1, at.y() + size * 0.9)
                path.lineTo(at.x() - size * 1.1, at.y() + size * 0.9)
            else:  # diamond
                path.moveTo(at.x(), at.y() - size * 1.3)
                path.lineTo(at.x() + size * 1.3, at.y())
                path.lineTo(at.x(), at.y() + size * 1.3)
                path.lineTo(at.x() - size * 1.3, at.y())
            path.closeSubpath()
            painter.drawPath(path)
        painter.restore()

    def _legend(self, painter: QPainter, fm: QFontMetricsF, text: QColor) -> None:
        """One entry per series along the top, from the start side."""
        rtl = self._rtl()
        x = self.width() - 8 if rtl else self.plot_rect().left()
        y = fm.height() * 0.9
        for key in SERIES_KEYS:
            style = STYLES[key]
            colour = self._colour(key)
            label = _(SERIES_LABELS[key])
            sample = 26.0
            width = sample + 6 + fm.horizontalAdvance(label)
            start = x - width if rtl else x
            line_from = start + width - sample if rtl else start
            painter.setPen(QPen(colour, style.width, style.dash))
            painter.drawLine(QPointF(line_from, y), QPointF(line_from + sample, y))
            self._marker(painter, style.marker, colour, QPointF(line_from + sample / 2, y), 4)
            painter.setPen(QPen(text, 1))
            text_x = start if rtl else start + sample + 6
            painter.drawText(QPointF(text_x, y + fm.ascent() / 2 - 1), label)
            x = start - 18 if rtl else start + width + 18
