"""Step 5, opportunities: matched suggestions with their reasons; add chosen ones to the plan.

Matching and the chosen list belong to the opportunities area
(:class:`counsel_app.opportunities.service.OpportunityService`); this step shows the ranked
suggestions (in the background: matching may take a moment) and adds or removes them. The
counsellor's note on this step is kept in the session (``opportunities`` part).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language, ngettext
from counsel_app.ui import messages
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, set_text_keep_cursor
from counsel_app.ui.tasks import run_task

ROLE = Qt.UserRole + 1
PAGE = 50


def _service(ctx):
    from counsel_app.opportunities.service import OpportunityService

    return OpportunityService(ctx)


class _AllLinesDelegate(QStyledItemDelegate):
    """Each suggestion tall enough for all its lines. Qt measures a line of Arabic script
    lower than it then draws it, so in the Arabic interface a suggestion lost its last
    lines to "…" (the job placement desk's "sample data, not a real offer" among them)."""

    def sizeHint(self, option, index):  # noqa: N802
        hint = super().sizeHint(option, index)
        lines = str(index.data() or "").count("\n") + 1
        hint.setHeight(max(hint.height(), lines * option.fontMetrics.height() + 4))
        return hint


class OpportunitiesStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Opportunities"), _(
            "Jobs, training and services in the place of return, best matches first, each "
            "with the reasons it matches. Add the ones the person wants to the plan."))
        QVBoxLayout(self).addWidget(area)
        self.state = QLabel()
        self.state.setObjectName("opportunities_state")
        self.state.setWordWrap(True)
        page.addWidget(self.state)
        self.busy = QProgressBar()
        self.busy.setObjectName("opportunities_busy")
        self.busy.setAccessibleName(_("Working"))
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        page.addWidget(self.busy)
        self.expired = QCheckBox(_("Include offers that have closed"))
        self.expired.setObjectName("include_expired")
        self.expired.setAccessibleName(_("Include offers that have closed"))
        page.addWidget(self.expired)
        self.list = QListWidget()
        self.list.setObjectName("opportunities")
        self.list.setAccessibleName(_("Matched opportunities"))
        self.list.setWordWrap(True)
        self.list.setItemDelegate(_AllLinesDelegate(self.list))
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(260)
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
        page.addWidget(QLabel(_("Note")))
        self.note = note_edit("opportunities_note", _("Note on opportunities"), lines=2)
        page.addWidget(self.note)
        self._loading = False
        self.add.clicked.connect(lambda: self._set_added(True))
        self.remove.clicked.connect(lambda: self._set_added(False))
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.expired.toggled.connect(lambda _on: self.entered())
        self.note.textChanged.connect(self._note_changed)
        self.chosen_count = 0
        self.reload()

    def reload(self) -> None:
        self._loading = True
        set_text_keep_cursor(self.note, self.services.record.opportunities.note)
        self._loading = False

    def entered(self) -> None:
        case = self.services.case
        if not case.return_country:
            self.list.clear()
            self.state.setText(_("Choose the country of return at the intake to see "
                                 "opportunities there."))
            self._update_buttons()
            return
        ctx, include = self.services.ctx, self.expired.isChecked()
        self.state.setText(_("Matching…"))
        run_task(self, lambda: _service(ctx).suggest(case, include_expired=include, limit=PAGE),
                 self._show, self._failed, progress=self.busy)

    def _failed(self, exc) -> None:
        self.list.clear()
        self.state.setText(str(exc) if isinstance(exc, UserError) else "")
        if not isinstance(exc, UserError):
            messages.show_exception(self, exc)
        self._update_buttons()

    def _show(self, page) -> None:
        lang = interface_language()
        current = self.list.currentItem().data(ROLE) if self.list.currentItem() else None
        self.list.clear()
        self.chosen_count = 0
        for s in page.items:
            opp = s.opportunity
            marks = []
            if s.chosen:
                marks.append("✔ " + _("in the plan"))
                self.chosen_count += 1
            if opp.is_sample:
                marks.append(_("SAMPLE"))
            head = opp.title(lang)
            if marks:
                head += "   [" + " · ".join(marks) + "]"
            place = ", ".join(p for p in (opp.town, opp.provider_name) if p)
            lines = [head] + ([place] if place else []) + [
                ("+ " if r.effect > 0 else "– " if r.effect < 0 else "· ") + r.text(lang)
                for r in s.reasons]
            item = QListWidgetItem("\n".join(lines))
            item.setData(ROLE, (opp.id, s.chosen))
            item.setData(Qt.AccessibleTextRole, head)
            self.list.addItem(item)
            if current and current[0] == opp.id:
                self.list.setCurrentItem(item)
        if not page.items:
            self.state.setText(_("No opportunity in the catalogue for this country yet. "
                                 "Import your organisation's list with Tools > Import "
                                 "opportunities… (the sample set is there too, marked "
                                 "sample)."))
        else:
            self.state.setText(ngettext("{shown} of {total} opportunity, best matches first.",
                                        "{shown} of {total} opportunities, best matches first.",
                                        page.total).format(shown=len(page.items),
                                                           total=page.total))
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        chosen = item.data(ROLE)[1] if item else None
        self.add.setEnabled(item is not None and not chosen)
        self.remove.setEnabled(item is not None and bool(chosen))

    def _set_added(self, on: bool) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        opp_id = item.data(ROLE)[0]
        service = _service(self.services.ctx)
        try:
            if on:
                service.add_to_plan(self.services.case, opp_id)
            else:
                service.remove_from_plan(self.services.case, opp_id)
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc)
            return
        self.entered()

    def _note_changed(self) -> None:
        if self._loading:
            return
        self.services.record.opportunities.note = self.note.toPlainText()
        self.services.changed("opportunities")

    def summary(self) -> str:
        return _("{n} in the plan").format(n=self.chosen_count) if self.chosen_count else ""
