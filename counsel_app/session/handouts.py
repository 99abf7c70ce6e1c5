"""The information step's handout of the ticked library topics (Qt-free).

:func:`pack_topics` says what a handout would print (the library items ticked as covered);
:func:`prepare_handout` reads, on the caller's thread, everything the printing needs (the
centre's organisation name and "stale after" months, the counsellor as printed) and refuses
a handout without a ticked library topic; :meth:`HandoutJob.write` renders it (on a worker
thread: it reads the country library); :func:`handout_printed` records the print in the
session's information part and audits it (no personal data in the event). The command line
prints the same document with ``counsel-app packs handout``; given a case's reference, it
finds the case with :func:`handout_case` and prints through :func:`case_handout` as the
information step does, so a sample case's handout is marked SAMPLE at both doors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counsel_app.domain.case import Case
from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.session.information import PACK_PREFIX
from counsel_app.session.record import Information, now_iso


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
    of no case here, which its pages and code would name."""
    from counsel_app.errors import NotFound

    try:
        return ctx.cases.get_by_reference(reference.strip())
    except NotFound:
        raise UserError(_("There is no case {reference} on this station: give the reference "
                          "of a case here, or leave out --reference to print the handout "
                          "without a case.").format(reference=reference.strip())) from None


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


def handout_printed(ctx, case: Case, info: Information | None, job: HandoutJob,
                    now: datetime | None = None) -> None:
    """Record in ``info`` (saved with the session's information part; ``None`` from the
    command line, which has no session open) that ``job`` was printed, and audit it."""
    if info is not None:
        info.handouts_printed.append({"at": now_iso(now), "lang": job.lang,
                                      "topics": list(job.keys)})
    if ctx is not None:
        ctx.audit("print", case.reference, "handout")
