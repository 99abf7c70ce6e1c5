"""Step 2, vulnerability screening: flags, what each requires next, and ticking those off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QPushButton,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from counsel_app.errors import UserError
from counsel_app.i18n import _, ngettext
from counsel_app.session.confidentiality import confidential_flags
from counsel_app.session.next_steps import item_key, next_step_reasons
from counsel_app.session.screening import FLAGS, strictly_confidential, suggested_flags
from counsel_app.ui import theme
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, set_text_keep_cursor
from counsel_app.waivers import service as waivers


class ScreeningStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Vulnerability screening"), _(
            "Tick what applies. Each flag lists what it requires next; tick a step when it "
            "is done. Suggestions from the intake are only hints: you decide."))
        QVBoxLayout(self).addWidget(area)
        self.suggestions = QLabel()
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setWordWrap(True)
        self.suggestions.setStyleSheet(theme.style("suggestions"))
        page.addWidget(self.suggestions)

        box = QGroupBox(_("Flags"))
        grid = QGridLayout(box)
        self.flag_boxes: dict[str, QCheckBox] = {}
        self.flag_notes: dict[str, QLineEdit] = {}
        #: the flags strictly confidential at this centre (the rule's one place decides)
        self.marked = confidential_flags(services.ctx)
        for row, (flag, (label, hint)) in enumerate(FLAGS.items()):
            secret = flag in self.marked
            check = QCheckBox(_("{flag} (strictly confidential)").format(flag=_(label))
                              if secret else _(label))
            check.setObjectName(f"flag_{flag}")
            check.setAccessibleName(_(label))
            description = _(hint)
            if secret:
                description += " " + _("Strictly confidential: never shared without the "
                                       "person's consent for that recipient.")
            check.setAccessibleDescription(description)
            check.setToolTip(description)
            note = QLineEdit()
            note.setObjectName(f"flag_note_{flag}")
            note.setAccessibleName(_("Note on “{flag}”").format(flag=_(label)))
            note.setPlaceholderText(_("note (optional)"))
            grid.addWidget(check, row, 0)
            grid.addWidget(note, row, 1)
            self.flag_boxes[flag] = check
            self.flag_notes[flag] = note
            check.toggled.connect(lambda on, f=flag: self._flag_toggled(f, on))
            note.textEdited.connect(lambda text, f=flag: self._note_edited(f, text))
        grid.setColumnStretch(1, 1)
        page.addWidget(box)

        self.confidential = QLabel(_(
            "Strictly confidential: share nothing about this case with any partner the "
            "person has not agreed to. What is marked strictly confidential never goes into "
            "a handover, a printed plan, a handout or the monitoring figures unless the "
            "person agrees to tell that office (consent 7)."))
        self.confidential.setObjectName("confidential_banner")
        self.confidential.setWordWrap(True)
        self.confidential.setStyleSheet(
            theme.style("alert"))

        self.steps_box = QGroupBox(_("Required next steps"))
        outer = QVBoxLayout(self.steps_box)
        # where the steps stand and the waivers first: the list below grows as flags are
        # ticked, and nothing sits under it to be pushed
        head = QHBoxLayout()
        self.open_state = QLabel()
        self.open_state.setObjectName("next_steps_state")
        self.open_state.setWordWrap(True)
        head.addWidget(self.open_state, 1)
        self.waive_button = QPushButton(_("Waivers (a supervisor signs)…"))
        self.waive_button.setObjectName("waive_steps")
        self.waive_button.setAccessibleName(_("Waive a required step, signed by a supervisor"))
        self.waive_button.clicked.connect(self._open_waivers)
        head.addWidget(self.waive_button, 0, Qt.AlignTop)
        outer.addLayout(head)
        self.steps_layout = QVBoxLayout()
        outer.addLayout(self.steps_layout)
        self.step_boxes: dict[str, QCheckBox] = {}
        self._waived: dict = {}
        self._facts: dict = {}
        self.note = note_edit("screening_note", _("Screening note"),
                              _("Anything else that matters for the person's safety"))
        page.addWidget(QLabel(_("Note")))
        page.addWidget(self.note)
        # the next steps, then the strictly-confidential alert, last: both appear or grow as
        # flags are ticked, and nothing sits under them to be pushed
        page.addWidget(self.steps_box)
        page.addWidget(self.confidential)
        page.addStretch(1)
        self.note.textChanged.connect(self._note_changed)
        self.reload()

    def reload(self) -> None:
        s = self.services.record.screening
        self._load_waivers()
        self._loading = True
        for flag, check in self.flag_boxes.items():
            check.setChecked(flag in s.flags)
            set_text_keep_cursor(self.flag_notes[flag], s.flags.get(flag, ""))
            self.flag_notes[flag].setEnabled(flag in s.flags)
        set_text_keep_cursor(self.note, s.note)
        self._loading = False
        self._rebuild_steps()

    def entered(self) -> None:
        facts = dict(self._facts)
        self._load_facts()  # the Departure step may have recorded one since
        if {k: f.done for k, f in facts.items()} != {k: f.done for k, f in self._facts.items()}:
            self._rebuild_steps()
        # every suggestion keeps its line, ticked ones marked ✓: the banner never shrinks
        # under the pointer while the counsellor ticks flags below it
        hints = suggested_flags(self.services.case)
        s = self.services.record.screening
        if hints:
            lines = [_("Suggested from the intake:")] + [
                f"{'✓' if h.flag in s.flags else '•'} {_(FLAGS[h.flag][0])}: {_(h.reason)}"
                for h in hints]
            self.suggestions.setText("\n".join(lines))
        self.suggestions.setVisible(bool(hints))

    def _flag_toggled(self, flag: str, on: bool) -> None:
        if self._loading:
            return
        s = self.services.record.screening
        s.set_flag(flag, on, self.flag_notes[flag].text() if on else None)
        self.flag_notes[flag].setEnabled(on)
        self._rebuild_steps()
        self.entered()
        self.services.changed("screening")

    def _note_edited(self, flag: str, text: str) -> None:
        s = self.services.record.screening
        if flag in s.flags:
            s.flags[flag] = text
            self.services.changed("screening")

    def _note_changed(self) -> None:
        if self._loading:
            return
        self.services.record.screening.note = self.note.toPlainText()
        self.services.changed("screening")

    def _rebuild_steps(self) -> None:
        s = self.services.record.screening
        while self.steps_layout.count():
            item = self.steps_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.step_boxes = {}
        required = s.required()
        if not required:
            empty = QLabel(_("No flag is set: nothing further is required."))
            self.steps_layout.addWidget(empty)
        for step in required:
            flags = ", ".join(_(FLAGS[f][0]) for f in step.flags)
            text = f"{_(step.label)}  ({flags})"
            waiver = self._waived.get(item_key(step.key))
            if waiver is not None:
                text += "\n    " + _("Waived by {user}: {reason}").format(
                    user=waiver.waived_by, reason=waiver.reason)
            fact = self._facts.get(step.key)
            if fact is not None:
                text += f"\n    {fact.text}"
            check = QCheckBox(text)
            check.setObjectName(f"step_{step.key}")
            check.setAccessibleName(_(step.label))
            if fact is not None:
                # recorded elsewhere (one fact): shown here, changed where it is recorded
                check.setChecked(fact.done)
                check.setEnabled(False)
                check.setToolTip(_("Recorded in the Departure step."))
            else:
                state = s.steps.get(step.key)
                check.setChecked(bool(state and state.done))
                check.toggled.connect(lambda on, k=step.key: self._step_toggled(k, on))
            self.steps_layout.addWidget(check)
            self.step_boxes[step.key] = check
        self.confidential.setVisible(strictly_confidential(set(s.flags), self.marked))
        self._show_open()

    def _show_open(self) -> None:
        s = self.services.record.screening
        reasons = next_step_reasons(s, self._waived.keys(),
                                    {k: f.done for k, f in self._facts.items()})
        self.open_state.setText(
            _("Before the plan is marked ready and the case handed over, each step is done "
              "or waived by a supervisor. Still open: {count}.").format(count=len(reasons))
            if reasons else (_("Every required step is done or waived.") if s.required()
                             else ""))
        self.waive_button.setVisible(bool(s.required()))

    def _load_waivers(self) -> None:
        try:
            self._waived = waivers.in_force(self.services.ctx, self.services.case)
        except UserError:
            self._waived = {}
        self._load_facts()

    def _load_facts(self) -> None:
        """The steps another step records (the escort decision, the medical clearance)."""
        from counsel_app.services.step_facts import fact_keys, step_fact

        case = self.services.case
        self._facts = {}
        if case is None or case.id is None:
            return
        for key in fact_keys():
            fact = step_fact(self.services.ctx, case, key)
            if fact is not None:
                self._facts[key] = fact

    def _open_waivers(self) -> None:
        from counsel_app.ui.waivers_dialog import open_waivers

        self.services.save_now()  # the dialog lists what is stored
        open_waivers(self, self.services.ctx, self.services.case)
        self.reload()

    def _step_toggled(self, key: str, on: bool) -> None:
        self.services.record.screening.mark_step(key, on)
        self._show_open()
        self.services.changed("screening")

    def summary(self) -> str:
        s = self.services.record.screening
        required = s.required()
        if not required:
            return ""
        facts = {k: f.done for k, f in self._facts.items()}
        done = sum(1 for r in required if (facts[r.key] if r.key in facts
                                           else bool(s.steps.get(r.key)
                                                     and s.steps[r.key].done)))
        text = ngettext("{done} of {total} step done", "{done} of {total} steps done",
                        len(required)).format(done=done, total=len(required))
        if self._waived:
            text += ", " + _("{n} waived").format(n=len(self._waived))
        return text

