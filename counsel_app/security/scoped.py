"""Storage-level repositories of other areas, seen through one signed-in user.

The session store (``counsel_app.session.store.SessionStore``) works on a case id and holds
no user; :class:`ScopedSessionStore` is the same store with the user's role and case scope
applied first: a post-arrival caseworker gets ``NotFound`` for a case not handed to them,
a supervisor may read but not save. Screens should make their store with
``ScopedSessionStore(ctx)``.
"""

from __future__ import annotations

from counsel_app.security.access import check_case_access
from counsel_app.security.roles import Permission
from counsel_app.session.store import SessionStore


class ScopedSessionStore(SessionStore):
    def __init__(self, ctx):
        super().__init__(ctx.db, ctx.vault.cipher)
        self.ctx = ctx

    def _check(self, case_id: int, permission: str) -> None:
        self.ctx.require(permission)
        check_case_access(self.ctx, case_id)

    def load(self, case_id, reference):
        self._check(case_id, Permission.CASES_READ)
        return super().load(case_id, reference)

    def load_part(self, case_id, reference, part):
        self._check(case_id, Permission.CASES_READ)
        return super().load_part(case_id, reference, part)

    def save_part(self, record, part, *, overwrite=False):
        self._check(record.case_id, Permission.CASES_WRITE)
        return super().save_part(record, part, overwrite=overwrite)
