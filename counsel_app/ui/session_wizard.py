"""The session wizard: a step list with progress, the steps, back/next, and autosave.

Nothing is lost: each step writes every edit into the plain data at once and asks for a
save; the :class:`Autosaver` writes the changed parts after a short pause (≤ 1 s), and at
once when the step changes, the focus leaves a field, the case is closed or the window
closes. Reopening a case resumes at the step where it stopped. When someone else saved the
same case or step in between, the user chooses: keep mine or take theirs.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counsel_app.domain.case import Case
from counsel_app.errors import UserError, ValidationError
from counsel_app.i18n import _, interface_language, ngettext
from counsel_app.i18n.formatting import format_time
from counsel_app.session.decision import start_counselling
from counsel_app.session.store import SessionConflict, SessionStore, audit_sitting
from counsel_app.storage.cases import CaseConflict
from counsel_app.ui import theme
from counsel_app.ui import messages
from counsel_app.ui.session_steps import SessionStep, StepServices, ordered_steps

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600  # well under the one second a power cut may cost


class CaseHolder(QObject):
    """The open case and its session record (plain data the steps edit in place).
    ``case_changed`` fires whenever the case is replaced (saved, a status changed by a
    service, "take theirs"): the header and the step list follow it, never a stale copy."""

    case_changed = Signal()

    def __init__(self, ctx, case: Case, store: SessionStore, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._case = case
        self.store = store
        self.record = store.load(case.id, case.reference)

    @property
    def case(self) -> Case:
        return self._case

    @case.setter
    def case(self, value: Case) -> None:
        self._case = value
        self.case_changed.emit()


class Autosaver(QObject):
    saved = Signal(str)  # status line
    reloaded = Signal()  # data replaced by "take theirs"

    def __init__(self, holder: CaseHolder, parent_widget: QWidget, delay_ms: int = AUTOSAVE_MS):
        super().__init__(parent_widget)
        self.holder = holder
        self.parent_widget = parent_widget
        self.dirty: set[str] = set()
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self.flush)
        self._flushing = False
        self.parts_saved: set[str] = set()

    def changed(self, part: str) -> None:
        self.dirty.add(part)
        self.timer.start()

    def flush(self) -> None:
        """Save every changed part now."""
        self.timer.stop()
        if self._flushing or not self.dirty:
            return
        self._flushing = True
        try:
            for part in sorted(self.dirty, key=lambda p: (p != "case", p)):
                self.dirty.discard(part)
                self._save(part)
        finally:
            self._flushing = False
        at = format_time(datetime.now(), interface_language(), format="medium")
        self.saved.emit(_("Saved at {time}").format(time=at))

    def _save(self, part: str, overwrite: bool = False) -> None:
        h = self.holder
        try:
            if part == "case":
                h.case = h.ctx.cases.save(h.case, overwrite=overwrite)
            else:
                h.store.save_part(h.record, part, overwrite=overwrite)
                if part != "progress":
                    self.parts_saved.add(part)
        except CaseConflict as conflict:
            self._resolve(part, conflict, conflict.theirs)
        except SessionConflict as conflict:
            self._resolve(part, conflict, conflict.theirs)
        except ValidationError as exc:
            log.info("case %s not saved: invalid %s", h.case.reference, exc.field)
            self.saved.emit(str(exc))
        except UserError as exc:
            self.saved.emit(str(exc))

    def _resolve(self, part: str, conflict, theirs) -> None:
        choice = messages.choose(
            self.parent_widget, str(conflict),
            [("mine", _("Keep mine")), ("theirs", _("Take theirs"))],
            title=_("Changed elsewhere"))
        if choice == "mine":
            if part == "case":  # their status and decision stand: only services move those
                self.holder.case.status = theirs.status
                self.holder.case.decision = theirs.decision
            self._save(part, overwrite=True)
            return
        if part == "case":
            self.holder.case = theirs
        else:
            self.holder.store.take_theirs(self.holder.record, conflict)
        self.reloaded.emit()


class SessionWizard(QWidget):
    """One open case: step list (progress) on the side, the current step, back/next."""

    closed = Signal()

    def __init__(self, ctx, case: Case, store: SessionStore | None = None, prefs=None,
                 parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.holder = CaseHolder(ctx, case, store or _scoped_store(ctx), self)
        self.autosaver = Autosaver(self.holder, self)
        # every summary (header, step list, counters) follows the same change as the data:
        # a data change asks for one refresh, done once the event loop is free
        self._summaries = QTimer(self, singleShot=True, interval=0)
        self._summaries.timeout.connect(self._after_save)
        self.holder.case_changed.connect(self._summaries.start)
        self.services = StepServices(ctx, self.holder, self._changed,
                                     self.autosaver.flush, prefs)
        #: a step that replaced ``holder.case`` (a service changed its status) calls this
        self.services.extras["case_replaced"] = self._after_save
        self.specs = ordered_steps()
        self.widgets: dict[str, SessionStep] = {}

        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("case_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        header.addWidget(self.title, 1)
        self.sample_badge = QLabel(_("SAMPLE"))
        self.sample_badge.setObjectName("sample_badge")
        self.sample_badge.setAccessibleName(_("Sample case: fictional, for training"))
        self.sample_badge.setToolTip(_("Fictional sample case for training; not a real person."))
        self.sample_badge.setStyleSheet(
            theme.style("sample_badge") + "padding: 3px 10px; border-radius: 4px;")
        header.addWidget(self.sample_badge)
        self.save_state = QLabel()
        self.save_state.setObjectName("save_state")
        self.save_state.setAccessibleName(_("Save state"))
        header.addWidget(self.save_state)
        outer.addLayout(header)
        self.read_only = not ctx.allows("cases.write")
        if self.read_only:
            banner = QLabel(_("Read only: your role can look at this case but not change it."))
            banner.setObjectName("read_only_banner")
            banner.setWordWrap(True)
            banner.setStyleSheet(theme.style("info_banner"))
            outer.addWidget(banner)

        body = QHBoxLayout()
        side = QVBoxLayout()
        self.step_list = QListWidget()
        self.step_list.setObjectName("step_list")
        self.step_list.setAccessibleName(_("Session steps"))
        self.step_list.setFixedWidth(250)
        side.addWidget(self.step_list, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("session_progress")
        self.progress.setAccessibleName(_("Session progress"))
        self.progress.setRange(0, len(self.specs))
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.setFixedWidth(250)
        side.addWidget(self.progress)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("session_progress_text")
        side.addWidget(self.progress_label)
        body.addLayout(side)
        right = QVBoxLayout()
        self.stack = QStackedWidget()
        self.stack.setObjectName("step_stack")
        right.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.back = QPushButton(_("← Back"))
        self.back.setObjectName("back")
        self.back.setAccessibleName(_("Previous step"))
        self.next = QPushButton(_("Next →"))
        self.next.setObjectName("next")
        self.next.setAccessibleName(_("Next step"))
        self.position = QLabel()
        self.position.setObjectName("step_position")
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.position)
        nav.addStretch(1)
        nav.addWidget(self.next)
        right.addLayout(nav)
        body.addLayout(right, 1)
        outer.addLayout(body, 1)

        for spec in self.specs:
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.UserRole, spec.key)
            self.step_list.addItem(item)
            self.stack.addWidget(QWidget())  # real widget made on first visit

        self.step_list.currentRowChanged.connect(self._go)
        self.back.clicked.connect(self.go_previous)
        self.next.clicked.connect(self.go_next)
        self.autosaver.saved.connect(self.save_state.setText)
        self.autosaver.saved.connect(lambda _text: self._after_save())
        self.autosaver.reloaded.connect(self._reload_all)
        QApplication.instance().focusChanged.connect(self._focus_changed)

        if self.read_only:
            self.stack.setEnabled(False)  # steps are shown, not editable
        else:
            self._start_counselling()
        self._update_header()
        progress = self.holder.record.progress
        keys = [s.key for s in self.specs]
        start = keys.index(progress.last_step) if progress.last_step in keys else 0
        self.step_list.setCurrentRow(start)

    # -- navigation ---------------------------------------------------------------------------
    def current_key(self) -> str:
        row = self.step_list.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else ""

    def _changed(self, part: str) -> None:
        """A step changed ``part`` of the case: save soon, and refresh the summaries now."""
        self.autosaver.changed(part)
        self._summaries.start()

    def step_widget(self, key: str) -> SessionStep:
        if key not in self.widgets:
            index = [s.key for s in self.specs].index(key)
            spec = self.specs[index]
            widget = spec.factory(self.services)
            widget.summary_changed.connect(self._summaries.start)
            widget.setObjectName(f"step_{key}")
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.widgets[key] = widget
        return self.widgets[key]

    def go_to(self, key: str) -> None:
        keys = [s.key for s in self.specs]
        self.step_list.setCurrentRow(keys.index(key))

    def go_next(self) -> None:
        row = self.step_list.currentRow()
        if row < len(self.specs) - 1:
            self.step_list.setCurrentRow(row + 1)

    def go_previous(self) -> None:
        row = self.step_list.currentRow()
        if row > 0:
            self.step_list.setCurrentRow(row - 1)

    def _go(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        previous = getattr(self, "_current_widget", None)
        key = self.specs[row].key
        if previous is not None and previous is not self.widgets.get(key) \
                and not previous.leaving():
            self.step_list.blockSignals(True)
            self.step_list.setCurrentRow(self.stack.indexOf(previous))  # stay there
            self.step_list.blockSignals(False)
            return
        if previous is not None:
            previous.flush()
        widget = self.step_widget(key)
        self.stack.setCurrentWidget(widget)
        self._current_widget = widget
        widget.entered()
        progress = self.holder.record.progress
        progress.last_step = key
        if key not in progress.visited:
            progress.visited.append(key)
        if not self.read_only:
            self.autosaver.changed("progress")
            self.autosaver.flush()  # a step change saves at once
        self.back.setEnabled(row > 0)
        self.next.setEnabled(row < len(self.specs) - 1)
        self.position.setText(_("Step {n} of {total}").format(n=row + 1, total=len(self.specs)))
        self._refresh_step_list()

    def _refresh_step_list(self) -> None:
        visited = set(self.holder.record.progress.visited)
        for row, spec in enumerate(self.specs):
            item = self.step_list.item(row)
            text = f"{row + 1}. {_(spec.title)}"
            widget = self.widgets.get(spec.key)
            summary = widget.summary() if widget is not None else ""
            if summary:
                text += f"\n    {summary}"
            mark = "✓ " if spec.key in visited else "   "
            item.setText(mark + text)
            item.setData(Qt.AccessibleTextRole, text)
        done = len(visited & {s.key for s in self.specs})
        self.progress.setValue(done)
        text = ngettext("{done} of {total} step visited", "{done} of {total} steps visited",
                        len(self.specs)).format(done=done, total=len(self.specs))
        self.progress_label.setText(text)
        self.progress.setAccessibleDescription(text)

    # -- saving -------------------------------------------------------------------------------
    def _focus_changed(self, old, _new) -> None:
        if old is not None and self.autosaver.dirty and self.isAncestorOf(old):
            self.autosaver.flush()

    def flush(self) -> None:
        for widget in self.widgets.values():
            widget.flush()
        self.autosaver.flush()

    def _start_counselling(self) -> None:
        try:
            self.holder.case = start_counselling(self.ctx, self.holder.case)
        except UserError as exc:
            self.save_state.setText(str(exc))

    def _after_save(self) -> None:
        self._update_header()
        self._refresh_step_list()

    def _reload_all(self) -> None:
        for widget in self.widgets.values():
            widget.reload()
        self._update_header()

    def _update_header(self) -> None:
        case = self.holder.case
        from counsel_app.documents.people import name_text

        name = (name_text(case.person.name_latin, case.person.name_native,
                          interface_language()) or _("(no name)"))
        status = _(case.status.label)
        if case.decision:
            status = f"{status}: {_(case.decision.label)}"
        self.title.setText(f"{case.reference} — {name} — {status}")
        self.sample_badge.setVisible(case.is_sample)

    def arrangement(self) -> dict[str, Any]:
        """What the steps show beyond their data (:meth:`SessionStep.arrangement`), by step."""
        return {key: left for key, widget in self.widgets.items()
                if (left := widget.arrangement()) is not None}

    def arrange(self, arrangement: dict[str, Any]) -> None:
        """Give each step what :meth:`arrangement` kept of it (on the wizard made before a
        change of the interface language)."""
        keys = {spec.key for spec in self.specs}
        for key, left in arrangement.items():
            if key in keys:
                self.step_widget(key).arrange(left)

    def close_case(self) -> None:
        self.flush()
        for dialog in self.findChildren(QDialog):  # a window opened from a step
            if dialog.isVisible():
                dialog.close()
        saved = self.autosaver.parts_saved
        audit_sitting(self.ctx, self.holder.case.reference, saved)  # one event per sitting
        saved.clear()
        try:
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
        except (RuntimeError, TypeError):
            pass
        self.closed.emit()

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        self._update_header()


def _scoped_store(ctx) -> SessionStore:
    """The session store seen through the signed-in user's role and case scope."""
    from counsel_app.security.scoped import ScopedSessionStore

    return ScopedSessionStore(ctx)
