"""Tab 2, budget: goods, equipment and services bought with the grant, against the ceiling.

A part of :class:`counsel_app.ui.plan_step.PlanStep` (layout and signal wiring only)."""

from __future__ import annotations

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
)

from counsel_app.i18n import _
from counsel_app.plan.model import BudgetLine
from counsel_app.ui.message_label import MessageLabel
from counsel_app.ui.steps.common import set_text_keep_cursor
from counsel_app.ui.plan_tabs.base import BUDGET_COLUMNS


class BudgetTab:
    """Tab 2, budget of the plan step."""

    def _build_budget_tab(self) -> None:
        page = self._tab(_("Grant budget"), _(
            "Goods, equipment and services bought with the reintegration grant, in the "
            "currency of the country of return."))
        form = QFormLayout()
        self.currency = QLineEdit()
        self.currency.setObjectName("plan_currency")
        self.currency.setAccessibleName(_("Currency of the country of return"))
        self.currency.setMaxLength(3)
        self.currency.setMaximumWidth(self.currency.fontMetrics().horizontalAdvance("WWWW") + 24)
        self.currency.setValidator(QRegularExpressionValidator(
            QRegularExpression("[A-Za-z]{0,3}"), self.currency))
        self.currency.textEdited.connect(self._currency_edited)
        self._refreshers.append(lambda: set_text_keep_cursor(self.currency, self.plan.currency))
        form.addRow(_("Currency"), self.currency)
        page.addLayout(form)
        self._table("budget", BUDGET_COLUMNS, lambda: BudgetLine(""),
                    lambda: self.plan.budget, page, _("Grant budget lines"),
                    _("Add a budget line"), _("Remove the budget line"), min_rows=6)
        self.total = QLabel()
        self.total.setObjectName("plan_budget_total")
        font = self.total.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.total.setFont(font)
        page.addWidget(self.total)
        self.ceiling = MessageLabel()  # reads in the interface's direction
        self.ceiling.setObjectName("plan_budget_ceiling")
        self.ceiling.setWordWrap(True)
        page.addWidget(self.ceiling)
        self._error("budget", page)
        page.addStretch(1)

    def _currency_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.currency.cursorPosition()
            self.currency.setText(upper)
            self.currency.setCursorPosition(position)
        self._edit(lambda v: setattr(self.plan, "currency", v), upper)
