"""Retention and erasure.

* **Retention**: a period (in days) per case status; a case whose status has a period and
  that has not changed for longer is *anonymised*: identity, search tokens and every other
  area's records about it are removed; what stays is statistics (status, decision,
  countries, sex, age band, reason category, dates truncated to the month).
* **Erasure on request**: the case and everything about it is deleted; the audit trail
  keeps a tombstone (``erase`` with the reference, nobody's name).

Other areas' tables that refer to ``cases.id`` are found from the metadata and their rows
about the case are deleted in both operations, unless the area registered its own handler
with :func:`register_case_data_handler` (for example to keep a non-personal stub).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counsel_app.domain.case import as_utc, utcnow, years_between
from counsel_app.domain.enums import CaseStatus
from counsel_app.errors import NotFound, UserError, ValidationError
from counsel_app.i18n import _
from counsel_app.security.models import AnonymisedCase
from counsel_app.security.roles import Permission
from counsel_app.security.settings import get_setting, set_setting
from counsel_app.storage.cases import case_aad
from counsel_app.storage.models import Base, CaseRow, CaseSearchToken, require_all_models

SETTING_KEY = "retention_days"
#: Project defaults: closed cases two years after their last change; everything else is
#: kept until closed (an organisation sets its own periods).
DEFAULT_PERIODS: dict[str, int] = {CaseStatus.CLOSED.value: 730}

AGE_BANDS = ((0, 5), (5, 12), (12, 18), (18, 25), (25, 35), (35, 50), (50, 65), (65, 200))


@dataclass(frozen=True)
class CaseDataHandler:
    """How an area removes its records about one case; each is called as
    ``handler(session, case_id, ctx)`` inside the operation's transaction (``ctx``: the
    signed-in administrator, for ``ctx.vault.cipher``). The case row still exists then."""

    anonymise: Callable[[Session, int, object], None]
    erase: Callable[[Session, int, object], None]


#: table name -> handler; tables not listed lose their rows about the case.
CASE_DATA_HANDLERS: dict[str, CaseDataHandler] = {}

#: tables of this module handled explicitly
_OWN = {"cases", "case_search_tokens", "anonymised_cases"}


def register_case_data_handler(table: str, handler: CaseDataHandler) -> None:
    CASE_DATA_HANDLERS[table] = handler


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for low, high in AGE_BANDS:
        if low <= age < high:
            return f"{low}-{high - 1}" if high < 200 else f"{low}+"
    return "unknown"


# -- settings -------------------------------------------------------------------------------

def retention_periods(db) -> dict[str, int]:
    return dict(get_setting(db, SETTING_KEY, DEFAULT_PERIODS))


#: the longest retention period (100 years): a longer one reaches before the calendar's start
MAX_RETENTION_DAYS = 36525


def set_retention_period(ctx, status: str, days: int | None) -> None:
    ctx.require(Permission.RETENTION)
    try:
        status = CaseStatus(status).value
    except ValueError:
        raise ValidationError(
            _("“{status}” is not a case status; choose from {choices}.").format(
                status=status, choices=", ".join(s.value for s in CaseStatus)), "status"
        ) from None
    if days is not None and days < 1:
        raise ValidationError(_("A retention period must be at least one day."), "days")
    if days is not None and days > MAX_RETENTION_DAYS:
        raise ValidationError(_("A retention period can be at most {n} days (100 years); to "
                                "keep cases, set none.").format(n=MAX_RETENTION_DAYS), "days")
    periods = retention_periods(ctx.db)
    if days is None:
        periods.pop(status, None)
    else:
        periods[status] = int(days)
    set_setting(ctx.db, SETTING_KEY, periods)
    ctx.audit("settings", None, f"retention {status}={days}")


# -- other areas' records ---------------------------------------------------------------------

def _referring_tables():
    """(table, column) pairs of every table with a foreign key to ``cases.id``, children of
    children first."""
    require_all_models()
    found = []
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in _OWN:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "cases" and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def _remove_related(ctx, session: Session, case_id: int, mode: str) -> None:
    from counsel_app.security.hooks import load_area_hooks

    load_area_hooks()  # every area's handler, whatever screens were opened
    for table, column in _referring_tables():
        handler = CASE_DATA_HANDLERS.get(table.name)
        if handler is not None:
            getattr(handler, mode)(session, case_id, ctx)
        else:
            session.execute(delete(table).where(column == case_id))


# -- anonymisation ----------------------------------------------------------------------------

def _month(value: datetime) -> datetime:
    return as_utc(value).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def anonymise_case(ctx, case_id: int) -> str:
    """Remove the identity of one case now, keeping its statistics; returns its reference."""
    ctx.require(Permission.RETENTION)
    cipher = ctx.vault.cipher
    with ctx.db.session() as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise NotFound(_("There is no case with id {id}.").format(id=case_id))
        if session.get(AnonymisedCase, case_id) is not None:
            return row.reference
        ref = row.reference
        data = cipher.decrypt_json(row.personal_enc, case_aad(ref, "personal"))
        person = data.get("person") or {}
        created = as_utc(row.created_at)
        age = None
        if person.get("date_of_birth"):
            age = years_between(date.fromisoformat(person["date_of_birth"]), created.date())
        elif person.get("estimated_age") is not None:
            age = int(person["estimated_age"])
        stats = {"sex": person.get("sex") or "not_stated", "age_band": age_band(age),
                 "reason": data.get("reason")}
        _remove_related(ctx, session, case_id, "anonymise")
        session.execute(delete(CaseSearchToken).where(CaseSearchToken.case_id == case_id))
        session.expire(row, ["tokens"])
        row.name_enc = cipher.encrypt_text("", case_aad(ref, "name"))
        row.personal_enc = cipher.encrypt_json(
            {"person": {"sex": stats["sex"]}, "household": [], "reason": stats["reason"],
             "anonymised": {"age_band": stats["age_band"]}},
            case_aad(ref, "personal"))
        row.created_at = _month(row.created_at)
        row.updated_at = _month(row.updated_at)
        session.add(AnonymisedCase(case_id=case_id, anonymised_at=utcnow(), **stats))
    ctx.audit("anonymise", ref, "retention")
    return ref


@dataclass(frozen=True)
class RetentionResult:
    anonymised: list[str]
    periods: dict[str, int]


def due_for_anonymisation(db, *, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    periods = retention_periods(db)
    ids: list[int] = []
    with db.read_session() as session:
        done = select(AnonymisedCase.case_id)
        for status, days in periods.items():
            if days > MAX_RETENTION_DAYS:  # stored before the limit: no case is that old
                continue
            cutoff = now - timedelta(days=days)
            ids += session.scalars(
                select(CaseRow.id).where(CaseRow.status == status, CaseRow.updated_at < cutoff,
                                         CaseRow.id.not_in(done)).order_by(CaseRow.id)
            ).all()
    return ids


def apply_retention(ctx, *, now: datetime | None = None, dry_run: bool = False) -> RetentionResult:
    """Anonymise every case past the period of its status."""
    ctx.require(Permission.RETENTION)
    due = due_for_anonymisation(ctx.db, now=now)
    if dry_run:
        with ctx.db.read_session() as session:
            refs = session.scalars(select(CaseRow.reference).where(CaseRow.id.in_(due))).all()
        return RetentionResult(sorted(refs), retention_periods(ctx.db))
    refs = [anonymise_case(ctx, case_id) for case_id in due]
    ctx.audit("retention", None, f"{len(refs)} anonymised")
    return RetentionResult(refs, retention_periods(ctx.db))


def is_anonymised(db, case_id: int) -> bool:
    with db.read_session() as session:
        return session.get(AnonymisedCase, case_id) is not None


# -- erasure ----------------------------------------------------------------------------------

def erase_case(ctx, case_id: int, *, reason: str = "on request") -> str:
    """Delete the case and everything about it; the audit trail keeps a tombstone."""
    ctx.require(Permission.CASES_ERASE)
    with ctx.db.session() as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise NotFound(_("There is no case with id {id}.").format(id=case_id))
        ref = row.reference
        _remove_related(ctx, session, case_id, "erase")
        session.execute(delete(CaseSearchToken).where(CaseSearchToken.case_id == case_id))
        session.execute(delete(AnonymisedCase).where(AnonymisedCase.case_id == case_id))
        session.execute(delete(CaseRow).where(CaseRow.id == case_id))
    ctx.audit("erase", ref, reason[:100])
    return ref


def find_case_id(ctx, reference: str) -> int:
    with ctx.db.read_session() as session:
        case_id = session.scalar(select(CaseRow.id).where(CaseRow.reference == reference.upper()))
    if case_id is None:
        raise UserError(_("There is no case {reference}.").format(reference=reference))
    return case_id


# -- at an administrator's sign-in ----------------------------------------------------------

@dataclass(frozen=True)
class SignInRetention:
    """What :func:`apply_retention_at_sign_in` did: the references anonymised, the ids of
    cases that could not be (left for the next run; see the log), and whether it ran."""

    ran: bool
    anonymised: list[str]
    failed: list[int]


def apply_retention_at_sign_in(ctx, *, now: datetime | None = None) -> SignInRetention:
    """Apply the retention periods without the command line, for the app to call right
    after someone signs in (Qt-free; call it on a worker thread).

    Does nothing for a role that may not apply retention (only administrators may). Each
    case is anonymised in its own transaction; one that fails is logged by id (no personal
    data) and left for the next sign-in, so a damaged record never blocks the sign-in."""
    import logging

    from counsel_app.security.roles import Permission as _P

    if not ctx.allows(_P.RETENTION):
        return SignInRetention(False, [], [])
    done: list[str] = []
    failed: list[int] = []
    for case_id in due_for_anonymisation(ctx.db, now=now):
        try:
            done.append(anonymise_case(ctx, case_id))
        except Exception:  # noqa: BLE001 - the sign-in goes on; the case is retried next time
            logging.getLogger(__name__).exception("retention: case id %s not anonymised",
                                                  case_id)
            failed.append(case_id)
    if done or failed:
        ctx.audit("retention", None, f"at sign-in: {len(done)} anonymised, {len(failed)} failed")
    return SignInRetention(True, done, failed)
