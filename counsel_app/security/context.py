"""The context of one signed-in user: the database, the unlocked vault, the account and
its role; the case repository seen through that user (role checked, reads and changes in
the audit trail). Made by a sign-in (:mod:`counsel_app.security.accounts`); commands and
screens receive it (``counsel_app.context`` also names it, with the helpers that open a
database and sign in).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from counsel_app.errors import NotFound
from counsel_app.i18n import _
from counsel_app.storage import keys
from counsel_app.storage.cases import CaseRepository
from counsel_app.storage.db import Database


@dataclass
class AppContext:
    db: Database
    vault: keys.Vault
    user: str
    #: counsellor, supervisor, administrator or caseworker (see counsel_app.security.roles)
    role: str = "administrator"
    #: what the sign-in's check of the audit trail found (``security.audit.VerifyResult``;
    #: ``None`` when the context was not made by a sign-in); a broken trail never stops
    #: anyone working, it is reported
    trail: object = None

    @cached_property
    def cases(self) -> CaseRepository:
        """The cases this user may see; every read and change goes to the audit trail."""
        from counsel_app.security.access import case_scope

        return TracedCaseRepository(self, scope=case_scope(self.user, self.role))

    def allows(self, permission: str) -> bool:
        from counsel_app.security.roles import allows

        return allows(self.role, permission)

    def require(self, permission: str) -> None:
        """Raise a :class:`UserError` naming the role when it does not allow ``permission``
        (names in :class:`counsel_app.security.roles.Permission`)."""
        from counsel_app.security.roles import check

        check(self.role, permission)

    def audit(self, action: str, reference: str | None = None, detail: str = "") -> None:
        """Record that this user did ``action`` (view, change, print, export, import...)
        on case ``reference``. ``detail`` must hold no personal data.

        Called inside ``with ctx.db.session():`` the event is part of that transaction: the
        action and its event commit together or neither does. Put the call there for
        every change; outside a transaction (a print, an export) the event is a
        transaction of its own."""
        from counsel_app.security.audit import record

        record(self, action, reference, detail)


#: The reads of an audited open (:meth:`TracedCaseRepository.get_by_reference`, ``get``)
_CASE_BY_REFERENCE = "SELECT * FROM cases WHERE reference = :reference"
_CASE_BY_ID = "SELECT * FROM cases WHERE id = :id AND reference = :reference"

#: A new case with its search tokens, after the head moved (:meth:`TracedCaseRepository.
#: _create_in_one_statement`; the first parts are ``audit._CHANGE_WITH_EVENT``)
_CREATE_CASE = """,
made AS (
    INSERT INTO cases (reference, status, decision, host_country, return_country, is_sample,
                       created_at, updated_at, name_enc, personal_enc, version)
    SELECT :c_reference, :c_status, :c_decision, :c_host_country, :c_return_country,
           :c_is_sample, :c_created_at, :c_updated_at, :c_name_enc, :c_personal_enc,
           :c_version FROM moved
    RETURNING id, version),
tokens AS (
    INSERT INTO case_search_tokens (case_id, token)
    SELECT made.id, token FROM made, unnest(CAST(:c_tokens AS bytea[])) AS token)
SELECT made.id, made.version, (SELECT seq FROM event) AS audit_seq FROM made"""

#: A save at the version the session read (:meth:`TracedCaseRepository.
#: _save_in_one_statement`): the row changes only at that version; the head moves (and the
#: event is written) only if it changed; then the search tokens, when the names changed
_SAVE_CASE = """
changed AS (
    UPDATE cases SET status = :c_status, decision = :c_decision,
           host_country = :c_host_country, return_country = :c_return_country,
           is_sample = :c_is_sample, updated_at = :c_updated_at, name_enc = :c_name_enc,
           personal_enc = :c_personal_enc, version = version + 1
    WHERE id = :c_id AND version = :c_version
    RETURNING id, version),"""
_SAVE_CASE_TOKENS = """,
gone AS (
    DELETE FROM case_search_tokens WHERE case_id IN (SELECT id FROM changed)
      AND token <> ALL (CAST(:c_tokens AS bytea[]))),
