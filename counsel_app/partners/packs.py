"""Partners published in signed country packs (the pack's optional ``partners`` list,
``country_info`` schema) into the partner directory (Qt-free).

Each partner of the pack is checked like a row of a partner spreadsheet (the same rules,
``partners.importer.validate_row``), for the pack's country, and stored with the source
"pack ID edition N, publisher NAME" and the pack's sample mark. A partner already in the
directory (same country and name) that came from elsewhere — a spreadsheet, the sample
set, another pack — is never overwritten: the report lists it as kept. One from an earlier
edition of the same pack is updated. Called after every pack import
(``services.country_packs.import_pack`` and ``counsel-app packs import`` run the listeners
``areas.load`` registers: :func:`on_pack_imported`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from counsel_app.domain.case import utcnow
from counsel_app.i18n import _
from counsel_app.opportunities.importer import ImportReport
from counsel_app.partners.importer import COLUMN_NAMES, validate_row
from counsel_app.partners.tables import PartnerRow


def pack_source(pack) -> str:
    """How a partner from ``pack`` names its source: the pack, its edition, its publisher
    (data, as a spreadsheet's source column is: not translated)."""
    return (f"pack {pack.pack_id} edition {pack.version}, "
            f"publisher {pack.publisher.name}")[:300]


def _cells(pack, partner: dict) -> list:
    values = {
        "name": partner.get("name", ""), "type": partner.get("type", ""),
        "country": pack.country, "region": partner.get("region", ""),
        "town": partner.get("town", ""),
        "services": "|".join(partner.get("services") or []),
        "languages": "|".join(partner.get("languages") or []),
        "contact": partner.get("contact", ""), "hours": partner.get("hours", ""),
        "referral_procedure": partner.get("procedure", ""), "source": pack_source(pack),
        "source_date": pack.issued or date.today().isoformat(),
        "sample": "yes" if pack.sample else "",
    }
    return [values.get(name, "") for name in COLUMN_NAMES]


def import_pack_partners(db, pack, *, audit=None) -> ImportReport:
    """Store the partners of ``pack`` (a ``country_info`` Pack) in the directory; the
    report counts new and updated ones, lists the rejected ones and, in its warnings, the
    local partners kept as they were."""
    report = ImportReport(_("partners of pack {pack_id}").format(pack_id=pack.pack_id))
    partners = list(getattr(pack, "partners", None) or [])
    if not partners:
        return report
    index = {name: i for i, name in enumerate(COLUMN_NAMES)}
    own = f"pack {pack.pack_id} edition "
    kept: list[str] = []
    with db.session() as session:
        existing = {(c, k): (id_, source) for id_, c, k, source in session.execute(
            select(PartnerRow.id, PartnerRow.country, PartnerRow.name_key, PartnerRow.source)
            .where(PartnerRow.country == pack.country))}
        for number, partner in enumerate(partners, start=1):
            report.rows_read += 1
            record, problems = validate_row(number, _cells(pack, partner), index)
            if record is None:
                report.problems.extend(problems)
                continue
            report.accepted += 1
            found = existing.get((record["country"], record["name_key"]))
            if found is None:
                row = PartnerRow(**record, updated_at=utcnow())
                session.add(row)
                session.flush()
                existing[(record["country"], record["name_key"])] = (row.id, record["source"])
                report.inserted += 1
            elif found[1].startswith(own):  # an earlier edition of this pack
                row = session.get(PartnerRow, found[0])
                for name, value in record.items():
                    setattr(row, name, value)
                row.updated_at = utcnow()
                report.updated += 1
            else:
                kept.append(record["name"])
        if kept:
            report.warnings.append(_(
                "Kept as they are in the directory (entered or imported here, not from this "
                "pack): {names}.").format(names=", ".join(kept)))
        if audit is not None and (report.inserted or report.updated):
            audit("partners.import", None, f"pack {pack.pack_id}: +{report.inserted} "
                  f"~{report.updated} -{report.rejected}")
    return report


def import_installed_pack_partners(db, library, pack_id: str, *, audit=None
                                   ) -> ImportReport | None:
    """The same for the curated pack ``pack_id`` just imported into ``library`` (None when
    the library has no such pack)."""
    pack = next((p for p in library.curated_packs() if p.pack_id == pack_id), None)
    return None if pack is None else import_pack_partners(db, pack, audit=audit)


def on_pack_imported(db, library, pack_id: str, audit=None) -> list[str]:
    """The listener ``areas.load`` registers with ``services.country_packs``: the lines of
    the report when the pack carries partners."""
    report = import_installed_pack_partners(db, library, pack_id, audit=audit)
    return report.lines() if report is not None and report.rows_read else []
