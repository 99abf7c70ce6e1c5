"""Panes side by side in reading order, for left-to-right and right-to-left interfaces.

A right-to-left ``QSplitter`` places its panes one pixel too far right (Qt mirrors each pane
with the splitter's width, not with its last column): in Arabic the pane at the right lost
its right border, cut off at the edge, and the pane at the left covered a column of the
handle. :class:`ReadingOrderSplitter` therefore lays its splitter out left to right and puts
the panes in the order the eye meets them: the first at the left, or at the right in a
right-to-left interface, each pane keeping the direction of the screen.

A screen open while the layout direction changes gets its panes moved over, each pane
keeping the width the counsellor gave it. A screen made again in a new interface language
(the main window's office workspace) is given its old widths back: :meth:`pane_sizes`
and :meth:`set_pane_sizes` count the panes in the order they were given, whatever the
direction."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget


class ReadingOrderSplitter(QWidget):
    """``panes`` side by side, the first at the start of the line; ``stretch`` and
    ``sizes`` are given per pane in the same order. Follows the layout direction of the
    screen that holds it, like any widget."""

    def __init__(self, panes: Sequence[QWidget], *, stretch: Sequence[int] = (),
                 sizes: Sequence[int] = (), collapsible: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._panes = list(panes)
        self._splitter = QSplitter(Qt.Horizontal)
        self._splitter.setLayoutDirection(Qt.LeftToRight)
        self._splitter.setChildrenCollapsible(collapsible)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._splitter)
        self._arrange()
        for pane, factor in zip(self._panes, stretch):
            self._splitter.setStretchFactor(self._splitter.indexOf(pane), factor)
        if sizes:
            self.set_pane_sizes(sizes)

    def pane_sizes(self) -> list[int]:
        """Each pane's width, in the order the panes were given (whatever the direction)."""
        sizes = self._splitter.sizes()
        return [sizes[self._splitter.indexOf(pane)] for pane in self._panes]

    def set_pane_sizes(self, sizes: Sequence[int]) -> None:
        """Give each pane its width, ``sizes`` in the order the panes were given (what
        :meth:`pane_sizes` returned, perhaps in the other direction)."""
        width = dict(zip(map(id, self._panes), sizes))
        self._splitter.setSizes([width[id(self._splitter.widget(i))]
                                 for i in range(self._splitter.count())])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.LayoutDirectionChange:
            self._arrange()

    def _arrange(self) -> None:
        """Put the panes in visual order. A pane the splitter holds already moves with its
        width (the splitter keeps each pane's size with the pane, not with the place)."""
        visual = self._panes[::-1] if self.isRightToLeft() else self._panes
        for index, pane in enumerate(visual):
            pane.setLayoutDirection(self.layoutDirection())
            if self._splitter.indexOf(pane) != index:
                self._splitter.insertWidget(index, pane)


__all__ = ["ReadingOrderSplitter"]
