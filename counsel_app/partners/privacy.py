"""The partners area's part in data protection: the person's referrals (partner, service,
where each stands, dates, outcome, note) in their copy of their data (subject access). On
anonymisation and erasure the case's referral rows are deleted with the case (the default
for tables referring to ``cases``); the partner directory holds no personal data."""

from __future__ import annotations

from counsel_app.i18n import D_, typed_language
from counsel_app.security.hooks import case_reference
from counsel_app.security.subject_access import (
    Section,
    labelled,
    register_subject_access,
    typed,
)


def referral_sections(ctx, case_id: int) -> list[Section]:
    from sqlalchemy import select

    from counsel_app.partners.referrals import (
        OUTCOME_LABELS,
        STATE_LABELS,
        Referral,
        _aad,
    )
    from counsel_app.partners.tables import CaseReferralRow

    reference = case_reference(ctx, case_id)
    if not reference:
        return []
    with ctx.db.read_session() as session:
        rows = session.scalars(select(CaseReferralRow).where(
            CaseReferralRow.case_id == case_id).order_by(CaseReferralRow.id)).all()
        items = [Referral.from_data(ctx.vault.cipher.decrypt_json(row.data_enc,
                                                                  _aad(reference, row.key)))
                 for row in rows]
    if not items:
        return []
    # where each referral made for the plan stands (the plan's own "4. Referrals" lists the
    # organisations it names): a title of its own, never a second "4. Referrals"
    return [Section(
        D_("Referrals (as they stand on the print date)"),
        table_header=(D_("Organisation"), D_("What it provides"), D_("State"), D_("Date"),
                      D_("Notes")),
        table_rows=[[r.partner_name, r.service,
                     labelled(OUTCOME_LABELS, r.outcome) if r.outcome
                     else labelled(STATE_LABELS, r.state),
                     r.done_on or r.answered_on or r.sent_on or r.created_on,
                     typed(r.note, typed_language(r.note_language))]
                    for r in items])]


register_subject_access(referral_sections, "referrals")
