"""The Information step's topics covered: the generic topics and the library entries
opened, ticked as they are discussed (the time is recorded), the handout row and under it
what was printed already (:func:`counsel_app.session.handouts.printed_summary`), the
questions to the office and the information note. Edits go to the session record's
information part (:class:`counsel_app.session.record.Information`)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from counsel_app.i18n import DOCUMENT_LANGUAGES, _, interface_language
from counsel_app.i18n.formatting import format_time
from counsel_app.i18n.names import language_name, native_language_name
from counsel_app.session.handouts import printed_summary
from counsel_app.session.information import GENERIC_TOPICS
from counsel_app.ui.message_label import MessageLabel
from counsel_app.ui.steps.common import note_edit, set_text_keep_cursor
from counsel_app.ui.steps.library_panel import ROLE_KEY

ROLE_TITLE = Qt.UserRole + 2


class TopicsPanel(QGroupBox):
    """``covered_changed`` is emitted after a topic is ticked or unticked."""

    covered_changed = Signal()

    def __init__(self, services, parent=None):
        super().__init__(_("Topics covered"), parent)
        self.services = services
        tl = QVBoxLayout(self)
        self.topics = QListWidget()
        self.topics.setObjectName("topics")
        self.topics.setAccessibleName(_("Topics covered"))
        self.topics.setWordWrap(True)
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.topics.setSpacing(2)
        tl.addWidget(self.topics, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton(_("Print a handout of the ticked topics…"))
        self.print_button.setObjectName("print_handout")
        self.print_button.setAccessibleName(_("Print a handout"))
        self.handout_lang = QComboBox()
        self.handout_lang.setObjectName("handout_language")
        self.handout_lang.setAccessibleName(_("Language of the handout"))
        for code in DOCUMENT_LANGUAGES:
            self.handout_lang.addItem(f"{native_language_name(code)} "
                                      f"({language_name(code, interface_language())})", code)
        row.addWidget(self.handout_lang)
        row.addWidget(self.print_button)
        row.addStretch(1)
        tl.addLayout(row)
        # what was printed already: its two lines are always there (the sentence changes
        # after a print, nothing below moves); it reads in the interface's direction
        self.handouts_state = MessageLabel()
        self.handouts_state.setObjectName("handouts_printed")
        self.handouts_state.setWordWrap(True)
        self.handouts_state.setAlignment(Qt.AlignLeft | Qt.AlignTop)  # mirrored in Arabic
        self.handouts_state.setFixedHeight(
            self.handouts_state.fontMetrics().lineSpacing() * 2 + 2)
        tl.addWidget(self.handouts_state)
        self.ask_button = QPushButton(_("Questions to the office…"))
        self.ask_button.setObjectName("office_questions")
        self.ask_button.setToolTip(_("Ask the office in the country of origin what the library "
                                     "cannot answer (no personal data)."))
        tl.addWidget(self.ask_button, 0, Qt.AlignLeft)
        self.note = note_edit("information_note", _("Information note"),
                              _("Questions the person asked, what was unclear"), 3)
        tl.addWidget(self.note)
        self._loading = False
        self.topics.itemChanged.connect(self._topic_changed)
        self.note.textChanged.connect(self._note_changed)

    def reload(self) -> None:
        info = self.services.record.information
        self._loading = True
        self.topics.clear()
        keys = list(GENERIC_TOPICS) + [k for k in info.pack_titles if k not in GENERIC_TOPICS]
        for key in keys:
            title = _(GENERIC_TOPICS[key]) if key in GENERIC_TOPICS else info.pack_titles[key]
            item = QListWidgetItem()
            item.setData(ROLE_KEY, key)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            item.setCheckState(Qt.Checked if key in info.covered else Qt.Unchecked)
            item.setText(title)
            self._show_covered(item, title, info.covered.get(key))
            item.setData(ROLE_TITLE, title)
            self.topics.addItem(item)
        set_text_keep_cursor(self.note, info.note)
        self._loading = False
        self.show_handouts()

    def show_handouts(self) -> None:
        """Say which handouts were printed for the person (after a print, a reload)."""
        text = printed_summary(self.services.record.information)
        self.handouts_state.setText(text)
        self.handouts_state.setToolTip(text)  # whole, should two lines not hold it

    def choose_language(self, *codes: str) -> None:
        """The handout's language: the first of ``codes`` that can be printed."""
        for code in codes:
            index = self.handout_lang.findData(code)
            if index >= 0:
                self.handout_lang.setCurrentIndex(index)
                return

    def _show_covered(self, item: QListWidgetItem, title: str, when: str | None) -> None:
        """When the topic was covered goes into the tooltip and what a screen reader says,
        not into the row's text: a ticked row never grows a line and pushes the rows below
        from under the pointer."""
        if not when:
            item.setToolTip("")
            item.setData(Qt.AccessibleTextRole, title)
            return
        try:
            at = format_time(datetime.fromisoformat(when).astimezone(), interface_language())
        except ValueError:
            at = when
        text = _("{topic} — covered at {time}").format(topic=title, time=at)
        item.setToolTip(text)
        item.setData(Qt.AccessibleTextRole, text)

    def _topic_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        info = self.services.record.information
        key = item.data(ROLE_KEY)
        info.cover(key, item.checkState() == Qt.Checked)
        self._loading = True
        self._show_covered(item, item.data(ROLE_TITLE), info.covered.get(key))
        self._loading = False
        self.services.changed("information")
        self.covered_changed.emit()

    def _note_changed(self) -> None:
        if self._loading:
            return
        self.services.record.information.note = self.note.toPlainText()
        self.services.changed("information")
