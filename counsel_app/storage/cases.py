"""The case repository: domain :class:`Case` objects in and out of storage.

Each public method is one user action in one short session. Personal data is encrypted
on the way in and decrypted on the way out; the ORM rows never leave this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (LargeBinary, Select, String, any_, bindparam, delete, func, or_,
                        select, text, update)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from counsel_app.domain.case import Case, as_utc, utcnow
from counsel_app.domain.enums import CaseStatus, Decision
from counsel_app.domain.reference import format_reference, is_reference
from counsel_app.errors import ConflictError, NotFound
from counsel_app.i18n import _
from counsel_app.storage.crypto import FieldCipher
from counsel_app.storage.db import Database
from counsel_app.storage.models import CaseRow, CaseSearchToken, ReferenceCounter


#: The year's next case number, PostgreSQL, run in autocommit (:meth:`CaseRepository.
#: _take_number`): the counter row is locked for this one statement, and its commit does
#: not wait for the disk (``synchronous_commit`` off for this transaction only).
_TAKE_NUMBER = text(
    "UPDATE reference_counters SET last_number = last_number + 1 "
    "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait "
    "WHERE year = :year RETURNING last_number")


#: the stored values of status and decision and what they mean (a dictionary look-up is
#: a twentieth of an enumeration's call, for each of a list's rows)
_STATUSES = {status.value: status for status in CaseStatus}
_DECISIONS = {decision.value: decision for decision in Decision}

#: The list's and count's statements by shape (:meth:`CaseRepository._statement`)
_STATEMENTS: dict[tuple, Select] = {}


class CaseConflict(ConflictError):
    """Someone saved the case since it was opened; carries both versions."""

    def __init__(self, mine: Case, theirs: Case):
        super().__init__(
            _("Case {reference} was changed by someone else since you opened it. "
              "Review their version, then keep yours or theirs.").format(
                reference=mine.reference
            )
        )
        self.mine = mine
        self.theirs = theirs


@dataclass(frozen=True)
class CaseSummary:
    """What the case list shows of one case."""

    id: int
    reference: str
    name: str
    status: CaseStatus
    decision: Decision | None
    return_country: str
    updated_at: datetime
    is_sample: bool
    #: the name as the person writes it, when it differs from ``name`` (Latin letters)
    native: str = ""


#: the list's name column holds both spellings: Latin, this separator, the person's own
NAME_SEPARATOR = "\x1f"


def list_name(person) -> str:
    """What the list's encrypted name column holds for ``person``."""
    latin, native = person.name_latin.strip(), person.name_native.strip()
    if native and latin and native != latin:
        return f"{latin}{NAME_SEPARATOR}{native}"
    return latin or native


def split_list_name(text: str) -> tuple[str, str]:
    """(Latin name, the person's own spelling or "") from the list's name column (a value
    written before both were kept holds one name)."""
    latin, _sep, native = (text or "").partition(NAME_SEPARATOR)
    return latin, native


def case_aad(reference: str, column: str) -> str:
    """The associated data that binds an encrypted column of ``cases`` to its case."""
    return f"cases:{reference}:{column}"


