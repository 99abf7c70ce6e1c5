"""Storage of the opportunities area: the catalogue (clear columns) and, per case, the
returnee's skills profile, feasibility grid and chosen opportunities (encrypted).

Each public method is one short session; ORM rows never leave this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import compress, islice, repeat
from json.encoder import encode_basestring_ascii as _json_text
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    bindparam,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError

from counsel_app.domain.case import as_utc, utcnow
from counsel_app.errors import ConflictError, NotFound
from counsel_app.i18n import _
from counsel_app.opportunities.classifications import (
    IscedLevel,
    OpportunityKind,
    PayType,
    fold,
)
from counsel_app.opportunities.model import (
    ChosenOpportunity,
    FeasibilityRow,
    Opportunity,
    SkillsProfile,
)
from counsel_app.opportunities.tables import (
    CaseOpportunityProfileRow,
    OpportunityBatchRow,
    OpportunityRow,
)
from counsel_app.storage.crypto import FieldCipher
from counsel_app.storage.db import Database

_TABLE = OpportunityRow.__table__
_CHUNK = 500
#: rows written per executemany in an import (one transaction all the same)
_WRITE_CHUNK = 5000


def search_text(record: dict) -> str:
    return search_words(record["titles"], record["provider_name"], record.get("town", ""))


def search_words(titles: dict[str, str], provider_name: str, town: str) -> str:
    """The folded words of an offer the text filter looks in (:func:`fold` of its
    titles, provider and town)."""
    return fold(" ".join(filter(None, (*titles.values(), provider_name, town))))


def batches(records: Iterable[dict], size: int = _WRITE_CHUNK
            ) -> Iterator[tuple[dict[str, list], int]]:
    """``records`` a slice at a time, each as columns (record key -> one value per
    record) with its length: what :meth:`OpportunityRepository.upsert` writes. Records
    that can give their slices as columns already (``records.batches()``, an import's:
    ``importer.check_stream``) give them; others are taken apart by one ``itemgetter``
    per record."""
    given = getattr(records, "batches", None)
    if given is not None:
        yield from given()
        return
    records = iter(records)
    while part := list(islice(records, size)):
        keys = list(part[0])
        values = zip(*map(itemgetter(*keys), part)) if len(keys) > 1 else [
            [record[keys[0]] for record in part]]
        yield dict(zip(keys, map(list, values))), len(part)


def to_opportunity(row) -> Opportunity:
    return Opportunity(
        id=row.id,
        kind=OpportunityKind(row.kind),
        titles=dict(row.titles or {}),
        descriptions=dict(row.descriptions or {}),
        country=row.country,
        region=row.region,
        town=row.town,
        isco=row.isco,
        education_min=IscedLevel(row.education_min) if row.education_min is not None else None,
        languages=row.languages.split() if row.languages else [],
        provider_name=row.provider_name,
        provider_contact=row.provider_contact,
        provider_address=row.provider_address,
        provider_ref=row.provider_ref,
        start_date=row.start_date,
        end_date=row.end_date,
        deadline=row.deadline,
        pay_type=PayType(row.pay_type) if row.pay_type else None,
        amount=Decimal(row.amount) if row.amount is not None else None,
        currency=row.currency,
        places=row.places,
        source=row.source,
        source_date=row.source_date,
        is_sample=row.is_sample,
        updated_at=as_utc(row.updated_at),
    )


@dataclass(frozen=True)
class Batch:
    """One change to the catalogue (import history)."""

    id: int
    created_at: datetime
    action: str
    file_name: str
    user: str
    inserted: int
    updated: int
    rejected: int


def _json_encoder():
    """``json.dumps``'s own C encoder with its default settings, made once: a dict
    becomes exactly the text ``json.dumps`` gives (what the JSON column's processor
    stores), without building an encoder for every value."""
    from json.encoder import JSONEncoder, c_make_encoder

    if c_make_encoder is None:  # a Python without the C accelerator
        return lambda value, _level: [json.dumps(value)]
    defaults = JSONEncoder()
    return c_make_encoder(None, defaults.default, _json_text, None, defaults.key_separator,
                          defaults.item_separator, False, False, True)


_encode_json = _json_encoder()


def _converted(processor, values: list, few: bool) -> list:
    """``processor`` of each value; of a column of ``few`` distinct values (dates, flags:
    offers share them), once per distinct value."""
    if few:
        converted = {value: processor(value) for value in set(values)}
        return list(map(converted.__getitem__, values))
    return list(map(processor, values))


def _executemany(connection, statement, records: dict[str, list], count: int,
                 extra: dict[str, Any] | None = None, plans: dict | None = None) -> None:
    """``executemany`` of ``statement`` with ``count`` rows straight through the driver.

    ``records``: the rows a column at a time (record key -> one value per row, as
    :func:`batches` gives them); ``extra``: more values of every row, each a value for all
    of them (a time stamp) or a list of one per row (their folded words). The statement is
    compiled once and each value goes through its column type's own bind processor
    (exactly what ``Session.execute`` would store), without SQLAlchemy's per-row
    bookkeeping, a column at a time: a value for every row and a date, time or flag
    column's few distinct values are converted once each (offers share them), and the
    rows' tuples are put together by ``zip``. ``plans``: where the compiled statements
    of one import are kept for its next slices.
    """
    extra = extra or {}
    dialect = connection.dialect
    keys = [*records, *(k for k in extra if k != "b_id")]  # (b_id: the WHERE's, not a column)
    plan_key = (id(statement), tuple(keys))
    plan = plans.get(plan_key) if plans is not None else None
    if plan is None:
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
        binds = [compiled.binds[name] for name in names]
        wanted = [bind.key if bind.key in records or bind.key in extra else name
                  for bind, name in zip(binds, names)]
        processors = [bind.type.dialect_impl(dialect).bind_processor(dialect)
                      for bind in binds]
        plan = (compiled.string, compiled.positional, names, binds, wanted, processors)
        if plans is not None:
            plans[plan_key] = plan
    sql, positional, names, binds, wanted, processors = plan
    taken = records
    columns = []
    for bind, key, processor in zip(binds, wanted, processors):
        if key in extra:
            value = extra[key]
            if not isinstance(value, list):  # one value for every row
                columns.append(repeat(processor(value) if processor else value, count))
                continue
            values = value
        else:
            values = taken[key]
        if processor is not None:
            if isinstance(bind.type, JSON) and dialect.name == "sqlite" \
                    and dialect._json_serializer is None:
                encode, join = _encode_json, "".join
                values = [join(encode(v, 0)) if type(v) is dict else processor(v)
                          for v in values]
            else:
                values = _converted(processor, values,
                                    isinstance(bind.type, (Date, DateTime, Boolean)))
        columns.append(values)
    if positional:
        params: list = list(zip(*columns))
    else:
        params = [dict(zip(names, values)) for values in zip(*columns)]
    connection.exec_driver_sql(sql, params)


class OpportunityRepository:
    def __init__(self, db: Database):
        self.db = db

    # -- writing ----------------------------------------------------------------------------
    def _provider_ids(self, session, providers: set[str], known: dict[str, dict[str, int]]
                      ) -> None:
        """Load into ``known`` (provider -> reference -> id) the offers of the providers
        not loaded yet: each provider's offers are read once per import."""
        new = sorted(providers - known.keys())
        for key in new:
            known[key] = {}
        for start in range(0, len(new), _CHUNK):
            query = select(_TABLE.c.id, _TABLE.c.provider_key, _TABLE.c.provider_ref).where(
                _TABLE.c.provider_key.in_(new[start:start + _CHUNK]))
            for id_, key, ref in session.execute(query):
                known[key][ref] = id_

    def existing_ids(self, session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        keys = set(keys)
        providers = sorted({k for k, _ref in keys})
        found: dict[tuple[str, str], int] = {}
        for start in range(0, len(providers), _CHUNK):
            chunk = providers[start:start + _CHUNK]
            query = select(_TABLE.c.id, _TABLE.c.provider_key, _TABLE.c.provider_ref).where(
                _TABLE.c.provider_key.in_(chunk))
            for id_, key, ref in session.execute(query):
                if (key, ref) in keys:
                    found[(key, ref)] = id_
        return found

    def count_existing(self, records: Iterable[dict]) -> int:
        """How many of ``records`` (consumed a slice at a time) are in the catalogue."""
        count = 0
        known: dict[str, dict[str, int]] = {}
        with self.db.read_session() as session:
            for record in records:
                key = record["provider_key"]
                if key not in known:
                    self._provider_ids(session, {key}, known)
                count += record["provider_ref"] in known[key]
        return count

    def upsert(self, records: Iterable[dict], *, action: str = "import", file_name: str = "",
               user: str = "", rejected: int | Callable[[], int] = 0) -> tuple[int, int]:
        """Insert new offers and update known ones (same provider and reference), all in
        one transaction. Returns (inserted, updated). ``records`` may be an iterator: it
        is consumed a slice at a time (an error while consuming rolls everything back);
        ``rejected`` may be a function, read once they are all consumed."""
        now = utcnow()
        inserted = updated = 0
        try:
            with self.db.session() as session:
                connection = session.connection()
                # a slice at a time, so the rows' bound copies never all sit in memory;
                # each slice as columns (record key -> values), taken apart no further
                by_provider: dict[str, dict[str, int]] = {}
                insert = update = None
                plans: dict = {}  # the statements compiled for the first slice
                for columns, count in batches(records):
                    keys, refs = columns["provider_key"], columns["provider_ref"]
                    self._provider_ids(session, set(keys), by_provider)
                    ids = [by_provider[key].get(ref) for key, ref in zip(keys, refs)]
                    new = ids.count(None)
                    if new == count:
                        inserts, updates = columns, None
                    elif not new:
                        inserts, updates = None, columns
                    else:  # both: each part of every column
                        fresh = [id_ is None for id_ in ids]
                        known = [id_ is not None for id_ in ids]
                        inserts = {k: list(compress(v, fresh)) for k, v in columns.items()}
                        updates = {k: list(compress(v, known)) for k, v in columns.items()}
                        ids = list(compress(ids, known))
                    if inserts:
                        insert = insert if insert is not None else _TABLE.insert()
                        _executemany(connection, insert, inserts, new, {
                            "updated_at": now, "created_at": now,
                            "search_text": list(map(search_words, inserts["titles"],
                                                    inserts["provider_name"],
                                                    inserts["town"]))}, plans)
                    if updates:
                        update = update if update is not None else _TABLE.update().where(
                            _TABLE.c.id == bindparam("b_id"))
                        _executemany(connection, update, updates, count - new, {
                            "updated_at": now, "b_id": ids,
                            "search_text": list(map(search_words, updates["titles"],
                                                    updates["provider_name"],
                                                    updates["town"]))}, plans)
                    inserted += new
                    updated += count - new
                if inserted or updated:  # a file whose every row was rejected changed nothing
                    session.add(OpportunityBatchRow(
                        created_at=now, action=action, file_name=file_name[:300],
                        user=user[:128], inserted=inserted, updated=updated,
                        rejected=rejected() if callable(rejected) else rejected,
                    ))
        except IntegrityError:
            raise ConflictError(
                _("Someone else changed the same offers at the same moment; nothing was "
                  "imported. Import the file again.")
            ) from None
        return inserted, updated

    def delete(self, opportunity_id: int, *, user: str = "") -> None:
        with self.db.session() as session:
            gone = session.execute(delete(OpportunityRow).where(OpportunityRow.id == opportunity_id))
            if not gone.rowcount:
                raise NotFound(_("There is no opportunity with id {id}.").format(id=opportunity_id))
            session.add(OpportunityBatchRow(created_at=utcnow(), action="delete", user=user,
                                            inserted=0, updated=0, rejected=0))

    def delete_samples(self, *, user: str = "") -> int:
        with self.db.session() as session:
            gone = session.execute(delete(OpportunityRow).where(OpportunityRow.is_sample))
            session.add(OpportunityBatchRow(created_at=utcnow(), action="delete", user=user,
                                            file_name="sample set", inserted=0, updated=0,
                                            rejected=0))
            return gone.rowcount or 0

    # -- reading ----------------------------------------------------------------------------
    def stamp(self) -> int:
        """Changes whenever the catalogue changes (the newest batch id)."""
        with self.db.read_session() as session:
            return session.scalar(select(func.max(OpportunityBatchRow.id))) or 0

    def get(self, opportunity_id: int) -> Opportunity:
        with self.db.read_session() as session:
            row = session.get(OpportunityRow, opportunity_id)
            if row is None:
                raise NotFound(_("There is no opportunity with id {id}.").format(id=opportunity_id))
            return to_opportunity(row)

    def get_many(self, ids: Sequence[int]) -> dict[int, Opportunity]:
        out: dict[int, Opportunity] = {}
        ids = list(ids)
        with self.db.read_session() as session:
            for start in range(0, len(ids), _CHUNK):
                query = select(OpportunityRow).where(OpportunityRow.id.in_(ids[start:start + _CHUNK]))
                for row in session.scalars(query):
                    out[row.id] = to_opportunity(row)
        return out

    def _filtered(self, query, *, country=None, region=None, kind=None, text="",
                  include_expired=True, sample=None, today=None):
        if country:
            query = query.where(OpportunityRow.country == country.upper())
        if region:
            query = query.where(OpportunityRow.region == region.upper())
        if kind:
            query = query.where(OpportunityRow.kind == OpportunityKind(kind).value)
        if sample is not None:
            query = query.where(OpportunityRow.is_sample == sample)
        if not include_expired:
            today = today or date.today()
            query = query.where(or_(
                OpportunityRow.deadline >= today,
                (OpportunityRow.deadline.is_(None))
                & (OpportunityRow.end_date.is_(None) | (OpportunityRow.end_date >= today)),
            ))
        for word in fold(text or "").split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(OpportunityRow.search_text.like(f"%{escaped}%", escape="\\"))
        return query

    def count(self, **filters) -> int:
        with self.db.read_session() as session:
            return session.scalar(self._filtered(select(func.count(OpportunityRow.id)),
                                                 **filters)) or 0

    def list(self, *, offset: int = 0, limit: int = 200, **filters) -> list[Opportunity]:
        query = self._filtered(select(OpportunityRow), **filters).order_by(
            OpportunityRow.country, OpportunityRow.region, OpportunityRow.id
        ).offset(offset).limit(limit)
        with self.db.read_session() as session:
            return [to_opportunity(row) for row in session.scalars(query)]

    def countries(self) -> list[tuple[str, int]]:
        query = select(OpportunityRow.country, func.count(OpportunityRow.id)).group_by(
            OpportunityRow.country).order_by(OpportunityRow.country)
        with self.db.read_session() as session:
            return [(c, n) for c, n in session.execute(query)]

    def matching_rows(self, country: str) -> list[tuple]:
        """Compact rows for the matching index of one country, ordered by id."""
        query = select(
            _TABLE.c.id, _TABLE.c.region, _TABLE.c.isco, _TABLE.c.education_min,
            _TABLE.c.languages, _TABLE.c.kind, _TABLE.c.deadline, _TABLE.c.end_date,
            _TABLE.c.is_sample,
        ).where(_TABLE.c.country == country.upper()).order_by(_TABLE.c.id)
        with self.db.engine.connect() as connection:
            return [tuple(r) for r in connection.execute(query)]

    def batches(self, limit: int = 50) -> list[Batch]:
        query = select(OpportunityBatchRow).order_by(OpportunityBatchRow.id.desc()).limit(limit)
        with self.db.read_session() as session:
            return [
                Batch(b.id, as_utc(b.created_at), b.action, b.file_name, b.user, b.inserted,
                      b.updated, b.rejected)
                for b in session.scalars(query)
            ]


# -- the case side (encrypted) ------------------------------------------------------------------


@dataclass
class CaseOpportunities:
    """What one case holds in this area."""

    profile: SkillsProfile = field(default_factory=SkillsProfile)
    grid: list[FeasibilityRow] = field(default_factory=list)
    chosen: list[ChosenOpportunity] = field(default_factory=list)
    version: int = 0  # 0: nothing stored yet


def _aad(reference: str, column: str) -> str:
    return f"case_opportunity_profiles:{reference}:{column}"


class CaseOpportunityStore:
    """Per-case profile, feasibility grid and chosen opportunities, encrypted with the
    vault's cipher and bound to the case reference."""

    def __init__(self, db: Database, cipher: FieldCipher):
        self.db = db
        self.cipher = cipher

    def load(self, case_id: int, reference: str) -> CaseOpportunities:
        with self.db.read_session() as session:
            row = session.scalar(select(CaseOpportunityProfileRow).where(
                CaseOpportunityProfileRow.case_id == case_id))
            if row is None:
                return CaseOpportunities()
            return CaseOpportunities(
                profile=SkillsProfile.from_data(
                    self.cipher.decrypt_json(row.profile_enc, _aad(reference, "profile"))),
                grid=[FeasibilityRow.from_data(r) for r in
                      self.cipher.decrypt_json(row.grid_enc, _aad(reference, "grid"))],
                chosen=[ChosenOpportunity.from_data(c) for c in
                        self.cipher.decrypt_json(row.chosen_enc, _aad(reference, "chosen"))],
                version=row.version,
            )

    def save(self, case_id: int, reference: str, data: CaseOpportunities) -> CaseOpportunities:
        """Store ``data``; raise :class:`ConflictError` if someone saved in between."""
        with self.db.session() as session:
            row = session.scalar(select(CaseOpportunityProfileRow).where(
                CaseOpportunityProfileRow.case_id == case_id))
            if row is None:
                if data.version:
                    raise NotFound(_("Case {reference} no longer exists.").format(
                        reference=reference))
                row = CaseOpportunityProfileRow(case_id=case_id)
                session.add(row)
            elif row.version != data.version:
                raise ConflictError(
                    _("The skills profile of case {reference} was changed by someone else "
                      "since you opened it. Open it again and redo your change.").format(
                        reference=reference))
            row.profile_enc = self.cipher.encrypt_json(data.profile.to_data(),
                                                       _aad(reference, "profile"))
            row.grid_enc = self.cipher.encrypt_json([r.to_data() for r in data.grid],
                                                    _aad(reference, "grid"))
            row.chosen_enc = self.cipher.encrypt_json([c.to_data() for c in data.chosen],
                                                      _aad(reference, "chosen"))
            row.updated_at = utcnow()
            try:
                session.flush()
            except IntegrityError:
                raise ConflictError(
                    _("The skills profile of case {reference} was saved by someone else at "
                      "the same moment. Open it again.").format(reference=reference)
                ) from None
            data.version = row.version
        return data
