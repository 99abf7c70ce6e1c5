"""The partner directory's service (Qt-free): import a file or the sample set, save the
template, search. The screens, the command line and the referrals call it.

Each public method is one short session; ORM rows never leave this module.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, or_, select

from counsel_app.domain.case import utcnow
from counsel_app.errors import NotFound
from counsel_app.i18n import _
from counsel_app.opportunities.classifications import fold
from counsel_app.opportunities.importer import ImportReport
from counsel_app.partners.importer import check_file, write_template
from counsel_app.partners.model import Partner, PartnerType
from counsel_app.partners.tables import PartnerRow
from counsel_app.storage.db import Database


def sample_set_path() -> Path:
    from counsel_app.paths import resources_dir

    return resources_dir() / "partners" / "sample_partners.csv"


def _partner(row: PartnerRow) -> Partner:
    return Partner(id=row.id, name=row.name, type=PartnerType(row.type), country=row.country,
                   region=row.region, town=row.town, services=list(row.services or []),
                   languages=row.languages.split() if row.languages else [],
                   contact=row.contact, hours=row.hours, procedure=row.procedure,
                   source=row.source, source_date=row.source_date, is_sample=row.is_sample)


class PartnerDirectory:
    def __init__(self, db: Database, user: str = "", audit=None, require=None):
        self.db = db
        self.user = user
        self.audit = audit  # ctx.audit on a signed-in station, else None
        self.require = require  # ctx.require on a signed-in station, else None

    @classmethod
    def for_context(cls, ctx) -> PartnerDirectory:
        """The directory as the signed-in user: imports need ``library.import`` (never a
        supervisor) and are audited."""
        return cls(ctx.db, ctx.user, ctx.audit, ctx.require)

    # -- import ----------------------------------------------------------------------------
    def import_file(self, path: str | Path, *, dry_run: bool = False) -> ImportReport:
        """Check ``path`` and, unless ``dry_run``, store its valid rows in one transaction
        (a partner already there, same country and name, is updated). Raises
        ``ImportRefused`` (one sentence) when the file as a whole cannot be imported."""
        if not dry_run and self.require is not None:
            self.require("library.import")
        checked = check_file(Path(path))
        report = checked.report
        report.dry_run = dry_run
        with self.db.session() as session:
            existing = {
                (c, k): id_ for id_, c, k in session.execute(
                    select(PartnerRow.id, PartnerRow.country, PartnerRow.name_key))}
            for record in checked.records:
                key = (record["country"], record["name_key"])
                if key in existing:
                    report.updated += 1
                    if not dry_run:
                        row = session.get(PartnerRow, existing[key])
                        for name, value in record.items():
                            setattr(row, name, value)
                        row.updated_at = utcnow()
                else:
                    report.inserted += 1
                    if not dry_run:
                        session.add(PartnerRow(**record, updated_at=utcnow()))
            if not dry_run and self.audit is not None:
                self.audit("partners.import", None, f"{report.file_name}: +{report.inserted} "
                           f"~{report.updated} -{report.rejected}")
        return report

    def import_sample_set(self) -> ImportReport:
        return self.import_file(sample_set_path())

    @staticmethod
    def save_template(path: str | Path) -> Path:
        return write_template(Path(path))

    # -- search ----------------------------------------------------------------------------
    def _query(self, country, region, type_, text):
        query = select(PartnerRow)
        if country:
            query = query.where(PartnerRow.country == country.upper())
        if region:
            query = query.where(or_(PartnerRow.region == region, PartnerRow.region == ""))
        if type_:
            query = query.where(PartnerRow.type == PartnerType(type_).value)
        for word in fold(text or "").split():
            query = query.where(PartnerRow.search_text.contains(word, autoescape=True))
        return query

    def search(self, *, country: str | None = None, region: str | None = None,
               type: str | None = None, text: str = "", limit: int = 200) -> list[Partner]:
        """Partners of ``country`` (those of ``region`` and the country-wide ones), of a
        type, whose name, town or services contain every word of ``text``."""
        query = self._query(country, region, type, text)
        if region:  # the region's own partners first
            query = query.order_by((PartnerRow.region == region).desc())
        query = query.order_by(PartnerRow.country, PartnerRow.name).limit(limit)
        with self.db.read_session() as session:
            return [_partner(row) for row in session.scalars(query)]

    def count(self, *, country: str | None = None, region: str | None = None,
              type: str | None = None, text: str = "") -> int:
        query = select(func.count()).select_from(
            self._query(country, region, type, text).subquery())
        with self.db.read_session() as session:
            return session.scalar(query) or 0

    def get(self, partner_id: int) -> Partner:
        with self.db.read_session() as session:
            row = session.get(PartnerRow, partner_id)
            if row is None:
                raise NotFound(_("There is no partner number {id} in the directory.").format(
                    id=partner_id))
            return _partner(row)
