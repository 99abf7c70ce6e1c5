"""Handover packages: export a case to a trusted office, import one on the receiving side.

Export (sending station): the case's data bundle is cut to what the person's consents in
force allow for that recipient, sealed to the recipient's key and signed by this station
(:mod:`counsel_app.handover.container`), written to a file with a receipt page beside it,
recorded, and the case moves to *handed over*.

Import (receiving station): every check happens before anything is written (format,
addressed to this station, sender trusted and not revoked, signature, not already
imported, decryption, content); then the case, the package record and the post-arrival
record are written in one transaction. A refused package changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from counsel_app.domain.case import Case, HouseholdMember, Person, as_utc, utcnow
from counsel_app.domain.enums import CaseStatus, Decision, Relation, Sex
from counsel_app.errors import UserError, ValidationError
from counsel_app.handover import container
from counsel_app.handover.keys import KeyStore, TrustedKey, spoken
from counsel_app.handover.models import HandoverPackageRow
from counsel_app.handover.records import (  # noqa: F401  (also read from here by other areas)
    ACK_FORMAT,
    CONTENT_FORMAT,
    CONTENT_VERSION,
    ImportResult,
    PackageRefused,
    _handed_over_guard,
    content_aad,
    move_status,
    packages_for_case,
    sent_handover_blockers,
    write_private_file,
)
from counsel_app.handover.sources import DEFAULT_SOURCES, HandoverSources, build_bundle
from counsel_app.i18n import _, interface_language
from counsel_app.services.status import StatusBlocked, StatusChange
from counsel_app.storage.models import CaseRow

MAX_PACKAGE_BYTES = 32 * 1024 * 1024
#: statuses from which a case may be handed over (again: a lost package, a second office)
EXPORTABLE = (CaseStatus.PLAN_READY, CaseStatus.HANDED_OVER)


def _fmt_date(value: date | datetime) -> str:
    """A day in a refusal as the screens show it: the medium form of the interface language
    ("6 déc. 2026", "6 ديسمبر 2026"), never a numeric form that reads two ways."""
    from counsel_app.i18n.dates import show_date

    try:
        return show_date(value, interface_language())
    except Exception:  # noqa: BLE001 - formatting must never hide the real message
        return value.isoformat()[:10]


@dataclass
class ExportResult:
    package_id: str
    path: Path
    receipt_path: Path
    reference: str
    recipient: TrustedKey
    recipient_id: str
    shared: list[str]
    withheld: list[str]
    consents: list[dict[str, Any]]
    status: CaseStatus
    is_sample: bool = False
    seconds: float = 0.0
    #: the printed receipt (PDF, in the language chosen for it), beside the text receipt
    receipt_pdf_path: Path | None = None


def consent_summary(state, recipient_id: str) -> list[dict[str, Any]]:
    """The consents in the record that bear on sharing with ``recipient_id`` (no other
    recipients, no personal details such as teach-back notes or guardians)."""
    from counsel_app.consent.purposes import Purpose

    out = []
    for (purpose, rid), standing in sorted(state.standings.items(),
                                           key=lambda item: (item[0][0].number, item[0][1])):
        if rid and rid != recipient_id:
            continue
        if purpose is Purpose.SHARE_CONFIDENTIAL and not standing.in_force:
            continue  # a refusal would tell the office there is something confidential
        event = standing.event
        out.append({
            "purpose": purpose.value,
            "recipient_id": rid,
            "state": standing.kind.value,
            "since": standing.since.isoformat(),
            "text_version": event.text_version,
            "text_language": event.text_language,
            "method": event.method.value if event.method else None,
            "signer": event.signer.value if event.signer else None,
        })
    return out


# -- export --------------------------------------------------------------------------------
@dataclass
class Preview:
    """What an export to ``office`` would carry now (nothing sealed, nothing written)."""

    case: Case
    office: TrustedKey
    recipient_id: str
    shared: dict[str, Any]
    withheld: list[str]
    consents: list[dict[str, Any]]


def preview_handover(ctx, reference: str, recipient: str, *,
                     sources: HandoverSources = DEFAULT_SOURCES) -> Preview:
    """Every check of an export and the consent-filtered content, or a UserError saying
    why the case cannot be handed over to that office now."""
    from counsel_app.consent.purposes import Purpose
    from counsel_app.consent.rules import filter_for_recipient, withheld_categories

    ctx.require("cases.export")
    office = KeyStore(ctx).find_trusted(recipient)
    if office.revoked:
        raise UserError(_("The key of {office} ({fingerprint}) was revoked on {date}: nothing "
                          "can be sent to it.").format(office=office.name or _("this office"),
                                                       fingerprint=spoken(office.fingerprint),
                                                       date=_fmt_date(office.revoked_at)))
    if office.role != "office":
        raise UserError(_("{office} is trusted as a publisher, not as an office: packages "
                          "cannot be sent to it.").format(office=office.name))
    case = ctx.cases.get_by_reference(reference)
    if case.status not in EXPORTABLE:
        raise UserError(
            _("Case {reference} is “{status}”: a case is handed over once its plan is ready.")
            .format(reference=case.reference, status=_(case.status.label)))
    # what handed over needs besides the package itself (the screening's next steps done
    # or waived, the decision still voluntary...): checked before anything is sealed
    from counsel_app.services.status import guard_reasons

    reasons = guard_reasons(ctx, StatusChange(case, CaseStatus.HANDED_OVER, case.decision),
                            skip=(_handed_over_guard,))
    if reasons:
        raise StatusBlocked(case.status, CaseStatus.HANDED_OVER, reasons) \
            if case.status is not CaseStatus.HANDED_OVER else UserError(
                _("Case {reference} cannot be handed over again yet: {reasons}").format(
                    reference=case.reference, reasons=" ".join(reasons)))
    state = sources.consent_state(ctx, case)
    # the consent names the office by its key, by its name (recorded before the key was
    # trusted) or as the office in the country of return, key to follow
    recipient_id = state.recipient_for_office(office.fingerprint, office.name,
                                              case.return_country or "")
    if recipient_id is None:
        if not state.intact:
            state.require(Purpose.SHARE_WITH_RECIPIENT, office.fingerprint)  # says why
        from counsel_app.consent.rules import ConsentRequired

        raise ConsentRequired(_no_consent_for(state, case, office),
                              [(Purpose.SHARE_WITH_RECIPIENT, office.fingerprint)])
    from counsel_app.session.confidentiality import confidential_flags, shown_withheld

    bundle = build_bundle(case, sources.session(ctx, case), sources.plan(ctx, case),
                          sources.travel(ctx, case), sources.referrals(ctx, case),
                          confidential=confidential_flags(ctx))
    # the withheld list goes to the office: it never says a confidential part was held back
    return Preview(case, office, recipient_id, filter_for_recipient(bundle, state, recipient_id),
                   shown_withheld(withheld_categories(bundle, state, recipient_id)),
                   consent_summary(state, recipient_id))


def _no_consent_for(state, case, office) -> str:
    """Why the person's consents do not cover this office, in words (never a key's
    fingerprint): what is missing, and to whom they did consent."""
    from counsel_app.consent.purposes import Purpose

    name = office.name or _("this office")
    missing = [p for p in (Purpose.RETURN_DECISION, Purpose.DATA_PROCESSING)
               if not state.is_given(p)]
    if missing:
        return _("Case {reference}: {consents} not in force, so nothing can be shared with "
                 "{office}.").format(reference=case.reference, office=name,
                                     consents="; ".join(_(p.label) for p in missing))
    named = [state.describe(Purpose.SHARE_WITH_RECIPIENT, r).split(": ", 1)[-1]
             for r in state.recipients()]
    if named:
        return _("Case {reference}: the person consented to sharing with {named}, not with "
                 "{office}. If it is the same office, record the consent again naming "
                 "{office} at the Consent step; otherwise choose the office they consented "
                 "to.").format(reference=case.reference, named="; ".join(named), office=name)
    return _("Case {reference}: the person has not consented to sharing with {office}: "
             "record that consent at the Consent step first.").format(
        reference=case.reference, office=name)


def export_handover(ctx, reference: str, recipient: str, out: Path, *,
                    sources: HandoverSources = DEFAULT_SOURCES,
                    receipt_lang: str | None = None, receipt_pdf: bool = True
                    ) -> ExportResult:
    """Seal case ``reference`` for the trusted office ``recipient`` into ``out``.

    Beside the package: ``<out>.receipt.txt`` (interface language) and, unless
    ``receipt_pdf`` is false, ``<out>.receipt.pdf`` printed in ``receipt_lang`` (a document
    language; default: the interface language)."""
    import time

    from counsel_app.handover.receipt import receipt_language

    started = time.perf_counter()
    receipt_lang = receipt_language(receipt_lang)  # a wrong code: refused before anything
    preview = preview_handover(ctx, reference, recipient, sources=sources)
    case, office, recipient_id = preview.case, preview.office, preview.recipient_id
    shared, withheld, consents = preview.shared, preview.withheld, preview.consents
    store = KeyStore(ctx)
    me = store.station()
    package_id = uuid.uuid4().hex
    created = utcnow()
    content = {
        "format": CONTENT_FORMAT,
        "version": CONTENT_VERSION,
        "package_id": package_id,
        "created": created.isoformat(),
        "sender": {"fingerprint": me.fingerprint, "name": me.name},
        "recipient": {"fingerprint": office.fingerprint, "name": office.name,
                      "consent_recipient_id": recipient_id},
        "case": {"reference": case.reference, "return_country": case.return_country,
                 "host_country": case.host_country,
                 "decision": case.decision.value if case.decision else None,
                 "is_sample": case.is_sample},
        "consents": consents,
        "shared": sorted(shared),
        "withheld": sorted(withheld),
        "data": shared,
    }
    pdf = None
    if receipt_pdf:  # printed first: a language the fonts cannot print stops here, unsent
        from counsel_app.handover.receipt import receipt_pdf_bytes

        pdf = receipt_pdf_bytes(case, package_id, created, me, office, shared, withheld,
                                consents, receipt_lang)
    sealed = container.seal(
        kind="handover", package_id=package_id, created=created.isoformat(),
        sender_fingerprint=me.fingerprint, recipient_fingerprint=office.fingerprint,
        recipient_x25519=office.x25519_public, signing_key=me.signing_key,
        plaintext=container.canonical_json(content),
    )
    out = Path(out)
    write_private_file(out, sealed)
    receipt_path = out.with_name(out.name + ".receipt.txt")
    try:
        with ctx.db.session() as session:
            session.add(HandoverPackageRow(
                package_id=package_id, kind="handover", direction="sent", case_id=case.id,
                remote_reference="", peer_fingerprint=office.fingerprint, created_at=created,
                recorded_at=utcnow(), recorded_by=ctx.user,
                content_enc=ctx.vault.cipher.encrypt_json(
                    {k: v for k, v in content.items() if k != "data"}, content_aad(package_id)),
            ))
            if case.status is CaseStatus.PLAN_READY:
                move_status(session, case.id, CaseStatus.HANDED_OVER, ctx=ctx)
            status = CaseStatus(session.get(CaseRow, case.id).status)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    from counsel_app.handover.receipt import handover_receipt

    result = ExportResult(package_id, out, receipt_path, case.reference, office, recipient_id,
                          sorted(shared), sorted(withheld), consents, status,
                          is_sample=case.is_sample)
    write_private_file(receipt_path, handover_receipt(result, me, created).encode("utf-8"))
    if pdf is not None:
        result.receipt_pdf_path = out.with_name(out.name + ".receipt.pdf")
        write_private_file(result.receipt_pdf_path, pdf)
    ctx.audit("handover_export", case.reference,
              f"package {package_id} to {office.fingerprint}: {','.join(sorted(shared))}")
    result.seconds = time.perf_counter() - started
    return result


# -- import --------------------------------------------------------------------------------
def read_package(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageRefused(_("{file} is too large to be a handover package.").format(
                file=path.name), "not_a_package")
        return path.read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


def check_package(ctx, data: bytes, name: str, store: KeyStore):
    """Every check that needs no write; returns (parsed, sender, plaintext content)."""
    try:
        parsed = container.parse(data)
    except container.PackageFormatError as exc:
        if exc.kind == "truncated":
            raise PackageRefused(_("{file} is incomplete (cut short, perhaps copied before it "
                                   "finished). Ask the sender for it again; nothing was "
                                   "imported.").format(file=name), "truncated") from None
        if exc.kind == "not_a_package":
            raise PackageRefused(_("{file} is not a counsel-app package.").format(file=name),
                                 "not_a_package") from None
        raise PackageRefused(_("{file} is damaged and cannot be read; nothing was "
                               "imported.").format(file=name), "malformed") from None
    mine = store.station()
    recipient_fp = parsed.recipient_fingerprint
    state = store.station_key_state(recipient_fp)
    if state == "revoked":
        raise PackageRefused(_("{file} is addressed to a key of this station that was revoked "
                               "({fingerprint}). Ask the sender to use this station's new key; "
                               "nothing was imported.").format(
                                   file=name, fingerprint=spoken(recipient_fp)),
                             "revoked_recipient")
    if state is None:
        raise PackageRefused(_("{file} is addressed to another station (key {theirs}), not to "
                               "this one ({mine}); nothing was imported.").format(
                                   file=name, theirs=spoken(recipient_fp[:32] or "?"),
                                   mine=spoken(mine.fingerprint)), "wrong_recipient")
    sender = store.trusted(parsed.sender_fingerprint) if parsed.sender_fingerprint else None
    if sender is None:
        raise PackageRefused(_("{file} comes from a station this office does not trust (key "
                               "{fingerprint}). Import and verify its key first; nothing was "
                               "imported.").format(
                                   file=name, fingerprint=spoken(parsed.sender_fingerprint[:32]
                                                                 or "?")), "unknown_sender")
    if sender.revoked:
        raise PackageRefused(_("{file} is signed with the key of {office} ({fingerprint}), "
                               "which was revoked on {date}; nothing was imported.").format(
                                   file=name, office=sender.name or "?",
                                   fingerprint=spoken(sender.fingerprint),
                                   date=_fmt_date(sender.revoked_at)), "revoked_sender")
    if sender.role != "office":
        raise PackageRefused(_("{file} is signed with a publisher key ({office}), which is not "
                               "trusted for handovers; nothing was imported.").format(
                                   file=name, office=sender.name), "not_an_office")
    try:
        container.verify(parsed, sender.ed25519_public)
    except container.SignatureError:
        raise PackageRefused(_("{file} was changed after it was signed, or is damaged: its "
                               "signature does not match {office}'s key. Nothing was "
                               "imported.").format(file=name, office=sender.name or "?"),
                             "bad_signature") from None
    with ctx.db.read_session() as session:
        earlier = session.scalar(select(HandoverPackageRow)
                                 .where(HandoverPackageRow.package_id == parsed.package_id))
        if earlier is not None:
            local = session.get(CaseRow, earlier.case_id) if earlier.case_id else None
            raise PackageRefused(
                _("{file} was already imported on {date} (case {reference}); nothing was "
                  "changed.").format(file=name, date=_fmt_date(earlier.recorded_at),
                                     reference=local.reference if local else "?"),
                "replayed")
    from country_info import jsonlimits  # (not at import: keeps the app's start light)
    try:
        plaintext = container.open_body(parsed, mine.encryption_key)
        content = jsonlimits.loads(plaintext)
    except (container.DecryptError, ValueError):
        raise PackageRefused(_("{file} cannot be decrypted with this station's key; nothing "
                               "was imported.").format(file=name), "undecryptable") from None
    if not isinstance(content, dict) or content.get("package_id") != parsed.package_id:
        raise PackageRefused(_("{file} does not hold what its header says; nothing was "
                               "imported.").format(file=name), "bad_content")
    expected = {"handover": CONTENT_FORMAT, "ack": ACK_FORMAT}.get(parsed.kind)
    if content.get("format") != expected or content.get("version") != CONTENT_VERSION:
        raise PackageRefused(_("{file} holds content of an unknown format or version; nothing "
                               "was imported.").format(file=name), "bad_content")
    return parsed, sender, content


def import_package(ctx, path: Path, *, assign_to: str | None = None) -> ImportResult:
    """Import a handover or acknowledgement package (dispatching on its kind)."""
    ctx.require("cases.import")
    path = Path(path)
    if assign_to:
        from counsel_app.security.accounts import get_account

        get_account(ctx.db, assign_to)  # an unknown account is refused before anything
    store = KeyStore(ctx)
    parsed, sender, content = check_package(ctx, read_package(path), path.name, store)
    if parsed.kind == "ack":
        from counsel_app.handover.ack import apply_ack

        return apply_ack(ctx, parsed, sender, content, path.name)
    try:
        case = case_from_content(content, ctx.user)
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        raise PackageRefused(_("{file} holds case data this app cannot accept ({reason}); "
                               "nothing was imported.").format(file=path.name, reason=exc),
                             "bad_content") from None
    remote_reference = str(content["case"].get("reference", ""))[:20]
    with ctx.db.read_session() as session:
        earlier = session.execute(
            select(HandoverPackageRow.recorded_at, CaseRow.reference)
            .join(CaseRow, CaseRow.id == HandoverPackageRow.case_id)
            .where(HandoverPackageRow.kind == "handover",
                   HandoverPackageRow.direction == "received",
                   HandoverPackageRow.peer_fingerprint == sender.fingerprint,
                   HandoverPackageRow.remote_reference == remote_reference)).first()
    if earlier is not None and remote_reference:
        # a second package for a case already received (sent again): one case per person
        raise PackageRefused(
            _("{file} is another package for {sender}'s case {remote}, which was already "
              "imported here on {date} as case {reference}; nothing was imported.").format(
                  file=path.name, sender=sender.name or "?", remote=remote_reference,
                  date=_fmt_date(earlier.recorded_at), reference=earlier.reference),
            "duplicate_case")
    try:
        with ctx.db.session() as session:
            _insert_received(ctx, session, case, parsed, sender, content, remote_reference)
    except IntegrityError:
        # another import of the same package, or a reference taken at the same moment
        raise PackageRefused(_("{file} could not be imported because the database changed "
                               "at the same moment; nothing was imported. Try again.").format(
                                   file=path.name), "conflict") from None
    ctx.audit("handover_import", case.reference,
              f"package {parsed.package_id} from {sender.fingerprint}")
    from counsel_app.partners.referrals import receive_from_handover

    plan = receive_from_handover(ctx, case, content.get("data") or {})  # tracked referrals
    _store_received_plan(ctx, case.reference, plan)
    grant_to = assign_to or (ctx.user if getattr(ctx, "role", "") == "caseworker" else None)
    if grant_to:
        from counsel_app.security.access import grant_case_access

        grant_case_access(ctx, case.id, grant_to)
    return ImportResult("handover", parsed.package_id, sender, case.reference, remote_reference,
                        list(content.get("shared") or []), list(content.get("withheld") or []),
                        list(content.get("consents") or []), case.status, content)


def _insert_received(ctx, session, case, parsed, sender, content, remote_reference) -> None:
    from counsel_app.followup.service import baseline_visit_row, new_followup_row

    ctx.cases.insert(session, case)
    session.add(HandoverPackageRow(
        package_id=parsed.package_id, kind="handover", direction="received",
        case_id=case.id, remote_reference=remote_reference,
        peer_fingerprint=sender.fingerprint,
        created_at=_parse_dt(content.get("created")), recorded_at=utcnow(),
        recorded_by=ctx.user,
        content_enc=ctx.vault.cipher.encrypt_json(content, content_aad(parsed.package_id)),
    ))
    session.add(new_followup_row(case.id))
    baseline = ((content.get("data") or {}).get("assessments") or {}).get("rss_baseline")
    if baseline:
        session.add(baseline_visit_row(ctx, case.id, baseline,
                                       _parse_dt(content.get("created")).date()))


def _store_received_plan(ctx, reference: str, plan: Any) -> None:
    """Give the received plan to the plan area, so the caseworker refines it in the plan
    editor. The package record keeps the plan as received either way."""
    if not isinstance(plan, dict):
        return
    from counsel_app.plan.model import plan_from_data
    from counsel_app.plan.store import PlanRepository

    try:
        local = plan_from_data({**plan, "reference": reference})
        PlanRepository(ctx.db, ctx.vault.cipher).save(local, user=ctx.user)
    except UserError:
        import logging

        logging.getLogger(__name__).warning(
            "received plan of %s not copied to the plan editor", reference, exc_info=True)


def _parse_dt(text: Any) -> datetime:
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return utcnow()
    return as_utc(value)


def case_from_content(content: dict[str, Any], user: str) -> Case:
    """The receiving station's new case from a package's content (validated)."""
    meta = content["case"]
    data = content.get("data") or {}
    ident = data.get("identification")
    person = Person()
    household: list[HouseholdMember] = []
    region = town = ""
    if isinstance(ident, dict):
        person = Person(
            name_native=str(ident.get("name_native") or ""),
            name_latin=str(ident.get("name_latin") or ""),
            sex=Sex(ident.get("sex") or "not_stated"),
            date_of_birth=date.fromisoformat(ident["date_of_birth"])
            if ident.get("date_of_birth") else None,
            estimated_age=ident.get("estimated_age"),
            age_estimated_on=date.fromisoformat(ident["age_estimated_on"])
            if ident.get("age_estimated_on") else None,
            nationality=str(ident.get("nationality") or ""),
            languages=[str(x) for x in ident.get("languages") or []],
            preferred_language=str(ident.get("preferred_language") or ""),
        )
        region = str(ident.get("return_region") or "")
        town = str(ident.get("return_town") or "")
        household = [HouseholdMember(Relation(m.get("relation") or "other"), "", m.get("age"),
                                     bool(m.get("travelling")))
                     for m in ident.get("household") or []]
    if not (person.name_native or person.name_latin):
        # identity not shared: the case is known by the sender's reference only
        person.name_latin = f"[{meta.get('reference') or content['package_id'][:8]}]"
    contact = data.get("follow_up_contact")
    if isinstance(contact, dict):
        person.phone = str(contact.get("phone") or "")
    case = Case(
        status=CaseStatus.HANDED_OVER,
        decision=Decision.RETURN,
        person=person,
        household=household,
        counsellor=user,
        host_country=str(meta.get("host_country") or "").upper(),
        return_country=str(meta.get("return_country") or "").upper(),
        return_region=region,
        return_town=town,
        is_sample=bool(meta.get("is_sample")),
    )
    case.check_valid()
    return case


def withdrawal_flags(ctx, reference, state=None) -> list[dict[str, Any]]:
    """Handovers of case ``reference`` (or the :class:`Case` the caller holds) already
    sent to an office whose sharing consent is no longer in force (withdrawn since): the
    counsellor must tell that office."""
    from counsel_app.consent.purposes import Purpose
    from counsel_app.consent.service import opened

    case = opened(ctx, reference)
    sent = [p for p in packages_for_case(ctx, case.id)
            if p["kind"] == "handover" and p["direction"] == "sent"]
    if not sent:
        return []
    if state is None:
        state = DEFAULT_SOURCES.consent_state(ctx, case)
    flags = []
    for package in sent:
        recipient = package["content"].get("recipient") or {}
        rid = recipient.get("consent_recipient_id") or package["peer"]
        if not state.allows(Purpose.SHARE_WITH_RECIPIENT, rid):
            standing = state.standing(Purpose.SHARE_WITH_RECIPIENT, rid)
            flags.append({"package_id": package["package_id"],
                          "office": recipient.get("name") or package["peer"],
                          "fingerprint": package["peer"],
                          "sent_at": package["created_at"],
                          "withdrawn_at": standing.since if standing else None})
    return flags


def flag_packages_on_withdrawal(ctx, withdrawal) -> None:
    """Consent-withdrawal listener (plugged in by :func:`counsel_app.areas.load`): record in
    the audit trail which sent handovers are now flagged."""
    for flag in withdrawal_flags(ctx, withdrawal.case or withdrawal.reference,
                                 withdrawal.state):
        ctx.audit("handover_flagged", withdrawal.reference,
                  f"package {flag['package_id']} to {flag['fingerprint']}: consent withdrawn")

