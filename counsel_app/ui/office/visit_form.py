"""The survey visit form of the office workspace, and the list of visits with their answers.

The form is autosaved (encrypted, :func:`counsel_app.followup.office.save_draft`) a moment
after each change, so a power cut loses nothing; it is cleared once the visit is recorded.
A recorded visit opened to complete or correct it is kept the same way
(:func:`~counsel_app.followup.office.save_edit_draft`): the caseworker who picks another
case or closes the program finds the change as it was typed, still to be saved, and the
new visit typed before it comes back once the change is saved or cancelled. Opening another
visit, or "Cancel the change", while the change is not saved asks Save / Discard / Cancel
(:func:`~counsel_app.followup.office.unsaved_change` says whether there is one); the
question before deleting that visit says the change goes with it, and the deletion brings
the form back to a new visit, saying so.
Each answer shows the indicator's wording and the scale's anchors in the interface
language. The rules (scoring, duplicates, dates) are the service's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counsel_app.documents.bidi import isolate
from counsel_app.errors import UserError
from counsel_app.followup import office, rss
from counsel_app.followup.service import VISIT_TYPES, FollowupService
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.dates import show_date
from counsel_app.i18n.formatting import (
    format_integer,
    format_percent,
    format_score,
    list_separator,
)
from counsel_app.session.assessment import DIMENSIONS, SCALE_LABELS
from counsel_app.ui.date_field import DateField, retype_date, typed_date
from counsel_app.ui.steps.common import error_label, show_error

AUTOSAVE_MS = 600


def answer_text(value: int) -> str:
    return _("{score} ({anchor})").format(score=value, anchor=_(SCALE_LABELS[value]))


def fmt(value: float | None) -> str:
    """A score as the interface language writes numbers ("0.20", "0,20"; "–": none)."""
    return format_score(value, interface_language())


def share_text(share: float) -> str:
    """A share of the indicators answered ("20%", "20 %")."""
    return format_percent(share, interface_language())


@dataclass(frozen=True)
class VisitEdit:
    """A recorded visit open in the form as it is typed (not saved): a change of the
    interface language makes the form again and opens it with this."""

    uid: str
    scores: dict[str, int]
    visit_type: str
    visit_date: date | str  # as understood, or the text not understood
    people: str
    note: str


class VisitForm(QWidget):
    """Type, date, people present, note and the 15 answers; records or saves an edit."""

    changed = Signal()  # a visit was recorded, changed or deleted

    def __init__(self, ctx, reference: str, parent=None):
        super().__init__(parent)
        self.ctx, self.reference = ctx, reference
        self.service = FollowupService(ctx)
        self.editing: str | None = None
        self._loading = False
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.visit_type = QComboBox()
        self.visit_type.setObjectName("office_visit_type")
        for key, label in VISIT_TYPES.items():
            self.visit_type.addItem(_(label), key)
        # what is wrong with the date shows in the form's own line, by the record button (a
        # line under the date would push the 15 answers down and the button off a laptop's
        # screen)
        self.visit_date = DateField("office_visit_date", _("Date of the visit"), required=True,
                                    maximum=date.today(), message_line=False)
        self.visit_date.setDate(date.today())
        self.people = QLineEdit()
        self.people.setObjectName("office_visit_people")
        self.note = QPlainTextEdit()
        self.note.setObjectName("office_visit_note")
        self.note.setMaximumHeight(60)
        for label, widget in ((_("Kind of visit"), self.visit_type),
                              (_("Date of the visit"), self.visit_date),
                              (_("People present"), self.people), (_("Note"), self.note)):
            if widget is not self.visit_date:  # its line edit has the name
                widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.scores: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for column, (dim, dim_label) in enumerate(DIMENSIONS.items()):
            box = QGroupBox(_(dim_label))
            box_grid = QGridLayout(box)
            box_grid.setColumnStretch(0, 1)
            for row, ind in enumerate(i for i in rss.INDICATORS if i.dimension == dim):
                combo = QComboBox()
                combo.setObjectName(f"office_score_{ind.key}")
                combo.setAccessibleName(_(ind.label))
                combo.addItem(_("– not asked"), 0)
                for value in range(rss.SCALE[0], rss.SCALE[1] + 1):
                    combo.addItem(answer_text(value), value)
                combo.currentIndexChanged.connect(self._touched)
                text = QLabel(_(ind.label))
                text.setWordWrap(True)
                text.setBuddy(combo)
                box_grid.addWidget(text, row, 0)
                box_grid.addWidget(combo, row, 1)
                self.scores[ind.key] = combo
            grid.addWidget(box, 0, column)
        layout.addLayout(grid)
        row = QHBoxLayout()
        self.share = QLabel()
        self.share.setObjectName("office_visit_share")
        row.addWidget(self.share, 1)
        self.cancel_button = QPushButton(_("Cancel the change"))
        self.cancel_button.setObjectName("office_visit_cancel")
        self.cancel_button.clicked.connect(self.cancel_change)
        row.addWidget(self.cancel_button)
        self.record_button = QPushButton()
        self.record_button.setObjectName("office_record_visit")
        self.record_button.clicked.connect(self.record)
        row.addWidget(self.record_button)
        layout.addLayout(row)
        self.error = error_label("office_visit_error")
        layout.addWidget(self.error)
        self.visit_date.problemChanged.connect(
            lambda text: show_error(self.error, text))
        for signal in (self.visit_type.currentIndexChanged, self.visit_date.dateChanged,
                       self.people.textChanged, self.note.textChanged):
            signal.connect(self._touched)
        self._restore_draft()
        self._update()

    # -- values ------------------------------------------------------------------------
    def values(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.scores.items() if c.currentData()}

    def _set(self, scores: dict, visit_type: str, day, people: str, note: str) -> None:
        self._loading = True
        try:
            for key, combo in self.scores.items():
                combo.setCurrentIndex(max(0, combo.findData(int(scores.get(key) or 0))))
            self.visit_type.setCurrentIndex(max(0, self.visit_type.findData(visit_type)))
            retype_date(self.visit_date, day or date.today())
            self.people.setText(people)
            self.note.setPlainText(note)
        finally:
            self._loading = False
        self._update()

    def _restore_draft(self) -> None:
        """The form as it was left: a recorded visit being changed, or else the new visit's
        draft."""
        draft = office.load_edit_draft(self.ctx, self.reference)
        if draft and any(v.uid == draft["visit"]
                         for v in self.service.summary(self.reference).visits):
            self.editing = draft["visit"]
        else:
            draft = office.load_draft(self.ctx, self.reference)
        if draft:
            self._set(draft["scores"], draft["type"], draft["date"], draft["people"],
                      draft["note"])

    def _touched(self, *_args) -> None:
        self._update()
        if not self._loading:
            self.autosave.start()

    def _update(self) -> None:
        answered = len(self.values())
        lang = interface_language()
        self.share.setText(_("Answered: {answered} of {total} indicators ({share})")
                           .format(answered=format_integer(answered, lang),
                                   total=format_integer(len(rss.INDICATORS), lang),
                                   share=share_text(answered / len(rss.INDICATORS))))
        self.record_button.setText(_("Save the &changes") if self.editing
                                   else _("Record the &visit"))
        self.cancel_button.setVisible(self.editing is not None)

    def save_draft(self) -> None:
        """Keep the form as typed: a new visit's draft, or the change to a recorded visit
        (the date as last understood)."""
        # a role that may not change cases (a supervisor reading) keeps no draft
        if not self.ctx.allows("cases.write"):
            return
        day = typed_date(self.visit_date)  # typed, perhaps not read yet (still in the field)
        fields = (self.values(), day if isinstance(day, date) else self.visit_date.date(),
                  self.visit_type.currentData(), self.people.text(), self.note.toPlainText())
        if self.editing is None:
            office.save_draft(self.ctx, self.reference, *fields)
        else:
            office.save_edit_draft(self.ctx, self.reference, self.editing, *fields)

    # -- actions -----------------------------------------------------------------------
    def edit(self, visit) -> None:
        """Open a recorded visit in the form, to complete or correct it; a change to the
        visit open before it, not saved yet, is saved or discarded first as the caseworker
        says (or the form stays on it). The visit open already stays as typed."""
        if visit.uid == self.editing or not self.leave_edit(visit):
            return
        self.resume_edit(VisitEdit(visit.uid, visit.scores, visit.visit_type or "home",
                                   visit.visit_date, visit.people, visit.note))

    def unsaved_change(self, visit=None):
        """The recorded visit open in the form (``visit``, if given, only when it is the
        one open) when what is typed differs from it; None when nothing is to be saved."""
        if self.editing is None or (visit is not None and visit.uid != self.editing):
            return None
        recorded = next((v for v in self.service.summary(self.reference).visits
                         if v.uid == self.editing), None)
        if recorded is None or not office.unsaved_change(
                recorded, self.values(), typed_date(self.visit_date),
                self.visit_type.currentData(), self.people.text(), self.note.toPlainText()):
            return None
        return recorded

    def cancel_change(self) -> None:
        """"Cancel the change": back to a new visit, after Save / Discard / Cancel when the
        change is not saved (Cancel keeps the form on it, as typed)."""
        if self.leave_edit() and self.editing is not None:
            self.clear()  # nothing was changed

    def leave_edit(self, other=None) -> bool:
        """Before the form shows something else (the visit ``other``, or else a new visit):
        the recorded visit open in it, with a change not saved, asks Save / Discard /
        Cancel. True when the form may move on (nothing to save, saved, or discarded);
        False to stay on the change."""
        from counsel_app.ui import messages

        recorded = self.unsaved_change()
        if recorded is None:
            return True
        lang = interface_language()
        text = _("The change to the visit of {date} is not saved yet.").format(
            date=show_date(recorded.visit_date, lang))
        if other is not None:
            text += " " + _("Save it before opening the visit of {date}?").format(
                date=show_date(other.visit_date, lang))
        else:
            text += " " + _("Save it before the form goes back to a new visit?")
        choice = messages.choose(self, text, [("save", _("&Save the change")),
                                              ("discard", _("&Discard the change")),
                                              ("cancel", _("Cancel"))],
                                 title=_("Change not saved"))
        if choice == "save":
            return self.record()  # refused: the form stays on it, saying why
        if choice == "discard":
            self.clear()  # the visit as recorded; the change's draft goes
            return True
        return False

    def visit_deleted(self, visit) -> None:
        """``visit`` was deleted: if it is the one open in the form, the form goes back to a
        new visit (the one typed before, if any) and says so."""
        if visit.uid != self.editing:
            return
        self.clear()
        show_error(self.error, _("The visit of {date} that was open here was deleted; the "
                                 "form is back to a new visit.").format(
            date=show_date(visit.visit_date, interface_language())))

    def edit_in_progress(self) -> VisitEdit | None:
        """The recorded visit open in the form, with what is typed; None for a new visit
        (its draft is saved instead)."""
        if self.editing is None:
            return None
        return VisitEdit(self.editing, self.values(), self.visit_type.currentData(),
                         typed_date(self.visit_date), self.people.text(),
                         self.note.toPlainText())

    def resume_edit(self, edit: VisitEdit) -> None:
        """Open ``edit`` (a recorded visit, as it was typed) in the form."""
        if self.autosave.isActive():  # what was typed last is kept before it is replaced
            self.autosave.stop()
            self.save_draft()
        self.editing = edit.uid
        self._set(edit.scores, edit.visit_type, edit.visit_date, edit.people, edit.note)

    def clear(self) -> None:
        """An empty new visit; after a change to a recorded visit (saved or cancelled),
        the new visit typed before it."""
        self.autosave.stop()
        if self.editing is not None and self.ctx.allows("cases.write"):
            office.clear_edit_draft(self.ctx, self.reference)  # cancelled: not kept
        self.editing = None
        self._set({}, "home", None, "", "")
        self._restore_draft()
        show_error(self.error, "")

    def record(self) -> bool:
        """Record the new visit or save the change; False when refused (the form says
        why and keeps what is typed)."""
        self.autosave.stop()
        if not self.visit_date.commit():  # what is wrong with the date, nothing recorded
            show_error(self.error, self.visit_date.error())
            self.visit_date.edit.setFocus()
            return False
        args = (self.reference, self.values(), self.visit_date.date(),
                self.visit_type.currentData(), self.people.text(), self.note.toPlainText())
        try:
            if self.editing:
                self.service.edit_visit(args[0], self.editing, *args[1:])
            else:
                self.service.record_visit(*args, from_draft=True)
        except UserError as exc:
            show_error(self.error, str(exc))
            return False
        self.clear()
        self.changed.emit()
        return True


class VisitList(QWidget):
    """The visits recorded, newest first, each with its answers (wording and anchor).

    ``unsaved_change`` (a visit -> whether a change to it is typed and not saved; the
    form's :meth:`VisitForm.unsaved_change`) lets the question before a deletion say that
    such a change goes with the visit."""

    edit_requested = Signal(object)
    deleted = Signal(object)  # the visit deleted (before ``changed``)
    changed = Signal()

    def __init__(self, ctx, reference: str, parent=None):
        super().__init__(parent)
        self.service = FollowupService(ctx)
        self.reference = reference
        self.visits = []
        self.unsaved_change = lambda visit: False
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setObjectName("office_visits")
        self.tree.setHeaderLabels([_("Visit"), _("Answer")])
        self.tree.setAccessibleName(_("Visits recorded"))
        self.tree.setColumnWidth(0, 320)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.edit_button = QPushButton(_("&Edit or complete"))
        self.edit_button.setObjectName("office_visit_edit")
        self.edit_button.clicked.connect(self._edit)
        self.delete_button = QPushButton(_("&Delete"))
        self.delete_button.setObjectName("office_visit_delete")
        self.delete_button.clicked.connect(self._delete)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = error_label("office_visits_error")
        layout.addWidget(self.error)

    def set_visits(self, visits) -> None:
        self.visits = list(reversed(visits))
        self.tree.clear()
        lang = interface_language()
        separator = list_separator(lang)
        for visit in self.visits:
            result = visit.result
            head = QTreeWidgetItem([
                _("{date} — {kind}").format(
                    date=show_date(visit.visit_date, lang),
                    kind=_(VISIT_TYPES.get(visit.visit_type, VISIT_TYPES["home"]))),
                # people and note each isolated, after the language's separator: a Latin
                # name keeps its place in an Arabic line
                _("{answered} of 15 answered ({share}); overall {overall}").format(
                    answered=format_integer(result.answered, lang),
                    share=share_text(result.share), overall=fmt(result.overall))
                + "".join(separator + isolate(x) for x in (visit.people, visit.note) if x)])
            for ind in rss.INDICATORS:
                value = visit.scores.get(ind.key)
                QTreeWidgetItem(head, [_(ind.label),
                                       answer_text(value) if value else _("– not asked")])
            self.tree.addTopLevelItem(head)
        if self.visits:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.edit_button.setEnabled(bool(self.visits))
        self.delete_button.setEnabled(bool(self.visits))

    def selected(self):
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        return self.visits[self.tree.indexOfTopLevelItem(item)]

    def _edit(self) -> None:
        visit = self.selected()
        if visit is not None:
            self.edit_requested.emit(visit)

    def _delete(self) -> None:
        from counsel_app.ui import messages

        visit = self.selected()
        if visit is None:
            return
        question = _("Delete the visit of {date}? It is kept in the case's history.").format(
            date=show_date(visit.visit_date, interface_language()))
        if self.unsaved_change(visit):
            question += " " + _("The change to it typed in the form and not saved yet is "
                                "discarded with it.")
        if not messages.ask(self, question):
            return
        try:
            self.service.delete_visit(self.reference, visit.uid)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.deleted.emit(visit)
        self.changed.emit()