class CaseRepository:
    """``scope``: an optional where-clause on :class:`CaseRow` limiting which cases this
    repository sees at all (a post-arrival caseworker sees only the cases handed to them);
    a case outside it is reported as not found."""

    def __init__(self, db: Database, cipher: FieldCipher, *, scope=None):
        self.db = db
        self.cipher = cipher
        self.scope = scope
        #: case id -> (version, status, decision, (Latin name, native name)) as this
        #: repository last read or wrote them (:meth:`_save_in_one_statement`)
        self._stored: dict[int, tuple] = {}

    def _remember(self, case: Case) -> None:
        """What is stored of ``case`` at its version (it was just read or written)."""
        if len(self._stored) > 20_000:
            self._stored.clear()
        self._stored[case.id] = (case.version, case.status, case.decision,
                                 (case.person.name_latin, case.person.name_native))

    def _scoped_row(self, session: Session, *conditions) -> CaseRow | None:
        query = select(CaseRow).where(*conditions)
        if self.scope is not None:
            query = query.where(self.scope)
        return session.scalar(query)

    # -- create / read -------------------------------------------------------------------
    def create(self, case: Case, *, year: int | None = None) -> Case:
        """Store a new case, giving it the next reference of the year."""
        case.check_valid()
        year = year or utcnow().year
        for _attempt in range(5):
            number = None
            try:
                if not self.db.is_sqlite and self.db.open_transaction() is None:
                    number = self._take_number(year)
                    if self._create_in_one_statement(case, year, number):
                        self._remember(case)
                        return case
                with self.db.session() as session:
                    self._insert(session, case, year, number)
                    self._written(session, "create", case.reference)
                self._remember(case)
                return case
            except IntegrityError:
                continue  # another station took the same first number of the year: retry
        raise ConflictError(_("Could not allocate a case reference; try again."))

    def _create_in_one_statement(self, case: Case, year: int, number: int) -> bool:
        """PostgreSQL, no transaction open: a subclass may write the new case (its row and
        search tokens, :meth:`_new_row_values`) together with its record of the create as
        one statement that commits by itself; ``False`` (nothing written) when it does not,
        and :meth:`create` takes the usual way with the same number."""
        return False

    def _save_in_one_statement(self, case: Case) -> bool | None:
        """PostgreSQL, no transaction open: a subclass may save ``case`` and record the
        change as one statement that commits by itself, when this repository knows what
        is stored at the case's version (:meth:`_saving_values`); ``False`` (nothing
        written) when it does not, and :meth:`save` takes the usual way; ``None`` (nothing
        written) when the stored row was not at the case's version: :meth:`save` then
        reads it by itself, one statement, to report the conflict (or that the case is
        gone) without the usual transaction."""
        return False

    def _seen_at_another_version(self, case: Case) -> bool:
        """PostgreSQL, no transaction open, unscoped: this repository last read or wrote
        ``case`` at another version than the one being saved (a colleague's save it has
        seen since): the save is probably a conflict."""
        known = self._stored.get(case.id)
        return (known is not None and known[0] != case.version and not self.db.is_sqlite
                and self.scope is None and self.db.open_transaction() is None)

    def _saving_values(self, case: Case) -> tuple[dict, list[bytes] | None] | None:
        """For a save in one statement: the columns to write and the new search tokens
        (``None``: the names did not change), or ``None`` when the save must take the usual
        way: not PostgreSQL, a transaction open, a scoped repository, a case this
        repository has not read or written at this version, or a change of status or
        decision (whose checks need the usual way)."""
        known = self._stored.get(case.id)
        if (known is None or self.db.is_sqlite or self.scope is not None
                or self.db.open_transaction() is not None
                or known[:3] != (case.version, case.status, case.decision)):
            return None
        case.updated_at = utcnow()
        names = (case.person.name_latin, case.person.name_native)
        tokens = (None if names == known[3]
                  else sorted(self.cipher.search_tokens(*names)))
        return {"id": case.id, "version": case.version, **self._row_values(case)}, tokens

    def _new_row_values(self, case: Case, year: int, number: int) -> tuple[dict, list[bytes]]:
        """The columns of a new case's row and its search tokens; sets the case's
        reference and times (as :meth:`insert` does)."""
        case.reference = format_reference(year, number)
        case.created_at = case.updated_at = utcnow()
        values = {"reference": case.reference, "created_at": case.created_at, "version": 1,
                  **self._row_values(case)}
        return values, sorted(self.cipher.search_tokens(case.person.name_latin,
                                                        case.person.name_native))

    def _take_number(self, year: int) -> int:
        """The year's next number, committed at once on a connection of its own (outside
        any transaction the caller has open): one statement, which commits by itself (no
        ``BEGIN``, ``COMMIT`` round trips). A create that then fails leaves that
        number unused: references may have gaps, never duplicates. The commit does not
        wait for the disk (``synchronous_commit`` off): the case's own commit, which does,
        writes the log up to and past it; a number taken by a create that never committed
        may be lost in a crash of the server and taken again, which harms nothing."""
        rows = self.db.run_alone(_TAKE_NUMBER, {"year": year}) if (
            self.db.open_transaction() is None) else None
        if rows:  # straight through the driver: the usual case
            return rows[0][0]
        # PostgreSQL's dialect module is imported here, on PostgreSQL only: importing it
        # costs a SQLite station ~25 ms of its start (it loads every PostgreSQL driver's)
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        with self.db.autocommit() as conn:  # outside the caller's transaction
            for _attempt in range(3):
                number = conn.execute(_TAKE_NUMBER, {"year": year}).scalar()
                if number is not None:
                    return number
                conn.execute(pg_insert(ReferenceCounter).values(year=year, last_number=0)
                             .on_conflict_do_nothing(index_elements=["year"]))
        raise ConflictError(_("Could not allocate a case reference; try again."))

    def insert(self, session: Session, case: Case, *, year: int | None = None) -> Case:
        """Add a new case inside the caller's transaction (for an import that must be
        atomic with its own records); the caller commits or rolls back.

        Its number: on PostgreSQL taken in a transaction of its own (:meth:`_take_number`),
        so the year's counter row is locked for one statement, never for the whole create
        or import (twenty counsellors creating at once would queue on it, and a create
        inside a transaction that holds that row would wait on itself); on SQLite, one
        writer at a time anyway, in the caller's transaction."""
        case.check_valid()
        return self._insert(session, case, year or utcnow().year, None)

    def _insert(self, session: Session, case: Case, year: int, number: int | None) -> Case:
        if number is None:
            number = (self._next_number(session, year) if self.db.is_sqlite
                      else self._take_number(year))
        case.reference = format_reference(year, number)
        now = utcnow()
        case.created_at = case.updated_at = now
        row = CaseRow(reference=case.reference, created_at=now)
        self._fill(row, case)
        session.add(row)
        session.flush()
        case.id, case.version = row.id, row.version
        return case

    def _next_number(self, session: Session, year: int) -> int:
        bumped = session.execute(
            update(ReferenceCounter)
            .where(ReferenceCounter.year == year)
            .values(last_number=ReferenceCounter.last_number + 1)
            .returning(ReferenceCounter.last_number)
        ).scalar()
        if bumped is not None:
            return bumped
        session.add(ReferenceCounter(year=year, last_number=1))
        session.flush()
        return 1

    def get(self, case_id: int) -> Case:
        row = self._read_row("id", case_id)
        if row is None:
            raise NotFound(_("There is no case with id {id}.").format(id=case_id))
        return self._to_case(row)

    def get_by_reference(self, reference: str) -> Case:
        row = self._read_row("reference", reference.upper())
        if row is None:
            raise NotFound(_("There is no case {reference}.").format(reference=reference))
        return self._to_case(row)

    def _read_row(self, column: str, value):
        """The stored columns of the case whose ``column`` is ``value`` (within the scope),
        as a plain row: one statement, built once, no ORM object to build; unscoped, on
        PostgreSQL, straight through the driver (:meth:`Database.run_alone`)."""
        statement = _STATEMENTS.get(("row", column))
        if statement is None:
            statement = _STATEMENTS[("row", column)] = select(CaseRow.__table__).where(
                getattr(CaseRow, column) == bindparam("r_value"))
        params = {"r_value": value}
        if self.scope is not None:
            statement = statement.where(self.scope)
        else:
            rows = self.db.run_alone(statement, params)
            if rows is not None:
                return rows[0] if rows else None
        with self.db.read_connection() as conn:
            return conn.execute(statement, params).first()

    # -- save with optimistic locking -------------------------------------------------------
    def save(self, case: Case, *, overwrite: bool = False) -> Case:
        """Save changes; raise :class:`CaseConflict` if someone saved in between.

        With ``overwrite=True`` (the user chose to keep their version after seeing the
        conflict) the save goes over the current stored version.
        """
        if case.id is None:
            raise ValueError("save() needs a stored case; use create()")
        case.check_valid()
        if not overwrite:
            saved = self._save_in_one_statement(case)
            if saved:
                self._remember(case)
                return case
            if saved is None or self._seen_at_another_version(case):
                # the row is not at the case's version (or is gone), or was not when this
                # repository last read or wrote it: one read says which, not a transaction
                # (whose rollback would also make the driver drop and prepare again every
                # statement it had prepared on that connection)
                row = self._read_row("id", case.id)
                if row is None:
                    raise NotFound(_("Case {reference} no longer exists.").format(
                        reference=case.reference))
                if row.version != case.version:
                    raise CaseConflict(case, self._to_case(row))
        try:
            with self.db.session() as session:
                row = self._scoped_row(session, CaseRow.id == case.id)
                if row is None:
                    raise NotFound(_("Case {reference} no longer exists.").format(
                        reference=case.reference))
                if row.version != case.version and not overwrite:
                    raise CaseConflict(case, self._to_case(row))
                self._saving(session, case, CaseStatus(row.status),
                             Decision(row.decision) if row.decision else None)
                if overwrite:
                    case.version = row.version
                self._fill(row, case)
                row.updated_at = case.updated_at = utcnow()
                session.flush()
                case.version = row.version
                self._written(session, "change", case.reference)
            self._remember(case)
            return case
        except StaleDataError:
            theirs = CaseRepository.get(self, case.id)  # shown with the conflict, as above
            raise CaseConflict(case, theirs) from None

    def delete(self, case_id: int) -> None:
        with self.db.session() as session:
            reference = session.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
            session.execute(delete(CaseSearchToken).where(CaseSearchToken.case_id == case_id))
            session.execute(delete(CaseRow).where(CaseRow.id == case_id))
            if reference is not None:
                self._written(session, "erase", reference)

    def _saving(self, session: Session, case: Case, status: CaseStatus,
                decision: Decision | None) -> None:
        """Called by :meth:`save` inside its transaction, after the stored row was read and
        before it is changed, with the status and decision stored now: a subclass checks
        the change there (raising changes nothing). Reading them here, from the row the
        save reads anyway, spares a transaction of its own on every save."""

    def _written(self, session: Session, action: str, reference: str) -> None:
        """Called inside the transaction of each change (``create``, ``change``,
        ``erase``), before it commits: a subclass records it there (the audit trail), so
        the change and its record commit together or not at all."""

    # -- listing and search ---------------------------------------------------------------
    def count(self, **filters) -> int:
        keys, params = self._filter_values(**filters)
        # count(*), not count(id): SQLite then counts index entries without reading each
        # row's id (the whole list at 100,000 cases: 1.3 ms instead of 8.5)
        query = self._statement(("count", keys), lambda: self._filtered(
            select(func.count()).select_from(CaseRow), keys))
        # a scoped repository's statement is new each time: not kept for the driver
        rows = self.db.run_alone(query, params) if self.scope is None else None
        if rows is not None:
            return rows[0][0] or 0
        with self.db.read_connection() as conn:
            return conn.scalar(query, params) or 0

    def _statement(self, key: tuple, build) -> Select:
        """The statement of ``key`` (a shape: which filters, which order), built once per
        process (``build()``) and run with its values as parameters. Building a ``select``
        anew for every list cost the counsellor's process more CPU than fetching the page:
        SQLAlchemy then computes the new statement's cache key and adapts its cached
        compilation to it (issue 25). A scoped repository (its scope is its own clause)
        builds each time."""
        if self.scope is not None:
            return build()
        key = (self.db.is_sqlite, *key)  # a filter's conditions differ by database
        statement = _STATEMENTS.get(key)
        if statement is None:
            statement = _STATEMENTS[key] = build()
        return statement

    def list(
        self,
        *,
        text: str = "",
        status: CaseStatus | None = None,
        country: str | Sequence[str] | None = None,
        order_by: str = "updated_at",
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
        text_countries: Sequence[str] = (),
    ) -> list[CaseSummary]:
        """A page of case summaries matching the filters, in the given order.

        ``text_countries``: return countries whose names match ``text`` (the caller looks
        names up in the interface language); such cases match the text too."""
        columns = {
            "reference": CaseRow.reference,
            "status": CaseRow.status,
            "return_country": CaseRow.return_country,
            "updated_at": CaseRow.updated_at,
            "created_at": CaseRow.created_at,
        }
        column = columns.get(order_by, CaseRow.updated_at)
        if order_by not in columns:
            order_by = "updated_at"
        keys, params = self._filter_values(text=text, status=status, country=country,
                                           text_countries=text_countries)

        def build() -> Select:
            query = self._filtered(
                select(
                    CaseRow.id, CaseRow.reference, CaseRow.name_enc, CaseRow.status,
                    CaseRow.decision, CaseRow.return_country, CaseRow.updated_at,
                    CaseRow.is_sample,
                ), keys)
            order = column.desc() if descending else column.asc()
            query = query.order_by(order, CaseRow.id.desc() if descending else CaseRow.id.asc())
            return query.offset(bindparam("l_offset")).limit(bindparam("l_limit"))

        query = self._statement(("list", keys, order_by, bool(descending)), build)
        values = {**params, "l_offset": offset, "l_limit": limit}
        # a scoped repository's statement is new each time: not kept for the driver
        rows = self.db.run_alone(query, values) if self.scope is None else None
        if rows is None:
            with self.db.read_connection() as conn:
                rows = conn.execute(query, values).all()
        out = []
        decrypt, statuses, decisions = self.cipher.decrypt_text, _STATUSES, _DECISIONS
        # the columns by position: reading fifty rows by name cost more than decrypting
        for (case_id, reference, name_enc, status, decision, return_country, updated_at,
             is_sample) in rows:
            latin, native = split_list_name(decrypt(name_enc, case_aad(reference, "name")))
            out.append(CaseSummary(
                id=case_id,
                reference=reference,
                name=latin,
                status=statuses.get(status) or CaseStatus(status),
                decision=(decisions.get(decision) or Decision(decision)) if decision else None,
                return_country=return_country,
                updated_at=as_utc(updated_at),
                is_sample=is_sample,
                native=native,
            ))
        return out

    def _filter_values(self, *, text: str = "", status=None, country=None,
                       text_countries: Sequence[str] = ()) -> tuple[tuple, dict]:
        """The shape of a filter (the names of the parameters it has, which say which
        conditions :meth:`_filtered` adds) and the values of those parameters."""
        params: dict = {}
        if status:
            params["f_status"] = CaseStatus(status).value
        if country:
            codes = [country] if isinstance(country, str) else list(country)
            params["f_countries"] = [c.upper() for c in codes]
        text = text.strip()
        if text:
            if is_reference(text) or text.upper().startswith("AVRR"):
                params["f_reference"] = text.upper() + "%"
            elif text.isdigit():
                params["f_reference"] = f"%-{text}%"
            tokens = self.cipher.query_tokens(text)
            if tokens:
                params["f_tokens"] = tokens
                params["f_token_count"] = len(set(tokens))
            if text_countries:
                params["f_text_countries"] = [c.upper() for c in text_countries]
        return tuple(sorted(params)), params

    def _filtered(self, query: Select, keys: tuple) -> Select:
        """``query`` with the conditions of a filter of this shape (:meth:`_filter_values`),
        their values as parameters: the cases of a status, of return countries, and those
        whose reference begins with (or holds) the text, whose names have every word of it
        or whose return country's name matches it."""
        if self.scope is not None:
            query = query.where(self.scope)
        if "f_status" in keys:
            query = query.where(CaseRow.status == bindparam("f_status"))
        one_of = self._one_of
        if "f_countries" in keys:
            query = query.where(one_of(CaseRow.return_country, "f_countries", String))
        conditions = []
        if "f_reference" in keys:
            conditions.append(CaseRow.reference.like(bindparam("f_reference")))
        if "f_tokens" in keys:
            matching = (
                select(CaseSearchToken.case_id)
                .where(one_of(CaseSearchToken.token, "f_tokens", LargeBinary))
                .group_by(CaseSearchToken.case_id)
                .having(func.count(func.distinct(CaseSearchToken.token))
                        == bindparam("f_token_count"))
            )
            conditions.append(CaseRow.id.in_(matching))
        if "f_text_countries" in keys:
            conditions.append(one_of(CaseRow.return_country, "f_text_countries", String))
        return query.where(or_(*conditions)) if conditions else query

    def _one_of(self, column, name: str, item_type):
        """``column`` is one of the list given as the parameter ``name``: on PostgreSQL
        ``= ANY`` of one array parameter (the statement's text is the same for every list,
        so it is prepared once and runs straight through the driver,
        ``Database.run_alone``); on SQLite ``IN`` with one parameter per item."""
        if self.db.is_sqlite:
            return column.in_(bindparam(name, expanding=True))
        from sqlalchemy.dialects.postgresql import ARRAY  # PostgreSQL only (see above)

        return column == any_(bindparam(name, type_=ARRAY(item_type)))

    # -- mapping ---------------------------------------------------------------------------
    def _fill(self, row: CaseRow, case: Case) -> None:
        # the search tokens change only with the names: a save that keeps them neither
        # reads nor writes the tokens (the stored names are in the row the save has read)
        names = (case.person.name_latin, case.person.name_native)
        tokens = row.personal_enc is None or self._stored_names(row) != names
        # load the tokens before changing the row, so the lazy load does not autoflush a
        # half-made change (which would also count as a second version)
        have = {t.token: t for t in row.tokens} if tokens else {}
        for column, value in self._row_values(case).items():
            setattr(row, column, value)
        if not tokens:
            return
        wanted = self.cipher.search_tokens(case.person.name_latin, case.person.name_native)
        for token, item in have.items():
            if token not in wanted:
                row.tokens.remove(item)
        for token in wanted - have.keys():
            row.tokens.append(CaseSearchToken(token=token))

    def _row_values(self, case: Case) -> dict:
        """The columns a create or a save writes (all but reference, created_at, version)."""
        ref = case.reference
        return {
            "status": case.status.value,
            "decision": case.decision.value if case.decision else None,
            "host_country": case.host_country.upper(),
            "return_country": case.return_country.upper(),
            "is_sample": case.is_sample,
            "updated_at": case.updated_at,
            "name_enc": self.cipher.encrypt_text(list_name(case.person), case_aad(ref, "name")),
            "personal_enc": self.cipher.encrypt_json(case.personal_data(),
                                                     case_aad(ref, "personal")),
        }

    def _stored_names(self, row: CaseRow) -> tuple[str, str]:
        person = self.cipher.decrypt_json(
            row.personal_enc, case_aad(row.reference, "personal")).get("person") or {}
        return person.get("name_latin") or "", person.get("name_native") or ""

    def _to_case(self, row: CaseRow) -> Case:
        case = Case(
            reference=row.reference,
            status=CaseStatus(row.status),
            decision=Decision(row.decision) if row.decision else None,
            host_country=row.host_country,
            return_country=row.return_country,
            is_sample=row.is_sample,
            created_at=as_utc(row.created_at),
            updated_at=as_utc(row.updated_at),
            id=row.id,
            version=row.version,
        )
        case.load_personal_data(
            self.cipher.decrypt_json(row.personal_enc, case_aad(row.reference, "personal"))
        )
        self._remember(case)
        return case
