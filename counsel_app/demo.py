"""The headless demo: a clearly marked sample case carried as far as the app can go.

Used by ``counsel-app demo --out DIR`` and by ``counsel-app`` on a machine without a
display. Each part of the app that produces documents lists a step in the manifest
(:func:`counsel_app.areas.demo_steps`), which fills :data:`DEMO_STEPS`; a step receives the
context, the case and the output folder and returns the files it wrote.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from counsel_app.context import AppContext, credentials_from_environment, open_database, unlock
from counsel_app.domain.case import Case, HouseholdMember, Interpreter, Person
from counsel_app.domain.enums import CaseStatus, ReasonCategory, Relation, Sex
from counsel_app.i18n import _
from counsel_app.plugins import CORE, require_loaded

DemoStep = Callable[[AppContext, Case, Path], list[Path]]

#: The demo steps, in order (filled by :func:`counsel_app.areas.load`).
DEMO_STEPS: list[DemoStep] = []


@dataclass
class DemoResult:
    reference: str
    database: str
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    created_password: str | None = None
    status: CaseStatus = CaseStatus.DRAFT

    def report_lines(self) -> list[str]:
        lines = []
        if self.created_password:
            lines.append(
                _("Set up a new database with the administrator “admin”, password: {password} "
                  "(write it down; it cannot be recovered).").format(password=self.created_password)
            )
        lines.append(
            _("Sample case {reference} (status: {status}) is in the database {db}.").format(
                reference=self.reference, status=_(self.status.label), db=self.database
            )
        )
        lines.append(_("Documents are in {folder}:").format(folder=self.out_dir.resolve()))
        lines.extend(f"  {path.name}" for path in self.files)
        return lines


def sample_case() -> Case:
    """A fictional person, marked as sample everywhere it appears."""
    return Case(
        is_sample=True,
        person=Person(
            name_native="Aïssatou Barry",
            name_latin="Aissatou Barry",
            sex=Sex.FEMALE,
            date_of_birth=date(1996, 4, 12),
            nationality="GN",
            languages=["fr", "ff"],
            preferred_language="fr",
            phone="+216 20 000 000",
        ),
        household=[HouseholdMember(Relation.CHILD, "Mamadou", 4, True)],
        counsellor="admin",
        interpreter=Interpreter(language="ff", name_or_id="INT-07"),
        host_country="TN",
        return_country="GN",
        return_region="GN-C",
        return_town="Conakry",
        reason=ReasonCategory.STRANDED_IN_TRANSIT,
    )


def run_demo(db_url: str | None, out_dir: Path) -> DemoResult:
    require_loaded(CORE, "the demo steps")
    db = open_database(db_url)
    created_password = None
    from counsel_app.security.accounts import needs_first_administrator

    if needs_first_administrator(db):
        password = os.environ.get("COUNSEL_APP_PASSWORD") or secrets.token_urlsafe(12)
        if "COUNSEL_APP_PASSWORD" not in os.environ:
            created_password = password
        ctx = _initialise_demo_database(db, password)
    else:
        user, password = credentials_from_environment()
        ctx = unlock(db, user, password)

    # the case goes through the same services and rules as in the app: each step below
    # records what a counsellor records (session, consent, plan, handover)
    case = ctx.cases.create(sample_case())

    out_dir.mkdir(parents=True, exist_ok=True)
    result = DemoResult(case.reference, db.url, out_dir, created_password=created_password)
    for step in DEMO_STEPS:
        result.files.extend(step(ctx, case, out_dir))
        case = ctx.cases.get(case.id)
    result.status = case.status
    return result


def _initialise_demo_database(db, password: str) -> AppContext:
    """First run: set up the database with an administrator."""
    from counsel_app.security.accounts import create_first_administrator

    from counsel_app.security.accounts import set_profile

    ctx = create_first_administrator(db, "admin", password)
    # the name the sample's prints carry (a fictional counsellor; every page says SAMPLE)
    set_profile(ctx, "admin", "Leïla Ben Salah", "+216 71 000 001")
    return ctx
