"""The information step's handout of the ticked library topics (Qt-free).

:func:`pack_topics` says what a handout would print (the library items ticked as covered);
:func:`prepare_handout` reads, on the caller's thread, everything the printing needs (the
centre's organisation name and "stale after" months, the counsellor as printed) and refuses
a handout without a ticked library topic; :meth:`HandoutJob.write` renders it (on a worker
thread: it reads the country library); :func:`handout_printed` records the print in the
session's information part and audits it (no personal data in the event), and
:func:`printed_summary` says what was printed, for the information step to show. The
command line prints the same document with ``counsel-app packs handout``; given a case's
reference, it finds the case with :func:`handout_case` and prints through
:func:`case_handout` as the information step does, so a sample case's handout is marked
SAMPLE at both doors, and
:func:`record_handout` records the print in the case's stored session through
:func:`handout_printed`, so the person's copy lists it whichever door printed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counsel_app.domain.case import Case
from counsel_app.errors import UserError
from counsel_app.i18n import _, interface_language, ngettext
from counsel_app.i18n.names import language_name
from counsel_app.session.information import PACK_PREFIX
from counsel_app.session.record import Information, SessionRecord, now_iso


def pack_topics(info: Information) -> list[str]:
    """The library items (entry keys) ticked as covered: what a handout prints."""
    return [k[len(PACK_PREFIX):] for k in info.covered if k.startswith(PACK_PREFIX)]


def handout_blocker(info: Information, country: str) -> str:
    """Why no handout can be printed now ("" when one can)."""
    if not country:
        return _("Choose the country of return at the intake to see its library.")
    if not pack_topics(info):
        return _("Tick at least one library topic to print a handout.")
    return ""


@dataclass(frozen=True)
class HandoutJob:
    """A handout ready to be written: every value read beforehand (no database here)."""

    country: str
    keys: tuple[str, ...]
    lang: str
    reference: str
    is_sample: bool
    region: str | None
    organisation: str
    months: int | None
    counsellor: str
    counsellor_contact: str
    logo: object = None

    def write(self, library, out: str) -> str:
        from counsel_app.documents.handout import country_handout

        country_handout(library, self.country, list(self.keys), self.lang,
                        reference=self.reference, organisation=self.organisation,
                        logo=self.logo, is_sample=self.is_sample, region=self.region,
                        months=self.months, counsellor=self.counsellor,
                        counsellor_contact=self.counsellor_contact, out=out)
        return out


def prepare_handout(ctx, case: Case, info: Information, lang: str, *,
                    logo=None) -> HandoutJob:
    """The handout of ``case``'s ticked library topics in ``lang``; :class:`UserError`
    (one sentence) when there is nothing to print. ``ctx`` may be ``None`` (no database:
    the library's defaults, no counsellor line)."""
    problem = handout_blocker(info, case.return_country)
    if problem:
        raise UserError(problem)
    return case_handout(ctx, case, case.return_country, pack_topics(info), lang,
                        region=case.return_region, logo=logo)


def handout_case(ctx, reference: str) -> Case:
    """The case of this station whose handout is printed with ``reference`` (the command
    line's ``--reference``): :class:`UserError` in one sentence when there is none (or the
    signed-in counsellor may not see it): a handout is never printed with the reference
    of no case here, which its pages and code would name. Nor is one printed for a case
    whose session the signed-in user may not change (a supervisor's, read-only at the
    information step too): the print is recorded there (:func:`record_handout`)."""
    from counsel_app.errors import NotFound
    from counsel_app.security.roles import Permission, role_label

    try:
        case = ctx.cases.get_by_reference(reference.strip())
    except NotFound:
        raise UserError(_("There is no case {reference} on this station: give the reference "
                          "of a case here, or leave out --reference to print the handout "
                          "without a case.").format(reference=reference.strip())) from None
    if not ctx.allows(Permission.CASES_WRITE):
        raise UserError(_("Your role ({role}) does not allow you to change case {reference}, "
                          "where a handout printed for it is recorded: leave out --reference "
                          "to print the handout without a case.").format(
            role=role_label(ctx.role), reference=case.reference))
    return case


def case_handout(ctx, case: Case, country: str, keys, lang: str, *,
                 region: str | None = None, logo=None, organisation: str = "") -> HandoutJob:
    """The handout of the library items ``keys`` of ``country`` printed for ``case``: the
    one place that decides what a case's handout carries, at every door (the information
    step, ``counsel-app packs handout --reference``): the case's reference, and the SAMPLE
    mark on every page when the case is sample data; the centre's organisation name
    (unless ``organisation`` is given) and "stale after" months; the case's counsellor as
    printed. ``ctx`` may be ``None`` (no database: the library's defaults)."""
    months, counsellor, contact = None, "", ""
    if ctx is not None:
        from counsel_app import settings
        from counsel_app.security.accounts import printed_counsellor

        centre = settings.values(ctx.db, ["organisation_name", "stale_months"])
        organisation, months = organisation or centre["organisation_name"], centre["stale_months"]
        counsellor, contact = printed_counsellor(ctx.db, case.counsellor or ctx.user)
    return HandoutJob(country, tuple(keys), lang, case.reference, bool(case.is_sample),
                      region or None, organisation or "", months, counsellor, contact, logo)


def handout_printed(ctx, case: Case, info: Information, job: HandoutJob,
                    now: datetime | None = None) -> None:
    """Record in ``info`` (the session's information part, for the caller to save: the
    information step's autosave, or :func:`record_handout`) that ``job`` was printed, and
    audit the print."""
    info.handouts_printed.append({"at": now_iso(now), "lang": job.lang,
                                  "topics": list(job.keys)})
    if ctx is not None:
        ctx.audit("print", case.reference, "handout")


def printed_summary(info: Information) -> str:
    """What handouts were printed for the person, in one sentence of the interface language:
    "No handout printed yet.", "Handout printed on Dec 7, 2026 in French (3 topics).", or
    "3 handouts printed; the last on Dec 7, 2026 in French (5 topics).". Prints from every
    door count (the information step, ``counsel-app packs handout --reference``); the day
    is the one where this station is (a print's time is stored in UTC), in the medium form
    of :mod:`counsel_app.i18n.dates`."""
    printed = info.handouts_printed
    if not printed:
        return _("No handout printed yet.")
    lang = interface_language()
    # the latest by its time (ISO text in UTC); of two at the same second, the one added last
    last = max(enumerate(printed), key=lambda pair: (str(pair[1].get("at") or ""), pair[0]))[1]
    date = _printed_day(last.get("at"), lang)
    code = last.get("lang") or ""
    language = language_name(code, lang, capitalised=False) if code else "?"
    topics = len(last.get("topics") or [])
    if len(printed) == 1:
        return ngettext("Handout printed on {date} in {language} ({n} topic).",
                        "Handout printed on {date} in {language} ({n} topics).",
                        topics).format(date=date, language=language, n=topics)
    return ngettext("{count} handout printed; the last on {date} in {language} ({topics}).",
                    "{count} handouts printed; the last on {date} in {language} ({topics}).",
                    len(printed)).format(
        count=len(printed), date=date, language=language,
        topics=ngettext("{n} topic", "{n} topics", topics).format(n=topics))


def _printed_day(at, lang: str) -> str:
    """The day of a print's stored time (ISO, UTC) where this station is, in the medium form
    of ``lang``; a text that is no such time is shown as it is."""
    from counsel_app.i18n.dates import show_date, show_stored_date

    try:
        return show_date(datetime.fromisoformat(str(at)).astimezone(), lang)
    except (TypeError, ValueError):
        return show_stored_date(str(at or ""), lang) or "?"


#: How many times :func:`record_handout` adds its print to a part saved elsewhere meanwhile
RECORD_ATTEMPTS = 3


def record_handout(ctx, case: Case, job: HandoutJob, now: datetime | None = None,
                   store=None) -> SessionRecord:
    """Record in ``case``'s stored session that ``job`` was printed (the command line, which
    has no session open): its information part is read, the print added and audited by
    :func:`handout_printed`, and the part saved through the session store seen through the
    signed-in user, as the session screen saves it (role and case scope checked, the
    version checked), and the change audited as the screen audits a sitting. When the part
    was saved elsewhere since it was read, the print is added to that version (a print is
    only ever added: nothing saved there is lost), a few times at most before the
    :class:`~counsel_app.session.store.SessionConflict` is raised. Returns the record saved."""
    from counsel_app.session.store import SessionConflict, audit_sitting

    if store is None:
        from counsel_app.security.scoped import ScopedSessionStore

        store = ScopedSessionStore(ctx)
    record = store.load(case.id, case.reference)
    handout_printed(ctx, case, record.information, job, now)
    entry = record.information.handouts_printed[-1]
    for attempt in range(RECORD_ATTEMPTS):
        try:
            store.save_part(record, "information")
            break
        except SessionConflict as conflict:
            if attempt == RECORD_ATTEMPTS - 1:
                raise
            store.take_theirs(record, conflict)
            record.information.handouts_printed.append(entry)
    audit_sitting(ctx, case.reference, ["information"])
    return record
