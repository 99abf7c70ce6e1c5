"""Which cases a user may see: everyone but a post-arrival caseworker sees all cases; a
caseworker sees only the cases handed to them (``case_access``, granted on import by the
handover area through :func:`grant_case_access`)."""

from __future__ import annotations

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.errors import NotFound, UserError
from counsel_app.i18n import _
from counsel_app.security.models import CaseAccess, UserRow
from counsel_app.security.roles import Permission, Role
from counsel_app.storage.models import CaseRow


def case_scope(username: str, role: str):
    """A where-clause on ``cases`` limiting what ``username`` sees, or ``None`` for all."""
    if role != Role.CASEWORKER.value:
        return None
    return CaseRow.id.in_(select(CaseAccess.case_id).where(CaseAccess.username == username))


def grant_case_access(ctx, case_id: int, username: str) -> None:
    """Hand case ``case_id`` to the caseworker ``username`` (idempotent, audited).

    Whoever may import or change cases may grant (the handover import runs as the
    receiving caseworker or an administrator)."""
    if not (ctx.allows(Permission.CASES_IMPORT) or ctx.allows(Permission.USERS_MANAGE)):
        ctx.require(Permission.CASES_IMPORT)
    with ctx.db.session() as session:
        reference = session.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
        if reference is None:
            raise NotFound(_("There is no case with id {id}.").format(id=case_id))
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is None:
            raise UserError(_("There is no account “{name}”.").format(name=username))
        if session.get(CaseAccess, (case_id, username)) is None:
            session.add(CaseAccess(case_id=case_id, username=username, granted_by=ctx.user,
                                   granted_at=utcnow()))
    ctx.audit("grant_access", reference, username)


def revoke_case_access(ctx, case_id: int, username: str) -> None:
    ctx.require(Permission.USERS_MANAGE)
    with ctx.db.session() as session:
        row = session.get(CaseAccess, (case_id, username))
        if row is not None:
            session.delete(row)


def check_case_access(ctx, case_id: int) -> None:
    """Raise ``NotFound`` when the signed-in user may not see case ``case_id`` (for other
    areas' services that load a case's records by id without going through ``ctx.cases``)."""
    scope = case_scope(ctx.user, ctx.role)
    if scope is None:
        return
    with ctx.db.read_session() as session:
        visible = session.scalar(select(CaseRow.id).where(CaseRow.id == case_id, scope))
    if visible is None:
        raise NotFound(_("There is no case with id {id}.").format(id=case_id))
