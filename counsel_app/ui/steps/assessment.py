"""Step 4, skills and needs: baseline scores per indicator and dimension, skills, needs;
the skills profile (``ui/skills_profile.py``) in a second tab."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QTabWidget, QVBoxLayout

from counsel_app.i18n import _, interface_language
from counsel_app.i18n.formatting import format_percent
from counsel_app.session import assessment as A
from counsel_app.ui.session_steps import SessionStep
from counsel_app.ui.steps.common import note_edit, scroll_page, select_data, set_text_keep_cursor


class AssessmentStep(SessionStep):
    def __init__(self, services, parent=None, config: A.AssessmentConfig | None = None):
        super().__init__(services, parent)
        self.config = config or A.DEFAULT_CONFIG
        area, page = scroll_page(_("Skills and needs"), _(
            "Baseline scores on a scale of {low} to {high} (leave “not assessed” rather than "
            "guess). Weights: {source}.").format(low=self.config.scale_min,
                                                 high=self.config.scale_max,
                                                 source=_(self.config.weights_source)))
        from counsel_app.ui.skills_profile import SkillsProfileWidget

        self.tabs = QTabWidget()
        self.tabs.setObjectName("assessment_tabs")
        self.tabs.addTab(area, _("Baseline and needs"))
        self.profile = SkillsProfileWidget(services.ctx, services.case)
        self.tabs.addTab(self.profile, _("Skills profile"))
        QVBoxLayout(self).addWidget(self.tabs)
        self.combos: dict[str, QComboBox] = {}
        self.notes = {}
        self.dim_labels: dict[str, QLabel] = {}
        for dim, dim_label in A.DIMENSIONS.items():
            box = QGroupBox(_(dim_label))
            form = QFormLayout(box)
            for ind in self.config.by_dimension(dim):
                combo = QComboBox()
                combo.setObjectName(f"score_{ind.key}")
                combo.setAccessibleName(_(ind.label))
                combo.addItem(_("not assessed"), None)
                for value in range(self.config.scale_min, self.config.scale_max + 1):
                    word = A.SCALE_LABELS.get(value) if self.config is A.DEFAULT_CONFIG else None
                    combo.addItem(f"{value} – {_(word)}" if word else str(value), value)
                combo.activated.connect(lambda _i, k=ind.key, c=combo: self._score(k, c))
                form.addRow(_(ind.label), combo)
                self.combos[ind.key] = combo
            note = note_edit(f"note_{dim}", _("Note on the {dimension} dimension").format(
                dimension=_(dim_label)), lines=2)
            note.textChanged.connect(lambda d=dim, n=note: self._note(d, n))
            form.addRow(_("Note"), note)
            self.notes[dim] = note
            score = QLabel()
            score.setObjectName(f"dimension_score_{dim}")
            form.addRow(_("Dimension score"), score)
            self.dim_labels[dim] = score
            page.addWidget(box)
        self.skills = note_edit("skills", _("Skills and experience"),
                                _("Work, trades, schooling, languages, licences"), 4)
        self.needs = note_edit("needs", _("Needs the person names"), "", 3)
        page.addWidget(QLabel(_("Skills and experience")))
        page.addWidget(self.skills)
        page.addWidget(QLabel(_("Needs the person names")))
        page.addWidget(self.needs)
        self.overall = QLabel()
        self.overall.setObjectName("overall_score")
        page.addWidget(self.overall)
        page.addStretch(1)
        self.skills.textChanged.connect(self._texts)
        self.needs.textChanged.connect(self._texts)
        self.reload()

    def reload(self) -> None:
        a = self.services.record.assessment
        self._loading = True
        for key, combo in self.combos.items():
            select_data(combo, a.scores.get(key))
        for dim, note in self.notes.items():
            set_text_keep_cursor(note, a.notes.get(dim, ""))
        set_text_keep_cursor(self.skills, a.skills)
        set_text_keep_cursor(self.needs, a.needs)
        self._loading = False
        self._show_scores()

    def _score(self, key: str, combo: QComboBox) -> None:
        A.set_score(self.services.record.assessment, self.config, key, combo.currentData())
        self._show_scores()
        self.services.changed("assessment")

    def _note(self, dim: str, note) -> None:
        if self._loading:
            return
        self.services.record.assessment.notes[dim] = note.toPlainText()
        self.services.changed("assessment")

    def _texts(self) -> None:
        if self._loading:
            return
        a = self.services.record.assessment
        a.skills, a.needs = self.skills.toPlainText(), self.needs.toPlainText()
        self.services.changed("assessment")

    def _fmt(self, value: float | None) -> str:
        if value is None:
            return _("not enough scores yet")
        return format_percent(value, interface_language())

    def _show_scores(self) -> None:
        a = self.services.record.assessment
        for dim, label in self.dim_labels.items():
            label.setText(self._fmt(A.dimension_score(a, self.config, dim)))
        self.overall.setText(_("Overall baseline: {score}").format(
            score=self._fmt(A.overall_score(a, self.config))))

    def flush(self) -> None:
        self.profile.flush()

    def summary(self) -> str:
        n = len(self.services.record.assessment.scores)
        return _("{n} scored").format(n=n) if n else ""
