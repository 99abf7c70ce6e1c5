"""The waivers' part in data protection: each waiver (and its revocation) in the person's
copy of their data, with who signed it and the written reason. On anonymisation and
erasure the waivers are deleted with the case (the default for tables referring to
``cases``)."""

from __future__ import annotations

from counsel_app.i18n import D_, N_, typed_language
from counsel_app.security.hooks import case_reference
from counsel_app.security.subject_access import (
    Section,
    UiMsg,
    register_subject_access,
    typed,
    unnamed,
)


def waiver_sections(ctx, case_id: int) -> list[Section]:
    from counsel_app.storage.cases import CaseRepository
    from counsel_app.waivers.service import history, item_label

    if not case_reference(ctx, case_id):
        return []
    case = CaseRepository.get(ctx.cases, case_id)  # no second audit entry
    waivers = history(ctx, case)
    if not waivers:
        return []
    rows = []
    # the reasons as the supervisors typed them, each marked with the language recorded when
    # it was written (before that was recorded: the language the staff work in)
    for w in waivers:
        what = item_label(w.item)
        notes = [UiMsg(N_("waived by a supervisor")), w.waived_by,
                 typed(w.reason, typed_language(w.reason_language))]
        if not w.in_force:
            notes += [UiMsg(N_("revoked")), w.revoked_at,
                      typed(w.revoke_reason, typed_language(w.revoke_reason_language))]
        rows.append([UiMsg(what) if what != w.item else unnamed(w.item), w.waived_at, notes])
    return [Section(D_("Steps waived by a supervisor"),
                    table_header=(D_("What"), D_("When"), D_("Notes")), table_rows=rows)]


register_subject_access(waiver_sections, "waivers")
