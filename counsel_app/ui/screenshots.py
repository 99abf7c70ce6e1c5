"""Take a screenshot of each screen of the real app: ``python -m counsel_app.ui.screenshots
OUTDIR [--lang ar]``.

Runs on a throwaway database (sample cases only, marked SAMPLE) in a temporary data folder;
needs a display (``xvfb-run -a python -m counsel_app.ui.screenshots docs/screenshots``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)  # the laptop screens counsellors use (issue 22)


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _populate(ctx):
    from counsel_app.demo import sample_case
    from counsel_app.domain.case import Case, Person
    from counsel_app.domain.enums import Sex
    from counsel_app.opportunities.service import OpportunityCatalogue

    OpportunityCatalogue(ctx.db, ctx.user).import_sample_set()
    others = [("Karim Haddad", "كريم حداد", "IQ", Sex.MALE), ("Olena Kovalenko", "Олена Коваленко",
              "UA", Sex.FEMALE), ("Tesfaye Bekele", "ተስፋዬ በቀለ", "ET", Sex.MALE),
              ("Ahmad Rahimi", "احمد رحیمی", "AF", Sex.MALE), ("Awa Ndiaye", "", "SN", Sex.FEMALE)]
    for latin, native, country, sex in others:
        ctx.cases.create(Case(person=Person(name_latin=latin, name_native=native, sex=sex),
                              return_country=country, is_sample=True, counsellor=ctx.user))
    return ctx.cases.create(sample_case())


def _fill_session(ctx, case):
    from counsel_app.session.store import SessionStore

    store = SessionStore(ctx.db, ctx.vault.cipher)
    rec = store.load(case.id, case.reference)
    rec.screening.set_flag("single_parent", True, "travels with her son (4)")
    rec.screening.set_flag("health", True, "asthma; needs inhaler")
    # fitness to travel is the travel record's medical clearance (the Departure step)
    from datetime import date

    from counsel_app.travel.service import TravelService

    travel = TravelService(ctx)
    record = travel.record(case)
    record.fitness.clearance, record.fitness.assessed_on = "fit", date.today()
    travel.save(case, record)
    for topic in ("return_process", "voluntariness", "travel_documents", "health_care"):
        rec.information.cover(topic, True)
    for key, score in {"income": 1, "work": 2, "food": 3, "housing": 2, "health": 3,
                       "networks": 4, "safety": 3}.items():
        rec.assessment.scores[key] = score
    rec.assessment.skills = "Hairdresser for 5 years; reads French; sewing"
    rec.assessment.needs = "Start-up kit for a salon; school for her son"
    for key in rec.voluntariness.elements:
        rec.voluntariness.elements[key].holds = True
        rec.voluntariness.elements[key].note = "Checked with the interpreter, in Pular"
    for part in ("screening", "information", "assessment", "voluntariness"):
        store.save_part(rec, part)
    _fill_plan(ctx, case)


def _fill_plan(ctx, case):
    from decimal import Decimal

    from counsel_app.plan.samples import sample_plan
    from counsel_app.plan.service import PlanService

    service = PlanService(ctx)
    service.set_ceiling("GNF", Decimal("15000000"))
    plan = sample_plan(case.reference, "fr")
    service.save(plan, typed_in=plan.text_language)  # the sample's words are in it


def _plan_tabs(wizard, grab, number: int) -> None:
    """Extra shots of the plan step: the budget, the goals and the print preview."""
    step = wizard.widgets["plan"]
    step.tabs.setCurrentIndex(1)
    grab(wizard.window(), f"{number:02d}-step-plan-budget")
    step.tabs.setCurrentIndex(5)
    grab(wizard.window(), f"{number:02d}-step-plan-goals")
    step.tabs.setCurrentWidget(step.printing)
    panel = step.printing
    panel.lang.setCurrentIndex(max(panel.lang.findData("ar"), 0))
    panel.show_preview()
    grab(wizard.window(), f"{number:02d}-step-plan-print")
    step.tabs.setCurrentIndex(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counsel_app.ui.screenshots")
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="counsel-shots-"))
    os.environ["COUNSEL_APP_DATA_DIR"] = str(tmp)
    os.environ["COUNSEL_APP_FAST_KDF"] = "1"
    args.out.mkdir(parents=True, exist_ok=True)

    from counsel_app import areas
    from counsel_app.security.accounts import create_first_administrator
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from counsel_app.ui import tasks
    from counsel_app.ui.app import apply_language, make_application

    areas.load()  # this tool is an entry point of its own
    areas.load_screens()
    app = make_application()
    tasks.set_pool(tasks.SynchronousPool())  # deterministic: every screen fully loaded
    apply_language(args.lang)
    db = Database(f"sqlite:///{tmp / 'shots.sqlite'}")
    migrate.upgrade(db)
    ctx = create_first_administrator(db, "admin", "screenshots only 2026")
    case = _populate(ctx)
    _fill_session(ctx, case)

    from counsel_app.ui.main_window import MainWindow

    suffix = "" if args.lang == "en" else f"-{args.lang}"
    shots: list[Path] = []

    def grab(widget, name: str) -> None:
        _settle(app)
        path = args.out / f"{name}{suffix}.png"
        widget.grab().save(str(path), "PNG")
        shots.append(path)

    login = MainWindow(None)  # how the app opens: the main window on its sign-in page
    login.sign_in_page.set_database(db, first_run=False)
    login.sign_in_page.user.setText("admin")
    login.resize(*SIZE)
    login.show()
    grab(login, "00-login")
    login.close()

    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    grab(window, "01-case-list")
    window.case_list.search.setText("Gui")
    window.case_list.apply_filter()
    grab(window, "02-case-list-search")
    window.case_list.search.clear()
    window.open_case(case.id)
    wizard = window.wizard
    for number, spec in enumerate(wizard.specs, start=1):
        wizard.go_to(spec.key)
        if spec.key == "information":
            widget = wizard.widgets["information"]
            widget.search.setText("health")
            widget._search_now()
            if widget.items.count():
                widget.items.setCurrentRow(0)
        if spec.key == "opportunities":
            widget = wizard.widgets["opportunities"]
            if widget.list.count():
                widget.list.setCurrentRow(0)
        if spec.key == "decision":
            wizard.widgets["decision"].decision_buttons["return"].setChecked(True)
            wizard.widgets["decision"]._update_blockers()
        if spec.key == "plan" and "plan" in wizard.widgets and hasattr(
                wizard.widgets["plan"], "printing"):
            _plan_tabs(wizard, grab, number + 2)
        grab(window, f"{number + 2:02d}-step-{spec.key}")
    from counsel_app.ui.dialogs import AboutDialog
    from counsel_app.ui.settings_dialog import SettingsDialog

    settings = SettingsDialog(window.prefs, window, ctx)
    settings.show()
    grab(settings, "20-settings")
    settings.close()
    about = AboutDialog(window)
    about.show()
    grab(about, "21-about")
    about.close()
    from counsel_app.ui.programme_figures import ProgrammeFiguresDialog
    from counsel_app.ui.projects_dialog import ProjectsDialog

    figures = ProgrammeFiguresDialog(ctx, window)
    figures.show()
    grab(figures, "22-programme-figures")
    figures.close()
    projects = ProjectsDialog(ctx, window)
    projects.show()
    grab(projects, "23-community-projects")
    projects.close()
    window.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
