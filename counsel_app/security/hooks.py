"""Where the areas plug into data protection.

Each area that holds personal data about a case has a Qt-free module ``<area>/privacy.py``
that, when imported, registers

* a subject-access provider (:func:`counsel_app.security.subject_access.register_subject_access`),
  so the person's copy holds everything the area keeps about them, and
* where plain deletion is not right, a retention handler
  (:func:`counsel_app.security.retention.register_case_data_handler`).

The manifest lists them (:func:`counsel_app.areas.privacy_modules`) and the program's entry
point loads them; subject access and retention call :func:`load_area_hooks` before they
run, which refuses when the areas are not loaded, so a section or a handler can never be
missing silently.
"""

from __future__ import annotations

from sqlalchemy import select

from counsel_app.plugins import CORE, require_loaded


def load_area_hooks() -> None:
    """Make sure every area's privacy hooks are registered (raise otherwise)."""
    require_loaded(CORE, "the areas' privacy hooks")


def case_reference(ctx, case_id: int) -> str:
    """The reference of case ``case_id`` if the signed-in user may see it (else
    ``NotFound``); no audit entry (the caller's action is audited once)."""
    from counsel_app.security.access import check_case_access
    from counsel_app.storage.models import CaseRow

    check_case_access(ctx, case_id)
    with ctx.db.read_session() as session:
        return session.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
