"""Community projects and structural actions: reintegration at the level of a place.

Reintegration is individual, community and structural (DOMAIN.md): a cooperative that
takes several returnees in, a school's catch-up course, a local authority's desk for civil
documents. Each is recorded for a place (country, region), not a person, and linked to
the cases it serves; the programme report counts them. Qt-free: the dialog (Tools >
Community projects) and ``counsel-app followup projects ...`` call these functions.

Every write needs ``cases.write`` and is audited in its own transaction; a link names the
case in the audit trail, a project alone does not. Titles and descriptions are encrypted
(staff may write a name in them), each with the language it was typed in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from counsel_app.domain.case import utcnow
from counsel_app.errors import UserError, ValidationError
from counsel_app.followup.models import CommunityProjectCaseRow, CommunityProjectRow
from counsel_app.i18n import N_, _, saved_language

KINDS: dict[str, str] = {
    "community": N_("Community project"),
    "structural": N_("Structural action"),
}
TITLE_MAX = 200
DESCRIPTION_MAX = 4000


def project_aad(uid: str) -> str:
    return f"community_projects:{uid}"


@dataclass
class Project:
    uid: str
    kind: str
    title: str
    country: str
    region: str = ""
    description: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    #: references of the cases it serves (those this account may see)
    cases: list[str] = field(default_factory=list)
    #: all the cases it serves, including those out of this account's scope
    case_count: int = 0


def _place(country: str, region: str) -> tuple[str, str]:
    """Country code in capitals; the region as its ISO 3166-2 code when it is one of the
    country's regions, typed as a code or a name (left as typed otherwise, for check)."""
    from counsel_app.opportunities.classifications import resolve_region

    country, region = country.strip().upper(), region.strip()
    if region and len(country) == 2:
        region = resolve_region(country, region) or region
    return country, region


def check(kind: str, title: str, country: str, region: str = "", description: str = "",
          started_on: date | None = None, ended_on: date | None = None) -> None:
    """Raise a :class:`ValidationError` naming the first field that is wrong."""
    from counsel_app.i18n.names import country_codes
    from counsel_app.opportunities.classifications import subdivisions

    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of project “{kind}” (choose {choices}).").format(
            kind=kind, choices=", ".join(KINDS)), "kind")
    if not title.strip():
        raise ValidationError(_("Give the project a title."), "title")
    if len(title) > TITLE_MAX:
        raise ValidationError(_("The title is longer than {n} characters.").format(
            n=TITLE_MAX), "title")
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(_("The description is longer than {n} characters.").format(
            n=DESCRIPTION_MAX), "description")
    if not country:
        raise ValidationError(_("Choose the country of the project."), "country")
    if country not in country_codes():
        raise ValidationError(_("“{country}” is not a country code (two letters, such as "
                                "GN or IQ).").format(country=country), "country")
    if region and region not in subdivisions(country):
        raise ValidationError(_("“{region}” is not a region of {country} (give its name or "
                                "its ISO 3166-2 code, such as GN-C).").format(
            region=region, country=country), "region")
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError(_("The project ends before it starts."), "ended_on")


