"""“My name on prints”: the name and work contact the signed-in counsellor's prints carry
(plan, consent form, travel sheet, handout) instead of the account name. A thin dialog over
:func:`counsel_app.security.accounts.set_profile`.

``open_profile_dialog(ctx, parent)`` returns the shown, non-modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from counsel_app.i18n import _
from counsel_app.security import accounts
from counsel_app.ui.account_form import AccountForm


class ProfileDialog(AccountForm):
    """The signed-in account's name on prints, or (an administrator, from the accounts
    list) another account's."""

    def __init__(self, ctx, parent=None, username: str | None = None):
        own = username in (None, ctx.user)
        super().__init__(_("My name on prints") if own else _("Name on prints"), parent)
        self.ctx = ctx
        self.username = None if own else username
        account = accounts.get_account(ctx.db, username or ctx.user)
        if own:
            note = QLabel(_("Plans, consent forms, travel sheets and handouts name you with "
                            "this, not with the account name “{name}”; leave it empty and "
                            "they name no counsellor.").format(name=ctx.user))
        else:
            note = QLabel(_("Plans, consent forms, travel sheets and handouts name the "
                            "counsellor of the account “{name}” with this; leave it empty and "
                            "they name no counsellor.").format(name=username))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.display_name = self._line(_("Name on prints"), "display_name",
                                       account.display_name, accounts.DISPLAY_NAME_MAX)
        self.contact = self._line(_("Work phone or e-mail"), "contact", account.contact,
                                  accounts.CONTACT_MAX)

    def _line(self, label: str, name: str, value: str, limit: int) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setMaxLength(limit)
        self.form.addRow(label, edit)
        return edit

    def _submit(self) -> None:
        self._run(lambda: accounts.set_profile(self.ctx, self.username,
                                               self.display_name.text(),
                                               self.contact.text()))


def open_profile_dialog(ctx, parent: QWidget | None = None) -> ProfileDialog:
    dialog = ProfileDialog(ctx, parent)
    dialog.open()
    return dialog
