"""The handover step of the headless demo: the whole loop with a sample receiving office.

A throwaway *sample office* station (its own database in a temporary folder, deleted at
the end) trusts this station and is trusted by it under the name the sample consent uses.
The sample case is sealed for it (package and receipt written to the demo folder), imported
there; the office confirms the reception asked for and acknowledges; the person departs
(the pre-departure checklist complete); the office records the arrival and one follow-up
visit and acknowledges again, so the sample case ends in *follow-up* with the office's
scores. The sample
office's key is then revoked here, so it is never offered for a real case.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from counsel_app.domain.enums import CaseStatus

log = logging.getLogger(__name__)

#: the office named by the sample consent (counsel_app.consent.demo)
SAMPLE_OFFICE_NAME = "Sample office in the country of return (SAMPLE)"


def _sample_office(folder: Path):
    from counsel_app.handover.keys import KeyStore
    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    db = Database(f"sqlite:///{folder / 'sample-office.sqlite'}")
    migrate.upgrade(db)
    ctx = create_first_administrator(db, "admin", secrets.token_urlsafe(16))
    KeyStore(ctx).station(name=SAMPLE_OFFICE_NAME)
    return ctx


def _trust(a, b, folder: Path, role: str = "office") -> str:
    from counsel_app.handover.keys import KeyStore

    path = folder / f"key-{secrets.token_hex(4)}.json"
    KeyStore(b).export_bundle(path)
    store = KeyStore(a)
    bundle = store.read_bundle(path)
    return store.import_bundle(bundle, role=role, expected_fingerprint=bundle["fingerprint"]
                               ).fingerprint


def handover_sample_case(ctx, case, out_dir: Path) -> list[Path]:
    from counsel_app.followup.service import FollowupService
    from counsel_app.handover.ack import export_ack
    from counsel_app.handover.keys import KeyStore
    from counsel_app.handover.package import export_handover, import_package
    from counsel_app.session.assessment import DEFAULT_CONFIG

    if case.status is not CaseStatus.PLAN_READY or not ctx.allows("settings.manage"):
        return []
    work = Path(tempfile.mkdtemp(prefix="counsel-demo-office-"))
    office = None
    try:
        office = _sample_office(work)
        me = KeyStore(ctx).station()
        if not me.name:
            KeyStore(ctx).set_station_name("Demo counselling station (SAMPLE)")
        office_fp = _trust(ctx, office, work)
        _trust(office, ctx, work)
        package = out_dir / f"{case.reference}-handover-SAMPLE.cahp"
        result = export_handover(ctx, case.reference, office_fp, package)
        received = import_package(office, package)
        files = [package, result.receipt_path,
                 *([result.receipt_pdf_path] if result.receipt_pdf_path else [])]
        arrival = date.today() - timedelta(days=14)
        if received.content.get("data", {}).get("travel"):
            from counsel_app.travel.demo import departure_day
            from counsel_app.travel.service import TravelService

            TravelService(office).answer_reception(
                received.local_reference, "confirmed", contact_name="Office staff (SAMPLE)",
                contact_phone="+224 620 00 00 00")
            confirmation = out_dir / f"{case.reference}-reception-confirmed-SAMPLE.cahp"
            export_ack(office, received.local_reference, confirmation)
            import_package(ctx, confirmation)
            TravelService(ctx).depart(case.reference, departure_day())
            files.append(confirmation)
            from counsel_app.handover.ack import receipt_path

            files.append(receipt_path(confirmation))
            arrival = departure_day()
        follow = FollowupService(office)
        follow.record_arrival(received.local_reference, arrival, True)
        follow.record_visit(received.local_reference,
                            {i.key: 3 for i in DEFAULT_CONFIG.indicators}, date.today())
        ack = out_dir / f"{case.reference}-acknowledgement-SAMPLE.cahp"
        export_ack(office, received.local_reference, ack)
        import_package(ctx, ack)
        # the sample office's private key is thrown away with its folder: revoke its key
        # here so it is never offered for a real case
        KeyStore(ctx).revoke(office_fp, "sample office of the demo")
        from counsel_app.handover.ack import receipt_path

        return [*files, ack, receipt_path(ack)]
    finally:
        if office is not None:
            office.db.dispose()
        shutil.rmtree(work, ignore_errors=True)
