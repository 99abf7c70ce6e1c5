"""Screenshots of the office workspace: ``python -m counsel_app.ui.office.screenshots
OUTDIR [--lang fr]`` (needs a display: ``xvfb-run -a``).

Two throwaway stations in a temporary folder, sample data only (marked SAMPLE): a host
station prepares the sample case through the demo's steps and hands it over to a sample
office, which imports it, records the arrival, a full home visit, a partial phone call,
an action's outcome and the plan refinement, the way a caseworker does (through the
services). The office workspace is then shot on the visits and on the progress.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

SIZE = (1280, 800)


def _office_case(tmp: Path):
    from counsel_app.consent.demo import record_sample_consent
    from counsel_app.demo import sample_case
    from counsel_app.followup.service import FollowupService
    from counsel_app.handover.demo import _sample_office, _trust
    from counsel_app.handover.package import export_handover, import_package
    from counsel_app.plan.demo import write_sample_plan
    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.session.demo import counsel_sample_session
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from counsel_app.travel.demo import departure_day, prepare_sample_travel

    db = Database(f"sqlite:///{tmp / 'host.sqlite'}")
    migrate.upgrade(db)
    host = create_first_administrator(db, "admin", "screenshots only 2026")
    case = host.cases.create(sample_case())
    for step in (counsel_sample_session, record_sample_consent, write_sample_plan,
                 prepare_sample_travel):
        step(host, case, tmp)
        case = host.cases.get(case.id)
    office_folder = tmp / "office"
    office_folder.mkdir()
    office = _sample_office(office_folder)
    office_fp = _trust(host, office, tmp)
    _trust(office, host, tmp)
    package = tmp / "handover.cahp"
    export_handover(host, case.reference, office_fp, package, receipt_pdf=False)
    local = import_package(office, package).local_reference
    follow = FollowupService(office)
    arrival = departure_day()
    follow.record_arrival(local, arrival, True)
    follow.refine_plan(local, [], on=arrival + timedelta(days=5))
    full = {"income": 2, "work": 2, "debt": 3, "food": 3, "economic_satisfaction": 2,
            "housing": 3, "education": 3, "justice": 3, "health": 4, "documents": 4,
            "networks": 4, "participation": 3, "belonging": 4, "safety": 4, "wellbeing": 3}
    follow.record_visit(local, full, arrival + timedelta(days=8), "home",
                        "the person and her son (SAMPLE)", "workshop space found (SAMPLE)")
    follow.record_visit(local, {"income": 3, "food": 3, "wellbeing": 4}, date.today(),
                        "phone")
    actions = follow.summary(local).actions
    if actions:
        follow.set_action(local, actions[0].key, "done", "", date.today(),
                          "machine delivered (SAMPLE)")
    return office, local


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counsel_app.ui.office.screenshots")
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="counsel-office-shots-"))
    os.environ["COUNSEL_APP_DATA_DIR"] = str(tmp)
    os.environ["COUNSEL_APP_FAST_KDF"] = "1"
    args.out.mkdir(parents=True, exist_ok=True)

    from counsel_app import areas
    from counsel_app.ui import tasks
    from counsel_app.ui.app import apply_language, make_application

    areas.load()
    areas.load_screens()
    app = make_application()
    tasks.set_pool(tasks.SynchronousPool())
    apply_language(args.lang)
    office, local = _office_case(tmp)

    from counsel_app.ui.main_window import MainWindow

    suffix = "" if args.lang == "en" else f"-{args.lang}"
    window = MainWindow(office)
    window.resize(*SIZE)
    window.show()
    window.show_office(local)
    view = window.office.view
    shots = []
    for index, name in ((1, "30-office-visits"), (4, "31-office-progress"),
                        (0, "32-office-arrival-plan")):
        view.tabs.setCurrentIndex(index)
        if index == 1:
            view.visit_list.tree.expandItem(view.visit_list.tree.topLevelItem(1))
        for _ in range(5):
            app.processEvents()
        path = args.out / f"{name}{suffix}.png"
        window.grab().save(str(path), "PNG")
        shots.append(path)
    window.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
