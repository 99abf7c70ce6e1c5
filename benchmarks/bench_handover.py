"""Handover: export and import of one package between two stations (target < 200 ms each).

Two stations with their own SQLite databases in a temporary folder; a case with a plan,
screening, baseline scores and consents recorded through the consent area. *Export* is
everything ``counsel-app handover export`` does after sign-in (consent check, bundle,
seal, file, receipt, record, status). *Import* is everything ``handover import`` does
(parse, checks, signature, replay check, decrypt, case + records in one transaction, plan
copied to the plan editor). The baseline is the sealed container alone (seal + verify +
open of the same content, no database), measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import time_calls, time_each

TARGET_MS = 200.0


def _station(folder: Path, name: str):
    from counsel_app.handover.keys import KeyStore
    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    folder.mkdir(parents=True)
    db = Database(f"sqlite:///{folder / 'counsel.sqlite'}")
    migrate.upgrade(db)
    ctx = create_first_administrator(db, "admin", "benchmark password 2026")
    KeyStore(ctx).station(name=name)
    return ctx


def _trust(a, b, folder: Path) -> None:
    from counsel_app.handover.keys import KeyStore

    path = folder / f"key-{id(b)}.json"
    KeyStore(b).export_bundle(path)
    store = KeyStore(a)
    bundle = store.read_bundle(path)
    store.import_bundle(bundle, expected_fingerprint=bundle["fingerprint"])


def _case(ctx, office_fp: str):
    from datetime import date

    from counsel_app.consent.purposes import Method, Purpose
    from counsel_app.consent.rules import Choice, Circumstances
    from counsel_app.consent.service import record
    from counsel_app.domain.case import Case, Person, utcnow
    from counsel_app.domain.enums import CaseStatus, Decision, Sex
    from counsel_app.plan.model import Action, Assistance, Dimension, Goal, ReintegrationPlan
    from counsel_app.plan.store import PlanRepository
    from counsel_app.services.status import change_status
    from counsel_app.session.assessment import DEFAULT_CONFIG
    from counsel_app.session.decision import assess_element, record_decision, start_counselling
    from counsel_app.session.record import SessionRecord
    from counsel_app.session.store import SessionStore

    case = ctx.cases.create(Case(
        person=Person(name_latin="Benchmark Person", sex=Sex.FEMALE,
                      date_of_birth=date(1990, 1, 1), nationality="GN", languages=["fr"],
                      preferred_language="fr", phone="+224 600 00 00 00"),
        host_country="TN", return_country="GN", return_town="Kindia"))
    # the decision to return as the app records it: the three elements, then the service
    case = start_counselling(ctx, case)
    voluntary = SessionStore(ctx.db, ctx.vault.cipher).load(case.id, case.reference)
    for key in ("freedom_of_choice", "informed_decision", "legal_capacity"):
        assess_element(voluntary, key, True, "benchmark")
    case = record_decision(ctx, case, Decision.RETURN, counsellor="admin",
                           record=voluntary,
                           store=SessionStore(ctx.db, ctx.vault.cipher)).case
    record(ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, office_fp, "Office"),
        Choice(Purpose.SHARE_HEALTH_DATA, True), Choice(Purpose.FOLLOW_UP_CONTACT, True)],
        Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                      at=utcnow(), teach_back_done=True, teach_back_note="benchmark"))
    # the status guards want what the app has at each step: consents, then a saved plan
    case = change_status(ctx, case, CaseStatus.CONSENTED)
    session_record = SessionRecord(case.id, case.reference)
    session_record.screening.set_flag("health", True, "benchmark")
    for step in session_record.screening.required():  # done before the handover, as required
        session_record.screening.mark_step(step.key, True)
    from counsel_app.travel.model import Escort, Fitness, TravelRecord
    from counsel_app.travel.service import TravelService

    # fitness to travel and the escort decision are the travel record's (one fact each)
    TravelService(ctx).save(case, TravelRecord(fitness=Fitness("fit", date.today()),
                                               escort=Escort("none")))
    session_record.assessment.scores.update({i.key: 3 for i in DEFAULT_CONFIG.indicators})
    store = SessionStore(ctx.db, ctx.vault.cipher)
    store.save_part(session_record, "screening")
    store.save_part(session_record, "assessment")
    plan = ReintegrationPlan(
        reference=case.reference, summary={Dimension.ECONOMIC: "Workshop " * 40},
        assistance=[Assistance("micro_business", "tailoring"), Assistance("medical", "care")],
        goals=[Goal(f"Goal {g}", Dimension.ECONOMIC,
                    [Action("returnee", f"Action {g}.{a} " * 5) for a in range(5)])
               for g in range(4)])
    PlanRepository(ctx.db, ctx.vault.cipher).save(plan)
    return change_status(ctx, case, CaseStatus.PLAN_READY)


def run(report) -> None:
    from counsel_app.handover import container
    from counsel_app.handover.keys import KeyStore
    from counsel_app.handover.package import export_handover, import_package

    area = "handover"
    work = Path(tempfile.mkdtemp(prefix="bench-handover-"))
    old_data = os.environ.get("COUNSEL_APP_DATA_DIR")
    os.environ["COUNSEL_APP_DATA_DIR"] = str(work / "userdata")
    try:
        sender = _station(work / "sender", "Sending office")
        office = _station(work / "office", "Receiving office")
        _trust(sender, office, work)
        _trust(office, sender, work)
        office_fp = KeyStore(office).station().fingerprint
        case = _case(sender, office_fp)

        counter = iter(range(10_000))

        def export_one(receipt_pdf: bool = False) -> Path:
            path = work / f"p{next(counter)}.cahp"
            export_handover(sender, case.reference, office_fp, path, receipt_pdf=receipt_pdf)
            return path

        exported = time_calls(export_one, repeat=20, warmup=2)
        with_pdf = time_calls(lambda: export_one(True), repeat=10, warmup=2)
        # one case per imported package: a second package for a case already received is
        # refused (duplicate_case), so each import times a real, accepted import
        def export_case(n: int) -> Path:
            other = _case(sender, office_fp)
            path = work / f"c{n}.cahp"
            export_handover(sender, other.reference, office_fp, path, receipt_pdf=False)
            return path

        packages = [export_case(n) for n in range(23)]
        size_kb = packages[0].stat().st_size / 1024
        for path in packages[:3]:  # warm-up (each package can be imported only once)
            import_package(office, path)
        imported = time_each(lambda p: import_package(office, p), packages[3:], warmup=0)

        # baseline: the container alone, same content size
        me = KeyStore(sender).station()
        payload = os.urandom(int(size_kb * 1024))

        def seal_open() -> None:
            sealed = container.seal(
                kind="handover", package_id="0" * 32, created="2026-01-01T00:00:00+00:00",
                sender_fingerprint=me.fingerprint, recipient_fingerprint=office_fp,
                recipient_x25519=KeyStore(office).station().x25519_public,
                signing_key=me.signing_key, plaintext=payload)
            parsed = container.parse(sealed)
            container.verify(parsed, me.ed25519_public)

        base = time_calls(seal_open, repeat=50, warmup=5)
        report.add(area, f"export one package ({size_kb:.1f} KB)", median_ms=exported.median,
                   p95_ms=exported.p95, baseline="seal+verify only", baseline_ms=base.median,
                   target=f"< {TARGET_MS:.0f} ms", met=exported.median < TARGET_MS)
        report.add(area, "export one package + printed receipt (PDF)",
                   median_ms=with_pdf.median, p95_ms=with_pdf.p95,
                   baseline="export without the PDF", baseline_ms=exported.median)
        report.add(area, "import one package", median_ms=imported.median, p95_ms=imported.p95,
                   baseline="seal+verify only", baseline_ms=base.median,
                   target=f"< {TARGET_MS:.0f} ms", met=imported.median < TARGET_MS)
        sender.db.dispose()
        office.db.dispose()
    finally:
        if old_data is None:
            os.environ.pop("COUNSEL_APP_DATA_DIR", None)
        else:
            os.environ["COUNSEL_APP_DATA_DIR"] = old_data
        shutil.rmtree(work, ignore_errors=True)