class ProjectService:
    def __init__(self, ctx):
        self.ctx = ctx
        self.db = ctx.db
        self.cipher = ctx.vault.cipher

    # -- read -----------------------------------------------------------------------------
    def list(self, country: str | None = None) -> list[Project]:
        self.ctx.require("cases.read")
        with self.db.read_session() as session:
            query = select(CommunityProjectRow).order_by(CommunityProjectRow.country,
                                                         CommunityProjectRow.id)
            if country:
                query = query.where(CommunityProjectRow.country == country.upper())
            rows = session.scalars(query).all()
            links = session.execute(
                select(CommunityProjectCaseRow.project_id, CommunityProjectCaseRow.case_id)
            ).all()
        visible = self._visible_references({case_id for _p, case_id in links})
        by_project: dict[int, list[int]] = {}
        for project_id, case_id in links:
            by_project.setdefault(project_id, []).append(case_id)
        return [self._project(row, by_project.get(row.id, []), visible) for row in rows]

    def get(self, uid: str) -> Project:
        for project in self.list():
            if project.uid == uid:
                return project
        raise UserError(_("There is no project “{uid}”.").format(uid=uid))

    def for_case(self, reference: str) -> list[Project]:
        case = self.ctx.cases.get_by_reference(reference)
        return [p for p in self.list() if case.reference in p.cases]

    def _visible_references(self, case_ids: set[int]) -> dict[int, str]:
        """Case id -> reference of the linked cases this account may see (the others are
        counted, not named)."""
        from counsel_app.storage.models import CaseRow

        if not case_ids:
            return {}
        query = select(CaseRow.id, CaseRow.reference).where(CaseRow.id.in_(case_ids))
        scope = self.ctx.cases.scope
        if scope is not None:
            query = query.where(scope)
        with self.db.read_session() as session:
            return dict(session.execute(query).all())

    def _project(self, row: CommunityProjectRow, case_ids: list[int],
                 visible: dict[int, str]) -> Project:
        data = self.cipher.decrypt_json(row.data_enc, project_aad(row.uid))
        return Project(row.uid, row.kind, data.get("title", ""), row.country, row.region,
                       data.get("description", ""), row.started_on, row.ended_on,
                       sorted(visible[c] for c in case_ids if c in visible), len(case_ids))

    # -- write ----------------------------------------------------------------------------
    def add(self, kind: str, title: str, country: str, region: str = "",
            description: str = "", started_on: date | None = None,
            ended_on: date | None = None) -> Project:
        self.ctx.require("cases.write")
        country, region = _place(country, region)
        title, description = title.strip(), description.strip()
        check(kind, title, country, region, description, started_on, ended_on)
        uid = uuid.uuid4().hex
        now = utcnow()
        with self.db.session() as session:
            session.add(CommunityProjectRow(
                uid=uid, kind=kind, country=country, region=region, started_on=started_on,
                ended_on=ended_on, data_enc=self.cipher.encrypt_json(
                    {"title": title, "description": description,
                     "title_language": saved_language(title),
                     "description_language": saved_language(description)},
                    project_aad(uid)),
                created_at=now, created_by=self.ctx.user, updated_at=now))
            self.ctx.audit("project_add", None, uid)
        return Project(uid, kind, title, country, region, description, started_on, ended_on)

    def update(self, uid: str, kind: str, title: str, country: str, region: str = "",
               description: str = "", started_on: date | None = None,
               ended_on: date | None = None) -> Project:
        self.ctx.require("cases.write")
        country, region = _place(country, region)
        title, description = title.strip(), description.strip()
        check(kind, title, country, region, description, started_on, ended_on)
        with self.db.session() as session:
            row = self._row(session, uid)
            row.kind, row.country, row.region = kind, country, region
            row.started_on, row.ended_on = started_on, ended_on
            before = self.cipher.decrypt_json(row.data_enc, project_aad(uid))
            row.data_enc = self.cipher.encrypt_json({
                "title": title, "description": description,
                # a text as it was keeps the language it was typed in
                **{f"{part}_language": saved_language(text, before.get(part),
                                                      before.get(f"{part}_language"))
                   for part, text in (("title", title), ("description", description))}},
                project_aad(uid))
            row.updated_at = utcnow()
            self.ctx.audit("project_change", None, uid)
        return self.get(uid)

    def link(self, uid: str, reference: str) -> bool:
        """Link case ``reference`` to the project; False when it already was."""
        self.ctx.require("cases.write")
        case = self.ctx.cases.get_by_reference(reference)
        with self.db.session() as session:
            row = self._row(session, uid)
            if session.scalar(select(func.count(CommunityProjectCaseRow.id)).where(
                    CommunityProjectCaseRow.project_id == row.id,
                    CommunityProjectCaseRow.case_id == case.id)):
                return False
            session.add(CommunityProjectCaseRow(project_id=row.id, case_id=case.id,
                                                linked_at=utcnow(), linked_by=self.ctx.user))
            self.ctx.audit("project_link", case.reference, uid)
        return True

    def unlink(self, uid: str, reference: str) -> bool:
        self.ctx.require("cases.write")
        case = self.ctx.cases.get_by_reference(reference)
        with self.db.session() as session:
            row = self._row(session, uid)
            link = session.scalar(select(CommunityProjectCaseRow).where(
                CommunityProjectCaseRow.project_id == row.id,
                CommunityProjectCaseRow.case_id == case.id))
            if link is None:
                return False
            session.delete(link)
            self.ctx.audit("project_unlink", case.reference, uid)
        return True

    def _row(self, session, uid: str) -> CommunityProjectRow:
        row = session.scalar(select(CommunityProjectRow).where(CommunityProjectRow.uid == uid))
        if row is None:
            raise UserError(_("There is no project “{uid}”.").format(uid=uid))
        return row


def project_counts(session, case_ids) -> list[tuple[str, str, int, int]]:
    """(kind, country, projects, cases served among ``case_ids``) for the programme report
    (no title, no case)."""
    projects: dict[tuple[str, str], set[int]] = {}
    served: dict[tuple[str, str], set[int]] = {}
    ids = set(case_ids)
    for project_id, kind, country in session.execute(
            select(CommunityProjectRow.id, CommunityProjectRow.kind, CommunityProjectRow.country)):
        projects.setdefault((kind, country), set()).add(project_id)
        served.setdefault((kind, country), set())
    for project_id, case_id in session.execute(
            select(CommunityProjectCaseRow.project_id, CommunityProjectCaseRow.case_id)):
        if case_id not in ids:
            continue
        for key, members in projects.items():
            if project_id in members:
                served[key].add(case_id)
    return [(kind, country, len(projects[(kind, country)]), len(served[(kind, country)]))
            for kind, country in sorted(projects)]
