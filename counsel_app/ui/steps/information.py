"""Step 3, information: the country library of the return country, with search; a
"topics covered" checklist ticked as they are discussed; a handout of chosen topics.

The country library comes from ``country_info`` (bundled open-data packs and the
organisation's signed packs), the handout from ``counsel_app.documents.handout``. Library
entries the counsellor opens join the checklist as topics of their own; the handout prints
the ticked library topics in the person's language. Without a pack for the country the step
says so (never invented country facts).

The step lays out two panels (:mod:`.library_panel`, :mod:`.topics_panel`); the library's
rows come from :mod:`.library_entries`, what a handout prints and its record from the
Qt-free :mod:`counsel_app.session.handouts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QFileDialog, QVBoxLayout

from counsel_app import settings
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language, ngettext
from counsel_app.session import handouts
from counsel_app.ui import messages
from counsel_app.ui.reading_order import ReadingOrderSplitter
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import scroll_page
from counsel_app.ui.steps.library_entries import Shown, shared_library
from counsel_app.ui.steps.library_panel import LibraryPanel
from counsel_app.ui.steps.topics_panel import TopicsPanel
from counsel_app.ui.tasks import run_task

if TYPE_CHECKING:
    from counsel_app.ui.office_questions_dialog import QuestionDraft

__all__ = ["InformationStep", "shared_library"]


@dataclass(frozen=True)
class QuestionsOpen:
    """The questions to the office as left open: what is written, where the window is."""

    draft: QuestionDraft
    geometry: QRect


class InformationStep(SessionStep):
    def __init__(self, services, parent=None):
        super().__init__(services, parent)
        area, page = scroll_page(_("Information"), _(
            "Look things up in the country library with the person, and tick each topic "
            "as you discuss it: the time is recorded."))
        QVBoxLayout(self).addWidget(area)
        self.library = LibraryPanel(self._opened, self._stale_months)
        self.topics_panel = TopicsPanel(services)
        page.addWidget(ReadingOrderSplitter((self.library, self.topics_panel), sizes=(500, 500),
                                            collapsible=False), 1)
        self.setMinimumHeight(420)
        # what a counsellor (and a test) reaches on the step
        lib, top = self.library, self.topics_panel
        self.search, self.items, self.reader = lib.search, lib.items, lib.reader
        self.busy, self.library_state = lib.busy, lib.library_state
        self.topics, self.note, self.handout_lang = top.topics, top.note, top.handout_lang
        self.print_button, self.ask_button = top.print_button, top.ask_button
        self.handouts_state = top.handouts_state

        self.country, self.lang = "", interface_language()
        top.covered_changed.connect(self._update_print)
        self.print_button.clicked.connect(self._print)
        self.ask_button.clicked.connect(self._questions)
        self.reload()

    def reload(self) -> None:
        self.topics_panel.reload()

    def entered(self) -> None:
        case = self.services.case
        self.country, self.lang = case.return_country, interface_language()
        self.topics_panel.choose_language(case.person.preferred_language, self.lang, "en")
        self.library.show_country(self.country, case.return_region or "", self.lang)
        self._update_print()

    def _search_now(self) -> None:
        self.library.search_now()

    def _stale_months(self) -> int | None:
        """The centre's setting: information older than this many months is marked."""
        ctx = self.services.ctx
        return settings.get(ctx.db, "stale_months") if ctx is not None else None

    def _opened(self, entry: Shown, title: str) -> None:
        """An entry read with the person joins the topics (not ticked yet)."""
        info = self.services.record.information
        if entry.key not in info.shown_items:
            info.show_item(entry.key, f"{entry.section_title} — {title}")
            self.services.changed("information")
            self.reload()

    # -- handout -----------------------------------------------------------------------------
    def _update_print(self) -> None:
        info = self.services.record.information
        self.print_button.setEnabled(not handouts.handout_blocker(info, self.country))
        self.print_button.setToolTip(_(
            "Tick library topics (open an entry, then tick it when discussed) to print them."))

    def _print(self) -> None:
        case, info, prefs = self.services.case, self.services.record.information, \
            self.services.prefs
        lang = self.handout_lang.currentData() or self.lang
        logo = (prefs["organisation_logo"] or None) if prefs is not None else None
        try:
            job = handouts.prepare_handout(self.services.ctx, case, info, lang, logo=logo)
        except UserError as exc:
            messages.info(self, str(exc))
            return
        default = str(Path.home() / f"{case.reference}-handout-{lang}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the handout"), default,
                                                    _("PDF documents (*.pdf)"))
        if not path:
            return
        run_task(self, lambda: job.write(shared_library(), path),
                 lambda p: self._printed(p, job), progress=self.busy)

    def _printed(self, path: str, job: handouts.HandoutJob) -> None:
        handouts.handout_printed(self.services.ctx, self.services.case,
                                 self.services.record.information, job)
        self.services.changed("information")
        self.topics_panel.show_handouts()
        messages.info(self, _("The handout was saved as {path}.").format(path=path))

    def _questions(self) -> None:
        if not self.country:
            messages.info(self, _("Choose the country of return at the intake to see its library."))
            return
        self._open_questions()

    def _open_questions(self, draft: QuestionDraft | None = None):
        from counsel_app.ui.office_questions_dialog import open_office_questions

        self.questions_dialog = open_office_questions(self.services.ctx, self.services.case,
                                                      shared_library(), self, draft)
        return self.questions_dialog

    # -- through a change of the interface language -------------------------------------------
    def arrangement(self) -> list[QuestionsOpen] | None:
        """The questions to the office open from this step, with what is written in them."""
        from counsel_app.ui.office_questions_dialog import OfficeQuestionsDialog

        shown = [QuestionsOpen(dialog.draft(), dialog.geometry())
                 for dialog in self.findChildren(OfficeQuestionsDialog) if dialog.isVisible()]
        return shown or None

    def arrange(self, arrangement: list[QuestionsOpen]) -> None:
        for left in arrangement:
            self._open_questions(left.draft).setGeometry(left.geometry)

    def summary(self) -> str:
        n = len(self.services.record.information.covered)
        return ngettext("{n} topic covered", "{n} topics covered", n).format(n=n) if n else ""
