"""Step 5, opportunities: matched suggestions with reasons; add chosen ones to the plan.

The matching comes from the opportunities area through :data:`MATCHER`
(``matcher(ctx, case, record) -> list[Suggestion]``); until it is plugged in the step says
so plainly. Added opportunities are recorded in the session (``opportunities`` part) for
the plan step to pick up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.i18n import _
from counsel_app.session.record import now_iso
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, set_text_keep_cursor


@dataclass(frozen=True)
class Suggestion:
    id: str
    title: str
    reasons: tuple[str, ...]  # translated sentences: why it matches
    is_sample: bool = False


MATCHER: Callable[..., list[Suggestion]] | None = None
ROLE = Qt.UserRole + 1


class OpportunitiesStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Opportunities"), _(
            "Jobs, training and services in the place of return that match the person's "
            "skills and needs. Add the ones the person wants to the plan."))
        QVBoxLayout(self).addWidget(area)
        self.state = QLabel()
        self.state.setObjectName("opportunities_state")
        self.state.setWordWrap(True)
        page.addWidget(self.state)
        self.list = QListWidget()
        self.list.setObjectName("opportunities")
        self.list.setAccessibleName(_("Matched opportunities"))
        self.list.setWordWrap(True)
        page.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add = QPushButton(_("Add to the plan"))
        self.add.setObjectName("add_to_plan")
        self.add.setAccessibleName(_("Add the selected opportunity to the plan"))
        self.remove = QPushButton(_("Remove from the plan"))
        self.remove.setObjectName("remove_from_plan")
        self.remove.setAccessibleName(_("Remove the selected opportunity from the plan"))
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        page.addLayout(row)
        self.note = note_edit("opportunities_note", _("Note on opportunities"), lines=2)
        page.addWidget(self.note)
        self._loading = False
        self.add.clicked.connect(lambda: self._set_added(True))
        self.remove.clicked.connect(lambda: self._set_added(False))
        self.note.textChanged.connect(self._note_changed)
        self.reload()

    def reload(self) -> None:
        self._loading = True
        set_text_keep_cursor(self.note, self.services.record.opportunities.note)
        self._loading = False

    def entered(self) -> None:
        self.list.clear()
        if MATCHER is None:
            self.state.setText(_("Matching opportunities is not available in this version "
                                 "yet."))
            self.add.setEnabled(False)
            self.remove.setEnabled(False)
            return
        suggestions = MATCHER(self.services.ctx, self.services.case, self.services.record)
        self.state.setText("" if suggestions else _("No opportunity matches yet."))
        added = self.services.record.opportunities.added
        for s in suggestions:
            mark = "✔ " if s.id in added else ""
            sample = f" [{_('SAMPLE')}]" if s.is_sample else ""
            item = QListWidgetItem(f"{mark}{s.title}{sample}\n  " + "\n  ".join(s.reasons))
            item.setData(ROLE, s.id)
            self.list.addItem(item)
        self.add.setEnabled(bool(suggestions))
        self.remove.setEnabled(bool(suggestions))

    def _set_added(self, on: bool) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        added = self.services.record.opportunities.added
        if on:
            added.setdefault(item.data(ROLE), now_iso())
        else:
            added.pop(item.data(ROLE), None)
        self.services.changed("opportunities")
        row = self.list.currentRow()
        self.entered()
        self.list.setCurrentRow(row)

    def _note_changed(self) -> None:
        if self._loading:
            return
        self.services.record.opportunities.note = self.note.toPlainText()
        self.services.changed("opportunities")

    def summary(self) -> str:
        n = len(self.services.record.opportunities.added)
        return _("{n} in the plan").format(n=n) if n else ""
