"""Acknowledgements: the receiving office tells the sender what happened.

An acknowledgement names the handover it answers and carries: received (when), the
office's answer to the reception request (confirmed or not possible, with the id of the
request it answers, who will meet the person and a note), arrival (date, reception done),
follow-up (number of visits, the latest score of each dimension with the date it was
given, their overall score and the change since the baseline: a partial visit never
wipes an earlier score; the latest visit's date and share of indicators answered),
progress per plan action (status only, no notes; an action the office added carries its
text, the sender's plan does not know it), consents withdrawn at the office, closure. The
texts the office typed (the reception answer's note, an added action's text) carry the
language they were typed in beside them (``note_language``, ``text_language``), optional
keys: an acknowledgement made before has none and is read as ever. No
names and no notes about the person (the reception answer names only who meets them): the
sender already knows who the case is about. Beside the package, a receipt in the
interface language (``<package>.receipt.txt``).
It is sealed and signed like a handover; importing it on the sending side records it and
moves the sender's case forward (handed over or departed → arrived → follow-up → closed).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.domain.enums import CaseStatus
from counsel_app.domain.workflow import allowed_targets
from counsel_app.errors import UserError
from counsel_app.handover import container
from counsel_app.handover.keys import KeyStore, spoken
from counsel_app.handover.models import HandoverPackageRow
from counsel_app.handover.records import (
    ACK_FORMAT,
    CONTENT_VERSION,
    ImportResult,
    PackageRefused,
    content_aad,
    move_status,
    write_private_file,
)
from counsel_app.i18n import _
from counsel_app.storage.models import CaseRow
from country_info.files import write_atomically


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _language(key: str, language: str | None) -> dict[str, str]:
    """``{key: language}`` beside a text the office typed, when its language was recorded
    (an optional key: an acknowledgement without it is read as ever, its text unmarked)."""
    return {key: language} if isinstance(language, str) else {}


def _action_languages(ctx, reference: str) -> dict[str, str | None]:
    """The language recorded with the text of each action of the office's plan (its id ->
    language, by the plan's ``text_languages``; None where none was recorded), carried
    beside the text of an action the office added."""
    from counsel_app.plan.store import PlanRepository

    plan = PlanRepository(ctx.db, ctx.vault.cipher).find(reference)
    return ({a.id: plan.text_languages.get(a.what.strip()) for g in plan.goals
             for a in g.actions} if plan is not None else {})


def ack_content(ctx, reference: str) -> tuple[dict[str, Any], HandoverPackageRow]:
    from counsel_app.followup.office import consents_withdrawn_here
    from counsel_app.followup.service import FollowupService

    case = ctx.cases.get_by_reference(reference)
    with ctx.db.read_session() as session:
        received = session.scalar(
            select(HandoverPackageRow).where(HandoverPackageRow.case_id == case.id,
                                             HandoverPackageRow.kind == "handover",
                                             HandoverPackageRow.direction == "received")
            .order_by(HandoverPackageRow.recorded_at.desc()).limit(1))
    if received is None:
        raise UserError(_("Case {reference} was not received through a handover, so there "
                          "is nobody to acknowledge it to.").format(reference=case.reference))
    summary = FollowupService(ctx).summary(case.reference)
    from counsel_app.partners.referrals import ReferralService
    from counsel_app.travel.store import TravelRepository

    travel = TravelRepository(ctx.db, ctx.vault.cipher).find(case.reference)
    answer = travel.answer if travel is not None else None
    added_languages = _action_languages(ctx, case.reference)
    latest = summary.latest
    current = summary.current()
    change = summary.change_since_baseline()
    content = {
        "format": ACK_FORMAT,
        "version": CONTENT_VERSION,
        "ack_for": received.package_id,
        "sender_reference": received.remote_reference,
        "received_at": received.recorded_at.isoformat(),
        "status": case.status.value,
        "reception": ({"state": answer.state, "request_id": answer.request_id,
                       "answered_on": answer.answered_on.isoformat()
                       if answer.answered_on else None,
                       "note": answer.note, "contact_name": answer.contact_name,
                       "contact_phone": answer.contact_phone,
                       **_language("note_language", answer.note_language)}
                      if answer else None),
        "arrival": ({"date": summary.arrival_date.isoformat(),
                     "reception_done": summary.reception_done}
                    if summary.arrival_date else None),
        "plan_refined_on": summary.plan_refined_on.isoformat() if summary.plan_refined_on
        else None,
        "followup": {
            "visits": len(summary.visits),
            "latest_date": latest.visit_date.isoformat() if latest else None,
            "latest_answered": latest.result.answered if latest else None,
            "latest": ({**{d: _round(v) for d, v in current.scores.dimensions.items()},
                        "overall": _round(current.scores.overall)} if current else None),
            "as_of": ({d: day.isoformat() for d, day in current.as_of.items()}
                      if current else None),
            "change": {k: _round(v) for k, v in change.items()} if change else None,
            "weights": summary.weights.source,
        },
        "actions": [{"key": a.key, "status": a.status,
                     **({"text": a.text,
                         **_language("text_language", added_languages.get(a.key))}
                        if a.added_here else {})}
                    for a in summary.actions],
        "referrals": ReferralService(ctx).for_ack(case),  # state, dates, outcome; no note
        "closed": ({"on": summary.closed_on.isoformat(), "reason": summary.closure_reason}
                   if summary.closed_on else None),
        "consents_withdrawn": consents_withdrawn_here(ctx, case.reference),
    }
    return content, received


def export_ack(ctx, reference: str, out: Path):
    """Seal an acknowledgement for the station that handed case ``reference`` over."""
    ctx.require("cases.export")
    store = KeyStore(ctx)
    content, received = ack_content(ctx, reference)
    sender = store.trusted(received.peer_fingerprint)
    if sender is None or sender.revoked:
        raise UserError(_("The key of the station that sent case {reference} ({fingerprint}) "
                          "is revoked or no longer trusted: no acknowledgement can be sent.")
                        .format(reference=reference,
                                fingerprint=spoken(received.peer_fingerprint)))
    me = store.station()
    package_id = uuid.uuid4().hex
    created = utcnow()
    content = {"package_id": package_id, "created": created.isoformat(), **content}
    sealed = container.seal(
        kind="ack", package_id=package_id, created=created.isoformat(),
        sender_fingerprint=me.fingerprint, recipient_fingerprint=sender.fingerprint,
        recipient_x25519=sender.x25519_public, signing_key=me.signing_key,
        plaintext=container.canonical_json(content))
    out = Path(out)
    write_private_file(out, sealed)
    receipt = receipt_path(out)
    try:
        text = ack_receipt(ctx, reference, content, me, sender,
                           office_action_texts(ctx, reference))
        write_atomically(receipt, text.encode("utf-8"))
        with ctx.db.session() as session:
            session.add(HandoverPackageRow(
                package_id=package_id, kind="ack", direction="sent", case_id=received.case_id,
                remote_reference=received.remote_reference, peer_fingerprint=sender.fingerprint,
                created_at=created, recorded_at=utcnow(), recorded_by=ctx.user,
                content_enc=ctx.vault.cipher.encrypt_json(content, content_aad(package_id))))
    except BaseException:
        out.unlink(missing_ok=True)
        receipt.unlink(missing_ok=True)
        raise
    ctx.audit("handover_ack_export", reference, f"package {package_id}")
    return package_id, content


def progress_text(content: dict[str, Any]) -> str:
    """One line of what an acknowledgement says of the progress (the sender's view): the
    latest overall score, the change since the baseline, the plan refinement."""
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_stored_date
    from counsel_app.i18n.formatting import format_score

    lang = interface_language()
    follow = content.get("followup") or {}
    overall = (follow.get("latest") or {}).get("overall")
    change = (follow.get("change") or {}).get("overall")
    refined = content.get("plan_refined_on")
    return _("latest overall {overall}; change since the baseline {change}; plan refined "
             "{refined}").format(
        overall=format_score(overall, lang), change=format_score(change, lang, signed=True),
        refined=show_stored_date(refined, lang) if refined else _("not yet"))


def office_action_texts(ctx, reference: str) -> dict[str, str]:
    """The office's words for the plan actions of case ``reference`` (its stable id ->
    text), as its follow-up screens show them: the acknowledgement carries only the ids."""
    from counsel_app.followup.service import FollowupService

    try:
        actions = FollowupService(ctx).summary(reference).actions
    except UserError:  # not a case followed here: the ids alone
        return {}
    return {a.key: a.text.strip() for a in actions if a.text.strip()}


def receipt_path(out: Path) -> Path:
    return out.with_name(out.name + ".receipt.txt")


def ack_receipt(ctx, reference: str, content: dict[str, Any], station, sender,
                action_texts: dict[str, str] | None = None) -> str:
    """The office's file copy of an acknowledgement, in the interface language: what it
    told the sender (no names, no notes), to whom. The actions are named by
    ``action_texts`` (the office's words for them by id, :func:`office_action_texts`): the
    acknowledgement itself carries only their ids."""
    from counsel_app.followup.service import ACTION_STATUSES
    from counsel_app.handover.receipt import moment_text, purpose_label
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.dates import show_stored_date

    def day(text) -> str:
        """A stored ISO day in the medium form the screens show ("4 déc. 2026")."""
        return show_stored_date(text, interface_language()) if text else "-"

    follow = content.get("followup") or {}
    latest = follow.get("latest") or {}
    change = follow.get("change") or {}

    def num(value, signed=False):
        """A score as the interface language writes numbers ("0,75", "+0,15" in French)."""
        from counsel_app.i18n.formatting import format_score

        return format_score(value, interface_language(), signed=signed)

    arrival = content.get("arrival")
    sample = ctx.cases.get_by_reference(reference).is_sample
    lines = [
        _("ACKNOWLEDGEMENT RECEIPT"), "",
        *([_("SAMPLE — fictional data, not a real case"), ""] if sample else []),
        _("Case: {reference} (the sender's reference {remote})").format(
            reference=reference, remote=content.get("sender_reference") or "-"),
        _("Package: {package_id}").format(package_id=content.get("package_id")),
        _("Made: {when} (UTC)").format(when=moment_text(content.get("created"))),
        _("From this station: {name} (key {fingerprint})").format(
            name=station.name or "-", fingerprint=spoken(station.fingerprint)),
        _("To: {name} (key {fingerprint})").format(
            name=sender.name or "-", fingerprint=spoken(sender.fingerprint)), "",
        _("Reported:"),
        _("  Arrival: {date}; reception done: {done}").format(
            date=day(arrival["date"]) if arrival else "-",
            done=(_("yes") if arrival and arrival.get("reception_done") else _("no"))),
        _("  Plan refined: {date}").format(date=day(content.get("plan_refined_on"))),
        _("  Visits: {count}; latest {date}").format(count=follow.get("visits", 0),
                                                     date=day(follow.get("latest_date"))),
        _("  Latest overall score: {overall}; change since the baseline: {change}").format(
            overall=num(latest.get("overall")), change=num(change.get("overall"), True)),
    ]
    for item in content.get("actions") or []:
        label = ACTION_STATUSES.get(item.get("status"))
        key = str(item.get("key") or "")
        text = (action_texts or {}).get(key) or str(item.get("text") or "").strip()
        lines.append(_("  Action “{action}”: {status}").format(
            action=text or _("action {key}").format(key=key),
            status=_(label) if label else "?"))
    for item in content.get("consents_withdrawn") or []:
        lines.append(_("  Consent withdrawn at the office on {date}: {purpose}").format(
            date=day(item.get("on")), purpose=purpose_label(item.get("purpose", ""))))
    if content.get("closed"):
        lines.append(_("  Closed on {date}").format(date=day(content["closed"]["on"])))
    lines += ["", _("No names and no notes about the person were sent. Keep this receipt "
                    "with the case file."), ""]
    return "\n".join(lines)


_ORDER = [CaseStatus.HANDED_OVER, CaseStatus.DEPARTED, CaseStatus.ARRIVED, CaseStatus.FOLLOW_UP,
          CaseStatus.CLOSED]


def advance_from_ack(session, case_id: int, content: dict[str, Any], ctx=None) -> CaseStatus:
    """Move the sender's case forward by what the acknowledgement reports (arrived, visited,
    closed), one allowed step at a time, never backwards and never past what happened (a
    person who never arrived is closed without passing through *arrived*)."""
    steps = []
    if content.get("arrival"):
        steps.append(CaseStatus.ARRIVED)
    if (content.get("followup") or {}).get("visits"):
        steps.append(CaseStatus.FOLLOW_UP)
    if content.get("closed"):
        steps.append(CaseStatus.CLOSED)
    row = session.get(CaseRow, case_id)
    for step in steps:
        current = CaseStatus(row.status)
        if current not in _ORDER or _ORDER.index(step) <= _ORDER.index(current):
            continue
        if step in allowed_targets(current):
            move_status(session, case_id, step, ctx=ctx)
    return CaseStatus(row.status)


def apply_ack(ctx, parsed, sender, content: dict[str, Any], name: str) -> ImportResult:
    """Record an acknowledgement (already verified and decrypted) on the sending side."""
    with ctx.db.session() as session:
        original = session.scalar(select(HandoverPackageRow).where(
            HandoverPackageRow.package_id == str(content.get("ack_for", "")),
            HandoverPackageRow.kind == "handover", HandoverPackageRow.direction == "sent"))
        if original is None or original.peer_fingerprint != sender.fingerprint \
                or original.case_id is None:
            raise PackageRefused(_("{file} acknowledges a handover this station did not send "
                                   "to {office}; nothing was imported.").format(
                                       file=name, office=sender.name or "?"),
                                 "unknown_handover")
        row = session.get(CaseRow, original.case_id)
        reference = row.reference
        session.add(HandoverPackageRow(
            package_id=parsed.package_id, kind="ack", direction="received",
            case_id=original.case_id, remote_reference="", peer_fingerprint=sender.fingerprint,
            created_at=utcnow(), recorded_at=utcnow(), recorded_by=ctx.user,
            content_enc=ctx.vault.cipher.encrypt_json(content, content_aad(parsed.package_id))))
        status = advance_from_ack(session, original.case_id, content, ctx)
        from counsel_app.partners.referrals import apply_ack_referrals

        apply_ack_referrals(ctx, session, original.case_id, reference, content.get("referrals"))
    ctx.audit("handover_ack_import", reference, f"package {parsed.package_id}")
    return ImportResult("ack", parsed.package_id, sender, reference, "", status=status,
                        content=content)


def latest_ack(ctx, reference: str) -> dict[str, Any] | None:
    """The newest acknowledgement received for case ``reference`` (for the counsellor)."""
    from counsel_app.handover.records import packages_for_case

    case = ctx.cases.get_by_reference(reference)
    acks = [p for p in packages_for_case(ctx, case.id)
            if p["kind"] == "ack" and p["direction"] == "received"]
    return acks[-1]["content"] if acks else None


def acknowledged_actions(ctx, reference: str, content: dict[str, Any]
                         ) -> list[tuple[str, str]]:
    """(action text, status) for each plan action an acknowledgement reports, named from
    this station's plan of case ``reference`` by the action's stable id (the office keeps
    the ids it received); an action the office added is shown with the text it carries."""
    from counsel_app.followup.service import ACTION_STATUSES, plan_actions_from

    from counsel_app.plan.model import plan_to_data
    from counsel_app.plan.store import PlanRepository

    texts: dict[str, str] = {}
    plan = PlanRepository(ctx.db, ctx.vault.cipher).find(reference)
    if plan is not None:
        texts = dict(plan_actions_from(plan_to_data(plan)))
    out = []
    for item in content.get("actions") or []:
        if not isinstance(item, dict):
            continue
        key, status = str(item.get("key") or ""), str(item.get("status") or "")
        label = ACTION_STATUSES.get(status)
        carried = str(item.get("text") or "").strip()
        text = texts.get(key) or (_("{text} (added by the office)").format(text=carried)
                                  if carried else
                                  _("action {key} (added by the office)").format(key=key))
        out.append((text, _(label) if label else status))
    return out
