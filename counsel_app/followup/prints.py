"""Printing for the field (Qt-free): a recorded visit's record and the blank visit
questionnaire of a case, in a document language (:mod:`counsel_app.documents.visit_sheet`).

The office workspace and ``counsel-app followup print-visit | print-questionnaire`` both
go through here: the permission to print (``cases.print``), the case's access check and the
audit event are the same at every door. Actions are numbered 1, 2... in the plan's order and
referrals in the case's list, as the phone form and ``counsel-app referrals`` number them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from counsel_app.documents.visit_sheet import (
    SheetAction,
    SheetReferral,
    SheetVisit,
    VisitSheet,
    render_questionnaire,
    render_visit_record,
)
from counsel_app.domain.reference import check_number
from counsel_app.errors import ValidationError
from counsel_app.i18n import _


def _check_language(lang: str) -> None:
    from counsel_app.plan.service import check_language

    check_language(lang, "--lang")


def _on(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def sheet_data(ctx, reference: str, visit_uid: str | None = None) -> VisitSheet:
    """The plain data a visit record (``visit_uid``) or a blank questionnaire prints."""
    from counsel_app import settings
    from counsel_app.followup.service import FollowupService
    from counsel_app.partners.referrals import DATE_FIELD, ReferralService

    service = FollowupService(ctx)
    case = ctx.cases.get_by_reference(reference)
    summary = service.summary(case.reference)
    visit = None
    if visit_uid is not None:
        found = [v for v in summary.visits if v.uid == visit_uid.strip()]
        if not found:
            raise ValidationError(_("Case {reference} has no visit “{uid}”.").format(
                reference=case.reference, uid=visit_uid), "visit")
        v = found[0]
        visit = SheetVisit(v.visit_date, v.visit_type, dict(v.scores),
                           dict(v.result.dimensions), v.result.overall, v.result.answered,
                           v.people, v.note)
    actions = [SheetAction(n, a.text, a.status, a.action_date, a.outcome)
               for n, a in enumerate(summary.actions, 1)]
    referrals = [SheetReferral(n, r.partner_name, r.service, r.state,
                               _on(getattr(r, DATE_FIELD.get(r.state, "created_on"), "")),
                               r.outcome)
                 for n, r in enumerate(ReferralService(ctx).list(case), 1)]
    organisation = settings.values(ctx.db, ["organisation_name"])["organisation_name"]
    return VisitSheet(reference=case.reference, check=check_number(case.reference),
                      organisation=organisation, is_sample=case.is_sample,
                      country=case.return_country or None, arrival=summary.arrival_date,
                      actions=actions, referrals=referrals, visit=visit)


def print_visit(ctx, reference: str, visit_uid: str, lang: str,
                out: str | Path | None = None) -> bytes:
    """The record of one visit of case ``reference`` in ``lang`` (PDF bytes; written to
    ``out`` when given)."""
    ctx.require("cases.print")
    _check_language(lang)
    sheet = sheet_data(ctx, reference, visit_uid)
    data = render_visit_record(sheet, lang, out=out)
    ctx.audit("print", sheet.reference, f"visit record {lang}")
    return data


def print_questionnaire(ctx, reference: str, lang: str,
                        out: str | Path | None = None) -> bytes:
    """The blank visit questionnaire of case ``reference`` in ``lang`` (PDF bytes)."""
    ctx.require("cases.print")
    _check_language(lang)
    sheet = sheet_data(ctx, reference)
    data = render_questionnaire(sheet, lang, out=out)
    ctx.audit("print", sheet.reference, f"visit questionnaire {lang}")
    return data