added AS (
    INSERT INTO case_search_tokens (case_id, token)
    SELECT changed.id, token FROM changed, unnest(CAST(:c_tokens AS bytea[])) AS token
    ON CONFLICT (case_id, token) DO NOTHING)"""
#: the last part: a change whose event was not written divides by zero, and fails whole
_SAVE_CASE_RESULT = """
SELECT changed.id, changed.version, (SELECT seq FROM event) AS audit_seq,
       1 / (SELECT count(*) FROM event) AS whole FROM changed"""


class TracedCaseRepository(CaseRepository):
    """The case repository seen through one signed-in user: role checked, reads and
    changes recorded in the audit trail (``view``, ``create``, ``change``, ``erase``)."""

    def __init__(self, ctx: AppContext, *, scope=None):
        super().__init__(ctx.db, ctx.vault.cipher, scope=scope)
        self._ctx = ctx
        #: case id -> reference, of the cases this user has listed or read (an open by id
        #: needs the reference for its event before it reads)
        self._references: dict[int, str] = {}

    def create(self, case, *, year=None):
        self._ctx.require("cases.write")
        return super().create(case, year=year)

    def _create_in_one_statement(self, case, year, number):
        """The new case's row, its search tokens and its "create" event: one statement
        that commits by itself (``audit.ChainWriter.change_with_event``), PostgreSQL only:
        a create is then two short statements (its number, this), not six round trips."""
        from sqlalchemy import DateTime, bindparam

        from counsel_app.security.audit import writer_of

        if self.scope is not None:
            return False
        values, tokens = self._new_row_values(case, year, number)
        rows = writer_of(self._ctx).change_with_event(
            self.db, self._ctx.vault.data_key, _CREATE_CASE,
            {**{f"c_{k}": v for k, v in values.items()}, "c_tokens": tokens},
            role=self._ctx.role, action="create", reference=case.reference,
            types=(bindparam("c_created_at", type_=DateTime(timezone=True)),
                   bindparam("c_updated_at", type_=DateTime(timezone=True))))
        if not rows:
            return False
        case.id, case.version = rows[0].id, rows[0].version
        self._references[case.id] = case.reference
        return True

    def _save_in_one_statement(self, case):
        """A save at the version this session read, without a change of status: the row,
        its search tokens when the names changed and the "change" event as one statement
        that commits by itself (``audit.ChainWriter.change_with_event``); the usual way
        (which reports a conflict) when the row is no longer at that version."""
        from sqlalchemy import DateTime, bindparam

        from counsel_app.security.audit import writer_of

        prepared = self._saving_values(case)
        if prepared is None:
            return False
        values, tokens = prepared
        params = {f"c_{k}": v for k, v in values.items()}
        after = _SAVE_CASE_RESULT
        if tokens is not None:
            params["c_tokens"] = tokens
            after = _SAVE_CASE_TOKENS + after
        updated_at = case.updated_at
        rows = writer_of(self._ctx).change_with_event(
            self.db, self._ctx.vault.data_key, after, params, role=self._ctx.role,
            action="change", reference=case.reference, before=_SAVE_CASE,
            when="EXISTS (SELECT 1 FROM changed)",
            types=(bindparam("c_updated_at", type_=DateTime(timezone=True)),))
        if rows is None:
            return False
        if not rows:  # no row at that version: nothing changed, no event
            return None
        case.version, case.updated_at = rows[0].version, updated_at
        return True

    def get(self, case_id):
        self._ctx.require("cases.read")
        reference = self._references.get(case_id)
        if reference is not None:
            # a reference never changes; should the row not be that case, the usual way
            # below says so
            rows = self._read_with_event(_CASE_BY_ID, {"id": case_id, "reference": reference},
                                         reference)
            if rows:
                return self._to_case(rows[0])
        with self.db.session():  # the read and its "view" event: one transaction
            case = super().get(case_id)
            self._ctx.audit("view", case.reference)
        return case

    def get_by_reference(self, reference):
        self._ctx.require("cases.read")
        rows = self._read_with_event(_CASE_BY_REFERENCE, {"reference": reference.upper()},
                                     reference.upper())
        if rows == []:
            raise NotFound(_("There is no case {reference}.").format(reference=reference))
        if rows:
            return self._to_case(rows[0])
        with self.db.session():
            case = super().get_by_reference(reference)
            self._ctx.audit("view", case.reference)
        return case

    def _read_with_event(self, read_sql: str, params: dict, reference: str):
        """The case's row and its "view" event in one statement (``audit.ChainWriter.
        read_with_event``); ``None`` where that cannot be done (a scoped repository too:
        its scope is a clause, not SQL text), and the caller takes the usual way."""
        if self.scope is not None or len(reference) > 20:  # longer: no reference of ours
            return None
        from counsel_app.security.audit import writer_of

        return writer_of(self._ctx).read_with_event(
            self.db, self._ctx.vault.data_key, read_sql, params, role=self._ctx.role,
            action="view", reference=reference)

    def _to_case(self, row):
        case = super()._to_case(row)
        self._references[case.id] = case.reference
        return case

    def save(self, case, *, overwrite=False):
        self._ctx.require("cases.write")
        return super().save(case, overwrite=overwrite)

    def _saving(self, session, case, status, decision):
        from counsel_app.services.status import check_saved_status

        # a status change obeys its preconditions, judged against the stored row the save
        # has just read in its own transaction
        check_saved_status(self._ctx, case, stored=(status, decision))

    def delete(self, case_id):
        self._ctx.require("cases.erase")
        CaseRepository.get(self, case_id)  # "not found" outside this user's scope
        super().delete(case_id)

    def _written(self, session, action, reference):
        self._ctx.audit(action, reference)  # joins the change's transaction

    def list(self, **kwargs):
        self._ctx.require("cases.read")
        rows = super().list(**kwargs)
        self._references.update((r.id, r.reference) for r in rows)
        return rows
