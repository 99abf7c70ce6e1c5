"""Where the areas plug into data protection, loaded in one place.

Each area that holds personal data about a case has a Qt-free module ``<area>/privacy.py``
that, when imported, registers

* a subject-access provider (:func:`counsel_app.security.subject_access.register_subject_access`),
  so the person's copy holds everything the area keeps about them, and
* where plain deletion is not right, a retention handler
  (:func:`counsel_app.security.retention.register_case_data_handler`).

:func:`load_area_hooks` imports them; subject access and retention call it before they run,
so the registrations never depend on which screens happened to be opened.
"""

from __future__ import annotations

import importlib

from sqlalchemy import select

#: The areas' privacy modules, in the order their sections appear in the subject-access copy.
AREA_HOOK_MODULES: tuple[str, ...] = (
    "counsel_app.session.privacy",
    "counsel_app.consent.privacy",
    "counsel_app.opportunities.privacy",
    "counsel_app.plan.privacy",
    "counsel_app.handover.privacy",
    "counsel_app.followup.privacy",
)


def load_area_hooks() -> None:
    for name in AREA_HOOK_MODULES:
        importlib.import_module(name)


def case_reference(ctx, case_id: int) -> str:
    """The reference of case ``case_id`` if the signed-in user may see it (else
    ``NotFound``); no audit entry (the caller's action is audited once)."""
    from counsel_app.security.access import check_case_access
    from counsel_app.storage.models import CaseRow

    check_case_access(ctx, case_id)
    with ctx.db.read_session() as session:
        return session.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
