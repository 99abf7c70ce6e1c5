"""The consent step's rows: one per consent (for sharing, one per recipient), with
the text version shown, the recipient (a trusted office or typed), the answer; and the
choices read back from them. Layout and wiring only (the rules: :mod:`counsel_app.consent`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)
from PySide6.QtCore import Qt

from counsel_app import consent
from counsel_app.consent import (
    Choice,
    Purpose,
)
from counsel_app.consent.rules import office_in, office_in_name
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language
from counsel_app.i18n.names import language_name


YES, NO, NOT_ASKED = 1, 0, 2


def trusted_offices(ctx) -> list[tuple[str, str, str]]:
    """(fingerprint, name, fingerprint to read aloud) of the offices this station trusts
    for handover: the consent to share names them by their key fingerprint."""
    from counsel_app.handover.keys import KeyStore, spoken

    return [(k.fingerprint, k.name, spoken(k.fingerprint))
            for k in KeyStore(ctx).list_trusted() if k.role == "office" and not k.revoked]


@dataclass
class _Row:
    """The widgets of one consent (for sharing: one recipient)."""

    purpose: Purpose
    group: QButtonGroup
    title: QLabel
    text: QLabel
    version: QLabel
    recipient_id: QLineEdit | None = None
    recipient_name: QLineEdit | None = None
    box: QGroupBox | None = None
    text_id: int | None = None  # the version shown, recorded with the answer
    office: QComboBox | None = None  # a trusted office (fingerprint = recipient id)

    def answer(self) -> int:
        checked = self.group.checkedId()
        return NOT_ASKED if checked < 0 else checked


class ConsentRows:
    """The rows of :class:`counsel_app.ui.consent_step.ConsentStep` (mixed into it)."""

    @staticmethod
    def _line(name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    def _add_row(self, purpose: Purpose) -> _Row:
        index = len([r for r in self.rows if r.purpose is purpose])
        suffix = f"{purpose.value}_{index}" if purpose.needs_recipient else purpose.value
        box = QGroupBox(f"({purpose.number}) {_(purpose.label)}")
        box.setObjectName(f"consent_item_{suffix}")
        bl = QVBoxLayout(box)
        recipient_id = recipient_name = office = None
        # the sharing rows keep their names; consent 7's recipient fields are its own
        names = "" if purpose is Purpose.SHARE_WITH_RECIPIENT else f"{purpose.value}_"
        if purpose.needs_recipient:
            office = QComboBox()
            office.setObjectName(f"consent_{names}recipient_office_{index}")
            office.setAccessibleName(_("Trusted office"))
            office.setAccessibleDescription(_(
                "Choose an office whose key this station trusts: its key fingerprint becomes "
                "the recipient id, so a handover package can be sent to it. Or type another "
                "office or partner in the fields below."))
            self._fill_offices(office)
            bl.addWidget(office)
            line = QHBoxLayout()
            recipient_id = self._line(f"consent_{names}recipient_id_{index}",
                                      _("Office or partner id"))
            recipient_id.setPlaceholderText(_("Office or partner id"))
            recipient_name = self._line(f"consent_{names}recipient_name_{index}",
                                        _("Office or partner name"))
            recipient_name.setPlaceholderText(_("Office or partner name"))
            line.addWidget(recipient_id)
            line.addWidget(recipient_name, 2)
            bl.addLayout(line)
        title = QLabel()
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        bl.addWidget(title)
        text = QLabel()
        text.setWordWrap(True)
        text.setTextFormat(Qt.PlainText)
        text.setObjectName(f"consent_text_{suffix}")
        bl.addWidget(text)
        version = QLabel()
        version.setObjectName(f"consent_version_{suffix}")
        bl.addWidget(version)
        answers = QHBoxLayout()
        group = QButtonGroup(self)
        for value, caption, name in ((YES, _("Agrees"), "yes"), (NO, _("Does not agree"), "no"),
                                     (NOT_ASKED, _("Not asked now"), "skip")):
            radio = QRadioButton(caption)
            radio.setObjectName(f"consent_{suffix}_{name}")
            radio.setAccessibleName(f"{_(purpose.label)}: {caption}")
            group.addButton(radio, value)
            answers.addWidget(radio)
        group.button(NOT_ASKED).setChecked(True)
        answers.addStretch(1)
        bl.addLayout(answers)
        group.idClicked.connect(lambda _v: self._update())
        row = _Row(purpose, group, title, text, version, recipient_id, recipient_name,
                   office=office)
        if office is not None:
            office.currentIndexChanged.connect(lambda _i, r=row: self._office_chosen(r))
        if recipient_id is not None:
            recipient_id.textChanged.connect(lambda _t: self._update())
            recipient_name.textChanged.connect(lambda _t, r=row: self._show_text(r))
        shares = [r for r in self.rows if r.purpose is purpose]
        if shares:  # another recipient: right after the last one
            position = self.items_layout.indexOf(shares[-1].box) + 1
        else:
            position = self.items_layout.count()
        self.items_layout.insertWidget(position, box)
        row.box = box
        self.rows.append(row)
        self._show_text(row)
        return row

    def _fill_offices(self, combo: QComboBox, offices: list | None = None) -> None:
        """The trusted offices (role office, not revoked), keeping the current choice.
        ``offices``: :func:`trusted_offices`, when the caller has already read them."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if offices is None:
            offices = trusted_offices(self.ctx)
        combo.addItem(_("Type the office or partner below") if offices else
                      _("No trusted office key yet: type the office or partner below"), None)
        for fingerprint, name, spoken_fp in offices:
            self._office_names[fingerprint] = name
            combo.addItem(_("{office} (key {fingerprint})").format(
                office=name or _("unnamed office"), fingerprint=spoken_fp), fingerprint)
        country = self.services.case.return_country if self.services.case else ""
        if country:  # asked now, the office's key trusted later covers it
            self._office_names[office_in(country)] = office_in_name(office_in(country))
            combo.addItem(office_in_name(office_in(country)), office_in(country))
        index = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(index, 0))
        combo.setEnabled(combo.count() > 1)
        combo.blockSignals(False)

    def _office_chosen(self, row: _Row) -> None:
        chosen = row.office.currentData()
        if chosen:
            row.recipient_id.setText(chosen)
            row.recipient_name.setText(self._office_names.get(chosen, ""))
        elif row.recipient_id.isReadOnly():  # back to typing: start from empty fields
            row.recipient_id.clear()
            row.recipient_name.clear()
        for edit in (row.recipient_id, row.recipient_name):
            edit.setReadOnly(bool(chosen))

    def _lang(self) -> str:
        return self.language.currentData() or "en"

    def _show_texts(self) -> None:
        self._texts.clear()
        for row in self.rows:
            self._show_text(row)

    def _text_for(self, purpose):
        """The consent text (or the UserError saying there is none), read once per
        language: the recipient's name is filled in as it is typed, without a query."""
        key = (purpose, self._lang())
        if key not in self._texts:
            try:
                self._texts[key] = consent.text_for(self.ctx, purpose, key[1])
            except UserError as exc:
                self._texts[key] = exc
        return self._texts[key]

    def _show_text(self, row: _Row) -> None:
        text = self._text_for(row.purpose)
        if isinstance(text, UserError):
            row.text.setText(str(text))
            row.text_id = None
            return
        row.text_id = text.id
        name = (row.recipient_name.text().strip() or row.recipient_id.text().strip()
                if row.recipient_id is not None else "")
        title, body = text.render(name)
        row.title.setText(title)
        row.text.setText(body)
        version = _("Text version {version}, {language}").format(
            version=text.version, language=language_name(text.language, interface_language(),
                                                         capitalised=False))
        if text.language != self._lang():
            version += " — " + _("not yet translated: the interpreter interprets it")
        row.version.setText(version)

    def _show_recorded(self) -> None:
        """Each row answers as the history stands (given in force: agrees; refused: does
        not agree; otherwise not asked now); a recipient recorded gets its own row."""
        from counsel_app.consent.purposes import EventKind

        state = self.state
        for purpose in {r.purpose for r in self.rows}:
            rows = [r for r in self.rows if r.purpose is purpose]
            if not purpose.needs_recipient:
                standing = state.standing(purpose) if state else None
                self._answer(rows[0], standing, EventKind)
                continue
            recorded = sorted((rid, s) for (p, rid), s in (state.standings.items() if state
                                                          else ()) if p is purpose)
            while len(rows) < len(recorded):
                rows.append(self._add_row(purpose))
            for row, (rid, standing) in zip(rows, recorded):
                index = row.office.findData(rid)
                row.office.setCurrentIndex(max(index, 0))
                if index <= 0:
                    for edit in (row.recipient_id, row.recipient_name):
                        edit.setReadOnly(False)
                    row.recipient_id.setText(rid)
                    row.recipient_name.setText(state.recipient_names.get(rid, ""))
                self._answer(row, standing, EventKind)
            for row in rows[len(recorded):]:
                row.group.button(NOT_ASKED).setChecked(True)

    @staticmethod
    def _answer(row: _Row, standing, kinds) -> None:
        if standing is not None and standing.in_force:
            row.group.button(YES).setChecked(True)
        elif standing is not None and standing.kind is kinds.REFUSED:
            row.group.button(NO).setChecked(True)
        else:
            row.group.button(NOT_ASKED).setChecked(True)

    def unrecorded(self) -> list[Choice]:
        """The answers on screen that the history does not hold yet."""
        choices = self.choices()
        return self.state.unrecorded(choices) if self.state is not None else choices

    def choices(self) -> list[Choice]:
        out = []
        for row in self.rows:
            answer = row.answer()
            if answer == NOT_ASKED:
                continue
            out.append(Choice(
                row.purpose, answer == YES,
                row.recipient_id.text().strip() if row.recipient_id is not None else "",
                row.recipient_name.text().strip() if row.recipient_name is not None else "",
                row.text_id))
        return out
