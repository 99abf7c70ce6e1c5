"""The services the screens and commands call (Qt-free).

* :class:`OpportunityCatalogue` — the catalogue: import a file (or the sample set), save
  the template, list, count, delete, import history. Needs only the database (the
  catalogue holds no personal data).
* :class:`OpportunityService` — everything for one case, for a signed-in user
  (``AppContext``): skills profile, ranked suggestions with reasons, chosen opportunities
  for the plan, feasibility grid, and :meth:`OpportunityService.plan_data` as plain data for
  the plan document.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counsel_app.errors import NotFound, UserError
from counsel_app.i18n import _, saved_language
from counsel_app.opportunities.importer import ImportReport, check_stream, write_template
from counsel_app.opportunities.matching import CountryIndex, MatchQuery, MatchResult, Reason, rank
from counsel_app.opportunities.model import (
    ChosenOpportunity,
    FeasibilityRow,
    Opportunity,
    SkillsProfile,
    record_grid_languages,
)
from counsel_app.opportunities.repository import (
    Batch,
    CaseOpportunities,
    CaseOpportunityStore,
    OpportunityRepository,
)
from counsel_app.storage.db import Database

# -- the per-country matching index cache ---------------------------------------------------

_cache_lock = threading.Lock()
_index_cache: dict[tuple[str, str], tuple[int, CountryIndex]] = {}


def country_index(repo: OpportunityRepository, country: str) -> CountryIndex:
    """The matching index of ``country``, rebuilt only when the catalogue changed."""
    stamp = repo.stamp()
    key = (repo.db.url, country)
    with _cache_lock:
        cached = _index_cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    index = CountryIndex(country, repo.matching_rows(country))
    with _cache_lock:
        _index_cache[key] = (stamp, index)
    return index


def clear_cache() -> None:
    with _cache_lock:
        _index_cache.clear()


# -- the catalogue -------------------------------------------------------------------------


def sample_set_path(fmt: str = "csv") -> Path:
    from counsel_app.paths import resources_dir

    return resources_dir() / "opportunities" / f"sample_opportunities.{fmt}"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a bulk import. An import makes millions of
    short-lived containers (rows, records, bound tuples), which set the collector off
    every few hundred allocations to walk them, though they hold no cycles (reference
    counting frees them): a tenth of a 100,000-row import's time (issue 20). Turned back
    on afterwards, unless it was already off (a nested or concurrent import)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class OpportunityCatalogue:
    def __init__(self, db: Database, user: str = ""):
        self.db = db
        self.user = user
        self.repo = OpportunityRepository(db)

    def import_file(self, path: str | Path, *, dry_run: bool = False,
                    today: date | None = None) -> ImportReport:
        """Check ``path`` and, unless ``dry_run``, import its valid rows in one
        transaction. Raises :class:`ImportRefused` (a ``UserError``) when the file as a
        whole cannot be imported; row problems are in the report."""
        with collector_paused():
            report, records = check_stream(Path(path), today=today)
            report.dry_run = dry_run
            if dry_run:
                existing = self.repo.count_existing(records)
                report.updated, report.inserted = existing, report.accepted - existing
                return report
            # checked and written a slice at a time, in one transaction (see check_stream)
            inserted, updated = self.repo.upsert(
                records, file_name=Path(path).name, user=self.user,
                rejected=lambda: report.rejected)
        if report.accepted:
            report.inserted, report.updated = inserted, updated
        return report

    def import_sample_set(self) -> ImportReport:
        return self.import_file(sample_set_path("csv"))

    @staticmethod
    def save_template(path: str | Path) -> Path:
        """Write the empty template (``.csv`` or ``.xlsx`` by suffix)."""
        return write_template(Path(path))

    def list(self, *, country: str | None = None, region: str | None = None,
             kind: str | None = None, text: str = "", include_expired: bool = True,
             sample: bool | None = None, offset: int = 0, limit: int = 200) -> list[Opportunity]:
        return self.repo.list(country=country, region=region, kind=kind, text=text,
                              include_expired=include_expired, sample=sample,
                              offset=offset, limit=limit)

    def count(self, **filters) -> int:
        return self.repo.count(**filters)

    def get(self, opportunity_id: int) -> Opportunity:
        return self.repo.get(opportunity_id)

    def delete(self, opportunity_id: int) -> None:
        self.repo.delete(opportunity_id, user=self.user)

    def countries(self) -> list[tuple[str, int]]:
        return self.repo.countries()

    def history(self, limit: int = 50) -> list[Batch]:
        return self.repo.batches(limit)


# -- one case ------------------------------------------------------------------------------


@dataclass
class Suggestion:
    opportunity: Opportunity
    score: int
    reasons: list[Reason]
    chosen: bool = False

    def reason_texts(self, lang: str | None = None) -> list[str]:
        return [r.text(lang) for r in self.reasons]


@dataclass
class SuggestionPage:
    total: int  # every ranked opportunity (the page is a slice of them)
    offset: int
    items: list[Suggestion]
    country: str
    region: str
    include_expired: bool


class OpportunityService:
    """What the opportunities screen calls for one case. ``case`` is a stored
    :class:`counsel_app.domain.case.Case` (it needs ``id``, ``reference``,
    ``return_country``, ``return_region`` and the person's languages)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.catalogue = OpportunityCatalogue(ctx.db, ctx.user)
        self.store = CaseOpportunityStore(ctx.db, ctx.vault.cipher)

    # -- catalogue shortcuts ------------------------------------------------------------
    def import_file(self, path: str | Path, *, dry_run: bool = False) -> ImportReport:
        """Import into the catalogue (a dry run only reads): ``library.import`` (never a
        supervisor), audited in the same transaction."""
        if dry_run:
            return self.catalogue.import_file(path, dry_run=True)
        self.ctx.require("library.import")
        with self.ctx.db.session():  # the rows and their event commit together
            report = self.catalogue.import_file(path)
            self.ctx.audit("opportunities.import", None,
                           f"{report.file_name}: +{report.inserted} ~{report.updated} "
                           f"-{report.rejected}")
        return report

    def save_template(self, path: str | Path) -> Path:
        return self.catalogue.save_template(path)

    # -- profile ------------------------------------------------------------------------
    def _load(self, case) -> CaseOpportunities:
        if case.id is None:
            raise UserError(_("Save the case before recording its skills profile."))
        from counsel_app.security.access import check_case_access

        self.ctx.require("cases.read")
        check_case_access(self.ctx, case.id)  # a caseworker: only cases handed to them
        return self.store.load(case.id, case.reference)

    def profile(self, case) -> SkillsProfile:
        return self._load(case).profile

    def save_profile(self, case, profile: SkillsProfile, *,
                     version: int | None = None) -> SkillsProfile:
        """Check ``profile`` (:func:`skills.check_profile`: one sentence naming the field,
        nothing saved) and store it; returns it as stored (codes normalised)."""
        from counsel_app.opportunities.skills import check_profile

        self.ctx.require("cases.write")
        profile = check_profile(profile, (case.return_country or "").upper())
        data = self._load(case)
        if version is not None:
            data.version = version
        profile.record_text_languages(data.profile)  # (as stored until now)
        data.profile = profile
        self.store.save(case.id, case.reference, data)
        self.ctx.audit("change", case.reference, "skills profile")
        return profile

    def case_data(self, case) -> CaseOpportunities:
        """Profile, grid and choices with their version (for screens that edit them)."""
        return self._load(case)

    # -- suggestions --------------------------------------------------------------------
    def match(self, case, *, include_expired: bool = False,
              today: date | None = None) -> MatchResult:
        if not case.return_country:
            raise UserError(
                _("Case {reference} has no country of return yet; record it to see "
                  "opportunities.").format(reference=case.reference))
        profile = self._load(case).profile
        query = MatchQuery.for_case(case, profile, include_expired=include_expired, today=today)
        index = country_index(self.catalogue.repo, query.country)
        return rank(index, query)

    def suggest(self, case, *, include_expired: bool = False, offset: int = 0,
                limit: int = 50, today: date | None = None) -> SuggestionPage:
        """A page of the ranked suggestions for ``case`` (best first), each with its
        reasons. ``total`` counts them all; page on with ``offset``."""
        result = self.match(case, include_expired=include_expired, today=today)
        ranked = result.ranked(offset, limit)
        details = self.catalogue.repo.get_many([id_ for id_, _s, _r in ranked])
        chosen = {c.opportunity_id for c in self._load(case).chosen}
        items = [
            Suggestion(details[id_], score, reasons, id_ in chosen)
            for id_, score, reasons in ranked if id_ in details
        ]
        return SuggestionPage(result.total, offset, items, result.query.country,
                              result.query.region, include_expired)

    # -- chosen for the plan ------------------------------------------------------------
    def chosen(self, case) -> list[ChosenOpportunity]:
        return self._load(case).chosen

    def add_to_plan(self, case, opportunity_id: int, note: str = "") -> ChosenOpportunity:
        """Choose the opportunity for the case's plan (chosen again: its copy refreshed,
        ``note`` replacing its note when given). Beside the note, the language it was typed
        in (:func:`counsel_app.i18n.saved_language`): the counsellor's when new or changed,
        the one stored with it when kept."""
        self.ctx.require("cases.write")
        data = self._load(case)
        opportunity = self.catalogue.get(opportunity_id)
        snapshot = opportunity.as_plain()
        for item in data.chosen:
            if item.opportunity_id == opportunity_id:
                note = note or item.note  # (the language of a note kept is kept)
                item.text_language = saved_language(note, item.note, item.text_language)
                item.snapshot, item.note = snapshot, note
                self.store.save(case.id, case.reference, data)
                return item
        item = ChosenOpportunity(opportunity_id, snapshot, note, date.today().isoformat(),
                                 text_language=saved_language(note))
        data.chosen.append(item)
        self.store.save(case.id, case.reference, data)
        self.ctx.audit("change", case.reference, "opportunity chosen for the plan")
        return item

    def remove_from_plan(self, case, opportunity_id: int) -> None:
        self.ctx.require("cases.write")
        data = self._load(case)
        before = len(data.chosen)
        data.chosen = [c for c in data.chosen if c.opportunity_id != opportunity_id]
        if len(data.chosen) == before:
            raise NotFound(_("That opportunity is not in the plan of case {reference}.").format(
                reference=case.reference))
        self.store.save(case.id, case.reference, data)
        self.ctx.audit("change", case.reference, "opportunity removed from the plan")

    # -- feasibility grid ---------------------------------------------------------------
    def feasibility_grid(self, case) -> list[FeasibilityRow]:
        return self._load(case).grid

    def set_feasibility_grid(self, case, rows: list[FeasibilityRow]) -> None:
        """Store the session's feasibility grid, each line with the language its words were
        typed in (:func:`~counsel_app.opportunities.model.record_grid_languages`)."""
        self.ctx.require("cases.write")
        for number, row in enumerate(rows, start=1):
            if not (row.wish.strip() or row.realistic_option.strip()):
                from counsel_app.errors import ValidationError

                raise ValidationError(
                    _("Line {line} of the feasibility grid is empty: write the wish or the "
                      "realistic option, or remove the line.").format(line=number),
                    f"grid[{number - 1}]")
        data = self._load(case)
        # (as stored until now; a line made from a wish: the wish's)
        record_grid_languages(rows, data.grid, data.profile.wishes)
        data.grid = list(rows)
        self.store.save(case.id, case.reference, data)
        self.ctx.audit("change", case.reference, "feasibility grid")

    # -- for the plan document ----------------------------------------------------------
    def plan_data(self, case, lang: str | None = None) -> dict[str, Any]:
        """Plain data for the reintegration plan: the chosen opportunities (as copied
        when chosen, titles picked in ``lang``), the feasibility grid and the profile's
        wishes. Nothing here is an ORM object."""
        from counsel_app.opportunities.classifications import country_name, region_name
        from counsel_app.opportunities.model import _pick

        data = self._load(case)
        chosen = []
        for item in data.chosen:
            snap = dict(item.snapshot)
            snap["title"] = _pick(snap.get("titles") or {}, lang)
            snap["description"] = _pick(snap.get("descriptions") or {}, lang)
            snap["place"] = ", ".join(p for p in (
                snap.get("town", ""), region_name(snap.get("region", "")),
                country_name(snap.get("country", ""), lang)) if p)
            snap["note"] = item.note
            snap["chosen_on"] = item.chosen_on
            chosen.append(snap)
        return {
            "chosen_opportunities": chosen,
            "feasibility_grid": [r.to_data() for r in data.grid],
            "wishes": [w.text for w in data.profile.wishes if w.text],
            "any_sample": any(c.get("is_sample") for c in chosen),
        }
